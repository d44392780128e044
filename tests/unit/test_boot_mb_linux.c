/* SPDX-License-Identifier: MIT */
/* Host tests of the boot parsers: Multiboot 1 info and Linux boot_params. */
#include "tests/unit/boot_fixture.h"

static void mb_ent(uint64_t pa, uint32_t size, uint64_t base, uint64_t len,
                   uint32_t type)
{
    put(pa, size, 4);
    put(pa + 4, base, 8);
    put(pa + 12, len, 8);
    put(pa + 20, type, 4);
}

/* QEMU's Multiboot info: at 0x9500, flags 0x24f. */
static void mb_info(uint64_t pa, uint32_t flags)
{
    put(pa, flags, 4);
    put(pa + 4, 639, 4);
    put(pa + 8, 0x1fb80, 4);
    put(pa + 16, 0x9800, 4);
    puts_at(0x9800, "skiff-mb.elf hello  world");
    put(pa + 20, 1, 4);
    put(pa + 24, 0x9700, 4);
    put(0x9700, 0x40000, 4);
    put(0x9704, 0x40800, 4);
    put(pa + 44, 24 + 24 + 28, 4);
    put(pa + 48, 0x9600, 4);
    mb_ent(0x9600, 20, 0x100000, 0x7ee0000, RAM);
    mb_ent(0x9618, 20, 0, 0x9fc00, RAM);
    mb_ent(0x9630, 24, 0x9fc00, 0x400, RES); /* longer: 4 bytes skipped */
    put(pa + 64, 0x9900, 4);
    puts_at(0x9900, "qemu");
}

static void test_multiboot(void **state)
{
    (void)state;
    mb_info(0x9500, 0x24f);
    MB_OK(0x9500);
    assert_string_equal(dg.msg, "");
    assert_int_equal(bi.proto, BOOT_PROTO_MULTIBOOT);
    assert_string_equal(bi.cmdline, "hello  world");
    assert_string_equal(bi.loader, "qemu");
    assert_int_equal(bi.initrd_base, 0x40000);
    assert_int_equal(bi.initrd_size, 0x800);
    assert_int_equal(bi.nmem, 3);
    expect_mem(1, 0x9fc00, 0x400, RES);
    assert_int_equal(bi.hints, 0);

    /* Without bit 6 the map comes from mem_lower/mem_upper. */
    mb_info(0x9500, 0x5);
    puts_at(0x9800, "skiff-mb.elf");
    MB_OK(0x9500);
    assert_string_equal(bi.cmdline, "");
    assert_string_equal(bi.loader, "");
    assert_int_equal(bi.nmem, 2);
    expect_mem(0, 0, 639 * 1024, RAM);
    expect_mem(1, 0x100000, 0x1fb80ull * 1024, RAM);
}

/* GRUB 2 leaves the image path out of the command line and re-quotes the
 * words (seen booting an ISO: tests/skiff/iso.sh); QEMU and GRUB Legacy put
 * the path first. */
