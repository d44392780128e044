/* SPDX-License-Identifier: MIT */
/*
 * A bump arena with a libc fallback. Blocks up to BLOCK_MAX bytes are
 * carved from the current chunk: first a static one in .bss, then chunks
 * from calloc twice as large each time, which libc maps lazily and leaves
 * untouched. Larger blocks (the value stack, linear memory, growing
 * translation buffers), and everything once the chunks reach ARENA_MAX,
 * go to libc. Only the last block of the current chunk can be freed or
 * grown in place; the loader's allocations are mostly last-in first-out,
 * and whatever else is freed stays lost inside the arena, whose cap
 * bounds the waste.
 *
 * Why chunks rather than one large .bss array: Skiff zeroes a program's
 * .bss and anonymous mappings when it loads them (no demand paging), so
 * hello.wasm must not pay for the 5 MiB that translating a 1 MiB module
 * needs. With only the first chunk, that module's tail went to musl's
 * allocator, whose group mapping and unmapping made loading it 1.7x
 * slower and erratic.
 */
#include "tools/skiff-wasm/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CHUNK (256u << 10)
#define NEXT_CHUNK  (1u << 20) /* the first calloc'd chunk; then doubling */
#define MAX_CHUNK   (16u << 20)
#define ARENA_MAX   (64u << 20) /* all chunks together */
#define MAX_CHUNKS  16
#define BLOCK_MAX   (64u << 10)
#define ALIGN       16u

/* Each block is preceded by its capacity, padded to keep the 16-byte
 * alignment malloc gives. */
struct hdr {
    size_t cap;
    size_t pad;
};

struct chunk {
    unsigned char *base;
    size_t size;
};

static _Alignas(16) unsigned char first[FIRST_CHUNK];
static struct chunk chunks[MAX_CHUNKS] = {{first, sizeof first}};
static unsigned nchunks = 1;
static size_t total = sizeof first;
/* In the current (last) chunk: */
static size_t top;             /* first free byte */
static size_t pristine;        /* bytes from here on were never handed out */
static size_t last = SIZE_MAX; /* the last block's header, if known */

static struct chunk *cur(void)
{
    return &chunks[nchunks - 1];
}

static int mine(const void *p)
{
    uintptr_t a = (uintptr_t)p;
    for (unsigned i = 0; i < nchunks; i++) {
        uintptr_t b = (uintptr_t)chunks[i].base;
        if (a >= b && a < b + chunks[i].size)
            return 1;
    }
    return 0;
}

static struct hdr *hdr_of(void *p)
{
    return (struct hdr *)p - 1;
}

static size_t round_up(size_t n)
{
    return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

/* A fresh chunk when the current one cannot hold need bytes. */
static int next_chunk(size_t need)
{
    size_t size = cur()->size < NEXT_CHUNK ? NEXT_CHUNK : cur()->size * 2;
    if (size > MAX_CHUNK)
        size = MAX_CHUNK;
    if (nchunks == MAX_CHUNKS || size < need || total + size > ARENA_MAX)
        return -1;
    unsigned char *base = calloc(1, size);
    if (!base)
        return -1;
    chunks[nchunks++] = (struct chunk){base, size};
    total += size;
    top = pristine = 0;
    last = SIZE_MAX;
    // cppcheck-suppress memleak ; kept in chunks[] for the process's life
    return 0;
}

static void *carve(size_t n)
{
    size_t cap = round_up(n), need = cap + sizeof(struct hdr);
    if (n == 0 || n > BLOCK_MAX)
        return NULL;
    if (cur()->size - top < need && next_chunk(need))
        return NULL;
    struct hdr *h = (struct hdr *)(cur()->base + top);
    h->cap = cap;
    last = top;
    top += need;
    /* Blocks come zeroed: only bytes a freed last block wrote need it. */
    size_t off = last + sizeof *h;
    if (off < pristine)
        memset(h + 1, 0, (pristine < top ? pristine : top) - off);
    if (top > pristine)
        pristine = top;
    return h + 1;
}

static int is_last(void *p)
{
    return last != SIZE_MAX && (unsigned char *)hdr_of(p) == cur()->base + last;
}

static void release(void *p)
{
    if (!mine(p)) {
        free(p);
        return;
    }
    if (is_last(p)) {
        top = last;
        last = SIZE_MAX; /* the one before is not known: no more undo */
    }
}

void *arena_zalloc(void *ctx, size_t n)
{
    (void)ctx;
    void *p = carve(n);
    return p ? p : calloc(1, n);
}

void *arena_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    if (n == 0) {
        if (p)
            release(p);
        return NULL;
    }
    if (!p) {
        void *q = carve(n);
        return q ? q : malloc(n);
    }
    if (!mine(p))
        return realloc(p, n);
    struct hdr *h = hdr_of(p);
    size_t cap = round_up(n);
    if (cap <= h->cap) /* shrinking keeps the block */
        return p;
    if (is_last(p) && n <= BLOCK_MAX && cur()->size - last - sizeof *h >= cap) {
        top = last + sizeof *h + cap;
        if (top > pristine)
            pristine = top; /* the bytes grown into are still zero */
        h->cap = cap;
        return p;
    }
    void *q = carve(n);
    if (!q && !(q = malloc(n)))
        return NULL;
    memcpy(q, p, h->cap);
    release(p);
    return q;
}
