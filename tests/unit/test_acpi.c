/* SPDX-License-Identifier: MIT */
/* Host tests of the ACPI parsers, the table walk and the power registers,
 * on tables shaped like QEMU's, cloud-hypervisor's and Firecracker's, and
 * on corrupted ones. */
#include "boot/bootinfo.h"
#include "drivers/acpi/acpi.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/acpi_machines.h"
#include "tests/unit/fakes/io_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static struct boot_mem win = {phys, 0, PHYS_LEN};
static struct acpi_tables tabs;
static struct diag why[ACPI_MAX_TABLES];
static struct diag dg;

static const uint8_t *at(uint64_t pa)
{
    return phys + pa;
}

static const struct acpi_table *must_find(const char *sig)
{
    const struct acpi_table *t = acpi_tables_find(&tabs, sig);
    assert_non_null(t);
    return t;
}

#define WALK_OK(rsdp)                                                          \
    do {                                                                       \
        dg.msg[0] = '\0';                                                      \
        assert_int_equal(acpi_tables_walk(&win, (rsdp), &tabs, why, &dg), 0);  \
    } while (0)

#define HAS(s, sub) assert_non_null(strstr((s), (sub)))

/* Power registers through the fake: the last port or MMIO write. */
static uint64_t last_addr;
static uint32_t last_val;
static int last_size;

static void narrow(uintptr_t a, int size, uint32_t v)
{
    last_addr = a, last_size = size, last_val = v;
}

static void wide(uintptr_t a, uint32_t v)
{
    last_addr = a, last_size = 4, last_val = v;
}

static void plan(struct acpi_power *p)
{
    struct acpi_fadt f;
    struct acpi_s5 s5;
    const struct acpi_table *t = must_find("FACP");
    assert_int_equal(acpi_fadt_parse(at(t->pa), t->len, &f, &dg), 0);
    t = must_find("DSDT");
    int ok = acpi_aml_s5(at(t->pa), t->len, &s5, &dg) == 0;
    acpi_power_plan(&f, ok ? &s5 : NULL, p);
}

static void test_qemu_pc(void **state)
{
    (void)state;
    struct acpi_madt m;
    struct acpi_fadt f;
    struct acpi_power p;
    machine_pc(0);
    WALK_OK(PC_RSDP);
    assert_string_equal(dg.msg, "");
    assert_int_equal(tabs.rsdp.revision, 0);
    assert_int_equal(tabs.xsdt, 0);
    assert_int_equal(tabs.root_pa, ROOT_PA);
    assert_int_equal(tabs.n, 4); /* FACP APIC HPET + DSDT */
    assert_string_equal(tabs.t[3].sig, "DSDT");
    assert_string_equal(tabs.t[0].oem, "BOCHS ");
    const struct acpi_table *t = must_find("APIC");
    assert_int_equal(acpi_madt_parse(at(t->pa), t->len, &m, &dg), 0);
    assert_int_equal(m.ncpus, 1);
    assert_int_equal(m.nx2apic, 0);
    assert_int_equal(m.lapic_addr, 0xfee00000);
    assert_int_equal(m.flags, ACPI_MADT_PCAT_COMPAT);
    assert_int_equal(m.nioapic, 1);
    assert_int_equal(m.ioapic[0].addr, 0xfec00000);
    assert_int_equal(m.niso, 5);
    assert_int_equal(m.iso[0].irq, 0);
    assert_int_equal(m.iso[0].gsi, 2);
    assert_int_equal(m.iso[1].flags & ACPI_ISO_TRIG_MASK, ACPI_ISO_TRIG_LVL);
    assert_int_equal(m.iso[1].flags & ACPI_ISO_POL_MASK, ACPI_ISO_POL_HIGH);
    uint32_t gsi;
    uint16_t fl;
    assert_int_equal(acpi_madt_isa_irq(&m, 0, &gsi, &fl), 0);
    assert_int_equal(gsi, 2);
    assert_int_equal(fl, 0);
    assert_int_equal(acpi_madt_isa_irq(&m, 9, &gsi, &fl), 0);
    assert_int_equal(gsi, 9);
    assert_int_equal(fl, ACPI_ISO_TRIG_LVL | ACPI_ISO_POL_HIGH);
    assert_int_equal(acpi_madt_isa_irq(&m, 4, &gsi, &fl), 0);
    assert_int_equal(gsi, 4);
    assert_int_equal(fl, 0);
    assert_int_equal(acpi_madt_isa_irq(&m, 16, &gsi, &fl), -EINVAL);
    assert_int_equal(acpi_madt_isa_irq(NULL, 0, &gsi, &fl), 0);
    assert_int_equal(gsi, 0);
    t = must_find("FACP");
    assert_int_equal(acpi_fadt_parse(at(t->pa), t->len, &f, &dg), 0);
    assert_int_equal(f.revision, 1);
    assert_int_equal(f.dsdt, DSDT_PA);
    assert_int_equal(f.pm1a_cnt.space, ACPI_GAS_IO);
    assert_int_equal(f.pm1a_cnt.addr, 0x604);
    assert_int_equal(f.pm1a_cnt.bit_width, 16);
    assert_int_equal(f.pm_tmr.addr, 0x608);
    assert_int_equal(f.sci_irq, 9);
    assert_int_equal(f.reset.addr, 0); /* past a rev-1 table's end */
    plan(&p);
    assert_int_equal(p.off, ACPI_OFF_PM1A);
    assert_int_equal(p.off_value, 0x2000);
    assert_int_equal(p.reset, 0);
    io_fake_reset();
    assert_int_equal(acpi_power_off_with(&p), 0);
    assert_int_equal(io_fake_nwrites, 1);
    assert_int_equal(io_fake_writes[0].port, 0x604);
    assert_int_equal(io_fake_writes[0].v, 0x2000);
    assert_int_equal(acpi_reset_with(&p, NULL), -ENODEV);
}

