/* SPDX-License-Identifier: MIT */
/*
 * pci: configuration access, enumeration, BARs and capabilities
 * (PCI Local Bus 3.0 §6, PCI-to-PCI Bridge 1.2 §3.2, PCIe 5.0 §7.2.2).
 *
 * Configuration space is reached through a struct pci_cfg: one segment's
 * ops (port I/O mechanism #1 at 0xCF8/0xCFC, or an ECAM window from the
 * MCFG or a platform's fixed window) plus its bus range. The enumeration
 * walks every bus reachable from the segment's first bus: every device
 * (only device 0 below a PCIe root or downstream port), every function of
 * a multi-function device, and every PCI-to-PCI or PCIe bridge
 * recursively. It trusts no value it reads:
 *   - a bridge whose secondary bus is 0, not above its own bus, already
 *     visited or claimed by an earlier bridge on the same bus, or with
 *     subordinate < secondary is given a fresh bus number from its
 *     parent's range (then re-read: a bridge that refuses it is skipped);
 *     one whose range otherwise reaches past its parent's (the segment's
 *     on the first bus) is refused and not scanned; recursion stops at
 *     PCI_MAX_DEPTH and where the parent's range ends;
 *   - BARs are sized with decoding off; a BAR whose size or address does
 *     not fit its kind is dropped;
 *   - the capability list is walked at most PCI_MAX_CAPS steps, never
 *     revisiting a dword and never leaving [0x40, 0x100).
 * Every such problem is counted in (problems) and the last one named in
 * the diag. With (assign) set, bus numbers of every bridge and every BAR
 * are programmed from the windows given (platforms whose firmware leaves
 * that to the guest: QEMU microvm pcie=on); bridge windows follow (I/O
 * with 4 KiB granularity). Without an I/O window (microvm maps none) I/O
 * BARs are left unassigned, marked (no_window) and counted, not treated
 * as problems: such devices work through their memory BARs or not at all.
 * Boot-time only; no allocation (the caller gives the device array).
 */
#ifndef SKIFF_PCI_H
#define SKIFF_PCI_H
#include <stddef.h>
#include <stdint.h>

struct diag;
struct pci_cfg;

#define PCI_BARS      6
#define PCI_MAX_DEPTH 16
#define PCI_MAX_CAPS  48

/* Configuration header offsets. */
#define PCI_VENDOR       0x00
#define PCI_COMMAND      0x04
#define PCI_STATUS       0x06
#define PCI_CLASS_REV    0x08
#define PCI_HEADER       0x0e
#define PCI_BAR0         0x10
#define PCI_BUSES        0x18 /* type 1: primary, secondary, subordinate */
#define PCI_IO_BASE      0x1c /* type 1: I/O base and limit (bits 15:12) */
#define PCI_MEM_BASE     0x20 /* type 1: base 15:4 = address 31:20 */
#define PCI_PREF_BASE    0x24 /* type 1: prefetchable base and limit */
#define PCI_PREF_UPPER   0x28 /* type 1: base 63:32, then limit at 0x2c */
#define PCI_SUBSYS       0x2c /* type 0 */
#define PCI_CAP_PTR      0x34
#define PCI_IO_UPPER     0x30 /* type 1: I/O base and limit 31:16 */
#define PCI_INTERRUPT    0x3c /* line, pin */
#define PCI_CMD_IO       0x1u
#define PCI_CMD_MEM      0x2u
#define PCI_CMD_MASTER   0x4u
#define PCI_CMD_INTX_OFF 0x400u
#define PCI_STATUS_CAPS  0x10u

#define PCI_CAP_MSI    0x05
#define PCI_CAP_VENDOR 0x09
#define PCI_CAP_PCIE   0x10
#define PCI_CAP_MSIX   0x11

struct pci_cfg_ops {
    uint32_t (*read32)(const struct pci_cfg *c, unsigned bus, unsigned dev,
                       unsigned fn, unsigned off);
    void (*write32)(const struct pci_cfg *c, unsigned bus, unsigned dev,
                    unsigned fn, unsigned off, uint32_t v);
};

/* One segment's configuration access. For ECAM, (base) is the address of
 * bus (bus_start) device 0 function 0; each bus takes 1 MiB. */
struct pci_cfg {
    const struct pci_cfg_ops *ops;
    uint64_t base;
    uint16_t seg;
    uint8_t bus_start, bus_end;
};

/* Mechanism #1 (segment 0 only, offsets below 0x100) and ECAM (offsets
 * below 0x1000). Offsets are dword-aligned by the callers; a bus, device,
 * function or offset out of range reads all ones and writes nothing. */
