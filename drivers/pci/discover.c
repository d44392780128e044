/* SPDX-License-Identifier: MIT */
/*
 * PCI discovery, kernel side (see pci.h). Which configuration access:
 *   1. ECAM for every MCFG entry (q35, cloud-hypervisor, Firecracker);
 *   2. without MCFG, port I/O when 0xCF8 answers (pc);
 *   3. otherwise, on hardware-reduced ACPI, QEMU microvm's fixed pcie=on
 *      window (ECAM 0xE0000000, 256 buses) when a host bridge answers
 *      there. Its firmware programs nothing, so Skiff assigns bus numbers
 *      and BARs from the MMIO32 window 0xC0000000 (+512 MiB) and the
 *      MMIO64 window (the top quarter of the physical address space,
 *      mapped on use); there is no I/O window (QEMU maps only the GPEX's
 *      ECAM and MMIO regions), so I/O BARs stay unassigned, each listed
 *      as "no I/O window: BAR0 of 00:01.0 left unassigned".
 * pci.assign=on forces assignment anywhere; off forbids it. ECAM windows
 * and memory BARs above the identity map are mapped as device memory.
 * Each function gets one listing line (format in README.md, "PCI").
 * INTx routing (intx.c) learns the chipset once: on ICH9 the D25IR-D31IR
 * registers come from the chipset configuration block (RCBA, LPC config
 * 0xF0) when firmware enabled it; on microvm the GPEX lines start at GSI
 * 16 with a second IOAPIC (GSI base 24) and at 12 without.
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "drivers/acpi/acpi.h"
#include "drivers/pci/pci.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "kernel/time.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define MAX_FUNCS        128
#define MICROVM_ECAM     0xe0000000ull
#define MICROVM_MEM32    0xc0000000ull
#define MICROVM_MEM32_SZ 0x20000000ull
#define ICH9_RCBA        0xf0 /* LPC: chipset configuration base | enable */

PARAM_ENUM(pci, assign, 0,
           "program PCI bus numbers and BARs (auto: where firmware does not)",
           "auto", "on", "off");
PARAM_BOOL(pci, off, 0, "skip PCI enumeration");

static struct pci_dev *devs;
static unsigned ndevs;
static struct pci_cfg cfgs[ACPI_MAX_ECAM + 1];
static struct pci_intx_router router;

struct pci_dev *pci_devs(unsigned *n)
{
    *n = ndevs;
    return devs;
}

static int map(uint64_t base, uint64_t size, uint64_t map_top)
{
    if (base + size <= map_top)
        return 0;
    return paging_map_device(base, size);
}

/* Enumerate one segment; log its problems once. */
static void segment(struct pci_cfg *c, struct pci_enum *e, int assign,
                    uint64_t map_top)
{
    struct diag d = {""};
    uint64_t ecam = ((uint64_t)(c->bus_end - c->bus_start) + 1) << 20;
    if (c->ops == &pci_cfg_ecam && map(c->base, ecam, map_top)) {
        log_warn("pci: segment %u: ECAM 0x%llx not mapped\n", c->seg,
                 (unsigned long long)c->base);
        return;
    }
    e->assign = assign;
    unsigned first = e->n, problems = e->problems;
    pci_enumerate(c, e, &d);
    if (e->problems != problems)
        log_warn("pci: segment %u: %u problem(s), last: %s\n", c->seg,
                 e->problems - problems, d.msg);
    for (unsigned i = first; i < e->n; i++) {
        for (unsigned b = 0; b < PCI_BARS; b++) {
            const struct pci_bar *bar = &e->devs[i].bar[b];
            if (bar->kind >= PCI_BAR_MEM32 && bar->addr &&
                map(bar->addr, bar->size, map_top))
                log_warn("pci: %02x:%02x.%x BAR%u at 0x%llx not mapped\n",
                         e->devs[i].bus, e->devs[i].dev, e->devs[i].fn, b,
                         (unsigned long long)bar->addr);
        }
    }
}

/* microvm's MMIO64 window: the top quarter of the physical address space
 * (CPUID 0x80000008), at most 1 TiB below it. None with fewer than 36
 * bits; 64-bit BARs then go to the 32-bit window. */
static struct pci_window microvm_mem64(void)
{
    struct cpuid_regs r;
    cpuid(0x80000000u, 0, &r);
    if (r.eax < 0x80000008u)
        return (struct pci_window){0, 0};
    cpuid(0x80000008u, 0, &r);
    unsigned bits = r.eax & 0xff;
    if (bits < 36 || bits > 52)
        return (struct pci_window){0, 0};
    uint64_t top = 1ull << bits, size = top / 4;
    return (struct pci_window){top - size, top};
}

static int microvm_window(const struct acpi_state *a)
{
    if (!a->present || !a->have_fadt || !(a->fadt.flags & ACPI_FADT_HW_REDUCED))
        return 0;
    uint32_t id = mmio_read32((uintptr_t)MICROVM_ECAM, 0);
    return (uint16_t)id != 0xffff && (uint16_t)id != 0;
}

/* ICH9's D25IR-D31IR (D30IR is fixed) from the RCBA block, if enabled. */
static void ich9_dir(struct pci_intx_router *r, uint64_t map_top)
{
    static const uint16_t at[8] = {0,      0x3150, 0x314c, 0x3148,
                                   0x3146, 0x3144, 0,      0x3140};
    uint32_t rcba = pci_read32(r->lpc, ICH9_RCBA);
    uint64_t base = rcba & 0xffffc000u;
    if (!(rcba & 1) || !base || map(base + 0x3000, 0x1000, map_top))
        return;
    for (unsigned k = 1; k < 8; k++) {
        if (at[k])
            r->dir[k] = mmio_read16((uintptr_t)base, at[k]);
    }
}

