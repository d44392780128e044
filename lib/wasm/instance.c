/* SPDX-License-Identifier: MIT */
/*
 * wasm: instantiation (spec 4.5.4): import matching (4.5.2), globals,
 * tables and memory, element and data segments applied in order as
 * table.init/memory.init (so a failing segment keeps the earlier writes,
 * as 2.0 requires), then the start function. An instance whose
 * initialisation trapped may already be referenced from imported tables,
 * so it stays alive, owned by the runtime, until the runtime is freed.
 */
#include "lib/wasm/instance.h"

#include <string.h>

uint64_t wasm_const_eval(const struct wasm_instance *in,
                         const struct constexpr_ *c)
{
    switch (c->op) {
    case 0xd0: return 0;
    case 0xd2: return (uint64_t)(uintptr_t)in->funcs[c->val];
    case 0x23: return in->globals[c->val]->val.bits;
    default: return c->val;
    }
}

static bool limits_match(uint32_t size, bool has_max, uint32_t max,
                         const struct limits *want)
{
    if (size < want->min)
        return false;
    return !want->has_max || (has_max && max <= want->max);
}

static int link_import(struct wasm_instance *in, uint32_t i,
                       const struct wasm_extern *ex, struct werr *e)
{
    const struct wasm_module *m = in->mod;
    const struct import *im = &m->imports[i];
    bool ok = ex->kind == im->kind && ex->u.func;
    if (ok) {
        switch (im->kind) {
        case WASM_EXTERN_FUNC:
            ok = wasm_functype_eq(ex->u.func->type, &m->types[im->idx]);
            in->funcs[in->nfuncs_linked++] = ex->u.func;
            break;
        case WASM_EXTERN_TABLE: {
            const struct wasm_table *t = ex->u.table;
            ok = t->reftype == m->tables[im->idx].reftype &&
                 limits_match(t->size, t->has_max, t->max,
                              &m->tables[im->idx].lim);
            in->tables[im->idx] = ex->u.table;
            break;
        }
        case WASM_EXTERN_MEMORY: {
            const struct wasm_memory *mem = ex->u.memory;
            ok = limits_match((uint32_t)(mem->size / WASM_PAGE), mem->has_max,
                              mem->max, &m->mems[im->idx]);
            in->mem = ex->u.memory;
            break;
        }
        default: {
            const struct wasm_global *g = ex->u.global;
            ok = g->type == m->globals[im->idx].type &&
                 g->mut == m->globals[im->idx].mut;
            in->globals[im->idx] = ex->u.global;
        }
        }
    }
    if (!ok) {
        wasm_err(e, "import %u \"%s\" \"%s\": incompatible import type", i,
                 im->module, im->name);
        return -1;
    }
    return 0;
}

static int alloc_instance(struct wasm_runtime *rt, const struct wasm_module *m,
                          struct wasm_instance *in)
{
    uint32_t ndef = m->nfuncs - m->nfunc_imports;
    in->funcs = wasm_alloc(rt, m->nfuncs * sizeof *in->funcs);
    in->tables = wasm_alloc(rt, m->ntables * sizeof *in->tables);
    in->globals = wasm_alloc(rt, m->nglobals * sizeof *in->globals);
    in->own_funcs = wasm_alloc(rt, ndef * sizeof *in->own_funcs);
    in->own_tables = wasm_alloc(rt, m->ntables * sizeof *in->own_tables);
    in->own_globals = wasm_alloc(rt, m->nglobals * sizeof *in->own_globals);
    in->elem_dropped = wasm_alloc(rt, m->nelems);
    in->data_dropped = wasm_alloc(rt, m->ndatas);
    return in->funcs && in->tables && in->globals && in->own_funcs &&
                   in->own_tables && in->own_globals && in->elem_dropped &&
                   in->data_dropped
               ? 0
               : -1;
}

static int create_defined(struct wasm_instance *in, struct werr *e)
{
    struct wasm_runtime *rt = in->rt;
    const struct wasm_module *m = in->mod;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        struct wasm_func *f = &in->own_funcs[i - m->nfunc_imports];
        f->type = &m->types[m->functypes[i]];
        f->inst = in;
        f->code = &m->codes[i - m->nfunc_imports];
        in->funcs[i] = f;
    }
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        struct wasm_global *g = &in->own_globals[i];
        g->type = m->globals[i].type;
        g->mut = m->globals[i].mut;
        const struct constexpr_ *init = &m->globals[i].init;
        if (init->op == 0x23)
            g->val = in->globals[init->val]->val; /* all 16 bytes */
        else
            g->val.bits = wasm_const_eval(in, init);
        if (init->op == 0xfd)
            g->val.v128[1] = init->hi;
        in->globals[i] = g;
    }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        struct wasm_table *t = &in->own_tables[i];
        t->reftype = m->tables[i].reftype;
        t->has_max = m->tables[i].lim.has_max;
        t->max = m->tables[i].lim.max;
        if (wasm_table_grow(rt, t, m->tables[i].lim.min, NULL) < 0) {
            wasm_err(e, "table %u: cannot allocate %u entries", i,
                     m->tables[i].lim.min);
            return -1;
        }
        in->tables[i] = t;
    }
    if (m->nmems > m->nmem_imports) {
        struct wasm_memory *mem = &in->own_mem;
        mem->has_max = m->mems[0].has_max;
        mem->max = m->mems[0].max;
        if (wasm_memory_grow(rt, mem, m->mems[0].min) < 0) {
            wasm_err(e, "memory: cannot allocate %u pages (limit %u)",
                     m->mems[0].min, rt->cfg.max_memory_pages);
            return -1;
        }
        in->mem = mem;
    }
    return 0;
}

