/* SPDX-License-Identifier: MIT */
/*
 * acpi tables: the RSDP, the common table header, and the walk from the
 * RSDP through the XSDT (or RSDT) to every table (ACPI 6.5 §5.2.5-§5.2.8).
 *
 * The walk trusts nothing it reads: each pointer must lie inside the
 * boot_mem window with its whole length, each length must at least cover
 * the header, each checksum must hold, and a table listed twice (an XSDT
 * that lists itself, a loop back to the root) is reported once and skipped.
 * A bad XSDT falls back to the RSDT, as ACPICA does, since both list the
 * same tables. The FADT's DSDT is not listed in the root table: the walk
 * adds it as an extra entry so the caller finds it like any other table.
 */
#include "boot/boot_internal.h"
#include "drivers/acpi/acpi_internal.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36
#define FADT_DSDT   40
#define FADT_XDSDT  140

int acpi_rsdp_parse(const void *buf, size_t len, struct acpi_rsdp *out,
                    struct diag *d)
{
    const uint8_t *p = buf;
    memset(out, 0, sizeof(*out));
    if (len < RSDP_V1_LEN) {
        diag_set(d, "rsdp: %zu bytes < 20", len);
        return -EINVAL;
    }
    if (memcmp(p, "RSD PTR ", 8) != 0) {
        diag_set(d, "rsdp: signature at offset 0 is not \"RSD PTR \"");
        return -EINVAL;
    }
    if (acpi_sum(p, RSDP_V1_LEN) != 0) {
        diag_set(d, "rsdp: checksum (offset 8, value 0x%02x) wrong", p[8]);
        return -EINVAL;
    }
    out->revision = p[15];
    for (int i = 0; i < 6; i++)
        out->oem[i] =
            (p[9 + i] >= 0x20 && p[9 + i] < 0x7f) ? (char)p[9 + i] : '?';
    out->rsdt = acpi_le32(p + 16);
    if (out->revision < 2)
        return 0;
    uint32_t l = len >= RSDP_V2_LEN ? acpi_le32(p + 20) : 0;
    if (len < RSDP_V2_LEN || l < RSDP_V2_LEN || l > len) {
        diag_set(d, "rsdp: revision %u length (offset 20) %u outside [36, %zu]",
                 out->revision, l, len);
        return -EINVAL;
    }
    if (acpi_sum(p, l) != 0) {
        diag_set(d, "rsdp: extended checksum (offset 32, value 0x%02x) wrong",
                 p[32]);
        return -EINVAL;
    }
    out->xsdt = acpi_le64(p + 24);
    return 0;
}

const uint8_t *acpi_window(const struct boot_mem *m, uint64_t pa, uint64_t n)
{
    if (!bmem_has(m, pa, n))
        return NULL;
    return (const uint8_t *)((uintptr_t)m->ptr + (uintptr_t)(pa - m->base));
}

int acpi_rsdp_scan(const struct boot_mem *m, uint64_t pa, uint64_t len,
                   uint64_t *found)
{
    struct acpi_rsdp r;
    for (uint64_t a = (pa + 15) & ~15ull; a + RSDP_V1_LEN <= pa + len;
         a += 16) {
        uint64_t n = bmem_left(m, a);
        const uint8_t *p = acpi_window(m, a, RSDP_V1_LEN);
        if (!p)
            continue;
        if (n > RSDP_V2_LEN)
            n = RSDP_V2_LEN;
        if (n > pa + len - a)
            n = pa + len - a;
        if (acpi_rsdp_parse(p, (size_t)n, &r, NULL) == 0) {
            *found = a;
            return 0;
        }
    }
    return -ENOENT;
}

long acpi_sdt_check(const void *buf, size_t len, const char *sig,
                    struct diag *d)
{
    const uint8_t *p = buf;
    char s[5] = "????";
    if (len < ACPI_HDR_LEN) {
        diag_set(d, "%s: %zu bytes < 36-byte header", sig ? sig : "table", len);
        return -EINVAL;
    }
    acpi_sig(s, p);
    if (sig && memcmp(p, sig, 4) != 0) {
        diag_set(d, "%s: signature at offset 0 is \"%s\"", sig, s);
        return -EINVAL;
    }
    uint32_t l = acpi_le32(p + 4);
    if (l < ACPI_HDR_LEN || l > len) {
        diag_set(d, "%s: length (offset 4) %u outside [36, %zu]", s, l, len);
        return -EINVAL;
    }
    if (acpi_sum(p, l) != 0) {
        diag_set(d, "%s: checksum (offset 9, value 0x%02x) wrong", s, p[9]);
        return -EINVAL;
    }
    return (long)l;
}

