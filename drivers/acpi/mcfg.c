/* SPDX-License-Identifier: MIT */
/*
 * acpi mcfg: the PCI Express ECAM windows (PCI Firmware spec 3.2 §4.1.2).
 * After the header and 8 reserved bytes come 16-byte entries:
 *   0 base address u64, 8 segment u16, 10 start bus u8, 11 end bus u8.
 * q35 has one entry for buses 0-255 at 0xB0000000; cloud-hypervisor one
 * per segment, bus 0 only, 1 MiB apart from 0xE8000000; Firecracker (with
 * PCI) segment 0 at 0xEEC00000.
 */
#include "drivers/acpi/acpi_internal.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define MCFG_ENTRIES 44
#define MCFG_ESIZE   16

int acpi_mcfg_parse(const void *buf, size_t len, struct acpi_mcfg *out,
                    struct diag *d)
{
    const uint8_t *p = buf;
    memset(out, 0, sizeof(*out));
    long l = acpi_sdt_check(buf, len, "MCFG", d);
    if (l < 0)
        return (int)l;
    if (l < MCFG_ENTRIES || (l - MCFG_ENTRIES) % MCFG_ESIZE) {
        diag_set(d, "MCFG: length (offset 4) %ld is not 44 + 16 * n", l);
        return -EINVAL;
    }
    for (long off = MCFG_ENTRIES; off < l; off += MCFG_ESIZE) {
        const uint8_t *e = p + off;
        uint64_t base = acpi_le64(e);
        if (base == 0 || e[11] < e[10] || out->n == ACPI_MAX_ECAM) {
            out->skipped++;
            diag_set(d,
                     "MCFG: entry at offset %ld (base 0x%llx, buses "
                     "%u-%u) skipped",
                     off, (unsigned long long)base, e[10], e[11]);
            continue;
        }
        struct acpi_ecam *s = &out->seg[out->n++];
        s->base = base;
        s->segment = acpi_le16(e + 8);
        s->bus_start = e[10];
        s->bus_end = e[11];
    }
    return 0;
}
