/* SPDX-License-Identifier: MIT */
/*
 * exec: check a static x86_64 ELF executable and plan its start, without
 * touching memory other than the buffers given. Three steps for the loader:
 *   1. exec_elf_check() validates the file image and describes it;
 *   2. exec_segment_place() says, per PT_LOAD, which user pages to allocate,
 *      which file bytes to copy where, and the final page protection;
 *   3. exec_stack_build() writes the System V initial stack (argc, argv,
 *      envp, auxv and the strings they point to) into a buffer.
 * Pure code, no allocation, callable from any context; also built on the
 * host for the unit tests and the fuzzer.
 * Specs: ELF gABI (program header), x86_64 psABI §3.4.1 (initial stack),
 * Linux fs/binfmt_elf.c for the auxv entries musl and glibc read.
 */
#ifndef SKIFF_EXEC_H
#define SKIFF_EXEC_H
#include <stddef.h>
#include <stdint.h>

struct diag;

#define EXEC_PAGE      4096u
#define EXEC_MAX_PHDRS 64u          /* e_phnum bound */
#define EXEC_MAX_SEGS  16u          /* PT_LOAD bound */
#define EXEC_MAX_SPAN  (1ull << 30) /* hi - lo bound: 1 GiB */
#define EXEC_USER_TOP  (1ull << 47) /* end of the lower canonical half */
#define EXEC_LOW_LIMIT 0x10000ull   /* ET_EXEC may not load below */

/* Page protections (from p_flags PF_R/PF_W/PF_X). */
#define EXEC_PROT_R 1u
#define EXEC_PROT_W 2u
#define EXEC_PROT_X 4u

enum exec_type {
    EXEC_FIXED = 1, /* ET_EXEC: addresses are absolute */
    EXEC_PIE = 2,   /* ET_DYN without PT_INTERP: addresses are base-relative */
};

struct exec_seg {
    uint64_t vaddr;  /* p_vaddr (base-relative for EXEC_PIE) */
    uint64_t memsz;  /* bytes in memory; those past filesz are zero */
    uint64_t offset; /* p_offset: file bytes start here */
    uint64_t filesz; /* bytes copied from the file */
    unsigned prot;   /* EXEC_PROT_* */
};

struct exec_image {
    enum exec_type type;
    uint64_t entry; /* e_entry (base-relative for EXEC_PIE) */
    unsigned nseg;
    struct exec_seg seg[EXEC_MAX_SEGS]; /* ascending, no page shared */
    uint64_t lo, hi; /* [lo, hi): the PT_LOADs' span, page-rounded; the
                      * program break starts at base + hi */
    uint64_t align;  /* largest PT_LOAD p_align, at least EXEC_PAGE */
    uint64_t phdr;   /* program headers' address once loaded (AT_PHDR) */
    unsigned phnum;  /* AT_PHNUM */
    unsigned phent;  /* AT_PHENT: always 56 */
    int has_tls;     /* PT_TLS present (informational: libc sets it up) */
    uint64_t tls_vaddr, tls_filesz, tls_memsz, tls_align;
    int exec_stack; /* PT_GNU_STACK has PF_X (absent: not executable,
                     * as Linux decides for x86_64) */
};

/* Check the ELF file image in (buf, len) and describe it in (*img).
 * Accepted: ELF64, little-endian, EV_CURRENT, EM_X86_64, ET_EXEC, and
 * ET_DYN without PT_INTERP (static PIE). Every refusal records in (d) what
 * is wrong, e.g. "elf: dynamically linked (PT_INTERP): link statically,
 * e.g. musl-gcc -static".
 * Stricter than Linux: PT_LOADs must be in ascending p_vaddr order and must
 * not share a page (a loader then never merges protections); the program
 * headers must lie inside a PT_LOAD or be named by PT_PHDR (libc reads them
 * through AT_PHDR); the entry must be in an executable PT_LOAD.
 * Returns 0; -ENOEXEC for anything refused. */
int exec_elf_check(const void *buf, size_t len, struct exec_image *img,
                   struct diag *d);

/* Where segment (i) of (img) goes when loaded at (base); base must be 0 for
 * EXEC_FIXED and page-aligned for EXEC_PIE (img->align is the alignment the
 * linker assumed, which keeps TLS and huge-page alignment intact).
 * The loader allocates [start, end), zero-fills it, copies file bytes
 * [file_off, file_off + file_len) to copy_to, then applies prot. */
struct exec_place {
    uint64_t start, end; /* page-aligned user range */
    uint64_t copy_to;    /* user address of the first file byte */
    uint64_t file_off, file_len;
    unsigned prot; /* EXEC_PROT_* */
};

/* Returns 0; -EINVAL when (i) >= img->nseg, (base) is misaligned or
 * nonzero for EXEC_FIXED, or the image at (base) would start below
 * EXEC_LOW_LIMIT or end above EXEC_USER_TOP. */
int exec_segment_place(const struct exec_image *img, uint64_t base, unsigned i,
                       struct exec_place *out);

/* What the initial stack carries. */
struct exec_stack_args {
    const char *const *argv; /* NULL-terminated; may be NULL (argc 0) */
    const char *const *envp; /* NULL-terminated; may be NULL */
    const char *execfn;      /* AT_EXECFN string; NULL: argv[0] or "" */
    const struct exec_image *img;
    uint64_t base;         /* load base (0 for EXEC_FIXED) */
    uint64_t hwcap;        /* AT_HWCAP: CPUID leaf 1 edx */
    const uint8_t *random; /* 16 bytes for AT_RANDOM */
    uint64_t minsigstksz;  /* AT_MINSIGSTKSZ (signal frame size); 0: omit */
};

/* Build the initial stack in (buf, size), the kernel's view of user memory
 * whose top (one past the last byte) is at user address (top_uva); top_uva
 * must be 16-aligned. From the top down: 8 zero bytes, the execfn, envp and
 * argv strings, "x86_64", the 16 random bytes, padding, then auxv, envp[],
 * argv[] and argc at the returned stack pointer (16-aligned).
 * auxv: PHDR PHENT PHNUM PAGESZ BASE FLAGS ENTRY UID EUID GID EGID SECURE
 * RANDOM HWCAP HWCAP2 CLKTCK PLATFORM EXECFN [MINSIGSTKSZ] NULL; no
 * AT_SYSINFO_EHDR (no vDSO: libc then makes real clock_gettime calls).
 * Returns 0 and (*rsp); -E2BIG when it does not fit; -EINVAL for a
 * misaligned top_uva or a missing img/random. */
int exec_stack_build(void *buf, size_t size, uint64_t top_uva,
                     const struct exec_stack_args *a, uint64_t *rsp);

#endif