static void test_qemu_q35(void **state)
{
    (void)state;
    struct acpi_mcfg mc;
    struct acpi_power p;
    machine_pc(1);
    WALK_OK(PC_RSDP);
    assert_int_equal(tabs.n, 5);
    const struct acpi_table *t = must_find("MCFG");
    assert_int_equal(acpi_mcfg_parse(at(t->pa), t->len, &mc, &dg), 0);
    assert_int_equal(mc.n, 1);
    assert_int_equal(mc.seg[0].base, 0xb0000000);
    assert_int_equal(mc.seg[0].bus_start, 0);
    assert_int_equal(mc.seg[0].bus_end, 255);
    plan(&p);
    assert_int_equal(p.off, ACPI_OFF_PM1A);
    assert_int_equal(p.reset, 1);
    assert_int_equal(p.reset_reg.addr, 0xcf9);
    assert_int_equal(p.reset_value, 0x0f);
    io_fake_reset();
    assert_int_equal(acpi_reset_with(&p, NULL), 0);
    assert_int_equal(io_fake_nwrites, 1);
    assert_int_equal(io_fake_writes[0].port, 0xcf9);
    assert_int_equal(io_fake_writes[0].v, 0x0f);
}

static void test_microvm(void **state)
{
    (void)state;
    struct acpi_madt m;
    struct acpi_power p;
    struct acpi_mmio_dev dev[4];
    machine_microvm();
    WALK_OK(MVM_RSDP);
    assert_int_equal(tabs.xsdt, 1);
    assert_int_equal(tabs.rsdp.revision, 2);
    assert_int_equal(tabs.n, 3);
    const struct acpi_table *t = must_find("APIC");
    assert_int_equal(acpi_madt_parse(at(t->pa), t->len, &m, &dg), 0);
    assert_int_equal(m.nioapic, 2);
    assert_int_equal(m.ioapic[1].addr, 0xfec10000);
    assert_int_equal(m.ioapic[1].gsi_base, 24);
    plan(&p);
    assert_int_equal(p.off, ACPI_OFF_SLEEPCTL);
    assert_int_equal(p.off_reg.addr, 0xfea00200);
    assert_int_equal(p.off_value, 0x34);
    io_fake_reset();
    io_fake.mmio_write_narrow = narrow;
    assert_int_equal(acpi_power_off_with(&p), 0);
    assert_int_equal(last_addr, 0xfea00200);
    assert_int_equal(last_size, 1);
    assert_int_equal(last_val, 0x34);
    assert_int_equal(acpi_reset_with(&p, NULL), 0);
    assert_int_equal(last_addr, 0xfea00202);
    assert_int_equal(last_val, 0x42);
    t = must_find("DSDT");
    assert_int_equal(acpi_aml_mmio_devs(at(t->pa), t->len, dev, 4, &dg), 2);
    assert_string_equal(dev[0].name, "VR00");
    assert_int_equal(dev[0].base, 0xfeb02c00);
    assert_int_equal(dev[0].size, 512);
    assert_int_equal(dev[0].gsi, 46);
    assert_int_equal(dev[0].level, 1);
    assert_int_equal(dev[0].active_low, 0);
    assert_int_equal(dev[1].base, 0xfeb02e00);
    assert_int_equal(dev[1].gsi, 47);
    /* Only (max) are stored; the count says how many exist. */
    memset(dev, 0, sizeof(dev));
    assert_int_equal(acpi_aml_mmio_devs(at(t->pa), t->len, dev, 1, &dg), 2);
    assert_int_equal(dev[1].base, 0);
}

