/* SPDX-License-Identifier: MIT */
/* Host tests of the boot parsers: PVH start_info and the memory-map normaliser.
 */
#include "tests/unit/boot_fixture.h"

static void test_pvh_qemu_pc(void **state)
{
    (void)state;
    const uint64_t m = 0x5A8, top = 0x7fe0000;
    pvh_info(0x21E0, m, 6, 0x11C0, 0, 0xF59C0);
    ent(m, 24, 0, 0, 0x9fc00, RAM);
    ent(m, 24, 1, 0x9fc00, 0x400, RES);
    ent(m, 24, 2, 0xf0000, 0x10000, RES);
    ent(m, 24, 3, 0x100000, top - 0x100000, RAM);
    ent(m, 24, 4, 0xfeffc000, 0x4000, RES);
    ent(m, 24, 5, 0xfffc0000, 0x40000, RES);
    puts_at(0x11C0, "console=ttyS0 hello");
    PVH_OK(0x21E0);
    assert_string_equal(dg.msg, "");
    assert_int_equal(bi.proto, BOOT_PROTO_PVH);
    assert_string_equal(bootinfo_proto_name(bi.proto), "pvh");
    assert_int_equal(bi.hints, 0);
    assert_int_equal(bi.nmem, 6);
    expect_mem(3, 0x100000, top - 0x100000, RAM);
    assert_string_equal(bi.cmdline, "console=ttyS0 hello");
    assert_int_equal(bi.rsdp, 0xF59C0);
    assert_int_equal(bi.info_addr, 0x21E0);
    assert_int_equal(bi.initrd_size, 0);
    assert_int_equal(bootinfo_ram_total(&bi), 0x9fc00 + top - 0x100000);
}

/* Firecracker: RAM above 4 GiB listed before RAM at 1 MiB, rsdp 0. */
static void test_pvh_firecracker(void **state)
{
    (void)state;
    const uint64_t m = 0x7000;
    pvh_info(0x6000, m, 5, 0x20000, 0x6040, 0);
    put(0x6040, 0x30000, 8);
    put(0x6048, 0x1000, 8);
    ent(m, 24, 0, 0, 0x9fc00, RAM);
    ent(m, 24, 1, 0x9fc00, 0xe0000 - 0x9fc00, RES);
    ent(m, 24, 2, 0xeec00000, 0x10000000, RES);
    ent(m, 24, 3, 0x100000000ull, 0x40000000, RAM);
    ent(m, 24, 4, 0x100000, 0xc0000000 - 0x100000, RAM);
    puts_at(0x20000, "console=ttyS0 virtio_mmio.device=4K@0xc0001000:5");
    PVH_OK(0x6000);
    assert_int_equal(bi.hints,
                     BOOTINFO_HINT_FIRECRACKER | BOOTINFO_HINT_MMIO_CMDLINE);
    assert_int_equal(bi.rsdp, 0);
    assert_int_equal(bi.initrd_base, 0x30000);
    assert_int_equal(bi.initrd_size, 0x1000);
    assert_int_equal(bi.nmem, 5);
    expect_mem(2, 0x100000, 0xc0000000 - 0x100000, RAM);
    expect_mem(4, 0x100000000ull, 0x40000000, RAM);
}

/* qboot on microvm: unsorted, plus a counted all-zero entry. */
static void test_pvh_qboot_trailing_zero(void **state)
{
    (void)state;
    const uint64_t m = 0xF3300;
    pvh_info(0xF31E0, m, 7, 0xEF000, 0, 0);
    ent(m, 24, 0, 0x100000, 0x7f00000, RAM);
    ent(m, 24, 1, 0xfeffc000, 0x4000, RES);
    ent(m, 24, 2, 0xf0000, 0x10000, RES);
    ent(m, 24, 3, 0xd0000, 0x20000, BOOTINFO_MEM_NVS);
    ent(m, 24, 4, 0x9fc00, 0x400, RES);
    ent(m, 24, 5, 0, 0x9fc00, RAM);
    puts_at(0xEF000, "a virtio_mmio.device=512@0xfeb00e00:12");
    PVH_OK(0xF31E0);
    assert_int_equal(bi.hints,
                     BOOTINFO_HINT_TRAILING_ZERO | BOOTINFO_HINT_MMIO_CMDLINE);
    assert_int_equal(bi.nmem, 6);
    expect_mem(0, 0, 0x9fc00, RAM);
    expect_mem(2, 0xd0000, 0x20000, BOOTINFO_MEM_NVS);
    expect_mem(5, 0xfeffc000, 0x4000, RES);
}

