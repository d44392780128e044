/* SPDX-License-Identifier: MIT */
/* exec_stack_build: the stack is built in a heap buffer that pretends to
 * end at user address TOP, then read back the way musl's _start_c and
 * __libc_start_main do: argc at rsp, argv, envp, auxv. */
#include "kernel/exec/exec.h"
#include "kernel/exec/exec_hw.h"
#include "skiff/errno.h"
#include "tests/unit/exec_tests.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define TOP  0x7ffffff000ull
#define SIZE 4096u

static uint8_t *stk;
static const uint8_t rnd[16] = {0xde, 0xad, 0xbe, 0xef, 1, 2,  3,  4,
                                5,    6,    7,    8,    9, 10, 11, 12};
static struct exec_image img = {
    .type = EXEC_PIE, .entry = 0x1210, .phdr = 0x40, .phnum = 6, .phent = 56};

/* Kernel pointer to user address (uva), which must be on the stack. */
static void *at(uint64_t uva, size_t n)
{
    assert_true(uva >= TOP - SIZE && uva + n <= TOP);
    return stk + SIZE - (TOP - uva);
}

static uint64_t word(uint64_t uva)
{
    uint64_t v;
    memcpy(&v, at(uva, 8), 8);
    return v;
}

static const char *str(uint64_t uva)
{
    const char *s = at(uva, 1);
    assert_non_null(memchr(s, '\0', (size_t)(TOP - uva)));
    return s;
}

struct parsed {
    uint64_t argc;
    const char *argv[8], *envp[8];
    uint64_t aux[64]; /* by tag; all tags used are < 64 */
    int seen[64];
    unsigned naux;
};

/* Read the stack at (rsp) as a libc does; checks the NULL terminators. */
static void parse(uint64_t rsp, struct parsed *p)
{
    memset(p, 0, sizeof(*p));
    assert_int_equal(rsp % 16, 0);
    p->argc = word(rsp);
    uint64_t q = rsp + 8;
    for (uint64_t i = 0; i < p->argc; i++, q += 8)
        p->argv[i] = str(word(q));
    assert_int_equal(word(q), 0);
    q += 8;
    for (unsigned i = 0; word(q); i++, q += 8)
        p->envp[i] = str(word(q));
    for (q += 8;; q += 16, p->naux++) {
        uint64_t tag = word(q), val = word(q + 8);
        if (tag == AT_NULL)
            break;
        assert_true(tag < 64);
        assert_false(p->seen[tag]); /* each tag once */
        p->seen[tag] = 1;
        p->aux[tag] = val;
    }
}

static uint64_t minsig; /* AT_MINSIGSTKSZ for the next build() */

static int build(const char *const *argv, const char *const *envp,
                 const char *execfn, uint64_t *rsp)
{
    struct exec_stack_args a = {argv,       envp,       execfn, &img,
                                0x10000000, 0x178bfbff, rnd,    minsig};
    free(stk);
    stk = malloc(SIZE);
    assert_non_null(stk);
    memset(stk, 0x5a, SIZE);
    return exec_stack_build(stk, SIZE, TOP, &a, rsp);
}

void test_stack_layout(void **state)
{
    (void)state;
    const char *const argv[] = {"/bin/t_files", "a b", "", NULL};
    const char *const envp[] = {"HOME=/", "ROOT=", NULL};
    struct parsed p;
    uint64_t rsp;
    assert_int_equal(build(argv, envp, "/bin/t_files", &rsp), 0);
    parse(rsp, &p);
    assert_int_equal(p.argc, 3);
    assert_string_equal(p.argv[0], "/bin/t_files");
    assert_string_equal(p.argv[1], "a b");
    assert_string_equal(p.argv[2], "");
    assert_string_equal(p.envp[0], "HOME=/");
    assert_string_equal(p.envp[1], "ROOT=");
    assert_null(p.envp[2]);
    assert_int_equal(p.naux, 18);
    assert_false(p.seen[AT_MINSIGSTKSZ]); /* 0: left out */
    assert_int_equal(p.aux[AT_PHDR], 0x10000040);
    assert_int_equal(p.aux[AT_PHENT], 56);
    assert_int_equal(p.aux[AT_PHNUM], 6);
    assert_int_equal(p.aux[AT_PAGESZ], 4096);
    assert_true(p.seen[AT_BASE] && p.aux[AT_BASE] == 0);
    assert_true(p.seen[AT_FLAGS] && p.seen[AT_SECURE] && p.seen[AT_HWCAP2]);
    assert_true(p.seen[AT_UID] && p.seen[AT_EUID] && p.seen[AT_GID] &&
                p.seen[AT_EGID]);
    assert_int_equal(p.aux[AT_ENTRY], 0x10001210);
    assert_int_equal(p.aux[AT_HWCAP], 0x178bfbff);
    assert_int_equal(p.aux[AT_CLKTCK], 100);
    assert_string_equal(str(p.aux[AT_PLATFORM]), "x86_64");
    assert_string_equal(str(p.aux[AT_EXECFN]), "/bin/t_files");
    assert_memory_equal(at(p.aux[AT_RANDOM], 16), rnd, 16);
    assert_int_equal(word(TOP - 8), 0); /* Linux's end marker */
    /* The strings sit above the tables, argv first. */
    assert_true(word(rsp + 8) > p.aux[AT_RANDOM]);
    assert_true(word(rsp + 16) == word(rsp + 8) + strlen(argv[0]) + 1);
    minsig = 2048;
    assert_int_equal(build(argv, envp, NULL, &rsp), 0);
    minsig = 0;
    parse(rsp, &p);
    assert_int_equal(p.naux, 19);
    assert_int_equal(p.aux[AT_MINSIGSTKSZ], 2048);
}

