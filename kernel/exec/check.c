/* SPDX-License-Identifier: MIT */
/*
 * exec check: validate an ELF64 x86_64 executable held in memory.
 * The file is untrusted: every offset and size is checked against the
 * buffer with subtraction, never by adding two file values, so no sum can
 * wrap. Passes: the ELF header; a look for PT_INTERP first, so a dynamic
 * binary is reported as such whatever else is odd about it; the program
 * headers one by one (each PT_LOAD against the previous one); then what
 * needs all of them (span, low limit, entry, where the headers land).
 * Order of the PT_LOADs: the gABI says they are sorted on p_vaddr; Linux
 * maps them in table order and lets a later one overwrite a shared page.
 * Skiff refuses both disorder and page sharing, so its loader never merges
 * the protections of two segments on one page; GNU ld and lld emit neither.
 */
#include "kernel/exec/exec.h"
#include "kernel/exec/exec_hw.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define PHENT sizeof(struct elf64_phdr)

struct scan {
    const uint8_t *buf;
    size_t len;
    struct elf64_ehdr eh;
    struct exec_image *img;
    struct diag *d;
    int has_phdr; /* PT_PHDR seen */
};

static uint64_t page_down(uint64_t a)
{
    return a & ~(uint64_t)(EXEC_PAGE - 1);
}

/* Round up; a is at most EXEC_USER_TOP, so this cannot wrap. */
static uint64_t page_up(uint64_t a)
{
    return page_down(a + EXEC_PAGE - 1);
}

/* Is [off, off + n) inside a buffer of len bytes? */
static int in_file(uint64_t off, uint64_t n, size_t len)
{
    return off <= len && n <= len - off;
}

static int refuse_type(uint16_t t, struct diag *d)
{
    if (t == ET_REL)
        diag_set(d, "elf: relocatable object (ET_REL), not an executable");
    else if (t == ET_CORE)
        diag_set(d, "elf: core dump (ET_CORE), not an executable");
    else
        diag_set(d, "elf: e_type %u is neither ET_EXEC nor ET_DYN", t);
    return -ENOEXEC;
}

static int check_ident(const uint8_t *id, struct diag *d)
{
    if (id[EI_CLASS] == ELFCLASS32) {
        diag_set(d, "elf: 32-bit (ELFCLASS32): only 64-bit x86_64 runs");
        return -ENOEXEC;
    }
    if (id[EI_CLASS] != ELFCLASS64) {
        diag_set(d, "elf: bad EI_CLASS %u", id[EI_CLASS]);
        return -ENOEXEC;
    }
    if (id[EI_DATA] == ELFDATA2MSB) {
        diag_set(d, "elf: big-endian (ELFDATA2MSB): x86_64 is little-endian");
        return -ENOEXEC;
    }
    if (id[EI_DATA] != ELFDATA2LSB) {
        diag_set(d, "elf: bad EI_DATA %u", id[EI_DATA]);
        return -ENOEXEC;
    }
    if (id[EI_VERSION] != EV_CURRENT) {
        diag_set(d, "elf: EI_VERSION %u, want 1", id[EI_VERSION]);
        return -ENOEXEC;
    }
    return 0;
}

static int check_header(struct scan *s)
{
    const struct elf64_ehdr *e = &s->eh;
    struct diag *d = s->d;
    if (s->len < 4 || memcmp(s->buf, "\177ELF", 4) != 0) {
        diag_set(d, "elf: not an ELF file (bad magic)");
        return -ENOEXEC;
    }
    if (s->len < sizeof(*e)) {
        diag_set(d, "elf: truncated: %zu bytes, the header needs %zu", s->len,
                 sizeof(*e));
        return -ENOEXEC;
    }
    memcpy(&s->eh, s->buf, sizeof(s->eh));
    int rc = check_ident(e->e_ident, d);
    if (rc)
        return rc;
    if (e->e_version != EV_CURRENT) {
        diag_set(d, "elf: e_version %u, want 1", e->e_version);
        return -ENOEXEC;
    }
    if (e->e_machine != EM_X86_64) {
        diag_set(d, "elf: machine %u is not x86_64 (62)", e->e_machine);
        return -ENOEXEC;
    }
    if (e->e_type != ET_EXEC && e->e_type != ET_DYN)
        return refuse_type(e->e_type, d);
    if (e->e_phentsize != PHENT) {
        diag_set(d, "elf: e_phentsize %u, want %zu", e->e_phentsize, PHENT);
        return -ENOEXEC;
    }
    if (e->e_phnum > EXEC_MAX_PHDRS) {
        diag_set(d, "elf: too many program headers: %u > %u", e->e_phnum,
                 EXEC_MAX_PHDRS);
        return -ENOEXEC;
    }
    if (!in_file(e->e_phoff, (uint64_t)e->e_phnum * PHENT, s->len)) {
        diag_set(d,
                 "elf: truncated: %u program headers at offset 0x%llx past "
                 "the end (%zu bytes)",
                 e->e_phnum, (unsigned long long)e->e_phoff, s->len);
        return -ENOEXEC;
    }
    return 0;
}

