/* SPDX-License-Identifier: MIT */
/*
 * param internals shared between the files of lib/param (not for other
 * modules). Sectioned by the file that defines each function.
 */
#ifndef SKIFF_PARAM_INTERNAL_H
#define SKIFF_PARAM_INTERNAL_H
#include "lib/param/param.h"

/* lex.c: lib/param/lex.h (public: skiff also reads command lines). */
#include "lib/param/lex.h"

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
