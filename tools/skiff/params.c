/* SPDX-License-Identifier: MIT */
/*
 * params: the kernel command-line parameters of a Skiff image, read from
 * the image without booting it: the 64-byte param_desc records between
 * the symbols __start_skiff_params and __stop_skiff_params (layout in
 * lib/param/param.h), whose pointers lead into the loaded segments. Every
 * read is bounds-checked: a truncated or foreign file gives an error, not
 * a crash. `skiff params` prints the table (docs/params.txt is this
 * output), and `skiff run` checks --param names against it.
 */
#include "tools/skiff/skiff.h"

#include "kernel/exec/exec_hw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ELF64 section header and symbol (gABI ch. 4); exec_hw.h has the rest. */
struct elf64_shdr {
    uint32_t sh_name, sh_type;
    uint64_t sh_flags, sh_addr, sh_offset, sh_size;
    uint32_t sh_link, sh_info;
    uint64_t sh_addralign, sh_entsize;
};
_Static_assert(sizeof(struct elf64_shdr) == 64, "ELF64 shdr is 64 bytes");
struct elf64_sym {
    uint32_t st_name;
    uint8_t st_info, st_other;
    uint16_t st_shndx;
    uint64_t st_value, st_size;
};
_Static_assert(sizeof(struct elf64_sym) == 24, "ELF64 sym is 24 bytes");

#define SHT_SYMTAB_ 2
#define PT_LOAD_    1
#define REC_SIZE    64

static const char *const types[] = {"bool", "u8",   "u16",    "u32",
                                    "u64",  "i8",   "i16",    "i32",
                                    "i64",  "size", "string", "enum"};

struct img {
    const uint8_t *b;
    size_t len;
    struct elf64_ehdr eh;
};

static int get(const struct img *im, uint64_t off, void *out, size_t n)
{
    if (off > im->len || n > im->len - off)
        return -1;
    memcpy(out, im->b + off, n);
    return 0;
}

/* Copy (n) bytes at virtual address (va); .bss reads as zeros. */
static int vread(const struct img *im, uint64_t va, void *out, size_t n)
{
    for (unsigned i = 0; i < im->eh.e_phnum; i++) {
        struct elf64_phdr ph;
        if (get(im, im->eh.e_phoff + (uint64_t)i * sizeof ph, &ph, sizeof ph))
            return -1;
        if (ph.p_type != PT_LOAD_ || va < ph.p_vaddr ||
            va - ph.p_vaddr > ph.p_memsz || n > ph.p_memsz - (va - ph.p_vaddr))
            continue;
        uint64_t rel = va - ph.p_vaddr;
        memset(out, 0, n);
        if (rel < ph.p_filesz) {
            size_t have = ph.p_filesz - rel < n ? ph.p_filesz - rel : n;
            return get(im, ph.p_offset + rel, out, have);
        }
        return 0;
    }
    return -1;
}

static char *vstr(const struct img *im, uint64_t va)
{
    struct skiff_buf b = {0};
    skiff_buf_add(&b, "%s", "");
    for (char c; va && b.len < 4096 && !vread(im, va + b.len, &c, 1) && c;)
        skiff_buf_addn(&b, &c, 1);
    return b.p;
}

static int find_syms(const struct img *im, uint64_t *start, uint64_t *stop)
{
    int found = 0;
    for (unsigned i = 0; i < im->eh.e_shnum; i++) {
        struct elf64_shdr sh, str;
        if (get(im, im->eh.e_shoff + (uint64_t)i * sizeof sh, &sh, sizeof sh))
            return -1;
        if (sh.sh_type != SHT_SYMTAB_ ||
            get(im, im->eh.e_shoff + (uint64_t)sh.sh_link * sizeof str, &str,
                sizeof str))
            continue;
        for (uint64_t o = 0; o + sizeof(struct elf64_sym) <= sh.sh_size;
             o += sizeof(struct elf64_sym)) {
            struct elf64_sym sym;
            char name[32] = {0};
            if (get(im, sh.sh_offset + o, &sym, sizeof sym))
                return -1;
            if (sym.st_name >= str.sh_size)
                continue;
            size_t n = str.sh_size - sym.st_name;
            get(im, str.sh_offset + sym.st_name, name,
                n < sizeof name - 1 ? n : sizeof name - 1);
            if (!strcmp(name, "__start_skiff_params"))
                *start = sym.st_value, found |= 1;
            if (!strcmp(name, "__stop_skiff_params"))
                *stop = sym.st_value, found |= 2;
        }
    }
    return found == 3 ? 0 : -1;
}

static char *value(const struct img *im, const char *ty, uint64_t var,
                   uint32_t elem, char **choices, size_t nch)
{
    struct skiff_buf b = {0};
    uint8_t raw[256] = {0};
    if (elem > sizeof raw)
        elem = sizeof raw;
    vread(im, var, raw, elem);
    if (!strcmp(ty, "string")) {
        raw[elem ? elem - 1 : 0] = 0;
        skiff_buf_add(&b, "%s", (char *)raw);
        return b.p;
    }
    uint64_t v = 0;
    for (uint32_t i = 0; i < elem && i < 8; i++)
        v |= (uint64_t)raw[i] << (8 * i);
    if (ty[0] == 'i' && elem < 8 && (v >> (8 * elem - 1)) & 1)
        v |= ~0ull << (8 * elem); /* sign-extend */
    if (!strcmp(ty, "bool"))
        skiff_buf_add(&b, "%s", v ? "true" : "false");
    else if (!strcmp(ty, "enum") && v < nch)
        skiff_buf_add(&b, "%s", choices[v]);
    else if (ty[0] == 'i')
        skiff_buf_add(&b, "%lld", (long long)v);
    else
        skiff_buf_add(&b, "%llu", (unsigned long long)v);
    return b.p;
}

