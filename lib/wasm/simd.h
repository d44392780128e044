/* SPDX-License-Identifier: MIT */
/*
 * wasm: the 128-bit SIMD instructions, shared by their translator
 * (simd_body.c) and their execution (simd.c, simd_float.c, simd_mem.c).
 */
#ifndef SKIFF_WASM_SIMD_H
#define SKIFF_WASM_SIMD_H
#include "lib/wasm/wasm_int.h"

#include <stdbool.h>
#include <string.h>

/* A v128 as its lanes; lane 0 is the lowest-addressed. */
typedef union {
    uint8_t u8[16];
    int8_t i8[16];
    uint16_t u16[8];
    int16_t i16[8];
    uint32_t u32[4];
    int32_t i32[4];
    uint64_t u64[2];
    int64_t i64[2];
    float f32[4];
    double f64[2];
} v128;

/* Shapes of the instructions: what they pop and push and which
 * immediates they have. The translator stores the shape in the
 * instruction (OP_SIMD's cell: sub | shape << 16 | nimm << 32). */
enum {
    S_BAD,     /* no such instruction */
    S_LOAD,    /* i32 -> v128; offset */
    S_STORE,   /* i32 v128 ->; offset */
    S_LANE_LD, /* i32 v128 -> v128; offset, lane */
    S_LANE_ST, /* i32 v128 ->; offset, lane */
    S_CONST,   /* -> v128; 16 bytes (translated to two constants) */
    S_SHUFFLE, /* v128 v128 -> v128; 16 lane indices in two cells */
    S_SPLAT,   /* scalar -> v128 */
    S_EXTRACT, /* v128 -> scalar; lane */
    S_REPLACE, /* v128 scalar -> v128; lane */
    S_UN,      /* v128 -> v128 */
    S_BIN,     /* v128 v128 -> v128 */
    S_TERN,    /* v128 v128 v128 -> v128 */
    S_TEST,    /* v128 -> i32 */
    S_SHIFT,   /* v128 i32 -> v128 */
};

/* A v128 from its two stack slots and back. */
static inline void v_get(v128 *v, const cell *c)
{
    memcpy(v, c, 16);
}

static inline void v_put(cell *c, const v128 *v)
{
    memcpy(c, v, 16);
}

/* Lane i of width 8 << w bits, zero- or sign-extended. */
static inline uint64_t lane_u(const v128 *v, unsigned w, unsigned i)
{
    switch (w) {
    case 0: return v->u8[i];
    case 1: return v->u16[i];
    case 2: return v->u32[i];
    default: return v->u64[i];
    }
}

static inline int64_t lane_s(const v128 *v, unsigned w, unsigned i)
{
    unsigned drop = 64 - (8u << w); /* the bits above the lane */
    return (int64_t)(lane_u(v, w, i) << drop) >> drop;
}

static inline void lane_set(v128 *v, unsigned w, unsigned i, uint64_t x)
{
    switch (w) {
    case 0: v->u8[i] = (uint8_t)x; break;
    case 1: v->u16[i] = (uint16_t)x; break;
    case 2: v->u32[i] = (uint32_t)x; break;
    default: v->u64[i] = x;
    }
}

/* Loads and stores (S_LOAD .. S_LANE_ST): the new stack end, or NULL when
 * the access is out of bounds. */
cell *simd_memory(uint32_t sub, uint8_t shape, const cell *imm, cell *sp,
                  uint8_t *mem, uint64_t memsize);
/* Float operators: binary ones 0xe4..0xf7 (but the unary 0xec, 0xed,
 * 0xef); unary ones return false when sub is not a float operator. */
void simd_float_binary(uint32_t sub, const v128 *a, const v128 *b, v128 *r);
bool simd_float_unary(uint32_t sub, const v128 *a, v128 *r);

#endif
