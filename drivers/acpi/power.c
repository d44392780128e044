/* SPDX-License-Identifier: MIT */
/*
 * acpi power: power-off and reset through the FADT's registers.
 *   - PM1a_CNT (ACPI 6.5 §4.8.3.2.1): SLP_TYP in bits 12:10, SLP_EN bit 13.
 *     QEMU pc/q35: outw(0x604, 0x2000) with _S5 = 0. When the FADT has a
 *     PM1b_CNT block, it gets the _S5 package's second value the same
 *     way, written after PM1a (§7.4.2).
 *   - Hardware-reduced SLEEP_CONTROL_REG (§4.8.3.7): SLP_TYP in bits 4:2,
 *     SLP_EN bit 5, one byte. cloud-hypervisor: 0x34 to port 0x600;
 *     QEMU microvm: 0x34 to MMIO 0xFEA00200 (both _S5 = 5).
 *   - RESET_REG (§4.8.3.6) with RESET_VALUE when RESET_REG_SUP is set:
 *     q35 0x0F to port 0xCF9; cloud-hypervisor 0x01 to port 0x600;
 *     microvm 0x42 to MMIO 0xFEA00202.
 * PM1a_CNT is written, not read-modified-written: its other bits (SCI_EN,
 * BM_RLD, GBL_RLS) do not matter once the machine enters S5.
 * Registers are written with the width the GAS gives (bit_width, or the
 * access size), through the io.h accessors only. A reset register in PCI
 * configuration space (§4.8.3.6 allows it on bus 0 of segment 0; none of
 * the monitors Skiff targets uses it) goes through the caller's struct
 * pci_cfg ops, so this file never computes a configuration address.
 */
#include "arch/x86_64/io.h"
#include "drivers/acpi/acpi.h"
#include "drivers/pci/pci.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define PM1_SLP_EN    (1u << 13)
#define SLPCTL_SLP_EN (1u << 5)

static int usable(const struct acpi_gas *g)
{
    return g->addr && (g->space == ACPI_GAS_IO ? g->addr <= 0xffff
                                               : g->space == ACPI_GAS_MEM);
}

/* A PCI configuration register of bus 0 (see ACPI_GAS_PCI). */
static unsigned pci_dev(uint64_t a)
{
    return (unsigned)(a >> 32) & 0xffffu;
}

static unsigned pci_fn(uint64_t a)
{
    return (unsigned)(a >> 16) & 0xffffu;
}

static unsigned pci_off(uint64_t a)
{
    return (unsigned)a & 0xffffu;
}

static int usable_reset(const struct acpi_gas *g)
{
    if (g->space != ACPI_GAS_PCI)
        return usable(g);
    return g->addr >> 48 == 0 && pci_dev(g->addr) < 32 && pci_fn(g->addr) < 8 &&
           pci_off(g->addr) < 0x100;
}

/* Width in bytes: bit_width when it is 8/16/32, else the access size
 * code (1 byte .. 3 dword), else (dflt). */
static unsigned width(const struct acpi_gas *g, unsigned dflt)
{
    if (g->bit_width == 8 || g->bit_width == 16 || g->bit_width == 32)
        return g->bit_width / 8u;
    if (g->access_size >= 1 && g->access_size <= 3)
        return 1u << (g->access_size - 1);
    return dflt;
}

static uint16_t pm1_value(uint8_t typ)
{
    return (uint16_t)(((typ & 7u) << 10) | PM1_SLP_EN);
}

void acpi_power_plan(const struct acpi_fadt *f, const struct acpi_s5 *s5,
                     struct acpi_power *out)
{
    memset(out, 0, sizeof(*out));
    if (s5 && (f->flags & ACPI_FADT_HW_REDUCED) && usable(&f->sleep_ctl)) {
        out->off = ACPI_OFF_SLEEPCTL;
        out->off_reg = f->sleep_ctl;
        out->off_value = (uint16_t)(((s5->typ_a & 7u) << 2) | SLPCTL_SLP_EN);
    } else if (s5 && !(f->flags & ACPI_FADT_HW_REDUCED) &&
               usable(&f->pm1a_cnt)) {
        out->off = ACPI_OFF_PM1A;
        out->off_reg = f->pm1a_cnt;
        out->off_value = pm1_value(s5->typ_a);
        if (usable(&f->pm1b_cnt)) {
            out->off_b = 1;
            out->off_reg_b = f->pm1b_cnt;
            out->off_value_b = pm1_value(s5->typ_b);
        }
    }
    if ((f->flags & ACPI_FADT_RESET_REG_SUP) && usable_reset(&f->reset)) {
        out->reset = 1;
        out->reset_reg = f->reset;
        out->reset_value = f->reset_value;
    }
}

static void gas_write(const struct acpi_gas *g, unsigned w, uint32_t v)
{
    if (g->space == ACPI_GAS_IO) {
        uint16_t port = (uint16_t)g->addr;
        if (w == 1)
            pio_out8(port, (uint8_t)v);
        else if (w == 2)
            pio_out16(port, (uint16_t)v);
        else
            pio_out32(port, v);
        return;
    }
    uintptr_t a = (uintptr_t)g->addr;
    if (w == 1)
        mmio_write8(a, 0, (uint8_t)v);
    else if (w == 2)
        mmio_write16(a, 0, (uint16_t)v);
    else
        mmio_write32(a, 0, v);
}

int acpi_power_off_with(const struct acpi_power *p)
{
    if (p->off == ACPI_OFF_NONE)
        return -ENODEV;
    unsigned w = width(&p->off_reg, p->off == ACPI_OFF_PM1A ? 2 : 1);
    gas_write(&p->off_reg, w, p->off_value);
    if (p->off_b)
        gas_write(&p->off_reg_b, width(&p->off_reg_b, 2), p->off_value_b);
    return 0;
}

/* RESET_VALUE is one byte (§4.8.3.6): replace that byte of its dword. */
static void pci_write8(const struct pci_cfg *c, uint64_t a, uint8_t v)
{
    unsigned off = pci_off(a), sh = 8 * (off & 3u);
    unsigned dev = pci_dev(a), fn = pci_fn(a);
    uint32_t d = c->ops->read32(c, 0, dev, fn, off & ~3u);
    d = (d & ~(0xffu << sh)) | (uint32_t)v << sh;
    c->ops->write32(c, 0, dev, fn, off & ~3u, d);
}

int acpi_reset_with(const struct acpi_power *p, const struct pci_cfg *pci)
{
    if (!p->reset || (p->reset_reg.space == ACPI_GAS_PCI && !pci))
        return -ENODEV;
    if (p->reset_reg.space == ACPI_GAS_PCI)
        pci_write8(pci, p->reset_reg.addr, p->reset_value);
    else
        gas_write(&p->reset_reg, width(&p->reset_reg, 1), p->reset_value);
    return 0;
}
