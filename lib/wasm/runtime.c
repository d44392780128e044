/* SPDX-License-Identifier: MIT */
/*
 * wasm: the runtime object (value and frame stacks, host-made objects),
 * calls from the embedder, and trap names.
 */
#include "lib/wasm/wasm_int.h"

#include <string.h>

static const char *const trap_names[WASM_TRAP_COUNT] = {
    [WASM_OK] = "ok",
    [WASM_TRAP_UNREACHABLE] = "unreachable",
    [WASM_TRAP_DIV_ZERO] = "integer divide by zero",
    [WASM_TRAP_INT_OVERFLOW] = "integer overflow",
    [WASM_TRAP_BAD_CONVERSION] = "invalid conversion to integer",
    [WASM_TRAP_OOB_MEMORY] = "out of bounds memory access",
    [WASM_TRAP_OOB_TABLE] = "out of bounds table access",
    [WASM_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [WASM_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [WASM_TRAP_INDIRECT_MISMATCH] = "indirect call type mismatch",
    [WASM_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [WASM_TRAP_FUEL] = "fuel exhausted",
    [WASM_TRAP_EXIT] = "exit",
    [WASM_TRAP_HOST] = "host function failed",
    [WASM_TRAP_OUT_OF_MEMORY] = "out of memory",
};

const char *wasm_trap_str(int trap)
{
    if (trap < 0 || trap >= WASM_TRAP_COUNT)
        return "unknown trap";
    return trap_names[trap];
}

struct wasm_runtime *wasm_runtime_new(const struct wasm_config *cfg)
{
    struct wasm_runtime tmp = {.cfg = *cfg};
    if (!tmp.cfg.stack_slots)
        tmp.cfg.stack_slots = 1u << 20;
    if (!tmp.cfg.max_call_depth)
        tmp.cfg.max_call_depth = 20000;
    if (!tmp.cfg.max_memory_pages || tmp.cfg.max_memory_pages > WASM_MAX_PAGES)
        tmp.cfg.max_memory_pages = WASM_MAX_PAGES;
    struct wasm_runtime *rt = wasm_alloc(&tmp, sizeof *rt);
    if (!rt)
        return NULL;
    *rt = tmp;
    /* Not zeroed: the interpreter zeroes each frame's locals itself, and
     * untouched pages cost no memory. */
    rt->stack = wasm_realloc(rt, NULL, rt->cfg.stack_slots * sizeof(cell));
    rt->frames = wasm_realloc(
        rt, NULL, ((size_t)rt->cfg.max_call_depth + 2) * sizeof(struct frame));
    if (!rt->stack || !rt->frames) {
        wasm_runtime_free(rt);
        return NULL;
    }
    rt->stack_end = rt->stack + rt->cfg.stack_slots;
    return rt;
}

void wasm_runtime_free(struct wasm_runtime *rt)
{
    if (!rt)
        return;
    wasm_instance_orphans_free(rt);
    while (rt->host_funcs) {
        struct wasm_func *f = rt->host_funcs;
        rt->host_funcs = f->next_host;
        wasm_free(rt, f->own_type);
        wasm_free(rt, f);
    }
    while (rt->host_tables) {
        struct wasm_table *t = rt->host_tables;
        rt->host_tables = t->next_host;
        wasm_free(rt, t->elems);
        wasm_free(rt, t);
    }
    while (rt->host_mems) {
        struct wasm_memory *m = rt->host_mems;
        rt->host_mems = m->next_host;
        wasm_free(rt, m->base);
        wasm_free(rt, m);
    }
    while (rt->host_globals) {
        struct wasm_global *g = rt->host_globals;
        rt->host_globals = g->next_host;
        wasm_free(rt, g);
    }
    wasm_free(rt, rt->stack);
    wasm_free(rt, rt->frames);
    wasm_free(rt, rt);
}

int wasm_call(struct wasm_runtime *rt, struct wasm_func *f,
              const union wasm_val *args, union wasm_val *results)
{
    const struct functype *t = f->type;
    if (t->pslots > rt->cfg.stack_slots || t->rslots > rt->cfg.stack_slots)
        return WASM_TRAP_STACK_EXHAUSTED;
    wasm_vals_to_cells(t->types, t->nparams, args, rt->stack);
    int trap = wasm_exec(rt, f, rt->stack);
    if (trap == WASM_OK)
        wasm_cells_to_vals(t->types + t->nparams, t->nresults, rt->stack,
                           results);
    return trap;
}

void wasm_func_type(const struct wasm_func *f, size_t *nparams,
                    const uint8_t **params, size_t *nresults,
                    const uint8_t **results)
{
    *nparams = f->type->nparams;
    *nresults = f->type->nresults;
    if (params)
        *params = f->type->types;
    if (results)
        *results = f->type->types + f->type->nparams;
}

struct wasm_func *wasm_func_host(struct wasm_runtime *rt, const uint8_t *params,
                                 size_t nparams, const uint8_t *results,
                                 size_t nresults, wasm_host_fn fn, void *ctx)
{
    struct wasm_func *f = wasm_alloc(rt, sizeof *f);
    /* The type and its value types in one block. */
    struct functype *t = wasm_alloc(rt, sizeof *t + nparams + nresults);
    if (!f || !t) {
        wasm_free(rt, f);
        wasm_free(rt, t);
        return NULL;
    }
    t->nparams = (uint32_t)nparams;
    t->nresults = (uint32_t)nresults;
    t->types = (uint8_t *)(t + 1);
    if (nparams)
        memcpy(t->types, params, nparams);
    if (nresults)
        memcpy(t->types + nparams, results, nresults);
    t->pslots = wasm_slots(t->types, t->nparams);
    t->rslots = wasm_slots(t->types + nparams, t->nresults);
    f->type = f->own_type = t;
    f->host = fn;
    f->host_ctx = ctx;
    f->next_host = rt->host_funcs;
    rt->host_funcs = f;
    return f;
}

struct wasm_global *wasm_global_host(struct wasm_runtime *rt, uint8_t type,
                                     int mutable_, union wasm_val v)
{
    struct wasm_global *g = wasm_alloc(rt, sizeof *g);
    if (!g)
        return NULL;
    g->type = type;
    g->mut = mutable_;
    g->val = v;
    g->next_host = rt->host_globals;
    rt->host_globals = g;
    return g;
}

struct wasm_table *wasm_table_host(struct wasm_runtime *rt, uint8_t type,
                                   uint32_t min, uint32_t max)
{
    struct wasm_table *t = wasm_alloc(rt, sizeof *t);
    if (!t)
        return NULL;
    t->reftype = type;
    t->has_max = true;
    t->max = max;
    t->elems = wasm_alloc(rt, (size_t)min * sizeof(void *));
    t->size = min;
    t->next_host = rt->host_tables;
    rt->host_tables = t;
    return t;
}

struct wasm_memory *wasm_memory_host(struct wasm_runtime *rt, uint32_t min,
                                     uint32_t max)
{
    struct wasm_memory *m = wasm_alloc(rt, sizeof *m);
    if (!m)
        return NULL;
    m->has_max = true;
    m->max = max;
    m->base = wasm_alloc(rt, (size_t)min * WASM_PAGE);
    m->size = (uint64_t)min * WASM_PAGE;
    m->next_host = rt->host_mems;
    rt->host_mems = m;
    return m;
}

union wasm_val wasm_global_get(const struct wasm_global *g)
{
    return g->val;
}
uint8_t wasm_global_type(const struct wasm_global *g)
{
    return g->type;
}
