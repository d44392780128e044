/* SPDX-License-Identifier: MIT */
/*
 * Spec-test runner: the "spectest" module every script may import
 * (print functions, globals of value 666, a table and a memory), and
 * value parsing and matching for the command lines of spec2cmd.py.
 */
#include "tests/wasm/spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_fn(void *ctx, struct wasm_instance *caller,
                    const union wasm_val *args, union wasm_val *results)
{
    (void)ctx, (void)caller, (void)args, (void)results;
    return WASM_OK;
}

int spec_spectest(struct wasm_runtime *rt, const char *name,
                  struct wasm_extern *out)
{
    static const struct {
        const char *name;
        uint8_t params[2];
        size_t n;
    } prints[] = {
        {"print", {0}, 0},
        {"print_i32", {WASM_I32}, 1},
        {"print_i64", {WASM_I64}, 1},
        {"print_f32", {WASM_F32}, 1},
        {"print_f64", {WASM_F64}, 1},
        {"print_i32_f32", {WASM_I32, WASM_F32}, 2},
        {"print_f64_f64", {WASM_F64, WASM_F64}, 2},
    };
    for (size_t i = 0; i < sizeof prints / sizeof *prints; i++)
        if (!strcmp(name, prints[i].name)) {
            out->kind = WASM_EXTERN_FUNC;
            out->u.func = wasm_func_host(rt, prints[i].params, prints[i].n,
                                         NULL, 0, print_fn, NULL);
            return 0;
        }
    union wasm_val v = {.bits = 0};
    uint8_t t = 0;
    if (!strcmp(name, "global_i32"))
        t = WASM_I32, v.i32 = 666;
    else if (!strcmp(name, "global_i64"))
        t = WASM_I64, v.i64 = 666;
    else if (!strcmp(name, "global_f32"))
        t = WASM_F32, v.f32 = 666.6f;
    else if (!strcmp(name, "global_f64"))
        t = WASM_F64, v.f64 = 666.6;
    if (t) {
        out->kind = WASM_EXTERN_GLOBAL;
        out->u.global = wasm_global_host(rt, t, 0, v);
        return 0;
    }
    if (!strcmp(name, "table")) {
        out->kind = WASM_EXTERN_TABLE;
        out->u.table = wasm_table_host(rt, WASM_FUNCREF, 10, 20);
        return 0;
    }
    if (!strcmp(name, "memory")) {
        out->kind = WASM_EXTERN_MEMORY;
        out->u.memory = wasm_memory_host(rt, 1, 2);
        return 0;
    }
    return -1;
}

/* "i32:123", "f32:nan:canonical", "externref:null", "funcref:any" */
int spec_parse_value(const char *tok, struct spec_value *v)
{
    const char *colon = strchr(tok, ':');
    if (!colon)
        return -1;
    size_t tl = (size_t)(colon - tok);
    const char *val = colon + 1;
    static const struct {
        const char *name;
        uint8_t type;
    } types[] = {{"i32", WASM_I32},         {"i64", WASM_I64},
                 {"f32", WASM_F32},         {"f64", WASM_F64},
                 {"funcref", WASM_FUNCREF}, {"externref", WASM_EXTERNREF},
                 {"v128", WASM_V128}};
    v->type = 0;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strlen(types[i].name) == tl && !strncmp(tok, types[i].name, tl))
            v->type = types[i].type;
    if (!v->type || v->type == WASM_V128)
        return -1;
    v->kind = SPEC_EXACT;
    v->v.bits = 0;
    if (!strcmp(val, "nan:canonical"))
        v->kind = SPEC_NAN_CANONICAL;
    else if (!strcmp(val, "nan:arithmetic"))
        v->kind = SPEC_NAN_ARITHMETIC;
    else if (!strcmp(val, "any"))
        v->kind = SPEC_NONNULL;
    else if (!strcmp(val, "null"))
        v->v.bits = 0;
    else if (v->type == WASM_EXTERNREF || v->type == WASM_FUNCREF)
        v->v.bits = strtoull(val, NULL, 10) + 1; /* extern N is N + 1 */
    else
        v->v.bits = strtoull(val, NULL, 10);
    return 0;
}

bool spec_match(const struct spec_value *want, union wasm_val got)
{
    bool f32 = want->type == WASM_F32;
    uint64_t bits = f32 ? (uint32_t)got.bits : got.bits;
    uint64_t exp = f32 ? 0x7f800000u : 0x7ff0000000000000ull;
    uint64_t quiet = f32 ? 0x00400000u : 0x0008000000000000ull;
    uint64_t abs = bits & (f32 ? 0x7fffffffu : 0x7fffffffffffffffull);
    switch (want->kind) {
    case SPEC_NAN_CANONICAL: return abs == (exp | quiet);
    case SPEC_NAN_ARITHMETIC: return (abs & (exp | quiet)) == (exp | quiet);
    case SPEC_NONNULL: return got.bits != 0;
    default:
        if (want->type == WASM_I32 || f32)
            return (uint32_t)got.bits == (uint32_t)want->v.bits;
        return got.bits == want->v.bits;
    }
}

/* Decode a hex-encoded name ("-" is the empty string) in place. */
char *spec_unhex(char *s)
{
    return spec_unhex_n(s, NULL);
}

char *spec_unhex_n(char *s, size_t *len)
{
    if (!strcmp(s, "-")) {
        s[0] = 0;
        if (len)
            *len = 0;
        return s;
    }
    size_t n = strlen(s) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned b;
        sscanf(s + 2 * i, "%2x", &b);
        s[i] = (char)b;
    }
    s[n] = 0;
    if (len)
        *len = n;
    return s;
}
