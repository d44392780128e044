/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for kernel/exec: exec_elf_check on the input as a file
 * image (an exact-size heap copy, so ASan catches any read past the end);
 * when accepted, every documented property of the description is checked,
 * every segment placed at a base derived from the input, and the initial
 * stack built with argv/envp cut from the input's tail.
 * Build: make build/fuzz/fuzz_elf. Seeds: tests/fuzz/corpus/elf/, written
 * by tests/fuzz/gen_elf_seeds.c from the unit tests' fixtures.
 */
#include "kernel/exec/exec.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        __builtin_trap();
}

static void check_image(const struct exec_image *img, size_t len)
{
    check(img->type == EXEC_FIXED || img->type == EXEC_PIE);
    check(img->nseg >= 1 && img->nseg <= EXEC_MAX_SEGS);
    check(img->lo % EXEC_PAGE == 0 && img->hi % EXEC_PAGE == 0);
    check(img->lo < img->hi && img->hi <= EXEC_USER_TOP);
    check(img->hi - img->lo <= EXEC_MAX_SPAN);
    check(img->type == EXEC_PIE || img->lo >= EXEC_LOW_LIMIT);
    check(img->phnum <= 64 && img->phent == 56);
    uint64_t prev_end = 0;
    int entry_ok = 0;
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct exec_seg *g = &img->seg[i];
        check(g->filesz <= g->memsz && g->memsz > 0);
        check(g->offset <= len && g->filesz <= len - g->offset);
        check((g->vaddr & ~(uint64_t)(EXEC_PAGE - 1)) >= prev_end);
        prev_end = (g->vaddr + g->memsz + EXEC_PAGE - 1) & ~0xfffull;
        check(g->vaddr >= img->lo && prev_end <= img->hi);
        if ((g->prot & EXEC_PROT_X) && img->entry >= g->vaddr &&
            img->entry - g->vaddr < g->memsz)
            entry_ok = 1;
    }
    check(entry_ok);
}

/* (must): the base is one the loader would pick, so placing succeeds. */
static void place_all(const struct exec_image *img, uint64_t base, size_t len,
                      int must)
{
    for (unsigned i = 0; i <= img->nseg; i++) {
        struct exec_place p;
        int rc = exec_segment_place(img, base, i, &p);
        if (i == img->nseg || rc) {
            check(rc == -EINVAL && (i == img->nseg || !must));
            continue;
        }
        check(p.start % EXEC_PAGE == 0 && p.end % EXEC_PAGE == 0);
        check(p.start <= p.copy_to && p.copy_to < p.end);
        check(p.end <= EXEC_USER_TOP && p.start >= EXEC_LOW_LIMIT);
        check(p.file_len <= p.end - p.copy_to);
        check(p.file_off <= len && p.file_len <= len - p.file_off);
    }
}

/* Up to 6 strings cut from (t, n) at NUL bytes, for argv and envp. */
static void stack(const struct exec_image *img, uint64_t base, const uint8_t *t,
                  size_t n)
{
    static uint8_t buf[2048];
    char *s = malloc(n + 1);
    const char *argv[4] = {0}, *envp[4] = {0};
    if (!s)
        return;
    memcpy(s, t, n);
    s[n] = '\0';
    for (size_t k = 0, at = 0; k < 6 && at <= n; k++) {
        const char **slot = k < 3 ? &argv[k] : &envp[k - 3];
        *slot = s + at;
        at += strlen(s + at) + 1;
    }
    const uint8_t rnd[16] = {0};
    struct exec_stack_args a = {.argv = argv,
                                .envp = envp,
                                .img = img,
                                .base = base,
                                .random = rnd,
                                .minsigstksz = n & 1 ? 2048 : 0};
    uint64_t rsp = 0, top = 0x7fffffffe000ull;
    int rc = exec_stack_build(buf, sizeof(buf), top, &a, &rsp);
    check(rc == 0 || rc == -E2BIG);
    if (rc == 0)
        check(rsp % 16 == 0 && rsp < top && top - rsp <= sizeof(buf));
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct exec_image img;
    struct diag d = {""};
    uint8_t *c = malloc(size ? size : 1);
    if (!c)
        return 0;
    memcpy(c, data, size);
    int rc = exec_elf_check(c, size, &img, &d);
    check(memchr(d.msg, '\0', sizeof(d.msg)) != NULL);
    if (rc == 0) {
        check(d.msg[0] == '\0');
        check_image(&img, size);
        /* A good base, then one from bytes 40-47 (e_shoff, which the
         * check ignores). */
        uint64_t good = img.type == EXEC_PIE ? 0x10000000 : 0, base = 0;
        place_all(&img, good, size, 1);
        if (size >= 48)
            memcpy(&base, data + 40, 8);
        place_all(&img, base & ~0xfffull, size, 0);
        stack(&img, good, data + size / 2, size - size / 2);
    } else {
        check(rc == -ENOEXEC && d.msg[0] != '\0');
    }
    free(c);
    return 0;
}
