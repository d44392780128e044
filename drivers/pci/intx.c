/* SPDX-License-Identifier: MIT */
/*
 * INTx routing without AML (see pci.h): the bridge swizzle up to the root
 * bus, then the chipset's own map, as QEMU emulates it:
 *   - PIIX3 (hw/isa/piix.c, pc_piix.c): PIRQ = (slot - 1 + pin) & 3, ISA
 *     IRQ from config 0x60 + PIRQ when below 16 (bit 7 disables);
 *   - ICH9 (hw/isa/lpc_ich9.c): irr[slot][pin] = (slot + pin) % 4 + 4 for
 *     slots 0-24, pin + 4 for slot 30 (the DMI-to-PCI bridge), the
 *     D25IR-D31IR nibbles otherwise; PIRQ n always drives IOAPIC input
 *     16 + n, the route control register only gates the 8259 copy (as on
 *     the ICH9 itself, whose PIRQ A-H are I/O APIC inputs 16-23);
 *   - GPEX (hw/pci-host/gpex.c with hw/i386/microvm.c): the root bus
 *     swizzles like a bridge, onto four consecutive GSIs from 16 (12
 *     without the second IOAPIC).
 * Everything read comes from configuration space through the ops, so a
 * test drives it with a simulated space.
 */
#include "drivers/pci/pci.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define PIIX_PIRQ_ROUTE 0x60u /* PIRQA-D route control */
#define ICH9_PIRQE      0x68u /* PIRQE-H route control; A-D at 0x60 */
#define ROUTE_OFF       0x80u
#define NO_PIRQ         0xff

static int is_root(const struct pci_dev *p)
{
    return p->parent < 0 && p->seg == 0;
}

int pci_intx_router_find(struct pci_intx_router *r, const struct pci_dev *devs,
                         unsigned n, uint32_t gsi_base)
{
    *r = (struct pci_intx_router){PCI_INTX_NONE, 0, {0}, gsi_base};
    for (unsigned k = 0; k < 8; k++)
        r->dir[k] = PCI_INTX_DIR_DEFAULT;
    for (unsigned i = 0; i < n; i++) {
        const struct pci_dev *p = &devs[i];
        if (!is_root(p) || p->fn != 0)
            continue;
        if (p->vendor == 0x8086 && p->device == 0x2918 && p->dev == 31) {
            r->chip = PCI_INTX_ICH9;
            r->lpc = p;
        } else if (p->vendor == 0x8086 &&
                   (p->device == 0x7000 || p->device == 0x7110)) {
            r->chip = PCI_INTX_PIIX;
            r->lpc = p;
        } else if (p->vendor == 0x1b36 && p->device == 0x0008 && !r->chip) {
            r->chip = PCI_INTX_GPEX;
        }
    }
    return r->chip ? 0 : -ENODEV;
}

int pci_intx_swizzle(const struct pci_dev *devs, unsigned n, unsigned idx,
                     struct pci_intx *out, struct diag *d)
{
    if (idx >= n)
        return -EINVAL;
    const struct pci_dev *p = &devs[idx];
    if (p->irq_pin == 0)
        return -ENOENT;
    if (p->irq_pin > 4) {
        diag_set(d, "%02x:%02x.%x: interrupt pin %u", p->bus, p->dev, p->fn,
                 p->irq_pin);
        return -EINVAL;
    }
    unsigned pin = p->irq_pin - 1u;
    for (int step = 0; p->parent >= 0; step++) {
        /* Parents precede children in enumeration order. */
        if ((unsigned)p->parent >= idx || step > PCI_MAX_DEPTH) {
            diag_set(d, "%02x:%02x.%x: parent %d unusable", p->bus, p->dev,
                     p->fn, p->parent);
            return -EINVAL;
        }
        pin = (pin + p->dev) % 4;
        idx = (unsigned)p->parent;
        p = &devs[idx];
    }
    if (p->seg != 0 || p->bus != 0) {
        diag_set(d, "%04x:%02x: not the chipset's root bus", p->seg, p->bus);
        return -ENODEV;
    }
    out->slot = p->dev;
    out->pin = (uint8_t)pin;
    return 0;
}

static unsigned ich9_pirq(const struct pci_intx_router *r, unsigned slot,
                          unsigned pin)
{
    if (slot < 25)
        return (slot + pin) % 4 + 4;
    if (slot == 30)
        return pin + 4;
    return r->dir[slot - 24] >> (4 * pin) & 7;
}

/* ISA IRQs a PCI interrupt may not use: the timer, keyboard, cascade,
 * RTC and FPU error lines (PIIX3 datasheet: reserved route values). */
static int isa_reserved(unsigned irq)
{
    return irq < 3 || irq == 8 || irq == 13;
}

int pci_intx_route(const struct pci_intx_router *r, const struct pci_dev *devs,
                   unsigned n, unsigned idx, struct pci_intx *out,
                   struct diag *d)
{
    *out = (struct pci_intx){.pirq = NO_PIRQ};
    int rc = pci_intx_swizzle(devs, n, idx, out, d);
    if (rc)
        return rc;
    unsigned route;
    switch (r->chip) {
    case PCI_INTX_PIIX:
        out->pirq = (uint8_t)((out->slot + 3u + out->pin) & 3);
        route = pci_read8(r->lpc, PIIX_PIRQ_ROUTE + out->pirq);
        if (route & ROUTE_OFF)
            return -ENODEV;
        if (route > 15 || isa_reserved(route)) {
            diag_set(d, "PIRQ%c routed to reserved ISA IRQ %u", 'A' + out->pirq,
                     route);
            return -EINVAL;
        }
        out->isa = 1;
        out->irq = route;
        return 0;
    case PCI_INTX_ICH9:
        out->pirq = (uint8_t)ich9_pirq(r, out->slot, out->pin);
        out->isa_route =
            pci_read8(r->lpc, out->pirq < 4 ? PIIX_PIRQ_ROUTE + out->pirq
                                            : ICH9_PIRQE + out->pirq - 4u);
        out->irq = 16u + out->pirq;
        return 0;
    case PCI_INTX_GPEX:
        out->irq = r->gsi_base + (out->slot + out->pin) % 4u;
        return 0;
    default: return -ENODEV;
    }
}
