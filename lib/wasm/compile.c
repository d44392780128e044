/* SPDX-License-Identifier: MIT */
/*
 * wasm: function-body validation (spec 3.3, the algorithm of the spec's
 * appendix "Validation Algorithm") fused with translation to internal code.
 * One pass keeps an operand type stack and a control stack; a v128 is
 * pushed as two entries (a filler, then WASM_V128), as it takes two slots,
 * so the type stack height is also the runtime stack height, and branch
 * targets and the values a branch must move are resolved here once.
 * Unreachable code is validated but not emitted.
 */
#include "lib/wasm/compile.h"

#include "lib/wasm/ops.h"

#include <string.h>

static const uint8_t valtypes[] = {WASM_I32,      WASM_I64,  WASM_F32,
                                   WASM_F64,      WASM_V128, WASM_FUNCREF,
                                   WASM_EXTERNREF};

int cp_fail(struct comp *c, const char *rule)
{
    if (!c->failed)
        wasm_err(c->err, "code section, function %u, offset 0x%zx: %s", c->func,
                 (size_t)(c->at - c->file_base), rule);
    c->failed = true;
    c->r.failed = true;
    c->r.p = c->r.end;
    return -1;
}

static void *grow_arr(struct comp *c, void *arr, uint32_t *cap, uint32_t need,
                      size_t size)
{
    if (need <= *cap)
        return arr;
    uint32_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *p = wasm_realloc(c->m->rt, arr, (size_t)n * size);
    if (!p) {
        cp_fail(c, "out of memory");
        return NULL;
    }
    *cap = n;
    return p;
}

bool cp_live(const struct comp *c)
{
    const struct ctl *f = &c->ctls[c->nctl - 1];
    return !f->unreachable && !f->dead_entry && !f->dead_code && !c->failed;
}

/* Append one cell; returns its index (emission is skipped when the code
 * cannot run). */
uint32_t cp_emit(struct comp *c, uint64_t v)
{
    if (!cp_live(c))
        return 0;
    cell *ops = grow_arr(c, c->ops, &c->ops_cap, c->nops + 1, sizeof(cell));
    if (!ops)
        return 0;
    c->ops = ops;
    c->ops[c->nops].u = v;
    return c->nops++;
}

/* i32 operators with fused forms (see ops.h): they cannot trap. */
static bool fusable(unsigned op)
{
    return (op >= 0x46 && op <= 0x4f) || (op >= 0x6a && op <= 0x6c) ||
           (op >= 0x71 && op <= 0x78);
}

/* Whether the instruction just emitted, with one immediate, can be merged
 * into the next: no branch lands between them. */
bool cp_prev_is(const struct comp *c, unsigned op, uint32_t nimm)
{
    return c->last_op == op && c->nops >= 1 + nimm &&
           c->last_at == c->nops - 1 - nimm && c->last_at >= c->barrier &&
           cp_live(c);
}

