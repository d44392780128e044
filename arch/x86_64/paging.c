/* SPDX-License-Identifier: MIT */
/* paging: see paging.h. Intel SDM vol. 3A §4.5 (4-level paging). */
#include "arch/x86_64/paging.h"
#include "arch/x86_64/asm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "boot/bootinfo.h"
#include "skiff/errno.h"

#define PTE_P   (1ull << 0)
#define PTE_W   (1ull << 1)
#define PTE_U   (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS  (1ull << 7)
#define PTE_NX  (1ull << 63)
#define TABLE   (PTE_P | PTE_W)
#define SZ_2M   0x200000ull
#define SZ_1G   0x40000000ull
#define SZ_4G   0x100000000ull

struct ctx {
    paging_page_fn alloc;
    struct paging_stats *st;
    uint64_t nx;
    const struct bootinfo *bi;
};

static uint64_t *table(uint64_t pa)
{
    return (uint64_t *)(uintptr_t)pa;
}

/* Return the table that entry (e) of (parent) points to, creating it. */
static int next_level(struct ctx *c, uint64_t *parent, unsigned e,
                      uint64_t **out)
{
    if (!(parent[e] & PTE_P)) {
        uint64_t pa;
        if (c->alloc(&pa))
            return -ENOMEM;
        c->st->table_pages++;
        parent[e] = pa | TABLE;
    }
    *out = table(parent[e] & 0x000ffffffffff000ull);
    return 0;
}

static int has_memory(const struct bootinfo *bi, uint64_t base, uint64_t end)
{
    for (uint32_t i = 0; i < bi->nmem; i++) {
        const struct bootinfo_mem *m = &bi->mem[i];
        if (m->type != BOOTINFO_MEM_RESERVED && m->base < end &&
            m->base + m->size > base)
            return 1;
    }
    return 0;
}

/* Flags of the 4 KiB page at (a) inside the image's 2 MiB regions. */
static uint64_t image_page_flags(const struct ctx *c, uint64_t a)
{
    if (a == 0)
        return 0; /* catch null pointers */
    if (a == (uintptr_t)boot_stack_guard || a == (uintptr_t)ist_stack_guard)
        return 0;
    if (a >= (uintptr_t)_kernel_start && a < (uintptr_t)_etext)
        return PTE_P;
    if (a >= (uintptr_t)_etext && a < (uintptr_t)_erodata)
        return PTE_P | c->nx;
    return PTE_P | PTE_W | c->nx;
}

static int map_small(struct ctx *c, uint64_t *pd, uint64_t base)
{
    uint64_t *pt;
    int rc = next_level(c, pd, (unsigned)((base >> 21) & 511), &pt);
    for (unsigned i = 0; !rc && i < 512; i++) {
        uint64_t a = base + (uint64_t)i * 4096;
        uint64_t f = image_page_flags(c, a);
        pt[i] = f ? a | f : 0;
    }
    return rc;
}

static int map_region(struct ctx *c, uint64_t *pml4, uint64_t base)
{
    uint64_t *pdpt, *pd;
    int rc = next_level(c, pml4, (unsigned)((base >> 39) & 511), &pdpt);
    if (!rc)
        rc = next_level(c, pdpt, (unsigned)((base >> 30) & 511), &pd);
    if (rc)
        return rc;
    if (base < (uintptr_t)_end)
        return map_small(c, pd, base);
    uint64_t f = PTE_P | PTE_W | PTE_PS | c->nx;
    if (!has_memory(c->bi, base, base + SZ_2M))
        f |= PTE_PCD | PTE_PWT;
    pd[(base >> 21) & 511] = base | f;
    return 0;
}

static uint64_t map_top(const struct bootinfo *bi)
{
    uint64_t top = SZ_4G;
    for (uint32_t i = 0; i < bi->nmem; i++) {
        const struct bootinfo_mem *m = &bi->mem[i];
        if (m->type != BOOTINFO_MEM_RESERVED && m->base + m->size > top)
            top = m->base + m->size;
    }
    return (top + SZ_1G - 1) & ~(SZ_1G - 1);
}

/* Kept for paging_map_device. */
static struct ctx live;
static struct paging_stats *live_st;
static uint64_t live_pml4;

