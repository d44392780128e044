/* SPDX-License-Identifier: MIT */
/*
 * Shared fixture of the lib/param unit tests (test_param_grammar.c and
 * test_param_values.c, one binary each): the declarations of param_decls.h,
 * one result and argv, and helpers that parse a line and check the outcome.
 * Defines data: include it in exactly one file of a binary.
 */
#ifndef SKIFF_TEST_PARAM_FIXTURE_H
#define SKIFF_TEST_PARAM_FIXTURE_H
#include "tests/unit/param_decls.h"

#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#define B     PARAM_SECTION_BEGIN
#define E     PARAM_SECTION_END
#define NDECL PARAM_TEST_NDECL

static struct param_result res;
static char *argv[8];
static char abuf[256];
static struct diag dg;
static struct param_argv av = {"app", argv, 8, abuf, sizeof(abuf)};

static inline int parse_n(const char *s, size_t n)
{
    param_reset(B, E);
    dg.msg[0] = '\0';
    return param_parse(s, n, B, E, &av, &res, &dg);
}

static inline int parse(const char *s)
{
    return parse_n(s, strlen(s));
}

/* argv must be exactly "app" followed by the NULL-terminated (want). */
static inline void check_argv(const char *const *want)
{
    int n = 0;
    assert_string_equal(argv[0], "app");
    while (want[n]) {
        assert_true(n + 1 < res.argc + 1);
        assert_non_null(argv[n + 1]);
        assert_string_equal(argv[n + 1], want[n]);
        n++;
    }
    assert_int_equal(res.argc, n + 1);
    assert_null(argv[res.argc]);
}
#define ARGV(...) check_argv((const char *const[]){__VA_ARGS__, NULL})
#define NOARGS()  check_argv((const char *const[]){NULL})

/* Some message contains (sub). */
static inline bool has_msg(const char *sub)
{
    for (unsigned i = 0; i < res.nmsgs; i++)
        if (strstr(res.msgs[i].text, sub))
            return true;
    return false;
}
#define HAS(sub) assert_true(has_msg(sub) || (printf("missing: %s\n", sub), 0))
#define CLEAN()                                                                \
    (assert_int_equal(res.errors, 0), assert_int_equal(res.warnings, 0))

#endif