static void test_cloud_hypervisor(void **state)
{
    (void)state;
    uint64_t found = 0;
    struct acpi_madt m;
    struct acpi_mcfg mc;
    struct acpi_fadt f;
    struct acpi_power p;
    machine_ch(4, 3);
    /* rsdp_paddr is set, but the EBDA scan must find it too. */
    assert_int_equal(acpi_rsdp_scan(&win, CH_RSDP, 1024, &found), 0);
    assert_int_equal(found, CH_RSDP);
    WALK_OK(CH_RSDP);
    assert_int_equal(tabs.n, 4);
    assert_int_equal(must_find("DSDT")->pa, CH_RSDP + 0x1000); /* X_DSDT */
    const struct acpi_table *t = must_find("APIC");
    assert_int_equal(acpi_madt_parse(at(t->pa), t->len, &m, &dg), 0);
    assert_int_equal(m.ncpus, 4);
    assert_int_equal(m.nx2apic, 4);
    assert_int_equal(m.apic_id[3], 3);
    assert_int_equal(m.flags, 0);
    assert_int_equal(m.niso, 1);
    assert_int_equal(m.iso[0].irq, 4);
    assert_int_equal(m.iso[0].gsi, 4);
    t = must_find("MCFG");
    assert_int_equal(acpi_mcfg_parse(at(t->pa), t->len, &mc, &dg), 0);
    assert_int_equal(mc.n, 3);
    assert_int_equal(mc.seg[2].base, 0xe8200000);
    assert_int_equal(mc.seg[2].segment, 2);
    assert_int_equal(mc.seg[2].bus_start, 0);
    assert_int_equal(mc.seg[2].bus_end, 0);
    t = must_find("FACP");
    assert_int_equal(acpi_fadt_parse(at(t->pa), t->len, &f, &dg), 0);
    assert_string_equal(f.hypervisor, "CLOUDHYP");
    assert_int_equal(f.pm_tmr.addr, 0x608);
    assert_int_equal(f.pm_tmr.bit_width, 32);
    plan(&p);
    assert_int_equal(p.off, ACPI_OFF_SLEEPCTL);
    assert_int_equal(p.off_reg.space, ACPI_GAS_IO);
    assert_int_equal(p.off_reg.addr, 0x600);
    assert_int_equal(p.off_value, 0x34);
    assert_int_equal(p.reset_reg.addr, 0x600);
    assert_int_equal(p.reset_value, 1);
    io_fake_reset();
    acpi_power_off_with(&p);
    acpi_reset_with(&p, NULL);
    assert_int_equal(io_fake_nwrites, 2);
    assert_int_equal(io_fake_writes[0].port, 0x600);
    assert_int_equal(io_fake_writes[0].v, 0x34);
    assert_int_equal(io_fake_writes[1].v, 0x01);
}

/* More CPUs than the table holds: the rest counted as skipped. */
static void test_ch_many_cpus(void **state)
{
    (void)state;
    struct acpi_madt m;
    machine_ch(ACPI_MAX_CPUS + 2, 1);
    WALK_OK(CH_RSDP);
    const struct acpi_table *t = must_find("APIC");
    assert_int_equal(acpi_madt_parse(at(t->pa), t->len, &m, &dg), 0);
    assert_int_equal(m.ncpus, ACPI_MAX_CPUS);
    assert_int_equal(m.skipped, 2);
    HAS(dg.msg, "beyond 64 cpus");
}

static void test_firecracker(void **state)
{
    (void)state;
    uint64_t found = 0;
    struct acpi_power p;
    struct acpi_mcfg mc;
    struct acpi_mmio_dev dev[4];
    machine_fc();
    assert_int_equal(acpi_rsdp_scan(&win, 0xe0000, 0x20000, &found), 0);
    assert_int_equal(found, FC_RSDP);
    WALK_OK(FC_RSDP);
    plan(&p); /* no _S5 and no sleep register: no ACPI power-off */
    assert_int_equal(p.off, ACPI_OFF_NONE);
    assert_int_equal(p.reset, 0);
    assert_int_equal(acpi_power_off_with(&p), -ENODEV);
    const struct acpi_table *t = must_find("MCFG");
    assert_int_equal(acpi_mcfg_parse(at(t->pa), t->len, &mc, &dg), 0);
    assert_int_equal(mc.seg[0].base, 0xeec00000);
    t = must_find("DSDT");
    dg.msg[0] = '\0';
    assert_int_equal(acpi_aml_mmio_devs(at(t->pa), t->len, dev, 4, &dg), 3);
    assert_string_equal(dg.msg, "");
    assert_int_equal(dev[0].base, 0xc0001000);
    assert_int_equal(dev[0].size, 0x1000);
    assert_int_equal(dev[0].gsi, 5);
    assert_int_equal(dev[0].level, 0);
    assert_int_equal(dev[2].base, 0xc0003000);
    assert_int_equal(dev[2].gsi, 7);
}

