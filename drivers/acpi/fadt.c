/* SPDX-License-Identifier: MIT */
/*
 * acpi fadt: the fixed hardware registers (ACPI 6.5 §5.2.9, Table 5.9).
 * Offsets used:
 *   40 DSDT u32            46 SCI_INT u16       64 PM1a_CNT_BLK u32
 *   68 PM1b_CNT_BLK u32    76 PM_TMR_BLK u32   109 IAPC_BOOT_ARCH u16
 *  112 Flags u32          116 RESET_REG GAS    128 RESET_VALUE u8
 *  140 X_DSDT u64         172 X_PM1a_CNT_BLK   184 X_PM1b_CNT_BLK
 *  208 X_PM_TMR_BLK
 *  244 SLEEP_CONTROL_REG  256 SLEEP_STATUS_REG 268 hypervisor id (8 bytes)
 * ACPI 1.0's FADT (QEMU pc) ends at 116; a field is read only when the
 * table's length covers it, and an X_ field overrides its 32-bit twin only
 * when non-zero (§5.2.9: the X_ field, when set, supersedes the other).
 */
#include "drivers/acpi/acpi_internal.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define FADT_MIN_LEN 116

/* A 32-bit I/O block (PM1a_CNT_BLK, PM_TMR_BLK) as a GAS. */
static void io_block(struct acpi_gas *g, uint32_t port, unsigned bytes)
{
    memset(g, 0, sizeof(*g));
    if (!port)
        return;
    g->space = ACPI_GAS_IO;
    g->bit_width = (uint8_t)(bytes * 8);
    g->addr = port;
}

/* The GAS at (off) when the table covers it and its address is set. */
static int gas_at(const uint8_t *p, long l, long off, struct acpi_gas *g)
{
    struct acpi_gas t;
    if (l < off + 12)
        return 0;
    acpi_gas_read(p + off, &t);
    if (!t.addr)
        return 0;
    *g = t;
    return 1;
}

int acpi_fadt_parse(const void *buf, size_t len, struct acpi_fadt *out,
                    struct diag *d)
{
    const uint8_t *p = buf;
    memset(out, 0, sizeof(*out));
    long l = acpi_sdt_check(buf, len, "FACP", d);
    if (l < 0)
        return (int)l;
    if (l < FADT_MIN_LEN) {
        diag_set(d, "FACP: length (offset 4) %ld < 116", l);
        return -EINVAL;
    }
    out->revision = p[8];
    out->len = (uint32_t)l;
    out->dsdt = acpi_le32(p + 40);
    out->sci_irq = acpi_le16(p + 46);
    /* PM1 control registers are 16 bits (§4.8.3.2.1) whatever PM1_CNT_LEN
     * says; SLP_TYP and SLP_EN sit in the high byte. */
    io_block(&out->pm1a_cnt, acpi_le32(p + 64), 2);
    io_block(&out->pm1b_cnt, acpi_le32(p + 68), 2);
    io_block(&out->pm_tmr, acpi_le32(p + 76), 4);
    out->iapc_boot_arch = acpi_le16(p + 109);
    out->flags = acpi_le32(p + 112);
    if (l >= 129) {
        gas_at(p, l, 116, &out->reset);
        out->reset_value = p[128];
    }
    if (l >= 148 && acpi_le64(p + 140))
        out->dsdt = acpi_le64(p + 140);
    gas_at(p, l, 172, &out->pm1a_cnt);
    gas_at(p, l, 184, &out->pm1b_cnt);
    gas_at(p, l, 208, &out->pm_tmr);
    gas_at(p, l, 244, &out->sleep_ctl);
    gas_at(p, l, 256, &out->sleep_sts);
    if (l >= 276) {
        for (int i = 0; i < 8; i++)
            out->hypervisor[i] = (p[268 + i] >= 0x20 && p[268 + i] < 0x7f)
                                     ? (char)p[268 + i]
                                     : '\0';
    }
    return 0;
}
