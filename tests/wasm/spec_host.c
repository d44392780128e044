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

static int nan_kind(const char *val)
{
    if (!strcmp(val, "nan:canonical"))
        return SPEC_NAN_CANONICAL;
    if (!strcmp(val, "nan:arithmetic"))
        return SPEC_NAN_ARITHMETIC;
    return SPEC_EXACT;
}

/* "i32:1_2_3_4" after "v128:": the lane shape, then each lane's bits in
 * decimal or a NaN pattern; lanes are stored little-endian. */
static int parse_v128(const char *val, struct spec_value *v)
{
    static const struct {
        const char *name;
        uint8_t lanes;
    } shapes[] = {{"i8:", 16}, {"i16:", 8}, {"i32:", 4},
                  {"i64:", 2}, {"f32:", 4}, {"f64:", 2}};
    v->lanes = 0;
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        if (!strncmp(val, shapes[i].name, strlen(shapes[i].name))) {
            v->lanes = shapes[i].lanes;
            val += strlen(shapes[i].name);
        }
    if (!v->lanes)
        return -1;
    unsigned size = 16 / v->lanes;
    uint8_t bytes[16];
    for (unsigned i = 0; i < v->lanes; i++) {
        char lane[64];
        size_t n = strcspn(val, "_");
        if (!n || n >= sizeof lane)
            return -1;
        memcpy(lane, val, n);
        lane[n] = 0;
        val += n + (val[n] == '_');
        v->lane_kind[i] = (uint8_t)nan_kind(lane);
        uint64_t bits =
            v->lane_kind[i] == SPEC_EXACT ? strtoull(lane, NULL, 10) : 0;
        memcpy(bytes + i * size, &bits, size); /* little-endian host */
    }
    memcpy(v->v.v128, bytes, 16);
    return 0;
}

/* "i32:123", "f32:nan:canonical", "externref:null", "funcref:any",
 * "v128:f32:1_nan:canonical_3_4" */
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
    if (!v->type)
        return -1;
    v->kind = SPEC_EXACT;
    memset(&v->v, 0, sizeof v->v);
    if (v->type == WASM_V128)
        return parse_v128(val, v);
    v->kind = nan_kind(val);
    if (v->kind == SPEC_EXACT && !strcmp(val, "any"))
        v->kind = SPEC_NONNULL;
    else if (v->kind != SPEC_EXACT || !strcmp(val, "null"))
        v->v.bits = 0;
    else if (v->type == WASM_EXTERNREF || v->type == WASM_FUNCREF)
        v->v.bits = strtoull(val, NULL, 10) + 1; /* extern N is N + 1 */
    else
        v->v.bits = strtoull(val, NULL, 10);
    return 0;
}

/* Whether bits, an f32 or f64, is the NaN that kind asks for. */
static bool nan_match(int kind, bool f32, uint64_t bits)
{
    uint64_t exp = f32 ? 0x7f800000u : 0x7ff0000000000000ull;
    uint64_t quiet = f32 ? 0x00400000u : 0x0008000000000000ull;
    uint64_t abs = bits & (f32 ? 0x7fffffffu : 0x7fffffffffffffffull);
    if (kind == SPEC_NAN_CANONICAL)
        return abs == (exp | quiet);
    return (abs & (exp | quiet)) == (exp | quiet);
}

/* A v128 lane by lane: NaN patterns per lane, else the exact bits. */
static bool v128_match(const struct spec_value *want, union wasm_val got)
{
    unsigned size = 16 / want->lanes;
    uint8_t w[16], g[16];
    memcpy(w, want->v.v128, 16);
    memcpy(g, got.v128, 16);
    for (unsigned i = 0; i < want->lanes; i++) {
        uint64_t bits = 0;
        memcpy(&bits, g + i * size, size);
        if (want->lane_kind[i] != SPEC_EXACT
                ? !nan_match(want->lane_kind[i], size == 4, bits)
                : memcmp(w + i * size, g + i * size, size))
            return false;
    }
    return true;
}

bool spec_match(const struct spec_value *want, union wasm_val got)
{
    bool f32 = want->type == WASM_F32;
    uint64_t bits = f32 ? (uint32_t)got.bits : got.bits;
    if (want->type == WASM_V128)
        return v128_match(want, got);
    switch (want->kind) {
    case SPEC_NAN_CANONICAL:
    case SPEC_NAN_ARITHMETIC: return nan_match(want->kind, f32, bits);
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
