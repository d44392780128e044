/* SPDX-License-Identifier: MIT */
/*
 * wasm: the instruction switch of the validator/translator (spec 3.3 for
 * the typing rules, 5.4 for the encodings). Control instructions live in
 * control.c; this file has variables, memory, numeric and the 0xfc group.
 */
#include "lib/wasm/compile.h"
#include "lib/wasm/ops.h"

#include <string.h>

/* Operand and result types of the plain numeric instructions 0x45..0xc4
 * (a, b popped, r pushed; b == 0 for unary ones). */
static void numeric_sig(uint8_t op, uint8_t *a, uint8_t *b, uint8_t *r)
{
    static const struct {
        uint8_t lo, hi, a, b, r;
    } rows[] = {
        {0x45, 0x45, WASM_I32, 0, WASM_I32},
        {0x46, 0x4f, WASM_I32, WASM_I32, WASM_I32},
        {0x50, 0x50, WASM_I64, 0, WASM_I32},
        {0x51, 0x5a, WASM_I64, WASM_I64, WASM_I32},
        {0x5b, 0x60, WASM_F32, WASM_F32, WASM_I32},
        {0x61, 0x66, WASM_F64, WASM_F64, WASM_I32},
        {0x67, 0x69, WASM_I32, 0, WASM_I32},
        {0x6a, 0x78, WASM_I32, WASM_I32, WASM_I32},
        {0x79, 0x7b, WASM_I64, 0, WASM_I64},
        {0x7c, 0x8a, WASM_I64, WASM_I64, WASM_I64},
        {0x8b, 0x91, WASM_F32, 0, WASM_F32},
        {0x92, 0x98, WASM_F32, WASM_F32, WASM_F32},
        {0x99, 0x9f, WASM_F64, 0, WASM_F64},
        {0xa0, 0xa6, WASM_F64, WASM_F64, WASM_F64},
        {0xa7, 0xa7, WASM_I64, 0, WASM_I32},
        {0xa8, 0xa9, WASM_F32, 0, WASM_I32},
        {0xaa, 0xab, WASM_F64, 0, WASM_I32},
        {0xac, 0xad, WASM_I32, 0, WASM_I64},
        {0xae, 0xaf, WASM_F32, 0, WASM_I64},
        {0xb0, 0xb1, WASM_F64, 0, WASM_I64},
        {0xb2, 0xb3, WASM_I32, 0, WASM_F32},
        {0xb4, 0xb5, WASM_I64, 0, WASM_F32},
        {0xb6, 0xb6, WASM_F64, 0, WASM_F32},
        {0xb7, 0xb8, WASM_I32, 0, WASM_F64},
        {0xb9, 0xba, WASM_I64, 0, WASM_F64},
        {0xbb, 0xbb, WASM_F32, 0, WASM_F64},
        {0xbc, 0xbc, WASM_F32, 0, WASM_I32},
        {0xbd, 0xbd, WASM_F64, 0, WASM_I64},
        {0xbe, 0xbe, WASM_I32, 0, WASM_F32},
        {0xbf, 0xbf, WASM_I64, 0, WASM_F64},
        {0xc0, 0xc1, WASM_I32, 0, WASM_I32},
        {0xc2, 0xc4, WASM_I64, 0, WASM_I64},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (op >= rows[i].lo && op <= rows[i].hi) {
            *a = rows[i].a, *b = rows[i].b, *r = rows[i].r;
            return;
        }
}

static int numeric(struct comp *c, uint8_t op)
{
    uint8_t a = 0, b = 0, r = 0;
    numeric_sig(op, &a, &b, &r);
    if (b)
        cp_pop(c, b);
    cp_pop(c, a);
    cp_push(c, r);
    cp_op(c, op);
    return 0;
}

static uint32_t index_of(struct comp *c, uint32_t limit, const char *rule)
{
    uint32_t i = rd_u32(&c->r);
    if (c->r.failed)
        cp_fail(c, "unexpected end or malformed index");
    else if (i >= limit)
        cp_fail(c, rule);
    return i;
}

static void zero_byte(struct comp *c)
{
    if (rd_u8(&c->r) != 0 && !c->failed)
        cp_fail(c, "zero byte expected");
}

static int need_memory(struct comp *c)
{
    return c->m->nmems ? 0 : cp_fail(c, "unknown memory 0");
}

uint32_t cp_memarg(struct comp *c, uint32_t size_log2)
{
    uint32_t align = rd_u32(&c->r);
    uint32_t offset = rd_u32(&c->r);
    if (c->r.failed)
        cp_fail(c, "unexpected end (instruction immediate)");
    else if (!need_memory(c) && align > size_log2)
        cp_fail(c, "alignment must not be larger than natural");
    return offset;
}

/* Loads 0x28..0x35 and stores 0x36..0x3e: natural size and value type. */
static int memory_access(struct comp *c, uint8_t op)
{
    static const uint8_t size_log2[] = {2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1,
                                        2, 2, 2, 3, 2, 3, 0, 1, 0, 1, 2};
    static const uint8_t type[] = {
        WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_I32, WASM_I32,
        WASM_I32, WASM_I32, WASM_I64, WASM_I64, WASM_I64, WASM_I64,
        WASM_I64, WASM_I64, WASM_I32, WASM_I64, WASM_F32, WASM_F64,
        WASM_I32, WASM_I32, WASM_I64, WASM_I64, WASM_I64};
    uint32_t offset = cp_memarg(c, size_log2[op - 0x28]);
    if (c->failed)
        return -1;
    uint8_t t = type[op - 0x28];
    if (op <= 0x35) {
        cp_pop(c, WASM_I32);
        cp_push(c, t);
    } else {
        cp_pop(c, t);
        cp_pop(c, WASM_I32);
    }
    cp_op(c, op);
    cp_emit(c, offset);
    return 0;
}

static uint8_t table_type(struct comp *c, uint32_t t)
{
    return t < c->m->ntables ? c->m->tables[t].reftype : 0;
}

static int bulk_memory(struct comp *c, uint32_t sub)
{
    struct wasm_module *m = c->m;
    uint32_t a = 0;
    if (sub == 8 || sub == 9) {
        if (!m->has_datacount)
            return cp_fail(c, "data count section required");
        a = index_of(c, m->datacount, "unknown data segment");
    }
    if (sub != 9) {
        zero_byte(c);
        if (sub == 10)
            zero_byte(c);
        if (need_memory(c))
            return -1;
        cp_pop(c, WASM_I32);
        cp_pop(c, WASM_I32);
        cp_pop(c, WASM_I32);
    }
    static const uint8_t ops[] = {OP_MEMORY_INIT, OP_DATA_DROP, OP_MEMORY_COPY,
                                  OP_MEMORY_FILL};
    cp_op(c, ops[sub - 8]);
    if (sub <= 9)
        cp_emit(c, a);
    return 0;
}

static int bulk_table(struct comp *c, uint32_t sub)
{
    struct wasm_module *m = c->m;
    uint32_t a = 0, b = 0;
    if (sub == 12 || sub == 13)
        a = index_of(c, m->nelems, "unknown elem segment");
    if (sub != 13)
        b = index_of(c, m->ntables, "unknown table");
    if (sub == 14)
        a = b, b = index_of(c, m->ntables, "unknown table");
    if (c->r.failed)
        return -1;
    uint8_t rt = table_type(c, b);
    switch (sub) {
    case 12: /* table.init elem table */
        if (m->elems[a].reftype != rt)
            return cp_fail(c, "type mismatch (table.init)");
        cp_pop(c, WASM_I32), cp_pop(c, WASM_I32), cp_pop(c, WASM_I32);
        cp_op(c, OP_TABLE_INIT), cp_emit(c, a), cp_emit(c, b);
        break;
    case 13: cp_op(c, OP_ELEM_DROP), cp_emit(c, a); break;
    case 14: /* table.copy dst src */
        if (table_type(c, a) != rt)
            return cp_fail(c, "type mismatch (table.copy)");
        cp_pop(c, WASM_I32), cp_pop(c, WASM_I32), cp_pop(c, WASM_I32);
        cp_op(c, OP_TABLE_COPY), cp_emit(c, a), cp_emit(c, b);
        break;
    case 15:
        cp_pop(c, WASM_I32), cp_pop(c, rt), cp_push(c, WASM_I32);
        cp_op(c, OP_TABLE_GROW), cp_emit(c, b);
        break;
    case 16:
        cp_push(c, WASM_I32);
        cp_op(c, OP_TABLE_SIZE), cp_emit(c, b);
        break;
    default: /* 17 table.fill */
        cp_pop(c, WASM_I32), cp_pop(c, rt), cp_pop(c, WASM_I32);
        cp_op(c, OP_TABLE_FILL), cp_emit(c, b);
    }
    return 0;
}

static int prefix_fc(struct comp *c)
{
    uint32_t sub = rd_u32(&c->r);
    if (c->r.failed)
        return -1;
    if (sub <= 7) {
        cp_pop(c, (sub & 2) ? WASM_F64 : WASM_F32);
        cp_push(c, sub < 4 ? WASM_I32 : WASM_I64);
        cp_op(c, OP_TRUNC_SAT + sub);
        return 0;
    }
    if (sub <= 11)
        return bulk_memory(c, sub);
    if (sub <= 17)
        return bulk_table(c, sub);
    return cp_fail(c, "illegal opcode (0xfc prefix)");
}

/* A v128 local is two slot locals: get pushes both halves, set pops the
 * high one first; tee is set and get. */
static int v128_local(struct comp *c, uint8_t op, uint32_t x)
{
    if (op != 0x20) {
        cp_op(c, OP_LOCAL_SET), cp_emit(c, x + 1);
        cp_op(c, OP_LOCAL_SET), cp_emit(c, x);
    }
    if (op != 0x21) {
        cp_op(c, OP_LOCAL_GET), cp_emit(c, x);
        cp_op(c, OP_LOCAL_GET), cp_emit(c, x + 1);
    }
    return 0;
}

static int variable(struct comp *c, uint8_t op)
{
    struct wasm_module *m = c->m;
    uint32_t i;
    if (op <= 0x22) {
        i = index_of(c, c->nlocals, "unknown local");
        if (c->failed)
            return -1;
        uint8_t t = c->local_types[i];
        if (op == 0x20) {
            cp_push(c, t);
        } else {
            cp_pop(c, t);
            if (op == 0x22)
                cp_push(c, t);
        }
        if (t == WASM_V128)
            return v128_local(c, op, c->local_slot[i]);
        cp_op(c, op == 0x20   ? OP_LOCAL_GET
                 : op == 0x21 ? OP_LOCAL_SET
                              : OP_LOCAL_TEE);
        cp_emit(c, c->local_slot[i]);
        return 0;
    }
    if (op <= 0x24) {
        i = index_of(c, m->nglobals, "unknown global");
        if (c->failed)
            return -1;
        if (op == 0x23) {
            cp_push(c, m->globals[i].type);
        } else {
            if (!m->globals[i].mut)
                return cp_fail(c, "global is immutable");
            cp_pop(c, m->globals[i].type);
        }
        bool v = m->globals[i].type == WASM_V128;
        cp_op(c, op == 0x23 ? (v ? OP_GLOBAL_GET2 : OP_GLOBAL_GET)
                            : (v ? OP_GLOBAL_SET2 : OP_GLOBAL_SET));
        cp_emit(c, i);
        return 0;
    }
    i = index_of(c, m->ntables, "unknown table");
    if (c->failed)
        return -1;
    uint8_t rt = m->tables[i].reftype;
    if (op == 0x25) {
        cp_pop(c, WASM_I32);
        cp_push(c, rt);
    } else {
        cp_pop(c, rt);
        cp_pop(c, WASM_I32);
    }
    cp_op(c, op == 0x25 ? OP_TABLE_GET : OP_TABLE_SET);
    cp_emit(c, i);
    return 0;
}

static int constant(struct comp *c, uint8_t op)
{
    uint64_t v = 0;
    uint32_t f32 = 0;
    const uint8_t *b;
    switch (op) {
    case 0x41: v = (uint32_t)rd_s32(&c->r), cp_push(c, WASM_I32); break;
    case 0x42: v = (uint64_t)rd_s64(&c->r), cp_push(c, WASM_I64); break;
    case 0x43:
        if ((b = rd_bytes(&c->r, 4)))
            memcpy(&f32, b, 4);
        v = f32;
        cp_push(c, WASM_F32);
        break;
    default:
        if ((b = rd_bytes(&c->r, 8)))
            memcpy(&v, b, 8);
        cp_push(c, WASM_F64);
    }
    if (c->r.failed)
        return cp_fail(c, "unexpected end (constant)");
    cp_op(c, OP_CONST);
    cp_emit(c, v);
    return 0;
}

static int reference(struct comp *c, uint8_t op)
{
    if (op == 0xd0) {
        uint8_t t = rd_u8(&c->r);
        if (!wasm_is_reftype(t))
            return cp_fail(c, "malformed reference type");
        cp_push(c, t);
        cp_op(c, OP_CONST);
        cp_emit(c, 0);
    } else if (op == 0xd1) {
        uint8_t t = cp_pop(c, 0);
        if (t && !wasm_is_reftype(t))
            return cp_fail(c, "type mismatch (ref.is_null of a number)");
        cp_push(c, WASM_I32);
        cp_op(c, 0x50); /* i64.eqz: null is all-zero bits */
    } else {
        uint32_t i = index_of(c, c->m->nfuncs, "unknown function");
        if (c->failed)
            return -1;
        if (!c->m->declared_funcs[i])
            return cp_fail(c, "undeclared function reference");
        cp_push(c, WASM_FUNCREF);
        cp_op(c, OP_REF_FUNC);
        cp_emit(c, i);
    }
    return 0;
}

static int parametric(struct comp *c, uint8_t op)
{
    if (op == 0x1a) {
        if (cp_pop(c, 0) == WASM_V128)
            cp_op(c, OP_DROP);
        cp_op(c, OP_DROP);
        return 0;
    }
    uint8_t want = 0;
    if (op == 0x1c) {
        if (rd_u32(&c->r) != 1)
            return cp_fail(c, "invalid result arity (typed select)");
        want = rd_u8(&c->r);
        if (!wasm_is_valtype(want))
            return cp_fail(c, "malformed value type (select)");
    }
    cp_pop(c, WASM_I32);
    uint8_t t1 = cp_pop(c, want), t2 = cp_pop(c, want);
    if (!want && ((t1 && wasm_is_reftype(t1)) || (t2 && wasm_is_reftype(t2))))
        return cp_fail(c, "type mismatch (untyped select of references)");
    if (t1 && t2 && t1 != t2)
        return cp_fail(c, "type mismatch (select operands differ)");
    uint8_t t = want ? want : t1 ? t1 : t2;
    cp_push(c, t);
    cp_op(c, t == WASM_V128 ? OP_SELECT2 : OP_SELECT);
    return 0;
}

int cp_instr(struct comp *c, uint8_t op)
{
    if (op == 0x1a || op == 0x1b || op == 0x1c)
        return parametric(c, op);
    if (op >= 0x20 && op <= 0x26)
        return variable(c, op);
    if (op >= 0x28 && op <= 0x3e)
        return memory_access(c, op);
    if (op == 0x3f || op == 0x40) {
        zero_byte(c);
        if (need_memory(c))
            return -1;
        if (op == 0x40)
            cp_pop(c, WASM_I32);
        cp_push(c, WASM_I32);
        cp_op(c, op == 0x3f ? OP_MEMORY_SIZE : OP_MEMORY_GROW);
        return 0;
    }
    if (op >= 0x41 && op <= 0x44)
        return constant(c, op);
    if (op >= 0x45 && op <= 0xc4)
        return numeric(c, op);
    if (op >= 0xd0 && op <= 0xd2)
        return reference(c, op);
    if (op == 0xfc)
        return prefix_fc(c);
    if (op == 0xfd)
        return cp_simd(c);
    return cp_fail(c, "illegal opcode");
}