void cp_op(struct comp *c, unsigned op)
{
    if (!cp_live(c))
        return;
    if (fusable(op) &&
        (cp_prev_is(c, OP_LOCAL_GET, 1) || cp_prev_is(c, OP_CONST, 1))) {
        /* The operand's push becomes the operator's immediate. */
        op += c->last_op == OP_LOCAL_GET ? OP_FUSE_LOCAL : OP_FUSE_CONST;
        c->ops[c->last_at].p = wasm_handler(op);
        c->last_op = op;
        if (c->prev_op == OP_LOCAL_GET && c->prev_at + 2 == c->last_at &&
            c->prev_at >= c->barrier) {
            /* local.get a; (i32.const c | local.get b); X -> one push */
            op += op >= OP_FUSE_CONST + 0x46 ? OP_FUSE_LC - OP_FUSE_CONST
                                             : OP_FUSE_LL - OP_FUSE_LOCAL;
            c->ops[c->prev_at].p = wasm_handler(op);
            c->ops[c->prev_at + 2] = c->ops[c->last_at + 1];
            c->nops = c->prev_at + 3;
            c->last_at = c->prev_at;
            c->last_op = op;
            c->prev_op = OP_NONE;
        }
        return;
    }
    if ((op == OP_LOCAL_SET || op == OP_LOCAL_TEE) &&
        cp_prev_is(c, OP_ADD_LC, 2)) {
        /* ... then local.set x: the caller appends x */
        op = op == OP_LOCAL_SET ? OP_ADD_LC_SET : OP_ADD_LC_TEE;
        c->ops[c->last_at].p = wasm_handler(op);
        c->last_op = op;
        return;
    }
    if (op == OP_LOCAL_TEE && cp_prev_is(c, OP_ADD_LL, 2)) {
        /* local.get a; local.get b; i32.add; local.tee x: the caller
         * appends x */
        c->ops[c->last_at].p = wasm_handler(OP_ADD_LL_TEE);
        c->last_op = OP_ADD_LL_TEE;
        return;
    }
    if (op >= 0x28 && op <= 0x35 && cp_prev_is(c, OP_ADD_LC, 2)) {
        /* local.get a; i32.const c; i32.add; load: the caller appends the
         * offset */
        op += OP_LOAD_LC;
        c->ops[c->last_at].p = wasm_handler(op);
        c->last_op = op;
        return;
    }
    if (op == OP_LOCAL_SET && cp_prev_is(c, OP_LOCAL_GET, 1)) {
        /* local.get a; local.set x: the caller appends x */
        c->ops[c->last_at].p = wasm_handler(OP_LOCAL_COPY);
        c->last_op = OP_LOCAL_COPY;
        return;
    }
    if (op == OP_LOCAL_GET && cp_prev_is(c, OP_LOCAL_SET, 1)) {
        /* local.set x; local.get a: the caller appends a */
        c->ops[c->last_at].p = wasm_handler(OP_LOCAL_SET_GET);
        c->last_op = OP_LOCAL_SET_GET;
        return;
    }
    if (op >= 0x28 && op <= 0x35 && cp_prev_is(c, OP_LOCAL_GET, 1)) {
        /* local.get a; load: the caller appends the offset */
        op += OP_LOAD_LOCAL;
        c->ops[c->last_at].p = wasm_handler(op);
        c->last_op = op;
        return;
    }
    c->prev_at = c->last_at;
    c->prev_op = c->last_op;
    c->last_at = cp_emit(c, (uint64_t)(uintptr_t)wasm_handler(op));
    c->last_op = op;
}

void cp_push(struct comp *c, uint8_t t)
{
    uint8_t *s = grow_arr(c, c->types, &c->types_cap, c->ntypes + 2, 1);
    if (!s)
        return;
    c->types = s;
    if (t == WASM_V128)
        c->types[c->ntypes++] = TYPE_V128_HI;
    c->types[c->ntypes++] = t;
    if (c->ntypes > c->maxstack)
        c->maxstack = c->ntypes;
}

/* Pop one operand of type want (0 accepts any); returns its type, 0 for
 * the polymorphic bottom of unreachable code. */
uint8_t cp_pop(struct comp *c, uint8_t want)
{
    struct ctl *f = &c->ctls[c->nctl - 1];
    if (c->ntypes == f->height) {
        if (!f->unreachable)
            cp_fail(c, "type mismatch (operand stack empty)");
        return 0;
    }
    uint8_t got = c->types[--c->ntypes];
    if (got == WASM_V128)
        c->ntypes--; /* its filler: both slots go together */
    if (want && got && got != want)
        cp_fail(c, "type mismatch");
    return got;
}

void cp_pop_n(struct comp *c, const uint8_t *t, uint32_t n)
{
    while (n--)
        cp_pop(c, t[n]);
}

void cp_push_n(struct comp *c, const uint8_t *t, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        cp_push(c, t[i]);
}

void cp_set_unreachable(struct comp *c)
{
    struct ctl *f = &c->ctls[c->nctl - 1];
    c->ntypes = f->height;
    f->unreachable = true;
}

