/* SPDX-License-Identifier: MIT */
/* Host tests for skiff-wasm's allocator (tools/skiff-wasm/arena.c): small
 * blocks come from the arena, aligned, zeroed when asked even where a freed
 * block left data; the last block grows and is freed in place; large
 * blocks and an exhausted arena fall back to libc; contents survive every
 * move. The arena is one static buffer, so the tests run in order. */
#include "tools/skiff-wasm/arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void fill(unsigned char *p, size_t n, unsigned char v)
{
    memset(p, v, n);
}

static int all(const unsigned char *p, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != v)
            return 0;
    return 1;
}

static void test_aligned_and_distinct(void **state)
{
    (void)state;
    unsigned char *a = arena_realloc(NULL, NULL, 1);
    unsigned char *b = arena_realloc(NULL, NULL, 17);
    unsigned char *c = arena_zalloc(NULL, 40);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_int_equal((uintptr_t)a % 16, 0);
    assert_int_equal((uintptr_t)b % 16, 0);
    assert_int_equal((uintptr_t)c % 16, 0);
    assert_true(b >= a + 16);
    assert_true(c >= b + 32);
    assert_true(all(c, 40, 0));
}

/* The last block grows where it is; freeing it lets the next block reuse
 * its bytes, and zalloc must clear what the freed block wrote. */
static void test_last_block_in_place(void **state)
{
    (void)state;
    unsigned char *p = arena_realloc(NULL, NULL, 32);
    fill(p, 32, 0xAB);
    unsigned char *q = arena_realloc(NULL, p, 4000);
    assert_ptr_equal(q, p);
    assert_true(all(q, 32, 0xAB));
    fill(q, 4000, 0xCD);
    arena_realloc(NULL, q, 0);
    unsigned char *z = arena_zalloc(NULL, 4000);
    assert_ptr_equal(z, p);
    assert_true(all(z, 4000, 0));
}

/* A block that is not the last moves when it grows, keeping its bytes. */
static void test_move_keeps_contents(void **state)
{
    (void)state;
    unsigned char *a = arena_realloc(NULL, NULL, 64);
    fill(a, 64, 0x5A);
    unsigned char *b = arena_realloc(NULL, NULL, 16);
    unsigned char *a2 = arena_realloc(NULL, a, 1000);
    assert_non_null(a2);
    assert_ptr_not_equal(a2, a);
    assert_true(a2 > b);
    assert_true(all(a2, 64, 0x5A));
    /* shrinking keeps the block */
    assert_ptr_equal(arena_realloc(NULL, a2, 10), a2);
}

/* Over the block limit: libc's memory, which realloc and free handle. */
static void test_large_goes_to_libc(void **state)
{
    (void)state;
    unsigned char *small = arena_realloc(NULL, NULL, 1024);
    fill(small, 1024, 0x77);
    unsigned char *big = arena_realloc(NULL, small, 1 << 20);
    assert_non_null(big);
    assert_true(all(big, 1024, 0x77));
    unsigned char *z = arena_zalloc(NULL, 256 << 10);
    assert_non_null(z);
    assert_true(all(z, 256 << 10, 0));
    big = arena_realloc(NULL, big, 2 << 20);
    assert_non_null(big);
    assert_true(all(big, 1024, 0x77));
    arena_realloc(NULL, big, 0);
    arena_realloc(NULL, z, 0);
}

/* Filling the arena: allocation keeps working, from libc, and every block
 * still holds what was written to it. */
static void test_exhaustion_falls_back(void **state)
{
    (void)state;
    enum { N = 1200, SZ = 60 << 10 }; /* 70 MiB, over the 64 MiB cap */
    static unsigned char *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = arena_zalloc(NULL, SZ);
        assert_non_null(p[i]);
        assert_true(all(p[i], SZ, 0));
        fill(p[i], SZ, (unsigned char)i);
    }
    for (int i = 0; i < N; i++)
        assert_true(all(p[i], SZ, (unsigned char)i));
    for (int i = N - 1; i >= 0; i--)
        arena_realloc(NULL, p[i], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aligned_and_distinct),
        cmocka_unit_test(test_last_block_in_place),
        cmocka_unit_test(test_move_keeps_contents),
        cmocka_unit_test(test_large_goes_to_libc),
        cmocka_unit_test(test_exhaustion_falls_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