/* Active segments, then the drops of active and declarative ones. */
static int init_segments(struct wasm_instance *in)
{
    const struct wasm_module *m = in->mod;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const struct elem *s = &m->elems[i];
        if (s->mode == 0) {
            uint32_t off = (uint32_t)wasm_const_eval(in, &s->offset);
            int trap = wasm_table_init(in, i, s->table, off, 0, s->n);
            if (trap)
                return trap;
        }
        if (s->mode != 1)
            in->elem_dropped[i] = true;
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const struct data *s = &m->datas[i];
        if (s->mode == 0) {
            uint32_t off = (uint32_t)wasm_const_eval(in, &s->offset);
            int trap = wasm_memory_init(in, i, off, 0, s->len);
            if (trap)
                return trap;
            in->data_dropped[i] = true;
        }
    }
    return WASM_OK;
}

static void release(struct wasm_instance *in)
{
    struct wasm_runtime *rt = in->rt;
    for (uint32_t i = 0; in->own_tables && i < in->ntables; i++)
        wasm_free(rt, in->own_tables[i].elems);
    wasm_free(rt, in->own_mem.base);
    void *arrays[] = {in->funcs,        in->tables,      in->globals,
                      in->own_funcs,    in->own_tables,  in->own_globals,
                      in->elem_dropped, in->data_dropped};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        wasm_free(rt, arrays[i]);
    wasm_free(rt, in);
}

int wasm_instantiate(struct wasm_runtime *rt, const struct wasm_module *m,
                     const struct wasm_extern *imports, size_t nimports,
                     struct wasm_instance **out, int *trap, char *err,
                     size_t errlen)
{
    struct werr e = {err, errlen};
    if (err && errlen)
        err[0] = 0;
    if (trap)
        *trap = WASM_OK;
    *out = NULL;
    if (nimports != m->nimports) {
        wasm_err(&e, "unknown import: %zu imports given, module has %u",
                 nimports, m->nimports);
        return -1;
    }
    struct wasm_instance *in = wasm_alloc(rt, sizeof *in);
    if (!in) {
        wasm_err(&e, "out of memory");
        return -1;
    }
    in->rt = rt, in->mod = m, in->ntables = m->ntables;
    if (alloc_instance(rt, m, in)) {
        wasm_err(&e, "out of memory");
        goto fail;
    }
    for (uint32_t i = 0; i < m->nimports; i++)
        if (link_import(in, i, &imports[i], &e))
            goto fail;
    if (create_defined(in, &e))
        goto fail;
    int t = init_segments(in);
    if (t == WASM_OK && m->has_start)
        t = wasm_call(rt, in->funcs[m->start], NULL, NULL);
    if (t != WASM_OK) {
        wasm_err(&e, "instantiation trapped: %s", wasm_trap_str(t));
        if (trap)
            *trap = t;
        in->next = rt->orphans; /* may be referenced: keep it */
        rt->orphans = in;
        return -1;
    }
    *out = in;
    return 0;
fail:
    release(in);
    return -1;
}

void wasm_instance_free(struct wasm_instance *in)
{
    if (in)
        release(in);
}

void wasm_instance_orphans_free(struct wasm_runtime *rt)
{
    while (rt->orphans) {
        struct wasm_instance *in = rt->orphans;
        rt->orphans = in->next;
        release(in);
    }
}

int wasm_instance_export(const struct wasm_instance *in, const char *name,
                         struct wasm_extern *out)
{
    return wasm_instance_export_n(in, name, strlen(name), out);
}

int wasm_instance_export_n(const struct wasm_instance *in, const char *name,
                           size_t len, struct wasm_extern *out)
{
    const struct wasm_module *m = in->mod;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const struct export_ *x = &m->exports[i];
        if (x->len != len || memcmp(x->name, name, len))
            continue;
        out->kind = (enum wasm_extern_kind)x->kind;
        switch (x->kind) {
        case WASM_EXTERN_FUNC: out->u.func = in->funcs[x->idx]; break;
        case WASM_EXTERN_TABLE: out->u.table = in->tables[x->idx]; break;
        case WASM_EXTERN_MEMORY: out->u.memory = in->mem; break;
        default: out->u.global = in->globals[x->idx];
        }
        return 0;
    }
    return -1;
}

uint8_t *wasm_instance_memory(struct wasm_instance *in, uint64_t *size)
{
    *size = in && in->mem ? in->mem->size : 0;
    return in && in->mem ? in->mem->base : NULL;
}
