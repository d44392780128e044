/* SPDX-License-Identifier: MIT */
/*
 * wasm: the interpreter loop. Over the 500-line guideline on purpose: one
 * function holds every handler so that the virtual registers (pc, sp, fp,
 * memory base and size) stay in machine registers, and dispatch is one
 * indirect jump per instruction (direct threading through GCC/clang label
 * addresses; a switch elsewhere).
 *
 * Frames: a call's arguments are the top of the caller's stack; they become
 * the callee's first locals (fp), the declared locals follow, zeroed, then
 * its operand stack. Return copies the results to fp. Wasm-to-wasm calls
 * do not recurse in C; struct frame records the caller. Every access to
 * linear memory is bounds-checked against the current size.
 */
#include "lib/wasm/instance.h"
#include "lib/wasm/interp_ops.h"
#include "lib/wasm/ops.h"

#if defined(__GNUC__) && !defined(SKIFF_WASM_SWITCH)
#define THREADED 1
#define CASE(n)  L_##n:
#define NEXT()   goto *(pc++)->p
#else
#define CASE(n) case n:
#define NEXT()  goto dispatch
#endif

#define TRAP(t)                                                                \
    do {                                                                       \
        trap = (t);                                                            \
        goto out;                                                              \
    } while (0)

#define I32(c) ((uint32_t)(c).u)
#define S32(c) ((int32_t)(uint32_t)(c).u)
#define S64(c) ((int64_t)(c).u)

/* An i32 binary operator and its fused forms (see ops.h): right operand
 * from the stack (n), a local (nl) or a constant (nc); both operands from
 * the instruction: local and constant (nlc), two locals (nll). */
#define I32_BIN(n, nl, nc, nlc, nll, e)                                        \
    CASE(n)                                                                    \
    {                                                                          \
        uint32_t a = I32(sp[-2]), b = I32(sp[-1]);                             \
        sp--;                                                                  \
        sp[-1].u = (uint32_t)(e);                                              \
        NEXT();                                                                \
    }                                                                          \
    CASE(nl)                                                                   \
    {                                                                          \
        uint32_t a = I32(sp[-1]), b = I32(fp[(pc++)->u]);                      \
        sp[-1].u = (uint32_t)(e);                                              \
        NEXT();                                                                \
    }                                                                          \
    CASE(nc)                                                                   \
    {                                                                          \
        uint32_t a = I32(sp[-1]), b = (uint32_t)(pc++)->u;                     \
        sp[-1].u = (uint32_t)(e);                                              \
        NEXT();                                                                \
    }                                                                          \
    CASE(nlc)                                                                  \
    {                                                                          \
        uint32_t a = I32(fp[pc[0].u]), b = (uint32_t)pc[1].u;                  \
        pc += 2;                                                               \
        (sp++)->u = (uint32_t)(e);                                             \
        NEXT();                                                                \
    }                                                                          \
    CASE(nll)                                                                  \
    {                                                                          \
        uint32_t a = I32(fp[pc[0].u]), b = I32(fp[pc[1].u]);                   \
        pc += 2;                                                               \
        (sp++)->u = (uint32_t)(e);                                             \
        NEXT();                                                                \
    }
#define I64_BIN(n, e)                                                          \
    CASE(n)                                                                    \
    {                                                                          \
        uint64_t a = sp[-2].u, b = sp[-1].u;                                   \
        sp--;                                                                  \
        sp[-1].u = (e);                                                        \
        NEXT();                                                                \
    }
#define F32_BIN(n, e)                                                          \
    CASE(n)                                                                    \
    {                                                                          \
        float a = f32_of(sp[-2]), b = f32_of(sp[-1]);                          \
        sp--;                                                                  \
        sp[-1].u = bits_f32(e);                                                \
        NEXT();                                                                \
    }
#define F64_BIN(n, e)                                                          \
    CASE(n)                                                                    \
    {                                                                          \
        double a = f64_of(sp[-2]), b = f64_of(sp[-1]);                         \
        sp--;                                                                  \
        sp[-1].u = bits_f64(e);                                                \
        NEXT();                                                                \
    }
#define F32_CMP(n, e)                                                          \
    CASE(n)                                                                    \
    {                                                                          \
        float a = f32_of(sp[-2]), b = f32_of(sp[-1]);                          \
        sp--;                                                                  \
        sp[-1].u = (e);                                                        \
        NEXT();                                                                \
    }
#define F64_CMP(n, e)                                                          \
    CASE(n)                                                                    \
    {                                                                          \
        double a = f64_of(sp[-2]), b = f64_of(sp[-1]);                         \
        sp--;                                                                  \
        sp[-1].u = (e);                                                        \
        NEXT();                                                                \
    }
