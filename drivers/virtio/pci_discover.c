/* SPDX-License-Identifier: MIT */
/*
 * virtio-pci discovery (see pci.h): every virtio function pci_init found
 * is identified, given bus mastering, an interrupt and its driver. MSI-X:
 * a vector of its own (irq_alloc_vector) per queue, each in its table
 * entry, as far as the table and free vectors go (the last entry then
 * serves the remaining queues), and the entry after them for
 * configuration changes (virtio_dev_config_changed). INTx: the
 * chipset's routing from configuration space (drivers/pci/intx.c): on pc
 * the PIIX3's PIRQ route to an ISA IRQ and the MADT's override, on q35
 * the ICH9's PIRQ E-H (or D<n>IR) to GSI 16-23, on microvm pcie=on the
 * GPEX swizzle onto its four GSIs; no interrupt line register is trusted.
 * Without a known chipset, polled.
 */
#include "arch/x86_64/io.h"
#include "drivers/acpi/acpi.h"
#include "drivers/virtio/pci.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"
#include "skiff/errno.h"

PARAM_ENUM(virtio_pci, irq, 0,
           "virtio-pci interrupts (auto: MSI-X, else INTx where routable, "
           "else polled)",
           "auto", "intx", "poll");

static void on_irq(void *ctx)
{
    virtio_dev_interrupt(ctx);
}

static void on_config_irq(void *ctx)
{
    virtio_dev_config_changed(ctx);
}

/* Point MSI-X table entry (k) at a new CPU vector running (fn). Returns
 * the vector or a negative errno. */
static int entry_set(uintptr_t table, unsigned k, irq_fn fn, void *ctx)
{
    int vec = irq_alloc_vector(fn, ctx);
    if (vec < 0)
        return vec;
    uint64_t addr;
    uint32_t data;
    irq_msi_message(vec, &addr, &data);
    uintptr_t e = table + 16u * k;
    mmio_write32(e, 0, (uint32_t)addr);
    mmio_write32(e, 4, (uint32_t)(addr >> 32));
    mmio_write32(e, 8, data);
    mmio_write32(e, 12, 0); /* unmasked */
    return vec;
}

/* One MSI-X table entry and CPU vector per queue, as far as the table,
 * the device's queues and free vectors go (at least one; the last entry
 * then serves the remaining queues), then the next entry for
 * configuration changes when the table has one. The device learns the
 * entries after its reset (pci.c). Returns the first vector. */
static int msix_setup(struct virtio_pci *v)
{
    const struct pci_dev *p = v->pci;
    unsigned cap = p->cap_msix, bir;
    uint32_t tab = pci_read32(p, cap + 4);
    uint16_t ctl = pci_read16(p, cap + 2);
    unsigned size = (ctl & 0x7ffu) + 1u, want = size;
    unsigned nq = virtio_pci_queues(v);
    if (want > nq)
        want = nq ? nq : 1;
    if (want > VIRTIO_DEV_QUEUES)
        want = VIRTIO_DEV_QUEUES;
    bir = tab & 7;
    if (bir >= PCI_BARS || p->bar[bir].kind < PCI_BAR_MEM32 ||
        !p->bar[bir].addr || (tab & ~7u) + 16ull * want > p->bar[bir].size)
        return -EINVAL;
    uintptr_t table = (uintptr_t)(p->bar[bir].addr + (tab & ~7u));
    int first = 0;
    for (unsigned k = 0; k < want; k++) {
        int vec = entry_set(table, k, on_irq, &v->dev);
        if (vec < 0)
            break;
        first = first ? first : vec;
        v->nvec = k + 1;
    }
    if (!first)
        return -ENOSPC;
    if (v->nvec < size &&
        (tab & ~7u) + 16ull * (v->nvec + 1) <= p->bar[bir].size &&
        entry_set(table, v->nvec, on_config_irq, &v->dev) >= 0)
        v->config_entry = (uint16_t)v->nvec;
    else
        log_info("virtio-pci: %s: no MSI-X entry left for configuration "
                 "changes; seen through ISR\n",
                 v->dev.where);
    pci_write16(p, cap + 2, (uint16_t)((ctl | 0x8000u) & ~0x4000u));
    pci_write16(p, PCI_COMMAND,
                (uint16_t)(pci_read16(p, PCI_COMMAND) | PCI_CMD_INTX_OFF));
    v->msix = first;
    return first;
}

/* INTx through the chipset's routing (pci_intx_gsi). Legacy devices and
 * modern ones without MSI-X both acknowledge by reading ISR, which
 * deasserts the level-triggered line. */
static int intx_setup(struct virtio_pci *v)
{
    const struct pci_dev *p = v->pci;
    struct pci_intx how;
    uint32_t gsi;
    unsigned flags;
    if (pci_intx_gsi(p, &gsi, &flags, &how))
        return -ENODEV;
    int rc = irq_attach(gsi, flags, on_irq, &v->dev);
    if (rc < 0)
        return rc;
    char via[32] = "";
    if (how.pirq < 8 && how.isa)
        ksnprintf(via, sizeof(via), " PIRQ%c -> ISA IRQ %u ->", 'A' + how.pirq,
                  how.irq);
    else if (how.pirq < 8)
        ksnprintf(via, sizeof(via), " PIRQ%c ->", 'A' + how.pirq);
    log_info("virtio-pci: %s INTx pin %c, root slot %u pin %c ->%s GSI %u "
             "%s active-%s\n",
             v->dev.where, 'A' + p->irq_pin - 1, how.slot, 'A' + how.pin, via,
             gsi, flags & IRQ_LEVEL ? "level" : "edge",
             flags & IRQ_ACTIVE_LOW ? "low" : "high");
    return (int)gsi;
}

unsigned virtio_pci_discover(void)
{
    unsigned n, up = 0;
    struct pci_dev *ps = pci_devs(&n);
    for (unsigned i = 0; i < n; i++) {
        struct diag d = {""};
        struct virtio_pci *v = kmalloc(sizeof(*v));
        if (!v)
            return up;
        int rc = virtio_pci_init(v, &ps[i], &d);
        if (rc) {
            if (rc != -ENODEV)
                log_err("virtio-pci: %04x:%02x:%02x.%x: %s\n", ps[i].seg,
                        ps[i].bus, ps[i].dev, ps[i].fn, d.msg);
            kfree(v);
            continue;
        }
        /* I/O decoding only for the legacy BAR: an I/O BAR left
         * unassigned (microvm has no I/O window) must stay off. */
        pci_write16(&ps[i], PCI_COMMAND,
                    (uint16_t)(pci_read16(&ps[i], PCI_COMMAND) |
                               (v->iobase ? PCI_CMD_IO : 0) | PCI_CMD_MEM |
                               PCI_CMD_MASTER));
        int irq = -ENODEV;
        if (param_virtio_pci_irq == 0 && ps[i].cap_msix)
            irq = msix_setup(v);
        if (irq < 0 && param_virtio_pci_irq != 2)
            irq = intx_setup(v);
        v->dev.irq = irq > 0 ? (uint32_t)irq : 0;
        if (virtio_dev_attach(&v->dev) == 0)
            up++;
    }
    return up;
}
