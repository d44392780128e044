/* SPDX-License-Identifier: MIT */
/*
 * exec stack: the initial process stack of x86_64 psABI §3.4.1, laid out
 * as Linux's create_elf_tables() does, because libcs rely on more than
 * the psABI promises (musl takes its stack canary from AT_RANDOM and finds
 * PT_TLS through AT_PHDR). From the top of the stack down:
 *   8 zero bytes (Linux's end marker)
 *   strings: argv[0..argc), envp[0..envc), execfn, in ascending address
 *   "x86_64" (AT_PLATFORM)
 *   padding to 16, then 16 random bytes (AT_RANDOM)
 *   padding so that rsp ends 16-aligned
 *   argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL   <- rsp at argc
 * The auxv space is reserved for every entry, AT_MINSIGSTKSZ included;
 * when that one is left out, the unused pair sits above AT_NULL.
 * The buffer is the kernel's view of the stack's top (size) bytes; user
 * addresses are computed from top_uva so a host test can use any buffer.
 * Strings come from the kernel (command line), not from user memory.
 */
#include "kernel/exec/exec.h"
#include "kernel/exec/exec_hw.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define NAUX     20 /* auxv pairs at most, AT_NULL included */
#define PLATFORM "x86_64"

struct sb {
    uint8_t *buf;
    size_t size;
    uint64_t top; /* user address of buf + size */
};

/* Kernel pointer for user address (uva), which the caller keeps within
 * [top - size, top). */
static uint8_t *kptr(const struct sb *b, uint64_t uva)
{
    return b->buf + b->size - (size_t)(b->top - uva);
}

static void put_u64(const struct sb *b, uint64_t uva, uint64_t v)
{
    memcpy(kptr(b, uva), &v, sizeof(v));
}

/* Copy a string to (uva); return the address after its NUL. */
static uint64_t put_str(const struct sb *b, uint64_t uva, const char *s)
{
    size_t n = strlen(s) + 1;
    memcpy(kptr(b, uva), s, n);
    return uva + n;
}

/* Count a NULL-terminated vector and add its strings' sizes to (*bytes);
 * -E2BIG as soon as the bytes exceed (limit). */
static int measure(const char *const *v, size_t limit, size_t *count,
                   size_t *bytes)
{
    *count = 0;
    for (; v && v[*count]; (*count)++) {
        size_t n = strnlen(v[*count], limit) + 1;
        if (n > limit - *bytes)
            return -E2BIG;
        *bytes += n;
    }
    return 0;
}

struct layout {
    size_t argc, envc;
    uint64_t strs;     /* first string byte (argv[0]) */
    uint64_t platform; /* "x86_64" */
    uint64_t random;   /* AT_RANDOM bytes */
    uint64_t sp;       /* argc */
};

static int plan(const struct exec_stack_args *a, const char *execfn,
                size_t limit, uint64_t top, struct layout *l)
{
    size_t bytes = 8;
    size_t fn = strnlen(execfn, limit) + 1;
    if (measure(a->argv, limit, &l->argc, &bytes) ||
        measure(a->envp, limit, &l->envc, &bytes) || fn > limit - bytes)
        return -E2BIG;
    bytes += fn;
    size_t words = 1 + (l->argc + 1) + (l->envc + 1) + 2 * NAUX;
    /* Bytes above rsp, with the worst-case padding: bounded by limit plus
     * a few pages, far from wrapping; compared with limit below. */
    size_t need = bytes + sizeof(PLATFORM) + 15 + 16 + words * 8 + 15;
    if (need > limit)
        return -E2BIG;
    l->strs = top - bytes;
    l->platform = l->strs - sizeof(PLATFORM);
    l->random = (l->platform - 16) & ~(uint64_t)15;
    l->sp = (l->random - words * 8) & ~(uint64_t)15;
    return 0;
}

static uint64_t put_vec(const struct sb *b, uint64_t at, uint64_t *str,
                        const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++, at += 8) {
        put_u64(b, at, *str);
        *str = put_str(b, *str, v[i]);
    }
    put_u64(b, at, 0);
    return at + 8;
}

static void put_auxv(const struct sb *b, uint64_t at,
                     const struct exec_stack_args *a, const struct layout *l,
                     uint64_t execfn)
{
    const struct exec_image *img = a->img;
    const uint64_t aux[NAUX][2] = {
        {AT_PHDR, a->base + img->phdr},
        {AT_PHENT, img->phent},
        {AT_PHNUM, img->phnum},
        {AT_PAGESZ, EXEC_PAGE},
        {AT_BASE, 0}, /* no interpreter */
        {AT_FLAGS, 0},
        {AT_ENTRY, a->base + img->entry},
        {AT_UID, 0},
        {AT_EUID, 0},
        {AT_GID, 0},
        {AT_EGID, 0},
        {AT_SECURE, 0},
        {AT_RANDOM, l->random},
        {AT_HWCAP, a->hwcap},
        {AT_HWCAP2, 0},
        {AT_CLKTCK, 100},
        {AT_PLATFORM, l->platform},
        {AT_EXECFN, execfn},
        {AT_MINSIGSTKSZ, a->minsigstksz},
        {AT_NULL, 0},
    };
    for (unsigned i = 0; i < NAUX; i++, at += 16) {
        if (aux[i][0] == AT_MINSIGSTKSZ && aux[i][1] == 0)
            continue; /* left out rather than claiming 0 bytes suffice */
        put_u64(b, at, aux[i][0]);
        put_u64(b, at + 8, aux[i][1]);
    }
}

int exec_stack_build(void *buf, size_t size, uint64_t top_uva,
                     const struct exec_stack_args *a, uint64_t *rsp)
{
    if (!a->img || !a->random || (top_uva & 15))
        return -EINVAL;
    const char *fn = a->execfn               ? a->execfn
                     : a->argv && a->argv[0] ? a->argv[0]
                                             : "";
    size_t limit = size < top_uva ? size : (size_t)top_uva;
    struct layout l;
    if (plan(a, fn, limit, top_uva, &l))
        return -E2BIG;
    struct sb b = {buf, size, top_uva};
    memset(kptr(&b, l.sp), 0, (size_t)(top_uva - l.sp));
    put_u64(&b, l.sp, l.argc);
    uint64_t str = l.strs;
    uint64_t at = put_vec(&b, l.sp + 8, &str, a->argv, l.argc);
    at = put_vec(&b, at, &str, a->envp, l.envc);
    put_auxv(&b, at, a, &l, str);
    put_str(&b, str, fn);
    put_str(&b, l.platform, PLATFORM);
    memcpy(kptr(&b, l.random), a->random, 16);
    *rsp = l.sp;
    return 0;
}
