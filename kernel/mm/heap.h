/* SPDX-License-Identifier: MIT */
/*
 * heap: the kernel's malloc. Small requests (up to 2032 bytes) come from
 * power-of-two size classes carved out of single pages; larger ones take
 * whole pages from the page source directly and give them back on free.
 * Every block carries a 16-byte header, which lets free() find the class,
 * catch double and foreign frees, and keep exact usage statistics.
 * Out of memory is a NULL return, never a crash. Not reentrant: callers
 * must not allocate from interrupt handlers.
 */
#ifndef SKIFF_HEAP_H
#define SKIFF_HEAP_H
#include <stddef.h>
#include <stdint.h>

/* Page source: returns 0 and a page-aligned, mapped pointer, or an error. */
typedef int (*heap_pages_alloc_fn)(void *ctx, size_t npages, void **out);
typedef void (*heap_pages_free_fn)(void *ctx, void *p, size_t npages);

#define HEAP_NCLASSES 7 /* blocks of 32 .. 2048 bytes */

struct heap_stats {
    size_t in_use; /* payload bytes of live blocks (>= requested) */
    size_t peak;   /* highest in_use seen */
    size_t allocs, frees;
    size_t failures;  /* requests answered with NULL */
    size_t bad_frees; /* double frees and pointers not from this heap */
    size_t pages;     /* pages held from the page source */
};

struct heap {
    heap_pages_alloc_fn pages_alloc;
    heap_pages_free_fn pages_free;
    void *ctx;
    void *free_list[HEAP_NCLASSES];
    struct heap_stats st;
};

void heap_init(struct heap *h, heap_pages_alloc_fn a, heap_pages_free_fn f,
               void *ctx);
void *heap_alloc(struct heap *h, size_t n);
/* (align) must be a power of two; results are at least 16-byte aligned. */
void *heap_alloc_aligned(struct heap *h, size_t align, size_t n);
void *heap_calloc(struct heap *h, size_t count, size_t n);
void *heap_realloc(struct heap *h, void *p, size_t n);
/* Returns 0, or -EINVAL for a double free or a foreign pointer (the block
 * is then left alone and counted in bad_frees). free(NULL) is 0. */
int heap_free(struct heap *h, void *p);

/* The kernel heap, fed by the page-frame allocator (kernel/mm/kheap.c). */
int kheap_init(void);
void *kmalloc(size_t n);
void *kcalloc(size_t count, size_t n);
void *krealloc(void *p, size_t n);
void *kmemalign(size_t align, size_t n);
void kfree(void *p);
const struct heap_stats *kheap_stats(void);

#endif
