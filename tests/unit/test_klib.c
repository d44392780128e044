/* SPDX-License-Identifier: MIT */
/* Host tests for klib's printf engine and string helpers. */
#include "lib/klib/klib.h"
#include "skiff/diag.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

static char buf[128];

#define CHECK(expect, ...)                                                     \
    do {                                                                       \
        int n_ = ksnprintf(buf, sizeof(buf), __VA_ARGS__);                     \
        assert_string_equal(buf, expect);                                      \
        assert_int_equal(n_, (int)strlen(expect));                             \
    } while (0)

static void test_integers(void **state)
{
    (void)state;
    CHECK("42", "%d", 42);
    CHECK("-42", "%d", -42);
    CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
    CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    CHECK("ff FF 777", "%x %X %o", 255u, 255u, 0777u);
    CHECK("00001234", "%08x", 0x1234u);
    CHECK("   12|12   |", "%5d|%-5d|", 12, 12);
    CHECK("-0012", "%05d", -12);
    CHECK("0x1000", "%p", (void *)0x1000);
    CHECK("123", "%zu", (size_t)123);
    CHECK("007", "%.3u", 7u);
}

static void test_strings(void **state)
{
    (void)state;
    CHECK("abc", "%s", "abc");
    CHECK("ab", "%.2s", "abc");
    CHECK("  x", "%3c", 'x');
    const char *volatile null = NULL; /* hidden from -Wformat-overflow */
    CHECK("(null)", "%s", null);
    CHECK("  ab", "%*s", 4, "ab");
    CHECK("100%", "100%%");
}

static void test_truncation(void **state)
{
    (void)state;
    char small[4];
    assert_int_equal(ksnprintf(small, sizeof(small), "%s", "abcdef"), 6);
    assert_string_equal(small, "abc");
    assert_int_equal(ksnprintf(small, 0, "%d", 12345), 5);
    char one[1] = {'x'};
    ksnprintf(one, 1, "zz");
    assert_int_equal(one[0], '\0');
}

static void test_strlcpy_and_diag(void **state)
{
    (void)state;
    char d[4];
    assert_int_equal(kstrlcpy(d, "hello", sizeof(d)), 5);
    assert_string_equal(d, "hel");
    struct diag dg;
    diag_set(&dg, "madt: entry %d length %d < %d", 3, 2, 8);
    assert_string_equal(dg.msg, "madt: entry 3 length 2 < 8");
    diag_set(NULL, "ignored %d", 1); /* must not crash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_strlcpy_and_diag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