static void test_rsdp_corrupt(void **state)
{
    (void)state;
    uint64_t found = 0;
    machine_microvm();
    phys[MVM_RSDP + 8]++;
    assert_int_equal(acpi_tables_walk(&win, MVM_RSDP, &tabs, why, &dg),
                     -EINVAL);
    HAS(dg.msg, "rsdp: checksum");
    machine_microvm();
    phys[MVM_RSDP + 32]++;
    assert_int_equal(acpi_tables_walk(&win, MVM_RSDP, &tabs, why, &dg),
                     -EINVAL);
    HAS(dg.msg, "extended checksum");
    machine_microvm();
    put_le(phys + MVM_RSDP + 20, 20, 4); /* length below 36 */
    phys[MVM_RSDP + 8] = 0;
    phys[MVM_RSDP + 8] = fix_sum(phys + MVM_RSDP, 20);
    assert_int_equal(acpi_tables_walk(&win, MVM_RSDP, &tabs, why, &dg),
                     -EINVAL);
    HAS(dg.msg, "length (offset 20) 20");
    /* Outside the window, or cut by its end. */
    assert_int_equal(acpi_tables_walk(&win, PHYS_LEN + 16, &tabs, why, &dg),
                     -EFAULT);
    assert_int_equal(acpi_tables_walk(&win, PHYS_LEN - 8, &tabs, why, &dg),
                     -EFAULT);
    /* The scan passes over a bad candidate to the next good one. */
    machine_fc();
    memcpy(phys + 0xe0000 + 0x40, phys + FC_RSDP, 36);
    phys[FC_RSDP + 8]++;
    assert_int_equal(acpi_rsdp_scan(&win, 0xe0000, 0x20000, &found), 0);
    assert_int_equal(found, 0xe0040);
    memset(phys + 0xe0000, 0, 0x100);
    assert_int_equal(acpi_rsdp_scan(&win, 0xe0000, 0x20000, &found), -ENOENT);
    /* A scan range partly outside the window stops at its end. */
    assert_int_equal(acpi_rsdp_scan(&win, PHYS_LEN - 32, 64, &found), -ENOENT);
}

/* A bad XSDT falls back to the RSDT; the diag names the XSDT. */
static void test_xsdt_falls_back(void **state)
{
    (void)state;
    machine_microvm();
    phys[ROOT_PA + 9]++;
    WALK_OK(MVM_RSDP);
    HAS(dg.msg, "XSDT: checksum");
    assert_int_equal(tabs.xsdt, 0);
    assert_int_equal(tabs.root_pa, RSDT2_PA);
    assert_int_equal(tabs.n, 3);
    /* Length past the end of the window: nothing to fall back to. */
    machine_ch(1, 1);
    put_le(phys + CH_RSDP + 0x100 + 4, PHYS_LEN, 4);
    assert_int_equal(acpi_tables_walk(&win, CH_RSDP, &tabs, why, &dg), -EFAULT);
    HAS(dg.msg, "runs past mapped memory");
}

static void test_table_corrupt(void **state)
{
    (void)state;
    machine_pc(1);
    phys[APIC_PA + 40]++; /* checksum now off by one */
    put_le(phys + ROOT_PA + 36 + 12, PHYS_LEN - 20, 4); /* MCFG -> edge */
    phys[ROOT_PA + 9] = 0;
    phys[ROOT_PA + 9] = fix_sum(phys + ROOT_PA, 52);
    WALK_OK(PC_RSDP);
    assert_int_equal(tabs.n, 5);
    assert_int_equal(tabs.t[1].rc, -EINVAL);
    HAS(why[1].msg, "APIC: checksum (offset 9");
    assert_int_equal(tabs.t[3].rc, -EFAULT);
    HAS(why[3].msg, "outside mapped memory");
    assert_null(acpi_tables_find(&tabs, "APIC"));
    assert_int_equal(acpi_table_check_at(&win, APIC_PA, "APIC", &dg), -EINVAL);
    HAS(dg.msg, "APIC: checksum");
    assert_int_equal(acpi_table_check_at(&win, PHYS_LEN - 4, NULL, &dg),
                     -EFAULT);
    assert_non_null(acpi_tables_find(&tabs, "FACP"));
}

/* An XSDT that lists itself, the RSDP's page, and one table twice. */
static void test_root_loops(void **state)
{
    (void)state;
    uint64_t list[] = {FACP_PA, ROOT_PA, APIC_PA, FACP_PA, DSDT_PA};
    machine_microvm();
    root_table(&tb, 8, list, 5);
    place(ROOT_PA, &tb);
    WALK_OK(MVM_RSDP);
    assert_int_equal(tabs.n, 3);       /* FACP APIC DSDT */
    assert_int_equal(tabs.dropped, 3); /* itself, FACP again, DSDT again */
    /* A FADT whose DSDT pointer is the FADT itself. */
    machine_pc(0);
    put_le(phys + FACP_PA + 40, FACP_PA, 4);
    phys[FACP_PA + 9] = 0;
    phys[FACP_PA + 9] = fix_sum(phys + FACP_PA, 116);
    WALK_OK(PC_RSDP);
    assert_null(acpi_tables_find(&tabs, "DSDT"));
    assert_int_equal(tabs.dropped, 1);
}

static void test_sdt_check(void **state)
{
    (void)state;
    machine_pc(0);
    const uint8_t *h = at(HPET_PA);
    assert_int_equal(acpi_sdt_check(h, 40, "HPET", &dg), 40);
    assert_int_equal(acpi_sdt_check(h, 39, "HPET", &dg), -EINVAL);
    HAS(dg.msg, "length (offset 4) 40 outside [36, 39]");
    assert_int_equal(acpi_sdt_check(h, 20, NULL, &dg), -EINVAL);
    HAS(dg.msg, "20 bytes < 36-byte header");
    assert_int_equal(acpi_sdt_check(h, 40, "APIC", &dg), -EINVAL);
    HAS(dg.msg, "signature at offset 0 is \"HPET\"");
    put_le(phys + HPET_PA + 4, 10, 4);
    assert_int_equal(acpi_sdt_check(h, 40, NULL, &dg), -EINVAL);
    HAS(dg.msg, "length (offset 4) 10");
}

