/* SPDX-License-Identifier: MIT */
/*
 * wasm: the module decoder (spec 5.5) with the module-level validation
 * rules (spec 3.4.10) checked as each section is read. Function bodies are
 * handed to wasm_compile, which validates and translates them in one pass;
 * the element, code and data sections are read in segments.c.
 * Every rejection names the section, the offset and the rule broken.
 */
#include "lib/wasm/decode.h"

#include <string.h>

enum {
    SEC_CUSTOM,
    SEC_TYPE,
    SEC_IMPORT,
    SEC_FUNC,
    SEC_TABLE,
    SEC_MEM,
    SEC_GLOBAL,
    SEC_EXPORT,
    SEC_START,
    SEC_ELEM,
    SEC_CODE,
    SEC_DATA,
    SEC_DATACOUNT
};

static const char *const section_names[] = {
    "custom", "type",  "import",  "function", "table", "memory",    "global",
    "export", "start", "element", "code",     "data",  "data count"};

/* Position of each section id in the required order (datacount before
 * code). */
static const uint8_t section_rank[] = {0, 1, 2, 3,  4,  5, 6,
                                       7, 8, 9, 11, 12, 10};

void *dec_vec(struct dec *d, uint32_t n, size_t size)
{
    /* Each entry takes at least one byte: a count beyond what is left is
     * malformed, and checking first keeps allocations bounded by the
     * input size. */
    if (n > (size_t)(d->r.end - d->r.p)) {
        rd_fail(&d->r, "unexpected end (vector length too large)");
        return NULL;
    }
    void *p = wasm_alloc(d->rt, (size_t)n * size);
    if (!p)
        rd_fail(&d->r, "out of memory");
    return p;
}

static int read_valtype(struct dec *d, uint8_t *t)
{
    *t = rd_u8(&d->r);
    if (!d->r.failed && !wasm_is_valtype(*t))
        FAIL(d, "malformed value type");
    return d->r.failed ? -1 : 0;
}

static int read_limits(struct dec *d, struct limits *l, uint32_t cap,
                       const char *what)
{
    uint8_t flags = rd_u8(&d->r);
    if (flags > 1)
        FAIL(d, "malformed limits flags");
    l->min = rd_u32(&d->r);
    l->has_max = flags == 1;
    l->max = l->has_max ? rd_u32(&d->r) : 0;
    if (d->r.failed)
        return -1;
    if (cap && (l->min > cap || (l->has_max && l->max > cap))) {
        rd_fail(&d->r, what);
        return -1;
    }
    if (l->has_max && l->min > l->max)
        FAIL(d, "size minimum must not be greater than maximum");
    return 0;
}

static int read_tabletype(struct dec *d, struct tabletype *t)
{
    t->reftype = rd_u8(&d->r);
    if (!d->r.failed && !wasm_is_reftype(t->reftype))
        FAIL(d, "malformed reference type");
    return read_limits(d, &t->lim, 0, "");
}

static int read_memtype(struct dec *d, struct limits *l)
{
    return read_limits(d, l, WASM_MAX_PAGES,
                       "memory size must be at most 65536 pages (4GiB)");
}

static int read_globaltype(struct dec *d, struct globaltype *g)
{
    if (read_valtype(d, &g->type))
        return -1;
    uint8_t mut = rd_u8(&d->r);
    if (mut > 1)
        FAIL(d, "malformed mutability");
    g->mut = mut;
    return d->r.failed ? -1 : 0;
}

