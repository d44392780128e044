/* SPDX-License-Identifier: MIT */
/* exec_elf_check on real binaries: this test program itself (dynamically
 * linked, so refused), and a small program built at test time with
 * musl-gcc -static and as a musl static PIE (tests/apps/static-pie.sh).
 * The musl cases are skipped when musl-gcc is not installed. Each
 * accepted binary is also placed and given a stack. */
#include "kernel/exec/exec.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/exec_tests.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static const char prog[] = "__thread int t = 3;\n"
                           "int main(void) { return t - 3; }\n";

/* Read a whole file into an exact-size heap buffer. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    uint8_t *b = malloc(cap);
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n < cap)
            continue;
        uint8_t *nb = realloc(b, cap *= 2);
        if (!nb)
            free(b);
        b = nb;
    }
    fclose(f);
    *len = n;
    return b;
}

/* Build (prog) with (cmd_fmt) (%s: output, then source) in a temporary
 * directory; NULL when the compiler is missing or fails. */
static uint8_t *build(const char *cmd_fmt, size_t *len)
{
    char dir[] = "/tmp/skiff-exec-XXXXXX", src[64], out[64], cmd[512];
    if (system("command -v musl-gcc >/dev/null 2>&1") != 0 || !mkdtemp(dir))
        return NULL;
    snprintf(src, sizeof(src), "%s/t.c", dir);
    snprintf(out, sizeof(out), "%s/t", dir);
    FILE *f = fopen(src, "w");
    if (!f)
        return NULL;
    fputs(prog, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), cmd_fmt, out, src);
    uint8_t *b = system(cmd) == 0 ? slurp(out, len) : NULL;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return b;
}

/* What every accepted real binary must satisfy. */
static void sane(const uint8_t *b, size_t len, const struct exec_image *img,
                 uint64_t base)
{
    uint64_t e_entry;
    memcpy(&e_entry, b + 24, 8);
    assert_int_equal(img->entry, e_entry);
    assert_true(img->nseg >= 2);
    assert_true(img->has_tls);
    assert_int_equal(img->tls_memsz, 4);
    assert_false(img->exec_stack);
    assert_int_equal(img->phent, 56);
    for (unsigned i = 0; i < img->nseg; i++) {
        struct exec_place p;
        assert_int_equal(exec_segment_place(img, base, i, &p), 0);
        assert_true(p.file_off + p.file_len <= len);
        assert_true(p.start <= p.copy_to && p.copy_to < p.end);
        assert_true(p.start % EXEC_PAGE == 0 && p.end % EXEC_PAGE == 0);
    }
    static uint8_t stack[8192];
    const uint8_t rnd[16] = {1};
    const char *const argv[] = {"/bin/t", NULL};
    struct exec_stack_args a = {
        .argv = argv, .img = img, .base = base, .random = rnd};
    uint64_t rsp;
    assert_int_equal(
        exec_stack_build(stack, sizeof(stack), 0x7fff0000, &a, &rsp), 0);
    assert_int_equal(rsp % 16, 0);
}

void test_real_self(void **state)
{
    (void)state;
    struct diag d = {""};
    static struct exec_image img;
    size_t len;
    uint8_t *b = slurp("/proc/self/exe", &len);
    assert_non_null(b);
    assert_int_equal(exec_elf_check(b, len, &img, &d), -ENOEXEC);
    assert_non_null(strstr(d.msg, "dynamically linked (PT_INTERP)"));
    free(b);
}

/* Build with (cmd), check, and return the description (NULL: skipped). */
static const struct exec_image *accept(const char *cmd, uint64_t base)
{
    static struct exec_image img;
    struct diag d = {""};
    size_t len;
    uint8_t *b = build(cmd, &len);
    if (!b)
        return NULL;
    assert_int_equal(exec_elf_check(b, len, &img, &d), 0);
    assert_string_equal(d.msg, "");
    sane(b, len, &img, base);
    free(b);
    return &img;
}

void test_real_musl(void **state)
{
    (void)state;
    const struct exec_image *img = accept("musl-gcc -static -O2 -o %s %s", 0);
    if (!img)
        skip();
    assert_int_equal(img->type, EXEC_FIXED);
    assert_true(img->lo >= EXEC_LOW_LIMIT);
    assert_int_equal(img->phdr, img->seg[0].vaddr + 64); /* no PT_PHDR */
}

void test_real_musl_pie(void **state)
{
    (void)state;
    const struct exec_image *img =
        accept("tests/apps/static-pie.sh %s %s -O2", 0x10000000);
    if (!img)
        skip();
    assert_int_equal(img->type, EXEC_PIE);
    assert_int_equal(img->lo, 0);
}
