/* SPDX-License-Identifier: MIT */
/*
 * Whole table sets, one per monitor, written into phys[] by
 * acpi_fixture.h's builders. Addresses of the RSDP and the values of the
 * registers are the monitors' own (docs: vmm-conventions.md §2-§5, checked
 * against Skiff's boot log on QEMU 7.2); the other table addresses are
 * chosen to fit the 1 MiB image.
 */
#ifndef SKIFF_ACPI_MACHINES_H
#define SKIFF_ACPI_MACHINES_H
#include "tests/unit/acpi_fixture.h"

#define PC_RSDP   0xf59d0u
#define MVM_RSDP  0xf34d0u
#define CH_RSDP   0xa0000u
#define FC_RSDP   0xe0000u
#define ROOT_PA   0x80000u
#define FACP_PA   0x80100u
#define APIC_PA   0x80400u
#define MCFG_PA   0x80600u
#define HPET_PA   0x80700u
#define DSDT_PA   0x81000u
#define RSDT2_PA  0x82000u /* microvm's extra RSDT for the fallback test */
#define FADT_FLAG 0x80a5u  /* QEMU pc: WBINVD, PROC_C1, SLP_BUTTON, ... */

static struct buf tb;

static inline void dsdt_simple(uint8_t s5, int byteconst)
{
    struct buf inner = {.n = 0};
    sdt_begin(&tb, "DSDT", 1, "BOCHS ");
    /* Name(\_SB_.PCI0.FOO_, Zero)-like noise before the object. */
    e8(&inner, 0x08), emit(&inner, "PICF", 4), e8(&inner, 0x00);
    aml_scope(&tb, &inner);
    aml_s5(&tb, s5, byteconst);
    sdt_end(&tb);
    place(DSDT_PA, &tb);
}

/* QEMU pc: RSDP rev 0, RSDT, FADT rev 1 (116 bytes), PM1a_CNT 0x604. */
static inline void machine_pc(int q35)
{
    uint64_t list[] = {FACP_PA, APIC_PA, HPET_PA, MCFG_PA};
    memset(phys, 0, sizeof(phys));
    put_rsdp(PC_RSDP, 0, ROOT_PA, 0);
    root_table(&tb, 4, list, q35 ? 4 : 3);
    place(ROOT_PA, &tb);
    fadt_begin(&tb, q35 ? 3 : 1, q35 ? 244 : 116, DSDT_PA);
    put_le(tb.b + 46, 9, 2);     /* SCI_INT */
    put_le(tb.b + 64, 0x604, 4); /* PM1a_CNT_BLK */
    put_le(tb.b + 76, 0x608, 4); /* PM_TMR_BLK */
    tb.b[89] = 2;                /* PM1_CNT_LEN */
    put_le(tb.b + 112, FADT_FLAG | (q35 ? 0x400u : 0), 4);
    if (q35) {
        fadt_gas(&tb, 116, 1, 8, 0xcf9); /* RESET_REG */
        tb.b[128] = 0x0f;
    }
    sdt_end(&tb);
    place(FACP_PA, &tb);
    madt_begin(&tb, 1);
    madt_lapic(&tb, 0, 0, 1);
    madt_ioapic(&tb, 0, 0xfec00000, 0);
    madt_iso(&tb, 0, 2, 0);
    madt_iso(&tb, 5, 5, 0xd);
    madt_iso(&tb, 9, 9, 0xd);
    madt_iso(&tb, 10, 10, 0xd);
    madt_iso(&tb, 11, 11, 0xd);
    sdt_end(&tb);
    place(APIC_PA, &tb);
    sdt_begin(&tb, "HPET", 1, "BOCHS ");
    ele(&tb, 0x8086a201, 4);
    sdt_end(&tb);
    place(HPET_PA, &tb);
    uint64_t base = 0xb0000000;
    uint16_t seg = 0;
    mcfg(&tb, &base, &seg, 0, 255, 1);
    place(MCFG_PA, &tb);
    dsdt_simple(0, 0);
}

/* The DSDT of microvm or Firecracker: _S5 (when s5 >= 0) and (ndev)
 * LNRO0005 devices from (base) with (stride), GSIs from (gsi). */