static int read_types(struct dec *d)
{
    struct wasm_module *m = d->m;
    m->ntypes = rd_u32(&d->r);
    if (!(m->types = dec_vec(d, m->ntypes, sizeof *m->types)))
        return -1;
    for (uint32_t i = 0; i < m->ntypes; i++) {
        struct functype *t = &m->types[i];
        if (rd_u8(&d->r) != 0x60)
            FAIL(d, "malformed function type (expected 0x60)");
        uint32_t np = rd_u32(&d->r);
        if (np > (size_t)(d->r.end - d->r.p))
            FAIL(d, "unexpected end (too many parameters)");
        uint8_t tmp[2048];
        uint8_t *types = np + 1000 > sizeof tmp ? NULL : tmp;
        if (!types)
            FAIL(d, "too many parameters (implementation limit 1000)");
        for (uint32_t k = 0; k < np; k++)
            if (read_valtype(d, &types[k]))
                return -1;
        uint32_t nr = rd_u32(&d->r);
        if (nr > 1000)
            FAIL(d, "too many results (implementation limit 1000)");
        for (uint32_t k = 0; k < nr; k++)
            if (read_valtype(d, &types[np + k]))
                return -1;
        t->nparams = np, t->nresults = nr;
        t->pslots = wasm_slots(types, np);
        t->rslots = wasm_slots(types + np, nr);
        if (!(t->types = wasm_alloc(d->rt, np + nr)))
            FAIL(d, "out of memory");
        memcpy(t->types, types, np + nr);
    }
    return 0;
}

/* Grow an index space by one entry (imports) or n entries (sections). */
static void *grow(struct dec *d, void *arr, uint32_t have, uint32_t add,
                  size_t size)
{
    void *p = wasm_realloc(d->rt, arr, ((size_t)have + add) * size);
    if (!p) {
        rd_fail(&d->r, "out of memory");
        return NULL;
    }
    memset((char *)p + (size_t)have * size, 0, (size_t)add * size);
    return p;
}

static int read_import_desc(struct dec *d, struct import *im)
{
    struct wasm_module *m = d->m;
    switch (im->kind) {
    case WASM_EXTERN_FUNC:
        im->idx = rd_u32(&d->r);
        if (!d->r.failed && im->idx >= m->ntypes)
            FAIL(d, "unknown type (import type index out of range)");
        if (!(m->functypes = grow(d, m->functypes, m->nfuncs, 1, 4)))
            return -1;
        m->functypes[m->nfuncs++] = im->idx;
        m->nfunc_imports++;
        return d->r.failed ? -1 : 0;
    case WASM_EXTERN_TABLE:
        im->idx = m->ntables;
        if (!(m->tables = grow(d, m->tables, m->ntables, 1, sizeof *m->tables)))
            return -1;
        m->ntables++, m->ntable_imports++;
        return read_tabletype(d, &m->tables[im->idx]);
    case WASM_EXTERN_MEMORY:
        im->idx = m->nmems;
        if (!(m->mems = grow(d, m->mems, m->nmems, 1, sizeof *m->mems)))
            return -1;
        m->nmems++, m->nmem_imports++;
        if (m->nmems > 1)
            FAIL(d, "multiple memories");
        return read_memtype(d, &m->mems[im->idx]);
    case WASM_EXTERN_GLOBAL:
        im->idx = m->nglobals;
        if (!(m->globals =
                  grow(d, m->globals, m->nglobals, 1, sizeof *m->globals)))
            return -1;
        m->nglobals++, m->nglobal_imports++;
        return read_globaltype(d, &m->globals[im->idx]);
    default: FAIL(d, "malformed import kind");
    }
}

static int read_imports(struct dec *d)
{
    struct wasm_module *m = d->m;
    m->nimports = rd_u32(&d->r);
    if (!(m->imports = dec_vec(d, m->nimports, sizeof *m->imports)))
        return -1;
    for (uint32_t i = 0; i < m->nimports; i++) {
        struct import *im = &m->imports[i];
        if (!(im->module = rd_name(&d->r, d->rt, NULL)) ||
            !(im->name = rd_name(&d->r, d->rt, NULL)))
            return -1;
        im->kind = rd_u8(&d->r);
        if (d->r.failed || read_import_desc(d, im))
            return -1;
    }
    return 0;
}

