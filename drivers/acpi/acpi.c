/* SPDX-License-Identifier: MIT */
/*
 * acpi: the kernel side. Finds the RSDP, hands each table to its parser
 * through the identity map, logs one line per table and per result, and
 * keeps the results in one static struct acpi_state for the rest of the
 * kernel (interrupt routing, PCI ECAM, virtio-mmio discovery, shutdown).
 *
 * RSDP search order (ACPI 6.5 §5.2.5.1): the loader's pointer (PVH
 * rsdp_paddr, boot_params acpi_rsdp_addr), then the first KiB of the EBDA,
 * then 0xE0000-0xFFFFF. The BDA's EBDA pointer (0x40E) lies in page 0,
 * which Skiff leaves unmapped to catch null pointers, so the EBDA is taken
 * to start where the memory map's RAM at 0 ends (0x9FC00 on QEMU, 0xA0000
 * on cloud-hypervisor, whose RSDP is there). Firecracker gives no pointer
 * under PVH; its RSDP is at 0xE0000.
 *
 * Tables are read through the kernel's identity map of [0, map_top) minus
 * page 0; paging.c maps every address below 4 GiB and all memory-map
 * entries, which covers ACPI, NVS and reserved regions and the BIOS area.
 */
#include "drivers/acpi/acpi.h"
#include "boot/bootinfo.h"
#include "drivers/apic/apic.h"
#include "drivers/pci/pci.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#include "arch/x86_64/io.h"

#define PAGE          0x1000ull
#define BIOS_AREA     0xe0000ull
#define BIOS_AREA_LEN 0x20000ull
#define EBDA_SCAN     1024ull

static struct acpi_state st;
static struct boot_mem mem;
static struct pci_cfg reset_pci; /* for a RESET_REG in PCI space */

const struct acpi_state *acpi_state(void)
{
    return &st;
}

/* Where the EBDA starts: the end of the RAM entry at 0, when it is a
 * plausible EBDA address (§5.2.5.1: a segment below 0xA0000). */
static uint64_t ebda_base(const struct bootinfo *bi)
{
    for (uint32_t i = 0; i < bi->nmem; i++) {
        const struct bootinfo_mem *m = &bi->mem[i];
        if (m->base == 0 && m->type == BOOTINFO_MEM_RAM && m->size >= 0x80000 &&
            m->size <= 0xa0000)
            return m->size;
    }
    return 0;
}

static uint64_t find_rsdp(const struct bootinfo *bi, const char **how)
{
    uint64_t pa = 0;
    struct diag d = {""};
    if (bi->rsdp) {
        struct acpi_tables *t = &st.tables;
        *how = "boot info";
        if (acpi_tables_walk(&mem, bi->rsdp, t, NULL, &d) == 0)
            return bi->rsdp;
        log_warn("acpi: rsdp from boot info at 0x%llx unusable: %s\n",
                 (unsigned long long)bi->rsdp, d.msg);
    }
    uint64_t ebda = ebda_base(bi);
    *how = "ebda";
    if (ebda && acpi_rsdp_scan(&mem, ebda, EBDA_SCAN, &pa) == 0)
        return pa;
    *how = "bios area";
    if (acpi_rsdp_scan(&mem, BIOS_AREA, BIOS_AREA_LEN, &pa) == 0)
        return pa;
    return 0;
}

/* The table's bytes in the identity map; the walk checked the range. */
static const void *bytes(const struct acpi_table *t)
{
    return (const void *)(uintptr_t)t->pa;
}

static const char *trigger(uint16_t f)
{
    switch (f & ACPI_ISO_TRIG_MASK) {
    case ACPI_ISO_TRIG_EDGE: return "edge";
    case ACPI_ISO_TRIG_LVL: return "level";
    default: return "bus-default";
    }
}

static const char *polarity(uint16_t f)
{
    switch (f & ACPI_ISO_POL_MASK) {
    case ACPI_ISO_POL_HIGH: return "high";
    case ACPI_ISO_POL_LOW: return "low";
    default: return "bus-default";
    }
}

static void log_madt(const struct acpi_madt *m)
{
    log_info("acpi: madt: %u cpus (%u x2apic), lapic 0x%llx, flags 0x%x, "
             "%u ioapics, %u overrides\n",
             m->ncpus, m->nx2apic, (unsigned long long)m->lapic_addr, m->flags,
             m->nioapic, m->niso);
    for (unsigned i = 0; i < m->nioapic; i++)
        log_info("acpi: madt: ioapic id %u at 0x%x, gsi base %u\n",
                 m->ioapic[i].id, m->ioapic[i].addr, m->ioapic[i].gsi_base);
    for (unsigned i = 0; i < m->niso; i++)
        log_info("acpi: madt: isa irq %u -> gsi %u, %s, active %s\n",
                 m->iso[i].irq, m->iso[i].gsi, trigger(m->iso[i].flags),
                 polarity(m->iso[i].flags));
}