/* MADT from entries in (tb) after madt_begin. */
static int madt_of(struct acpi_madt *m)
{
    sdt_end(&tb);
    dg.msg[0] = '\0';
    return acpi_madt_parse(tb.b, tb.n, m, &dg);
}

static void test_madt_corrupt(void **state)
{
    (void)state;
    struct acpi_madt m;
    madt_begin(&tb, 1);
    madt_lapic(&tb, 0, 0, 1);
    e8(&tb, 1), e8(&tb, 0); /* entry length 0: would loop forever */
    madt_lapic(&tb, 1, 1, 1);
    assert_int_equal(madt_of(&m), 0);
    assert_int_equal(m.ncpus, 1);
    assert_int_equal(m.skipped, 1);
    HAS(dg.msg, "MADT: entry at offset 52 length 0 < 2; rest ignored");
    madt_begin(&tb, 1);
    madt_lapic(&tb, 0, 0, 1);
    e8(&tb, 1), e8(&tb, 40), e8(&tb, 0); /* runs past the end */
    assert_int_equal(madt_of(&m), 0);
    HAS(dg.msg, "length 40 runs past the table");
    madt_begin(&tb, 1);
    e8(&tb, 1), e8(&tb, 8), ele(&tb, 0, 6); /* IOAPIC, 8 < 12 */
    madt_iso(&tb, 20, 20, 0);               /* not an ISA irq */
    madt_lapic(&tb, 0, 0, 0);               /* disabled: not a CPU */
    madt_lapic(&tb, 1, 1, 2);               /* online-capable */
    e8(&tb, 0x7f), e8(&tb, 3), e8(&tb, 0);  /* unknown type: ignored */
    e8(&tb, 5), e8(&tb, 12), ele(&tb, 0, 2), ele(&tb, 0xfee10000, 8);
    assert_int_equal(madt_of(&m), 0);
    assert_int_equal(m.nioapic, 0);
    assert_int_equal(m.niso, 0);
    assert_int_equal(m.skipped, 2);
    assert_int_equal(m.ncpus, 1);
    assert_int_equal(m.apic_id[0], 1);
    assert_int_equal(m.lapic_addr, 0xfee10000);
    madt_begin(&tb, 1);
    for (int i = 0; i < ACPI_MAX_IOAPICS + 1; i++)
        madt_ioapic(&tb, (uint8_t)i, 0xfec00000u + 0x1000u * i, 24u * i);
    assert_int_equal(madt_of(&m), 0);
    assert_int_equal(m.nioapic, ACPI_MAX_IOAPICS);
    assert_int_equal(m.skipped, 1);
    /* Too short for the fixed part, and a bad checksum. */
    sdt_begin(&tb, "APIC", 1, "BOCHS ");
    ele(&tb, 0, 4);
    assert_int_equal(madt_of(&m), -EINVAL);
    HAS(dg.msg, "MADT: length (offset 4) 40 < 44");
    madt_begin(&tb, 1);
    sdt_end(&tb);
    tb.b[9]++;
    assert_int_equal(acpi_madt_parse(tb.b, tb.n, &m, &dg), -EINVAL);
    HAS(dg.msg, "APIC: checksum");
}

static void test_mcfg_corrupt(void **state)
{
    (void)state;
    struct acpi_mcfg mc;
    uint64_t base[2] = {0xe0000000, 0};
    uint16_t seg[2] = {0, 1};
    mcfg(&tb, base, seg, 0, 0, 2); /* second base 0: skipped */
    assert_int_equal(acpi_mcfg_parse(tb.b, tb.n, &mc, &dg), 0);
    assert_int_equal(mc.n, 1);
    assert_int_equal(mc.skipped, 1);
    HAS(dg.msg, "MCFG: entry at offset 60 (base 0x0, buses 0-0) skipped");
    mcfg(&tb, base, seg, 5, 4, 1); /* end bus below start bus */
    assert_int_equal(acpi_mcfg_parse(tb.b, tb.n, &mc, &dg), 0);
    assert_int_equal(mc.n, 0);
    mcfg(&tb, base, seg, 0, 0, 1);
    e8(&tb, 0); /* 61 bytes: not 44 + 16n */
    sdt_end(&tb);
    assert_int_equal(acpi_mcfg_parse(tb.b, tb.n, &mc, &dg), -EINVAL);
    HAS(dg.msg, "MCFG: length (offset 4) 61 is not 44 + 16 * n");
}

static void test_fadt_corrupt(void **state)
{
    (void)state;
    struct acpi_fadt f;
    fadt_begin(&tb, 1, 100, 0x1000);
    sdt_end(&tb);
    assert_int_equal(acpi_fadt_parse(tb.b, tb.n, &f, &dg), -EINVAL);
    HAS(dg.msg, "FACP: length (offset 4) 100 < 116");
    /* The table is 244 bytes but the buffer ends earlier. */
    machine_pc(1);
    assert_int_equal(acpi_fadt_parse(at(FACP_PA), 200, &f, &dg), -EINVAL);
    HAS(dg.msg, "outside [36, 200]");
}