/* Parse a constant expression (spec 3.3.10) of type `want`. */
int dec_const(struct dec *d, struct constexpr_ *c, uint8_t want)
{
    struct wasm_module *m = d->m;
    uint8_t got = 0;
    c->op = rd_u8(&d->r);
    switch (c->op) {
    case 0x41: c->val = (uint32_t)rd_s32(&d->r), got = WASM_I32; break;
    case 0x42: c->val = (uint64_t)rd_s64(&d->r), got = WASM_I64; break;
    case 0x43: {
        const uint8_t *b = rd_bytes(&d->r, 4);
        uint32_t v = 0;
        if (b)
            memcpy(&v, b, 4);
        c->val = v, got = WASM_F32;
        break;
    }
    case 0x44: {
        const uint8_t *b = rd_bytes(&d->r, 8);
        if (b)
            memcpy(&c->val, b, 8);
        got = WASM_F64;
        break;
    }
    case 0xd0:
        got = rd_u8(&d->r);
        if (!d->r.failed && !wasm_is_reftype(got))
            FAIL(d, "malformed reference type");
        break;
    case 0xd2:
        c->val = rd_u32(&d->r), got = WASM_FUNCREF;
        if (!d->r.failed && c->val >= m->nfuncs)
            FAIL(d, "unknown function");
        if (!d->r.failed)
            m->declared_funcs[c->val] = true;
        break;
    case 0x23:
        c->val = rd_u32(&d->r);
        if (d->r.failed)
            return -1;
        /* Wasm 2.0: only imported globals, and only immutable ones. */
        if (c->val >= m->nglobal_imports)
            FAIL(d, "unknown global (constant expression may only read "
                    "imported globals)");
        if (m->globals[c->val].mut)
            FAIL(d, "constant expression required (global is mutable)");
        got = m->globals[c->val].type;
        break;
    case 0xfd: { /* v128.const, sub-opcode 12 */
        if (rd_u32(&d->r) != 12) {
            if (!d->r.failed)
                FAIL(d, "constant expression required");
            return -1;
        }
        const uint8_t *b = rd_bytes(&d->r, 16);
        if (b)
            memcpy(&c->val, b, 8), memcpy(&c->hi, b + 8, 8);
        got = WASM_V128;
        break;
    }
    default:
        if (!d->r.failed)
            FAIL(d, "constant expression required");
    }
    if (d->r.failed)
        return -1;
    if (rd_u8(&d->r) != 0x0b) {
        if (!d->r.failed)
            FAIL(d, "type mismatch or constant expression required "
                    "(expected end after one constant instruction)");
        return -1;
    }
    if (got != want)
        FAIL(d, "type mismatch (constant expression)");
    return 0;
}

static int read_funcs(struct dec *d)
{
    struct wasm_module *m = d->m;
    uint32_t n = rd_u32(&d->r);
    if (d->r.failed || n > (size_t)(d->r.end - d->r.p))
        FAIL(d, "unexpected end (function count)");
    if (!(m->functypes = grow(d, m->functypes, m->nfuncs, n, 4)))
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t t = rd_u32(&d->r);
        if (!d->r.failed && t >= m->ntypes)
            FAIL(d, "unknown type (function type index out of range)");
        m->functypes[m->nfuncs + i] = t;
    }
    m->nfuncs += n;
    d->nfunc_decl = n;
    return d->r.failed ? -1 : 0;
}

static int read_tables(struct dec *d)
{
    struct wasm_module *m = d->m;
    uint32_t n = rd_u32(&d->r);
    if (d->r.failed || n > (size_t)(d->r.end - d->r.p))
        FAIL(d, "unexpected end (table count)");
    if (!(m->tables = grow(d, m->tables, m->ntables, n, sizeof *m->tables)))
        return -1;
    for (uint32_t i = 0; i < n; i++)
        if (read_tabletype(d, &m->tables[m->ntables++]))
            return -1;
    return 0;
}

static int read_mems(struct dec *d)
{
    struct wasm_module *m = d->m;
    uint32_t n = rd_u32(&d->r);
    if (d->r.failed || n > (size_t)(d->r.end - d->r.p))
        FAIL(d, "unexpected end (memory count)");
    if (!(m->mems = grow(d, m->mems, m->nmems, n, sizeof *m->mems)))
        return -1;
    for (uint32_t i = 0; i < n; i++)
        if (read_memtype(d, &m->mems[m->nmems++]))
            return -1;
    if (m->nmems > 1)
        FAIL(d, "multiple memories");
    return 0;
}

