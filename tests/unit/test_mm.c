/* SPDX-License-Identifier: MIT */
/* Host tests for the page-frame allocator and the kernel heap. */
#include "kernel/mm/heap.h"
#include "kernel/mm/pmm.h"
#include "skiff/errno.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define P PMM_PAGE

static void test_pmm_add_merge(void **state)
{
    (void)state;
    static struct pmm p;
    pmm_init(&p);
    assert_int_equal(pmm_add(&p, 0x1000, 0x3000), 0);
    assert_int_equal(pmm_add(&p, 0x4000, 0x1000), 0); /* touching: merged */
    assert_int_equal(p.n, 1);
    assert_int_equal(pmm_add(&p, 0x2000, 0x8000), 0); /* overlapping */
    assert_int_equal(p.n, 1);
    assert_int_equal(p.ext[0].base, 0x1000);
    assert_int_equal(p.ext[0].end, 0xa000);
    assert_int_equal(p.free_pages, 9); /* overlap not counted twice */
    assert_int_equal(pmm_add(&p, 0x10800, 0x1000), 0); /* no whole page */
    assert_int_equal(p.n, 1);
}

static void test_pmm_reserve_split(void **state)
{
    (void)state;
    static struct pmm p;
    pmm_init(&p);
    pmm_add(&p, 0, 0x100000);
    assert_int_equal(pmm_reserve(&p, 0x10010, 0x10), 0); /* widened */
    assert_int_equal(p.n, 2);
    assert_int_equal(p.ext[0].end, 0x10000);
    assert_int_equal(p.ext[1].base, 0x11000);
    assert_int_equal(p.total_pages, 255);
    assert_int_equal(p.free_pages, 255);
    assert_int_equal(pmm_reserve(&p, 0, 0x100000), 0);
    assert_int_equal(p.n, 0);
    assert_int_equal(p.free_pages, 0);
}

static void test_pmm_alloc_free(void **state)
{
    (void)state;
    static struct pmm p;
    uint64_t a, b, c;
    pmm_init(&p);
    pmm_add(&p, 0x1000, 0x20000);
    assert_int_equal(pmm_alloc(&p, 1, 0, 0, &a), 0);
    assert_int_equal(a, 0x1000);
    assert_int_equal(pmm_alloc(&p, 2, 0x4000, 0, &b), 0);
    assert_int_equal(b, 0x4000);
    assert_int_equal(pmm_alloc(&p, 1000, 0, 0, &c), -ENOMEM);
    assert_int_equal(pmm_alloc(&p, 1, 3 * P, 0, &c), -EINVAL);
    assert_int_equal(pmm_alloc(&p, 0, 0, 0, &c), -EINVAL);
    assert_int_equal(pmm_alloc(&p, 4, 0, 0x4000, &c), -ENOMEM); /* limit */
    assert_int_equal(pmm_free(&p, b, 2), 0);
    assert_int_equal(pmm_free(&p, b, 2), -EINVAL); /* double free */
    assert_int_equal(pmm_free(&p, a + 1, 1), -EINVAL);
    assert_int_equal(pmm_free(&p, a, 1), 0);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.free_pages, 0x20);
}

