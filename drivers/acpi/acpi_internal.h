/* SPDX-License-Identifier: MIT */
/*
 * acpi internals shared by the parsers: little-endian reads at a byte
 * offset (ACPI gives no alignment guarantee) and the table checksum.
 * Callers check the range before reading.
 */
#ifndef SKIFF_ACPI_INTERNAL_H
#define SKIFF_ACPI_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "drivers/acpi/acpi.h"

static inline uint64_t acpi_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = n; i > 0; i--)
        v = (v << 8) | p[i - 1];
    return v;
}

static inline uint16_t acpi_le16(const uint8_t *p)
{
    return (uint16_t)acpi_le(p, 2);
}

static inline uint32_t acpi_le32(const uint8_t *p)
{
    return (uint32_t)acpi_le(p, 4);
}

static inline uint64_t acpi_le64(const uint8_t *p)
{
    return acpi_le(p, 8);
}

/* Sum of (n) bytes modulo 256; a valid table sums to 0. */
static inline uint8_t acpi_sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    for (size_t i = 0; i < n; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

/* Copy a 4-character signature (or NameSeg) into a C string. Non-printable
 * bytes become '?', so a diag never carries control characters. */
static inline void acpi_sig(char out[5], const uint8_t *p)
{
    for (int i = 0; i < 4; i++)
        out[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '?';
    out[4] = '\0';
}

struct boot_mem;
/* Pointer to [pa, pa + n) in the window (m), or NULL when not all inside
 * (tables.c). */
const uint8_t *acpi_window(const struct boot_mem *m, uint64_t pa, uint64_t n);

/* Read a Generic Address Structure at (p), 12 bytes. */
static inline void acpi_gas_read(const uint8_t *p, struct acpi_gas *g)
{
    g->space = p[0];
    g->bit_width = p[1];
    g->bit_offset = p[2];
    g->access_size = p[3];
    g->addr = acpi_le64(p + 4);
}

/* AML (ACPI 6.5 §20.2): the opcodes and name characters the walks use.
 * aml.c holds the helpers below; s5.c and aml.c use them. */
#define AML_OP_ZERO     0x00
#define AML_OP_ONE      0x01
#define AML_OP_NAME     0x08
#define AML_OP_BYTE     0x0a
#define AML_OP_WORD     0x0b
#define AML_OP_DWORD    0x0c
#define AML_OP_STRING   0x0d
#define AML_OP_QWORD    0x0e
#define AML_OP_BUFFER   0x11
#define AML_OP_PACKAGE  0x12
#define AML_OP_METHOD   0x14
#define AML_OP_EXT      0x5b
#define AML_OP_DEVICE   0x82 /* after AML_OP_EXT */
#define AML_ROOT_CHAR   0x5c
#define AML_PARENT_CHAR 0x5e
#define AML_DUAL_PREFIX 0x2e
#define AML_MULTI_PFX   0x2f
#define AML_OP_VARPKG   0x13
#define AML_OP_RETURN   0xa4
#define AML_OP_ONES     0xff

/* A byte range [pos, end) of a table. */
struct acpi_span {
    const uint8_t *p;
    size_t pos, end;
};

/* Decode the PkgLength at s->pos (§20.2.4, 1-4 bytes); on success
 * (*body_end) is where the object ends and s->pos moves past the
 * encoding. -EINVAL when malformed or running past s->end. */
int acpi_aml_pkg_length(struct acpi_span *s, size_t *body_end);

/* An integer data object at s->pos: ZeroOp, OneOp, ByteConst, WordConst,
 * DWordConst or QWordConst; s->pos moves past it. -EINVAL otherwise. */
int acpi_aml_integer(struct acpi_span *s, uint64_t *v);

/* Does "NameOp [\\] <seg>" start at (i)? Returns the offset after the
 * name, or 0. */
size_t acpi_aml_name_at(const struct acpi_span *s, size_t i, const char *seg);

#endif
