/* SPDX-License-Identifier: MIT */
/*
 * Host tests for lib/wasm's public API (include/skiff/wasm.h): loading
 * and its error messages, imports of host functions, calls and results,
 * trap codes and names, the memory cap, fuel, call depth, v128 values
 * through calls, host functions and globals, and that every allocation
 * goes through the embedder's allocator and is given back.
 */
#include "skiff/wasm.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <malloc.h>

/* api.wat:
 * (module
 *   (import "env" "double" (func $double (param i32) (result i32)))
 *   (memory 1)
 *   (func (export "add") (param i32 i32) (result i32)
 *     (i32.add (local.get 0) (local.get 1)))
 *   (func (export "div") (param i32 i32) (result i32)
 *     (i32.div_s (local.get 0) (local.get 1)))
 *   (func (export "quad") (param i32) (result i32)
 *     (call $double (call $double (local.get 0))))
 *   (func (export "grow") (param i32) (result i32)
 *     (memory.grow (local.get 0)))
 *   (func (export "spin") (loop (br 0)))
 *   (func $rec (export "rec") (call $rec)))
 */
static const unsigned char api_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0f, 0x03, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00,
    0x00, 0x02, 0x0e, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x64, 0x6f, 0x75,
    0x62, 0x6c, 0x65, 0x00, 0x00, 0x03, 0x07, 0x06, 0x01, 0x01, 0x00, 0x00,
    0x02, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x28, 0x06, 0x03, 0x61,
    0x64, 0x64, 0x00, 0x01, 0x03, 0x64, 0x69, 0x76, 0x00, 0x02, 0x04, 0x71,
    0x75, 0x61, 0x64, 0x00, 0x03, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x04,
    0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x05, 0x03, 0x72, 0x65, 0x63, 0x00,
    0x06, 0x0a, 0x2e, 0x06, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
    0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b, 0x08, 0x00, 0x20, 0x00,
    0x10, 0x00, 0x10, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b,
    0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x04, 0x00, 0x10, 0x06,
    0x0b};

/* v128.wat:
 * (module
 *   (import "env" "swap" (func $swap (param v128 i32) (result i32 v128)))
 *   (global (export "g") v128 (v128.const i32x4 1 2 3 4))
 *   (func (export "f") (param $a v128) (param $n i32) (param $b v128)
 *     (result i32 v128)
 *     (call $swap (i32x4.add (local.get $a) (local.get $b)) (local.get $n))))
 */
static const unsigned char v128_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x02, 0x60,
    0x02, 0x7b, 0x7f, 0x02, 0x7f, 0x7b, 0x60, 0x03, 0x7b, 0x7f, 0x7b, 0x02,
    0x7f, 0x7b, 0x02, 0x0c, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x73, 0x77,
    0x61, 0x70, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x06, 0x16, 0x01, 0x7b,
    0x00, 0xfd, 0x0c, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x0b, 0x07, 0x09, 0x02, 0x01,
    0x67, 0x03, 0x00, 0x01, 0x66, 0x00, 0x01, 0x0a, 0x0f, 0x01, 0x0d, 0x00,
    0x20, 0x00, 0x20, 0x02, 0xfd, 0xae, 0x01, 0x20, 0x01, 0x10, 0x00, 0x0b};

/* The embedder's allocator: counts live blocks. */
static long live;

static void *counting_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    if (n == 0) {
        if (p)
            live--;
        free(p);
        return NULL;
    }
    if (!p)
        live++;
    return realloc(p, n);
}

/* Without zalloc: new and grown bytes hold garbage, as realloc allows, so
 * that only the runtime's own zeroing can make them zero. */
static void *dirty_realloc(void *ctx, void *p, size_t n)
{
    size_t old = p && n ? malloc_usable_size(p) : 0;
    void *q = counting_realloc(ctx, p, n);
    if (q && n > old)
        memset((char *)q + old, 0xcd, n - old);
    return q;
}

