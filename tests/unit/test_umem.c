/* SPDX-License-Identifier: MIT */
/*
 * umem against simulated frames: a pmm over a small pretend address space,
 * a byte array for its contents and a protection per page, so every call's
 * effect on frames, contents and page tables can be checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/mm/pmm.h"
#include "kernel/umem/umem.h"
#include "skiff/errno.h"

#define BASE   0x100000ull
#define SIZE   0x100000ull /* 256 pages */
#define NPAGES (SIZE / UMEM_PAGE)
#define RW     (UMEM_PROT_READ | UMEM_PROT_WRITE)
#define PRIV   UMEM_MAP_PRIVATE
#define ANON   (UMEM_MAP_PRIVATE | UMEM_MAP_ANONYMOUS)

static struct pmm frames;
static uint8_t mem[SIZE];
static int prot[NPAGES];
static struct umem_region store[8];
static struct umem m;
static int fill_calls, fill_fail;

static uint8_t *at(uint64_t va)
{
    assert_true(va >= BASE && va < BASE + SIZE);
    return &mem[va - BASE];
}

static int f_claim(void *c, uint64_t b, uint64_t n)
{
    (void)c;
    return pmm_claim(&frames, b, n);
}

static int f_alloc(void *c, uint64_t n, uint64_t *b)
{
    (void)c;
    return pmm_alloc_top(&frames, n, 0, 0, b);
}

static void f_free(void *c, uint64_t b, uint64_t n)
{
    (void)c;
    assert_int_equal(pmm_free(&frames, b, n), 0);
}

static int f_protect(void *c, uint64_t va, uint64_t len, int p)
{
    (void)c;
    for (uint64_t a = va; a < va + len; a += UMEM_PAGE)
        prot[(a - BASE) / UMEM_PAGE] = p;
    return 0;
}

static void f_zero(void *c, uint64_t va, uint64_t len)
{
    (void)c;
    memset(at(va), 0, len);
}

static void f_copy(void *c, uint64_t d, uint64_t s, uint64_t len)
{
    (void)c;
    memmove(at(d), at(s), len);
}

static int f_fill(void *c, int fd, uint64_t va, uint64_t len, uint64_t off)
{
    (void)c;
    fill_calls++;
    if (fill_fail)
        return -EACCES;
    for (uint64_t i = 0; i < len; i++)
        *at(va + i) = (uint8_t)(fd + off + i);
    return 0;
}

static int f_check(void *c, int fd, int prot_write, int shared)
{
    (void)c;
    return fd < 0 ? -EBADF : (prot_write && shared ? -EACCES : 0);
}

static const struct umem_ops ops = {
    f_claim, f_alloc, f_free, f_protect, f_zero, f_copy, f_fill, f_check, 0};

static int setup(void **state)
{
    (void)state;
    pmm_init(&frames);
    pmm_add(&frames, BASE, SIZE);
    memset(mem, 0xaa, sizeof(mem));
    for (unsigned i = 0; i < NPAGES; i++)
        prot[i] = -1;
    fill_calls = fill_fail = 0;
    umem_init(&m, &ops, store, 8, BASE + SIZE);
    return 0;
}

static int prot_of(uint64_t va)
{
    return prot[(va - BASE) / UMEM_PAGE];
}

static void test_claim_and_brk(void **state)
{
    (void)state;
    uint64_t img = BASE + 0x10000;
    assert_int_equal(umem_claim(&m, img, 0x2800, UMEM_PROT_READ, UMEM_IMAGE),
                     0);
    assert_int_equal(m.bytes, 0x3000);
    assert_int_equal(*at(img + 0x2fff), 0); /* zeroed, page-rounded */
    assert_int_equal(prot_of(img), UMEM_PROT_READ);
    assert_int_equal(umem_claim(&m, img + 0x2000, 0x1000, RW, UMEM_IMAGE),
                     -ENOMEM); /* overlaps */
    assert_int_equal(umem_claim(&m, img + 1, 0x1000, RW, UMEM_IMAGE), -EINVAL);
    umem_brk_init(&m, img + 0x2800);
    uint64_t b0 = img + 0x3000;
    assert_int_equal(umem_brk(&m, 0), (long)b0); /* query */
    assert_int_equal(umem_brk(&m, b0 + 100), (long)(b0 + 100));
    assert_int_equal(prot_of(b0), RW);
    *at(b0 + 50) = 7;
    assert_int_equal(umem_brk(&m, b0 + 0x2000), (long)(b0 + 0x2000));
    assert_int_equal(*at(b0 + 50), 7); /* growth keeps the contents */
    /* A mapping in the way stops the break, which then stays put. */
    assert_int_equal(
        umem_mmap(&m, b0 + 0x3000, 0x1000, RW, ANON | UMEM_MAP_FIXED, -1, 0),
        (long)(b0 + 0x3000));
    assert_int_equal(umem_brk(&m, b0 + 0x4000), (long)(b0 + 0x2000));
    /* Shrinking gives the frames back. */
    uint64_t free0 = frames.free_pages;
    assert_int_equal(umem_brk(&m, b0), (long)b0);
    assert_int_equal(frames.free_pages, free0 + 2);
    assert_int_equal(prot_of(b0), -1);
    assert_int_equal(umem_brk(&m, img), (long)b0); /* below the start */
}