static void parse_madt_mcfg(void)
{
    const struct acpi_table *t;
    struct diag d = {""};
    if ((t = acpi_tables_find(&st.tables, "APIC")) != NULL) {
        st.have_madt = acpi_madt_parse(bytes(t), t->len, &st.madt, &d) == 0;
        if (d.msg[0])
            log_warn("acpi: %s\n", d.msg);
        if (st.have_madt)
            log_madt(&st.madt);
    }
    d.msg[0] = '\0';
    if ((t = acpi_tables_find(&st.tables, "MCFG")) != NULL) {
        st.have_mcfg = acpi_mcfg_parse(bytes(t), t->len, &st.mcfg, &d) == 0;
        if (d.msg[0])
            log_warn("acpi: %s\n", d.msg);
        for (unsigned i = 0; st.have_mcfg && i < st.mcfg.n; i++)
            log_info("acpi: mcfg: segment %u buses %u-%u at 0x%llx\n",
                     st.mcfg.seg[i].segment, st.mcfg.seg[i].bus_start,
                     st.mcfg.seg[i].bus_end,
                     (unsigned long long)st.mcfg.seg[i].base);
    }
}

static void log_gas(const char *what, const struct acpi_gas *g, unsigned v)
{
    if (g->space == ACPI_GAS_PCI)
        log_info("acpi: %s pci 00:%02x.%x+0x%02x value 0x%x\n", what,
                 (unsigned)(g->addr >> 32) & 0xffffu,
                 (unsigned)(g->addr >> 16) & 0xffffu,
                 (unsigned)g->addr & 0xffffu, v);
    else
        log_info("acpi: %s %s 0x%llx value 0x%x\n", what,
                 g->space == ACPI_GAS_IO ? "io" : "mmio",
                 (unsigned long long)g->addr, v);
}

/* Segment 0 bus 0 for a reset register in PCI configuration space: ECAM
 * when the MCFG covers it inside the identity map, else port I/O. */
static void reset_pci_cfg(uint64_t map_top)
{
    reset_pci = (struct pci_cfg){&pci_cfg_pio, 0, 0, 0, 0};
    for (unsigned i = 0; st.have_mcfg && i < st.mcfg.n; i++) {
        const struct acpi_ecam *e = &st.mcfg.seg[i];
        if (e->segment == 0 && e->bus_start == 0 &&
            e->base + (1u << 20) <= map_top)
            reset_pci = (struct pci_cfg){&pci_cfg_ecam, e->base, 0, 0, 0};
    }
}

static void log_power(void)
{
    if (st.power.off == ACPI_OFF_NONE)
        log_info("acpi: power-off none\n");
    else
        log_gas(st.power.off == ACPI_OFF_PM1A ? "power-off pm1a"
                                              : "power-off sleep-control",
                &st.power.off_reg, st.power.off_value);
    if (st.power.off_b)
        log_gas("power-off pm1b", &st.power.off_reg_b, st.power.off_value_b);
    if (st.power.reset)
        log_gas("reset", &st.power.reset_reg, st.power.reset_value);
    else
        log_info("acpi: reset none\n");
}

/* \_S5 from the DSDT or an SSDT; NULL when there is none usable. */
static const struct acpi_s5 *find_s5(struct acpi_s5 *s5)
{
    const struct acpi_table *from = NULL;
    struct diag d = {""};
    int rc = acpi_tables_s5(&mem, &st.tables, s5, &from, &d);
    if (rc == -ENOENT)
        log_info("acpi: no _S5 object in the DSDT or SSDTs\n");
    else if (rc)
        log_warn("acpi: %s\n", d.msg);
    else if (from && memcmp(from->sig, "SSDT", 4) == 0)
        log_info("acpi: _S5 from the SSDT at 0x%llx\n",
                 (unsigned long long)from->pa);
    return rc ? NULL : s5;
}