static int read_globals(struct dec *d)
{
    struct wasm_module *m = d->m;
    uint32_t n = rd_u32(&d->r);
    if (d->r.failed || n > (size_t)(d->r.end - d->r.p))
        FAIL(d, "unexpected end (global count)");
    if (!(m->globals = grow(d, m->globals, m->nglobals, n, sizeof *m->globals)))
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        struct globaltype *g = &m->globals[m->nglobals];
        if (read_globaltype(d, g) || dec_const(d, &g->init, g->type))
            return -1;
        m->nglobals++;
    }
    return 0;
}

static int read_exports(struct dec *d)
{
    struct wasm_module *m = d->m;
    m->nexports = rd_u32(&d->r);
    if (!(m->exports = dec_vec(d, m->nexports, sizeof *m->exports)))
        return -1;
    for (uint32_t i = 0; i < m->nexports; i++) {
        struct export_ *e = &m->exports[i];
        if (!(e->name = rd_name(&d->r, d->rt, &e->len)))
            return -1;
        e->kind = rd_u8(&d->r);
        e->idx = rd_u32(&d->r);
        if (d->r.failed)
            return -1;
        static const char *const unknown[] = {"unknown function",
                                              "unknown table", "unknown memory",
                                              "unknown global"};
        uint32_t limit[] = {m->nfuncs, m->ntables, m->nmems, m->nglobals};
        if (e->kind > 3)
            FAIL(d, "malformed export kind");
        if (e->idx >= limit[e->kind])
            FAIL(d, unknown[e->kind]);
        if (e->kind == WASM_EXTERN_FUNC)
            m->declared_funcs[e->idx] = true;
        for (uint32_t k = 0; k < i; k++)
            if (m->exports[k].len == e->len &&
                !memcmp(m->exports[k].name, e->name, e->len))
                FAIL(d, "duplicate export name");
    }
    return 0;
}

static int read_start(struct dec *d)
{
    struct wasm_module *m = d->m;
    m->start = rd_u32(&d->r);
    m->has_start = true;
    if (d->r.failed)
        return -1;
    if (m->start >= m->nfuncs)
        FAIL(d, "unknown function (start)");
    const struct functype *t = &m->types[m->functypes[m->start]];
    if (t->nparams || t->nresults)
        FAIL(d, "start function must have type [] -> []");
    return 0;
}

static int read_section(struct dec *d, uint8_t id)
{
    struct wasm_module *m = d->m;
    if (id >= SEC_GLOBAL && !m->declared_funcs) {
        /* ref.func may name any function from here on. */
        if (!(m->declared_funcs = wasm_alloc(d->rt, m->nfuncs)))
            FAIL(d, "out of memory");
    }
    switch (id) {
    case SEC_TYPE: return read_types(d);
    case SEC_IMPORT: return read_imports(d);
    case SEC_FUNC: return read_funcs(d);
    case SEC_TABLE: return read_tables(d);
    case SEC_MEM: return read_mems(d);
    case SEC_GLOBAL: return read_globals(d);
    case SEC_EXPORT: return read_exports(d);
    case SEC_START: return read_start(d);
    case SEC_ELEM: return dec_elems(d);
    case SEC_CODE: return dec_code(d);
    case SEC_DATA: return dec_data(d);
    case SEC_DATACOUNT:
        m->datacount = rd_u32(&d->r);
        m->has_datacount = true;
        return d->r.failed ? -1 : 0;
    default: { /* custom: a name, then anything */
        char *name = rd_name(&d->r, d->rt, NULL);
        wasm_free(d->rt, name);
        d->r.p = d->r.end;
        return d->r.failed ? -1 : 0;
    }
    }
}

