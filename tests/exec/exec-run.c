/* SPDX-License-Identifier: MIT */
/*
 * exec-run: load a static ELF executable into this Linux process with
 * kernel/exec's plan, and jump to it. It is Skiff's loader with Linux
 * underneath: exec_elf_check() decides, exec_segment_place() says which
 * pages to map and what to copy, exec_stack_build() writes the initial
 * stack; only the allocation (mmap) and the final jump are this file's.
 * The program then runs with the real Linux system calls, so its output
 * shows whether libc (musl, static-PIE musl, glibc's busybox) accepted the
 * stack and the auxv. Nothing is mapped over this process:
 * MAP_FIXED_NOREPLACE refuses an address in use.
 * Usage: exec-run FILE [ARG...]   (the program's argv[0] is FILE)
 * Exit status: the program's; 126 when the file is refused or cannot be
 * loaded (the reason on stderr).
 */
#define _GNU_SOURCE
#include "kernel/exec/exec.h"
#include "skiff/diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>

#define PIE_BASE   0x200000000ull /* 8 GiB: far from this process */
#define STACK_TOP  0x300000000ull
#define STACK_SIZE (1u << 20)

extern char **environ;

static int die(const char *what, const char *why)
{
    fprintf(stderr, "exec-run: %s: %s\n", what, why);
    return 126;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    uint8_t *b = n > 0 ? malloc((size_t)n) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int prot_of(unsigned p)
{
    return (p & EXEC_PROT_R ? PROT_READ : 0) |
           (p & EXEC_PROT_W ? PROT_WRITE : 0) |
           (p & EXEC_PROT_X ? PROT_EXEC : 0);
}

/* Map, fill and protect every segment, as Skiff's loader will. */
static int load(const struct exec_image *img, const uint8_t *file,
                uint64_t base)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        struct exec_place p;
        if (exec_segment_place(img, base, i, &p))
            return -1;
        void *at = (void *)(uintptr_t)p.start;
        if (mmap(at, p.end - p.start, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1,
                 0) != at)
            return -1;
        memcpy((void *)(uintptr_t)p.copy_to, file + p.file_off, p.file_len);
        if (mprotect(at, p.end - p.start, prot_of(p.prot)))
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static struct exec_image img;
    struct diag d = {""};
    size_t len = 0;
    if (argc < 2)
        return die("usage", "exec-run FILE [ARG...]");
    uint8_t *file = slurp(argv[1], &len);
    if (!file)
        return die(argv[1], "cannot read");
    if (exec_elf_check(file, len, &img, &d))
        return die(argv[1], d.msg);
    uint64_t base = img.type == EXEC_PIE ? PIE_BASE : 0;
    if (load(&img, file, base))
        return die(argv[1], "cannot map its segments");
    void *stk = mmap((void *)(uintptr_t)(STACK_TOP - STACK_SIZE), STACK_SIZE,
                     PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    uint8_t rnd[16];
    if (stk == MAP_FAILED || getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
        return die(argv[1], "no stack");
    struct exec_stack_args a = {
        .argv = (const char *const *)argv + 1,
        .envp = (const char *const *)environ,
        .img = &img,
        .base = base,
        .hwcap = getauxval(AT_HWCAP),
        .random = rnd,
        .minsigstksz = getauxval(AT_MINSIGSTKSZ),
    };
    uint64_t rsp;
    if (exec_stack_build(stk, STACK_SIZE, STACK_TOP, &a, &rsp))
        return die(argv[1], "arguments do not fit the stack");
    fflush(NULL);
    /* psABI §3.4.1: rsp at argc, rdx 0 (no function for atexit). */
    __asm__ volatile("mov %0, %%rsp\n\t"
                     "xor %%edx, %%edx\n\t"
                     "xor %%ebp, %%ebp\n\t"
                     "jmp *%1"
                     :
                     : "r"(rsp), "r"(base + img.entry)
                     : "memory");
    __builtin_unreachable();
}
