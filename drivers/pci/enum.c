/* SPDX-License-Identifier: MIT */
/*
 * Enumeration (see pci.h): a depth-first walk from the segment's first
 * bus. Functions are recorded in the order found, so a bridge precedes
 * everything below it and (parent) always points backwards. With
 * (assign), BARs are placed as they are found and each bridge's windows
 * are the 1 MiB (I/O: 4 KiB) aligned span its subtree used.
 *
 * Each bus is scanned with the range of bus numbers its bridge forwards
 * (struct span): a bridge below may only use numbers inside it, since
 * configuration cycles for any other number never reach it, and not those
 * an earlier bridge on the same bus claimed. Numbers Skiff gives out come
 * from that range too.
 */
#include "drivers/pci/pci.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define SZ_1M 0x100000ull
#define SZ_4K 0x1000ull

/* A bus being scanned: its number, the last number its bridge forwards
 * (the subordinate; the segment's end on the first bus), and the numbers
 * the bridges found on it so far took. */
struct span {
    unsigned bus, limit;
    unsigned slots; /* device numbers to probe: 1 below a PCIe port */
    int depth, parent;
    uint8_t taken[32];
};

/* PCIe Capabilities register (cap + 2) bits 7:4, PCIe 5.0 §7.5.3.2. */
#define PCIE_TYPE_ROOT_PORT  0x4
#define PCIE_TYPE_DOWNSTREAM 0x6

/* A PCIe root or switch downstream port's link leads to one device, whose
 * functions are all device 0 (PCIe 5.0 §7.3.1; ARI aside), so the other
 * 31 numbers need no probing: a configuration read each, about 30 us
 * under QEMU TCG. */
static unsigned slots_below(const struct pci_dev *p)
{
    if (!p->cap_pcie)
        return 32;
    unsigned type = (pci_read16(p, p->cap_pcie + 2u) >> 4) & 0xf;
    return type == PCIE_TYPE_ROOT_PORT || type == PCIE_TYPE_DOWNSTREAM ? 1 : 32;
}

static int seen(const struct pci_enum *e, unsigned bus)
{
    return e->seen[bus / 8] >> (bus % 8) & 1;
}

static int span_taken(const struct span *s, unsigned lo, unsigned hi)
{
    for (unsigned b = lo; b <= hi && b < 256; b++) {
        if (s->taken[b / 8] >> (b % 8) & 1)
            return 1;
    }
    return 0;
}

static void span_take(struct span *s, unsigned lo, unsigned hi)
{
    for (unsigned b = lo; b <= hi && b < 256; b++)
        s->taken[b / 8] |= (uint8_t)(1u << (b % 8));
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
    uint64_t r = (v + a - 1) & ~(a - 1);
    return r < v ? ~0ull : r;
}

static int win_alloc(struct pci_window *w, uint64_t size, uint64_t *out)
{
    uint64_t a = align_up(w->next, size);
    if (a == ~0ull || a > w->end || w->end - a < size)
        return -ENOSPC;
    *out = a;
    w->next = a + size;
    return 0;
}

static struct pci_window *pick_window(struct pci_enum *e,
                                      const struct pci_bar *b)
{
    if (b->kind == PCI_BAR_IO)
        return &e->io;
    if (b->kind == PCI_BAR_MEM64 && b->prefetch && e->mem64.end)
        return &e->mem64;
    return &e->mem32;
}

/* Place BAR (i) of (p), already sized, and program it. */
static void bar_assign(struct pci_enum *e, struct pci_dev *p, unsigned i,
                       struct diag *d)
{
    struct pci_bar *b = &p->bar[i];
    if (b->kind == PCI_BAR_IO && !e->io.end) {
        /* None on this platform (microvm): whatever the BAR held is not
         * decoded, so I/O decoding stays off for it. */
        b->no_window = 1;
        b->addr = 0;
        e->no_window++;
        return;
    }
    uint64_t a, sz = b->kind == PCI_BAR_IO || b->size > SZ_4K ? b->size : SZ_4K;
    if (win_alloc(pick_window(e, b), sz, &a) &&
        (b->kind != PCI_BAR_MEM64 || win_alloc(&e->mem32, sz, &a))) {
        e->problems++;
        diag_set(d, "%02x:%02x.%x BAR%u: no room for 0x%llx bytes", p->bus,
                 p->dev, p->fn, i, (unsigned long long)b->size);
        return;
    }
    unsigned off = PCI_BAR0 + 4 * i;
    uint32_t flags = pci_read32(p, off) & (b->kind == PCI_BAR_IO ? 3u : 0xfu);
    pci_write32(p, off, (uint32_t)a | flags);
    if (b->kind == PCI_BAR_MEM64)
        pci_write32(p, off + 4, (uint32_t)(a >> 32));
    b->addr = a;
}