static void *counting_zalloc(void *ctx, size_t n)
{
    (void)ctx;
    live++;
    return calloc(1, n);
}

static int double_fn(void *ctx, struct wasm_instance *caller,
                     const union wasm_val *args, union wasm_val *results)
{
    (void)caller;
    (*(int *)ctx)++;
    results[0].i32 = args[0].i32 * 2;
    return WASM_OK;
}

/* swap(v, n) = (n + 1, v with n added to its first i32 lane) */
static int swap_fn(void *ctx, struct wasm_instance *caller,
                   const union wasm_val *args, union wasm_val *results)
{
    (void)ctx, (void)caller;
    uint32_t lanes[4];
    memcpy(lanes, args[0].v128, 16);
    lanes[0] += args[1].i32;
    results[0].i32 = args[1].i32 + 1;
    memcpy(results[1].v128, lanes, 16);
    return WASM_OK;
}

struct fixture {
    struct wasm_runtime *rt;
    struct wasm_module *m;
    struct wasm_instance *in;
    int host_calls;
};

static struct fixture fx;

static int setup_cfg(uint32_t pages, uint64_t fuel, bool zalloc)
{
    struct wasm_config cfg = wasm_config_default();
    cfg.realloc = zalloc ? counting_realloc : dirty_realloc;
    cfg.zalloc = zalloc ? counting_zalloc : NULL;
    cfg.max_memory_pages = pages;
    cfg.max_call_depth = 500;
    cfg.fuel = fuel;
    char err[200];
    memset(&fx, 0, sizeof fx);
    fx.rt = wasm_runtime_new(&cfg);
    if (!fx.rt || wasm_module_load(fx.rt, api_wasm, sizeof api_wasm, &fx.m, err,
                                   sizeof err))
        return -1;
    static const uint8_t i32[] = {WASM_I32};
    struct wasm_extern imp = {.kind = WASM_EXTERN_FUNC};
    imp.u.func =
        wasm_func_host(fx.rt, i32, 1, i32, 1, double_fn, &fx.host_calls);
    int trap;
    return wasm_instantiate(fx.rt, fx.m, &imp, 1, &fx.in, &trap, err,
                            sizeof err);
}

static int setup(void **state)
{
    (void)state;
    return setup_cfg(4, 0, true);
}

static int setup_fuel(void **state)
{
    (void)state;
    return setup_cfg(4, 100000, true);
}

/* Without zalloc the runtime zeroes realloc's blocks itself. */
static int setup_no_zalloc(void **state)
{
    (void)state;
    return setup_cfg(4, 0, false);
}

static int teardown(void **state)
{
    (void)state;
    wasm_instance_free(fx.in);
    wasm_module_free(fx.m);
    wasm_runtime_free(fx.rt);
    return live == 0 ? 0 : -1; /* every block given back */
}

static int call(const char *name, const union wasm_val *args,
                union wasm_val *res)
{
    struct wasm_extern x;
    assert_int_equal(wasm_instance_export(fx.in, name, &x), 0);
    assert_int_equal(x.kind, WASM_EXTERN_FUNC);
    return wasm_call(fx.rt, x.u.func, args, res);
}

static void test_call_and_exports(void **state)
{
    (void)state;
    union wasm_val args[2] = {{.i32 = 40}, {.i32 = 2}}, res[1];
    assert_int_equal(call("add", args, res), WASM_OK);
    assert_int_equal(res[0].i32, 42);
    struct wasm_extern x;
    assert_int_equal(wasm_instance_export(fx.in, "nope", &x), -1);
    size_t np, nr;
    const uint8_t *p, *r;
    wasm_instance_export(fx.in, "add", &x);
    wasm_func_type(x.u.func, &np, &p, &nr, &r);
    assert_int_equal(np, 2);
    assert_int_equal(nr, 1);
    assert_int_equal(p[0], WASM_I32);
}

