/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the boot parsers. Each test builds guest-physical memory as
 * a calloc'd buffer standing for [base, base+len), writes a loader's record
 * into it at the addresses real monitors use (vmm-conventions §2, §4, §5),
 * and checks the resulting struct bootinfo. ASan catches any read that
 * escapes the buffer; error paths check that the diag names the field.
 */
#include "boot/bootinfo.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h and stdarg.h, which it needs */

#define MEMSZ 0x100000u /* 1 MiB: covers qboot's start_info at 0xF31E0 */
#define RAM   BOOTINFO_MEM_RAM
#define RES   BOOTINFO_MEM_RESERVED

static uint8_t *mem;
static struct boot_mem win;
static struct bootinfo bi;
static struct diag dg;

static int setup_at(uint64_t base, uint64_t len)
{
    mem = calloc(1, len);
    win = (struct boot_mem){mem, base, len};
    return mem ? 0 : -1;
}
static int setup(void **state)
{
    (void)state;
    return setup_at(0, MEMSZ);
}
static int teardown(void **state)
{
    (void)state;
    free(mem);
    return 0;
}

static void put(uint64_t pa, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        mem[pa - win.base + i] = (uint8_t)(v >> (8 * i));
}
static void puts_at(uint64_t pa, const char *s)
{
    memcpy(mem + (pa - win.base), s, strlen(s) + 1);
}
#define HAS(sub) assert_non_null(strstr(dg.msg, sub))
#define MB_MAGIC 0x2BADB002
/* Expect success from one parser. */
#define PVH_OK(pa) assert_int_equal(boot_pvh_parse(&win, pa, &bi, &dg), 0)
#define MB_OK(pa)                                                              \
    assert_int_equal(boot_multiboot_parse(&win, MB_MAGIC, pa, &bi, &dg), 0)
#define LX_OK(pa) assert_int_equal(boot_linux_parse(&win, pa, &bi, &dg), 0)
/* Expect -EINVAL from one parser with a diag containing (sub). */
#define PVH_ERR(pa, sub) ERR(boot_pvh_parse(&win, pa, &bi, &dg), sub)
#define MB_ERR(magic, pa, sub)                                                 \
    ERR(boot_multiboot_parse(&win, magic, pa, &bi, &dg), sub)
#define LX_ERR(pa, sub) ERR(boot_linux_parse(&win, pa, &bi, &dg), sub)
#define ERR(call, sub)                                                         \
    do {                                                                       \
        assert_int_equal(call, -EINVAL);                                       \
        HAS(sub);                                                              \
        assert_int_equal(bi.proto, BOOT_PROTO_NONE);                           \
    } while (0)

/* hvm_start_info v1; modlist 0 means no modules. */
static void pvh_info(uint64_t pa, uint64_t map, uint32_t n, uint64_t cmd,
                     uint64_t modlist, uint64_t rsdp)
{
    put(pa, 0x336ec578, 4);
    put(pa + 4, 1, 4);
    put(pa + 12, modlist ? 1 : 0, 4);
    put(pa + 16, modlist, 8);
    put(pa + 24, cmd, 8);
    put(pa + 32, rsdp, 8);
    put(pa + 40, map, 8);
    put(pa + 48, n, 4);
}
static void ent(uint64_t pa, unsigned stride, unsigned i, uint64_t addr,
                uint64_t size, uint32_t type)
{
    put(pa + i * stride, addr, 8);
    put(pa + i * stride + 8, size, 8);
    put(pa + i * stride + 16, type, 4);
}
static void expect_mem(unsigned i, uint64_t base, uint64_t size, uint32_t t)
{
    assert_true(i < bi.nmem);
    assert_int_equal(bi.mem[i].base, base);
    assert_int_equal(bi.mem[i].size, size);
    assert_int_equal(bi.mem[i].type, t);
}

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

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
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
        T(test_multiboot),
        T(test_multiboot_errors),
        T(test_linux),
        T(test_linux_ext),
        T(test_linux_errors),
        T(test_misc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
