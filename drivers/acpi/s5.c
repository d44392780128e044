/* SPDX-License-Identifier: MIT */
/*
 * acpi s5: the \_S5 object (ACPI 6.5 §7.4.2), whose package holds the
 * SLP_TYP values for PM1a_CNT and PM1b_CNT, found by a bounded walk of a
 * DSDT or SSDT (§20.2 grammar), not by an interpreter. Firmware writes it
 * in two shapes, both static data:
 *   08 [5C] "_S5_" 12 PkgLength NumElements elements...     Name()
 *   14 PkgLength [5C] "_S5_" flags A4 12 PkgLength ...      Method() whose
 *                                                           first term is
 *                                                           Return(Package)
 * The table is scanned for either opcode pattern; the first match is the
 * object. Its PkgLengths must fit inside the table (and the method), its
 * elements must be AML integers of 0-7, or it is refused with a diag
 * naming the table, the offset and what was wrong; no read ever leaves
 * (buf, len). A method that computes its package (an If, a Store, a
 * reference to another name) is refused rather than guessed at.
 */
#include "boot/bootinfo.h"
#include "drivers/acpi/acpi_internal.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

/* One element of the package at pk->pos into (*v). (sig) names the table
 * in the diag. */
static int element(struct acpi_span *pk, unsigned idx, uint8_t *v,
                   const char *sig, struct diag *d)
{
    size_t at = pk->pos;
    uint64_t x;
    uint8_t op = pk->p[at];
    if (op >= 2 && op <= 7) {
        diag_set(d,
                 "%s: _S5_ element %u at offset %zu is the bare byte 0x%02x, "
                 "not an AML integer",
                 sig, idx, at, op);
        return -EINVAL;
    }
    if (acpi_aml_integer(pk, &x) || x > 7) {
        diag_set(d, "%s: _S5_ element %u at offset %zu is not an integer 0-7",
                 sig, idx, at);
        return -EINVAL;
    }
    *v = (uint8_t)x;
    return 0;
}

/* The package whose PackageOp is at (at), inside [.., end). */
static int package(const uint8_t *p, size_t at, size_t end, const char *sig,
                   struct acpi_s5 *out, struct diag *d)
{
    struct acpi_span pk = {p, at + 1, end};
    size_t body;
    if (at >= end || (p[at] != AML_OP_PACKAGE && p[at] != AML_OP_VARPKG)) {
        diag_set(d, "%s: _S5_ at offset %zu is not a Package", sig, at);
        return -EINVAL;
    }
    if (p[at] == AML_OP_VARPKG) {
        diag_set(d, "%s: _S5_ at offset %zu is a VarPackage (unsupported)", sig,
                 at);
        return -EINVAL;
    }
    if (acpi_aml_pkg_length(&pk, &body)) {
        diag_set(d,
                 "%s: _S5_ package at offset %zu: PkgLength runs past the "
                 "table",
                 sig, at);
        return -EINVAL;
    }
    pk.end = body;
    if (pk.pos >= pk.end || p[pk.pos] == 0) {
        diag_set(d, "%s: _S5_ package at offset %zu is empty", sig, at);
        return -EINVAL;
    }
    unsigned n = p[pk.pos++]; /* NumElements */
    if (pk.pos >= pk.end) {
        diag_set(d, "%s: _S5_ package at offset %zu: element 0 missing", sig,
                 at);
        return -EINVAL;
    }
    if (element(&pk, 0, &out->typ_a, sig, d))
        return -EINVAL;
    out->typ_b = out->typ_a;
    if (n >= 2 && pk.pos < pk.end && element(&pk, 1, &out->typ_b, sig, d))
        return -EINVAL;
    return 0;
}

/* Does "MethodOp PkgLength [\\] _S5_" start at (i)? Returns the offset of
 * the name, or 0. The PkgLength is checked by the caller, so a broken one
 * is reported rather than passed over. */
static size_t method_at(const struct acpi_span *t, size_t i)
{
    if (t->p[i] != AML_OP_METHOD || i + 1 >= t->end)
        return 0;
    size_t at = i + 2 + (t->p[i + 1] >> 6);
    if (at < t->end && t->p[at] == AML_ROOT_CHAR)
        at++;
    if (at + 4 > t->end || memcmp(t->p + at, "_S5_", 4) != 0)
        return 0;
    return at;
}

/* Method(_S5_) at (i), whose name is at (name): its first term must be
 * Return(Package(){...}). */
static int method(const struct acpi_span *t, size_t i, size_t name,
                  const char *sig, struct acpi_s5 *out, struct diag *d)
{
    struct acpi_span m = {t->p, i + 1, t->end};
    size_t end, at = name + 5; /* past the NameSeg and MethodFlags */
    if (acpi_aml_pkg_length(&m, &end) || at > end) {
        diag_set(d,
                 "%s: Method _S5_ at offset %zu: PkgLength runs past the "
                 "table",
                 sig, i);
        return -EINVAL;
    }
    if (at + 1 >= end || t->p[at] != AML_OP_RETURN ||
        t->p[at + 1] != AML_OP_PACKAGE) {
        diag_set(d,
                 "%s: Method _S5_ at offset %zu does not start with "
                 "Return (Package) (no AML interpreter)",
                 sig, i);
        return -EINVAL;
    }
    return package(t->p, at + 1, end, sig, out, d);
}

int acpi_aml_s5(const void *buf, size_t len, struct acpi_s5 *out,
                struct diag *d)
{
    long l = acpi_sdt_check(buf, len, NULL, d);
    char sig[5];
    if (l < 0)
        return (int)l;
    struct acpi_span t = {buf, ACPI_HDR_LEN, (size_t)l};
    acpi_sig(sig, t.p);
    for (size_t i = ACPI_HDR_LEN; i < t.end; i++) {
        size_t at = acpi_aml_name_at(&t, i, "_S5_");
        if (at)
            return package(t.p, at, t.end, sig, out, d);
        at = method_at(&t, i);
        if (at)
            return method(&t, i, at, sig, out, d);
    }
    return -ENOENT;
}

static int s5_in(const struct boot_mem *m, const struct acpi_table *tab,
                 struct acpi_s5 *out, const struct acpi_table **from,
                 struct diag *d)
{
    const uint8_t *p = acpi_window(m, tab->pa, tab->len);
    int rc = p ? acpi_aml_s5(p, tab->len, out, d) : -ENOENT;
    if (rc != -ENOENT && from)
        *from = tab;
    return rc;
}

int acpi_tables_s5(const struct boot_mem *m, const struct acpi_tables *t,
                   struct acpi_s5 *out, const struct acpi_table **from,
                   struct diag *d)
{
    const struct acpi_table *dsdt = acpi_tables_find(t, "DSDT");
    int rc = dsdt ? s5_in(m, dsdt, out, from, d) : -ENOENT;
    for (unsigned i = 0; rc == -ENOENT && i < t->n; i++) {
        if (t->t[i].rc == 0 && memcmp(t->t[i].sig, "SSDT", 4) == 0)
            rc = s5_in(m, &t->t[i], out, from, d);
    }
    return rc;
}