static void test_host_import(void **state)
{
    (void)state;
    union wasm_val args[1] = {{.i32 = 5}}, res[1];
    assert_int_equal(call("quad", args, res), WASM_OK);
    assert_int_equal(res[0].i32, 20);
    assert_int_equal(fx.host_calls, 2);
}

/* A runtime with the default (malloc-based) configuration. */
static struct wasm_runtime *default_runtime(void)
{
    struct wasm_config cfg = wasm_config_default();
    return wasm_runtime_new(&cfg);
}

/* Loading (bytes, n) fails with a message holding want. */
static void load_fails(struct wasm_runtime *rt, const unsigned char *bytes,
                       size_t n, const char *want)
{
    struct wasm_module *m;
    char err[200];
    assert_int_equal(wasm_module_load(rt, bytes, n, &m, err, sizeof err), -1);
    assert_null(m);
    assert_non_null(strstr(err, want));
}

static void test_v128(void **state)
{
    (void)state;
    struct wasm_runtime *rt = default_runtime();
    struct wasm_module *m;
    char err[200];
    assert_int_equal(
        wasm_module_load(rt, v128_wasm, sizeof v128_wasm, &m, err, sizeof err),
        0);
    static const uint8_t params[] = {WASM_V128, WASM_I32};
    static const uint8_t results[] = {WASM_I32, WASM_V128};
    struct wasm_extern imp = {
        .kind = WASM_EXTERN_FUNC,
        .u.func = wasm_func_host(rt, params, 2, results, 2, swap_fn, NULL)};
    struct wasm_instance *in;
    assert_int_equal(
        wasm_instantiate(rt, m, &imp, 1, &in, NULL, err, sizeof err), 0);
    struct wasm_extern g, f;
    assert_int_equal(wasm_instance_export(in, "g", &g), 0);
    assert_int_equal(wasm_global_type(g.u.global), WASM_V128);
    uint32_t lanes[4], want_g[4] = {1, 2, 3, 4};
    union wasm_val v = wasm_global_get(g.u.global);
    memcpy(lanes, v.v128, 16);
    assert_memory_equal(lanes, want_g, 16);
    /* (a, 5, b) with b = 10 a: the v128 after the i32 takes two slots */
    union wasm_val args[3] = {v, {.i32 = 5}, {0}}, res[2];
    uint32_t b[4] = {10, 20, 30, 40}, want[4] = {16, 22, 33, 44};
    memcpy(args[2].v128, b, 16);
    assert_int_equal(wasm_instance_export(in, "f", &f), 0);
    assert_int_equal(wasm_call(rt, f.u.func, args, res), WASM_OK);
    assert_int_equal(res[0].i32, 6);
    memcpy(lanes, res[1].v128, 16);
    assert_memory_equal(lanes, want, 16);
    wasm_instance_free(in);
    wasm_module_free(m);
    /* i32x4.add (0xfd 0xae 0x01) made 0xfd 0x9a 0x01, a reserved opcode */
    unsigned char bad[sizeof v128_wasm];
    memcpy(bad, v128_wasm, sizeof bad);
    bad[89] = 0x9a;
    load_fails(rt, bad, sizeof bad, "offset 0x58: illegal opcode");
    wasm_runtime_free(rt);
}

static void test_traps(void **state)
{
    (void)state;
    union wasm_val args[2] = {{.i32 = 1}, {.i32 = 0}}, res[1];
    int t = call("div", args, res);
    assert_int_equal(t, WASM_TRAP_DIV_ZERO);
    assert_string_equal(wasm_trap_str(t), "integer divide by zero");
    args[0].i32 = 0x80000000u;
    args[1].i32 = 0xffffffffu;
    assert_int_equal(call("div", args, res), WASM_TRAP_INT_OVERFLOW);
    assert_int_equal(call("rec", NULL, NULL), WASM_TRAP_STACK_EXHAUSTED);
    assert_string_equal(wasm_trap_str(WASM_TRAP_STACK_EXHAUSTED),
                        "call stack exhausted");
    assert_string_equal(wasm_trap_str(-1), "unknown trap");
    /* The runtime is usable after a trap. */
    args[0].i32 = 7, args[1].i32 = 2;
    assert_int_equal(call("div", args, res), WASM_OK);
    assert_int_equal(res[0].i32, 3);
}