/* Write all ones, read the mask, restore: with decoding off (caller). */
static uint32_t probe(const struct pci_dev *p, unsigned off, uint32_t *orig)
{
    *orig = pci_read32(p, off);
    pci_write32(p, off, 0xffffffffu);
    uint32_t m = pci_read32(p, off);
    pci_write32(p, off, *orig);
    return m;
}

static void bar_drop(struct pci_enum *e, struct pci_dev *p, unsigned i,
                     const char *why, uint64_t v, struct diag *d)
{
    e->problems++;
    p->bar[i] = (struct pci_bar){0};
    diag_set(d, "%02x:%02x.%x BAR%u: %s 0x%llx", p->bus, p->dev, p->fn, i, why,
             (unsigned long long)v);
}

/* Set the command register of (p) to (v) if it does not hold it (*now):
 * as a dword whose status half is 0, which leaves the status bits
 * (write-one-to-clear) alone and needs no read first. */
static void command_set(const struct pci_dev *p, uint16_t *now, uint16_t v)
{
    if (*now != v)
        pci_write32(p, PCI_COMMAND, v);
    *now = v;
}

/* Size (and with assign, place) the BARs with decoding off; (*now) is
 * the command register as left. Returns the command register value to
 * restore: the old one, or when assigning one that decodes exactly what
 * was placed. */
