/* SPDX-License-Identifier: MIT */
/*
 * virtio_pci: the virtio PCI transport (virtio 1.2 §4.1). Modern devices
 * (id 0x1040 + type, or transitional ones) are driven through their
 * vendor capabilities: common configuration, notifications (with the
 * notify offset multiplier), ISR and device configuration, each a window
 * in a memory BAR. Devices without them (legacy only, QEMU's
 * disable-modern=on) are driven through I/O BAR0 (§4.1.4.8), with the
 * ring at a page frame number and the device's fixed queue size.
 * Interrupts: an MSI-X vector per queue when the device has MSI-X (legacy
 * devices too, through their vector registers), and one more for configuration
 * changes when the table has room and the device takes it (else bit 1 of ISR,
 * read on every queue interrupt, reports them); otherwise INTx through the
 * IOAPIC as the chipset routes it (pci_intx_gsi: ICH9, PIIX3, GPEX); otherwise
 * polled.
 */
#ifndef SKIFF_VIRTIO_PCI_H
#define SKIFF_VIRTIO_PCI_H
#include "drivers/pci/pci.h"
#include "drivers/virtio/virtio.h"
#include <stdint.h>

/* virtio_pci_cap cfg_type values (§4.1.4). */
#define VPCI_CAP_COMMON 1
#define VPCI_CAP_NOTIFY 2
#define VPCI_CAP_ISR    3
#define VPCI_CAP_DEVICE 4

/* Common configuration offsets (§4.1.4.3). */
#define VPCI_DFSELECT  0x00
#define VPCI_DF        0x04
#define VPCI_GFSELECT  0x08
#define VPCI_GF        0x0c
#define VPCI_MSIX_CFG  0x10
#define VPCI_NUMQ      0x12
#define VPCI_STATUS    0x14
#define VPCI_CFGGEN    0x15
#define VPCI_Q_SELECT  0x16
#define VPCI_Q_SIZE    0x18
#define VPCI_Q_MSIX    0x1a
#define VPCI_Q_ENABLE  0x1c
#define VPCI_Q_NOFF    0x1e
#define VPCI_Q_DESC    0x20
#define VPCI_Q_AVAIL   0x28
#define VPCI_Q_USED    0x30
#define VPCI_NO_VECTOR 0xffff

/* Legacy I/O registers (§4.1.4.8). With MSI-X enabled, 0x14 and 0x16
 * hold the configuration and queue vectors and the device configuration
 * starts at 0x18. */
#define VPCI_L_HOST_F      0x00
#define VPCI_L_GUEST_F     0x04
#define VPCI_L_Q_PFN       0x08
#define VPCI_L_Q_SIZE      0x0c
#define VPCI_L_Q_SEL       0x0e
#define VPCI_L_Q_NOTIFY    0x10
#define VPCI_L_STATUS      0x12
#define VPCI_L_ISR         0x13
#define VPCI_L_CONFIG      0x14
#define VPCI_L_MSIX_CFG    0x14
#define VPCI_L_MSIX_Q      0x16
#define VPCI_L_CONFIG_MSIX 0x18

struct virtio_pci {
    struct virtio_dev dev;
    const struct pci_dev *pci;
    uintptr_t common, notify, isr, device; /* modern windows */
    uint32_t notify_mul, device_len;
    uint16_t iobase;       /* legacy */
    int msix;              /* first vector, 0 without MSI-X */
    unsigned nvec;         /* MSI-X table entries in use: queue i uses entry
                              min(i, nvec - 1) */
    uint16_t config_entry; /* MSI-X entry for configuration changes,
                              VPCI_NO_VECTOR when none */
};

/* Identify (p) as a virtio device and fill (v): find the capabilities
 * (each must lie inside its memory BAR) or, failing that, the legacy I/O
 * BAR. Returns 0; -ENODEV not a virtio device; -EINVAL unusable (named
 * in d). */
int virtio_pci_init(struct virtio_pci *v, const struct pci_dev *p,
                    struct diag *d);

/* How many queues (v) has: num_queues (modern), or the queues with a
 * size before the first without, at most VIRTIO_DEV_QUEUES (legacy). */
unsigned virtio_pci_queues(const struct virtio_pci *v);

/* Bring up every virtio function pci_init found. Returns how many came
 * up. */
unsigned virtio_pci_discover(void);

#endif
