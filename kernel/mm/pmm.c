/* SPDX-License-Identifier: MIT */
/*
 * pmm: see pmm.h. Invariant: ext[0..n) sorted by base, disjoint and not
 * touching (touching extents are merged), every bound page-aligned.
 */
#include "kernel/mm/pmm.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define PAGE_DOWN(x) ((x) & ~(PMM_PAGE - 1))

static uint64_t page_up(uint64_t x)
{
    return x > UINT64_MAX - (PMM_PAGE - 1) ? PAGE_DOWN(UINT64_MAX)
                                           : PAGE_DOWN(x + PMM_PAGE - 1);
}

static uint64_t end_of(uint64_t base, uint64_t size)
{
    return size > UINT64_MAX - base ? UINT64_MAX : base + size;
}

void pmm_init(struct pmm *p)
{
    memset(p, 0, sizeof(*p));
}

static void remove_at(struct pmm *p, unsigned i)
{
    memmove(&p->ext[i], &p->ext[i + 1], (p->n - i - 1) * sizeof(p->ext[0]));
    p->n--;
}

static int insert_at(struct pmm *p, unsigned i, uint64_t base, uint64_t end)
{
    if (p->n == PMM_MAX_EXTENTS)
        return -ENOSPC;
    memmove(&p->ext[i + 1], &p->ext[i], (p->n - i) * sizeof(p->ext[0]));
    p->ext[i] = (struct pmm_extent){base, end};
    p->n++;
    return 0;
}

/* Pages of [base, end) not already free: the count by which adding the
 * range grows the free memory. */
static uint64_t pages_not_free(const struct pmm *p, uint64_t base, uint64_t end)
{
    uint64_t bytes = end - base;
    for (unsigned i = 0; i < p->n; i++) {
        uint64_t lo = p->ext[i].base > base ? p->ext[i].base : base;
        uint64_t hi = p->ext[i].end < end ? p->ext[i].end : end;
        if (lo < hi)
            bytes -= hi - lo;
    }
    return bytes / PMM_PAGE;
}

/* Insert [base, end) merging with every extent it overlaps or touches. */
static int merge_in(struct pmm *p, uint64_t base, uint64_t end)
{
    unsigned i = 0;
    while (i < p->n && p->ext[i].end < base)
        i++;
    unsigned j = i;
    while (j < p->n && p->ext[j].base <= end) {
        if (p->ext[j].base < base)
            base = p->ext[j].base;
        if (p->ext[j].end > end)
            end = p->ext[j].end;
        j++;
    }
    if (j == i)
        return insert_at(p, i, base, end);
    p->ext[i] = (struct pmm_extent){base, end};
    while (j > i + 1)
        remove_at(p, --j);
    return 0;
}

int pmm_add(struct pmm *p, uint64_t base, uint64_t size)
{
    uint64_t lo = page_up(base), hi = PAGE_DOWN(end_of(base, size));
    if (lo >= hi)
        return 0;
    uint64_t grow = pages_not_free(p, lo, hi);
    int rc = merge_in(p, lo, hi);
    if (rc == 0) {
        p->total_pages += grow;
        p->free_pages += grow;
    }
    return rc;
}

/* Cut [lo, hi) out of free memory; (count) says whether the pages leave the
 * free count only (allocation) or the total too (reservation). */
static int carve(struct pmm *p, uint64_t lo, uint64_t hi, int reserve)
{
    for (unsigned i = 0; i < p->n; i++) {
        struct pmm_extent e = p->ext[i];
        if (e.end <= lo || e.base >= hi)
            continue;
        uint64_t cut_lo = e.base > lo ? e.base : lo;
        uint64_t cut_hi = e.end < hi ? e.end : hi;
        if (e.base < cut_lo && e.end > cut_hi) {
            if (insert_at(p, i + 1, cut_hi, e.end))
                return -ENOSPC;
            p->ext[i].end = cut_lo;
        } else if (e.base < cut_lo) {
            p->ext[i].end = cut_lo;
        } else if (e.end > cut_hi) {
            p->ext[i].base = cut_hi;
        } else {
            remove_at(p, i--);
        }
        uint64_t pages = (cut_hi - cut_lo) / PMM_PAGE;
        p->free_pages -= pages;
        if (reserve)
            p->total_pages -= pages;
    }
    return 0;
}

int pmm_reserve(struct pmm *p, uint64_t base, uint64_t size)
{
    uint64_t lo = PAGE_DOWN(base), hi = page_up(end_of(base, size));
    return lo < hi ? carve(p, lo, hi, 1) : 0;
}

/* The checks both allocators share: align 0 means a page, otherwise a
 * power of two of at least a page; npages must be 1 or more and fit. */
static int alloc_args(uint64_t npages, uint64_t *align, uint64_t *bytes)
{
    if (!*align)
        *align = PMM_PAGE;
    if (!npages || npages > UINT64_MAX / PMM_PAGE || *align < PMM_PAGE ||
        (*align & (*align - 1)))
        return -EINVAL;
    *bytes = npages * PMM_PAGE;
    return 0;
}

int pmm_alloc(struct pmm *p, uint64_t npages, uint64_t align, uint64_t limit,
              uint64_t *out)
{
    uint64_t bytes;
    if (alloc_args(npages, &align, &bytes))
        return -EINVAL;
    for (unsigned i = 0; i < p->n; i++) {
        uint64_t a = p->ext[i].base;
        if (a > UINT64_MAX - (align - 1))
            break;
        a = (a + align - 1) & ~(align - 1);
        if (a >= p->ext[i].end || p->ext[i].end - a < bytes)
            continue;
        if (limit && (a > limit || limit - a < bytes))
            break;
        if (carve(p, a, a + bytes, 0))
            return -ENOMEM; /* no slot to split the extent: treat as full */
        *out = a;
        return 0;
    }
    return -ENOMEM;
}

int pmm_free(struct pmm *p, uint64_t base, uint64_t npages)
{
    if ((base & (PMM_PAGE - 1)) || !npages ||
        npages > (UINT64_MAX - base) / PMM_PAGE)
        return -EINVAL;
    uint64_t end = base + npages * PMM_PAGE;
    if (pages_not_free(p, base, end) != npages)
        return -EINVAL; /* double free */
    int rc = merge_in(p, base, end);
    if (rc == 0)
        p->free_pages += npages;
    return rc;
}

int pmm_alloc_top(struct pmm *p, uint64_t npages, uint64_t align,
                  uint64_t limit, uint64_t *out)
{
    uint64_t bytes;
    if (alloc_args(npages, &align, &bytes))
        return -EINVAL;
    for (unsigned i = p->n; i-- > 0;) {
        uint64_t end = p->ext[i].end;
        if (limit && end > limit)
            end = limit & ~(PMM_PAGE - 1);
        if (end <= p->ext[i].base || end - p->ext[i].base < bytes)
            continue;
        uint64_t a = (end - bytes) & ~(align - 1);
        if (a < p->ext[i].base)
            continue;
        if (carve(p, a, a + bytes, 0))
            return -ENOMEM;
        *out = a;
        return 0;
    }
    return -ENOMEM;
}

int pmm_claim(struct pmm *p, uint64_t base, uint64_t npages)
{
    if (!npages || (base & (PMM_PAGE - 1)) ||
        npages > (UINT64_MAX - base) / PMM_PAGE)
        return -EINVAL;
    uint64_t end = base + npages * PMM_PAGE;
    for (unsigned i = 0; i < p->n; i++) {
        if (p->ext[i].base <= base && end <= p->ext[i].end)
            return carve(p, base, end, 0) ? -ENOMEM : 0;
    }
    return -ENOMEM;
}
