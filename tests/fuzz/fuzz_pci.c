/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the PCI enumeration (drivers/pci) over the
 * simulated configuration space of tests/unit/fakes/pci_fake.c.
 *
 * Input: byte 0 flags (bit 0 ECAM instead of port I/O, bit 1 assign),
 * then records of 8 bytes, one function each: parent (index, 0xff root),
 * device, function, header type, then 4 bytes that seed its whole
 * configuration space (bus numbers, BARs, capability pointers...) with a
 * xorshift generator, plus per-BAR sizes derived from the same seed. The
 * harness checks the documented limits of the result and traps when one
 * is broken; ASan catches any access outside the space.
 */
#include "drivers/pci/pci.h"
#include "skiff/diag.h"
#include "tests/unit/fakes/pci_fake.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pci_dev devs[32];

static uint32_t xs(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    pfake_reset();
    uint8_t flags = data[0];
    for (size_t o = 1; o + 8 <= size && pfake_n < PFAKE_MAX; o += 8) {
        const uint8_t *r = data + o;
        int parent = r[0] < pfake_n ? r[0] : -1;
        int i = pfake_add(parent, r[1] & 31, r[2] & 7, 0x1af4, r[1], 0x020000,
                          r[3]);
        uint32_t s = (uint32_t)r[4] | (uint32_t)r[5] << 8 |
                     (uint32_t)r[6] << 16 | (uint32_t)r[7] << 24 | 1u;
        for (unsigned off = 4; off < 256; off += 4) {
            if (off == 8)
                continue;
            uint32_t v = xs(&s);
            memcpy(pfake[i].cfg + off, &v, 4);
        }
        pfake[i].cfg[0x0e] = r[3];
        for (unsigned b = 0; b < 6; b++)
            pfake[i].bar_size[b] = 1ull << (xs(&s) % 40);
        pfake[i].ro_buses = xs(&s) & 1;
        pfake[i].all_ones = (xs(&s) & 7) == 0;
    }
    struct pci_cfg c = {flags & 1 ? &pci_cfg_ecam : &pci_cfg_pio, PFAKE_ECAM, 0,
                        0, 255};
    struct pci_enum e = {.devs = devs, .max = 32, .assign = (flags >> 1) & 1};
    e.mem32 = (struct pci_window){0xc0000000u, 0xe0000000u};
    e.mem64 = (struct pci_window){1ull << 38, 1ull << 39};
    e.io = (struct pci_window){0x1000, 0x10000};
    struct diag d;
    if (pci_enumerate(&c, &e, &d))
        abort();
    if (e.n > e.max || e.buses > 256)
        abort();
    for (unsigned i = 0; i < e.n; i++) {
        const struct pci_dev *p = &devs[i];
        if (p->depth >= PCI_MAX_DEPTH || p->parent >= (int)i ||
            p->ncaps > PCI_MAX_CAPS)
            abort();
        for (unsigned b = 0; b < PCI_BARS; b++) {
            const struct pci_bar *bar = &p->bar[b];
            if (bar->kind == PCI_BAR_NONE)
                continue;
            if (!bar->size || (bar->size & (bar->size - 1)) ||
                (bar->addr & (bar->size - 1)))
                abort();
            if (bar->kind == PCI_BAR_IO && bar->addr + bar->size > 0x10000)
                abort();
        }
        char line[128];
        pci_dev_format(p, line, sizeof(line));
        pci_cap_find(p, PCI_CAP_VENDOR, 0);
    }
    return 0;
}
