/* SPDX-License-Identifier: MIT */
/*
 * lex: the kernel command line's words (POSIX-shell-like quoting, rules in
 * lib/param/lex.c). Public so that what writes a command line for Skiff
 * (the skiff tool: its quoting tests, the GRUB ISO writer) reads it with
 * the very grammar the kernel uses.
 */
#ifndef SKIFF_PARAM_LEX_H
#define SKIFF_PARAM_LEX_H
#include <stdbool.h>
#include <stddef.h>

/* Split the command line into tokens, undoing quotes and escapes. */
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

#endif
