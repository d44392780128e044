/* SPDX-License-Identifier: MIT */
/*
 * wasm: validation and translation of the 0xfd (128-bit SIMD) instructions
 * (spec 3.3.3 for the typing rules, 5.4.8 for the encodings). Every one but
 * v128.const becomes OP_SIMD with its sub-opcode and immediates, run out of
 * line by simd.c, so the interpreter loop keeps its scalar handlers as they
 * were; v128.const pushes its two halves as two scalar constants.
 */
#include "lib/wasm/compile.h"
#include "lib/wasm/ops.h"
#include "lib/wasm/simd.h"

#include <string.h>

/* Rows of sub-opcodes lo..hi of one shape; arg: the natural alignment
 * (log2) of memory instructions, the lane count of lane instructions. */
static const struct {
    uint8_t lo, hi, shape, arg;
} rows[] = {
    {0x00, 0x00, S_LOAD, 4},     {0x01, 0x06, S_LOAD, 3},
    {0x07, 0x07, S_LOAD, 0},     {0x08, 0x08, S_LOAD, 1},
    {0x09, 0x09, S_LOAD, 2},     {0x0a, 0x0a, S_LOAD, 3},
    {0x0b, 0x0b, S_STORE, 4},    {0x0c, 0x0c, S_CONST, 0},
    {0x0d, 0x0d, S_SHUFFLE, 0},  {0x0e, 0x0e, S_BIN, 0},
    {0x0f, 0x14, S_SPLAT, 0},    {0x15, 0x16, S_EXTRACT, 16},
    {0x17, 0x17, S_REPLACE, 16}, {0x18, 0x19, S_EXTRACT, 8},
    {0x1a, 0x1a, S_REPLACE, 8},  {0x1b, 0x1b, S_EXTRACT, 4},
    {0x1c, 0x1c, S_REPLACE, 4},  {0x1d, 0x1d, S_EXTRACT, 2},
    {0x1e, 0x1e, S_REPLACE, 2},  {0x1f, 0x1f, S_EXTRACT, 4},
    {0x20, 0x20, S_REPLACE, 4},  {0x21, 0x21, S_EXTRACT, 2},
    {0x22, 0x22, S_REPLACE, 2},  {0x23, 0x4c, S_BIN, 0},
    {0x4d, 0x4d, S_UN, 0},       {0x4e, 0x51, S_BIN, 0},
    {0x52, 0x52, S_TERN, 0},     {0x53, 0x53, S_TEST, 0},
    {0x54, 0x54, S_LANE_LD, 16}, {0x55, 0x55, S_LANE_LD, 8},
    {0x56, 0x56, S_LANE_LD, 4},  {0x57, 0x57, S_LANE_LD, 2},
    {0x58, 0x58, S_LANE_ST, 16}, {0x59, 0x59, S_LANE_ST, 8},
    {0x5a, 0x5a, S_LANE_ST, 4},  {0x5b, 0x5b, S_LANE_ST, 2},
    {0x5c, 0x5c, S_LOAD, 2},     {0x5d, 0x5d, S_LOAD, 3},
    {0x5e, 0x62, S_UN, 0},       {0x63, 0x64, S_TEST, 0},
    {0x65, 0x66, S_BIN, 0},      {0x67, 0x6a, S_UN, 0},
    {0x6b, 0x6d, S_SHIFT, 0},    {0x6e, 0x73, S_BIN, 0},
    {0x74, 0x75, S_UN, 0},       {0x76, 0x79, S_BIN, 0},
    {0x7a, 0x7a, S_UN, 0},       {0x7b, 0x7b, S_BIN, 0},
    {0x7c, 0x81, S_UN, 0},       {0x82, 0x82, S_BIN, 0},
    {0x83, 0x84, S_TEST, 0},     {0x85, 0x86, S_BIN, 0},
    {0x87, 0x8a, S_UN, 0},       {0x8b, 0x8d, S_SHIFT, 0},
    {0x8e, 0x93, S_BIN, 0},      {0x94, 0x94, S_UN, 0},
    {0x95, 0x99, S_BIN, 0},      {0x9b, 0x9f, S_BIN, 0},
    {0xa0, 0xa1, S_UN, 0},       {0xa3, 0xa4, S_TEST, 0},
    {0xa7, 0xaa, S_UN, 0},       {0xab, 0xad, S_SHIFT, 0},
    {0xae, 0xae, S_BIN, 0},      {0xb1, 0xb1, S_BIN, 0},
    {0xb5, 0xba, S_BIN, 0},      {0xbc, 0xbf, S_BIN, 0},
    {0xc0, 0xc1, S_UN, 0},       {0xc3, 0xc4, S_TEST, 0},
    {0xc7, 0xca, S_UN, 0},       {0xcb, 0xcd, S_SHIFT, 0},
    {0xce, 0xce, S_BIN, 0},      {0xd1, 0xd1, S_BIN, 0},
    {0xd5, 0xdf, S_BIN, 0},      {0xe0, 0xe1, S_UN, 0},
    {0xe3, 0xe3, S_UN, 0},       {0xe4, 0xeb, S_BIN, 0},
    {0xec, 0xed, S_UN, 0},       {0xef, 0xef, S_UN, 0},
    {0xf0, 0xf7, S_BIN, 0},      {0xf8, 0xff, S_UN, 0},
};

/* The scalar type of splat 0x0f..0x14 and of the lanes extracted or
 * replaced by 0x15..0x22. */
