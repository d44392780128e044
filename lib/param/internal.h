/* SPDX-License-Identifier: MIT */
/*
 * param internals shared between the files of lib/param (not for other
 * modules). Sectioned by the file that defines each function.
 */
#ifndef SKIFF_PARAM_INTERNAL_H
#define SKIFF_PARAM_INTERNAL_H
#include "lib/param/param.h"

/* lex.c: split the command line into tokens, undoing quotes and escapes. */
#define LEX_LITERAL 0x01u /* had a quote or a backslash: never a keyword */
#define LEX_NUL     0x02u /* contains a NUL byte */
#define LEX_OPENQ   0x04u /* a quote is still open at the end of the input */
#define LEX_TRAILBS 0x08u /* ends in a backslash with nothing to escape */
#define LEX_LONG    0x10u /* longer than the buffer; stored truncated */
#define LEX_BAD     (LEX_NUL | LEX_OPENQ | LEX_TRAILBS | LEX_LONG)

struct lex {
    const char *s;
    size_t len, pos;
    char *buf; /* the current token, NUL-terminated */
    size_t cap;
};

struct lex_tok {
    size_t off;     /* offset of the token's first byte in the input */
    size_t len;     /* full unescaped length (may exceed cap - 1) */
    unsigned flags; /* LEX_* */
};

/* Start lexing (s, len) into (buf, cap); cap >= 1. */
void param_lex_init(struct lex *lx, const char *s, size_t len, char *buf,
                    size_t cap);
/* Store the next token in lx->buf and describe it in (t).
 * Returns false at the end of the input. */
bool param_lex_next(struct lex *lx, struct lex_tok *t);

/* value.c: typed values. */
/* Parse (s) as one element of (p)'s type into (slot), which is written only
 * on success. Returns 0, -EINVAL (malformed), -ERANGE (out of range) or
 * -ENOSPC (string too long). */
int param_value_parse(const struct param_desc *p, const char *s, void *slot);
/* Describe what (p) accepts, for messages: "an integer -128..127". */
void param_value_expect(const struct param_desc *p, char *buf, size_t size);
/* Format the element at (slot) into (buf, size); returns the full length. */
int param_value_show(const struct param_desc *p, const void *slot, char *buf,
                     size_t size);
/* Write (p)'s default into (slot); not for strings or arrays. */
void param_value_default(const struct param_desc *p, void *slot);
/* The short type name: "u32", "string", ... */
const char *param_type_name(uint32_t type);

/* suggest.c: the declared name closest to (key), or NULL if none is close
 * (optimal-string-alignment distance <= 1, or 2 for keys of 6+ bytes). */
const struct param_desc *param_suggest(const struct param_desc *begin,
                                       const struct param_desc *end,
                                       const char *key);
/* Does some descriptor's name start with (key[0, modlen)) followed by '.'? */
bool param_module_known(const struct param_desc *begin,
                        const struct param_desc *end, const char *key,
                        size_t modlen);

/* apply.c: apply values, build argv, record messages. */
struct param_ctx {
    const struct param_desc *begin, *end;
    const struct param_argv *av;
    struct param_result *res;
    struct diag *d;
    int first_err;   /* errno of the first error, 0 if none */
    size_t buf_used; /* bytes of av->buf taken by argv strings */
};

/* Copy a possibly long, possibly binary string for a message: at most 40
 * bytes, non-printable bytes as '?', "..." appended when cut. */
#define PARAM_SHOW_MAX 44
void param_show(const char *s, char out[PARAM_SHOW_MAX]);
/* Record a message (kept if there is room) and count it. (err) is the
 * negative errno of an error, 0 for a warning. */
void param_report(struct param_ctx *c, int level, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Apply (val) (NULL for a bare name) to (p), reporting problems. (val) is
 * the caller's scratch: commas in it may be overwritten. */
void param_apply(struct param_ctx *c, const struct param_desc *p, char *val);
/* Append a copy of (s) to argv, or report why it does not fit. */
void param_argv_push(struct param_ctx *c, const char *s);

#endif