static int one(const struct img *im, uint64_t rec, struct skiff_param *p)
{
    uint64_t q[6];
    uint32_t w[4];
    if (vread(im, rec, q, sizeof q) || vread(im, rec + 48, w, sizeof w))
        return -1;
    uint64_t name = q[0], desc = q[1], var = q[2], count = q[3], chp = q[4];
    uint32_t ty = w[0], elem = w[2], maxc = w[3];
    char *choices[64];
    size_t nch = 0;
    for (uint64_t c; chp && nch < 64 && !vread(im, chp + 8 * nch, &c, 8) && c;)
        choices[nch++] = vstr(im, c);
    char tname[32];
    snprintf(tname, sizeof tname, "%s",
             ty < sizeof types / sizeof types[0] ? types[ty] : "?");
    struct skiff_buf cur = {0}, text = {0};
    skiff_buf_add(&cur, "%s", "");
    if (count) {
        uint32_t n = 0;
        vread(im, count, &n, 4);
        for (uint32_t i = 0; i < n && i < maxc; i++) {
            char *v =
                value(im, tname, var + (uint64_t)i * elem, elem, choices, nch);
            skiff_buf_add(&cur, "%s%s", i ? "," : "", v);
            free(v);
        }
        snprintf(tname + strlen(tname), sizeof tname - strlen(tname), "[%u]",
                 maxc);
    } else {
        char *v = value(im, tname, var, elem, choices, nch);
        skiff_buf_add(&cur, "%s", v);
        free(v);
    }
    char *d = vstr(im, desc);
    skiff_buf_add(&text, "%s", d);
    free(d);
    for (size_t i = 0; i < nch; i++) {
        skiff_buf_add(&text, "%s%s", i ? "|" : " (", choices[i]);
        free(choices[i]);
    }
    if (nch)
        skiff_buf_add(&text, ")");
    *p = (struct skiff_param){.name = vstr(im, name),
                              .type = skiff_xstrdup(tname),
                              .def = cur.p,
                              .desc = text.p,
                              .elem = elem,
                              .max = maxc};
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct skiff_param *)a)->name,
                  ((const struct skiff_param *)b)->name);
}

int skiff_params_read(const uint8_t *buf, size_t len, struct skiff_params *out,
                      char *err, size_t errlen)
{
    struct img im = {.b = buf, .len = len};
    *out = (struct skiff_params){0};
    if (get(&im, 0, &im.eh, sizeof im.eh) ||
        memcmp(im.eh.e_ident, "\177ELF", 4) || im.eh.e_ident[4] != 2) {
        snprintf(err, errlen, "not an ELF64 image");
        return -1;
    }
    uint64_t start = 0, stop = 0;
    if (find_syms(&im, &start, &stop) || stop < start ||
        (stop - start) % REC_SIZE || (stop - start) / REC_SIZE > 4096) {
        snprintf(err, errlen,
                 "no parameter table (no symbols "
                 "__start_skiff_params/__stop_skiff_params)");
        return -1;
    }
    size_t n = (stop - start) / REC_SIZE;
    out->p = skiff_xmalloc(n * sizeof *out->p);
    for (size_t i = 0; i < n; i++) {
        if (one(&im, start + i * REC_SIZE, &out->p[out->n])) {
            snprintf(err, errlen,
                     "parameter record %zu lies outside the "
                     "image",
                     i);
            skiff_params_free(out);
            return -1;
        }
        out->n++;
    }
    qsort(out->p, out->n, sizeof *out->p, by_name);
    return 0;
}

const struct skiff_param *skiff_params_find(const struct skiff_params *ps,
                                            const char *name, size_t len)
{
    for (size_t i = 0; i < ps->n; i++)
        if (strlen(ps->p[i].name) == len && !strncmp(ps->p[i].name, name, len))
            return &ps->p[i];
    return NULL;
}

void skiff_params_print(const struct skiff_params *ps, FILE *f)
{
    int w[3] = {4, 4, 7};
    for (size_t i = 0; i < ps->n; i++) {
        const char *c[3] = {ps->p[i].name, ps->p[i].type, ps->p[i].def};
        for (int k = 0; k < 3; k++)
            if ((int)strlen(c[k]) > w[k])
                w[k] = (int)strlen(c[k]);
    }
    fprintf(f, "%-*s  %-*s  %-*s  description\n", w[0], "name", w[1], "type",
            w[2], "default");
    for (size_t i = 0; i < ps->n; i++)
        fprintf(f, "%-*s  %-*s  %-*s  %s\n", w[0], ps->p[i].name, w[1],
                ps->p[i].type, w[2], ps->p[i].def, ps->p[i].desc);
}

void skiff_params_free(struct skiff_params *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        free(ps->p[i].name);
        free(ps->p[i].type);
        free(ps->p[i].def);
        free(ps->p[i].desc);
    }
    free(ps->p);
    *ps = (struct skiff_params){0};
}