static int decode(struct dec *d)
{
    static const uint8_t magic[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    const uint8_t *file_end = d->r.end;
    unsigned last_rank = 0;
    if (d->r.end - d->r.p < 4 || memcmp(d->r.p, magic, 4))
        FAIL(d, "magic header not detected");
    if (d->r.end - d->r.p < 8 || memcmp(d->r.p + 4, magic + 4, 4))
        FAIL(d, "unknown binary version");
    d->r.p += 8;
    while (d->r.p < file_end) {
        d->r.section = "module";
        d->r.end = file_end;
        uint8_t id = rd_u8(&d->r);
        uint32_t size = rd_u32(&d->r);
        if (d->r.failed)
            return -1;
        if (id > SEC_DATACOUNT)
            FAIL(d, "malformed section id");
        if ((size_t)(file_end - d->r.p) < size)
            FAIL(d, "unexpected end (section size beyond the module)");
        d->r.section = section_names[id];
        if (id != SEC_CUSTOM) {
            if (section_rank[id] <= last_rank)
                FAIL(d, "unexpected content after last section "
                        "(section out of order or repeated)");
            last_rank = section_rank[id];
        }
        d->r.end = d->r.p + size;
        if (read_section(d, id) || d->r.failed)
            return -1;
        if (d->r.p != d->r.end)
            FAIL(d, "section size mismatch");
    }
    d->r.end = file_end;
    d->r.section = "module";
    if (d->nfunc_decl && !d->m->codes)
        FAIL(d, "function and code section have inconsistent lengths");
    if (d->m->has_datacount && !d->m->datas && d->m->datacount)
        FAIL(d, "data count and data section have inconsistent lengths");
    if (!d->m->declared_funcs &&
        !(d->m->declared_funcs = wasm_alloc(d->rt, d->m->nfuncs)))
        FAIL(d, "out of memory");
    return 0;
}

void wasm_module_release(struct wasm_module *m)
{
    struct wasm_runtime *rt = m->rt;
    for (uint32_t i = 0; i < m->ntypes && m->types; i++)
        wasm_free(rt, m->types[i].types);
    for (uint32_t i = 0; i < m->nimports && m->imports; i++) {
        wasm_free(rt, m->imports[i].module);
        wasm_free(rt, m->imports[i].name);
    }
    for (uint32_t i = 0; i < m->nexports && m->exports; i++)
        wasm_free(rt, m->exports[i].name);
    for (uint32_t i = 0; i < m->nelems && m->elems; i++)
        wasm_free(rt, m->elems[i].items);
    for (uint32_t i = 0; i < m->ndatas && m->datas; i++)
        wasm_free(rt, m->datas[i].bytes);
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports && m->codes; i++)
        wasm_free(rt, m->codes[i].ops);
    void *arrays[] = {m->types, m->imports, m->functypes,     m->tables,
                      m->mems,  m->globals, m->exports,       m->elems,
                      m->datas, m->codes,   m->declared_funcs};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        wasm_free(rt, arrays[i]);
    wasm_free(rt, m);
}

int wasm_module_load(struct wasm_runtime *rt, const void *bytes, size_t len,
                     struct wasm_module **out, char *err, size_t errlen)
{
    struct werr e = {err, errlen};
    if (err && errlen)
        err[0] = 0;
    *out = NULL;
    struct wasm_module *m = wasm_alloc(rt, sizeof *m);
    if (!m) {
        wasm_err(&e, "out of memory");
        return -1;
    }
    m->rt = rt;
    struct dec d = {.m = m, .rt = rt};
    d.r.base = d.r.p = bytes;
    d.r.end = d.r.p + len;
    d.r.err = &e;
    if (decode(&d)) {
        wasm_err(&e, "invalid module");
        wasm_module_release(m);
        return -1;
    }
    *out = m;
    return 0;
}

void wasm_module_free(struct wasm_module *m)
{
    if (m)
        wasm_module_release(m);
}

size_t wasm_module_import_count(const struct wasm_module *m)
{
    return m->nimports;
}

void wasm_module_import(const struct wasm_module *m, size_t i,
                        const char **module, const char **name,
                        enum wasm_extern_kind *kind)
{
    *module = m->imports[i].module;
    *name = m->imports[i].name;
    *kind = (enum wasm_extern_kind)m->imports[i].kind;
}