extern const struct pci_cfg_ops pci_cfg_pio;
extern const struct pci_cfg_ops pci_cfg_ecam;

enum pci_bar_kind { PCI_BAR_NONE, PCI_BAR_IO, PCI_BAR_MEM32, PCI_BAR_MEM64 };

struct pci_bar {
    uint64_t addr, size; /* addr 0: not assigned */
    uint8_t kind, prefetch;
    uint8_t no_window; /* an I/O BAR met while assigning, on a platform
                          without an I/O window: left unassigned */
};

struct pci_dev {
    const struct pci_cfg *cfg;
    uint16_t seg;
    uint8_t bus, dev, fn;
    uint8_t hdr; /* header type, without the multi-function bit */
    uint16_t vendor, device, subvendor, subdevice;
    uint32_t class; /* class << 16 | subclass << 8 | programming interface */
    uint8_t rev, irq_line, irq_pin;
    uint8_t cap_msi, cap_msix, cap_pcie; /* offsets; 0 when absent */
    uint8_t ncaps;
    uint8_t sec, sub; /* bridges: secondary and subordinate bus */
    int depth;        /* 0 on the segment's first bus */
    int parent;       /* index of the bridge above, -1 on the first bus */
    struct pci_bar bar[PCI_BARS];
};

/* An address window to assign BARs from: [next, end). */
struct pci_window {
    uint64_t next, end;
};

struct pci_enum {
    struct pci_dev *devs; /* caller's array of (max) */
    unsigned max, n;
    unsigned dropped;   /* functions found past (max) */
    unsigned problems;  /* hostile or unusable values skipped */
    unsigned buses;     /* buses scanned */
    unsigned no_window; /* BARs left unassigned for want of a window */
    int assign;         /* program bus numbers and BARs */
    struct pci_window mem32, mem64, io;
    unsigned next_bus;
    uint8_t seen[32]; /* buses visited, one bit each */
};

/* Enumerate the segment (c) into (e), appending to e->devs. Set e->devs,
 * e->max, e->assign and the windows first; the rest zero. Returns 0 (even
 * with problems: see e->problems and diag), -EINVAL bad arguments. */
int pci_enumerate(const struct pci_cfg *c, struct pci_enum *e, struct diag *d);

/* Configuration access of one function. */
uint32_t pci_read32(const struct pci_dev *p, unsigned off);
uint16_t pci_read16(const struct pci_dev *p, unsigned off);
uint8_t pci_read8(const struct pci_dev *p, unsigned off);
void pci_write32(const struct pci_dev *p, unsigned off, uint32_t v);
/* 16-bit write by read-modify-write of the dword (status bits are
 * write-one-to-clear, so they are written back as zero at offset 4). */
void pci_write16(const struct pci_dev *p, unsigned off, uint16_t v);

/* Offset of the first capability (id) after list entry (from) (0:
 * the start of the list), bounded as described above; 0 when none. */
unsigned pci_cap_find(const struct pci_dev *p, uint8_t id, unsigned from);

/* "storage", "network", ... for the class code, "other" when unknown. */
const char *pci_class_name(uint32_t class);
/* A known device's name ("virtio-blk", "vmxnet3", "QEMU PCIe root port")
 * or NULL. */
const char *pci_dev_name(uint16_t vendor, uint16_t device);

/* One listing line without the newline, format in README.md ("PCI"):
 *   0000:00:03.0 1af4:1001 0100 storage: virtio-blk (transitional)
 * Returns the length as ksnprintf does. */
int pci_dev_format(const struct pci_dev *p, char *buf, size_t size);
/* What the listing says of BAR (i) of (p) beyond its line, without the
 * newline, or nothing (returns 0):
 *   no I/O window: BAR0 of 00:01.0 left unassigned
 * Returns the length as ksnprintf does. */
int pci_bar_note(const struct pci_dev *p, unsigned i, char *buf, size_t size);