static unsigned prot_of(uint32_t flags)
{
    return (flags & PF_R ? EXEC_PROT_R : 0) | (flags & PF_W ? EXEC_PROT_W : 0) |
           (flags & PF_X ? EXEC_PROT_X : 0);
}

/* The checks one PT_LOAD needs on its own. */
static int check_load_alone(const struct scan *s, unsigned i,
                            const struct elf64_phdr *p)
{
    struct diag *d = s->d;
    if (p->p_filesz > p->p_memsz) {
        diag_set(d, "elf: phdr %u: p_filesz 0x%llx > p_memsz 0x%llx", i,
                 (unsigned long long)p->p_filesz,
                 (unsigned long long)p->p_memsz);
        return -ENOEXEC;
    }
    if (!in_file(p->p_offset, p->p_filesz, s->len)) {
        diag_set(d,
                 "elf: truncated: phdr %u file data at 0x%llx+0x%llx past "
                 "the end (%zu bytes)",
                 i, (unsigned long long)p->p_offset,
                 (unsigned long long)p->p_filesz, s->len);
        return -ENOEXEC;
    }
    if (p->p_align > 1 && (p->p_align & (p->p_align - 1))) {
        diag_set(d, "elf: phdr %u: p_align 0x%llx is not a power of two", i,
                 (unsigned long long)p->p_align);
        return -ENOEXEC;
    }
    if (p->p_align > 1 &&
        (p->p_vaddr & (p->p_align - 1)) != (p->p_offset & (p->p_align - 1))) {
        diag_set(d,
                 "elf: phdr %u misaligned: p_vaddr 0x%llx and p_offset "
                 "0x%llx differ modulo p_align 0x%llx",
                 i, (unsigned long long)p->p_vaddr,
                 (unsigned long long)p->p_offset,
                 (unsigned long long)p->p_align);
        return -ENOEXEC;
    }
    if (p->p_vaddr > EXEC_USER_TOP || p->p_memsz > EXEC_USER_TOP - p->p_vaddr) {
        diag_set(d,
                 "elf: phdr %u: [0x%llx, +0x%llx) wraps or leaves the 47-bit "
                 "user half",
                 i, (unsigned long long)p->p_vaddr,
                 (unsigned long long)p->p_memsz);
        return -ENOEXEC;
    }
    return 0;
}

static int add_load(struct scan *s, unsigned i, const struct elf64_phdr *p)
{
    struct exec_image *img = s->img;
    int rc = check_load_alone(s, i, p);
    if (rc || p->p_memsz == 0)
        return rc; /* an empty PT_LOAD maps nothing */
    if (img->nseg == EXEC_MAX_SEGS) {
        diag_set(s->d, "elf: too many PT_LOAD segments: more than %u",
                 EXEC_MAX_SEGS);
        return -ENOEXEC;
    }
    if (img->nseg > 0) {
        const struct exec_seg *q = &img->seg[img->nseg - 1];
        if (p->p_vaddr < q->vaddr) {
            diag_set(s->d,
                     "elf: phdr %u: PT_LOAD at 0x%llx below the previous one "
                     "at 0x%llx (must be ascending)",
                     i, (unsigned long long)p->p_vaddr,
                     (unsigned long long)q->vaddr);
            return -ENOEXEC;
        }
        if (page_down(p->p_vaddr) < page_up(q->vaddr + q->memsz)) {
            diag_set(s->d,
                     "elf: phdr %u: PT_LOAD at 0x%llx overlaps or shares a "
                     "page with the previous one ending at 0x%llx",
                     i, (unsigned long long)p->p_vaddr,
                     (unsigned long long)(q->vaddr + q->memsz));
            return -ENOEXEC;
        }
    }
    struct exec_seg *g = &img->seg[img->nseg++];
    *g = (struct exec_seg){p->p_vaddr, p->p_memsz, p->p_offset, p->p_filesz,
                           prot_of(p->p_flags)};
    if (p->p_align > img->align)
        img->align = p->p_align;
    return 0;
}

static int add_tls(struct scan *s, const struct elf64_phdr *p)
{
    if (p->p_filesz > p->p_memsz || (p->p_align & (p->p_align - 1)) ||
        !in_file(p->p_offset, p->p_filesz, s->len)) {
        diag_set(
            s->d, "elf: bad PT_TLS: filesz 0x%llx memsz 0x%llx align 0x%llx",
            (unsigned long long)p->p_filesz, (unsigned long long)p->p_memsz,
            (unsigned long long)p->p_align);
        return -ENOEXEC;
    }
    s->img->has_tls = 1;
    s->img->tls_vaddr = p->p_vaddr;
    s->img->tls_filesz = p->p_filesz;
    s->img->tls_memsz = p->p_memsz;
    s->img->tls_align = p->p_align;
    return 0;
}

