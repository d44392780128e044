/* SPDX-License-Identifier: MIT */
/*
 * wasm: control instructions of the validator/translator (spec 3.3.8).
 * Blocks emit no code; branches carry a resolved offset and, when the
 * values they carry are not already in place, the slot they move to.
 * Forward branches are chained through their offset cells and patched at
 * the block's end (or at else, for an if's false edge).
 */
#include "lib/wasm/compile.h"
#include "lib/wasm/ops.h"

#include <string.h>

static struct ctl *top(struct comp *c)
{
    return &c->ctls[c->nctl - 1];
}

static struct ctl *label(struct comp *c)
{
    uint32_t depth = rd_u32(&c->r);
    if (c->r.failed)
        return NULL;
    if (depth >= c->nctl) {
        cp_fail(c, "unknown label");
        return NULL;
    }
    return &c->ctls[c->nctl - 1 - depth];
}

static int block(struct comp *c, uint8_t op)
{
    struct ctl f;
    if (op == 0x04)
        cp_pop(c, WASM_I32);
    if (cp_blocktype(c, &f))
        return -1;
    cp_pop_n(c, f.params, f.nparams);
    cp_push_n(c, f.params, f.nparams);
    bool live = cp_live(c);
    uint32_t at = 0;
    if (op == 0x04 && live) {
        cp_op(c, OP_BR_UNLESS);
        at = cp_emit(c, UINT32_MAX);
    }
    cp_push_ctl(c, op == 0x02 ? CTL_BLOCK : op == 0x03 ? CTL_LOOP : CTL_IF, &f);
    if (c->failed)
        return -1;
    if (op == 0x04 && live)
        top(c)->else_fixup = at;
    if (op == 0x03) {
        c->barrier = c->nops;
        if (c->m->rt->cfg.fuel)
            cp_op(c, OP_FUEL);
    }
    return 0;
}

static int else_(struct comp *c)
{
    struct ctl *f = top(c);
    if (f->kind != CTL_IF)
        return cp_fail(c, "else without matching if");
    cp_check_end(c, f->results, f->nresults);
    if (cp_live(c)) {
        cp_op(c, OP_BR);
        cp_emit_target(c, f);
    }
    cp_patch(c, f->else_fixup, c->nops);
    f->else_fixup = UINT32_MAX;
    c->barrier = c->nops;
    f->kind = CTL_ELSE;
    f->unreachable = false;
    f->dead_code = false;
    c->ntypes = f->height;
    cp_push_n(c, f->params, f->nparams);
    return 0;
}

/* Returns 1 at the function's end, 0 otherwise, -1 on error. */
static int end(struct comp *c)
{
    struct ctl *f = top(c);
    if (f->kind == CTL_IF && (f->nparams != f->nresults ||
                              memcmp(f->params, f->results, f->nparams)))
        return cp_fail(c, "type mismatch (if without else must leave its "
                          "parameters as its results)");
    cp_check_end(c, f->results, f->nresults);
    if (c->failed)
        return -1;
    bool live_after =
        !f->dead_entry && (cp_live(c) || f->branched || f->kind == CTL_IF);
    cp_patch(c, f->fixup, c->nops);
    cp_patch(c, f->else_fixup, c->nops);
    c->barrier = c->nops;
    if (f->kind == CTL_FUNC) {
        if (live_after) {
            f->unreachable = false;
            f->dead_code = false;
            cp_op(c, OP_RETURN);
            cp_emit(c, wasm_slots(f->results, f->nresults));
        }
        c->nctl--;
        return 1;
    }
    struct ctl done = *f;
    c->nctl--;
    cp_push_n(c, done.results, done.nresults);
    if (!live_after)
        top(c)->dead_code = true;
    return 0;
}

/* br and br_if: the validation pops are made after the emission, whose
 * stack height must include the carried values. */
static int br(struct comp *c, uint8_t op)
{
    if (op == 0x0d)
        cp_pop(c, WASM_I32);
    struct ctl *l = label(c);
    if (!l)
        return -1;
    const uint8_t *types;
    uint32_t n = cp_label_arity(l, &types);
    uint32_t slots = wasm_slots(types, n);
    if (cp_live(c)) {
        bool move = cp_needs_move(c, l, slots);
        if (op == 0x0c) {
            cp_op(c, move ? OP_BR_MOVE : OP_BR);
        } else if (!move && cp_prev_is(c, 0x45, 0)) {
            c->nops--; /* i32.eqz; br_if -> branch unless */
            c->last_op = OP_NONE;
            cp_op(c, OP_BR_UNLESS);
        } else if (!move && c->last_op >= 0x46 + OP_FUSE_LOCAL &&
                   c->last_op <= 0x4f + OP_FUSE_CONST &&
                   (c->last_op <= 0x4f + OP_FUSE_LOCAL ||
                    c->last_op >= 0x46 + OP_FUSE_CONST) &&
                   cp_prev_is(c, c->last_op, 1)) {
            /* compare with a local or constant; br_if -> one branch */
            unsigned op2 = c->last_op >= 0x46 + OP_FUSE_CONST
                               ? c->last_op - OP_FUSE_CONST + OP_CMP_CONST_BR
                               : c->last_op - OP_FUSE_LOCAL + OP_CMP_LOCAL_BR;
            c->ops[c->last_at].p = wasm_handler(op2);
            c->last_op = op2;
        } else {
            cp_op(c, move ? OP_BR_IF_MOVE : OP_BR_IF);
        }
        uint64_t info = cp_move_info(c, l, slots);
        cp_emit_target(c, l);
        if (move)
            cp_emit(c, info);
    }
    cp_pop_n(c, types, n);
    if (op == 0x0c) {
        cp_set_unreachable(c);
    } else {
        cp_push_n(c, types, n);
    }
    return 0;
}

