/* SPDX-License-Identifier: MIT */
/*
 * Shared fixture of the boot-parser tests (test_boot_pvh.c,
 * test_boot_mb_linux.c): guest-physical memory as a calloc'd buffer standing
 * for [base, base+len), writers for loader records at the addresses real
 * monitors use (vmm-conventions §2, §4, §5), and checks of the resulting
 * struct bootinfo. ASan catches any read that escapes the buffer; error
 * paths check that the diag names the field. Defines data: include it in
 * exactly one file of a binary.
 */
#ifndef SKIFF_TEST_BOOT_FIXTURE_H
#define SKIFF_TEST_BOOT_FIXTURE_H
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

static inline int setup_at(uint64_t base, uint64_t len)
{
    mem = calloc(1, len);
    win = (struct boot_mem){mem, base, len};
    return mem ? 0 : -1;
}
static inline int setup(void **state)
{
    (void)state;
    return setup_at(0, MEMSZ);
}
static inline int teardown(void **state)
{
    (void)state;
    free(mem);
    return 0;
}

static inline void put(uint64_t pa, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        mem[pa - win.base + i] = (uint8_t)(v >> (8 * i));
}
static inline void puts_at(uint64_t pa, const char *s)
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
static inline void pvh_info(uint64_t pa, uint64_t map, uint32_t n, uint64_t cmd,
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
static inline void ent(uint64_t pa, unsigned stride, unsigned i, uint64_t addr,
                       uint64_t size, uint32_t type)
{
    put(pa + i * stride, addr, 8);
    put(pa + i * stride + 8, size, 8);
    put(pa + i * stride + 16, type, 4);
}
static inline void expect_mem(unsigned i, uint64_t base, uint64_t size,
                              uint32_t t)
{
    assert_true(i < bi.nmem);
    assert_int_equal(bi.mem[i].base, base);
    assert_int_equal(bi.mem[i].size, size);
    assert_int_equal(bi.mem[i].type, t);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

#endif