/* Unary: `get` reads the operand as a, e is the result bits. */
#define UN(n, T, get, e)                                                       \
    CASE(n)                                                                    \
    {                                                                          \
        T a = get(sp[-1]);                                                     \
        sp[-1].u = (e);                                                        \
        NEXT();                                                                \
    }
#define U64(c)  ((c).u)
#define F32V(c) f32_of(c)
#define F64V(c) f64_of(c)

/* A trapping float-to-int truncation: NaN, then the open range (lo, hi). */
#define TRUNC(n, T, get, lo, hi, e)                                            \
    CASE(n)                                                                    \
    {                                                                          \
        T a = get(sp[-1]);                                                     \
        if (a != a)                                                            \
            TRAP(WASM_TRAP_BAD_CONVERSION);                                    \
        if (!(a > (lo) && a < (hi)))                                           \
            TRAP(WASM_TRAP_INT_OVERFLOW);                                      \
        sp[-1].u = (e);                                                        \
        NEXT();                                                                \
    }

/* A load and its forms with the address in a local (nl) or a local plus
 * a constant (nlc). */
#define LOAD(n, nl, nlc, T, conv)                                              \
    CASE(n)                                                                    \
    {                                                                          \
        uint64_t ea = (uint64_t)I32(sp[-1]) + (pc++)->u;                       \
        T v;                                                                   \
        if (ea + sizeof v > memsize)                                           \
            TRAP(WASM_TRAP_OOB_MEMORY);                                        \
        memcpy(&v, mem + ea, sizeof v);                                        \
        sp[-1].u = (conv)v;                                                    \
        NEXT();                                                                \
    }                                                                          \
    CASE(nl)                                                                   \
    {                                                                          \
        uint64_t ea = (uint64_t)I32(fp[pc[0].u]) + pc[1].u;                    \
        T v;                                                                   \
        pc += 2;                                                               \
        if (ea + sizeof v > memsize)                                           \
            TRAP(WASM_TRAP_OOB_MEMORY);                                        \
        memcpy(&v, mem + ea, sizeof v);                                        \
        (sp++)->u = (conv)v;                                                   \
        NEXT();                                                                \
    }                                                                          \
    CASE(nlc)                                                                  \
    {                                                                          \
        uint32_t base = I32(fp[pc[0].u]) + (uint32_t)pc[1].u;                  \
        uint64_t ea = (uint64_t)base + pc[2].u;                                \
        T v;                                                                   \
        pc += 3;                                                               \
        if (ea + sizeof v > memsize)                                           \
            TRAP(WASM_TRAP_OOB_MEMORY);                                        \
        memcpy(&v, mem + ea, sizeof v);                                        \
        (sp++)->u = (conv)v;                                                   \
        NEXT();                                                                \
    }
/* An i32 comparison fused with br_if: right operand a constant (nc) or a
 * local (nl), then the branch offset. */
#define CMP_BR(nc, nl, e)                                                      \
    CASE(nc)                                                                   \
    {                                                                          \
        uint32_t a = I32(*--sp), b = (uint32_t)pc->u;                          \
        pc += (e) ? 1 + pc[1].i : 2;                                           \
        NEXT();                                                                \
    }                                                                          \
    CASE(nl)                                                                   \
    {                                                                          \
        uint32_t a = I32(*--sp), b = I32(fp[pc->u]);                           \
        pc += (e) ? 1 + pc[1].i : 2;                                           \
        NEXT();                                                                \
    }
#define STORE(n, T)                                                            \
    CASE(n)                                                                    \
    {                                                                          \
        uint64_t ea = (uint64_t)I32(sp[-2]) + (pc++)->u;                       \
        T v = (T)sp[-1].u;                                                     \
        if (ea + sizeof v > memsize)                                           \
            TRAP(WASM_TRAP_OOB_MEMORY);                                        \
        memcpy(mem + ea, &v, sizeof v);                                        \
        sp -= 2;                                                               \
        NEXT();                                                                \
    }

#define RELOAD_MEM()                                                           \
    do {                                                                       \
        mem = inst->mem ? inst->mem->base : NULL;                              \
        memsize = inst->mem ? inst->mem->size : 0;                             \
    } while (0)

#ifdef THREADED
static const void *labels[OP_COUNT];
#endif

/* Call a host function with the arguments at sp - nparams; the results
 * replace them. */
static int host_call(struct wasm_func *f, struct wasm_instance *caller,
                     cell *args)
{
    union wasm_val in[32], res[32];
    const struct functype *t = f->type;
    if (t->nparams > 32 || t->nresults > 32)
        return WASM_TRAP_HOST;
    wasm_cells_to_vals(t->types, t->nparams, args, in);
    int rc = f->host(f->host_ctx, caller, in, res);
    if (rc == WASM_OK)
        wasm_vals_to_cells(t->types + t->nparams, t->nresults, res, args);
    return rc;
}

