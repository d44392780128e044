/* SPDX-License-Identifier: MIT */
/*
 * acpi aml: a minimal, bounded walk of a DSDT, not an AML interpreter
 * (ACPI 6.5 §20.2 grammar, §6.4 resource descriptors), for
 *   Device(xxxx) { Name(_HID, "LNRO0005") Name(_CRS, Buffer(){...}) }:
 * the virtio-mmio devices of QEMU microvm and Firecracker, plus the AML
 * helpers s5.c shares (PkgLength, integers, NameOp patterns; \_S5 is parsed
 * in s5.c). These objects are static data in every monitor's DSDT, so the
 * walk looks for their opcode patterns (NameOp + NameSeg, DeviceOp) instead of
 * evaluating control flow. Every PkgLength is decoded with its 1-4 byte
 * encoding (§20.2.4) and must fit inside the enclosing object, or the
 * object is rejected with a diag; no read ever leaves (buf, len). A Device
 * nested in a Device is skipped while its parent's _HID/_CRS are searched,
 * so a child's names are never taken for the parent's.
 */
#include "drivers/acpi/acpi_internal.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

/* Decode the PkgLength at s->pos; on success (*body_end) is where the
 * object ends and s->pos moves past the encoding. -EINVAL when the length
 * is malformed or runs past s->end. */
int acpi_aml_pkg_length(struct acpi_span *s, size_t *body_end)
{
    size_t at = s->pos;
    if (at >= s->end)
        return -EINVAL;
    uint8_t lead = s->p[at];
    unsigned extra = lead >> 6;
    if (at + 1 + extra > s->end)
        return -EINVAL;
    size_t n = extra ? (lead & 0x0f) : (lead & 0x3f);
    if (extra && (lead & 0x30))
        return -EINVAL; /* bits 5:4 must be zero in the multi-byte form */
    for (unsigned i = 0; i < extra; i++)
        n |= (size_t)s->p[at + 1 + i] << (4 + 8 * i);
    if (n < 1 + extra || n > s->end - at)
        return -EINVAL;
    *body_end = at + n;
    s->pos = at + 1 + extra;
    return 0;
}

/* Skip a NameString, leaving its last NameSeg in (seg). -EINVAL if it
 * runs past s->end. */
static int name_string(struct acpi_span *s, char seg[5])
{
    size_t at = s->pos;
    unsigned nseg = 1;
    while (at < s->end &&
           (s->p[at] == AML_ROOT_CHAR || s->p[at] == AML_PARENT_CHAR))
        at++;
    if (at >= s->end)
        return -EINVAL;
    if (s->p[at] == 0) { /* NullName */
        kstrlcpy(seg, "", 5);
        s->pos = at + 1;
        return 0;
    }
    if (s->p[at] == AML_DUAL_PREFIX) {
        nseg = 2;
        at++;
    } else if (s->p[at] == AML_MULTI_PFX) {
        if (at + 1 >= s->end)
            return -EINVAL;
        nseg = s->p[at + 1];
        at += 2;
    }
    if (nseg == 0 || at + 4ull * nseg > s->end)
        return -EINVAL;
    acpi_sig(seg, s->p + at + 4 * (nseg - 1));
    s->pos = at + 4 * nseg;
    return 0;
}

/* An integer data object (Zero, One, Byte/Word/DWord/QWordConst). */
int acpi_aml_integer(struct acpi_span *s, uint64_t *v)
{
    static const uint8_t size[] = {[AML_OP_BYTE] = 1,
                                   [AML_OP_WORD] = 2,
                                   [AML_OP_DWORD] = 4,
                                   [AML_OP_STRING] = 0,
                                   [AML_OP_QWORD] = 8};
    if (s->pos >= s->end)
        return -EINVAL;
    uint8_t op = s->p[s->pos];
    if (op == AML_OP_ZERO || op == AML_OP_ONE) {
        *v = op;
        s->pos++;
        return 0;
    }
    if (op < AML_OP_BYTE || op > AML_OP_QWORD || !size[op] ||
        s->pos + 1 + size[op] > s->end)
        return -EINVAL;
    *v = acpi_le(s->p + s->pos + 1, size[op]);
    s->pos += 1 + size[op];
    return 0;
}

/* Does "NameOp [\\] <seg>" start at (i)? Returns the offset after the
 * name, or 0. */
