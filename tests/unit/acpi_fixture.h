/* SPDX-License-Identifier: MIT */
/*
 * Builders of ACPI tables for the host tests and the fuzz seeds, shaped
 * like the tables of QEMU pc/q35/microvm (as Skiff's boot log shows them),
 * cloud-hypervisor (vmm/src/acpi.rs) and Firecracker (src/vmm/src/acpi/).
 * Tables go into a 1 MiB image of guest-physical memory [0, 1 MiB), so the
 * walk and the RSDP scans run on real addresses (0xA0000, 0xE0000, ...).
 */
#ifndef SKIFF_ACPI_FIXTURE_H
#define SKIFF_ACPI_FIXTURE_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PHYS_LEN 0x100000u

static uint8_t phys[PHYS_LEN];

/* A growing byte buffer: a table, an AML object body, a resource list. */
struct buf {
    uint8_t b[4096];
    size_t n;
};

static inline void e8(struct buf *o, uint8_t v)
{
    o->b[o->n++] = v;
}

static inline void ele(struct buf *o, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        e8(o, (uint8_t)(v >> (8 * i)));
}

static inline void emit(struct buf *o, const void *p, size_t n)
{
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static inline void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint8_t fix_sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    for (size_t i = 0; i < n; i++)
        s = (uint8_t)(s + p[i]);
    return (uint8_t)(0x100 - s);
}

/* Start a table: the 36-byte header with a placeholder length. */
static inline void sdt_begin(struct buf *o, const char *sig, uint8_t rev,
                             const char *oem)
{
    o->n = 0;
    emit(o, sig, 4);
    ele(o, 0, 4);
    e8(o, rev);
    e8(o, 0);
    emit(o, oem, 6);
    emit(o, "SKIFFTST", 8);
    ele(o, 1, 4);
    emit(o, "TEST", 4);
    ele(o, 1, 4);
}

/* Set the length and the checksum. */
static inline void sdt_end(struct buf *o)
{
    put_le(o->b + 4, o->n, 4);
    o->b[9] = 0;
    o->b[9] = fix_sum(o->b, o->n);
}

static inline void place(uint64_t pa, const struct buf *t)
{
    memcpy(phys + pa, t->b, t->n);
}

/* RSDP at (pa): revision 0 (20 bytes) or 2 (36 bytes). */
static inline void put_rsdp(uint64_t pa, uint8_t rev, uint32_t rsdt,
                            uint64_t xsdt)
{
    uint8_t *p = phys + pa;
    memset(p, 0, 36);
    memcpy(p, "RSD PTR ", 8);
    memcpy(p + 9, "BOCHS ", 6);
    p[15] = rev;
    put_le(p + 16, rsdt, 4);
    p[8] = fix_sum(p, 20);
    if (rev >= 2) {
        put_le(p + 20, 36, 4);
        put_le(p + 24, xsdt, 8);
        p[32] = fix_sum(p, 36);
    }
}

/* XSDT (esize 8) or RSDT (esize 4) listing (n) addresses. */
static inline void root_table(struct buf *o, unsigned esize, const uint64_t *pa,
                              unsigned n)
{
    sdt_begin(o, esize == 8 ? "XSDT" : "RSDT", 1, "BOCHS ");
    for (unsigned i = 0; i < n; i++)
        ele(o, pa[i], esize);
    sdt_end(o);
}

/* MADT pieces. */
static inline void madt_begin(struct buf *o, uint32_t flags)
{
    sdt_begin(o, "APIC", 1, "BOCHS ");
    ele(o, 0xfee00000, 4);
    ele(o, flags, 4);
}

static inline void madt_lapic(struct buf *o, uint8_t uid, uint8_t id,
                              uint32_t flags)
{
    e8(o, 0), e8(o, 8), e8(o, uid), e8(o, id), ele(o, flags, 4);
}

static inline void madt_x2apic(struct buf *o, uint32_t id, uint32_t flags)
{
    e8(o, 9), e8(o, 16), ele(o, 0, 2), ele(o, id, 4), ele(o, flags, 4);
    ele(o, id, 4);
}

static inline void madt_ioapic(struct buf *o, uint8_t id, uint32_t addr,
                               uint32_t gsi)
{
    e8(o, 1), e8(o, 12), e8(o, id), e8(o, 0), ele(o, addr, 4), ele(o, gsi, 4);
}

static inline void madt_iso(struct buf *o, uint8_t irq, uint32_t gsi,
                            uint16_t flags)
{
    e8(o, 2), e8(o, 10), e8(o, 0), e8(o, irq), ele(o, gsi, 4);
    ele(o, flags, 2);
}

