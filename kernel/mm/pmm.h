/* SPDX-License-Identifier: MIT */
/*
 * pmm: the physical page-frame allocator. Free memory is a sorted array of
 * disjoint page-aligned extents, built from the memory map and then carved
 * by reservations (image, boot data, initrd). An extent list instead of a
 * bitmap: it needs no memory of its own, so it works before anything else,
 * and a unikernel has few, large allocations.
 * Pure data structure over the struct pmm it is given; not reentrant.
 */
#ifndef SKIFF_PMM_H
#define SKIFF_PMM_H
#include <stdint.h>

#define PMM_PAGE        4096ull
#define PMM_MAX_EXTENTS 128

struct pmm_extent {
    uint64_t base, end; /* [base, end), page-aligned */
};

struct pmm {
    struct pmm_extent ext[PMM_MAX_EXTENTS];
    unsigned n;
    uint64_t total_pages; /* pages ever added */
    uint64_t free_pages;
};

void pmm_init(struct pmm *p);

/* Add [base, base+size) as free; the range is shrunk inward to whole pages.
 * Overlap with memory already free is merged. Returns 0 or -ENOSPC when the
 * extent table is full (the range is then not added). */
int pmm_add(struct pmm *p, uint64_t base, uint64_t size);

/* Remove [base, base+size), widened outward to whole pages, from the free
 * memory. Returns 0 or -ENOSPC when splitting an extent needs a free slot. */
int pmm_reserve(struct pmm *p, uint64_t base, uint64_t size);

/* Allocate (npages) contiguous pages aligned to (align) bytes (a power of
 * two >= 4096, or 0 for page alignment), ending at or below (limit) (0 for
 * no limit). Lowest fit first. Returns 0 and the address in (*out), or
 * -ENOMEM, or -EINVAL for a bad size or alignment. */
int pmm_alloc(struct pmm *p, uint64_t npages, uint64_t align, uint64_t limit,
              uint64_t *out);

/* As pmm_alloc, but the highest fit first. The kernel takes its memory
 * from the top, so that low memory stays free for applications linked at
 * fixed addresses (0x400000 for a non-PIE x86_64 executable). */
int pmm_alloc_top(struct pmm *p, uint64_t npages, uint64_t align,
                  uint64_t limit, uint64_t *out);

/* Take exactly [base, base + npages pages) out of the free memory.
 * Returns 0, -EINVAL when base is unaligned or npages 0, -ENOMEM when any
 * page of the range is not free (nothing is then taken). */
int pmm_claim(struct pmm *p, uint64_t base, uint64_t npages);

/* Return pages from pmm_alloc. Returns 0, -EINVAL for an unaligned address
 * or pages that are already free, -ENOSPC when the table is full. */
int pmm_free(struct pmm *p, uint64_t base, uint64_t npages);

#endif