static void test_mmap_args(void **state)
{
    (void)state;
    assert_int_equal(umem_mmap(&m, 0, 0, RW, ANON, -1, 0), -EINVAL);
    assert_int_equal(umem_mmap(&m, 0, 4096, RW, UMEM_MAP_ANONYMOUS, -1, 0),
                     -EINVAL); /* neither private nor shared */
    assert_int_equal(umem_mmap(&m, 0, 4096, 8, ANON, -1, 0), -EINVAL);
    assert_int_equal(umem_mmap(&m, 0, 4096, RW, PRIV, 3, 100), -EINVAL);
    assert_int_equal(umem_mmap(&m, 0, 1ull << 40, RW, ANON, -1, 0), -ENOMEM);
    assert_int_equal(umem_mmap(&m, 0, UINT64_MAX, RW, ANON, -1, 0), -ENOMEM);
    assert_int_equal(
        umem_mmap(&m, BASE + 1, 4096, RW, ANON | UMEM_MAP_FIXED, -1, 0),
        -EINVAL);
    assert_int_equal(m.n, 0);
    assert_int_equal(frames.free_pages, NPAGES);
}

static void test_mmap_anywhere_hint_fixed(void **state)
{
    (void)state;
    long a = umem_mmap(&m, 0, 5000, RW, ANON, -1, 0);
    assert_true(a > 0);
    assert_int_equal(a, (long)(BASE + SIZE - 0x2000)); /* from the top */
    assert_int_equal(*at((uint64_t)a + 4999), 0);
    assert_true(umem_ok(&m, (uint64_t)a, 0x2000, RW));
    assert_false(umem_ok(&m, (uint64_t)a, 0x2001, UMEM_PROT_READ));
    /* A free, aligned hint is honoured; a taken one is not. */
    long h = umem_mmap(&m, BASE + 0x40000, 4096, UMEM_PROT_READ, ANON, -1, 0);
    assert_int_equal(h, (long)(BASE + 0x40000));
    long h2 = umem_mmap(&m, BASE + 0x40000, 4096, RW, ANON, -1, 0);
    assert_true(h2 > 0 && h2 != h);
    /* MAP_FIXED replaces, with fresh zeroed pages; NOREPLACE refuses. */
    *at((uint64_t)h) = 9;
    assert_int_equal(umem_mmap(&m, (uint64_t)h, 4096, RW,
                               ANON | UMEM_MAP_FIXED_NOREP, -1, 0),
                     -EEXIST);
    assert_int_equal(
        umem_mmap(&m, (uint64_t)h, 4096, RW, ANON | UMEM_MAP_FIXED, -1, 0), h);
    assert_int_equal(*at((uint64_t)h), 0);
    assert_int_equal(prot_of((uint64_t)h), RW);
}

static void test_munmap_mprotect(void **state)
{
    (void)state;
    uint64_t a = BASE + 0x20000;
    assert_int_equal(umem_mmap(&m, a, 0x4000, RW, ANON | UMEM_MAP_FIXED, -1, 0),
                     (long)a);
    assert_int_equal(umem_munmap(&m, a + 0x1000, 0x1000), 0);
    assert_int_equal(m.n, 2);
    assert_false(umem_ok(&m, a, 0x3000, UMEM_PROT_READ));
    assert_int_equal(umem_mprotect(&m, a, 0x3000, UMEM_PROT_READ), -ENOMEM);
    assert_int_equal(umem_mprotect(&m, a + 0x2000, 0x1000, UMEM_PROT_READ), 0);
    assert_int_equal(m.n, 3);
    assert_int_equal(prot_of(a + 0x2000), UMEM_PROT_READ);
    assert_int_equal(prot_of(a + 0x3000), RW);
    assert_true(umem_ok(&m, a + 0x2000, 0x1000, UMEM_PROT_READ));
    assert_false(umem_ok(&m, a + 0x2000, 0x1000, RW));
    /* Back to RW: the pieces merge again. */
    assert_int_equal(umem_mprotect(&m, a + 0x2000, 0x1000, RW), 0);
    assert_int_equal(m.n, 2);
    /* PROT_NONE pages are mapped but not accessible. */
    assert_int_equal(umem_mprotect(&m, a, 0x1000, 0), 0);
    assert_false(umem_ok(&m, a, 1, 0));
    assert_int_equal(umem_munmap(&m, a + 1, 4096), -EINVAL);
    assert_int_equal(umem_munmap(&m, a, 0), -EINVAL);
    assert_int_equal(umem_munmap(&m, BASE, SIZE), 0); /* holes are fine */
    assert_int_equal(m.n, 0);
    assert_int_equal(frames.free_pages, NPAGES);
}