size_t acpi_aml_name_at(const struct acpi_span *s, size_t i, const char *seg)
{
    if (s->p[i] != AML_OP_NAME)
        return 0;
    size_t at = i + 1;
    if (at < s->end && s->p[at] == AML_ROOT_CHAR)
        at++;
    if (at + 4 > s->end || memcmp(s->p + at, seg, 4) != 0)
        return 0;
    return at + 4;
}

static int device_name_ok(const struct acpi_span *t, size_t i);

/* The body of a Name(<seg>, ...) inside [s->pos, s->end) but not inside a
 * nested Device (a child's _HID or _CRS is not its parent's). Methods are
 * not stepped over: their opcode byte (0x14) is too common in data (a
 * _UID of 20) to be trusted without parsing every term. Returns the
 * offset of the data object, or 0. */
static size_t find_name(const struct acpi_span *s, const char *seg)
{
    for (size_t i = s->pos; i < s->end; i++) {
        size_t end;
        struct acpi_span in = {s->p, i + 2, s->end};
        if (s->p[i] == AML_OP_EXT && i + 1 < s->end &&
            s->p[i + 1] == AML_OP_DEVICE && device_name_ok(s, i) &&
            acpi_aml_pkg_length(&in, &end) == 0) {
            i = end - 1;
            continue;
        }
        size_t at = acpi_aml_name_at(s, i, seg);
        if (at && at < s->end)
            return at;
    }
    return 0;
}

#define GOT_MEM 1
#define GOT_IRQ 2

/* A small descriptor (§6.4.2) of (n) bytes: only IRQ (type 4) matters;
 * its flags byte is optional (default edge, active high). */
static int small_desc(const uint8_t *r, size_t n, struct acpi_mmio_dev *dev)
{
    if (((r[0] >> 3) & 0xf) != 4 || n < 3 || acpi_le16(r + 1) == 0)
        return 0;
    dev->gsi = (uint32_t)__builtin_ctz(acpi_le16(r + 1));
    dev->level = n >= 4 ? !(r[3] & 1) : 0;
    dev->active_low = n >= 4 ? !!(r[3] & 8) : 0;
    return GOT_IRQ;
}

/* A large descriptor (§6.4.3) of (n) bytes, header included. Returns
 * GOT_* bits, or -EINVAL for a memory/interrupt descriptor too short. */
static int large_desc(const uint8_t *r, size_t n, struct acpi_mmio_dev *dev)
{
    switch (r[0]) {
    case 0x86: /* Memory32Fixed: info, base u32, length u32 */
        if (n < 12)
            return -EINVAL;
        dev->base = acpi_le32(r + 4);
        dev->size = acpi_le32(r + 8);
        return GOT_MEM;
    case 0x87: /* DWord address space: min @10, length @22 */
        if (n < 26 || r[3] != 0)
            return 0; /* not memory (I/O, bus number) */
        dev->base = acpi_le32(r + 10);
        dev->size = acpi_le32(r + 22);
        return GOT_MEM;
    case 0x8a: /* QWord address space: min @14, length @38 */
        if (n < 46 || r[3] != 0)
            return 0;
        dev->base = acpi_le64(r + 14);
        dev->size = (uint32_t)acpi_le64(r + 38);
        return GOT_MEM;
    case 0x89: /* Extended Interrupt: flags, count, u32 list */
        if (n < 9 || r[4] == 0)
            return -EINVAL;
        dev->gsi = acpi_le32(r + 5);
        dev->level = !(r[3] & 2);
        dev->active_low = !!(r[3] & 4);
        return GOT_IRQ;
    default: return 0;
    }
}

/* Read a resource template (§6.4) in [s->pos, s->end) into (dev). Returns
 * 0 when it had a memory range and an interrupt, else -EINVAL. */
static int resources(struct acpi_span *s, struct acpi_mmio_dev *dev)
{
    int got = 0, rc;
    while (s->pos < s->end) {
        const uint8_t *r = s->p + s->pos;
        size_t left = s->end - s->pos, n;
        if (!(r[0] & 0x80)) { /* small: type bits 6:3, length bits 2:0 */
            n = 1 + (r[0] & 7);
            if (n > left)
                return -EINVAL;
            if (((r[0] >> 3) & 0xf) == 0xf)
                break; /* End Tag */
            rc = small_desc(r, n, dev);
        } else {
            if (left < 3 || (n = 3 + (size_t)acpi_le16(r + 1)) > left)
                return -EINVAL;
            rc = large_desc(r, n, dev);
        }
        if (rc < 0)
            return rc;
        got |= rc;
        s->pos += n;
    }
    return got == (GOT_MEM | GOT_IRQ) ? 0 : -EINVAL;
}