static void intx_router_init(uint64_t map_top)
{
    const struct acpi_state *a = acpi_state();
    uint32_t gpex = 12;
    for (unsigned i = 0; a->have_madt && i < a->madt.nioapic; i++) {
        if (a->madt.ioapic[i].gsi_base == 24)
            gpex = 16;
    }
    if (pci_intx_router_find(&router, devs, ndevs, gpex))
        return;
    if (router.chip == PCI_INTX_ICH9)
        ich9_dir(&router, map_top);
}

int pci_intx_gsi(const struct pci_dev *p, uint32_t *gsi, unsigned *flags,
                 struct pci_intx *how)
{
    struct diag d = {""};
    if (p < devs || p >= devs + ndevs)
        return -EINVAL;
    int rc =
        pci_intx_route(&router, devs, ndevs, (unsigned)(p - devs), how, &d);
    if (rc == -EINVAL)
        log_warn("pci: %02x:%02x.%x: INTx: %s\n", p->bus, p->dev, p->fn, d.msg);
    if (rc)
        return rc;
    *gsi = how->irq;
    *flags = IRQ_LEVEL | IRQ_ACTIVE_LOW; /* PCI's own convention */
    if (!how->isa)
        return 0;
    uint16_t iso;
    if (acpi_isa_irq(how->irq, gsi, &iso))
        return -ENODEV;
    if ((iso & ACPI_ISO_TRIG_MASK) == ACPI_ISO_TRIG_EDGE)
        *flags &= ~IRQ_LEVEL;
    if ((iso & ACPI_ISO_POL_MASK) == ACPI_ISO_POL_HIGH)
        *flags &= ~IRQ_ACTIVE_LOW;
    return 0;
}

int pci_init(uint64_t map_top)
{
    if (param_pci_off)
        return 0;
    const struct acpi_state *a = acpi_state();
    unsigned ncfg = 0;
    int assign = param_pci_assign == 1;
    struct pci_enum e = {0};
    if (a->have_mcfg) {
        for (unsigned i = 0; i < a->mcfg.n && i < ACPI_MAX_ECAM; i++) {
            const struct acpi_ecam *s = &a->mcfg.seg[i];
            cfgs[ncfg++] = (struct pci_cfg){&pci_cfg_ecam, s->base, s->segment,
                                            s->bus_start, s->bus_end};
        }
    } else {
        cfgs[0] = (struct pci_cfg){&pci_cfg_pio, 0, 0, 0, 255};
        uint32_t id = pci_cfg_pio.read32(&cfgs[0], 0, 0, 0, 0);
        if ((uint16_t)id != 0xffff && (uint16_t)id != 0) {
            ncfg = 1;
        } else if (!map(MICROVM_ECAM, 1u << 20, map_top) && microvm_window(a)) {
            cfgs[0] = (struct pci_cfg){&pci_cfg_ecam, MICROVM_ECAM, 0, 0, 255};
            ncfg = 1;
            assign = param_pci_assign != 2;
            e.mem32 = (struct pci_window){MICROVM_MEM32,
                                          MICROVM_MEM32 + MICROVM_MEM32_SZ};
            e.mem64 = microvm_mem64();
        }
    }
    if (!ncfg)
        return 0;
    uint64_t t0 = time_ns();
    devs = kcalloc(MAX_FUNCS, sizeof(*devs));
    if (!devs) {
        log_warn("pci: no memory for the device table\n");
        return 0;
    }
    e.devs = devs;
    e.max = MAX_FUNCS;
    for (unsigned i = 0; i < ncfg; i++)
        segment(&cfgs[i], &e, assign, map_top);
    ndevs = e.n;
    uint64_t us = (time_ns() - t0) / 1000; /* the walk, not the printing */
    intx_router_init(map_top);
    if (e.dropped)
        log_warn("pci: %u function(s) past the first %u not listed\n",
                 e.dropped, MAX_FUNCS);
    for (unsigned i = 0; i < ndevs; i++) {
        char line[128];
        pci_dev_format(&devs[i], line, sizeof(line));
        log_info("pci: %s\n", line);
        for (unsigned b = 0; b < PCI_BARS; b++) {
            static const char *const kind[] = {"", "io", "mem32", "mem64"};
            const struct pci_bar *bar = &devs[i].bar[b];
            if (bar->kind != PCI_BAR_NONE)
                log_debug("pci:   BAR%u %s%s 0x%llx size 0x%llx%s\n", b,
                          kind[bar->kind], bar->prefetch ? " prefetchable" : "",
                          (unsigned long long)bar->addr,
                          (unsigned long long)bar->size,
                          bar->addr ? "" : " (unassigned)");
            if (pci_bar_note(&devs[i], b, line, sizeof(line)))
                log_info("pci: %s\n", line);
        }
    }
    log_info("pci: %u function(s) on %u bus(es), %s access%s (%llu us)\n",
             ndevs, e.buses, cfgs[0].ops == &pci_cfg_ecam ? "ECAM" : "port I/O",
             assign ? ", assigned by Skiff" : "", (unsigned long long)us);
    return (int)ndevs;
}