static inline void dsdt_mmio(int s5, unsigned ndev, uint32_t base,
                             uint32_t size, uint32_t stride, uint32_t gsi,
                             uint8_t iflags)
{
    struct buf inner = {.n = 0};
    char name[5];
    sdt_begin(&tb, "DSDT", 2, "BOCHS ");
    aml_mmio_dev(&inner, "COM1", "PNP0501", 0x3f8, 8, 4, 3);
    for (unsigned i = 0; i < ndev; i++) {
        name[0] = 'V', name[1] = 'R', name[2] = (char)('0' + i / 10);
        name[3] = (char)('0' + i % 10), name[4] = 0;
        aml_mmio_dev(&inner, name, "LNRO0005", base + i * stride, size, gsi + i,
                     iflags);
    }
    aml_scope(&tb, &inner);
    if (s5 >= 0)
        aml_s5(&tb, (uint8_t)s5, 1);
    sdt_end(&tb);
    place(DSDT_PA, &tb);
}

/* QEMU microvm (acpi=on): RSDP rev 2, XSDT, HW_REDUCED FADT rev 5 with the
 * GED sleep/reset registers at 0xFEA00200/0xFEA00202, two IOAPICs, two
 * virtio-mmio devices in the top slots, level-triggered. */
static inline void machine_microvm(void)
{
    uint64_t list[] = {FACP_PA, APIC_PA};
    memset(phys, 0, sizeof(phys));
    put_rsdp(MVM_RSDP, 2, RSDT2_PA, ROOT_PA);
    root_table(&tb, 8, list, 2);
    place(ROOT_PA, &tb);
    root_table(&tb, 4, list, 2);
    place(RSDT2_PA, &tb);
    fadt_begin(&tb, 5, 268, DSDT_PA);
    put_le(tb.b + 112, 0x100400, 4);
    fadt_gas(&tb, 116, 0, 8, 0xfea00202);
    tb.b[128] = 0x42;
    fadt_gas(&tb, 244, 0, 8, 0xfea00200);
    fadt_gas(&tb, 256, 0, 8, 0xfea00201);
    sdt_end(&tb);
    place(FACP_PA, &tb);
    madt_begin(&tb, 1);
    madt_lapic(&tb, 0, 0, 1);
    madt_ioapic(&tb, 0, 0xfec00000, 0);
    madt_ioapic(&tb, 1, 0xfec10000, 24);
    sdt_end(&tb);
    place(APIC_PA, &tb);
    dsdt_mmio(5, 2, 0xfeb02c00, 512, 0x200, 46, 1);
}

/* cloud-hypervisor: RSDP at 0xA0000 (found through the EBDA), XSDT, FADT
 * rev 6 HW_REDUCED|RESET_REG_SUP|TMR_VAL_EXT with sleep control, status
 * and reset all at I/O 0x600, X_DSDT only; MADT of type-9 x2APIC entries,
 * flags 0, IOAPIC 0, ISO 4 -> 4; MCFG one bus per segment from
 * 0xE8000000. */
static inline void machine_ch(unsigned ncpus, unsigned nseg)
{
    uint64_t list[] = {CH_RSDP + 0x400, CH_RSDP + 0x2000, CH_RSDP + 0x800};
    uint64_t base[8];
    uint16_t seg[8];
    memset(phys, 0, sizeof(phys));
    put_rsdp(CH_RSDP, 2, 0, CH_RSDP + 0x100);
    root_table(&tb, 8, list, 3);
    place(CH_RSDP + 0x100, &tb);
    fadt_begin(&tb, 6, 276, 0);
    put_le(tb.b + 112, 0x100500, 4);
    fadt_gas(&tb, 116, 1, 8, 0x600);
    tb.b[128] = 0x01;
    put_le(tb.b + 140, CH_RSDP + 0x1000, 8); /* X_DSDT */
    fadt_gas(&tb, 208, 1, 32, 0x608);
    fadt_gas(&tb, 244, 1, 8, 0x600);
    fadt_gas(&tb, 256, 1, 8, 0x600);
    memcpy(tb.b + 268, "CLOUDHYP", 8);
    sdt_end(&tb);
    place(CH_RSDP + 0x400, &tb);
    madt_begin(&tb, 0);
    for (unsigned i = 0; i < ncpus; i++)
        madt_x2apic(&tb, i, 1);
    madt_ioapic(&tb, 0, 0xfec00000, 0);
    madt_iso(&tb, 4, 4, 0);
    sdt_end(&tb);
    place(CH_RSDP + 0x2000, &tb);
    for (unsigned i = 0; i < nseg && i < 8; i++) {
        base[i] = 0xe8000000ull + i * 0x100000ull;
        seg[i] = (uint16_t)i;
    }
    mcfg(&tb, base, seg, 0, 0, nseg);
    place(CH_RSDP + 0x800, &tb);
    sdt_begin(&tb, "DSDT", 6, "CLOUDH");
    aml_s5(&tb, 5, 1);
    sdt_end(&tb);
    place(CH_RSDP + 0x1000, &tb);
}