/* --- INTx routing (intx.c): pure, over configuration space. ---
 *
 * A function's INTx pin reaches the root bus through the PCI-to-PCI
 * bridge swizzle (PCI-to-PCI Bridge 1.2 §9.1): behind a bridge, pin P of
 * device D arrives as the bridge's pin (P + D) mod 4 (pins 0-based), up
 * to the root bus. There the chipset maps (slot, pin) to an interrupt:
 *   - PCI_INTX_PIIX (i440FX/PIIX3, QEMU pc): PIRQ (slot - 1 + pin) mod 4,
 *     then the PIIX3's PIRQ route control register (function 0, config
 *     0x60 + PIRQ) gives the ISA IRQ; bit 7 set means not routed.
 *     Result: an ISA IRQ, to map through the MADT's overrides.
 *   - PCI_INTX_ICH9 (q35): slots 0-24 PIRQ (slot + pin) mod 4 + 4 (E-H),
 *     slot 30 PIRQ pin + 4, slots 25-31 the chipset configuration's D<n>IR
 *     registers (3 bits per pin; dir[slot - 24], default 0x3210: INTA-D to
 *     PIRQA-D). PIRQ A-H are IOAPIC inputs 16-23 whatever the LPC's PIRQ
 *     route control registers (config 0x60-0x63, 0x68-0x6b) say: those
 *     only add an ISA IRQ for the 8259, reported in (isa_route).
 *   - PCI_INTX_GPEX (QEMU microvm pcie=on): GSI base + (slot + pin) mod 4.
 * PCI INTx is level-triggered and active-low; a GSI result carries that,
 * an ISA result takes the MADT override's flags instead. */
enum pci_intx_chip {
    PCI_INTX_NONE,
    PCI_INTX_PIIX,
    PCI_INTX_ICH9,
    PCI_INTX_GPEX
};

#define PCI_INTX_DIR_DEFAULT 0x3210u

struct pci_intx_router {
    int chip;                  /* enum pci_intx_chip */
    const struct pci_dev *lpc; /* PIIX3 function 0 or ICH9 LPC (00:1f.0) */
    uint16_t dir[8];           /* ICH9 D<24 + i>IR; [0], [6] unused */
    uint32_t gsi_base;         /* GPEX: the GSI of swizzled pin 0 */
};

struct pci_intx {
    uint8_t slot, pin; /* on the root bus after the swizzle; pin 0-3 */
    uint8_t pirq;      /* 0-7 for PIRQ A-H; 0xff without PIRQ links */
    uint8_t isa;       /* 1: (irq) is an ISA IRQ, else a GSI */
    uint8_t isa_route; /* ICH9: the PIRQ's route control register */
    uint32_t irq;
};

/* Recognise the chipset from the root-bus functions among (devs, n):
 * ICH9 LPC 8086:2918 at 00:1f.0, PIIX3/PIIX4 ISA bridge 8086:7000/7110
 * function 0, or the GPEX host bridge 1b36:0008 (whose GSI base the
 * caller gives in gsi_base). D<n>IR start at PCI_INTX_DIR_DEFAULT.
 * Returns 0 or -ENODEV (none known: no INTx routing). */
int pci_intx_router_find(struct pci_intx_router *r, const struct pci_dev *devs,
                         unsigned n, uint32_t gsi_base);

/* Slot and 0-based pin of (devs[idx])'s INTx on the root bus. Returns 0;
 * -ENOENT no interrupt pin; -ENODEV a root bus other than segment 0 bus
 * 0 (no chipset routing known there); -EINVAL pin above 4 or a broken
 * parent chain (named in d). */
int pci_intx_swizzle(const struct pci_dev *devs, unsigned n, unsigned idx,
                     struct pci_intx *out, struct diag *d);

/* Route (devs[idx])'s INTx through (r) into (out). Returns 0; -ENOENT no
 * pin; -ENODEV the PIRQ is not routed (PIIX), no chipset or another root
 * bus; -EINVAL as pci_intx_swizzle or a reserved ISA IRQ (named in d). */
int pci_intx_route(const struct pci_intx_router *r, const struct pci_dev *devs,
                   unsigned n, unsigned idx, struct pci_intx *out,
                   struct diag *d);

/* --- Kernel side (discover.c). --- */

/* Enumerate every segment (ECAM from the MCFG, the microvm pcie=on window
 * without MCFG, or port I/O), map the BARs above the identity map, print
 * the listing. Call after acpi_init and interrupts. Returns the number of
 * functions found. */
int pci_init(uint64_t map_top);

/* The functions found by pci_init, in enumeration order. */
struct pci_dev *pci_devs(unsigned *n);

/* Route (p)'s INTx (p from pci_devs) to a GSI with IRQ_* (flags): the
 * chipset's routing above, ISA IRQs through the MADT's overrides.
 * Returns 0 or a negative errno as pci_intx_route. */
int pci_intx_gsi(const struct pci_dev *p, uint32_t *gsi, unsigned *flags,
                 struct pci_intx *how);

#endif
