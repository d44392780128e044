/* SPDX-License-Identifier: MIT */
/*
 * Names for the listing (see pci.h): class codes (PCI Code and ID
 * Assignment 1.11) and the devices the supported monitors present
 * (ids from QEMU's include/hw/pci/pci_ids.h, virtio 1.2 §4.1.2 and
 * VMware's). Unknown devices print their class only.
 */
#include "drivers/pci/pci.h"
#include "lib/klib/klib.h"

struct cls {
    uint16_t code; /* class << 8 | subclass; subclass 0xff: any */
    const char *name;
};

static const struct cls classes[] = {
    {0x0100, "SCSI storage"},  {0x0101, "IDE storage"},
    {0x0106, "SATA storage"},  {0x0108, "NVMe storage"},
    {0x01ff, "storage"},       {0x0200, "ethernet"},
    {0x02ff, "network"},       {0x0300, "VGA"},
    {0x03ff, "display"},       {0x04ff, "multimedia"},
    {0x05ff, "memory"},        {0x0600, "host bridge"},
    {0x0601, "ISA bridge"},    {0x0604, "PCI bridge"},
    {0x06ff, "bridge"},        {0x0700, "serial"},
    {0x07ff, "communication"}, {0x08ff, "system"},
    {0x0c03, "USB"},           {0x0c05, "SMBus"},
    {0x0cff, "serial bus"},    {0x00ff, "unclassified"},
    {0xffff, "other"},
};

const char *pci_class_name(uint32_t class)
{
    unsigned c = class >> 16, s = (class >> 8) & 0xff;
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
        unsigned cc = classes[i].code >> 8, cs = classes[i].code & 0xff;
        if (cc == c && (cs == s || cs == 0xff))
            return classes[i].name;
    }
    return "other";
}

struct name {
    uint16_t vendor, device;
    const char *name;
};

static const struct name names[] = {
    {0x1af4, 0x1000, "virtio-net (transitional)"},
    {0x1af4, 0x1001, "virtio-blk (transitional)"},
    {0x1af4, 0x1002, "virtio-balloon (transitional)"},
    {0x1af4, 0x1003, "virtio-console (transitional)"},
    {0x1af4, 0x1004, "virtio-scsi (transitional)"},
    {0x1af4, 0x1005, "virtio-rng (transitional)"},
    {0x1af4, 0x1009, "virtio-9p (transitional)"},
    {0x1af4, 0x1041, "virtio-net"},
    {0x1af4, 0x1042, "virtio-blk"},
    {0x1af4, 0x1043, "virtio-console"},
    {0x1af4, 0x1044, "virtio-rng"},
    {0x1af4, 0x1045, "virtio-balloon"},
    {0x1af4, 0x1048, "virtio-scsi"},
    {0x1af4, 0x1049, "virtio-9p"},
    {0x1af4, 0x1050, "virtio-gpu"},
    {0x1af4, 0x1052, "virtio-input"},
    {0x1af4, 0x1053, "virtio-vsock"},
    {0x1af4, 0x105a, "virtio-fs"},
    {0x1b36, 0x0001, "QEMU PCI bridge"},
    {0x1b36, 0x0008, "QEMU PCIe host bridge"},
    {0x1b36, 0x000c, "QEMU PCIe root port"},
    {0x1b36, 0x000d, "QEMU XHCI"},
    {0x1b36, 0x000e, "QEMU PCIe-to-PCI bridge"},
    {0x1b36, 0x0010, "QEMU NVMe"},
    {0x1234, 0x1111, "QEMU VGA"},
    {0x104c, 0x8232, "XIO3130 switch upstream port"},
    {0x104c, 0x8233, "XIO3130 switch downstream port"},
    {0x8086, 0x1237, "Intel 440FX host bridge"},
    {0x8086, 0x7000, "Intel PIIX3 ISA bridge"},
    {0x8086, 0x7010, "Intel PIIX3 IDE"},
    {0x8086, 0x7113, "Intel PIIX4 ACPI"},
    {0x8086, 0x29c0, "Intel Q35 host bridge"},
    {0x8086, 0x2918, "Intel ICH9 LPC bridge"},
    {0x8086, 0x2922, "Intel ICH9 AHCI"},
    {0x8086, 0x2930, "Intel ICH9 SMBus"},
    {0x8086, 0x244e, "Intel 82801 PCI bridge"},
    {0x8086, 0x100e, "Intel e1000"},
    {0x8086, 0x10d3, "Intel e1000e"},
    {0x15ad, 0x0405, "VMware SVGA II"},
    {0x15ad, 0x0740, "VMware VMCI"},
    {0x15ad, 0x0770, "VMware EHCI"},
    {0x15ad, 0x0774, "VMware UHCI"},
    {0x15ad, 0x0790, "VMware PCI bridge"},
    {0x15ad, 0x07a0, "VMware PCIe root port"},
    {0x15ad, 0x07b0, "VMware vmxnet3"},
    {0x15ad, 0x07c0, "VMware pvscsi"},
    {0x15ad, 0x07e0, "VMware SATA AHCI"},
};

const char *pci_dev_name(uint16_t vendor, uint16_t device)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].vendor == vendor && names[i].device == device)
            return names[i].name;
    }
    return 0;
}

int pci_dev_format(const struct pci_dev *p, char *buf, size_t size)
{
    const char *n = pci_dev_name(p->vendor, p->device);
    char extra[48] = "";
    if (p->hdr == 1)
        ksnprintf(extra, sizeof(extra), " [bus %02x-%02x]", p->sec, p->sub);
    else if (p->cap_msix)
        ksnprintf(extra, sizeof(extra), " [msi-x]");
    return ksnprintf(buf, size, "%04x:%02x:%02x.%x %04x:%04x %04x %s%s%s%s",
                     p->seg, p->bus, p->dev, p->fn, p->vendor, p->device,
                     (unsigned)(p->class >> 8), pci_class_name(p->class),
                     n ? ": " : "", n ? n : "", extra);
}

int pci_bar_note(const struct pci_dev *p, unsigned i, char *buf, size_t size)
{
    if (i >= PCI_BARS || !p->bar[i].no_window) {
        if (size)
            buf[0] = 0;
        return 0;
    }
    return ksnprintf(buf, size,
                     "no I/O window: BAR%u of %02x:%02x.%x left "
                     "unassigned",
                     i, p->bus, p->dev, p->fn);
}
