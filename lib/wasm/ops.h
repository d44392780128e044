/* SPDX-License-Identifier: MIT */
/*
 * wasm: internal opcodes. Numeric and memory-access instructions keep
 * their binary opcode (0x28..0x3e, 0x45..0xc4); control, variable, table
 * and bulk-memory instructions, whose immediates the translator resolves,
 * take the free numbers below 0x28; saturating truncations (0xfc 0..7)
 * become 0xe0..0xe7; fused instructions are numbered from 0x100. All
 * 0xfd (SIMD) instructions are one, OP_SIMD, run out of the loop.
 */
#ifndef SKIFF_WASM_OPS_H
#define SKIFF_WASM_OPS_H

enum {
    OP_UNREACHABLE = 0x00,
    OP_BR = 0x02,            /* off */
    OP_BR_MOVE = 0x03,       /* off, (dst slot, arity) */
    OP_BR_IF = 0x04,         /* off */
    OP_BR_IF_MOVE = 0x05,    /* off, (dst, arity) */
    OP_BR_UNLESS = 0x06,     /* off */
    OP_BR_TABLE = 0x07,      /* n, then n+1 times: off, (dst, arity) */
    OP_RETURN = 0x08,        /* nresults */
    OP_CALL = 0x09,          /* function index */
    OP_CALL_INDIRECT = 0x0a, /* type index, table index */
    OP_DROP = 0x0b,
    OP_SELECT = 0x0c,
    OP_LOCAL_GET = 0x0d, /* slot */
    OP_LOCAL_SET = 0x0e,
    OP_LOCAL_TEE = 0x0f,
    OP_GLOBAL_GET = 0x10, /* global index */
    OP_GLOBAL_SET = 0x11,
    OP_TABLE_GET = 0x12, /* table index */
    OP_TABLE_SET = 0x13,
    OP_CONST = 0x14,    /* value bits */
    OP_REF_FUNC = 0x15, /* function index */
    OP_FUEL = 0x16,
    OP_MEMORY_SIZE = 0x17,
    OP_MEMORY_GROW = 0x18,
    OP_MEMORY_INIT = 0x19, /* data index */
    OP_DATA_DROP = 0x1a,
    OP_MEMORY_COPY = 0x1b,
    OP_MEMORY_FILL = 0x1c,
    OP_TABLE_INIT = 0x1d, /* elem index, table index */
    OP_ELEM_DROP = 0x1e,
    OP_TABLE_COPY = 0x1f, /* dst table, src table */
    OP_TABLE_GROW = 0x20,
    OP_TABLE_SIZE = 0x21,
    OP_TABLE_FILL = 0x22,
    OP_LOCAL_COPY = 0x23,    /* a, x: local.get a; local.set x */
    OP_LOCAL_SET_GET = 0x24, /* x, a: local.set x; local.get a */
    OP_SIMD = 0x25,          /* sub | nimm << 32, then nimm immediates */
    OP_SELECT2 = 0x26,       /* select of v128 (two slots each) */
    OP_GLOBAL_GET2 = 0xe8,   /* v128 globals: global index */
    OP_GLOBAL_SET2 = 0xe9,
    OP_TRUNC_SAT = 0xe0, /* + 0..7 */
    /* Fused forms of the i32 binary operators X that cannot trap: X + 0x100
     * takes its right operand from a local (local.get; X), X + 0x140 from
     * a constant (i32.const; X); the immediate is that local or constant. */
    OP_FUSE_LOCAL = 0x100,
    OP_FUSE_CONST = 0x140,
    /* i32 comparison X fused with the br_if after it: X + 0x17a compares
     * with a constant, X + 0x18a with a local (immediate, then target). */
    OP_CMP_CONST_BR = 0x17a,
    OP_CMP_LOCAL_BR = 0x18a,
    /* ... and with both operands fused: X + 0x200 pushes local a X
     * constant c, X + 0x240 local a X local b */
    OP_FUSE_LC = 0x200,
    OP_FUSE_LL = 0x240,
    OP_ADD_LC = 0x26a,     /* push local a + constant c */
    OP_ADD_LC_SET = 0x1e1, /* local x = local a + constant c */
    OP_ADD_LC_TEE = 0x1e2, /* the same, and push it */
    OP_ADD_LL = 0x2aa,     /* push local a + local b */
    OP_ADD_LL_TEE = 0x1e3, /* local x = local a + local b, and push it */
    /* loads X (0x28..0x35) with the address in a local: X + 0x1c8; with
     * the address local a + constant c (wrapped to 32 bits): X + 0x2c8 */
    OP_LOAD_LOCAL = 0x1c8,
    OP_LOAD_LC = 0x2c8,
    OP_COUNT = 0x300,
    OP_NONE = OP_COUNT /* no instruction (fusing history) */
};

#endif