static void test_power_plan(void **state)
{
    (void)state;
    struct acpi_fadt f;
    struct acpi_power p;
    struct acpi_s5 s5 = {5, 5};
    memset(&f, 0, sizeof(f));
    f.flags = ACPI_FADT_HW_REDUCED | ACPI_FADT_RESET_REG_SUP;
    f.sleep_ctl = (struct acpi_gas){ACPI_GAS_IO, 8, 0, 1, 0x600};
    f.reset = (struct acpi_gas){2, 8, 0, 1, 0xcf9}; /* PCI, offset > 0xff */
    acpi_power_plan(&f, NULL, &p);                  /* no _S5: no power-off */
    assert_int_equal(p.off, ACPI_OFF_NONE);
    assert_int_equal(p.reset, 0);
    f.flags = 0; /* not hardware-reduced, and no PM1a block */
    acpi_power_plan(&f, &s5, &p);
    assert_int_equal(p.off, ACPI_OFF_NONE);
    f.pm1a_cnt = (struct acpi_gas){ACPI_GAS_IO, 16, 0, 2, 0x10000};
    acpi_power_plan(&f, &s5, &p); /* port beyond 0xffff */
    assert_int_equal(p.off, ACPI_OFF_NONE);
    f.pm1a_cnt = (struct acpi_gas){ACPI_GAS_MEM, 32, 0, 3, 0xfed00004};
    s5.typ_a = 7;
    acpi_power_plan(&f, &s5, &p);
    assert_int_equal(p.off, ACPI_OFF_PM1A);
    assert_int_equal(p.off_value, 0x1c00 | 0x2000);
    io_fake_reset();
    io_fake.mmio_write = wide;
    acpi_power_off_with(&p);
    assert_int_equal(last_addr, 0xfed00004);
    assert_int_equal(last_size, 4);
}

/* A DSDT whose body is (aml, n). */
static void dsdt_raw(const uint8_t *aml, size_t n)
{
    sdt_begin(&tb, "DSDT", 2, "BOCHS ");
    emit(&tb, aml, n);
    sdt_end(&tb);
}

static void test_aml_s5(void **state)
{
    (void)state;
    struct acpi_s5 typ = {9, 9};
    machine_pc(0);
    const struct acpi_table *t;
    WALK_OK(PC_RSDP);
    t = must_find("DSDT");
    assert_int_equal(acpi_aml_s5(at(t->pa), t->len, &typ, &dg), 0);
    assert_int_equal(typ.typ_a, 0);
    /* \_S5_ with a root prefix, WordConst value. */
    static const uint8_t rooted[] = {0x08, 0x5c, '_',  'S',  '5',  '_', 0x12,
                                     0x06, 0x02, 0x0b, 0x03, 0x00, 0x00};
    dsdt_raw(rooted, sizeof(rooted));
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &typ, &dg), 0);
    assert_int_equal(typ.typ_a, 3);
    /* PkgLength claims more than the table holds. */
    static const uint8_t cut[] = {0x08, '_',  'S',  '5',  '_',
                                  0x12, 0x3f, 0x04, 0x00, 0x00};
    dsdt_raw(cut, sizeof(cut));
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &typ, &dg), -EINVAL);
    HAS(dg.msg, "DSDT: _S5_ package at offset 41: PkgLength runs past");
    /* Multi-byte PkgLength cut by the end of the table. */
    static const uint8_t cut2[] = {0x08, '_', 'S', '5', '_', 0x12, 0xc4};
    dsdt_raw(cut2, sizeof(cut2));
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &typ, &dg), -EINVAL);
    /* Not a package; a package that is empty; an element not integer. */
    static const uint8_t notpkg[] = {0x08, '_', 'S', '5', '_', 0x0a, 0x05};
    dsdt_raw(notpkg, sizeof(notpkg));
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &typ, &dg), -EINVAL);
    HAS(dg.msg, "is not a Package");
    static const uint8_t empty[] = {0x08, '_', 'S', '5', '_', 0x12, 0x02, 0x00};
    dsdt_raw(empty, sizeof(empty));
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &typ, &dg), -EINVAL);
    HAS(dg.msg, "is empty");
    static const uint8_t str[] = {0x08, '_',  'S',  '5',  '_',
                                  0x12, 0x04, 0x01, 0x0d, 0x00};
    dsdt_raw(str, sizeof(str));
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &typ, &dg), -EINVAL);
    HAS(dg.msg, "is not an integer 0-7");
    /* The name at the very end of the table. */
    static const uint8_t tail[] = {0x08, '_', 'S', '5'};
    dsdt_raw(tail, sizeof(tail));
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &typ, &dg), -ENOENT);
    static const uint8_t tail2[] = {0x08, '_', 'S', '5', '_'};
    dsdt_raw(tail2, sizeof(tail2));
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &typ, &dg), -EINVAL);
}

