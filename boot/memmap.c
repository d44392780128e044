/* SPDX-License-Identifier: MIT */
/*
 * Memory-map normalisation and the helpers all three boot parsers share.
 *
 * Loaders hand over E820-style maps of varying quality: qboot's PVH map is
 * unsorted and ends in an all-zero entry, Firecracker lists the RAM above
 * 4 GiB before the RAM at 1 MiB, and nothing in the PVH, Multiboot or
 * boot_params specifications forbids overlaps. bootinfo_mem_normalize turns
 * any such list into sorted, disjoint, non-empty ranges with one sweep over
 * the range boundaries: at each boundary the covering entry of highest rank
 * wins (any non-RAM type beats RAM, a higher type number beats a lower one),
 * which is the conservative reading Linux's e820 sanitiser also takes.
 *
 * The sweep needs about 3 KiB of stack (one BOOTINFO_MAX_MEM table) and is
 * quadratic in the entry count, which is at most 128.
 */
#include "boot/boot_internal.h"
#include "boot/bootinfo.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

const char *bootinfo_proto_name(enum boot_proto p)
{
    switch (p) {
    case BOOT_PROTO_PVH: return "pvh";
    case BOOT_PROTO_MULTIBOOT: return "multiboot";
    case BOOT_PROTO_LINUX: return "linux";
    default: return "none";
    }
}

unsigned bootinfo_mem_clip(struct bootinfo *bi, uint64_t limit)
{
    unsigned changed = 0, out = 0;
    uint32_t n = bi->nmem < BOOTINFO_MAX_MEM ? bi->nmem : BOOTINFO_MAX_MEM;
    for (uint32_t i = 0; i < n; i++) {
        struct bootinfo_mem e = bi->mem[i];
        if (e.base >= limit) {
            changed++;
            continue;
        }
        if (e.size > limit - e.base) {
            e.size = limit - e.base;
            changed++;
        }
        bi->mem[out++] = e;
    }
    bi->nmem = out;
    if (changed)
        bi->hints |= BOOTINFO_HINT_MEMMAP_FIXED;
    return changed;
}

uint64_t bootinfo_ram_total(const struct bootinfo *bi)
{
    uint64_t sum = 0;
    uint32_t n = bi->nmem < BOOTINFO_MAX_MEM ? bi->nmem : BOOTINFO_MAX_MEM;
    for (uint32_t i = 0; i < n; i++) {
        if (bi->mem[i].type != BOOTINFO_MEM_RAM)
            continue;
        /* Saturate: only an unnormalised map can overlap enough to wrap. */
        if (bi->mem[i].size > UINT64_MAX - sum)
            return UINT64_MAX;
        sum += bi->mem[i].size;
    }
    return sum;
}

/* Overlap priority: RAM lowest, then non-RAM by type number (type 0 is
 * garbage but still not RAM, hence the +1). */
static uint64_t rank(uint32_t type)
{
    return type == BOOTINFO_MEM_RAM ? 0 : (uint64_t)type + 1;
}

/* Drop empty entries and clamp ranges that would pass 2^64 (the end is
 * kept exclusive, so the last representable end is 2^64-1). */
static uint32_t compact(struct bootinfo *bi)
{
    uint32_t n = 0, total = bi->nmem;
    if (total > BOOTINFO_MAX_MEM) {
        total = BOOTINFO_MAX_MEM;
        bi->hints |= BOOTINFO_HINT_MEMMAP_CUT;
    }
    for (uint32_t i = 0; i < total; i++) {
        struct bootinfo_mem e = bi->mem[i];
        if (e.size > UINT64_MAX - e.base) {
            e.size = UINT64_MAX - e.base;
            bi->hints |= BOOTINFO_HINT_MEMMAP_FIXED;
        }
        if (e.size == 0) {
            bi->hints |= BOOTINFO_HINT_MEMMAP_FIXED;
            continue;
        }
        bi->mem[n++] = e;
    }
    return n;
}

/* What the map says at (pos): how many entries cover it, the winning type,
 * and the next boundary above pos (*has_next = 0 when there is none). */
struct probe {
    uint32_t covers, type;
    int has_next;
    uint64_t next;
};

static void boundary(struct probe *p, uint64_t pos, uint64_t b)
{
    if (b > pos && (!p->has_next || b < p->next)) {
        p->next = b;
        p->has_next = 1;
    }
}

static struct probe probe_at(const struct bootinfo *bi, uint32_t n,
                             uint64_t pos)
{
    struct probe p = {0, 0, 0, 0};
    for (uint32_t i = 0; i < n; i++) {
        const struct bootinfo_mem *e = &bi->mem[i];
        uint64_t end = e->base + e->size; /* compact() ruled out a wrap */
        if (e->base <= pos && pos < end) {
            if (p.covers == 0 || rank(e->type) > rank(p.type))
                p.type = e->type;
            p.covers++;
        }
        boundary(&p, pos, e->base);
        boundary(&p, pos, end);
    }
    return p;
}

/* Append [base, end) to (out), merging with a touching entry of the same
 * type. Returns -ENOSPC when the output table is full. */