static uint16_t bars_size(struct pci_enum *e, struct pci_dev *p, uint16_t *now,
                          struct diag *d)
{
    unsigned nb = p->hdr == 0 ? 6 : p->hdr == 1 ? 2 : 0;
    uint16_t cmd = pci_read16(p, PCI_COMMAND);
    uint16_t use = 0;
    *now = cmd;
    command_set(p, now, cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
    for (unsigned i = 0; i < nb; i++) {
        struct pci_bar *b = &p->bar[i];
        uint32_t lo, hi = 0, mhi = 0, m = probe(p, PCI_BAR0 + 4 * i, &lo);
        unsigned first = i;
        if (lo & 1) {
            uint32_t mask = m & ~3u;
            uint64_t a = lo & ~3u;
            if (!mask)
                continue;
            b->kind = PCI_BAR_IO;
            b->size = mask & -mask;
            b->addr = a;
            if (b->size > 0x10000 || a + b->size > 0x10000) {
                bar_drop(e, p, i, "I/O range beyond 64 KiB at", a, d);
                continue;
            }
        } else {
            unsigned type = (lo >> 1) & 3;
            if (type == 3) {
                bar_drop(e, p, i, "reserved type, value", lo, d);
                continue;
            }
            if (type == 2) {
                if (i + 1 == nb) {
                    bar_drop(e, p, i, "64-bit BAR in the last slot, value", lo,
                             d);
                    continue;
                }
                mhi = probe(p, PCI_BAR0 + 4 * (++i), &hi);
            }
            uint64_t mask = ((uint64_t)mhi << 32 | m) & ~0xfull;
            uint64_t a = ((uint64_t)hi << 32 | lo) & ~0xfull;
            if (!mask)
                continue;
            b->kind = type == 2 ? PCI_BAR_MEM64 : PCI_BAR_MEM32;
            b->prefetch = (lo >> 3) & 1;
            b->size = mask & -mask;
            b->addr = a;
            if (a & (b->size - 1) || a + b->size < a) {
                bar_drop(e, p, first, "misplaced at", a, d);
                continue;
            }
        }
        if (e->assign)
            bar_assign(e, p, first, d);
        if (b->addr)
            use |= b->kind == PCI_BAR_IO ? PCI_CMD_IO : PCI_CMD_MEM;
    }
    /* When assigning, decoding follows what was placed, not what the
     * command register held before. */
    uint16_t dec = PCI_CMD_IO | PCI_CMD_MEM;
    return e->assign ? (uint16_t)((cmd & ~dec) | use) : cmd;
}

/* Walk the capability list once, recording what Skiff uses and any loop
 * or stray pointer. */
static void caps_walk(struct pci_enum *e, struct pci_dev *p, struct diag *d)
{
    if (!(pci_read16(p, PCI_STATUS) & PCI_STATUS_CAPS))
        return;
    uint64_t visited = 0;
    unsigned off = pci_read8(p, PCI_CAP_PTR) & 0xfc;
    for (int i = 0; off; i++) {
        const char *bad = i == PCI_MAX_CAPS          ? "too long at"
                          : off < 0x40               ? "pointer into the header"
                          : visited >> (off / 4) & 1 ? "loop back to"
                                                     : 0;
        if (bad) {
            e->problems++;
            diag_set(d, "%02x:%02x.%x capability list: %s 0x%x", p->bus, p->dev,
                     p->fn, bad, off);
            return;
        }
        visited |= 1ull << (off / 4);
        uint32_t h = pci_read32(p, off);
        uint8_t id = (uint8_t)h;
        if (id == PCI_CAP_MSI && !p->cap_msi)
            p->cap_msi = (uint8_t)off;
        if (id == PCI_CAP_MSIX && !p->cap_msix)
            p->cap_msix = (uint8_t)off;
        if (id == PCI_CAP_PCIE && !p->cap_pcie)
            p->cap_pcie = (uint8_t)off;
        p->ncaps++;
        off = (h >> 8) & 0xfc;
    }
}

unsigned pci_cap_find(const struct pci_dev *p, uint8_t id, unsigned from)
{
    if (!(pci_read16(p, PCI_STATUS) & PCI_STATUS_CAPS))
        return 0;
    uint64_t visited = 0;
    unsigned off = pci_read8(p, PCI_CAP_PTR) & 0xfc;
    int past = from == 0;
    for (int i = 0; i < PCI_MAX_CAPS && off >= 0x40; i++) {
        if (visited >> (off / 4) & 1)
            return 0;
        visited |= 1ull << (off / 4);
        uint32_t h = pci_read32(p, off);
        if (past && (uint8_t)h == id)
            return off;
        if (off == from)
            past = 1;
        off = (h >> 8) & 0xfc;
    }
    return 0;
}

static void scan_bus(const struct pci_cfg *c, struct pci_enum *e,
                     struct span *s, struct diag *d);

/* Write (v) at (off) unless the bits of (mask) already say so: each
 * write to a bridge window makes QEMU remap the address space (about
 * 0.6 ms under TCG) where a read costs a few tens of microseconds. The
 * low nibbles of the bases are read-only capability bits. */
static void window_set(const struct pci_dev *p, unsigned off, uint32_t v,
                       uint32_t mask)
{
    if ((pci_read32(p, off) & mask) != v)
        pci_write32(p, off, v);
}

static void program_windows(struct pci_dev *p, uint64_t m0, uint64_t m1,
                            uint64_t p0, uint64_t p1, uint64_t i0, uint64_t i1)
{
    uint32_t none = 0x0000fff0u; /* base above limit: window closed */
    uint32_t bases = 0xfff0fff0u;
    window_set(p, PCI_MEM_BASE,
               m1 > m0 ? (uint32_t)((m0 >> 16 & 0xfff0) |
                                    ((m1 - 1) >> 16 & 0xfff0) << 16)
                       : none,
               bases);
    window_set(p, PCI_PREF_BASE,
               p1 > p0 ? (uint32_t)((p0 >> 16 & 0xfff0) |
                                    ((p1 - 1) >> 16 & 0xfff0) << 16)
                       : none,
               bases);
    window_set(p, PCI_PREF_UPPER, p1 > p0 ? (uint32_t)(p0 >> 32) : 0, ~0u);
    window_set(p, PCI_PREF_UPPER + 4, p1 > p0 ? (uint32_t)((p1 - 1) >> 32) : 0,
               ~0u);
    /* The secondary status beside the I/O window is write-one-to-clear:
     * written as 0, it stays as it is. */
    uint32_t io =
        i1 > i0 ? (uint32_t)((i0 >> 8 & 0xf0) | ((i1 - 1) >> 8 & 0xf0) << 8)
                : 0x00f0;
    window_set(p, PCI_IO_BASE, io, 0xf0f0u);
    window_set(p, PCI_IO_UPPER, 0, ~0u);
}

/* Firmware's numbers for (p) are kept when they are sane and fit (up);
 * unset, absurd or already used ones are replaced by the next free number
 * inside (up), as are all of them with (assign). A sane range reaching
 * past (up) is refused: the bridge is left unscanned. */
static int bridge_scan(const struct pci_cfg *c, struct pci_enum *e,
                       struct pci_dev *p, int idx, struct span *up,
                       struct diag *d)
{
    uint32_t buses = pci_read32(p, PCI_BUSES);
    unsigned sec = (buses >> 8) & 0xff, sub = (buses >> 16) & 0xff;
    int fresh = e->assign || sec <= p->bus || sub < sec || seen(e, sec) ||
                span_taken(up, sec, sub);
    if (p->depth + 1 >= PCI_MAX_DEPTH) {
        e->problems++;
        diag_set(d, "%02x:%02x.%x: bridges nested deeper than %d", p->bus,
                 p->dev, p->fn, PCI_MAX_DEPTH);
        return 0;
    }
    if (!fresh && sub > up->limit) {
        e->problems++;
        diag_set(d,
                 "%02x:%02x.%x: bridge buses %02x-%02x outside %s %02x-%02x; "
                 "not scanned",
                 p->bus, p->dev, p->fn, sec, sub,
                 up->parent < 0 ? "the segment's buses" : "its parent's range",
                 up->parent < 0 ? c->bus_start : up->bus, up->limit);
        return 0;
    }
    if (fresh) {
        if (sec && !e->assign) {
            e->problems++;
            diag_set(d, "%02x:%02x.%x: bridge buses %u-%u unusable; renumbered",
                     p->bus, p->dev, p->fn, sec, sub);
        }
        if (e->next_bus > up->limit || e->next_bus <= p->bus ||
            seen(e, e->next_bus) || span_taken(up, e->next_bus, e->next_bus)) {
            e->problems++;
            diag_set(d, "%02x:%02x.%x: no bus number left for the bridge",
                     p->bus, p->dev, p->fn);
            return 0;
        }
        sec = e->next_bus++;
        buses = (buses & 0xff000000u) | up->limit << 16 | sec << 8 | p->bus;
        pci_write32(p, PCI_BUSES, buses);
        if (((pci_read32(p, PCI_BUSES) >> 8) & 0xff) != sec) {
            e->problems++;
            diag_set(d, "%02x:%02x.%x: bridge refuses bus number %u", p->bus,
                     p->dev, p->fn, sec);
            return 0;
        }
    } else if (e->next_bus < sec + 1) {
        e->next_bus = sec + 1;
    }
    uint64_t m0 = e->mem32.next = align_up(e->mem32.next, SZ_1M);
    uint64_t p0 = e->mem64.next = align_up(e->mem64.next, SZ_1M);
    uint64_t i0 = e->io.next = align_up(e->io.next, SZ_4K);
    p->sec = (uint8_t)sec;
    struct span below = {.bus = sec,
                         .limit = fresh ? up->limit : sub,
                         .slots = slots_below(p),
                         .depth = p->depth + 1,
                         .parent = idx};
    scan_bus(c, e, &below, d);
    if (fresh) {
        sub = e->next_bus - 1u;
        buses = (buses & 0xff00ffffu) | (uint32_t)sub << 16;
        pci_write32(p, PCI_BUSES, buses);
    } else if (e->next_bus < sub + 1) {
        e->next_bus = sub + 1;
    }
    p->sub = (uint8_t)sub;
    span_take(up, sec, sub);
    if (!e->assign)
        return 0;
    e->mem32.next = align_up(e->mem32.next, SZ_1M);
    e->mem64.next = align_up(e->mem64.next, SZ_1M);
    e->io.next = align_up(e->io.next, SZ_4K);
    program_windows(p, m0, e->mem32.next, p0, e->mem64.next, i0, e->io.next);
    return 1;
}

static void add_function(const struct pci_cfg *c, struct pci_enum *e,
                         struct span *on, unsigned dev, unsigned fn,
                         uint32_t id, uint8_t hdr, struct diag *d)
{
    unsigned bus = on->bus;
    struct pci_dev spare, *p = &spare;
    int idx = -1;
    if (e->n < e->max) {
        idx = (int)e->n++;
        p = &e->devs[idx];
    } else {
        e->dropped++;
    }
    *p = (struct pci_dev){.cfg = c,
                          .seg = c->seg,
                          .bus = (uint8_t)bus,
                          .dev = (uint8_t)dev,
                          .fn = (uint8_t)fn,
                          .vendor = (uint16_t)id,
                          .device = (uint16_t)(id >> 16),
                          .depth = on->depth,
                          .parent = on->parent};
    uint32_t cr = pci_read32(p, PCI_CLASS_REV);
    p->class = cr >> 8;
    p->rev = (uint8_t)cr;
    p->hdr = hdr & 0x7f;
    uint32_t irq = pci_read32(p, PCI_INTERRUPT);
    p->irq_line = (uint8_t)irq;
    p->irq_pin = (uint8_t)(irq >> 8);
    if (p->hdr == 0) {
        uint32_t s = pci_read32(p, PCI_SUBSYS);
        p->subvendor = (uint16_t)s;
        p->subdevice = (uint16_t)(s >> 16);
    }
    caps_walk(e, p, d);
    /* Each command write that changes decoding makes an emulator remap
     * its address space (about a millisecond under QEMU TCG), so a bridge
     * Skiff programs gets one, after its windows, and none is written
     * that would not change the register. */
    uint16_t now, cmd = bars_size(e, p, &now, d);
    int defer = p->hdr == 1 && e->assign;
    if (!defer)
        command_set(p, &now, cmd);
    if (p->hdr == 1 && bridge_scan(c, e, p, idx, on, d))
        cmd |= PCI_CMD_IO | PCI_CMD_MEM | PCI_CMD_MASTER;
    if (defer)
        command_set(p, &now, cmd);
    if (p->hdr > 2) {
        e->problems++;
        diag_set(d, "%02x:%02x.%x: unknown header type %u", bus, dev, fn,
                 p->hdr);
    }
}

static void scan_bus(const struct pci_cfg *c, struct pci_enum *e,
                     struct span *s, struct diag *d)
{
    unsigned bus = s->bus;
    e->seen[bus / 8] |= (uint8_t)(1u << (bus % 8));
    e->buses++;
    for (unsigned dev = 0; dev < s->slots; dev++) {
        for (unsigned fn = 0; fn < 8; fn++) {
            uint32_t id = c->ops->read32(c, bus, dev, fn, PCI_VENDOR);
            uint16_t v = (uint16_t)id;
            if (v == 0xffff || v == 0) {
                if (fn == 0)
                    break;
                continue;
            }
            uint8_t hdr =
                (uint8_t)(c->ops->read32(c, bus, dev, fn, PCI_HEADER & ~3u) >>
                          16);
            add_function(c, e, s, dev, fn, id, hdr, d);
            if (fn == 0 && !(hdr & 0x80))
                break;
        }
    }
}

int pci_enumerate(const struct pci_cfg *c, struct pci_enum *e, struct diag *d)
{
    if (!c || !c->ops || !e || (e->max && !e->devs) ||
        c->bus_start > c->bus_end)
        return -EINVAL;
    for (unsigned i = 0; i < sizeof(e->seen); i++)
        e->seen[i] = 0;
    e->next_bus = c->bus_start + 1u;
    struct span root = {
        .bus = c->bus_start, .limit = c->bus_end, .slots = 32, .parent = -1};
    scan_bus(c, e, &root, d);
    return 0;
}