static void test_aml_devices(void **state)
{
    (void)state;
    struct acpi_mmio_dev dev[4];
    struct buf inner = {.n = 0}, body = {.n = 0};
    /* A device big enough for a two-byte PkgLength (>= 64 bytes). */
    sdt_begin(&tb, "DSDT", 2, "BOCHS ");
    emit(&body, "BIG_", 4);
    for (int i = 0; i < 10; i++)
        e8(&body, 0x08), emit(&body, "PAD_", 4), e8(&body, 0x0c),
            ele(&body, 0, 4);
    aml_mmio_dev(&inner, "VR05", "LNRO0005", 0xd0000000, 0x1000, 9, 7);
    emit(&body, inner.b, inner.n); /* nested: found on its own */
    e8(&tb, 0x5b), e8(&tb, 0x82);
    aml_pkg(&tb, &body);
    assert_true(tb.b[38] & 0x40);
    sdt_end(&tb);
    assert_int_equal(acpi_aml_mmio_devs(tb.b, tb.n, dev, 4, &dg), 1);
    assert_int_equal(dev[0].base, 0xd0000000);
    assert_int_equal(dev[0].gsi, 9);
    assert_int_equal(dev[0].level, 0);
    assert_int_equal(dev[0].active_low, 1);

    /* A parent with the _HID whose _CRS belongs to its child only. */
    inner.n = body.n = 0;
    emit(&body, "PARN", 4);
    e8(&body, 0x08), emit(&body, "_HID", 4), e8(&body, 0x0d);
    emit(&body, "LNRO0005", 9);
    aml_mmio_dev(&inner, "CHLD", "PNP0C02", 0xd0000000, 0x1000, 9, 1);
    emit(&body, inner.b, inner.n);
    sdt_begin(&tb, "DSDT", 2, "BOCHS ");
    e8(&tb, 0x5b), e8(&tb, 0x82);
    aml_pkg(&tb, &body);
    sdt_end(&tb);
    assert_int_equal(acpi_aml_mmio_devs(tb.b, tb.n, dev, 4, &dg), 0);
    HAS(dg.msg, "LNRO0005 device PARN at offset 36: no _CRS buffer");

    /* A device whose PkgLength runs past the table. */
    static const uint8_t cut[] = {0x5b, 0x82, 0x30, 'V', 'R', '0', '0'};
    dsdt_raw(cut, sizeof(cut));
    assert_int_equal(acpi_aml_mmio_devs(tb.b, tb.n, dev, 4, &dg), 0);
    HAS(dg.msg, "Device at offset 36: PkgLength runs past the table");

    /* DWord memory and a legacy IRQ descriptor instead. */
    struct buf res = {.n = 0}, crs = {.n = 0};
    body.n = 0;
    e8(&res, 0x87), ele(&res, 23, 2), e8(&res, 0), e8(&res, 0), e8(&res, 0);
    ele(&res, 0, 4), ele(&res, 0xd0100000, 4), ele(&res, 0xd01001ff, 4);
    ele(&res, 0, 4), ele(&res, 0x200, 4);
    e8(&res, 0x23), ele(&res, 1u << 10, 2), e8(&res, 0x09);
    e8(&res, 0x79), e8(&res, 0);
    e8(&crs, 0x0a), e8(&crs, (uint8_t)res.n), emit(&crs, res.b, res.n);
    emit(&body, "VR09", 4);
    e8(&body, 0x08), emit(&body, "_HID", 4), e8(&body, 0x0d);
    emit(&body, "LNRO0005", 9);
    e8(&body, 0x08), emit(&body, "_CRS", 4), e8(&body, 0x11);
    aml_pkg(&body, &crs);
    sdt_begin(&tb, "DSDT", 2, "BOCHS ");
    e8(&tb, 0x5b), e8(&tb, 0x82);
    aml_pkg(&tb, &body);
    sdt_end(&tb);
    assert_int_equal(acpi_aml_mmio_devs(tb.b, tb.n, dev, 4, &dg), 1);
    assert_int_equal(dev[0].base, 0xd0100000);
    assert_int_equal(dev[0].size, 0x200);
    assert_int_equal(dev[0].gsi, 10);
    assert_int_equal(dev[0].level, 0);
    assert_int_equal(dev[0].active_low, 1);

    /* DeviceOp's bytes inside a buffer, not followed by a name: no device
     * and no complaint. */
    static const uint8_t inbuf[] = {0x08, 'B',  'U',  'F',  'F',  0x11, 0x08,
                                    0x0a, 0x05, 0x5b, 0x82, 0x7f, 0x01, 0x02};
    dsdt_raw(inbuf, sizeof(inbuf));
    dg.msg[0] = '\0';
    assert_int_equal(acpi_aml_mmio_devs(tb.b, tb.n, dev, 4, &dg), 0);
    assert_string_equal(dg.msg, "");

    /* _CRS with memory only (the interrupt descriptor replaced by End). */
    inner.n = 0;
    aml_mmio_dev(&inner, "VR01", "LNRO0005", 0xd0000000, 0x1000, 9, 1);
    for (size_t i = 0; i + 1 < inner.n; i++) {
        if (inner.b[i] == 0x89 && inner.b[i + 1] == 6) {
            inner.b[i] = 0x79; /* End tag: the rest is ignored */
            break;
        }
    }
    dsdt_raw(inner.b, inner.n);
    assert_int_equal(acpi_aml_mmio_devs(tb.b, tb.n, dev, 4, &dg), 0);
    HAS(dg.msg, "_CRS lacks memory or interrupt");
    /* A header that is wrong. */
    tb.b[9]++;
    assert_int_equal(acpi_aml_mmio_devs(tb.b, tb.n, dev, 4, &dg), -EINVAL);
    struct acpi_s5 typ;
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &typ, &dg), -EINVAL);
}