static uint8_t scalar_type(uint32_t sub)
{
    if (sub <= 0x14)
        sub = sub - 0x0f; /* i8 i16 i32 i64 f32 f64 */
    else
        sub = sub <= 0x1c ? 2 : sub <= 0x1e ? 3 : sub <= 0x20 ? 4 : 5;
    static const uint8_t t[] = {WASM_I32, WASM_I32, WASM_I32,
                                WASM_I64, WASM_F32, WASM_F64};
    return t[sub];
}

/* Emit OP_SIMD: the sub-opcode, its shape and the count of immediates
 * that follow. */
static void emit_simd(struct comp *c, uint32_t sub, uint8_t shape,
                      uint32_t nimm)
{
    cp_op(c, OP_SIMD);
    cp_emit(c, sub | (uint32_t)shape << 16 | (uint64_t)nimm << 32);
}

/* Read 16 immediate bytes (v128.const, i8x16.shuffle) as two cells. */
static int bytes16(struct comp *c, uint64_t half[2])
{
    const uint8_t *b = rd_bytes(&c->r, 16);
    if (!b)
        return cp_fail(c, "unexpected end (16-byte immediate)");
    memcpy(half, b, 16);
    return 0;
}

static int lane_index(struct comp *c, uint32_t lanes, uint8_t *lane)
{
    *lane = rd_u8(&c->r);
    if (c->r.failed)
        return cp_fail(c, "unexpected end (lane index)");
    if (*lane >= lanes)
        return cp_fail(c, "invalid lane index");
    return 0;
}

static int memory(struct comp *c, uint32_t sub, uint8_t shape, uint8_t arg)
{
    /* lane instructions: the access size follows from the lane count */
    static const uint8_t log2_of_lanes[17] = {
        [16] = 0, [8] = 1, [4] = 2, [2] = 3};
    bool lane = shape == S_LANE_LD || shape == S_LANE_ST;
    uint32_t offset = cp_memarg(c, lane ? log2_of_lanes[arg] : arg);
    uint8_t idx = 0;
    if (c->failed || (lane && lane_index(c, arg, &idx)))
        return -1;
    if (shape != S_LOAD)
        cp_pop(c, WASM_V128);
    cp_pop(c, WASM_I32);
    if (shape == S_LOAD || shape == S_LANE_LD)
        cp_push(c, WASM_V128);
    emit_simd(c, sub, shape, lane ? 2 : 1);
    cp_emit(c, offset);
    if (lane)
        cp_emit(c, idx);
    return 0;
}

int cp_simd(struct comp *c)
{
    uint32_t sub = rd_u32(&c->r);
    if (c->r.failed)
        return cp_fail(c, "unexpected end (0xfd sub-opcode)");
    uint8_t shape = S_BAD, arg = 0;
    for (size_t i = 0; i < sizeof rows / sizeof *rows && sub <= 0xff; i++)
        if (sub >= rows[i].lo && sub <= rows[i].hi)
            shape = rows[i].shape, arg = rows[i].arg;
    uint64_t half[2];
    uint8_t lane = 0;
    switch (shape) {
    case S_LOAD:
    case S_STORE:
    case S_LANE_LD:
    case S_LANE_ST: return memory(c, sub, shape, arg);
    case S_CONST:
        if (bytes16(c, half))
            return -1;
        cp_push(c, WASM_V128);
        cp_op(c, OP_CONST), cp_emit(c, half[0]);
        cp_op(c, OP_CONST), cp_emit(c, half[1]);
        return 0;
    case S_SHUFFLE:
        if (bytes16(c, half))
            return -1;
        for (int i = 0; i < 16; i++)
            if (((const uint8_t *)half)[i] >= 32)
                return cp_fail(c, "invalid lane index (shuffle)");
        cp_pop(c, WASM_V128), cp_pop(c, WASM_V128), cp_push(c, WASM_V128);
        emit_simd(c, sub, shape, 2);
        cp_emit(c, half[0]), cp_emit(c, half[1]);
        return 0;
    case S_SPLAT: cp_pop(c, scalar_type(sub)), cp_push(c, WASM_V128); break;
    case S_EXTRACT:
    case S_REPLACE:
        if (lane_index(c, arg, &lane))
            return -1;
        if (shape == S_REPLACE)
            cp_pop(c, scalar_type(sub));
        cp_pop(c, WASM_V128);
        cp_push(c, shape == S_REPLACE ? WASM_V128 : scalar_type(sub));
        emit_simd(c, sub, shape, 1);
        cp_emit(c, lane);
        return 0;
    case S_UN: cp_pop(c, WASM_V128), cp_push(c, WASM_V128); break;
    case S_BIN:
        cp_pop(c, WASM_V128), cp_pop(c, WASM_V128), cp_push(c, WASM_V128);
        break;
    case S_TERN:
        cp_pop(c, WASM_V128), cp_pop(c, WASM_V128), cp_pop(c, WASM_V128);
        cp_push(c, WASM_V128);
        break;
    case S_TEST: cp_pop(c, WASM_V128), cp_push(c, WASM_I32); break;
    case S_SHIFT:
        cp_pop(c, WASM_I32), cp_pop(c, WASM_V128), cp_push(c, WASM_V128);
        break;
    default: return cp_fail(c, "illegal opcode (0xfd prefix)");
    }
    emit_simd(c, sub, shape, 0);
    return 0;
}
