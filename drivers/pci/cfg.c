/* SPDX-License-Identifier: MIT */
/*
 * Configuration access (see pci.h): mechanism #1 writes
 * 0x80000000 | bus << 16 | dev << 11 | fn << 8 | offset to 0xCF8, then
 * reads or writes the dword at 0xCFC (PCI Local Bus 3.0 §3.2.2.3.2). ECAM
 * maps each function's 4 KiB at base + (bus - start) << 20 | dev << 15 |
 * fn << 12 (PCIe 5.0 §7.2.2). Both refuse anything out of range rather
 * than alias another function.
 */
#include "arch/x86_64/io.h"
#include "drivers/pci/pci.h"

#define CFG_ADDR 0xcf8
#define CFG_DATA 0xcfc

static int in_range(const struct pci_cfg *c, unsigned bus, unsigned dev,
                    unsigned fn, unsigned off, unsigned space)
{
    return bus >= c->bus_start && bus <= c->bus_end && dev < 32 && fn < 8 &&
           off < space && (off & 3) == 0;
}

static uint32_t pio_addr(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
    return 0x80000000u | bus << 16 | dev << 11 | fn << 8 | off;
}

static uint32_t pio_read(const struct pci_cfg *c, unsigned bus, unsigned dev,
                         unsigned fn, unsigned off)
{
    if (c->seg != 0 || !in_range(c, bus, dev, fn, off, 0x100))
        return 0xffffffffu;
    pio_out32(CFG_ADDR, pio_addr(bus, dev, fn, off));
    return pio_in32(CFG_DATA);
}

static void pio_write(const struct pci_cfg *c, unsigned bus, unsigned dev,
                      unsigned fn, unsigned off, uint32_t v)
{
    if (c->seg != 0 || !in_range(c, bus, dev, fn, off, 0x100))
        return;
    pio_out32(CFG_ADDR, pio_addr(bus, dev, fn, off));
    pio_out32(CFG_DATA, v);
}

static uintptr_t ecam_addr(const struct pci_cfg *c, unsigned bus, unsigned dev,
                           unsigned fn)
{
    return (uintptr_t)(c->base + ((uint64_t)(bus - c->bus_start) << 20 |
                                  dev << 15 | fn << 12));
}

static uint32_t ecam_read(const struct pci_cfg *c, unsigned bus, unsigned dev,
                          unsigned fn, unsigned off)
{
    if (!in_range(c, bus, dev, fn, off, 0x1000))
        return 0xffffffffu;
    return mmio_read32(ecam_addr(c, bus, dev, fn), off);
}

static void ecam_write(const struct pci_cfg *c, unsigned bus, unsigned dev,
                       unsigned fn, unsigned off, uint32_t v)
{
    if (in_range(c, bus, dev, fn, off, 0x1000))
        mmio_write32(ecam_addr(c, bus, dev, fn), off, v);
}

const struct pci_cfg_ops pci_cfg_pio = {pio_read, pio_write};
const struct pci_cfg_ops pci_cfg_ecam = {ecam_read, ecam_write};

uint32_t pci_read32(const struct pci_dev *p, unsigned off)
{
    return p->cfg->ops->read32(p->cfg, p->bus, p->dev, p->fn, off & ~3u);
}

uint16_t pci_read16(const struct pci_dev *p, unsigned off)
{
    return (uint16_t)(pci_read32(p, off) >> (8 * (off & 2)));
}

uint8_t pci_read8(const struct pci_dev *p, unsigned off)
{
    return (uint8_t)(pci_read32(p, off) >> (8 * (off & 3)));
}

void pci_write32(const struct pci_dev *p, unsigned off, uint32_t v)
{
    p->cfg->ops->write32(p->cfg, p->bus, p->dev, p->fn, off & ~3u, v);
}

void pci_write16(const struct pci_dev *p, unsigned off, uint16_t v)
{
    unsigned sh = 8 * (off & 2);
    uint32_t d = pci_read32(p, off);
    if ((off & ~3u) == PCI_COMMAND)
        d &= 0xffffu; /* never clear status bits by writing them back */
    d = (d & ~(0xffffu << sh)) | (uint32_t)v << sh;
    pci_write32(p, off, d);
}