/* Every string length shifts the tables; rsp must stay 16-aligned and the
 * random bytes never overlap the platform string or the tables. */
void test_stack_alignment(void **state)
{
    (void)state;
    char s[64];
    for (unsigned n = 0; n < 40; n++) {
        memset(s, 'x', n);
        s[n] = '\0';
        const char *const argv[] = {s, NULL};
        const char *const envp[] = {"A=1", s, NULL};
        for (unsigned e = 0; e < 2; e++) {
            struct parsed p;
            uint64_t rsp;
            assert_int_equal(build(argv, e ? envp : NULL, NULL, &rsp), 0);
            parse(rsp, &p);
            assert_int_equal(p.argc, 1);
            assert_string_equal(p.argv[0], s);
            assert_string_equal(str(p.aux[AT_EXECFN]), s); /* argv[0] */
            assert_true(p.aux[AT_RANDOM] + 16 <= p.aux[AT_PLATFORM]);
            assert_true(rsp + 8 * (4 + e * 2) + 16 * 19 <= p.aux[AT_RANDOM]);
            assert_int_equal(p.argv[0] - (const char *)at(rsp, 8),
                             (ptrdiff_t)(word(rsp + 8) - rsp));
        }
    }
}

void test_stack_empty(void **state)
{
    (void)state;
    struct parsed p;
    uint64_t rsp;
    assert_int_equal(build(NULL, NULL, NULL, &rsp), 0);
    parse(rsp, &p);
    assert_int_equal(p.argc, 0);
    assert_null(p.envp[0]);
    assert_string_equal(str(p.aux[AT_EXECFN]), "");
}

void test_stack_too_big(void **state)
{
    (void)state;
    static char big[SIZE];
    uint64_t rsp = 1;
    memset(big, 'y', sizeof(big) - 1);
    const char *const argv[] = {"t", big, NULL};
    assert_int_equal(build(argv, NULL, NULL, &rsp), -E2BIG);
    assert_int_equal(rsp, 1);
    /* Just fits / just does not: find the longest string that fits and
     * check one more byte is refused. */
    size_t n = SIZE - 600;
    big[n] = '\0';
    while (build(argv, NULL, NULL, &rsp) == 0)
        big[n] = 'y', big[++n] = '\0';
    assert_true(n > SIZE - 600);
    big[n - 1] = '\0';
    assert_int_equal(build(argv, NULL, NULL, &rsp), 0);
    /* Many empty strings: the pointers alone overflow. */
    static const char *many[SIZE / 8 + 1];
    for (size_t i = 0; i < SIZE / 8; i++)
        many[i] = "";
    assert_int_equal(build(many, NULL, NULL, &rsp), -E2BIG);
    /* A misaligned top or a missing image is a caller bug. */
    struct exec_stack_args a = {.img = &img, .random = rnd};
    assert_int_equal(exec_stack_build(stk, SIZE, TOP - 8, &a, &rsp), -EINVAL);
    a.img = NULL;
    assert_int_equal(exec_stack_build(stk, SIZE, TOP, &a, &rsp), -EINVAL);
    free(stk);
    stk = NULL;
}