static int br_table(struct comp *c)
{
    uint32_t n = rd_u32(&c->r);
    if (c->r.failed || n > (size_t)(c->r.end - c->r.p))
        return cp_fail(c, "unexpected end (br_table)");
    const uint8_t *start = c->r.p;
    for (uint32_t i = 0; i <= n; i++) /* check the labels first */
        if (!label(c))
            return -1;
    cp_pop(c, WASM_I32);
    bool live = cp_live(c);
    if (live) {
        cp_op(c, OP_BR_TABLE);
        cp_emit(c, n);
    }
    c->r.p = start;
    const uint8_t *dtypes = NULL;
    uint32_t darity = 0;
    for (uint32_t i = 0; i <= n; i++) {
        struct ctl *l = label(c);
        if (!l)
            return -1;
        const uint8_t *types;
        uint32_t a = cp_label_arity(l, &types);
        if (i == 0) {
            darity = a, dtypes = types;
        } else if (a != darity) {
            return cp_fail(c, "type mismatch (br_table label arities "
                              "differ)");
        }
        if (live) {
            uint64_t info = cp_move_info(c, l, wasm_slots(types, a));
            cp_emit_target(c, l);
            cp_emit(c, info);
        }
        /* Each label's types must match the operands (peek). */
        uint32_t h = c->ntypes;
        cp_pop_n(c, types, a);
        if (c->ntypes != h) {
            c->ntypes = h;
        }
    }
    (void)dtypes;
    cp_pop_n(c, dtypes, darity);
    cp_set_unreachable(c);
    return 0;
}

static int call(struct comp *c, uint8_t op)
{
    struct wasm_module *m = c->m;
    const struct functype *t;
    uint32_t a = rd_u32(&c->r), b = 0;
    if (op == 0x11)
        b = rd_u32(&c->r);
    if (c->r.failed)
        return -1;
    if (op == 0x10) {
        if (a >= m->nfuncs)
            return cp_fail(c, "unknown function");
        t = &m->types[m->functypes[a]];
    } else {
        if (b >= m->ntables)
            return cp_fail(c, "unknown table");
        if (a >= m->ntypes)
            return cp_fail(c, "unknown type");
        if (m->tables[b].reftype != WASM_FUNCREF)
            return cp_fail(c, "type mismatch (call_indirect table is not "
                              "funcref)");
        t = &m->types[a];
        cp_pop(c, WASM_I32);
    }
    cp_pop_n(c, t->types, t->nparams);
    cp_push_n(c, t->types + t->nparams, t->nresults);
    cp_op(c, op == 0x10 ? OP_CALL : OP_CALL_INDIRECT);
    cp_emit(c, a);
    if (op == 0x11)
        cp_emit(c, b);
    return 0;
}

int cp_body(struct comp *c)
{
    while (!c->failed) {
        if (c->r.p >= c->r.end)
            return cp_fail(c, "unexpected end (function body without end)");
        c->at = c->r.p;
        uint8_t op = *c->r.p++;
        int rc = 0;
        switch (op) {
        case 0x00:
            cp_op(c, OP_UNREACHABLE);
            cp_set_unreachable(c);
            break;
        case 0x01: break;
        case 0x02:
        case 0x03:
        case 0x04: rc = block(c, op); break;
        case 0x05: rc = else_(c); break;
        case 0x0b:
            rc = end(c);
            if (rc == 1)
                return 0;
            break;
        case 0x0c:
        case 0x0d: rc = br(c, op); break;
        case 0x0e: rc = br_table(c); break;
        case 0x0f: {
            struct ctl *f = &c->ctls[0];
            cp_op(c, OP_RETURN);
            cp_emit(c, wasm_slots(f->results, f->nresults));
            cp_pop_n(c, f->results, f->nresults);
            cp_set_unreachable(c);
            break;
        }
        case 0x10:
        case 0x11: rc = call(c, op); break;
        default: rc = cp_instr(c, op);
        }
        if (rc < 0)
            return -1;
        if (c->r.failed) /* a read ran past the body */
            return cp_fail(c, "unexpected end (instruction immediate)");
    }
    return -1;
}