static void test_memory_cap(void **state)
{
    (void)state;
    union wasm_val args[1] = {{.i32 = 2}}, res[1];
    uint64_t size;
    assert_int_equal(call("grow", args, res), WASM_OK);
    assert_int_equal(res[0].i32, 1); /* old size: 1 page */
    assert_non_null(wasm_instance_memory(fx.in, &size));
    assert_int_equal(size, 3 * 65536);
    args[0].i32 = 2; /* 5 pages > the configured 4 */
    assert_int_equal(call("grow", args, res), WASM_OK);
    assert_int_equal(res[0].i32, 0xffffffffu);
}

/* Memory is zero when made and where it grows, whoever zeroes it. */
static void test_memory_zero(void **state)
{
    (void)state;
    union wasm_val args[1] = {{.i32 = 1}}, res[1];
    uint64_t size;
    const uint8_t *p = wasm_instance_memory(fx.in, &size);
    assert_int_equal(size, 65536);
    for (uint64_t i = 0; i < size; i++)
        assert_int_equal(p[i], 0);
    memset(wasm_instance_memory(fx.in, &size), 0xa5, size);
    assert_int_equal(call("grow", args, res), WASM_OK);
    p = wasm_instance_memory(fx.in, &size);
    assert_int_equal(size, 2 * 65536);
    assert_int_equal(p[65535], 0xa5);
    for (uint64_t i = 65536; i < size; i++)
        assert_int_equal(p[i], 0);
}

static void test_fuel(void **state)
{
    (void)state;
    assert_int_equal(call("spin", NULL, NULL), WASM_TRAP_FUEL);
}

static void test_load_errors(void **state)
{
    (void)state;
    struct wasm_runtime *rt = default_runtime();
    struct wasm_module *m;
    char err[200];
    static const unsigned char bad_magic[] = {0, 'a', 's', 'x', 1, 0, 0, 0};
    load_fails(rt, bad_magic, 8, "magic header not detected");
    /* add with its i32.add replaced by i64.add: a type mismatch */
    unsigned char bad[sizeof api_wasm];
    memcpy(bad, api_wasm, sizeof bad);
    bad[0x6a] = 0x7c;
    assert_int_equal(wasm_module_load(rt, bad, sizeof bad, &m, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "code section"));
    assert_non_null(strstr(err, "type mismatch"));
    assert_non_null(strstr(err, "offset 0x6a"));
    /* cut short inside the code section */
    assert_int_equal(wasm_module_load(rt, api_wasm, sizeof api_wasm - 3, &m,
                                      err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "unexpected end"));
    /* the import must have the declared type */
    assert_int_equal(
        wasm_module_load(rt, api_wasm, sizeof api_wasm, &m, err, sizeof err),
        0);
    static const uint8_t i64[] = {WASM_I64};
    struct wasm_extern imp = {.kind = WASM_EXTERN_FUNC};
    imp.u.func = wasm_func_host(rt, i64, 1, i64, 1, double_fn, NULL);
    struct wasm_instance *in;
    int trap = -1;
    assert_int_equal(
        wasm_instantiate(rt, m, &imp, 1, &in, &trap, err, sizeof err), -1);
    assert_int_equal(trap, WASM_OK);
    assert_non_null(strstr(err, "incompatible import type"));
    wasm_module_free(m);
    wasm_runtime_free(rt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_call_and_exports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_traps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory_zero, setup_no_zalloc,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_memory_cap, setup_no_zalloc,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fuel, setup_fuel, teardown),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_v128),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