static void test_normalize(void **state)
{
    (void)state;
    memset(&bi, 0, sizeof(bi));
    struct bootinfo_mem in[] = {
        {0x200000, 0x100000, RAM}, /* touches the next RAM */
        {0, 0x200000, RAM},
        {0x9f000, 0x1000, RES},                /* hole inside RAM */
        {0x50000, 0x10000, BOOTINFO_MEM_ACPI}, /* NVS (4) beats ACPI (3) */
        {0x58000, 0x18000, BOOTINFO_MEM_NVS},
        {0x400000, 0, RES},                   /* empty: dropped */
        {0xfffffffffffff000ull, 0x2000, RES}, /* clamped at 2^64-1 */
    };
    memcpy(bi.mem, in, sizeof(in));
    bi.nmem = 7;
    bootinfo_mem_normalize(&bi);
    assert_int_equal(bi.hints, BOOTINFO_HINT_MEMMAP_FIXED);
    assert_int_equal(bi.nmem, 7);
    expect_mem(0, 0, 0x50000, RAM);
    expect_mem(1, 0x50000, 0x8000, BOOTINFO_MEM_ACPI);
    expect_mem(2, 0x58000, 0x18000, BOOTINFO_MEM_NVS);
    expect_mem(3, 0x70000, 0x2f000, RAM);
    expect_mem(4, 0x9f000, 0x1000, RES);
    expect_mem(5, 0xa0000, 0x300000 - 0xa0000, RAM);
    expect_mem(6, 0xfffffffffffff000ull, 0xfff, RES);
    assert_int_equal(bootinfo_ram_total(&bi), 0x300000 - 0x1000 - 0x20000);

    /* Sorting alone is not a fix. */
    memset(&bi, 0, sizeof(bi));
    bi.mem[0] = (struct bootinfo_mem){0x1000, 0x1000, RES};
    bi.mem[1] = (struct bootinfo_mem){0, 0x1000, RAM};
    bi.nmem = 2;
    bootinfo_mem_normalize(&bi);
    assert_int_equal(bi.hints, 0);
    expect_mem(0, 0, 0x1000, RAM);
}

/* 127 holes punched in one RAM range need 255 entries: keep 128. */
static void test_normalize_cut(void **state)
{
    (void)state;
    memset(&bi, 0, sizeof(bi));
    bi.mem[0] = (struct bootinfo_mem){0, 0x40000000, RAM};
    for (unsigned i = 1; i < BOOTINFO_MAX_MEM; i++)
        bi.mem[i] = (struct bootinfo_mem){i * 0x100000ull, 0x1000, RES};
    bi.nmem = BOOTINFO_MAX_MEM;
    bootinfo_mem_normalize(&bi);
    assert_int_equal(bi.nmem, BOOTINFO_MAX_MEM);
    assert_true(bi.hints & BOOTINFO_HINT_MEMMAP_CUT);
    expect_mem(126, 63 * 0x100000ull + 0x1000, 0xff000, RAM);
    expect_mem(127, 64 * 0x100000ull, 0x1000, RES);
}

static void test_pvh_errors(void **state)
{
    (void)state;
    pvh_info(0x1000, 0x2000, 1, 0, 0, 0);
    ent(0x2000, 24, 0, 0, 0x9fc00, RAM);
    put(0x1000, 0xdeadbeef, 4);
    PVH_ERR(0x1000, "pvh: magic 0xdeadbeef");
    put(0x1000, 0x336ec578, 4);
    put(0x1004, 0, 4);
    PVH_ERR(0x1000, "version 0");
    put(0x1004, 1, 4);
    put(0x1030, 0xffffffff, 4);
    PVH_ERR(0x1000, "memmap_entries 4294967295");
    put(0x1030, 0, 4);
    PVH_ERR(0x1000, "memmap_entries 0");
    put(0x1030, 1, 4);
    put(0x1028, 0x10000000, 8);
    PVH_ERR(0x1000, "memmap_paddr 0x10000000 outside");
    put(0x1028, 0x2000, 8);
    put(0x2008, 0, 8); /* only entry empty */
    PVH_ERR(0x1000, "pvh: memmap has no non-empty entry");
    PVH_ERR(MEMSZ - 20, "start_info 0xfffec outside");
    PVH_ERR(UINT64_MAX - 8, "start_info");
    assert_int_equal(boot_pvh_parse(&win, 0x1000, &bi, NULL), -EINVAL);
}