/* Firecracker: RSDP rev 2 at 0xE0000 (PVH gives none), XSDT, FADT rev 6
 * HW_REDUCED with power/sleep buttons absent and no sleep registers, MADT
 * type-0 entries and flags 0, MCFG at 0xEEC00000, DSDT with LNRO0005
 * devices of 4 KiB from 0xC0001000, GSI 5 up, edge-triggered. */
static inline void machine_fc(void)
{
    uint64_t list[] = {FACP_PA, APIC_PA, MCFG_PA};
    memset(phys, 0, sizeof(phys));
    put_rsdp(FC_RSDP, 2, 0, ROOT_PA);
    root_table(&tb, 8, list, 3);
    place(ROOT_PA, &tb);
    fadt_begin(&tb, 6, 276, 0);
    put_le(tb.b + 112, 0x100030, 4);
    put_le(tb.b + 140, DSDT_PA, 8);
    sdt_end(&tb);
    place(FACP_PA, &tb);
    madt_begin(&tb, 0);
    madt_lapic(&tb, 0, 0, 1);
    madt_lapic(&tb, 1, 1, 1);
    madt_ioapic(&tb, 0, 0xfec00000, 0);
    sdt_end(&tb);
    place(APIC_PA, &tb);
    uint64_t base = 0xeec00000;
    uint16_t seg = 0;
    mcfg(&tb, &base, &seg, 0, 0, 1);
    place(MCFG_PA, &tb);
    dsdt_mmio(-1, 3, 0xc0001000, 0x1000, 0x1000, 5, 3);
}

/* Method(_S5_, 0) { Return (Package(4){a, b, 0, 0}) } as iasl writes it,
 * inside Scope(\) after other objects; (pad) NoopOps after the Return make
 * the method's PkgLength take two bytes. The table (sig) is left in tb. */
static inline void aml_s5_method_table(const char *sig, size_t pad, uint8_t a,
                                       uint8_t b)
{
    struct buf m = {.n = 0}, scope = {.n = 0}, body = {.n = 0};
    emit(&m, "_S5_", 4);
    e8(&m, 0x00); /* MethodFlags: no arguments, not serialised */
    e8(&m, 0xa4), e8(&m, 0x12), e8(&m, 0x08), e8(&m, 0x04);
    e8(&m, 0x0a), e8(&m, a), e8(&m, 0x0a), e8(&m, b), e8(&m, 0x00);
    e8(&m, 0x00);
    for (size_t i = 0; i < pad; i++)
        e8(&m, 0xa3);
    e8(&body, 0x5c);
    /* Name(PICF, Zero) and Method(_PTS, 1) { Store(Arg0, Local0) } */
    e8(&body, 0x08), emit(&body, "PICF", 4), e8(&body, 0x00);
    e8(&body, 0x14), e8(&body, 0x09), emit(&body, "_PTS", 4), e8(&body, 0x01);
    e8(&body, 0x70), e8(&body, 0x68), e8(&body, 0x60);
    e8(&body, 0x14);
    aml_pkg(&body, &m);
    sdt_begin(&tb, sig, 2, "OEMID ");
    e8(&scope, 0x10);
    aml_pkg(&scope, &body);
    emit(&tb, scope.b, scope.n);
    sdt_end(&tb);
}

#endif
