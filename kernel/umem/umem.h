/* SPDX-License-Identifier: MIT */
/*
 * umem: the application's memory map. Skiff maps the application with the
 * identity (virtual = physical, like the kernel), so owning a range of
 * addresses means owning those page frames: a fixed address (a non-PIE
 * executable at 0x400000, brk growth, MAP_FIXED) is an exact claim on the
 * frames, a free choice (mmap without a usable hint) takes frames wherever
 * the allocator has them. umem keeps the sorted list of regions with their
 * protections and implements brk, mmap, munmap, mprotect, mremap and
 * madvise with Linux's semantics and error values on top of a few
 * operations (frames, page protections, copies) that the kernel provides
 * and host tests simulate. Single-threaded, like the application.
 */
#ifndef SKIFF_UMEM_H
#define SKIFF_UMEM_H
#include <stddef.h>
#include <stdint.h>

#define UMEM_PAGE 4096ull

/* Linux's values (uapi asm-generic/mman-common.h, mman.h). */
#define UMEM_PROT_READ       0x1
#define UMEM_PROT_WRITE      0x2
#define UMEM_PROT_EXEC       0x4
#define UMEM_MAP_SHARED      0x01
#define UMEM_MAP_PRIVATE     0x02
#define UMEM_MAP_SHARED_VAL  0x03
#define UMEM_MAP_TYPE        0x0f
#define UMEM_MAP_FIXED       0x10
#define UMEM_MAP_ANONYMOUS   0x20
#define UMEM_MAP_FIXED_NOREP 0x100000
#define UMEM_MREMAP_MAYMOVE  1
#define UMEM_MREMAP_FIXED    2
#define UMEM_MADV_DONTNEED   4
#define UMEM_MADV_LAST       25 /* MADV_COLLAPSE, the newest in Linux 6.1 */

struct umem_ops {
    /* Take exactly the frames [base, base + n pages), or -ENOMEM. */
    int (*claim)(void *ctx, uint64_t base, uint64_t npages);
    /* Take n contiguous frames anywhere, or -ENOMEM. */
    int (*alloc)(void *ctx, uint64_t npages, uint64_t *base);
    void (*free)(void *ctx, uint64_t base, uint64_t npages);
    /* Set page protections: prot UMEM_PROT_* for the application, or -1
     * for "the kernel's again" (freed frames). Returns 0 or -ENOMEM. */
    int (*protect)(void *ctx, uint64_t va, uint64_t len, int prot);
    void (*zero)(void *ctx, uint64_t va, uint64_t len);
    void (*copy)(void *ctx, uint64_t dst, uint64_t src, uint64_t len);
    /* Fill [va, va + len) from file (fd) at (off); bytes past the end of
     * the file are zero. Returns 0 or a negative errno. */
    int (*fill)(void *ctx, int fd, uint64_t va, uint64_t len, uint64_t off);
    /* May (fd) be mapped so? 0, -EBADF, -EACCES, -ENODEV. */
    int (*check)(void *ctx, int fd, int prot_write, int shared);
    void *ctx;
};

enum umem_kind { UMEM_IMAGE, UMEM_BRK, UMEM_MMAP, UMEM_STACK };

struct umem_region {
    uint64_t start, end; /* page-aligned, [start, end) */
    int prot;
    enum umem_kind kind;
};

struct umem {
    const struct umem_ops *ops;
    struct umem_region *r; /* sorted, disjoint; storage from the caller */
    unsigned n, cap;
    uint64_t brk_start, brk; /* the break, and where it began */
    uint64_t limit;          /* no address at or above (the identity map) */
    uint64_t bytes;          /* mapped in all */
};

void umem_init(struct umem *m, const struct umem_ops *ops,
               struct umem_region *storage, unsigned cap, uint64_t limit);

/* Claim [va, va + len) for the loader (image segments, stack), zeroed,
 * with (prot) set later by umem_protect. Returns 0, -ENOMEM when a frame
 * is taken or the map is full, -EINVAL for a bad range. */
int umem_claim(struct umem *m, uint64_t va, uint64_t len, int prot,
               enum umem_kind kind);

/* Take len bytes anywhere, zeroed. Returns the address or -ENOMEM. */
long umem_take(struct umem *m, uint64_t len, int prot, enum umem_kind kind);

/* Start the break at (va) (page-rounded up): the end of the image. */
void umem_brk_init(struct umem *m, uint64_t va);

/* The system calls, with Linux's arguments and return values. */
long umem_brk(struct umem *m, uint64_t addr);
long umem_mmap(struct umem *m, uint64_t addr, uint64_t len, int prot, int flags,
               int fd, uint64_t off);
long umem_munmap(struct umem *m, uint64_t addr, uint64_t len);
long umem_mprotect(struct umem *m, uint64_t addr, uint64_t len, int prot);
long umem_mremap(struct umem *m, uint64_t old, uint64_t old_len,
                 uint64_t new_len, int flags, uint64_t new_addr);
long umem_madvise(struct umem *m, uint64_t addr, uint64_t len, int advice);

/* 1 when [addr, addr + len) is mapped with at least (prot). */
int umem_ok(const struct umem *m, uint64_t addr, uint64_t len, int prot);

/* The region holding (addr), or NULL. */
const struct umem_region *umem_find(const struct umem *m, uint64_t addr);

/* Give every frame back (the application is done). */
void umem_release(struct umem *m);

#endif
