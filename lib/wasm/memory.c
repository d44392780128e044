/* SPDX-License-Identifier: MIT */
/*
 * wasm: growing memories and tables, and the bulk operations on them
 * (memory.init, table.init, table.copy). Bounds are checked before
 * anything is written, as the 2.0 spec requires (no partial writes).
 */
#include "lib/wasm/instance.h"

#include <string.h>

int64_t wasm_memory_grow(struct wasm_runtime *rt, struct wasm_memory *m,
                         uint32_t delta)
{
    uint64_t old = m->size / WASM_PAGE, want = old + delta;
    uint64_t max = m->has_max ? m->max : WASM_MAX_PAGES;
    if (max > rt->cfg.max_memory_pages)
        max = rt->cfg.max_memory_pages;
    if (want > max)
        return -1;
    if (delta == 0)
        return (int64_t)old;
    if (want * WASM_PAGE > SIZE_MAX)
        return -1;
    /* A new memory comes zeroed from the allocator, which can leave fresh
     * pages untouched (hello's 128 KiB cost 32 page faults to memset). */
    uint8_t *p = m->base ? wasm_realloc(rt, m->base, (size_t)(want * WASM_PAGE))
                         : wasm_alloc(rt, (size_t)(want * WASM_PAGE));
    if (!p)
        return -1;
    if (m->base)
        memset(p + m->size, 0, (size_t)(want * WASM_PAGE - m->size));
    m->base = p;
    m->size = want * WASM_PAGE;
    return (int64_t)old;
}

int64_t wasm_table_grow(struct wasm_runtime *rt, struct wasm_table *t,
                        uint32_t delta, void *init)
{
    uint64_t old = t->size, want = old + delta;
    uint64_t max = t->has_max ? t->max : UINT32_MAX;
    if (want > max || want > 10000000u) /* implementation limit */
        return -1;
    if (delta == 0)
        return (int64_t)old;
    void **p = wasm_realloc(rt, t->elems, (size_t)want * sizeof(void *));
    if (!p)
        return -1;
    for (uint64_t i = old; i < want; i++)
        p[i] = init;
    t->elems = p;
    t->size = (uint32_t)want;
    return (int64_t)old;
}

int wasm_memory_init(struct wasm_instance *in, uint32_t seg, uint32_t d,
                     uint32_t s, uint32_t n)
{
    const struct data *ds = &in->mod->datas[seg];
    uint64_t len = in->data_dropped[seg] ? 0 : ds->len;
    struct wasm_memory *m = in->mem;
    if ((uint64_t)s + n > len || (uint64_t)d + n > m->size)
        return WASM_TRAP_OOB_MEMORY;
    if (n)
        memcpy(m->base + d, ds->bytes + s, n);
    return WASM_OK;
}

int wasm_table_init(struct wasm_instance *in, uint32_t seg, uint32_t table,
                    uint32_t d, uint32_t s, uint32_t n)
{
    const struct elem *es = &in->mod->elems[seg];
    uint64_t len = in->elem_dropped[seg] ? 0 : es->n;
    struct wasm_table *t = in->tables[table];
    if ((uint64_t)s + n > len || (uint64_t)d + n > t->size)
        return WASM_TRAP_OOB_TABLE;
    for (uint32_t i = 0; i < n; i++)
        t->elems[d + i] =
            (void *)(uintptr_t)wasm_const_eval(in, &es->items[s + i]);
    return WASM_OK;
}

int wasm_table_copy(struct wasm_table *dst, struct wasm_table *src, uint32_t d,
                    uint32_t s, uint32_t n)
{
    if ((uint64_t)s + n > src->size || (uint64_t)d + n > dst->size)
        return WASM_TRAP_OOB_TABLE;
    if (n)
        memmove(dst->elems + d, src->elems + s, n * sizeof(void *));
    return WASM_OK;
}
