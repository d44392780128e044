/* SPDX-License-Identifier: MIT */
/*
 * wasm: the byte reader under the decoder (spec 5.2: LEB128 integers,
 * names), error messages, and allocation through the embedder's realloc.
 * A failed read sets r->failed and records the first message only, so the
 * decoder can check once per construct instead of after every byte.
 */
#include "lib/wasm/wasm_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void *wasm_alloc(struct wasm_runtime *rt, size_t n)
{
    if (rt->cfg.zalloc)
        return rt->cfg.zalloc(rt->cfg.alloc_ctx, n ? n : 1);
    void *p = rt->cfg.realloc(rt->cfg.alloc_ctx, NULL, n ? n : 1);
    if (p)
        memset(p, 0, n ? n : 1);
    return p;
}

void *wasm_realloc(struct wasm_runtime *rt, void *p, size_t n)
{
    return rt->cfg.realloc(rt->cfg.alloc_ctx, p, n ? n : 1);
}

void wasm_free(struct wasm_runtime *rt, void *p)
{
    if (p)
        rt->cfg.realloc(rt->cfg.alloc_ctx, p, 0);
}

void wasm_err(struct werr *e, const char *fmt, ...)
{
    va_list ap;
    if (!e || !e->buf || !e->len || e->buf[0])
        return; /* keep the first message: it names the cause */
    va_start(ap, fmt);
    vsnprintf(e->buf, e->len, fmt, ap);
    va_end(ap);
}

void rd_fail(struct reader *r, const char *rule)
{
    if (!r->failed)
        wasm_err(r->err, "%s section, offset 0x%zx: %s",
                 r->section ? r->section : "module", (size_t)(r->p - r->base),
                 rule);
    r->failed = true;
    r->p = r->end;
}

uint8_t rd_u8(struct reader *r)
{
    if (r->p >= r->end) {
        rd_fail(r, "unexpected end");
        return 0;
    }
    return *r->p++;
}

/* Unsigned or signed LEB128 of at most `bits` bits (spec 5.2.2). */
static uint64_t leb(struct reader *r, unsigned bits, bool sign)
{
    uint64_t v = 0;
    unsigned shift = 0;
    for (;;) {
        if (r->p >= r->end) {
            rd_fail(r, "unexpected end (LEB128 integer)");
            return 0;
        }
        uint8_t b = *r->p++;
        unsigned left = bits - shift; /* bits still allowed */
        if (left < 7) {
            /* Last byte: no continuation; unused bits must be zero or,
             * when signed, copies of the sign bit. */
            if (b & 0x80) {
                rd_fail(r, "integer representation too long");
                return 0;
            }
            uint8_t extra = (uint8_t)(b >> left);
            uint8_t want = 0;
            if (sign && (b >> (left - 1)) & 1)
                want = (uint8_t)(0x7f >> left);
            if (extra != want) {
                rd_fail(r, "integer too large");
                return 0;
            }
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            if (sign && shift < 64 && (b & 0x40))
                v |= ~(uint64_t)0 << shift;
            return v;
        }
        if (shift >= bits) {
            rd_fail(r, "integer representation too long");
            return 0;
        }
    }
}

uint32_t rd_u32(struct reader *r)
{
    return (uint32_t)leb(r, 32, false);
}
int32_t rd_s32(struct reader *r)
{
    return (int32_t)leb(r, 32, true);
}
int64_t rd_s64(struct reader *r)
{
    return (int64_t)leb(r, 64, true);
}
int64_t rd_s33(struct reader *r)
{
    return (int64_t)leb(r, 33, true);
}

const uint8_t *rd_bytes(struct reader *r, size_t n)
{
    if ((size_t)(r->end - r->p) < n) {
        rd_fail(r, "unexpected end (length out of bounds)");
        return NULL;
    }
    const uint8_t *p = r->p;
    r->p += n;
    return p;
}

/* UTF-8 check (spec 5.2.4 names): no overlongs, surrogates or > U+10FFFF. */
static bool utf8_ok(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        unsigned len, min;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            len = 2, min = 0x80, cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3, min = 0x800, cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        for (unsigned k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
            return false;
        i += len;
    }
    return true;
}

char *rd_name(struct reader *r, struct wasm_runtime *rt, uint32_t *len)
{
    uint32_t n = rd_u32(r);
    const uint8_t *s = r->failed ? NULL : rd_bytes(r, n);
    if (!s)
        return NULL;
    if (!utf8_ok(s, n)) {
        rd_fail(r, "malformed UTF-8 encoding");
        return NULL;
    }
    char *out = wasm_alloc(rt, (size_t)n + 1);
    if (!out) {
        rd_fail(r, "out of memory");
        return NULL;
    }
    memcpy(out, s, n);
    if (len)
        *len = n;
    return out;
}

bool wasm_is_reftype(uint8_t t)
{
    return t == WASM_FUNCREF || t == WASM_EXTERNREF;
}

bool wasm_is_valtype(uint8_t t)
{
    return t == WASM_I32 || t == WASM_I64 || t == WASM_F32 || t == WASM_F64 ||
           t == WASM_V128 || wasm_is_reftype(t);
}

uint32_t wasm_slots(const uint8_t *t, uint32_t n)
{
    uint32_t s = n;
    for (uint32_t i = 0; i < n; i++)
        s += t[i] == WASM_V128;
    return s;
}

void wasm_vals_to_cells(const uint8_t *t, uint32_t n, const union wasm_val *v,
                        cell *c)
{
    for (uint32_t i = 0; i < n; i++) {
        (c++)->u = v[i].bits;
        if (t[i] == WASM_V128)
            (c++)->u = v[i].v128[1];
    }
}

void wasm_cells_to_vals(const uint8_t *t, uint32_t n, const cell *c,
                        union wasm_val *v)
{
    for (uint32_t i = 0; i < n; i++) {
        v[i].bits = (c++)->u;
        if (t[i] == WASM_V128)
            v[i].v128[1] = (c++)->u;
    }
}

bool wasm_functype_eq(const struct functype *a, const struct functype *b)
{
    return a == b || (a->nparams == b->nparams && a->nresults == b->nresults &&
                      !memcmp(a->types, b->types, a->nparams + a->nresults));
}