static void test_pmm_alloc_top_and_claim(void **state)
{
    (void)state;
    static struct pmm p;
    uint64_t a, b, c;
    pmm_init(&p);
    pmm_add(&p, 0x1000, 0x20000);   /* [0x1000, 0x21000) */
    pmm_add(&p, 0x100000, 0x10000); /* [0x100000, 0x110000) */
    assert_int_equal(pmm_alloc_top(&p, 1, 0, 0, &a), 0);
    assert_int_equal(a, 0x10f000); /* highest page first */
    assert_int_equal(pmm_alloc_top(&p, 2, 0x8000, 0, &b), 0);
    assert_int_equal(b, 0x108000);
    /* A limit below the top extent moves to the lower one. */
    assert_int_equal(pmm_alloc_top(&p, 1, 0, 0x20800, &c), 0);
    assert_int_equal(c, 0x1f000);
    assert_int_equal(pmm_alloc_top(&p, 1, 0, 0x1000, &c), -ENOMEM);
    assert_int_equal(pmm_alloc_top(&p, 0x100, 0, 0, &c), -ENOMEM);
    assert_int_equal(pmm_alloc_top(&p, 1, 3 * P, 0, &c), -EINVAL);
    /* Claims take an exact range, all of it free, or nothing. */
    assert_int_equal(pmm_claim(&p, 0x2000, 2), 0);
    assert_int_equal(pmm_claim(&p, 0x3000, 1), -ENOMEM);  /* taken */
    assert_int_equal(pmm_claim(&p, 0x1f000, 2), -ENOMEM); /* half taken */
    assert_int_equal(pmm_claim(&p, 0x10e000, 1), 0);
    assert_int_equal(pmm_claim(&p, 0x2001, 1), -EINVAL);
    assert_int_equal(pmm_claim(&p, 0x5000, 0), -EINVAL);
    assert_int_equal(pmm_claim(&p, 0xfffffffffffff000ull, 2), -EINVAL);
    assert_int_equal(pmm_free(&p, 0x2000, 2), 0);
    assert_int_equal(p.free_pages, 0x20 + 0x10 - 1 - 2 - 1 - 1);
}

static void test_pmm_overflow_and_full(void **state)
{
    (void)state;
    static struct pmm p;
    pmm_init(&p);
    assert_int_equal(pmm_add(&p, UINT64_MAX - 0x1fff, 0x10000), 0);
    assert_true(p.n <= 1);
    pmm_init(&p);
    for (unsigned i = 0; i < PMM_MAX_EXTENTS; i++)
        assert_int_equal(pmm_add(&p, (uint64_t)i * 2 * P, P), 0);
    assert_int_equal(pmm_add(&p, 1000 * P, P), -ENOSPC);
    /* A reservation that must split a full table reports it. */
    pmm_init(&p);
    pmm_add(&p, 0, 1000 * P);
    for (unsigned i = 1; i < PMM_MAX_EXTENTS; i++)
        pmm_reserve(&p, (uint64_t)i * 2 * P, P);
    assert_int_equal(p.n, PMM_MAX_EXTENTS);
    assert_int_equal(pmm_reserve(&p, 900 * P, P), -ENOSPC);
}

/* Page source for heap tests: real aligned memory, with a failure switch.
 * Freed pages are kept (not returned to libc) so that a double free reads
 * valid memory and the heap, not ASan, must catch it. */
static int fail_pages;
static size_t pages_out;
static void *given[8192];
static size_t ngiven;

static int src_alloc(void *ctx, size_t n, void **out)
{
    (void)ctx;
    if (fail_pages || ngiven == sizeof(given) / sizeof(given[0]))
        return -ENOMEM;
    *out = aligned_alloc(4096, n * 4096);
    if (!*out)
        return -ENOMEM;
    given[ngiven++] = *out;
    pages_out += n;
    return 0;
}

/* Teardown: hand every page back to libc once the heap is done with it. */
static int release_pages(void **state)
{
    (void)state;
    while (ngiven)
        free(given[--ngiven]);
    return 0;
}

static void src_free(void *ctx, void *p, size_t n)
{
    (void)ctx;
    (void)p;
    pages_out -= n;
}

static void test_heap_basic(void **state)
{
    (void)state;
    struct heap h;
    heap_init(&h, src_alloc, src_free, NULL);
    fail_pages = 0;
    char *a = heap_alloc(&h, 10), *b = heap_alloc(&h, 10);
    assert_non_null(a);
    assert_ptr_not_equal(a, b);
    assert_int_equal((uintptr_t)a % 16, 0);
    memset(a, 0xaa, 10);
    char *big = heap_alloc(&h, 10000);
    assert_non_null(big);
    memset(big, 1, 10000);
    assert_int_equal(h.st.allocs, 3);
    assert_int_equal(heap_free(&h, a), 0);
    assert_int_equal(heap_free(&h, b), 0);
    assert_int_equal(heap_free(&h, big), 0);
    assert_int_equal(h.st.in_use, 0);
    assert_int_equal(heap_free(&h, a), -EINVAL); /* double free */
    assert_int_equal(heap_free(&h, big), -EINVAL);
    assert_int_equal(h.st.bad_frees, 2);
    assert_int_equal(heap_free(&h, NULL), 0);
    /* Freed small blocks are reused, last freed first. */
    assert_ptr_equal(heap_alloc(&h, 12), b);
    assert_ptr_equal(heap_alloc(&h, 12), a);
}