int paging_init(const struct bootinfo *bi, paging_page_fn alloc,
                struct paging_stats *st)
{
    uint64_t pml4_pa;
    struct ctx c = {alloc, st, 0, bi};
    *st = (struct paging_stats){map_top(bi), 0, 0};
    if (msr_read(MSR_EFER) & (1u << 11)) {
        c.nx = PTE_NX;
        st->nx = 1;
    }
    if (alloc(&pml4_pa))
        return -ENOMEM;
    st->table_pages = 1;
    for (uint64_t a = 0; a < st->top; a += SZ_2M) {
        if (map_region(&c, table(pml4_pa), a))
            return -ENOMEM;
    }
    cr_write3(pml4_pa);
    live = c;
    live.bi = 0;
    live_st = st;
    live_pml4 = pml4_pa;
    return 0;
}

int paging_map_device(uint64_t base, uint64_t size)
{
    if (!live_pml4)
        return -EINVAL;
    if (!size || base + size < base || (base + size) >> 48)
        return -EINVAL;
    uint64_t end = base + size;
    for (uint64_t a = base & ~(SZ_2M - 1); a < end; a += SZ_2M) {
        if (a < live_st->top)
            continue; /* the identity map has it */
        uint64_t *pdpt, *pd;
        uint64_t *pml4 = table(live_pml4);
        if (next_level(&live, pml4, (unsigned)((a >> 39) & 511), &pdpt) ||
            next_level(&live, pdpt, (unsigned)((a >> 30) & 511), &pd))
            return -ENOMEM;
        uint64_t *e = &pd[(a >> 21) & 511];
        if (!(*e & PTE_P))
            *e = a | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT | live.nx;
    }
    return 0;
}

static void invlpg(uint64_t a)
{
    __asm__ volatile("invlpg (%0)" : : "r"(a) : "memory");
}

/* The 4 KiB entry for (a), splitting a 2 MiB page on the way with the same
 * flags, and opening the upper levels to ring 3 when (user): the leaf
 * entry alone then decides. NULL when a table page cannot be had. */
static uint64_t *leaf_entry(uint64_t a, int user)
{
    uint64_t *pdpt, *pd, *pt;
    uint64_t *pml4 = table(live_pml4);
    unsigned i4 = (a >> 39) & 511, i3 = (a >> 30) & 511, i2 = (a >> 21) & 511;
    if (next_level(&live, pml4, i4, &pdpt) || next_level(&live, pdpt, i3, &pd))
        return 0;
    uint64_t e = pd[i2];
    if ((e & PTE_P) && (e & PTE_PS)) {
        uint64_t pa;
        if (live.alloc(&pa))
            return 0;
        live_st->table_pages++;
        uint64_t *t = table(pa);
        uint64_t base = e & 0x000fffffffe00000ull;
        uint64_t f = e & (PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX);
        for (unsigned i = 0; i < 512; i++)
            t[i] = (base + (uint64_t)i * 4096) | f;
        pd[i2] = pa | TABLE;
        invlpg(base); /* the 2 MiB translation */
    } else if (!(e & PTE_P)) {
        if (next_level(&live, pd, i2, &pt))
            return 0;
    }
    if (user) {
        pml4[i4] |= PTE_U;
        pdpt[i3] |= PTE_U;
        pd[i2] |= PTE_U;
    }
    pt = table(pd[i2] & 0x000ffffffffff000ull);
    return &pt[(a >> 12) & 511];
}

int paging_set_user(uint64_t va, uint64_t len, unsigned prot)
{
    if (!live_pml4)
        return -EINVAL;
    if ((va | len) & 4095 || va + len < va || (va + len) > live_st->top ||
        va < (uintptr_t)_end)
        return -EINVAL;
    for (uint64_t a = va; a < va + len; a += 4096) {
        uint64_t *pte = leaf_entry(a, prot & PAGING_USER);
        if (!pte)
            return -ENOMEM;
        uint64_t f = PTE_P | PTE_W | live.nx; /* the kernel's own view */
        if (prot & PAGING_GUARD)
            f = 0;
        else if (prot & PAGING_USER)
            f = PTE_P | PTE_U | (prot & PAGING_WRITE ? PTE_W : 0) |
                (prot & PAGING_EXEC ? 0 : live.nx);
        *pte = f ? a | f : 0;
        invlpg(a);
    }
    return 0;
}