static uint32_t type_at(const struct scan *s, unsigned i)
{
    uint32_t t;
    memcpy(&t, s->buf + s->eh.e_phoff + (size_t)i * PHENT, sizeof(t));
    return t;
}

static int scan_phdr(struct scan *s, unsigned i)
{
    struct elf64_phdr p;
    memcpy(&p, s->buf + s->eh.e_phoff + (size_t)i * PHENT, sizeof(p));
    switch (p.p_type) {
    case PT_LOAD: return add_load(s, i, &p);
    case PT_PHDR:
        s->has_phdr = 1;
        s->img->phdr = p.p_vaddr;
        return 0;
    case PT_TLS: return add_tls(s, &p);
    case PT_GNU_STACK: s->img->exec_stack = (p.p_flags & PF_X) != 0; return 0;
    default:
        return 0; /* PT_DYNAMIC, PT_NOTE, PT_GNU_RELRO ...: libc's business */
    }
}

/* The segment holding [va, va + n) in memory, or NULL. */
static const struct exec_seg *seg_at(const struct exec_image *img, uint64_t va,
                                     uint64_t n)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct exec_seg *g = &img->seg[i];
        if (va >= g->vaddr && va - g->vaddr <= g->memsz &&
            n <= g->memsz - (va - g->vaddr))
            return g;
    }
    return NULL;
}

/* AT_PHDR: PT_PHDR's address, else the memory address of the table in the
 * PT_LOAD whose file bytes hold it. Linux (since 5.18) uses only the
 * second rule and needs only e_phoff inside the segment; linkers give both
 * rules the same answer, and here the whole table must be inside. */
static int locate_phdrs(struct scan *s)
{
    struct exec_image *img = s->img;
    uint64_t n = (uint64_t)img->phnum * PHENT, off = s->eh.e_phoff;
    if (s->has_phdr) {
        if (seg_at(img, img->phdr, n))
            return 0;
        diag_set(s->d, "elf: PT_PHDR at 0x%llx not inside any PT_LOAD",
                 (unsigned long long)img->phdr);
        return -ENOEXEC;
    }
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct exec_seg *g = &img->seg[i];
        if (off >= g->offset && off - g->offset <= g->filesz &&
            n <= g->filesz - (off - g->offset)) {
            img->phdr = g->vaddr + (off - g->offset);
            return 0;
        }
    }
    diag_set(s->d,
             "elf: program headers (offset 0x%llx) not inside any PT_LOAD: "
             "libc reads them through AT_PHDR",
             (unsigned long long)off);
    return -ENOEXEC;
}

static int check_whole(struct scan *s)
{
    struct exec_image *img = s->img;
    if (img->nseg == 0) {
        diag_set(s->d, "elf: no PT_LOAD segment");
        return -ENOEXEC;
    }
    const struct exec_seg *last = &img->seg[img->nseg - 1];
    img->lo = page_down(img->seg[0].vaddr);
    img->hi = page_up(last->vaddr + last->memsz);
    if (img->hi - img->lo > EXEC_MAX_SPAN) {
        diag_set(s->d, "elf: segments span 0x%llx bytes, more than 1 GiB",
                 (unsigned long long)(img->hi - img->lo));
        return -ENOEXEC;
    }
    if (img->type == EXEC_FIXED && img->lo < EXEC_LOW_LIMIT) {
        diag_set(s->d,
                 "elf: ET_EXEC segment at 0x%llx is below 64 KiB (Skiff "
                 "keeps low memory)",
                 (unsigned long long)img->seg[0].vaddr);
        return -ENOEXEC;
    }
    const struct exec_seg *g = seg_at(img, img->entry, 1);
    if (!g || !(g->prot & EXEC_PROT_X)) {
        diag_set(s->d, "elf: entry 0x%llx not inside an executable PT_LOAD",
                 (unsigned long long)img->entry);
        return -ENOEXEC;
    }
    return locate_phdrs(s);
}

int exec_elf_check(const void *buf, size_t len, struct exec_image *img,
                   struct diag *d)
{
    struct scan s = {.buf = buf, .len = len, .img = img, .d = d};
    memset(img, 0, sizeof(*img));
    int rc = check_header(&s);
    if (rc)
        return rc;
    img->type = s.eh.e_type == ET_EXEC ? EXEC_FIXED : EXEC_PIE;
    img->entry = s.eh.e_entry;
    img->align = EXEC_PAGE;
    img->phnum = s.eh.e_phnum;
    img->phent = PHENT;
    for (unsigned i = 0; i < s.eh.e_phnum; i++)
        if (type_at(&s, i) == PT_INTERP) {
            diag_set(d, "elf: dynamically linked (PT_INTERP): link "
                        "statically, e.g. musl-gcc -static");
            return -ENOEXEC;
        }
    for (unsigned i = 0; i < s.eh.e_phnum; i++) {
        rc = scan_phdr(&s, i);
        if (rc)
            return rc;
    }
    return check_whole(&s);
}
