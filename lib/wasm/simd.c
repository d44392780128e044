/* SPDX-License-Identifier: MIT */
/*
 * wasm: execution of the 0xfd (128-bit SIMD) instructions (spec 4.3.2 and
 * 4.4.3), out of the interpreter loop: one call per instruction keeps the
 * loop's register allocation for scalar code as it was. Plain per-lane C,
 * which baseline x86-64 (and the musl and kernel builds) compile as they
 * like; integer lanes are computed unsigned where C would overflow.
 * Lane-generic integer operators are decoded from the sub-opcode layout:
 * in 0x60..0xdf, bits 5..7 give the lane width and bits 0..4 the operator.
 */
#include "lib/wasm/simd.h"

#include "lib/wasm/interp_ops.h"

static int64_t clamp(int64_t x, int64_t lo, int64_t hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Comparisons 0x23..0x40 (ten per integer width), 0x41..0x4c (six per
 * float width), 0xd6..0xdb (six for i64x2): all ones where true. */
static void compare(uint32_t sub, const v128 *a, const v128 *b, v128 *r)
{
    static const uint8_t six[] = {0, 1, 2, 4, 6, 8}; /* eq ne lt gt le ge */
    unsigned w, k;
    bool fl = sub >= 0x41 && sub <= 0x4c;
    if (sub >= 0xd6)
        w = 3, k = six[sub - 0xd6];
    else if (fl)
        w = sub >= 0x47 ? 3 : 2, k = six[(sub - 0x41) % 6];
    else
        w = (sub - 0x23) / 10, k = (sub - 0x23) % 10;
    for (unsigned i = 0; i < 16u >> w; i++) {
        bool lt, eq, gt; /* all false for unordered floats */
        if (fl) {
            double x = w == 2 ? a->f32[i] : a->f64[i];
            double y = w == 2 ? b->f32[i] : b->f64[i];
            lt = x<y, eq = x == y, gt = x> y;
        } else if (k >= 2 && !(k & 1)) { /* signed */
            int64_t x = lane_s(a, w, i), y = lane_s(b, w, i);
            lt = x<y, eq = x == y, gt = x> y;
        } else {
            uint64_t x = lane_u(a, w, i), y = lane_u(b, w, i);
            lt = x<y, eq = x == y, gt = x> y;
        }
        bool t = k == 0   ? eq
                 : k == 1 ? !eq
                 : k <= 3 ? lt
                 : k <= 5 ? gt
                 : k <= 7 ? lt || eq
                          : gt || eq;
        lane_set(r, w, i, t ? UINT64_MAX : 0);
    }
}

/* Narrowing 0x65, 0x66 (i16 -> i8) and 0x85, 0x86 (i32 -> i16): a's
 * lanes then b's, saturated signed or unsigned. */
static void narrow(uint32_t sub, const v128 *a, const v128 *b, v128 *r)
{
    unsigned w = sub < 0x80 ? 0 : 1, n = 16u >> w, bits = 8u << w;
    bool u = sub & 1 ? false : true;
    int64_t lo = u ? 0 : -((int64_t)1 << (bits - 1));
    int64_t hi = u ? ((int64_t)1 << bits) - 1 : ((int64_t)1 << (bits - 1)) - 1;
    v128 t;
    for (unsigned i = 0; i < n; i++) {
        int64_t x =
            i < n / 2 ? lane_s(a, w + 1, i) : lane_s(b, w + 1, i - n / 2);
        lane_set(&t, w, i, (uint64_t)clamp(x, lo, hi));
    }
    *r = t;
}

/* The lane-generic integer operators with two v128 operands. */
static void int_binary(unsigned w, unsigned op, const v128 *a, const v128 *b,
                       v128 *r)
{
    unsigned n = 16u >> w, bits = 8u << w;
    int64_t smin = bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1));
    int64_t smax = bits == 64 ? INT64_MAX : ((int64_t)1 << (bits - 1)) - 1;
    int64_t umax = bits == 64 ? -1 : ((int64_t)1 << bits) - 1;
    v128 t;
    for (unsigned i = 0; i < n; i++) {
        int64_t xs = lane_s(a, w, i), ys = lane_s(b, w, i);
        uint64_t xu = lane_u(a, w, i), yu = lane_u(b, w, i);
        uint64_t v;
        switch (op) {
        case 0x0e: v = xu + yu; break;
        case 0x0f: v = (uint64_t)clamp(xs + ys, smin, smax); break;
        case 0x10: v = (uint64_t)clamp((int64_t)(xu + yu), 0, umax); break;
        case 0x11: v = xu - yu; break;
        case 0x12: v = (uint64_t)clamp(xs - ys, smin, smax); break;
        case 0x13: v = xu < yu ? 0 : xu - yu; break;
        case 0x15: v = xu * yu; break;
        case 0x16: v = (uint64_t)(xs < ys ? xs : ys); break;
        case 0x17: v = xu < yu ? xu : yu; break;
        case 0x18: v = (uint64_t)(xs > ys ? xs : ys); break;
        case 0x19: v = xu > yu ? xu : yu; break;
        default: v = (xu + yu + 1) >> 1; break; /* 0x1b avgr_u */
        }
        lane_set(&t, w, i, v);
    }
    *r = t;
}

