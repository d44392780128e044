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

/* Read a Generic Address Structure at (p), 12 bytes. */
static inline void acpi_gas_read(const uint8_t *p, struct acpi_gas *g)
{
    g->space = p[0];
    g->bit_width = p[1];
    g->bit_offset = p[2];
    g->access_size = p[3];
    g->addr = acpi_le64(p + 4);
}

#endif