/* Optional parts with bad pointers are dropped; the parse still works. */
static void test_pvh_optional_dropped(void **state)
{
    (void)state;
    pvh_info(0x1000, 0x2000, 1, 0x7ffffff0, 0, 0);
    ent(0x2000, 24, 0, 0, 0x9fc00, RAM);
    PVH_OK(0x1000);
    HAS("pvh: cmdline_paddr 0x7ffffff0 outside memory");
    assert_string_equal(bi.cmdline, "");

    memcpy(mem + MEMSZ - 5, "abcde", 5); /* no NUL before the end */
    put(0x1018, MEMSZ - 5, 8);
    PVH_OK(0x1000);
    HAS("cmdline_paddr 0xffffb not NUL-terminated");
    assert_string_equal(bi.cmdline, "");

    put(0x1018, 0, 8);
    put(0x100c, 1, 4);
    put(0x1010, MEMSZ - 16, 8);
    PVH_OK(0x1000);
    HAS("modlist_paddr 0xffff0 outside");
    put(0x1010, 0x3000, 8);
    put(0x3000, MEMSZ - 0x100, 8);
    put(0x3008, 0x200, 8);
    PVH_OK(0x1000);
    HAS("module 0 paddr 0xfff00 size 0x200 outside");
    assert_int_equal(bi.initrd_size, 0);
}

static void test_pvh_truncation(void **state)
{
    (void)state;
    const unsigned n = BOOTINFO_MAX_MEM + 2;
    pvh_info(0x1000, 0x2000, n, 0x10000, 0, 0);
    for (unsigned i = 0; i < n; i++)
        ent(0x2000, 24, i, i * 0x2000ull, 0x1000, RAM);
    memset(mem + 0x10000, 'x', 5000);
    PVH_OK(0x1000);
    assert_int_equal(bi.hints,
                     BOOTINFO_HINT_MEMMAP_CUT | BOOTINFO_HINT_CMDLINE_CUT);
    assert_int_equal(bi.nmem, BOOTINFO_MAX_MEM);
    expect_mem(127, 127 * 0x2000ull, 0x1000, RAM);
    assert_int_equal(strlen(bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
}

/* A window that starts at 1 MiB: addresses below it are outside. */
static void test_pvh_window_base(void **state)
{
    (void)state;
    free(mem);
    assert_int_equal(setup_at(0x100000, 0x10000), 0);
    pvh_info(0x101000, 0x102000, 1, 0x103000, 0, 0);
    ent(0x102000, 24, 0, 0x100000, 0x7f00000, RAM);
    puts_at(0x103000, "hi");
    PVH_OK(0x101000);
    assert_string_equal(bi.cmdline, "hi");
    expect_mem(0, 0x100000, 0x7f00000, RAM);
    PVH_ERR(0x1000, "start_info 0x1000 outside");
    put(0x101028, 0x2000, 8);
    PVH_ERR(0x101000, "memmap_paddr 0x2000 outside");
}

/* Multiboot mmap entry {u32 size, u64 base, u64 len, u32 type}. */

static void test_clip(void **state)
{
    (void)state;
    bi.nmem = 3;
    bi.hints = 0;
    bi.mem[0] = (struct bootinfo_mem){0, 0x9fc00, RAM};
    bi.mem[1] = (struct bootinfo_mem){0x100000, 0x10000000000ull, RAM};
    bi.mem[2] = (struct bootinfo_mem){0x20000000000ull, 0x1000, RAM};
    assert_int_equal(bootinfo_mem_clip(&bi, 1ull << 40), 2);
    assert_int_equal(bi.nmem, 2);
    expect_mem(1, 0x100000, (1ull << 40) - 0x100000, RAM);
    assert_true(bi.hints & BOOTINFO_HINT_MEMMAP_FIXED);
    bi.hints = 0;
    assert_int_equal(bootinfo_mem_clip(&bi, 1ull << 40), 0);
    assert_int_equal(bi.hints, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_pvh_qemu_pc),
        T(test_pvh_firecracker),
        T(test_pvh_qboot_trailing_zero),
        T(test_normalize),
        T(test_normalize_cut),
        T(test_pvh_errors),
        T(test_pvh_optional_dropped),
        T(test_pvh_truncation),
        T(test_pvh_window_base),
        T(test_clip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