/* Read a block type (spec 5.4.1): empty, one value type or a type index. */
int cp_blocktype(struct comp *c, struct ctl *f)
{
    int64_t bt = rd_s33(&c->r);
    if (c->r.failed)
        return cp_fail(c, "malformed block type");
    f->params = f->results = valtypes;
    f->nparams = f->nresults = 0;
    if (bt == -64) /* 0x40 */
        return 0;
    if (bt < 0) {
        uint8_t t = (uint8_t)(bt & 0x7f);
        for (size_t i = 0; i < sizeof valtypes; i++)
            if (valtypes[i] == t) {
                f->results = &valtypes[i];
                f->nresults = 1;
                return 0;
            }
        return cp_fail(c, "malformed value type (block type)");
    }
    if ((uint64_t)bt >= c->m->ntypes)
        return cp_fail(c, "unknown type (block type)");
    const struct functype *t = &c->m->types[bt];
    f->params = t->types, f->nparams = t->nparams;
    f->results = t->types + t->nparams, f->nresults = t->nresults;
    return 0;
}

void cp_push_ctl(struct comp *c, uint8_t kind, const struct ctl *proto)
{
    struct ctl *s =
        grow_arr(c, c->ctls, &c->ctls_cap, c->nctl + 1, sizeof *c->ctls);
    if (!s)
        return;
    c->ctls = s;
    bool dead = c->nctl ? !cp_live(c) : false;
    struct ctl *f = &c->ctls[c->nctl++];
    *f = *proto;
    f->kind = kind;
    /* params already pushed */
    f->height = c->ntypes - wasm_slots(f->params, f->nparams);
    f->unreachable = false;
    f->dead_entry = dead;
    f->branched = false;
    f->dead_code = false;
    f->fixup = f->else_fixup = UINT32_MAX;
    f->label_pc = c->nops;
}

/* Values a branch to f carries: a loop's parameters, else its results. */
uint32_t cp_label_arity(const struct ctl *f, const uint8_t **types)
{
    if (f->kind == CTL_LOOP) {
        *types = f->params;
        return f->nparams;
    }
    *types = f->results;
    return f->nresults;
}

/* Emit the target cell of a branch to f: a resolved backward offset for
 * loops, else a link in f's chain of forward references. */
void cp_emit_target(struct comp *c, struct ctl *f)
{
    if (!cp_live(c))
        return;
    if (f->kind == CTL_LOOP) {
        cp_emit(c, (uint64_t)((int64_t)f->label_pc - (int64_t)c->nops));
        return;
    }
    uint32_t at = cp_emit(c, f->fixup);
    if (!c->failed)
        f->fixup = at;
    f->branched = true;
}

void cp_patch(struct comp *c, uint32_t chain, uint32_t target)
{
    while (chain != UINT32_MAX && !c->failed) {
        uint32_t next = (uint32_t)c->ops[chain].u;
        c->ops[chain].i = (int64_t)target - (int64_t)chain;
        chain = next;
    }
}

/* The move a branch to f needs: where its values go and how many slots
 * (slots: the label's values, counted by wasm_slots). */
uint64_t cp_move_info(const struct comp *c, const struct ctl *f, uint32_t slots)
{
    return (uint64_t)(c->local_slots + f->height) | (uint64_t)slots << 32;
}

bool cp_needs_move(const struct comp *c, const struct ctl *f, uint32_t slots)
{
    return c->ntypes - slots != f->height;
}

/* Check that the operand stack holds exactly the types t of frame f. */
void cp_check_end(struct comp *c, const uint8_t *t, uint32_t n)
{
    struct ctl *f = &c->ctls[c->nctl - 1];
    cp_pop_n(c, t, n);
    if (c->ntypes != f->height)
        cp_fail(c, "type mismatch (values remain at end of block)");
}