/* FADT, then the DSDT's virtio-mmio devices, _S5, then the power plan. */
static void parse_fadt_dsdt(uint64_t map_top)
{
    const struct acpi_table *t = acpi_tables_find(&st.tables, "FACP");
    struct diag d = {""};
    struct acpi_s5 s5;
    if (!t)
        return;
    st.have_fadt = acpi_fadt_parse(bytes(t), t->len, &st.fadt, &d) == 0;
    if (!st.have_fadt) {
        log_warn("acpi: %s\n", d.msg);
        return;
    }
    log_info("acpi: fadt: rev %u%s, flags 0x%x, sci irq %u%s%s\n",
             st.fadt.revision,
             st.fadt.flags & ACPI_FADT_HW_REDUCED ? " hardware-reduced" : "",
             st.fadt.flags, st.fadt.sci_irq, st.fadt.hypervisor[0] ? ", " : "",
             st.fadt.hypervisor);
    if ((t = acpi_tables_find(&st.tables, "DSDT")) != NULL) {
        st.nmmio =
            acpi_aml_mmio_devs(bytes(t), t->len, st.mmio, ACPI_MAX_MMIO, &d);
        if (d.msg[0])
            log_warn("acpi: %s\n", d.msg);
        for (int i = 0; i < st.nmmio && i < ACPI_MAX_MMIO; i++)
            log_info("acpi: virtio-mmio %s: %u bytes at 0x%llx, gsi %u, %s, "
                     "active %s\n",
                     st.mmio[i].name, st.mmio[i].size,
                     (unsigned long long)st.mmio[i].base, st.mmio[i].gsi,
                     st.mmio[i].level ? "level" : "edge",
                     st.mmio[i].active_low ? "low" : "high");
    }
    acpi_power_plan(&st.fadt, find_s5(&s5), &st.power);
    reset_pci_cfg(map_top);
    log_power();
}

static void log_tables(const char *how)
{
    const struct acpi_tables *t = &st.tables;
    log_info("acpi: rsdp at 0x%llx (%s), rev %u, oem \"%s\", %s at 0x%llx\n",
             (unsigned long long)t->rsdp_pa, how, t->rsdp.revision, t->rsdp.oem,
             t->xsdt ? "xsdt" : "rsdt", (unsigned long long)t->root_pa);
    for (unsigned i = 0; i < t->n; i++) {
        const struct acpi_table *e = &t->t[i];
        struct diag d = {""};
        if (e->rc) {
            acpi_table_check_at(&mem, e->pa, NULL, &d); /* the reason */
            log_warn("acpi: table %s at 0x%llx skipped: %s\n", e->sig,
                     (unsigned long long)e->pa, d.msg);
        } else {
            log_info("acpi: table %s at 0x%llx, %u bytes, rev %u, oem "
                     "\"%s\"\n",
                     e->sig, (unsigned long long)e->pa, e->len, e->revision,
                     e->oem);
        }
    }
    if (t->dropped)
        log_warn("acpi: %u table pointers dropped (duplicates, loops or "
                 "over %d)\n",
                 t->dropped, ACPI_MAX_TABLES);
}

void acpi_init(const struct bootinfo *bi, uint64_t map_top)
{
    const char *how = "";
    struct diag d = {""};
    memset(&st, 0, sizeof(st));
    mem = (struct boot_mem){(const void *)(uintptr_t)PAGE, PAGE,
                            map_top > PAGE ? map_top - PAGE : 0};
    uint64_t rsdp = find_rsdp(bi, &how);
    if (!rsdp) {
        log_info("acpi: no rsdp found\n");
        return;
    }
    if (acpi_tables_walk(&mem, rsdp, &st.tables, NULL, &d)) {
        log_warn("acpi: %s; ignoring ACPI\n", d.msg);
        return;
    }
    if (d.msg[0])
        log_warn("acpi: %s; used the rsdt\n", d.msg);
    st.present = 1;
    log_tables(how);
    parse_madt_mcfg();
    parse_fadt_dsdt(map_top);
}

int acpi_isa_irq(unsigned irq, uint32_t *gsi, uint16_t *flags)
{
    return acpi_madt_isa_irq(st.have_madt ? &st.madt : NULL, irq, gsi, flags);
}

uint64_t acpi_ioapic_base(void)
{
    for (unsigned i = 0; st.have_madt && i < st.madt.nioapic; i++) {
        if (st.madt.ioapic[i].gsi_base == 0)
            return st.madt.ioapic[i].addr;
    }
    return IOAPIC_DEFAULT_BASE;
}

int acpi_virtio_mmio(struct acpi_mmio_dev *out, int max)
{
    int n = st.nmmio < ACPI_MAX_MMIO ? st.nmmio : ACPI_MAX_MMIO;
    for (int i = 0; i < n && i < max; i++)
        out[i] = st.mmio[i];
    return st.nmmio;
}

/* The monitor acts on the write asynchronously; give it 100 ms. */
static void settle(void)
{
    uint64_t t0 = time_ns();
    for (unsigned i = 0; i < 100000000u && time_ns() - t0 < 100000000u; i++)
        cpu_relax();
}

void acpi_power_off(void)
{
    if (!st.present || st.power.off == ACPI_OFF_NONE)
        return;
    /* An info message: `log.quiet` (skiff run) ends on the app's output. */
    log_info("acpi: powering off\n");
    log_flush();
    acpi_power_off_with(&st.power);
    settle();
}

void acpi_reset(void)
{
    if (!st.present || !st.power.reset)
        return;
    log_info("acpi: resetting\n");
    log_flush();
    acpi_reset_with(&st.power, &reset_pci);
    settle();
}