/* extmul 0x1c..0x1f of width w: low/high half of the narrower lanes,
 * signed/unsigned, multiplied at width w. */
static void extmul(unsigned w, unsigned op, const v128 *a, const v128 *b,
                   v128 *r)
{
    unsigned n = 16u >> w, off = (op & 1) ? n : 0;
    bool u = op >= 0x1e;
    v128 t;
    for (unsigned i = 0; i < n; i++) {
        uint64_t x =
            u ? lane_u(a, w - 1, off + i) : (uint64_t)lane_s(a, w - 1, off + i);
        uint64_t y =
            u ? lane_u(b, w - 1, off + i) : (uint64_t)lane_s(b, w - 1, off + i);
        lane_set(&t, w, i, x * y);
    }
    *r = t;
}

static void binary(uint32_t sub, const v128 *a, const v128 *b, v128 *r)
{
    v128 t;
    if (sub >= 0xe4) {
        simd_float_binary(sub, a, b, r);
        return;
    }
    if ((sub >= 0x23 && sub <= 0x4c) || (sub >= 0xd6 && sub <= 0xdb)) {
        compare(sub, a, b, r);
        return;
    }
    switch (sub) {
    case 0x0e: /* i8x16.swizzle */
        for (int i = 0; i < 16; i++)
            t.u8[i] = b->u8[i] < 16 ? a->u8[b->u8[i]] : 0;
        *r = t;
        return;
    case 0x4e: /* and andnot or xor */
    case 0x4f:
    case 0x50:
    case 0x51:
        for (int i = 0; i < 2; i++) {
            uint64_t x = a->u64[i], y = b->u64[i];
            r->u64[i] = sub == 0x4e   ? x & y
                        : sub == 0x4f ? x & ~y
                        : sub == 0x50 ? x | y
                                      : x ^ y;
        }
        return;
    case 0x65:
    case 0x66:
    case 0x85:
    case 0x86: narrow(sub, a, b, r); return;
    case 0x82: /* i16x8.q15mulr_sat_s */
        for (int i = 0; i < 8; i++)
            t.i16[i] =
                (int16_t)clamp(((int32_t)a->i16[i] * b->i16[i] + 0x4000) >> 15,
                               INT16_MIN, INT16_MAX);
        *r = t;
        return;
    case 0xba: /* i32x4.dot_i16x8_s */
        for (int i = 0; i < 4; i++)
            t.u32[i] =
                (uint32_t)((int32_t)a->i16[2 * i] * b->i16[2 * i]) +
                (uint32_t)((int32_t)a->i16[2 * i + 1] * b->i16[2 * i + 1]);
        *r = t;
        return;
    }
    unsigned w = (sub >> 5) - 3, op = sub & 0x1f;
    if (op >= 0x1c)
        extmul(w, op, a, b, r);
    else
        int_binary(w, op, a, b, r);
}

/* Lane-generic integer unary operators (abs neg popcnt extend) and
 * extadd_pairwise. */
static void int_unary(uint32_t sub, const v128 *a, v128 *r)
{
    v128 t;
    if (sub >= 0x7c && sub <= 0x7f) { /* extadd_pairwise */
        unsigned w = sub <= 0x7d ? 1 : 2;
        bool u = sub & 1;
        for (unsigned i = 0; i < 16u >> w; i++) {
            uint64_t x =
                u ? lane_u(a, w - 1, 2 * i) : (uint64_t)lane_s(a, w - 1, 2 * i);
            uint64_t y = u ? lane_u(a, w - 1, 2 * i + 1)
                           : (uint64_t)lane_s(a, w - 1, 2 * i + 1);
            lane_set(&t, w, i, x + y);
        }
        *r = t;
        return;
    }
    unsigned w = (sub >> 5) - 3, op = sub & 0x1f, n = 16u >> w;
    for (unsigned i = 0; i < n; i++) {
        int64_t x = lane_s(a, w, i);
        uint64_t v;
        switch (op) {
        case 0x00: v = x < 0 ? 0 - (uint64_t)x : (uint64_t)x; break;
        case 0x01: v = 0 - (uint64_t)x; break;
        case 0x02: v = (uint64_t)__builtin_popcount(a->u8[i]); break;
        default: { /* 0x07..0x0a extend low_s high_s low_u high_u */
            unsigned src = (op == 0x08 || op == 0x0a) ? n + i : i;
            v = op >= 0x09 ? lane_u(a, w - 1, src)
                           : (uint64_t)lane_s(a, w - 1, src);
        }
        }
        lane_set(&t, w, i, v);
    }
    *r = t;
}

