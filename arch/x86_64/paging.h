/* SPDX-License-Identifier: MIT */
/*
 * paging: the kernel's final page tables. An identity map of [0, top) with
 * 2 MiB pages, where top is 4 GiB or the end of the highest memory-map
 * entry if higher, all no-execute; the 2 MiB regions holding the image are
 * split into 4 KiB pages so that text is read-execute, rodata read-only,
 * data read-write, and page 0 and the stack guard pages are unmapped.
 * Regions with no memory-map RAM are mapped uncached (device memory).
 * Boot-time only.
 */
#ifndef SKIFF_PAGING_H
#define SKIFF_PAGING_H
#include <stdint.h>

struct bootinfo;

/* Page-table page source: a zeroed page below 4 GiB. Returns 0 or error. */
typedef int (*paging_page_fn)(uint64_t *pa);

struct paging_stats {
    uint64_t top;         /* end of the identity map */
    unsigned table_pages; /* pages used by the tables */
    int nx;               /* 1 when no-execute is enforced */
};

/* Build and load the tables. Returns 0, or -ENOMEM (the early map stays). */
int paging_init(const struct bootinfo *bi, paging_page_fn alloc,
                struct paging_stats *st);

/* Identity-map [base, base + size) as uncached device memory (2 MiB
 * pages) where paging_init's map does not reach: PCI BARs above it, such
 * as Firecracker's at 256 GiB. Returns 0; -EINVAL before paging_init or
 * for a range beyond 48 bits; -ENOMEM. */
int paging_map_device(uint64_t base, uint64_t size);

/* Page flags for paging_set_user. */
#define PAGING_USER  1u /* ring 3 may read it */
#define PAGING_WRITE 2u /* ... and write it */
#define PAGING_EXEC  4u /* ... and execute it */
#define PAGING_GUARD 8u /* not mapped at all (a stack guard page) */

/* Set the 4 KiB pages of [va, va + len) (page-aligned, inside the identity
 * map, above the kernel image) to application pages with (prot), or back
 * to kernel-only read-write no-execute pages when (prot) has no
 * PAGING_USER, or unmapped with PAGING_GUARD. 2 MiB pages on the way are
 * split. The mapping stays the identity: applications live in the same
 * physical = virtual space as the kernel, in frames the kernel gave them.
 * Returns 0, -EINVAL for a bad range or before paging_init, -ENOMEM when
 * a table page cannot be had (the range may then be partly changed). */
int paging_set_user(uint64_t va, uint64_t len, unsigned prot);

#endif
