/* SPDX-License-Identifier: MIT */
/*
 * wasm: value access and the float/conversion semantics used by the
 * interpreter loop (spec 4.3.2-4.3.3). Included by interp.c and by the
 * SIMD operators (simd.c, simd_float.c), which apply them lane by lane.
 */
#ifndef SKIFF_WASM_INTERP_OPS_H
#define SKIFF_WASM_INTERP_OPS_H
#include "lib/wasm/wasm_int.h"

#include <math.h>
#include <string.h>

static inline float f32_of(cell c)
{
    uint32_t u = (uint32_t)c.u;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static inline double f64_of(cell c)
{
    double d;
    memcpy(&d, &c.u, 8);
    return d;
}

static inline uint64_t bits_f32(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline uint64_t bits_f64(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* min/max: NaN wins (propagated through an arithmetic op, which quiets
 * it), and -0 < +0. */
#define MINMAX(name, T, lt)                                                    \
    static inline T name(T a, T b)                                             \
    {                                                                          \
        if (a != a || b != b)                                                  \
            return a + b;                                                      \
        if (a == 0 && b == 0)                                                  \
            return (signbit(a) != 0) == (lt) ? a : b;                          \
        return (lt) ? (a < b ? a : b) : (a > b ? a : b);                       \
    }
MINMAX(fmin32, float, 1)
MINMAX(fmax32, float, 0)
MINMAX(fmin64, double, 1)
MINMAX(fmax64, double, 0)

static inline uint32_t clz32(uint32_t x)
{
    return x ? __builtin_clz(x) : 32;
}
static inline uint32_t ctz32(uint32_t x)
{
    return x ? __builtin_ctz(x) : 32;
}
static inline uint64_t clz64(uint64_t x)
{
    return x ? (uint64_t)__builtin_clzll(x) : 64;
}
static inline uint64_t ctz64(uint64_t x)
{
    return x ? (uint64_t)__builtin_ctzll(x) : 64;
}
static inline uint32_t rotl32(uint32_t a, uint32_t b)
{
    b &= 31;
    return (a << b) | (a >> ((32 - b) & 31));
}
static inline uint32_t rotr32(uint32_t a, uint32_t b)
{
    b &= 31;
    return (a >> b) | (a << ((32 - b) & 31));
}
static inline uint64_t rotl64(uint64_t a, uint64_t b)
{
    b &= 63;
    return (a << b) | (a >> ((64 - b) & 63));
}
static inline uint64_t rotr64(uint64_t a, uint64_t b)
{
    b &= 63;
    return (a >> b) | (a << ((64 - b) & 63));
}

/* Saturating truncation (0xfc 0..7): NaN is 0, out of range clamps. */
static inline uint64_t sat_trunc(double x, unsigned sub)
{
    if (x != x)
        return 0;
    switch (sub & 5) { /* bit 0 unsigned, bit 2 64-bit */
    case 0:
        return x <= -2147483649.0  ? (uint32_t)INT32_MIN
               : x >= 2147483648.0 ? (uint32_t)INT32_MAX
                                   : (uint32_t)(int32_t)x;
    case 1: return x <= -1.0 ? 0 : x >= 4294967296.0 ? UINT32_MAX : (uint32_t)x;
    case 4:
        return x < -9223372036854775808.0   ? (uint64_t)INT64_MIN
               : x >= 9223372036854775808.0 ? (uint64_t)INT64_MAX
                                            : (uint64_t)(int64_t)x;
    default:
        return x <= -1.0                     ? 0
               : x >= 18446744073709551616.0 ? UINT64_MAX
                                             : (uint64_t)x;
    }
}

#endif
