/* SPDX-License-Identifier: MIT */
/* kmem: see kmem.h. Physical addresses are identity-mapped, so a page's
 * physical address is also its kernel pointer. */
#include "kernel/mm/kmem.h"
#include "arch/x86_64/cpu.h"
#include "boot/bootinfo.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define LOW_MEM_END 0x100000ull

struct pmm kpmm;
static struct heap kheap;

int kmem_init(const struct bootinfo *bi)
{
    pmm_init(&kpmm);
    for (uint32_t i = 0; i < bi->nmem; i++) {
        const struct bootinfo_mem *m = &bi->mem[i];
        if (m->type != BOOTINFO_MEM_RAM)
            continue;
        int rc = pmm_add(&kpmm, m->base, m->size);
        if (rc)
            return rc;
    }
    int rc = pmm_reserve(&kpmm, 0, LOW_MEM_END);
    if (!rc)
        rc = pmm_reserve(&kpmm, (uintptr_t)_kernel_start,
                         (uintptr_t)_end - (uintptr_t)_kernel_start);
    if (!rc && bi->initrd_size)
        rc = pmm_reserve(&kpmm, bi->initrd_base, bi->initrd_size);
    if (rc)
        return rc;
    return kpmm.free_pages ? 0 : -ENOMEM;
}

int kmem_page_zalloc(uint64_t limit, uint64_t *pa)
{
    int rc = pmm_alloc_top(&kpmm, 1, 0, limit, pa);
    if (!rc)
        memset((void *)(uintptr_t)*pa, 0, PMM_PAGE);
    return rc;
}

static int pages_alloc(void *ctx, size_t npages, void **out)
{
    uint64_t pa;
    int rc = pmm_alloc_top(ctx, npages, 0, 0, &pa);
    if (!rc)
        *out = (void *)(uintptr_t)pa;
    return rc;
}

static void pages_free(void *ctx, void *p, size_t npages)
{
    pmm_free(ctx, (uintptr_t)p, npages);
}

int kheap_init(void)
{
    heap_init(&kheap, pages_alloc, pages_free, &kpmm);
    return 0;
}

void *kmalloc(size_t n)
{
    return heap_alloc(&kheap, n);
}
void *kcalloc(size_t count, size_t n)
{
    return heap_calloc(&kheap, count, n);
}
void *krealloc(void *p, size_t n)
{
    return heap_realloc(&kheap, p, n);
}
void *kmemalign(size_t align, size_t n)
{
    return heap_alloc_aligned(&kheap, align, n);
}
void kfree(void *p)
{
    if (heap_free(&kheap, p))
        log_err("heap: bad free of %p (double free, or not from kmalloc)\n", p);
}
const struct heap_stats *kheap_stats(void)
{
    return &kheap.st;
}
