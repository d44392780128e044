/* SPDX-License-Identifier: MIT */
/*
 * acpi madt: CPUs, IOAPICs and interrupt source overrides (ACPI 6.5
 * §5.2.12). Entry layouts (offsets within the entry):
 *   0 LAPIC    len 8:  2 uid u8, 3 apic id u8, 4 flags u32
 *   1 IOAPIC   len 12: 2 id u8, 4 address u32, 8 gsi base u32
 *   2 ISO      len 10: 2 bus u8, 3 source irq u8, 4 gsi u32, 8 flags u16
 *   5 LAPIC address override len 12: 4 address u64
 *   9 x2APIC   len 16: 4 x2apic id u32, 8 flags u32, 12 uid u32
 * A CPU counts when enabled (flags bit 0) or online-capable (bit 1).
 * cloud-hypervisor lists its CPUs as type 9, QEMU and Firecracker as type 0.
 */
#include "drivers/acpi/acpi_internal.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define MADT_LAPIC_ADDR 36
#define MADT_FLAGS      40
#define MADT_ENTRIES    44

enum { T_LAPIC = 0, T_IOAPIC = 1, T_ISO = 2, T_LAPIC_ADDR = 5, T_X2APIC = 9 };

static const uint8_t need[10] = {
    [T_LAPIC] = 8,       [T_IOAPIC] = 12, [T_ISO] = 10,
    [T_LAPIC_ADDR] = 12, [T_X2APIC] = 16,
};

static void add_cpu(struct acpi_madt *o, uint32_t id, uint32_t flags, int x2,
                    unsigned off, struct diag *d)
{
    if (!(flags & 3))
        return;
    if (o->ncpus == ACPI_MAX_CPUS) {
        o->skipped++;
        diag_set(d, "MADT: cpu entry at offset %u beyond %d cpus", off,
                 ACPI_MAX_CPUS);
        return;
    }
    o->apic_id[o->ncpus++] = id;
    o->nx2apic += x2 ? 1 : 0;
}

static void add_ioapic(struct acpi_madt *o, const uint8_t *e, unsigned off,
                       struct diag *d)
{
    if (o->nioapic == ACPI_MAX_IOAPICS) {
        o->skipped++;
        diag_set(d, "MADT: IOAPIC at offset %u beyond %d IOAPICs", off,
                 ACPI_MAX_IOAPICS);
        return;
    }
    struct acpi_ioapic *io = &o->ioapic[o->nioapic++];
    io->id = e[2];
    io->addr = acpi_le32(e + 4);
    io->gsi_base = acpi_le32(e + 8);
}

static void add_iso(struct acpi_madt *o, const uint8_t *e, unsigned off,
                    struct diag *d)
{
    if (e[3] > 15 || o->niso == ACPI_MAX_ISOS) {
        o->skipped++;
        diag_set(d, "MADT: override at offset %u: source irq %u %s", off, e[3],
                 e[3] > 15 ? "is not an ISA irq" : "beyond the limit");
        return;
    }
    struct acpi_iso *s = &o->iso[o->niso++];
    s->bus = e[2];
    s->irq = e[3];
    s->gsi = acpi_le32(e + 4);
    s->flags = acpi_le16(e + 8);
}

static void entry(struct acpi_madt *o, const uint8_t *e, unsigned off,
                  struct diag *d)
{
    uint8_t type = e[0], len = e[1];
    if (type < sizeof(need) && need[type] && len < need[type]) {
        o->skipped++;
        diag_set(d, "MADT: entry at offset %u type %u length %u < %u", off,
                 type, len, need[type]);
        return;
    }
    switch (type) {
    case T_LAPIC: add_cpu(o, e[3], acpi_le32(e + 4), 0, off, d); break;
    case T_X2APIC:
        add_cpu(o, acpi_le32(e + 4), acpi_le32(e + 8), 1, off, d);
        break;
    case T_IOAPIC: add_ioapic(o, e, off, d); break;
    case T_ISO: add_iso(o, e, off, d); break;
    case T_LAPIC_ADDR: o->lapic_addr = acpi_le64(e + 4); break;
    default: break;
    }
}

int acpi_madt_parse(const void *buf, size_t len, struct acpi_madt *out,
                    struct diag *d)
{
    const uint8_t *p = buf;
    memset(out, 0, sizeof(*out));
    long l = acpi_sdt_check(buf, len, "APIC", d);
    if (l < 0)
        return (int)l;
    if (l < MADT_ENTRIES) {
        diag_set(d, "MADT: length (offset 4) %ld < 44", l);
        return -EINVAL;
    }
    out->lapic_addr = acpi_le32(p + MADT_LAPIC_ADDR);
    out->flags = acpi_le32(p + MADT_FLAGS);
    for (unsigned off = MADT_ENTRIES; off < (unsigned long)l;) {
        unsigned elen = off + 2 <= (unsigned long)l ? p[off + 1] : 0;
        if (elen < 2 || off + elen > (unsigned long)l) {
            out->skipped++;
            diag_set(d, "MADT: entry at offset %u length %u %s; rest ignored",
                     off, elen, elen < 2 ? "< 2" : "runs past the table");
            break;
        }
        entry(out, p + off, off, d);
        off += elen;
    }
    return 0;
}

int acpi_madt_isa_irq(const struct acpi_madt *m, unsigned irq, uint32_t *gsi,
                      uint16_t *flags)
{
    if (irq > 15)
        return -EINVAL;
    *gsi = irq;
    *flags = 0;
    for (unsigned i = 0; m && i < m->niso; i++) {
        if (m->iso[i].bus == 0 && m->iso[i].irq == irq) {
            *gsi = m->iso[i].gsi;
            *flags = m->iso[i].flags;
        }
    }
    return 0;
}