static int emit(struct bootinfo *bi, struct bootinfo_mem *out, uint32_t *nout,
                uint64_t base, uint64_t end, uint32_t type)
{
    struct bootinfo_mem *last = *nout ? &out[*nout - 1] : NULL;
    if (last && last->type == type && last->base + last->size == base) {
        last->size += end - base;
        bi->hints |= BOOTINFO_HINT_MEMMAP_FIXED;
        return 0;
    }
    if (*nout == BOOTINFO_MAX_MEM) {
        bi->hints |= BOOTINFO_HINT_MEMMAP_CUT;
        return -ENOSPC;
    }
    out[(*nout)++] = (struct bootinfo_mem){base, end - base, type};
    return 0;
}

void bootinfo_mem_normalize(struct bootinfo *bi)
{
    struct bootinfo_mem out[BOOTINFO_MAX_MEM];
    uint32_t nout = 0, n = compact(bi);
    uint64_t pos = UINT64_MAX;

    bi->nmem = 0;
    if (n == 0)
        return;
    for (uint32_t i = 0; i < n; i++)
        pos = bi->mem[i].base < pos ? bi->mem[i].base : pos;
    /* Each step moves (pos) to the next of at most 2n boundaries. */
    for (;;) {
        struct probe p = probe_at(bi, n, pos);
        if (p.covers > 1)
            bi->hints |= BOOTINFO_HINT_MEMMAP_FIXED;
        if (p.covers > 0 && emit(bi, out, &nout, pos, p.next, p.type) < 0)
            break;
        if (!p.has_next)
            break;
        pos = p.next;
    }
    memcpy(bi->mem, out, nout * sizeof(out[0]));
    bi->nmem = nout;
}

int boot_str_copy(const struct boot_mem *m, uint64_t pa, uint64_t max,
                  char *dst, size_t size, int *cut)
{
    uint64_t left = bmem_left(m, pa);
    uint64_t lim = max < left ? max : left;
    size_t n = 0;

    *cut = 0;
    dst[0] = '\0';
    if (left == 0)
        return -EFAULT;
    for (uint64_t i = 0; i < lim; i++) {
        char c = (char)bmem_raw8(m, pa + i);
        if (c == '\0')
            break;
        if (n + 1 >= size) {
            *cut = 1;
            break;
        }
        dst[n++] = c;
        if (i + 1 == lim && lim < max) {
            /* The window ended first: an unterminated string is garbage. */
            dst[0] = '\0';
            return -EINVAL;
        }
    }
    dst[n] = '\0';
    return 0;
}

int boot_cmdline_copy(const struct boot_mem *m, uint64_t pa, uint64_t max,
                      struct bootinfo *bi)
{
    int cut;
    int rc = boot_str_copy(m, pa, max, bi->cmdline, sizeof(bi->cmdline), &cut);
    if (cut)
        bi->hints |= BOOTINFO_HINT_CMDLINE_CUT;
    return rc;
}

void boot_str_diag(struct diag *d, int rc, const char *field, uint64_t pa)
{
    if (rc == -EFAULT)
        diag_set(d, "%s 0x%llx outside memory (dropped)", field,
                 (unsigned long long)pa);
    else if (rc < 0)
        diag_set(d,
                 "%s 0x%llx not NUL-terminated before the end of memory "
                 "(dropped)",
                 field, (unsigned long long)pa);
}

int boot_mem_add(struct bootinfo *bi, uint64_t base, uint64_t size,
                 uint32_t type)
{
    if (size > UINT64_MAX - base) {
        size = UINT64_MAX - base;
        bi->hints |= BOOTINFO_HINT_MEMMAP_FIXED;
    }
    if (size == 0) {
        bi->hints |= BOOTINFO_HINT_MEMMAP_FIXED;
        return 0;
    }
    if (bi->nmem >= BOOTINFO_MAX_MEM) {
        bi->hints |= BOOTINFO_HINT_MEMMAP_CUT;
        return -ENOSPC;
    }
    bi->mem[bi->nmem++] = (struct bootinfo_mem){base, size, type};
    return 0;
}

void boot_mem_read_table(const struct boot_mem *m, uint64_t pa, uint64_t count,
                         unsigned stride, struct bootinfo *bi)
{
    for (uint64_t i = 0; i < count; i++) {
        uint64_t e = pa + i * stride;
        if (boot_mem_add(bi, bmem_u64(m, e), bmem_u64(m, e + 8),
                         bmem_u32(m, e + 16)) < 0)
            break;
    }
}

void boot_start(struct bootinfo *bi, uint64_t info_pa, struct diag *d)
{
    memset(bi, 0, sizeof(*bi));
    bi->info_addr = info_pa;
    if (d)
        d->msg[0] = '\0';
}

/* Does (s) contain a parameter starting with (key)? Matches at the start of
 * a space-separated word only, so "xvirtio_mmio.device=" does not count. */
static int has_param(const char *s, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; s[i]; i++) {
        if ((i == 0 || s[i - 1] == ' ') && strncmp(s + i, key, n) == 0)
            return 1;
    }
    return 0;
}

int boot_finish(struct bootinfo *bi, enum boot_proto proto, const char *what,
                struct diag *d)
{
    bootinfo_mem_normalize(bi);
    if (bi->nmem == 0) {
        diag_set(d, "%s has no non-empty entry", what);
        return -EINVAL;
    }
    /* QEMU microvm's auto-kernel-cmdline and Firecracker describe their
     * virtio-mmio transports only here (vmm-conventions §4). */
    if (has_param(bi->cmdline, "virtio_mmio.device="))
        bi->hints |= BOOTINFO_HINT_MMIO_CMDLINE;
    bi->proto = proto;
    return 0;
}
