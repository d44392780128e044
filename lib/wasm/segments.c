/* SPDX-License-Identifier: MIT */
/*
 * wasm: the element, code and data sections (spec 5.5.12-5.5.14), with
 * their validation rules; function bodies go to wasm_compile.
 */
#include "lib/wasm/decode.h"

#include <string.h>

static int read_elem_items(struct dec *d, struct elem *e, bool exprs)
{
    e->n = rd_u32(&d->r);
    if (!(e->items = dec_vec(d, e->n, sizeof *e->items)))
        return -1;
    for (uint32_t k = 0; k < e->n; k++) {
        if (exprs) {
            if (dec_const(d, &e->items[k], e->reftype))
                return -1;
            continue;
        }
        e->items[k].op = 0xd2;
        e->items[k].val = rd_u32(&d->r);
        if (d->r.failed)
            return -1;
        if (e->items[k].val >= d->m->nfuncs)
            FAIL(d, "unknown function (element segment)");
        d->m->declared_funcs[e->items[k].val] = true;
    }
    return 0;
}

/* One element segment; flags 0..7 (spec 5.5.12): bit 0 passive or
 * declarative, bit 1 explicit table index (active) or declarative,
 * bit 2 expressions instead of function indices. */
static int read_elem(struct dec *d, struct elem *e)
{
    struct wasm_module *m = d->m;
    uint32_t flags = rd_u32(&d->r);
    if (d->r.failed)
        return -1;
    if (flags > 7)
        FAIL(d, "malformed elements segment kind");
    bool exprs = flags & 4;
    e->reftype = WASM_FUNCREF;
    e->mode = (flags & 1) ? ((flags & 2) ? 2 : 1) : 0;
    if (e->mode == 0) {
        e->table = (flags & 2) ? rd_u32(&d->r) : 0;
        if (!d->r.failed && e->table >= m->ntables)
            FAIL(d, "unknown table (element segment)");
        if (dec_const(d, &e->offset, WASM_I32))
            return -1;
    }
    if (flags & 3) {
        uint8_t t = rd_u8(&d->r);
        if (d->r.failed)
            return -1;
        if (exprs && !wasm_is_reftype(t))
            FAIL(d, "malformed reference type");
        if (!exprs && t != 0)
            FAIL(d, "malformed element kind");
        e->reftype = exprs ? t : WASM_FUNCREF;
    }
    if (read_elem_items(d, e, exprs))
        return -1;
    if (e->mode == 0 && m->tables[e->table].reftype != e->reftype)
        FAIL(d, "type mismatch (element segment and table types differ)");
    return 0;
}

int dec_elems(struct dec *d)
{
    struct wasm_module *m = d->m;
    m->nelems = rd_u32(&d->r);
    if (!(m->elems = dec_vec(d, m->nelems, sizeof *m->elems)))
        return -1;
    for (uint32_t i = 0; i < m->nelems; i++)
        if (read_elem(d, &m->elems[i]))
            return -1;
    return 0;
}

int dec_code(struct dec *d)
{
    struct wasm_module *m = d->m;
    uint32_t n = rd_u32(&d->r);
    if (d->r.failed)
        return -1;
    if (n != d->nfunc_decl)
        FAIL(d, "function and code section have inconsistent lengths");
    if (!(m->codes = dec_vec(d, n, sizeof *m->codes)))
        return -1;
    struct comp_scratch s = {0};
    int rc = 0;
    for (uint32_t i = 0; i < n && !rc; i++) {
        uint32_t size = rd_u32(&d->r);
        const uint8_t *body = rd_bytes(&d->r, size);
        rc = !body ? -1
                   : wasm_compile(m, &s, i, body, size, d->r.base, d->r.err);
    }
    wasm_compile_done(m, &s);
    if (rc)
        d->r.failed = true;
    return rc;
}

int dec_data(struct dec *d)
{
    struct wasm_module *m = d->m;
    m->ndatas = rd_u32(&d->r);
    if (d->r.failed)
        return -1;
    if (m->has_datacount && m->ndatas != m->datacount)
        FAIL(d, "data count and data section have inconsistent lengths");
    if (!(m->datas = dec_vec(d, m->ndatas, sizeof *m->datas)))
        return -1;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        struct data *s = &m->datas[i];
        uint32_t flags = rd_u32(&d->r);
        if (d->r.failed)
            return -1;
        if (flags > 2)
            FAIL(d, "malformed data segment kind");
        s->mode = flags == 1;
        if (flags != 1) {
            uint32_t mem = flags == 2 ? rd_u32(&d->r) : 0;
            if (!d->r.failed && mem >= m->nmems)
                FAIL(d, "unknown memory (data segment)");
            if (dec_const(d, &s->offset, WASM_I32))
                return -1;
        }
        s->len = rd_u32(&d->r);
        const uint8_t *b = rd_bytes(&d->r, s->len);
        if (!b)
            return -1;
        if (!(s->bytes = wasm_alloc(d->rt, s->len)))
            FAIL(d, "out of memory");
        memcpy(s->bytes, b, s->len);
    }
    return 0;
}
