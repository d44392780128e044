/* SPDX-License-Identifier: MIT */
/* The simulated configuration space: see pci_fake.h. */
#include "tests/unit/fakes/pci_fake.h"
#include "tests/unit/fakes/io_fake.h"

#include <string.h>

struct pfake_fn pfake[PFAKE_MAX];
unsigned pfake_n;
static uint32_t cf8;

static void put32(uint8_t *c, unsigned off, uint32_t v)
{
    memcpy(c + off, &v, 4);
}

uint32_t pfake_get32(int idx, unsigned off)
{
    uint32_t v;
    memcpy(&v, pfake[idx].cfg + off, 4);
    return v;
}

/* The bus a function sits on now: -1 when its bridge forwards nothing.
 * The parent chain is fixed at creation, so this ends. */
static int bus_of(int i)
{
    int p = pfake[i].parent;
    if (p < 0)
        return 0;
    if (bus_of(p) < 0)
        return -1;
    int sec = pfake[p].cfg[0x19];
    return sec ? sec : -1;
}

static int find(unsigned bus, unsigned dev, unsigned fn)
{
    for (unsigned i = 0; i < pfake_n; i++) {
        if (pfake[i].dev == dev && pfake[i].fn == fn &&
            bus_of((int)i) == (int)bus)
            return (int)i;
    }
    return -1;
}

static int bar_slot(const struct pfake_fn *f, unsigned off, unsigned *slot)
{
    unsigned n = (f->cfg[0x0e] & 0x7f) == 1 ? 2 : 6;
    if (off < 0x10 || off >= 0x10 + 4 * n)
        return 0;
    *slot = (off - 0x10) / 4;
    return 1;
}

static uint32_t cfg_read(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
    int i = find(bus, dev, fn);
    if (i < 0)
        return 0xffffffffu;
    unsigned s;
    if (pfake[i].all_ones && bar_slot(&pfake[i], off, &s))
        return 0xffffffffu;
    return off < 256 ? pfake_get32(i, off) : 0;
}

static void cfg_write(unsigned bus, unsigned dev, unsigned fn, unsigned off,
                      uint32_t v)
{
    int i = find(bus, dev, fn);
    if (i < 0 || off >= 256 || off < 4 || off == 8)
        return;
    struct pfake_fn *f = &pfake[i];
    unsigned s;
    if (bar_slot(f, off, &s)) {
        uint32_t cur = pfake_get32(i, off);
        uint64_t size = f->bar_size[s];
        int upper = 0;
        if (!size && s > 0 && (pfake_get32(i, off - 4) & 7) == 4) {
            size = f->bar_size[s - 1];
            upper = 1;
        }
        if (!size) {
            put32(f->cfg, off, 0);
            return;
        }
        uint64_t mask = ~(size - 1);
        if (upper)
            put32(f->cfg, off, v & (uint32_t)(mask >> 32));
        else if (cur & 1)
            put32(f->cfg, off, (v & (uint32_t)mask & 0xfffcu) | (cur & 3));
        else
            put32(f->cfg, off, (v & (uint32_t)mask & ~0xfu) | (cur & 0xf));
        return;
    }
    if (off == 0x18 && f->ro_buses)
        return;
    if (off == 4) /* the status register is read-only here */
        v = (v & 0xffffu) | (pfake_get32(i, 4) & 0xffff0000u);
    put32(f->cfg, off, v);
}

static uint32_t pio_read(uint16_t port, int size)
{
    if (port != 0xcfc || size != 4 || !(cf8 & 0x80000000u))
        return 0xffffffffu;
    return cfg_read(cf8 >> 16 & 0xff, cf8 >> 11 & 31, cf8 >> 8 & 7, cf8 & 0xfc);
}

static void pio_write(uint16_t port, int size, uint32_t v)
{
    if (port == 0xcf8 && size == 4)
        cf8 = v;
    else if (port == 0xcfc && size == 4 && (cf8 & 0x80000000u))
        cfg_write(cf8 >> 16 & 0xff, cf8 >> 11 & 31, cf8 >> 8 & 7, cf8 & 0xfc,
                  v);
}

static int ecam(uintptr_t a, unsigned *bus, unsigned *dev, unsigned *fn,
                unsigned *off)
{
    if (a < PFAKE_ECAM || a >= PFAKE_ECAM + (256u << 20))
        return 0;
    a -= PFAKE_ECAM;
    *bus = (unsigned)(a >> 20);
    *dev = (a >> 15) & 31;
    *fn = (a >> 12) & 7;
    *off = a & 0xffc;
    return 1;
}

static uint32_t mm_read(uintptr_t a)
{
    unsigned b, d, f, o;
    if (!ecam(a, &b, &d, &f, &o))
        return 0xffffffffu;
    return cfg_read(b, d, f, o);
}

static void mm_write(uintptr_t a, uint32_t v)
{
    unsigned b, d, f, o;
    if (ecam(a, &b, &d, &f, &o))
        cfg_write(b, d, f, o, v);
}

void pfake_reset(void)
{
    io_fake_reset();
    memset(pfake, 0, sizeof(pfake));
    pfake_n = 0;
    cf8 = 0;
    io_fake.pio_read = pio_read;
    io_fake.pio_write = pio_write;
    io_fake.mmio_read = mm_read;
    io_fake.mmio_write = mm_write;
}

int pfake_add(int parent, unsigned dev, unsigned fn, uint16_t vendor,
              uint16_t device, uint32_t class, uint8_t hdr)
{
    if (pfake_n == PFAKE_MAX)
        return -1;
    struct pfake_fn *f = &pfake[pfake_n];
    f->parent = parent;
    f->dev = (uint8_t)dev;
    f->fn = (uint8_t)fn;
    put32(f->cfg, 0, (uint32_t)device << 16 | vendor);
    put32(f->cfg, 8, class << 8 | 1);
    f->cfg[0x0e] = hdr;
    return (int)pfake_n++;
}

void pfake_bar(int idx, unsigned i, uint64_t size, unsigned flags,
               uint64_t addr)
{
    struct pfake_fn *f = &pfake[idx];
    f->bar_size[i] = size;
    uint32_t lo = (uint32_t)addr;
    if (flags & PFAKE_IO)
        lo |= 1;
    if (flags & PFAKE_MEM64)
        lo |= 4;
    if (flags & PFAKE_PREF)
        lo |= 8;
    put32(f->cfg, 0x10 + 4 * i, lo);
    if (flags & PFAKE_MEM64)
        put32(f->cfg, 0x14 + 4 * i, (uint32_t)(addr >> 32));
}

void pfake_cap(int idx, unsigned off, uint8_t id, unsigned next)
{
    struct pfake_fn *f = &pfake[idx];
    f->cfg[off] = id;
    f->cfg[off + 1] = (uint8_t)next;
    if (!f->cfg[0x34])
        f->cfg[0x34] = (uint8_t)off;
    f->cfg[6] |= 0x10;
}

void pfake_buses(int idx, unsigned pri, unsigned sec, unsigned sub)
{
    put32(pfake[idx].cfg, 0x18, sub << 16 | sec << 8 | pri);
}