static void test_mremap(void **state)
{
    (void)state;
    uint64_t a = BASE + 0x30000;
    assert_int_equal(umem_mmap(&m, a, 0x1000, RW, ANON | UMEM_MAP_FIXED, -1, 0),
                     (long)a);
    *at(a) = 42;
    /* Grow in place. */
    assert_int_equal(umem_mremap(&m, a, 0x1000, 0x2000, 0, 0), (long)a);
    assert_int_equal(prot_of(a + 0x1000), RW);
    /* Blocked: without MAYMOVE no, with it the contents move. */
    assert_int_equal(
        umem_mmap(&m, a + 0x2000, 0x1000, RW, ANON | UMEM_MAP_FIXED, -1, 0),
        (long)(a + 0x2000));
    assert_int_equal(umem_mremap(&m, a, 0x2000, 0x3000, 0, 0), -ENOMEM);
    long b = umem_mremap(&m, a, 0x2000, 0x3000, UMEM_MREMAP_MAYMOVE, 0);
    assert_true(b > 0 && (uint64_t)b != a);
    assert_int_equal(*at((uint64_t)b), 42);
    assert_false(umem_ok(&m, a, 1, UMEM_PROT_READ));
    /* Shrink. */
    assert_int_equal(umem_mremap(&m, (uint64_t)b, 0x3000, 0x1000, 0, 0), b);
    assert_false(umem_ok(&m, (uint64_t)b + 0x1000, 1, UMEM_PROT_READ));
    assert_int_equal(umem_mremap(&m, a, 0x1000, 0x2000, 0, 0), -EFAULT);
    assert_int_equal(umem_mremap(&m, (uint64_t)b, 0x1000, 0, 0, 0), -EINVAL);
    assert_int_equal(umem_mremap(&m, (uint64_t)b, 0x1000, 0x2000, 8, 0),
                     -EINVAL);
}

static void test_madvise_and_files(void **state)
{
    (void)state;
    long a = umem_mmap(&m, 0, 0x2000, RW, ANON, -1, 0);
    memset(at((uint64_t)a), 5, 0x2000);
    assert_int_equal(umem_madvise(&m, (uint64_t)a, 0x1000, UMEM_MADV_DONTNEED),
                     0);
    assert_int_equal(*at((uint64_t)a), 0);
    assert_int_equal(*at((uint64_t)a + 0x1000), 5);
    assert_int_equal(umem_madvise(&m, BASE, 0x1000, UMEM_MADV_DONTNEED),
                     -ENOMEM);
    long f = umem_mmap(&m, 0, 100, UMEM_PROT_READ, PRIV, 3, 0x1000);
    assert_true(f > 0);
    assert_int_equal(fill_calls, 1);
    assert_int_equal(*at((uint64_t)f + 1), (uint8_t)(3 + 0x1000 + 1));
    assert_int_equal(prot_of((uint64_t)f), UMEM_PROT_READ);
    assert_int_equal(umem_mmap(&m, 0, 100, RW, UMEM_MAP_SHARED, 3, 0), -EACCES);
    assert_int_equal(umem_mmap(&m, 0, 100, RW, PRIV, -1, 0), -EBADF);
    assert_int_equal(umem_madvise(&m, (uint64_t)a, 0x1000, 6), -EINVAL);
    assert_int_equal(umem_madvise(&m, (uint64_t)a, 0x1000, 26), -EINVAL);
    assert_int_equal(umem_madvise(&m, (uint64_t)a, 0x1000, 14), 0);
    fill_fail = 1;
    uint64_t free0 = frames.free_pages;
    assert_int_equal(umem_mmap(&m, 0, 100, UMEM_PROT_READ, PRIV, 3, 0),
                     -EACCES);
    assert_int_equal(frames.free_pages, free0); /* nothing leaked */
}

static void test_full_map(void **state)
{
    (void)state;
    uint64_t free0 = frames.free_pages;
    int got = 0;
    for (int i = 0; i < 20; i++) {
        /* Alternate protections so nothing merges. */
        long r =
            umem_mmap(&m, 0, 4096, i & 1 ? RW : UMEM_PROT_READ, ANON, -1, 0);
        if (r < 0) {
            assert_int_equal(r, -ENOMEM);
            break;
        }
        got++;
    }
    assert_int_equal(got, 8);
    assert_int_equal(frames.free_pages, free0 - 8);
    umem_release(&m);
    assert_int_equal(frames.free_pages, free0);
    assert_int_equal(m.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_claim_and_brk, setup),
        cmocka_unit_test_setup(test_mmap_args, setup),
        cmocka_unit_test_setup(test_mmap_anywhere_hint_fixed, setup),
        cmocka_unit_test_setup(test_munmap_mprotect, setup),
        cmocka_unit_test_setup(test_mremap, setup),
        cmocka_unit_test_setup(test_madvise_and_files, setup),
        cmocka_unit_test_setup(test_full_map, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
