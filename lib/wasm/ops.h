/* SPDX-License-Identifier: MIT */
/*
 * wasm: internal opcodes. Numeric and memory-access instructions keep
 * their binary opcode (0x28..0x3e, 0x45..0xc4); control, variable, table
 * and bulk-memory instructions, whose immediates the translator resolves,
 * take the free numbers below 0x28; saturating truncations (0xfc 0..7)
 * become 0xe0..0xe7 and fused instructions start at 0xf0.
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
    OP_TRUNC_SAT = 0xe0, /* + 0..7 */
    /* fused: local.get a; local.get b; <binop> -> one instruction */
    OP_I32_ADD_LL = 0xf0, /* a, b */
    OP_I32_SUB_LL = 0xf1,
    OP_LOCAL_GET2 = 0xf2,    /* a, b: two pushes */
    OP_I32_ADD_LC = 0xf3,    /* local, constant */
    OP_BR_IF_EQZ = 0xf4,     /* i32.eqz; br_if */
    OP_LOCAL_SET_GET = 0xf5, /* local.set a; local.get b */
    OP_I32_LT_S_BR_IF = 0xf6,
    OP_COUNT = 0x100
};

#endif