/* Name(_CRS, Buffer(size){...}) in the device body (s). */
static int device_crs(const struct acpi_span *s, struct acpi_mmio_dev *dev)
{
    size_t at = find_name(s, "_CRS"), end;
    uint64_t size;
    if (!at || s->p[at] != AML_OP_BUFFER)
        return -ENOENT;
    struct acpi_span b = {s->p, at + 1, s->end};
    if (acpi_aml_pkg_length(&b, &end))
        return -EINVAL;
    b.end = end;
    if (acpi_aml_integer(&b, &size))
        return -EINVAL;
    if (size < b.end - b.pos)
        b.end = b.pos + (size_t)size;
    return resources(&b, dev);
}

static int is_virtio_mmio(const struct acpi_span *s)
{
    static const char hid[] = "LNRO0005";
    size_t at = find_name(s, "_HID");
    return at && s->p[at] == AML_OP_STRING && at + sizeof(hid) < s->end &&
           memcmp(s->p + at + 1, hid, sizeof(hid)) == 0;
}

static int name_char(uint8_t c, int lead)
{
    return (c >= 'A' && c <= 'Z') || c == '_' ||
           (!lead && c >= '0' && c <= '9');
}

/* Is the DeviceOp pattern at (i) followed by a PkgLength lead byte and a
 * well-formed NameSeg? The bytes 5B 82 also occur inside buffers and
 * strings; without this check those would be reported as broken devices. */
static int device_name_ok(const struct acpi_span *t, size_t i)
{
    size_t at = i + 2;
    if (at >= t->end)
        return 0;
    at += 1 + (t->p[at] >> 6);
    while (at < t->end &&
           (t->p[at] == AML_ROOT_CHAR || t->p[at] == AML_PARENT_CHAR))
        at++;
    if (at < t->end && t->p[at] == AML_DUAL_PREFIX)
        at++;
    else if (at < t->end && t->p[at] == AML_MULTI_PFX)
        at += 2;
    if (at + 4 > t->end || at + 4 < at)
        return 0;
    for (int k = 0; k < 4; k++)
        if (!name_char(t->p[at + k], k == 0))
            return 0;
    return 1;
}

/* The Device whose DeviceOp is at (i); 1 when it is a usable LNRO0005
 * device (stored in *dev), 0 when not one, -EINVAL when broken. */
static int device_at(const struct acpi_span *t, size_t i,
                     struct acpi_mmio_dev *dev, struct diag *d)
{
    struct acpi_span s = {t->p, i + 2, t->end};
    size_t end;
    if (!device_name_ok(t, i))
        return 0;
    if (acpi_aml_pkg_length(&s, &end)) {
        diag_set(d,
                 "DSDT: Device at offset %zu: PkgLength runs past the "
                 "table",
                 i);
        return -EINVAL;
    }
    s.end = end;
    if (name_string(&s, dev->name)) {
        diag_set(d, "DSDT: Device at offset %zu: name runs past its body", i);
        return -EINVAL;
    }
    if (!is_virtio_mmio(&s))
        return 0;
    int rc = device_crs(&s, dev);
    if (rc) {
        diag_set(d, "DSDT: LNRO0005 device %s at offset %zu: %s", dev->name, i,
                 rc == -ENOENT ? "no _CRS buffer"
                               : "_CRS lacks memory or interrupt, or is cut");
        return -EINVAL;
    }
    return 1;
}

int acpi_aml_mmio_devs(const void *buf, size_t len, struct acpi_mmio_dev *out,
                       int max, struct diag *d)
{
    long l = acpi_sdt_check(buf, len, NULL, d);
    if (l < 0)
        return (int)l;
    struct acpi_span t = {buf, ACPI_HDR_LEN, (size_t)l};
    int n = 0;
    for (size_t i = ACPI_HDR_LEN; i + 2 < t.end; i++) {
        if (t.p[i] != AML_OP_EXT || t.p[i + 1] != AML_OP_DEVICE)
            continue;
        struct acpi_mmio_dev dev;
        memset(&dev, 0, sizeof(dev));
        if (device_at(&t, i, &dev, d) != 1)
            continue;
        if (n < max)
            out[n] = dev;
        n++;
    }
    return n;
}
