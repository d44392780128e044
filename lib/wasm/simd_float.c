/* SPDX-License-Identifier: MIT */
/*
 * wasm: the 128-bit SIMD float operators and conversions (spec 4.3.2-4.3.3
 * lane by lane), with the scalar operators' NaN and rounding rules
 * (interp_ops.h): NaN results come out of an arithmetic operation, so
 * they are quiet, which the spec's canonical/arithmetic NaN rules accept.
 */
#include "lib/wasm/simd.h"

#include "lib/wasm/interp_ops.h"

/* f32x4 ops at 0xe4.. and f64x2 at 0xf0..: add sub mul div min max pmin
 * pmax. */
void simd_float_binary(uint32_t sub, const v128 *a, const v128 *b, v128 *r)
{
    unsigned op = sub >= 0xf0 ? sub - 0xf0 : sub - 0xe4;
    v128 t;
/* Lane by lane, in the lanes' own type: no double rounding. */
#define FLOAT_BIN(T, lanes, n, fmin, fmax)                                     \
    for (int i = 0; i < (n); i++) {                                            \
        T x = a->lanes[i], y = b->lanes[i];                                    \
        T v[] = {x + y,      x - y,      x * y,         x / y,                 \
                 fmin(x, y), fmax(x, y), y < x ? y : x, x < y ? y : x};        \
        t.lanes[i] = v[op];                                                    \
    }
    if (sub < 0xf0) {
        FLOAT_BIN(float, f32, 4, fmin32, fmax32)
    } else {
        FLOAT_BIN(double, f64, 2, fmin64, fmax64)
    }
#undef FLOAT_BIN
    *r = t;
}

/* ceil floor trunc nearest (k = 0..3); NaN is quieted. f32 lanes are
 * rounded as doubles too: rounding to an integer is exact in either. */
static double round_to_int(double x, int k)
{
    if (x != x)
        return x + x;
    return k == 0   ? ceil(x)
           : k == 1 ? floor(x)
           : k == 2 ? trunc(x)
                    : nearbyint(x);
}

/* Conversions 0xf8..0xff, promote 0x5f and demote 0x5e. */
static void convert(uint32_t sub, const v128 *a, v128 *t)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < 4; i++) {
        switch (sub) {
        case 0xf8:
        case 0xf9: t->u32[i] = (uint32_t)sat_trunc(a->f32[i], sub & 1); break;
        case 0xfa: t->f32[i] = (float)a->i32[i]; break;
        case 0xfb: t->f32[i] = (float)a->u32[i]; break;
        case 0xfc:
        case 0xfd:
            if (i < 2)
                t->u32[i] = (uint32_t)sat_trunc(a->f64[i], sub & 1);
            break;
        case 0xfe:
            if (i < 2)
                t->f64[i] = (double)a->i32[i];
            break;
        case 0xff:
            if (i < 2)
                t->f64[i] = (double)a->u32[i];
            break;
        case 0x5e:
            if (i < 2)
                t->f32[i] = (float)a->f64[i];
            break;
        default:
            if (i < 2)
                t->f64[i] = (double)a->f32[i];
        }
    }
}

bool simd_float_unary(uint32_t sub, const v128 *a, v128 *r)
{
    v128 t = *a;
    int k = -1; /* rounding mode of the rounding operators */
    switch (sub) {
    case 0x67:
    case 0x68:
    case 0x69:
    case 0x6a:
        for (int i = 0; i < 4; i++)
            t.f32[i] = (float)round_to_int(a->f32[i], (int)sub - 0x67);
        break;
    case 0x74: k = 0; break;
    case 0x75: k = 1; break;
    case 0x7a: k = 2; break;
    case 0x94: k = 3; break;
    case 0xe0:
    case 0xe1:
        for (int i = 0; i < 4; i++)
            t.u32[i] =
                sub == 0xe0 ? a->u32[i] & 0x7fffffffu : a->u32[i] ^ 0x80000000u;
        break;
    case 0xe3:
        for (int i = 0; i < 4; i++)
            t.f32[i] = sqrtf(a->f32[i]);
        break;
    case 0xec:
    case 0xed:
        for (int i = 0; i < 2; i++)
            t.u64[i] = sub == 0xec ? a->u64[i] & 0x7fffffffffffffffull
                                   : a->u64[i] ^ 0x8000000000000000ull;
        break;
    case 0xef:
        for (int i = 0; i < 2; i++)
            t.f64[i] = sqrt(a->f64[i]);
        break;
    default:
        if (sub != 0x5e && sub != 0x5f && sub < 0xf8)
            return false;
        convert(sub, a, &t);
    }
    for (int i = 0; k >= 0 && i < 2; i++)
        t.f64[i] = round_to_int(a->f64[i], k);
    *r = t;
    return true;
}