static void unary(uint32_t sub, const v128 *a, v128 *r)
{
    if (sub == 0x4d) {
        r->u64[0] = ~a->u64[0], r->u64[1] = ~a->u64[1];
        return;
    }
    if (simd_float_unary(sub, a, r))
        return;
    int_unary(sub, a, r);
}

/* any_true, all_true and bitmask: v128 -> i32. */
static uint32_t test(uint32_t sub, const v128 *a)
{
    if (sub == 0x53)
        return (a->u64[0] | a->u64[1]) != 0;
    unsigned w = (sub >> 5) - 3, n = 16u >> w;
    uint32_t r = sub & 1 ? 1 : 0; /* all_true: odd sub-opcodes */
    for (unsigned i = 0; i < n; i++) {
        if (sub & 1)
            r &= lane_u(a, w, i) != 0;
        else
            r |= (uint32_t)(lane_s(a, w, i) < 0) << i;
    }
    return r;
}

static void shift(uint32_t sub, const v128 *a, uint32_t k, v128 *r)
{
    unsigned w = (sub >> 5) - 3, op = sub & 0x1f, bits = 8u << w;
    k &= bits - 1;
    v128 t;
    for (unsigned i = 0; i < 16u >> w; i++) {
        uint64_t v = op == 0x0b   ? lane_u(a, w, i) << k
                     : op == 0x0c ? (uint64_t)(lane_s(a, w, i) >> k)
                                  : lane_u(a, w, i) >> k;
        lane_set(&t, w, i, v);
    }
    *r = t;
}

/* Lane instructions 0x15..0x22: extract lane idx to a scalar slot, or
 * replace it with the scalar on top. */
static void lanes(uint32_t sub, bool replace, unsigned idx, cell *sp)
{
    static const uint8_t width[] = {0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3};
    unsigned w = width[sub - 0x15];
    v128 v;
    if (replace) {
        v_get(&v, sp - 3);
        lane_set(&v, w, idx, sp[-1].u);
        v_put(sp - 3, &v);
        return;
    }
    v_get(&v, sp - 2);
    uint64_t x = (sub == 0x15 || sub == 0x18) ? (uint64_t)lane_s(&v, w, idx)
                                              : lane_u(&v, w, idx);
    sp[-2].u = w <= 1 ? (uint32_t)x : x; /* i32 results stay 32-bit */
}

cell *wasm_simd(const cell *pc, cell *sp, uint8_t *mem, uint64_t memsize)
{
    uint32_t sub = (uint32_t)pc[0].u & 0xffff;
    uint8_t shape = (uint8_t)(pc[0].u >> 16);
    const cell *imm = pc + 1;
    v128 a, b, c, r;
    switch (shape) {
    case S_SHUFFLE: {
        uint8_t idx[16], both[32];
        memcpy(idx, imm, 16);
        memcpy(both, sp - 4, 32);
        for (int i = 0; i < 16; i++)
            r.u8[i] = both[idx[i]];
        v_put(sp - 4, &r);
        return sp - 2;
    }
    case S_SPLAT: {
        static const uint8_t w[] = {0, 1, 2, 3, 2, 3};
        for (unsigned i = 0; i < 16u >> w[sub - 0x0f]; i++)
            lane_set(&r, w[sub - 0x0f], i, sp[-1].u);
        v_put(sp - 1, &r);
        return sp + 1;
    }
    case S_EXTRACT:
    case S_REPLACE: /* both leave one slot fewer */
        lanes(sub, shape == S_REPLACE, (unsigned)imm[0].u, sp);
        return sp - 1;
    case S_TERN: /* v128.bitselect */
        v_get(&a, sp - 6), v_get(&b, sp - 4), v_get(&c, sp - 2);
        for (int i = 0; i < 2; i++)
            r.u64[i] = (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i]);
        v_put(sp - 6, &r);
        return sp - 4;
    case S_TEST:
        v_get(&a, sp - 2);
        sp[-2].u = test(sub, &a);
        return sp - 1;
    case S_SHIFT:
        v_get(&a, sp - 3);
        shift(sub, &a, (uint32_t)sp[-1].u, &r);
        v_put(sp - 3, &r);
        return sp - 1;
    case S_BIN:
        v_get(&a, sp - 4), v_get(&b, sp - 2);
        binary(sub, &a, &b, &r);
        v_put(sp - 4, &r);
        return sp - 2;
    case S_UN:
        v_get(&a, sp - 2);
        unary(sub, &a, &r);
        v_put(sp - 2, &r);
        return sp;
    default: return simd_memory(sub, shape, imm, sp, mem, memsize);
    }
}