/* Tables captured from QEMU 7.2 (pmemsave of what Skiff's boot log listed),
 * in tests/unit/data/acpi/; make runs the tests from the repository root. */
static size_t load(const char *name, uint8_t *b, size_t max)
{
    char path[256];
    snprintf(path, sizeof(path), "tests/unit/data/acpi/qemu-%s.bin", name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(b, 1, max, f);
    fclose(f);
    assert_true(n > 36 && n < max);
    return n;
}

static void test_qemu_captured(void **state)
{
    (void)state;
    static uint8_t b[16384];
    struct acpi_madt m;
    struct acpi_fadt f;
    struct acpi_mcfg mc;
    struct acpi_power p;
    struct acpi_mmio_dev dev[4];
    static const char *const mach[] = {"pc", "q35", "microvm"};
    static const uint8_t s5[] = {0, 0, 5};
    for (int i = 0; i < 3; i++) {
        char name[32];
        struct acpi_s5 typ = {9, 9};
        snprintf(name, sizeof(name), "%s-APIC", mach[i]);
        dg.msg[0] = '\0';
        assert_int_equal(acpi_madt_parse(b, load(name, b, sizeof(b)), &m, &dg),
                         0);
        assert_int_equal(m.ncpus, 1);
        assert_int_equal(m.niso, i < 2 ? 5 : 0);
        assert_int_equal(m.nioapic, i < 2 ? 1 : 2);
        assert_int_equal(m.skipped, 0);
        snprintf(name, sizeof(name), "%s-DSDT", mach[i]);
        size_t n = load(name, b, sizeof(b));
        assert_int_equal(acpi_aml_s5(b, n, &typ, &dg), 0);
        assert_int_equal(typ.typ_a, s5[i]);
        assert_int_equal(typ.typ_b, 0); /* QEMU: Package(4){a, 0, 0, 0} */
        assert_int_equal(acpi_aml_mmio_devs(b, n, dev, 4, &dg), i < 2 ? 0 : 2);
        assert_string_equal(dg.msg, ""); /* no false device in a big DSDT */
        snprintf(name, sizeof(name), "%s-FACP", mach[i]);
        assert_int_equal(acpi_fadt_parse(b, load(name, b, sizeof(b)), &f, &dg),
                         0);
        acpi_power_plan(&f, &typ, &p);
        assert_int_equal(p.off, i < 2 ? ACPI_OFF_PM1A : ACPI_OFF_SLEEPCTL);
        assert_int_equal(p.off_value, i < 2 ? 0x2000 : 0x34);
        assert_int_equal(p.reset, i > 0);
    }
    assert_int_equal(dev[0].base, 0xfeb02e00);
    assert_int_equal(dev[0].gsi, 47);
    assert_string_equal(dev[0].name, "VR23");
    assert_int_equal(p.reset_reg.addr, 0xfea00202);
    assert_int_equal(
        acpi_mcfg_parse(b, load("q35-MCFG", b, sizeof(b)), &mc, &dg), 0);
    assert_int_equal(mc.seg[0].base, 0xb0000000);
    /* Every captured table cut short, or with one byte changed, is
     * rejected by its checksum or length, never read past. */
    size_t n = load("q35-DSDT", b, sizeof(b));
    struct acpi_s5 typ;
    assert_int_equal(acpi_aml_s5(b, n - 1, &typ, &dg), -EINVAL);
    b[n / 2] ^= 0x40;
    assert_int_equal(acpi_aml_s5(b, n, &typ, &dg), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qemu_pc),
        cmocka_unit_test(test_qemu_q35),
        cmocka_unit_test(test_microvm),
        cmocka_unit_test(test_cloud_hypervisor),
        cmocka_unit_test(test_ch_many_cpus),
        cmocka_unit_test(test_firecracker),
        cmocka_unit_test(test_rsdp_corrupt),
        cmocka_unit_test(test_xsdt_falls_back),
        cmocka_unit_test(test_table_corrupt),
        cmocka_unit_test(test_root_loops),
        cmocka_unit_test(test_sdt_check),
        cmocka_unit_test(test_madt_corrupt),
        cmocka_unit_test(test_mcfg_corrupt),
        cmocka_unit_test(test_fadt_corrupt),
        cmocka_unit_test(test_power_plan),
        cmocka_unit_test(test_aml_s5),
        cmocka_unit_test(test_aml_devices),
        cmocka_unit_test(test_qemu_captured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
