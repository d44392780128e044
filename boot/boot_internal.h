/* SPDX-License-Identifier: MIT */
/*
 * boot internals shared by pvh.c, multiboot.c and linuxboot.c.
 *
 * Every read of loader memory goes through a struct boot_mem window. The
 * readers below check the range first and return 0 for bytes outside the
 * window, so even a parser bug cannot dereference memory the caller did not
 * hand over; the parsers still check ranges themselves, to name the bad
 * field in the diag. Addresses are computed on integers (uintptr_t) because
 * the kernel's window starts at ptr == 0. Values are assembled byte by byte:
 * all three protocols are little-endian and give no alignment guarantee.
 */
#ifndef SKIFF_BOOT_INTERNAL_H
#define SKIFF_BOOT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "boot/bootinfo.h"

/* Does [pa, pa+n) lie inside the window? Written so nothing can overflow. */
static inline int bmem_has(const struct boot_mem *m, uint64_t pa, uint64_t n)
{
    if (pa < m->base)
        return 0;
    uint64_t off = pa - m->base;
    return off <= m->len && n <= m->len - off;
}

/* Bytes of window left at (pa); 0 when (pa) is outside. */
static inline uint64_t bmem_left(const struct boot_mem *m, uint64_t pa)
{
    return bmem_has(m, pa, 0) ? m->len - (pa - m->base) : 0;
}

/* One byte; the caller has checked the range. */
static inline uint8_t bmem_raw8(const struct boot_mem *m, uint64_t pa)
{
    uintptr_t a = (uintptr_t)m->ptr + (uintptr_t)(pa - m->base);
    return *(const uint8_t *)a;
}

/* Little-endian value of (n) <= 8 bytes at (pa); 0 if not all inside. */
static inline uint64_t bmem_le(const struct boot_mem *m, uint64_t pa,
                               unsigned n)
{
    uint64_t v = 0;
    if (!bmem_has(m, pa, n))
        return 0;
    for (unsigned i = n; i > 0; i--)
        v = (v << 8) | bmem_raw8(m, pa + i - 1);
    return v;
}

static inline uint8_t bmem_u8(const struct boot_mem *m, uint64_t pa)
{
    return (uint8_t)bmem_le(m, pa, 1);
}

static inline uint16_t bmem_u16(const struct boot_mem *m, uint64_t pa)
{
    return (uint16_t)bmem_le(m, pa, 2);
}

static inline uint32_t bmem_u32(const struct boot_mem *m, uint64_t pa)
{
    return (uint32_t)bmem_le(m, pa, 4);
}

static inline uint64_t bmem_u64(const struct boot_mem *m, uint64_t pa)
{
    return bmem_le(m, pa, 8);
}

/* The helpers below live in memmap.c. */

/* Copy the NUL-terminated string at (pa) into (dst, size), reading at most
 * (max) bytes (a protocol's own bound; UINT64_MAX for none) and never past
 * the window. Reaching (max) without a NUL ends the string there. Sets
 * (*cut) when the string did not fit in (size). Returns 0; -EFAULT (pa)
 * outside the window; -EINVAL no NUL before the window ends. */
int boot_str_copy(const struct boot_mem *m, uint64_t pa, uint64_t max,
                  char *dst, size_t size, int *cut);

/* boot_str_copy into (bi)->cmdline, setting BOOTINFO_HINT_CMDLINE_CUT. */
int boot_cmdline_copy(const struct boot_mem *m, uint64_t pa, uint64_t max,
                      struct bootinfo *bi);

/* Record why a string at (pa) was dropped: (rc) from boot_str_copy, (field)
 * like "pvh: cmdline_paddr". Does nothing for rc == 0. */
void boot_str_diag(struct diag *d, int rc, const char *field, uint64_t pa);

/* Append one raw entry to (bi)->mem. Empty entries are dropped and a range
 * that would pass 2^64 is clamped, both setting BOOTINFO_HINT_MEMMAP_FIXED.
 * Returns 0, or -ENOSPC (and BOOTINFO_HINT_MEMMAP_CUT) when the table is
 * full: the caller stops reading, so the first entries are the ones kept. */
int boot_mem_add(struct bootinfo *bi, uint64_t base, uint64_t size,
                 uint32_t type);

/* Append (count) entries of {u64 addr, u64 size, u32 type} spaced (stride)
 * bytes apart from (pa): the PVH memmap (24) and the e820 table (20). The
 * caller has checked that the table lies inside the window. */
void boot_mem_read_table(const struct boot_mem *m, uint64_t pa, uint64_t count,
                         unsigned stride, struct bootinfo *bi);

/* Reset (*bi) and the diag before a parse. */
void boot_start(struct bootinfo *bi, uint64_t info_pa, struct diag *d);

/* Common tail of every parser: normalise the map, insist that something is
 * left, derive the command-line hints, stamp (proto). Returns 0 or -EINVAL
 * ("<who>: memory map empty"). */
int boot_finish(struct bootinfo *bi, enum boot_proto proto, const char *who,
                struct diag *d);

#endif