static int run(struct wasm_runtime *rt, struct wasm_func *f, cell *sp,
               bool init)
{
#ifdef THREADED
    if (init) {
#include "lib/wasm/interp_table.h"
        return 0;
    }
#else
    (void)init;
#endif
    const cell *pc = NULL;
    cell *fp = NULL;
    struct wasm_instance *inst = f->inst;
    struct frame *fr = rt->frames;
    struct frame *fr_end = rt->frames + rt->cfg.max_call_depth;
    uint8_t *mem = NULL;
    uint64_t memsize = 0;
    uint64_t fuel = rt->cfg.fuel;
    int trap = WASM_OK;
    fr->pc = NULL; /* the sentinel: returning to it leaves the loop */
    fr->inst = inst;

enter: /* call f, whose arguments end at sp */
    if (!f->code) {
        uint32_t np = f->type->pslots;
        int rc = host_call(f, inst, sp - np);
        if (rc != WASM_OK)
            TRAP(rc);
        sp += (int)f->type->rslots - (int)np;
        if (!pc)
            goto out;
        RELOAD_MEM();
        NEXT();
    }
    {
        const struct code *code = f->code;
        cell *nfp = sp - code->nparams;
        if (fuel && !--fuel) /* calls cost fuel too: recursion is a loop */
            TRAP(WASM_TRAP_FUEL);
        if (fr + 1 >= fr_end ||
            (size_t)(rt->stack_end - nfp) < code->nlocals + code->maxstack)
            TRAP(WASM_TRAP_STACK_EXHAUSTED);
        fr++;
        fr->pc = pc, fr->fp = fp, fr->inst = inst;
        fp = nfp;
        for (cell *end = fp + code->nlocals; sp < end; sp++)
            sp->u = 0;                    /* declared locals; usually a few */
        if (inst != f->inst || !fr->pc) { /* another instance's memory */
            inst = f->inst;
            RELOAD_MEM();
        }
        pc = code->ops;
    }
#ifdef THREADED
    NEXT();
#else
dispatch:
    switch ((pc++)->u) {
#endif
    CASE(OP_UNREACHABLE) TRAP(WASM_TRAP_UNREACHABLE);
    CASE(OP_FUEL)
    {
        if (fuel && !--fuel)
            TRAP(WASM_TRAP_FUEL);
        NEXT();
    }
    CASE(OP_BR)
    {
        pc += pc->i;
        NEXT();
    }
    CASE(OP_BR_MOVE)
    {
    br_move:;
        cell *dst = fp + pc[1].w.a;
        uint32_t n = pc[1].w.b;
        memmove(dst, sp - n, n * sizeof(cell));
        sp = dst + n;
        pc += pc->i;
        NEXT();
    }
    CASE(OP_BR_IF)
    {
        if (I32(*--sp))
            pc += pc->i;
        else
            pc++;
        NEXT();
    }
    CASE(OP_BR_IF_MOVE)
    {
        if (I32(*--sp))
            goto br_move;
        pc += 2;
        NEXT();
    }
    CASE(OP_BR_UNLESS)
    {
        if (!I32(*--sp))
            pc += pc->i;
        else
            pc++;
        NEXT();
    }
    CASE(OP_BR_TABLE)
    {
        uint32_t i = I32(*--sp), n = (uint32_t)pc->u;
        pc += 1 + 2 * (i < n ? i : n);
        goto br_move;
    }
    CASE(OP_RETURN)
    {
        /* pc is never NULL here: only the sentinel frame's saved pc is. */
        // cppcheck-suppress nullPointerRedundantCheck
        uint32_t n = (uint32_t)pc->u;
        if (n == 1)
            fp[0] = sp[-1];
        else
            memmove(fp, sp - n, n * sizeof(cell));
        sp = fp + n;
        pc = fr->pc, fp = fr->fp, inst = fr->inst;
        fr--;
        if (!pc)
            goto out;
        RELOAD_MEM(); /* the callee may have grown the memory */
        NEXT();
    }
    CASE(OP_CALL)
    {
        f = inst->funcs[(pc++)->u];
        goto enter;
    }
    CASE(OP_CALL_INDIRECT)
    {
        const struct functype *want = &inst->mod->types[pc[0].u];
        struct wasm_table *t = inst->tables[pc[1].u];
        uint32_t i = I32(*--sp);
        pc += 2;
        if (i >= t->size)
            TRAP(WASM_TRAP_UNDEFINED_ELEMENT);
        f = t->elems[i];
        if (!f)
            TRAP(WASM_TRAP_UNINITIALIZED_ELEMENT);
        if (!wasm_functype_eq(f->type, want))
            TRAP(WASM_TRAP_INDIRECT_MISMATCH);
        goto enter;
    }
    CASE(OP_DROP)
    {
        sp--;
        NEXT();
    }
    CASE(OP_SELECT)
    {
        uint32_t c = I32(sp[-1]);
        sp -= 2;
        if (!c)
            sp[-1] = sp[0];
        NEXT();
    }
    CASE(OP_LOCAL_GET)
    {
        *sp++ = fp[(pc++)->u];
        NEXT();
    }
    CASE(OP_LOCAL_SET)
    {
        fp[(pc++)->u] = *--sp;
        NEXT();
    }
    CASE(OP_LOCAL_COPY)
    {
        fp[pc[1].u] = fp[pc[0].u];
        pc += 2;
        NEXT();
    }
    CASE(OP_LOCAL_SET_GET)
    {
        fp[pc[0].u] = sp[-1];
        sp[-1] = fp[pc[1].u];
        pc += 2;
        NEXT();
    }
    CASE(OP_LOCAL_TEE)
    {
        fp[(pc++)->u] = sp[-1];
        NEXT();
    }
    CASE(OP_GLOBAL_GET)
    {
        (sp++)->u = inst->globals[(pc++)->u]->val.bits;
        NEXT();
    }
    CASE(OP_GLOBAL_SET)
    {
        inst->globals[(pc++)->u]->val.bits = (--sp)->u;
        NEXT();
    }
    CASE(OP_GLOBAL_GET2)
    {
        const union wasm_val *v = &inst->globals[(pc++)->u]->val;
        sp[0].u = v->v128[0], sp[1].u = v->v128[1];
        sp += 2;
        NEXT();
    }
    CASE(OP_GLOBAL_SET2)
    {
        union wasm_val *v = &inst->globals[(pc++)->u]->val;
        sp -= 2;
        v->v128[0] = sp[0].u, v->v128[1] = sp[1].u;
        NEXT();
    }
    CASE(OP_SELECT2)
    {
        uint32_t c = I32(sp[-1]);
        sp -= 3;
        if (!c)
            sp[-2] = sp[0], sp[-1] = sp[1];
        NEXT();
    }
    CASE(OP_SIMD)
    {
        cell *n = wasm_simd(pc, sp, mem, memsize);
        if (!n)
            TRAP(WASM_TRAP_OOB_MEMORY);
        sp = n;
        pc += 1 + (pc->u >> 32);
        NEXT();
    }
    CASE(OP_TABLE_GET)
    {
        struct wasm_table *t = inst->tables[(pc++)->u];
        uint32_t i = I32(sp[-1]);
        if (i >= t->size)
            TRAP(WASM_TRAP_OOB_TABLE);
        sp[-1].p = t->elems[i];
        NEXT();
    }
    CASE(OP_TABLE_SET)
    {
        struct wasm_table *t = inst->tables[(pc++)->u];
        uint32_t i = I32(sp[-2]);
        if (i >= t->size)
            TRAP(WASM_TRAP_OOB_TABLE);
        t->elems[i] = (void *)(uintptr_t)sp[-1].u;
        sp -= 2;
        NEXT();
    }
    CASE(OP_CONST)
    {
        *sp++ = *pc++;
        NEXT();
    }
    CASE(OP_REF_FUNC)
    {
        (sp++)->p = inst->funcs[(pc++)->u];
        NEXT();
    }
    CASE(OP_MEMORY_SIZE)
    {
        (sp++)->u = (uint32_t)(memsize / WASM_PAGE);
        NEXT();
    }
    CASE(OP_MEMORY_GROW)
    {
        sp[-1].u = (uint32_t)wasm_memory_grow(rt, inst->mem, I32(sp[-1]));
        RELOAD_MEM();
        NEXT();
    }
    CASE(OP_MEMORY_INIT)
    {
        sp -= 3;
        trap = wasm_memory_init(inst, (uint32_t)(pc++)->u, I32(sp[0]),
                                I32(sp[1]), I32(sp[2]));
        if (trap)
            goto out;
        NEXT();
    }
    CASE(OP_DATA_DROP)
    {
        inst->data_dropped[(pc++)->u] = true;
        NEXT();
    }
    CASE(OP_MEMORY_COPY)
    {
        uint64_t d = I32(sp[-3]), s = I32(sp[-2]), n = I32(sp[-1]);
        sp -= 3;
        if (d + n > memsize || s + n > memsize)
            TRAP(WASM_TRAP_OOB_MEMORY);
        memmove(mem + d, mem + s, n);
        NEXT();
    }
    CASE(OP_MEMORY_FILL)
    {
        uint64_t d = I32(sp[-3]), n = I32(sp[-1]);
        uint8_t v = (uint8_t)sp[-2].u;
        sp -= 3;
        if (d + n > memsize)
            TRAP(WASM_TRAP_OOB_MEMORY);
        memset(mem + d, v, n);
        NEXT();
    }
    CASE(OP_TABLE_INIT)
    {
        sp -= 3;
        trap = wasm_table_init(inst, (uint32_t)pc[0].u, (uint32_t)pc[1].u,
                               I32(sp[0]), I32(sp[1]), I32(sp[2]));
        pc += 2;
        if (trap)
            goto out;
        NEXT();
    }
    CASE(OP_ELEM_DROP)
    {
        inst->elem_dropped[(pc++)->u] = true;
        NEXT();
    }
    CASE(OP_TABLE_COPY)
    {
        sp -= 3;
        trap = wasm_table_copy(inst->tables[pc[0].u], inst->tables[pc[1].u],
                               I32(sp[0]), I32(sp[1]), I32(sp[2]));
        pc += 2;
        if (trap)
            goto out;
        NEXT();
    }
    CASE(OP_TABLE_GROW)
    {
        struct wasm_table *t = inst->tables[(pc++)->u];
        sp--;
        sp[-1].u = (uint32_t)wasm_table_grow(rt, t, I32(sp[0]),
                                             (void *)(uintptr_t)sp[-1].u);
        NEXT();
    }
    CASE(OP_TABLE_SIZE)
    {
        (sp++)->u = inst->tables[(pc++)->u]->size;
        NEXT();
    }
    CASE(OP_TABLE_FILL)
    {
        struct wasm_table *t = inst->tables[(pc++)->u];
        uint64_t d = I32(sp[-3]), n = I32(sp[-1]);
        void *v = (void *)(uintptr_t)sp[-2].u;
        sp -= 3;
        if (d + n > t->size)
            TRAP(WASM_TRAP_OOB_TABLE);
        for (uint64_t i = 0; i < n; i++)
            t->elems[d + i] = v;
        NEXT();
    }

    CMP_BR(0x1c0, 0x1d0, a == b)
    CMP_BR(0x1c1, 0x1d1, a != b)
    CMP_BR(0x1c2, 0x1d2, (int32_t)a < (int32_t)b)
    CMP_BR(0x1c3, 0x1d3, a < b)
    CMP_BR(0x1c4, 0x1d4, (int32_t)a > (int32_t)b)
    CMP_BR(0x1c5, 0x1d5, a > b)
    CMP_BR(0x1c6, 0x1d6, (int32_t)a <= (int32_t)b)
    CMP_BR(0x1c7, 0x1d7, a <= b)
    CMP_BR(0x1c8, 0x1d8, (int32_t)a >= (int32_t)b)
    CMP_BR(0x1c9, 0x1d9, a >= b)
    CASE(OP_ADD_LC_SET)
    {
        fp[pc[2].u].u = (uint32_t)(I32(fp[pc[0].u]) + (uint32_t)pc[1].u);
        pc += 3;
        NEXT();
    }
    CASE(OP_ADD_LL_TEE)
    {
        uint32_t v = I32(fp[pc[0].u]) + I32(fp[pc[1].u]);
        fp[pc[2].u].u = v;
        (sp++)->u = v;
        pc += 3;
        NEXT();
    }
    CASE(OP_ADD_LC_TEE)
    {
        uint32_t v = I32(fp[pc[0].u]) + (uint32_t)pc[1].u;
        fp[pc[2].u].u = v;
        (sp++)->u = v;
        pc += 3;
        NEXT();
    }

    LOAD(0x28, 0x1f0, 0x2f0, uint32_t, uint64_t)
    LOAD(0x29, 0x1f1, 0x2f1, uint64_t, uint64_t)
    LOAD(0x2a, 0x1f2, 0x2f2, uint32_t, uint64_t)
    LOAD(0x2b, 0x1f3, 0x2f3, uint64_t, uint64_t)
    LOAD(0x2c, 0x1f4, 0x2f4, int8_t, uint32_t)
    LOAD(0x2d, 0x1f5, 0x2f5, uint8_t, uint64_t)
    LOAD(0x2e, 0x1f6, 0x2f6, int16_t, uint32_t)
    LOAD(0x2f, 0x1f7, 0x2f7, uint16_t, uint64_t)
    LOAD(0x30, 0x1f8, 0x2f8, int8_t, uint64_t)
    LOAD(0x31, 0x1f9, 0x2f9, uint8_t, uint64_t)
    LOAD(0x32, 0x1fa, 0x2fa, int16_t, uint64_t)
    LOAD(0x33, 0x1fb, 0x2fb, uint16_t, uint64_t)
    LOAD(0x34, 0x1fc, 0x2fc, int32_t, uint64_t)
    LOAD(0x35, 0x1fd, 0x2fd, uint32_t, uint64_t)
    STORE(0x36, uint32_t)
    STORE(0x37, uint64_t)
    STORE(0x38, uint32_t)
    STORE(0x39, uint64_t)
    STORE(0x3a, uint8_t)
    STORE(0x3b, uint16_t)
    STORE(0x3c, uint8_t)
    STORE(0x3d, uint16_t)
    STORE(0x3e, uint32_t)

    UN(0x45, uint32_t, I32, a == 0)
    I32_BIN(0x46, 0x146, 0x186, 0x246, 0x286, a == b)
    I32_BIN(0x47, 0x147, 0x187, 0x247, 0x287, a != b)
    I32_BIN(0x48, 0x148, 0x188, 0x248, 0x288, (int32_t)a < (int32_t)b)
    I32_BIN(0x49, 0x149, 0x189, 0x249, 0x289, a < b)
    I32_BIN(0x4a, 0x14a, 0x18a, 0x24a, 0x28a, (int32_t)a > (int32_t)b)
    I32_BIN(0x4b, 0x14b, 0x18b, 0x24b, 0x28b, a > b)
    I32_BIN(0x4c, 0x14c, 0x18c, 0x24c, 0x28c, (int32_t)a <= (int32_t)b)
    I32_BIN(0x4d, 0x14d, 0x18d, 0x24d, 0x28d, a <= b)
    I32_BIN(0x4e, 0x14e, 0x18e, 0x24e, 0x28e, (int32_t)a >= (int32_t)b)
    I32_BIN(0x4f, 0x14f, 0x18f, 0x24f, 0x28f, a >= b)
    UN(0x50, uint64_t, U64, a == 0)
    I64_BIN(0x51, a == b)
    I64_BIN(0x52, a != b)
    I64_BIN(0x53, (int64_t)a < (int64_t)b)
    I64_BIN(0x54, a < b)
    I64_BIN(0x55, (int64_t)a > (int64_t)b)
    I64_BIN(0x56, a > b)
    I64_BIN(0x57, (int64_t)a <= (int64_t)b)
    I64_BIN(0x58, a <= b)
    I64_BIN(0x59, (int64_t)a >= (int64_t)b)
    I64_BIN(0x5a, a >= b)
    F32_CMP(0x5b, a == b)
    F32_CMP(0x5c, a != b)
    F32_CMP(0x5d, a < b)
    F32_CMP(0x5e, a > b)
    F32_CMP(0x5f, a <= b)
    F32_CMP(0x60, a >= b)
    F64_CMP(0x61, a == b)
    F64_CMP(0x62, a != b)
    F64_CMP(0x63, a < b)
    F64_CMP(0x64, a > b)
    F64_CMP(0x65, a <= b)
    F64_CMP(0x66, a >= b)
    UN(0x67, uint32_t, I32, clz32(a))
    UN(0x68, uint32_t, I32, ctz32(a))
    UN(0x69, uint32_t, I32, (uint32_t)__builtin_popcount(a))
    I32_BIN(0x6a, 0x16a, 0x1aa, 0x26a, 0x2aa, a + b)
    I32_BIN(0x6b, 0x16b, 0x1ab, 0x26b, 0x2ab, a - b)
    I32_BIN(0x6c, 0x16c, 0x1ac, 0x26c, 0x2ac, a * b)
    CASE(0x6d)
    {
        int32_t a = S32(sp[-2]), b = S32(sp[-1]);
        if (b == 0)
            TRAP(WASM_TRAP_DIV_ZERO);
        if (a == INT32_MIN && b == -1)
            TRAP(WASM_TRAP_INT_OVERFLOW);
        sp--;
        sp[-1].u = (uint32_t)(a / b);
        NEXT();
    }
    CASE(0x6e)
    {
        uint32_t a = I32(sp[-2]), b = I32(sp[-1]);
        if (b == 0)
            TRAP(WASM_TRAP_DIV_ZERO);
        sp--;
        sp[-1].u = a / b;
        NEXT();
    }
    CASE(0x6f)
    {
        int32_t a = S32(sp[-2]), b = S32(sp[-1]);
        if (b == 0)
            TRAP(WASM_TRAP_DIV_ZERO);
        sp--;
        sp[-1].u = b == -1 ? 0 : (uint32_t)(a % b);
        NEXT();
    }
    CASE(0x70)
    {
        uint32_t a = I32(sp[-2]), b = I32(sp[-1]);
        if (b == 0)
            TRAP(WASM_TRAP_DIV_ZERO);
        sp--;
        sp[-1].u = a % b;
        NEXT();
    }
    I32_BIN(0x71, 0x171, 0x1b1, 0x271, 0x2b1, a & b)
    I32_BIN(0x72, 0x172, 0x1b2, 0x272, 0x2b2, a | b)
    I32_BIN(0x73, 0x173, 0x1b3, 0x273, 0x2b3, a ^ b)
    I32_BIN(0x74, 0x174, 0x1b4, 0x274, 0x2b4, a << (b & 31))
    I32_BIN(0x75, 0x175, 0x1b5, 0x275, 0x2b5,
            (uint32_t)((int32_t)a >> (b & 31)))
    I32_BIN(0x76, 0x176, 0x1b6, 0x276, 0x2b6, a >> (b & 31))
    I32_BIN(0x77, 0x177, 0x1b7, 0x277, 0x2b7, rotl32(a, b))
    I32_BIN(0x78, 0x178, 0x1b8, 0x278, 0x2b8, rotr32(a, b))
    UN(0x79, uint64_t, U64, clz64(a))
    UN(0x7a, uint64_t, U64, ctz64(a))
    UN(0x7b, uint64_t, U64, (uint64_t)__builtin_popcountll(a))
    I64_BIN(0x7c, a + b)
    I64_BIN(0x7d, a - b)
    I64_BIN(0x7e, a * b)
    CASE(0x7f)
    {
        int64_t a = S64(sp[-2]), b = S64(sp[-1]);
        if (b == 0)
            TRAP(WASM_TRAP_DIV_ZERO);
        if (a == INT64_MIN && b == -1)
            TRAP(WASM_TRAP_INT_OVERFLOW);
        sp--;
        sp[-1].u = (uint64_t)(a / b);
        NEXT();
    }
    CASE(0x80)
    {
        uint64_t a = sp[-2].u, b = sp[-1].u;
        if (b == 0)
            TRAP(WASM_TRAP_DIV_ZERO);
        sp--;
        sp[-1].u = a / b;
        NEXT();
    }
    CASE(0x81)
    {
        int64_t a = S64(sp[-2]), b = S64(sp[-1]);
        if (b == 0)
            TRAP(WASM_TRAP_DIV_ZERO);
        sp--;
        sp[-1].u = b == -1 ? 0 : (uint64_t)(a % b);
        NEXT();
    }
    CASE(0x82)
    {
        uint64_t a = sp[-2].u, b = sp[-1].u;
        if (b == 0)
            TRAP(WASM_TRAP_DIV_ZERO);
        sp--;
        sp[-1].u = a % b;
        NEXT();
    }
    I64_BIN(0x83, a & b)
    I64_BIN(0x84, a | b)
    I64_BIN(0x85, a ^ b)
    I64_BIN(0x86, a << (b & 63))
    I64_BIN(0x87, (uint64_t)((int64_t)a >> (b & 63)))
    I64_BIN(0x88, a >> (b & 63))
    I64_BIN(0x89, rotl64(a, b))
    I64_BIN(0x8a, rotr64(a, b))
    UN(0x8b, uint32_t, I32, a & 0x7fffffffu)
    UN(0x8c, uint32_t, I32, a ^ 0x80000000u)
    UN(0x8d, float, F32V, bits_f32(a != a ? a + a : ceilf(a)))
    UN(0x8e, float, F32V, bits_f32(a != a ? a + a : floorf(a)))
    UN(0x8f, float, F32V, bits_f32(a != a ? a + a : truncf(a)))
    UN(0x90, float, F32V, bits_f32(a != a ? a + a : nearbyintf(a)))
    UN(0x91, float, F32V, bits_f32(sqrtf(a)))
    F32_BIN(0x92, a + b)
    F32_BIN(0x93, a - b)
    F32_BIN(0x94, a * b)
    F32_BIN(0x95, a / b)
    F32_BIN(0x96, fmin32(a, b))
    F32_BIN(0x97, fmax32(a, b))
    CASE(0x98)
    {
        uint32_t a = I32(sp[-2]), b = I32(sp[-1]);
        sp--;
        sp[-1].u = (a & 0x7fffffffu) | (b & 0x80000000u);
        NEXT();
    }
    UN(0x99, uint64_t, U64, a & 0x7fffffffffffffffull)
    UN(0x9a, uint64_t, U64, a ^ 0x8000000000000000ull)
    UN(0x9b, double, F64V, bits_f64(a != a ? a + a : ceil(a)))
    UN(0x9c, double, F64V, bits_f64(a != a ? a + a : floor(a)))
    UN(0x9d, double, F64V, bits_f64(a != a ? a + a : trunc(a)))
    UN(0x9e, double, F64V, bits_f64(a != a ? a + a : nearbyint(a)))
    UN(0x9f, double, F64V, bits_f64(sqrt(a)))
    F64_BIN(0xa0, a + b)
    F64_BIN(0xa1, a - b)
    F64_BIN(0xa2, a * b)
    F64_BIN(0xa3, a / b)
    F64_BIN(0xa4, fmin64(a, b))
    F64_BIN(0xa5, fmax64(a, b))
    I64_BIN(0xa6, (a & 0x7fffffffffffffffull) | (b & 0x8000000000000000ull))
    UN(0xa7, uint64_t, U64, (uint32_t)a)
    TRUNC(0xa8, float, F32V, -2147483904.0f, 2147483648.0f,
          (uint32_t)(int32_t)a)
    TRUNC(0xa9, float, F32V, -1.0f, 4294967296.0f, (uint32_t)a)
    TRUNC(0xaa, double, F64V, -2147483649.0, 2147483648.0, (uint32_t)(int32_t)a)
    TRUNC(0xab, double, F64V, -1.0, 4294967296.0, (uint32_t)a)
    TRUNC(0xae, float, F32V, -9223373136366403584.0f, 9223372036854775808.0f,
          (uint64_t)(int64_t)a)
    TRUNC(0xaf, float, F32V, -1.0f, 18446744073709551616.0f, (uint64_t)a)
    TRUNC(0xb0, double, F64V, -9223372036854777856.0, 9223372036854775808.0,
          (uint64_t)(int64_t)a)
    TRUNC(0xb1, double, F64V, -1.0, 18446744073709551616.0, (uint64_t)a)
    UN(0xac, uint32_t, I32, (uint64_t)(int64_t)(int32_t)a)
    UN(0xad, uint32_t, I32, (uint64_t)a)
    UN(0xb2, uint32_t, I32, bits_f32((float)(int32_t)a))
    UN(0xb3, uint32_t, I32, bits_f32((float)a))
    UN(0xb4, uint64_t, U64, bits_f32((float)(int64_t)a))
    UN(0xb5, uint64_t, U64, bits_f32((float)a))
    UN(0xb6, double, F64V, bits_f32((float)a))
    UN(0xb7, uint32_t, I32, bits_f64((double)(int32_t)a))
    UN(0xb8, uint32_t, I32, bits_f64((double)a))
    UN(0xb9, uint64_t, U64, bits_f64((double)(int64_t)a))
    UN(0xba, uint64_t, U64, bits_f64((double)a))
    UN(0xbb, float, F32V, bits_f64((double)a))
    CASE(0xbc)
    CASE(0xbd)
    CASE(0xbe)
    CASE(0xbf) NEXT(); /* reinterpretations: the bits are the value */
    UN(0xc0, uint32_t, I32, (uint32_t)(int32_t)(int8_t)a)
    UN(0xc1, uint32_t, I32, (uint32_t)(int32_t)(int16_t)a)
    UN(0xc2, uint64_t, U64, (uint64_t)(int64_t)(int8_t)a)
    UN(0xc3, uint64_t, U64, (uint64_t)(int64_t)(int16_t)a)
    UN(0xc4, uint64_t, U64, (uint64_t)(int64_t)(int32_t)a)
    UN(0xe0, float, F32V, sat_trunc(a, 0))
    UN(0xe1, float, F32V, sat_trunc(a, 1))
    UN(0xe2, double, F64V, sat_trunc(a, 0))
    UN(0xe3, double, F64V, sat_trunc(a, 1))
    UN(0xe4, float, F32V, sat_trunc(a, 4))
    UN(0xe5, float, F32V, sat_trunc(a, 5))
    UN(0xe6, double, F64V, sat_trunc(a, 4))
    UN(0xe7, double, F64V, sat_trunc(a, 5))
#ifndef THREADED
default: TRAP(WASM_TRAP_UNREACHABLE);
}
#endif

out : rt->fuel = fuel;
return trap;
}

int wasm_exec(struct wasm_runtime *rt, struct wasm_func *f, cell *sp)
{
    return run(rt, f, sp + f->type->pslots, false);
}

const void *wasm_handler(unsigned op)
{
#ifdef THREADED
    if (!labels[0])
        run(NULL, NULL, NULL, true);
    return labels[op];
#else
        return (const void *)(uintptr_t)op;
#endif
}