/* MCFG with (n) {base, segment, start, end}. */
static inline void mcfg(struct buf *o, const uint64_t *base,
                        const uint16_t *seg, uint8_t start, uint8_t end,
                        unsigned n)
{
    sdt_begin(o, "MCFG", 1, "BOCHS ");
    ele(o, 0, 8);
    for (unsigned i = 0; i < n; i++) {
        ele(o, base[i], 8), ele(o, seg[i], 2), e8(o, start), e8(o, end);
        ele(o, 0, 4);
    }
    sdt_end(o);
}

/* A FADT of (len) bytes, zero-filled, header done; the caller pokes fields
 * and calls sdt_end. */
static inline void fadt_begin(struct buf *o, uint8_t rev, size_t len,
                              uint32_t dsdt)
{
    sdt_begin(o, "FACP", rev, "BOCHS ");
    memset(o->b + o->n, 0, len - o->n);
    o->n = len;
    put_le(o->b + 40, dsdt, 4);
}

static inline void fadt_gas(struct buf *o, size_t off, uint8_t space,
                            uint8_t width, uint64_t addr)
{
    o->b[off] = space;
    o->b[off + 1] = width;
    o->b[off + 2] = 0;
    o->b[off + 3] = width == 8 ? 1 : width == 16 ? 2 : 3;
    put_le(o->b + off + 4, addr, 8);
}

/* AML: PkgLength for a body of (n) bytes (§20.2.4), then the body. */
static inline void aml_pkg(struct buf *o, const struct buf *body)
{
    size_t n = body->n;
    if (n + 1 <= 63) {
        e8(o, (uint8_t)(n + 1));
    } else if (n + 2 <= 0xfff) {
        size_t t = n + 2;
        e8(o, (uint8_t)(0x40 | (t & 0xf)));
        e8(o, (uint8_t)(t >> 4));
    } else {
        size_t t = n + 3;
        e8(o, (uint8_t)(0x80 | (t & 0xf)));
        e8(o, (uint8_t)(t >> 4));
        e8(o, (uint8_t)(t >> 12));
    }
    emit(o, body->b, body->n);
}

/* Name(_S5_, Package(4){typ, 0, 0, 0}), the value as ByteConst when
 * (byteconst), else as Zero/One as QEMU writes small integers. */
static inline void aml_s5(struct buf *o, uint8_t typ, int byteconst)
{
    struct buf pk = {.n = 0};
    e8(&pk, 4);
    if (byteconst)
        e8(&pk, 0x0a), e8(&pk, typ);
    else
        e8(&pk, typ);
    e8(&pk, 0), e8(&pk, 0), e8(&pk, 0);
    e8(o, 0x08), emit(o, "_S5_", 4), e8(o, 0x12);
    aml_pkg(o, &pk);
}

/* Device(name) { _HID (hid), _UID, _STA, _CRS { Memory32Fixed, Interrupt } },
 * (iflags) the Extended Interrupt flags: 1 consumer, 2 edge, 4 low. */
static inline void aml_mmio_dev(struct buf *o, const char *name,
                                const char *hid, uint32_t base, uint32_t size,
                                uint32_t gsi, uint8_t iflags)
{
    struct buf body = {.n = 0}, crs = {.n = 0}, res = {.n = 0};
    emit(&body, name, 4);
    e8(&body, 0x08), emit(&body, "_HID", 4), e8(&body, 0x0d);
    emit(&body, hid, strlen(hid) + 1);
    /* _UID 20 (0x14, MethodOp's byte), then Method(_STA) { Return (0xF) } */
    e8(&body, 0x08), emit(&body, "_UID", 4), e8(&body, 0x0a), e8(&body, 0x14);
    e8(&body, 0x14), e8(&body, 9), emit(&body, "_STA", 4), e8(&body, 0);
    e8(&body, 0xa4), e8(&body, 0x0a), e8(&body, 0x0f);
    e8(&res, 0x86), ele(&res, 9, 2), e8(&res, 1), ele(&res, base, 4);
    ele(&res, size, 4);
    e8(&res, 0x89), ele(&res, 6, 2), e8(&res, iflags), e8(&res, 1);
    ele(&res, gsi, 4);
    e8(&res, 0x79), e8(&res, 0);
    e8(&crs, 0x0a), e8(&crs, (uint8_t)res.n);
    emit(&crs, res.b, res.n);
    e8(&body, 0x08), emit(&body, "_CRS", 4), e8(&body, 0x11);
    aml_pkg(&body, &crs);
    e8(o, 0x5b), e8(o, 0x82);
    aml_pkg(o, &body);
}

/* Scope(\_SB_) { (inner) } */
static inline void aml_scope(struct buf *o, const struct buf *inner)
{
    struct buf body = {.n = 0};
    emit(&body, "\\_SB_", 5);
    emit(&body, inner->b, inner->n);
    e8(o, 0x10);
    aml_pkg(o, &body);
}

#endif