static void test_multiboot_loaders(void **state)
{
    (void)state;
    static const char grub2_line[] = "\"a b\" it\\'s -- x";
    static const struct {
        const char *loader, *line, *want;
    } cases[] = {
        {"GRUB 2.06-13+deb12u2", grub2_line, grub2_line},
        {"GRUB 2.12", "hello  world", "hello  world"},
        {"GRUB 1.99", "-- x", "-- x"},
        {"GRUB 2.06", "", ""},
        {"GNU GRUB 0.97", "/boot/skiff-mb.elf a b", "a b"},
        {"GRUB 0.97", "/boot/skiff-mb.elf a b", "a b"},
        {"GRUB", "skiff-mb.elf a", "a"},
        {"GRUBBY 2", "skiff-mb.elf a", "a"},
        {"qemu", "skiff-mb.elf  a b", "a b"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        mb_info(0x9500, 0x24f);
        puts_at(0x9800, cases[i].line);
        puts_at(0x9900, cases[i].loader);
        MB_OK(0x9500);
        assert_string_equal(bi.loader, cases[i].loader);
        assert_string_equal(bi.cmdline, cases[i].want);
    }
    /* No boot_loader_name (flags bit 9 clear): the path is removed. */
    mb_info(0x9500, 0x4f);
    puts_at(0x9900, "GRUB 2.06");
    MB_OK(0x9500);
    assert_string_equal(bi.cmdline, "hello  world");
}

static void test_multiboot_errors(void **state)
{
    (void)state;
    mb_info(0x9500, 0x24f);
    MB_ERR(0, 0x9500, "multiboot: magic 0x0");
    put(0x9500, 0x4, 4);
    MB_ERR(MB_MAGIC, 0x9500, "flags 0x4");
    put(0x9500, 0x24f, 4);
    put(0x9618, 4, 4);
    MB_ERR(MB_MAGIC, 0x9500, "mmap entry 1 size 4 < 20");
    put(0x9618, 0xffffffff, 4);
    MB_ERR(MB_MAGIC, 0x9500,
           "mmap entry 1 size 4294967295 runs past mmap_length 76");
    put(0x952c, 0xffffffff, 4);
    MB_ERR(MB_MAGIC, 0x9500, "mmap_addr 0x9600 mmap_length 4294967295 outside");
    MB_ERR(MB_MAGIC, MEMSZ - 40, "multiboot: info 0xfffd8 outside");

    mb_info(0x9500, 0x24f);
    put(0x9510, MEMSZ + 1, 4);
    put(0x9540, MEMSZ - 2, 4);
    memcpy(mem + MEMSZ - 2, "qe", 2);
    put(0x9704, 0x30000, 4); /* mod_end < mod_start */
    MB_OK(0x9500);
    HAS("boot_loader_name 0xffffe not NUL-terminated");
    assert_string_equal(bi.loader, "");
    assert_string_equal(bi.cmdline, "");
    assert_int_equal(bi.initrd_size, 0);
    put(0x9540, 0x9900, 4);
    MB_OK(0x9500);
    HAS("multiboot: cmdline 0x100001 outside");
    put(0x9510, 0x9800, 4);
    MB_OK(0x9500);
    HAS("module 0 mod_start 0x40000 mod_end 0x30000");
}

/* Firecracker's zero page; (base) is the window start. */
static void zero_page(uint64_t bp, uint64_t base)
{
    put(bp + 0x070, 0xE0000, 8);
    put(bp + 0x1e8, 3, 1);
    put(bp + 0x1fe, 0xAA55, 2);
    put(bp + 0x202, 0x53726448, 4);
    put(bp + 0x210, 0xff, 1);
    put(bp + 0x218, (uint32_t)(base + 0x30000), 4);
    put(bp + 0x21c, 0x2000, 4);
    put(bp + 0x228, (uint32_t)(base + 0x20000), 4);
    put(bp + 0x238, 14, 4);
    put(bp + 0x0c0, base >> 32, 4);
    put(bp + 0x0c8, base >> 32, 4);
    puts_at(base + 0x20000, "console=ttyS0");
    ent(bp + 0x2d0, 20, 0, 0x100000, 0xbff00000, RAM);
    ent(bp + 0x2d0, 20, 1, 0, 0x9fc00, RAM);
    ent(bp + 0x2d0, 20, 2, 0x9fc00, 0xe0000 - 0x9fc00, RES);
}

static void test_linux(void **state)
{
    (void)state;
    zero_page(0x7000, 0);
    LX_OK(0x7000);
    assert_string_equal(dg.msg, "");
    assert_int_equal(bi.proto, BOOT_PROTO_LINUX);
    assert_int_equal(bi.hints, BOOTINFO_HINT_FIRECRACKER);
    assert_string_equal(bi.cmdline, "console=ttyS0");
    assert_int_equal(bi.rsdp, 0xE0000);
    assert_int_equal(bi.initrd_base, 0x30000);
    assert_int_equal(bi.initrd_size, 0x2000);
    assert_int_equal(bi.nmem, 3);
    expect_mem(2, 0x100000, 0xbff00000, RAM);
    assert_int_equal(bi.info_addr, 0x7000);

    put(0x7238, 7, 4); /* cmdline_size bounds the read */
    put(0x7210, 0, 1);
    LX_OK(0x7000);
    assert_string_equal(bi.cmdline, "console");
    assert_int_equal(bi.hints, 0);
}

/* Pointers above 4 GiB through the ext_* high halves. */
static void test_linux_ext(void **state)
{
    (void)state;
    const uint64_t base = 0x100000000ull;
    free(mem);
    assert_int_equal(setup_at(base, 0x40000), 0);
    zero_page(base + 0x7000, base);
    LX_OK(base + 0x7000);
    assert_string_equal(bi.cmdline, "console=ttyS0");
    assert_int_equal(bi.initrd_base, base + 0x30000);
    /* A nonzero sentinel voids the ext_* fields, as in Linux. */
    put(base + 0x71ef, 0xff, 1);
    LX_OK(base + 0x7000);
    assert_string_equal(bi.cmdline, "");
    assert_int_equal(bi.initrd_size, 0);
    HAS("linux: cmd_line_ptr 0x20000 outside");
}

static void test_linux_errors(void **state)
{
    (void)state;
    zero_page(0x7000, 0);
    put(0x7202, 0, 4);
    LX_ERR(0x7000, "linux: header 0x0 != 0x53726448");
    put(0x7202, 0x53726448, 4);
    put(0x71fe, 0, 2);
    LX_ERR(0x7000, "linux: boot_flag 0x0");
    put(0x71fe, 0xAA55, 2);
    put(0x71e8, 200, 1);
    LX_ERR(0x7000, "e820_entries 200");
    put(0x71e8, 0, 1);
    LX_ERR(0x7000, "e820_entries 0");
    LX_ERR(MEMSZ - 4000, "linux: boot_params 0xff060 outside");
    put(0x71e8, 3, 1);
    put(0x721c, 0x7fffffff, 4);
    LX_OK(0x7000);
    HAS("ramdisk_image 0x30000 ramdisk_size 0x7fffffff outside");
    assert_int_equal(bi.initrd_size, 0);
}

static void test_misc(void **state)
{
    (void)state;
    assert_string_equal(bootinfo_proto_name(BOOT_PROTO_MULTIBOOT), "multiboot");
    assert_string_equal(bootinfo_proto_name(BOOT_PROTO_LINUX), "linux");
    assert_string_equal(bootinfo_proto_name(BOOT_PROTO_NONE), "none");
    /* The MMIO hint wants the parameter at the start of a word. */
    pvh_info(0x1000, 0x2000, 1, 0x3000, 0, 0);
    ent(0x2000, 24, 0, 0, 0x9fc00, RAM);
    puts_at(0x3000, "xvirtio_mmio.device=1");
    PVH_OK(0x1000);
    assert_int_equal(bi.hints, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_multiboot), T(test_multiboot_loaders), T(test_multiboot_errors),
        T(test_linux),     T(test_linux_ext),         T(test_linux_errors),
        T(test_misc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