long acpi_table_check_at(const struct boot_mem *m, uint64_t pa, const char *sig,
                         struct diag *d)
{
    const uint8_t *p = acpi_window(m, pa, ACPI_HDR_LEN);
    if (!p) {
        diag_set(d, "%s: address 0x%llx outside mapped memory",
                 sig ? sig : "table", (unsigned long long)pa);
        return -EFAULT;
    }
    uint32_t l = acpi_le32(p + 4);
    uint64_t left = bmem_left(m, pa);
    if (l > left) {
        char s[5];
        acpi_sig(s, p);
        diag_set(d,
                 "%s: length (offset 4) %u at 0x%llx runs past mapped "
                 "memory",
                 s, l, (unsigned long long)pa);
        return -EFAULT;
    }
    return acpi_sdt_check(p, l, sig, d);
}

static void add(const struct boot_mem *m, struct acpi_tables *out, uint64_t pa,
                struct diag *why)
{
    struct diag scratch;
    for (unsigned i = 0; i < out->n; i++) {
        if (out->t[i].pa == pa) {
            out->dropped++; /* listed twice: a loop or a duplicate */
            return;
        }
    }
    if (pa == out->root_pa || out->n == ACPI_MAX_TABLES) {
        out->dropped++;
        return;
    }
    struct acpi_table *t = &out->t[out->n];
    struct diag *d = why ? &why[out->n] : &scratch;
    out->n++;
    memset(t, 0, sizeof(*t));
    d->msg[0] = '\0';
    t->pa = pa;
    long l = acpi_table_check_at(m, pa, NULL, d);
    const uint8_t *p = acpi_window(m, pa, ACPI_HDR_LEN);
    if (p) {
        acpi_sig(t->sig, p);
        t->revision = p[8];
        for (int i = 0; i < 6; i++)
            t->oem[i] =
                (p[10 + i] >= 0x20 && p[10 + i] < 0x7f) ? (char)p[10 + i] : '?';
        t->len = acpi_le32(p + 4);
    } else {
        kstrlcpy(t->sig, "????", sizeof(t->sig));
    }
    t->rc = l < 0 ? (int)l : 0;
}

/* Entries of the root table at (pa), (esize) 8 (XSDT) or 4 (RSDT). */
static int read_root(const struct boot_mem *m, uint64_t pa, unsigned esize,
                     struct acpi_tables *out, struct diag *why, struct diag *d)
{
    const char *sig = esize == 8 ? "XSDT" : "RSDT";
    long l = acpi_table_check_at(m, pa, sig, d);
    if (l < 0)
        return (int)l;
    if ((l - ACPI_HDR_LEN) % esize) {
        diag_set(d, "%s: length (offset 4) %ld is not 36 + %u * n", sig, l,
                 esize);
        return -EINVAL;
    }
    out->root_pa = pa;
    out->xsdt = esize == 8;
    const uint8_t *p = acpi_window(m, pa, (uint64_t)l);
    for (long off = ACPI_HDR_LEN; off < l; off += esize)
        add(m, out, acpi_le(p + off, esize), why);
    return 0;
}

/* The DSDT is reached through the FADT, not the root table. */
static void add_dsdt(const struct boot_mem *m, struct acpi_tables *out,
                     struct diag *why)
{
    const struct acpi_table *f = acpi_tables_find(out, "FACP");
    if (!f || f->len <= FADT_DSDT + 4)
        return;
    const uint8_t *p = acpi_window(m, f->pa, f->len);
    uint64_t dsdt = acpi_le32(p + FADT_DSDT);
    if (f->len >= FADT_XDSDT + 8 && acpi_le64(p + FADT_XDSDT))
        dsdt = acpi_le64(p + FADT_XDSDT);
    if (dsdt)
        add(m, out, dsdt, why);
}

int acpi_tables_walk(const struct boot_mem *m, uint64_t rsdp_pa,
                     struct acpi_tables *out, struct diag *why, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    out->rsdp_pa = rsdp_pa;
    uint64_t n = bmem_left(m, rsdp_pa);
    const uint8_t *p =
        acpi_window(m, rsdp_pa, n < RSDP_V2_LEN ? n : RSDP_V2_LEN);
    if (!p || n < RSDP_V1_LEN) {
        diag_set(d, "rsdp: address 0x%llx outside mapped memory",
                 (unsigned long long)rsdp_pa);
        return -EFAULT;
    }
    int rc = acpi_rsdp_parse(p, n < RSDP_V2_LEN ? (size_t)n : RSDP_V2_LEN,
                             &out->rsdp, d);
    if (rc)
        return rc;
    rc = -EINVAL;
    if (out->rsdp.xsdt)
        rc = read_root(m, out->rsdp.xsdt, 8, out, why, d);
    if (rc && out->rsdp.rsdt) {
        out->n = out->dropped = 0;
        rc = read_root(m, out->rsdp.rsdt, 4, out, why, d);
    } else if (rc && !out->rsdp.xsdt) {
        diag_set(d, "rsdp: no XSDT or RSDT address");
    }
    if (rc)
        return rc;
    add_dsdt(m, out, why);
    return 0;
}

const struct acpi_table *acpi_tables_find(const struct acpi_tables *t,
                                          const char *sig)
{
    for (unsigned i = 0; i < t->n; i++) {
        if (t->t[i].rc == 0 && memcmp(t->t[i].sig, sig, 4) == 0)
            return &t->t[i];
    }
    return NULL;
}