static void test_heap_aligned_calloc_realloc(void **state)
{
    (void)state;
    struct heap h;
    heap_init(&h, src_alloc, src_free, NULL);
    fail_pages = 0;
    for (size_t al = 32; al <= 8192; al *= 2) {
        void *p = heap_alloc_aligned(&h, al, 100);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % al, 0);
        assert_int_equal(heap_free(&h, p), 0);
    }
    assert_null(heap_alloc_aligned(&h, 48, 10));
    unsigned char *z = heap_calloc(&h, 100, 30);
    for (int i = 0; i < 3000; i++)
        assert_int_equal(z[i], 0);
    assert_null(heap_calloc(&h, SIZE_MAX / 2, 4)); /* overflow */
    memset(z, 7, 3000);
    unsigned char *r = heap_realloc(&h, z, 9000);
    assert_non_null(r);
    for (int i = 0; i < 3000; i++)
        assert_int_equal(r[i], 7);
    r = heap_realloc(&h, r, 5);
    assert_int_equal(r[4], 7);
    assert_int_equal(heap_free(&h, r), 0);
    assert_int_equal(h.st.in_use, 0);
}

static void test_heap_oom(void **state)
{
    (void)state;
    struct heap h;
    heap_init(&h, src_alloc, src_free, NULL);
    fail_pages = 1;
    assert_null(heap_alloc(&h, 10));
    assert_null(heap_alloc(&h, 100000));
    assert_null(heap_alloc(&h, SIZE_MAX));
    assert_int_equal(h.st.failures, 3);
    fail_pages = 0;
    void *p = heap_alloc(&h, 10);
    assert_non_null(p);
    fail_pages = 1;
    assert_null(heap_realloc(&h, p, 100000)); /* old block stays valid */
    fail_pages = 0;
    assert_int_equal(heap_free(&h, p), 0);
}

static void test_heap_stress(void **state)
{
    (void)state;
    struct heap h;
    heap_init(&h, src_alloc, src_free, NULL);
    fail_pages = 0;
    static void *ptrs[512];
    unsigned seed = 1;
    for (int round = 0; round < 20000; round++) {
        seed = seed * 1103515245 + 12345;
        unsigned i = (seed >> 8) % 512;
        if (ptrs[i]) {
            assert_int_equal(heap_free(&h, ptrs[i]), 0);
            ptrs[i] = NULL;
        } else {
            size_t n = (seed >> 16) % 6000;
            ptrs[i] = heap_alloc(&h, n);
            assert_non_null(ptrs[i]);
            memset(ptrs[i], (int)i, n);
        }
    }
    for (int i = 0; i < 512; i++)
        heap_free(&h, ptrs[i]);
    assert_int_equal(h.st.in_use, 0);
    assert_int_equal(h.st.bad_frees, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pmm_add_merge),
        cmocka_unit_test(test_pmm_reserve_split),
        cmocka_unit_test(test_pmm_alloc_free),
        cmocka_unit_test(test_pmm_alloc_top_and_claim),
        cmocka_unit_test(test_pmm_overflow_and_full),
        cmocka_unit_test_teardown(test_heap_basic, release_pages),
        cmocka_unit_test_teardown(test_heap_aligned_calloc_realloc,
                                  release_pages),
        cmocka_unit_test_teardown(test_heap_oom, release_pages),
        cmocka_unit_test_teardown(test_heap_stress, release_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
