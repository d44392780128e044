/* SPDX-License-Identifier: MIT */
/*
 * heap: see heap.h. Block header kinds:
 *   SMALL   class index in (info); the block is 32 << class bytes
 *   LARGE   page count in (info); the header starts the first page
 *   ALIGNED offset back to the underlying block's payload in (info)
 * A freed header gets MAGIC_FREE, so a second free is recognised.
 * Small-class pages are kept for reuse, never returned: the kernel's small
 * allocations are long-lived, and returning pages would need per-page counts.
 */
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define PAGE          4096u
#define HDR           16u
#define MIN_BLOCK     32u
#define MAX_SMALL     (MIN_BLOCK << (HEAP_NCLASSES - 1))
#define MAGIC_SMALL   0x5a11b10cu
#define MAGIC_LARGE   0x1a29eb1cu
#define MAGIC_ALIGNED 0x0a119bedu
#define MAGIC_FREE    0xf2eeb10cu

struct hdr {
    uint32_t magic;
    uint32_t rsvd;
    uint64_t info;
};
_Static_assert(sizeof(struct hdr) == HDR, "header keeps payloads 16-aligned");

static struct hdr *hdr_of(void *p)
{
    return (struct hdr *)p - 1;
}

void heap_init(struct heap *h, heap_pages_alloc_fn a, heap_pages_free_fn f,
               void *ctx)
{
    memset(h, 0, sizeof(*h));
    h->pages_alloc = a;
    h->pages_free = f;
    h->ctx = ctx;
}

static unsigned class_of(size_t total)
{
    unsigned c = 0;
    while ((MIN_BLOCK << c) < total)
        c++;
    return c;
}

/* Carve a fresh page into class-(c) blocks. A free block is a header
 * marked MAGIC_FREE whose (info) links to the next free block. */
static int refill(struct heap *h, unsigned c)
{
    void *page;
    if (h->pages_alloc(h->ctx, 1, &page))
        return -ENOMEM;
    h->st.pages++;
    size_t bs = MIN_BLOCK << c;
    for (size_t off = 0; off + bs <= PAGE; off += bs) {
        struct hdr *blk = (struct hdr *)((char *)page + off);
        *blk = (struct hdr){MAGIC_FREE, 0, (uintptr_t)h->free_list[c]};
        h->free_list[c] = blk;
    }
    return 0;
}

/* Usable payload bytes of a SMALL or LARGE block. */
static size_t capacity(const struct hdr *hd)
{
    if (hd->magic == MAGIC_SMALL)
        return (MIN_BLOCK << hd->info) - HDR;
    return hd->info * PAGE - HDR;
}

static void *alloc_block(struct heap *h, size_t n)
{
    struct hdr *hd;
    if (n <= MAX_SMALL - HDR) {
        unsigned c = class_of(n + HDR);
        if (!h->free_list[c] && refill(h, c))
            return NULL;
        hd = h->free_list[c];
        h->free_list[c] = (void *)(uintptr_t)hd->info;
        *hd = (struct hdr){MAGIC_SMALL, 0, c};
    } else {
        if (n > SIZE_MAX - HDR - PAGE)
            return NULL;
        size_t np = (n + HDR + PAGE - 1) / PAGE;
        void *mem;
        if (h->pages_alloc(h->ctx, np, &mem))
            return NULL;
        h->st.pages += np;
        hd = mem;
        *hd = (struct hdr){MAGIC_LARGE, 0, np};
    }
    h->st.allocs++;
    h->st.in_use += capacity(hd);
    if (h->st.in_use > h->st.peak)
        h->st.peak = h->st.in_use;
    return hd + 1;
}

void *heap_alloc(struct heap *h, size_t n)
{
    void *p = alloc_block(h, n ? n : 1);
    if (!p)
        h->st.failures++;
    return p;
}

void *heap_alloc_aligned(struct heap *h, size_t align, size_t n)
{
    if (!align || (align & (align - 1))) {
        h->st.failures++;
        return NULL;
    }
    if (align <= HDR)
        return heap_alloc(h, n);
    /* Over-allocate, then put an ALIGNED header right below the aligned
     * address pointing back at the real block. */
    if (n > SIZE_MAX - align - HDR) {
        h->st.failures++;
        return NULL;
    }
    char *raw = heap_alloc(h, n + align + HDR);
    if (!raw)
        return NULL;
    uintptr_t a = ((uintptr_t)raw + HDR + align - 1) & ~(uintptr_t)(align - 1);
    *hdr_of((void *)a) = (struct hdr){MAGIC_ALIGNED, 0, a - (uintptr_t)raw};
    return (void *)a;
}

void *heap_calloc(struct heap *h, size_t count, size_t n)
{
    if (n && count > SIZE_MAX / n) {
        h->st.failures++;
        return NULL;
    }
    void *p = heap_alloc(h, count * n);
    if (p)
        memset(p, 0, count * n);
    return p;
}

int heap_free(struct heap *h, void *p)
{
    if (!p)
        return 0;
    if ((uintptr_t)p & (HDR - 1)) {
        h->st.bad_frees++;
        return -EINVAL;
    }
    struct hdr *hd = hdr_of(p);
    if (hd->magic == MAGIC_ALIGNED) {
        hd->magic = MAGIC_FREE;
        return heap_free(h, (char *)p - hd->info);
    }
    if (hd->magic != MAGIC_SMALL && hd->magic != MAGIC_LARGE) {
        h->st.bad_frees++;
        return -EINVAL;
    }
    h->st.frees++;
    h->st.in_use -= capacity(hd);
    if (hd->magic == MAGIC_LARGE) {
        size_t np = hd->info;
        hd->magic = MAGIC_FREE;
        h->st.pages -= np;
        h->pages_free(h->ctx, hd, np);
        return 0;
    }
    unsigned c = (unsigned)hd->info;
    *hd = (struct hdr){MAGIC_FREE, 0, (uintptr_t)h->free_list[c]};
    h->free_list[c] = hd;
    return 0;
}

void *heap_realloc(struct heap *h, void *p, size_t n)
{
    if (!p)
        return heap_alloc(h, n);
    struct hdr *hd = hdr_of(p);
    size_t have;
    if (hd->magic == MAGIC_ALIGNED) {
        struct hdr *under = hdr_of((char *)p - hd->info);
        have = capacity(under) - hd->info;
    } else if (hd->magic == MAGIC_SMALL || hd->magic == MAGIC_LARGE) {
        have = capacity(hd);
        if (n <= have && hd->magic == MAGIC_SMALL)
            return p; /* shrinking within a class: keep the block */
    } else {
        h->st.bad_frees++;
        return NULL;
    }
    void *q = heap_alloc(h, n);
    if (!q)
        return NULL; /* the old block stays valid, as C requires */
    memcpy(q, p, n < have ? n : have);
    heap_free(h, p);
    return q;
}
