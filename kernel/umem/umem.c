/* SPDX-License-Identifier: MIT */
/*
 * umem: see umem.h. Every operation first splits regions at its bounds, so
 * that it works on whole regions, and finally merges neighbours that agree
 * again, which keeps the list short for programs (musl's malloc) that map
 * and unmap page by page.
 */
#include "kernel/umem/umem.h"
#include "skiff/errno.h"

#define UP(x) (((x) + UMEM_PAGE - 1) & ~(UMEM_PAGE - 1))

void umem_init(struct umem *m, const struct umem_ops *ops,
               struct umem_region *storage, unsigned cap, uint64_t limit)
{
    *m = (struct umem){.ops = ops, .r = storage, .cap = cap, .limit = limit};
}

/* First region ending after (a). */
static unsigned lower(const struct umem *m, uint64_t a)
{
    unsigned lo = 0, hi = m->n;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (m->r[mid].end <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct umem_region *umem_find(const struct umem *m, uint64_t addr)
{
    unsigned i = lower(m, addr);
    return i < m->n && m->r[i].start <= addr ? &m->r[i] : 0;
}

/* 1 when no region meets [lo, hi). */
static int is_free(const struct umem *m, uint64_t lo, uint64_t hi)
{
    unsigned i = lower(m, lo);
    return i >= m->n || m->r[i].start >= hi;
}

/* Make (a) a region boundary. Returns 0 or -ENOMEM (no slot). */
static int split_at(struct umem *m, uint64_t a)
{
    unsigned i = lower(m, a);
    if (i >= m->n || m->r[i].start >= a)
        return 0;
    if (m->n == m->cap)
        return -ENOMEM;
    for (unsigned j = m->n; j > i; j--)
        m->r[j] = m->r[j - 1];
    m->n++;
    m->r[i].end = a;
    m->r[i + 1].start = a;
    return 0;
}

static void merge(struct umem *m)
{
    unsigned out = 0;
    for (unsigned i = 0; i < m->n; i++) {
        struct umem_region *p = out ? &m->r[out - 1] : 0;
        if (p && p->end == m->r[i].start && p->prot == m->r[i].prot &&
            p->kind == m->r[i].kind)
            p->end = m->r[i].end;
        else
            m->r[out++] = m->r[i];
    }
    m->n = out;
}

static void remove_at(struct umem *m, unsigned i)
{
    for (unsigned j = i + 1; j < m->n; j++)
        m->r[j - 1] = m->r[j];
    m->n--;
}

/* Unmap [lo, hi): frames back, pages back to the kernel. */
static int release(struct umem *m, uint64_t lo, uint64_t hi)
{
    if (split_at(m, lo) || split_at(m, hi))
        return -ENOMEM;
    unsigned i = lower(m, lo);
    while (i < m->n && m->r[i].start < hi) {
        struct umem_region *r = &m->r[i];
        m->ops->protect(m->ops->ctx, r->start, r->end - r->start, -1);
        m->ops->free(m->ops->ctx, r->start, (r->end - r->start) / UMEM_PAGE);
        m->bytes -= r->end - r->start;
        remove_at(m, i);
    }
    merge(m);
    return 0;
}

static int range_ok(const struct umem *m, uint64_t a, uint64_t len)
{
    return len && a + len > a && a + len <= m->limit;
}

/* Record [va, va + len) whose frames are already ours: zeroed, protected. */
static int add(struct umem *m, uint64_t va, uint64_t len, int prot,
               enum umem_kind kind)
{
    if (m->n == m->cap) {
        m->ops->free(m->ops->ctx, va, len / UMEM_PAGE);
        return -ENOMEM;
    }
    m->ops->zero(m->ops->ctx, va, len);
    if (m->ops->protect(m->ops->ctx, va, len, prot)) {
        m->ops->protect(m->ops->ctx, va, len, -1);
        m->ops->free(m->ops->ctx, va, len / UMEM_PAGE);
        return -ENOMEM;
    }
    unsigned i = lower(m, va);
    for (unsigned j = m->n; j > i; j--)
        m->r[j] = m->r[j - 1];
    m->r[i] = (struct umem_region){va, va + len, prot, kind};
    m->n++;
    m->bytes += len;
    merge(m);
    return 0;
}

int umem_claim(struct umem *m, uint64_t va, uint64_t len, int prot,
               enum umem_kind kind)
{
    len = UP(len);
    if ((va & (UMEM_PAGE - 1)) || !range_ok(m, va, len))
        return -EINVAL;
    if (!is_free(m, va, va + len) ||
        m->ops->claim(m->ops->ctx, va, len / UMEM_PAGE))
        return -ENOMEM;
    return add(m, va, len, prot, kind);
}

long umem_take(struct umem *m, uint64_t len, int prot, enum umem_kind kind)
{
    uint64_t va;
    len = UP(len);
    if (!len || len > m->limit)
        return -ENOMEM;
    if (m->ops->alloc(m->ops->ctx, len / UMEM_PAGE, &va))
        return -ENOMEM;
    if (va + len > m->limit) {
        m->ops->free(m->ops->ctx, va, len / UMEM_PAGE);
        return -ENOMEM;
    }
    int rc = add(m, va, len, prot, kind);
    return rc ? rc : (long)va;
}

void umem_brk_init(struct umem *m, uint64_t va)
{
    m->brk_start = m->brk = UP(va);
}

long umem_brk(struct umem *m, uint64_t addr)
{
    if (addr < m->brk_start || addr > m->limit)
        return (long)m->brk; /* a query, or out of reach: Linux's answer */
    uint64_t old = UP(m->brk), want = UP(addr);
    if (want > old) {
        if (umem_claim(m, old, want - old, UMEM_PROT_READ | UMEM_PROT_WRITE,
                       UMEM_BRK))
            return (long)m->brk; /* failure: the break stays */
    } else if (want < old && release(m, want, old)) {
        return (long)m->brk;
    }
    m->brk = addr;
    return (long)addr;
}

static int fill(struct umem *m, uint64_t va, uint64_t len, int prot, int fd,
                uint64_t off)
{
    /* Fill while writable by the kernel, then give the final protection. */
    int rc = m->ops->protect(m->ops->ctx, va, len, -1);
    if (!rc)
        rc = m->ops->fill(m->ops->ctx, fd, va, len, off);
    int rc2 = m->ops->protect(m->ops->ctx, va, len, prot);
    return rc ? rc : rc2;
}

long umem_mmap(struct umem *m, uint64_t addr, uint64_t len, int prot, int flags,
               int fd, uint64_t off)
{
    int type = flags & UMEM_MAP_TYPE;
    int fixed = flags & (UMEM_MAP_FIXED | UMEM_MAP_FIXED_NOREP);
    int anon = flags & UMEM_MAP_ANONYMOUS;
    if (!len || (off & (UMEM_PAGE - 1)) || (prot & ~7) ||
        (type != UMEM_MAP_PRIVATE && type != UMEM_MAP_SHARED &&
         type != UMEM_MAP_SHARED_VAL))
        return -EINVAL;
    if (len > UINT64_MAX - UMEM_PAGE)
        return -ENOMEM;
    len = UP(len);
    if (!anon) {
        int rc = m->ops->check(m->ops->ctx, fd, !!(prot & UMEM_PROT_WRITE),
                               type != UMEM_MAP_PRIVATE);
        if (rc)
            return rc;
    }
    long va;
    if (fixed) {
        if ((addr & (UMEM_PAGE - 1)) || !range_ok(m, addr, len))
            return (addr & (UMEM_PAGE - 1)) ? -EINVAL : -ENOMEM;
        int busy = !is_free(m, addr, addr + len);
        if (busy && (flags & UMEM_MAP_FIXED_NOREP))
            return -EEXIST;
        if (busy && release(m, addr, addr + len))
            return -ENOMEM;
        int rc = umem_claim(m, addr, len, prot, UMEM_MMAP);
        if (rc)
            return rc;
        va = (long)addr;
    } else {
        va = -ENOMEM;
        if (addr && !(addr & (UMEM_PAGE - 1)) && range_ok(m, addr, len) &&
            is_free(m, addr, addr + len))
            va = umem_claim(m, addr, len, prot, UMEM_MMAP) ? -ENOMEM
                                                           : (long)addr;
        if (va < 0)
            va = umem_take(m, len, prot, UMEM_MMAP);
        if (va < 0)
            return va;
    }
    if (!anon) {
        int rc = fill(m, (uint64_t)va, len, prot, fd, off);
        if (rc) {
            release(m, (uint64_t)va, (uint64_t)va + len);
            return rc;
        }
    }
    return va;
}

long umem_munmap(struct umem *m, uint64_t addr, uint64_t len)
{
    if ((addr & (UMEM_PAGE - 1)) || !len || len > UINT64_MAX - UMEM_PAGE)
        return -EINVAL;
    len = UP(len);
    if (addr + len < addr)
        return -EINVAL;
    return release(m, addr, addr + len);
}

/* 1 when [lo, hi) is covered by regions without a gap. */
static int covered(const struct umem *m, uint64_t lo, uint64_t hi)
{
    unsigned i = lower(m, lo);
    uint64_t at = lo;
    for (; i < m->n && m->r[i].start <= at && at < hi; i++)
        at = m->r[i].end;
    return at >= hi;
}

long umem_mprotect(struct umem *m, uint64_t addr, uint64_t len, int prot)
{
    if ((addr & (UMEM_PAGE - 1)) || (prot & ~7))
        return -EINVAL;
    if (!len)
        return 0;
    len = UP(len);
    if (addr + len < addr)
        return -ENOMEM;
    if (!covered(m, addr, addr + len))
        return -ENOMEM;
    if (split_at(m, addr) || split_at(m, addr + len))
        return -ENOMEM;
    for (unsigned i = lower(m, addr); i < m->n && m->r[i].start < addr + len;
         i++) {
        struct umem_region *r = &m->r[i];
        if (m->ops->protect(m->ops->ctx, r->start, r->end - r->start, prot))
            return -ENOMEM;
        r->prot = prot;
    }
    merge(m);
    return 0;
}

long umem_mremap(struct umem *m, uint64_t old, uint64_t old_len,
                 uint64_t new_len, int flags, uint64_t new_addr)
{
    if ((old & (UMEM_PAGE - 1)) || !new_len ||
        (flags & ~(UMEM_MREMAP_MAYMOVE | UMEM_MREMAP_FIXED)) ||
        ((flags & UMEM_MREMAP_FIXED) && !(flags & UMEM_MREMAP_MAYMOVE)) ||
        new_len > UINT64_MAX - UMEM_PAGE || old_len > UINT64_MAX - UMEM_PAGE)
        return -EINVAL;
    old_len = UP(old_len);
    new_len = UP(new_len);
    const struct umem_region *r = umem_find(m, old);
    if (!old_len || !r || r->end < old + old_len)
        return -EFAULT;
    int prot = r->prot;
    enum umem_kind kind = r->kind;
    if (flags & UMEM_MREMAP_FIXED) {
        if ((new_addr & (UMEM_PAGE - 1)) || !range_ok(m, new_addr, new_len) ||
            (new_addr < old + old_len && old < new_addr + new_len))
            return -EINVAL;
        if (release(m, new_addr, new_addr + new_len) ||
            umem_claim(m, new_addr, new_len, prot, kind))
            return -ENOMEM;
    } else if (new_len <= old_len) {
        long rc =
            new_len < old_len ? release(m, old + new_len, old + old_len) : 0;
        return rc ? rc : (long)old;
    } else {
        uint64_t tail = old + old_len;
        if (range_ok(m, tail, new_len - old_len) &&
            is_free(m, tail, old + new_len) &&
            !umem_claim(m, tail, new_len - old_len, prot, kind))
            return (long)old;
        if (!(flags & UMEM_MREMAP_MAYMOVE))
            return -ENOMEM;
        long va = umem_take(m, new_len, prot, kind);
        if (va < 0)
            return va;
        new_addr = (uint64_t)va;
    }
    /* Copy through the kernel's view, then drop the old range. */
    m->ops->protect(m->ops->ctx, new_addr, new_len, -1);
    m->ops->copy(m->ops->ctx, new_addr, old,
                 old_len < new_len ? old_len : new_len);
    m->ops->protect(m->ops->ctx, new_addr, new_len, prot);
    release(m, old, old + old_len);
    return (long)new_addr;
}

long umem_madvise(struct umem *m, uint64_t addr, uint64_t len, int advice)
{
    /* Linux's advice values: 0-4, then 8 up (5-7 were never assigned). */
    if ((addr & (UMEM_PAGE - 1)) || advice < 0 || (advice > 4 && advice < 8) ||
        advice > UMEM_MADV_LAST)
        return -EINVAL;
    if (!len)
        return 0;
    len = UP(len);
    if (addr + len < addr || !covered(m, addr, addr + len))
        return -ENOMEM;
    if (advice == UMEM_MADV_DONTNEED) {
        /* Private anonymous memory reads as zero afterwards. */
        for (unsigned i = lower(m, addr);
             i < m->n && m->r[i].start < addr + len; i++) {
            const struct umem_region *r = &m->r[i];
            uint64_t lo = r->start > addr ? r->start : addr;
            uint64_t hi = r->end < addr + len ? r->end : addr + len;
            m->ops->protect(m->ops->ctx, lo, hi - lo, -1);
            m->ops->zero(m->ops->ctx, lo, hi - lo);
            m->ops->protect(m->ops->ctx, lo, hi - lo, r->prot);
        }
    }
    return 0;
}

int umem_ok(const struct umem *m, uint64_t addr, uint64_t len, int prot)
{
    if (!len)
        return 1;
    if (addr + len < addr)
        return 0;
    unsigned i = lower(m, addr);
    uint64_t at = addr;
    for (; i < m->n && m->r[i].start <= at && at < addr + len; i++) {
        if ((m->r[i].prot & prot) != prot || !m->r[i].prot)
            return 0;
        at = m->r[i].end;
    }
    return at >= addr + len;
}

void umem_release(struct umem *m)
{
    while (m->n) {
        struct umem_region *r = &m->r[m->n - 1];
        m->ops->protect(m->ops->ctx, r->start, r->end - r->start, -1);
        m->ops->free(m->ops->ctx, r->start, (r->end - r->start) / UMEM_PAGE);
        m->n--;
    }
    m->bytes = 0;
}