static int read_locals(struct comp *c, const struct functype *ft)
{
    uint32_t groups = rd_u32(&c->r);
    uint64_t total = ft->nparams;
    const uint8_t *start = c->r.p;
    for (uint32_t i = 0; i < groups && !c->r.failed; i++) {
        total += rd_u32(&c->r);
        rd_u8(&c->r);
        if (total > 50000)
            return cp_fail(c, "too many locals");
    }
    if (c->r.failed)
        return cp_fail(c, "unexpected end (locals)");
    c->local_types = wasm_alloc(c->m->rt, total);
    c->local_slot = wasm_alloc(c->m->rt, total * sizeof *c->local_slot);
    if (!c->local_types || !c->local_slot)
        return cp_fail(c, "out of memory");
    memcpy(c->local_types, ft->types, ft->nparams);
    c->nlocals = ft->nparams;
    c->r.p = start;
    for (uint32_t i = 0; i < groups; i++) {
        uint32_t n = rd_u32(&c->r);
        uint8_t t = rd_u8(&c->r);
        if (!wasm_is_valtype(t))
            return cp_fail(c, "malformed value type (local)");
        memset(c->local_types + c->nlocals, t, n);
        c->nlocals += n;
    }
    for (uint32_t i = 0; i < c->nlocals; i++) { /* prefix sums of widths */
        c->local_slot[i] = c->local_slots;
        c->local_slots += 1 + (c->local_types[i] == WASM_V128);
    }
    return 0;
}

/* The function's code at its exact size, out of the scratch buffer. */
static int copy_out(struct comp *c, struct code *code)
{
    code->ops = wasm_realloc(c->m->rt, NULL, (size_t)c->nops * sizeof(cell));
    if (!code->ops)
        return cp_fail(c, "out of memory");
    memcpy(code->ops, c->ops, (size_t)c->nops * sizeof(cell));
    code->nops = c->nops;
    return 0;
}

int wasm_compile(struct wasm_module *m, struct comp_scratch *s, uint32_t i,
                 const uint8_t *body, size_t len, const uint8_t *file_base,
                 struct werr *err)
{
    uint32_t fidx = m->nfunc_imports + i;
    const struct functype *ft = &m->types[m->functypes[fidx]];
    struct comp c = {.m = m,
                     .err = err,
                     .func = fidx,
                     .file_base = file_base,
                     .ops = s->ops,
                     .ops_cap = s->ops_cap,
                     .types = s->types,
                     .types_cap = s->types_cap,
                     .ctls = s->ctls,
                     .ctls_cap = s->ctls_cap};
    c.r.base = file_base;
    c.r.p = body;
    c.r.end = body + len;
    c.r.err = err;
    c.r.section = "code";
    c.at = body;
    int rc = -1;
    if (read_locals(&c, ft))
        goto out;
    struct ctl fn = {.params = ft->types,
                     .nparams = 0,
                     .results = ft->types + ft->nparams,
                     .nresults = ft->nresults};
    cp_push_ctl(&c, CTL_FUNC, &fn);
    if (cp_body(&c))
        goto out;
    if (c.r.p != c.r.end)
        cp_fail(&c, "section size mismatch (bytes after the function's end)");
    if (c.failed)
        goto out;
    struct code *code = &m->codes[i];
    if (copy_out(&c, code))
        goto out;
    code->nlocals = c.local_slots;
    code->nparams = ft->pslots;
    code->nresults = ft->rslots;
    code->maxstack = c.maxstack + 4;
    rc = 0;
out:
    s->ops = c.ops, s->ops_cap = c.ops_cap;
    s->types = c.types, s->types_cap = c.types_cap;
    s->ctls = c.ctls, s->ctls_cap = c.ctls_cap;
    wasm_free(m->rt, c.local_types);
    wasm_free(m->rt, c.local_slot);
    return rc;
}

void wasm_compile_done(struct wasm_module *m, struct comp_scratch *s)
{
    wasm_free(m->rt, s->ops);
    wasm_free(m->rt, s->types);
    wasm_free(m->rt, s->ctls);
}
