/* SPDX-License-Identifier: MIT */
/*
 * Tokenizer for the kernel command line (grammar in lib/param/param.h).
 *
 * The quoting rules are the POSIX shell's, cut down: blanks separate, a
 * backslash takes the next byte literally (inside double quotes too, which is
 * simpler than the shell's list of escapable bytes and loses nothing a
 * monitor can express), single quotes are fully literal. Shell rules are what
 * users already type into -append and Firecracker's boot_args.
 *
 * The lexer reports problems as token flags rather than messages so that the
 * caller can run it twice (once to find the "--") without duplicating them.
 * A NUL byte is stored like any other byte and flagged: the caller drops the
 * token, because a C string built from it would silently lose its tail.
 */
#include "lib/param/internal.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

void param_lex_init(struct lex *lx, const char *s, size_t len, char *buf,
                    size_t cap)
{
    lx->s = s;
    lx->len = len;
    lx->pos = 0;
    lx->buf = buf;
    lx->cap = cap;
    buf[0] = '\0';
}

/* Append (c) to the token, truncating (and flagging) past the buffer. */
static void put(struct lex *lx, struct lex_tok *t, char c)
{
    if (t->len + 1 < lx->cap)
        lx->buf[t->len] = c;
    else
        t->flags |= LEX_LONG;
    if (c == '\0')
        t->flags |= LEX_NUL;
    t->len++;
}

bool param_lex_next(struct lex *lx, struct lex_tok *t)
{
    while (lx->pos < lx->len && is_blank(lx->s[lx->pos]))
        lx->pos++;
    if (lx->pos >= lx->len)
        return false;
    t->off = lx->pos;
    t->len = 0;
    t->flags = 0;
    char quote = 0;
    while (lx->pos < lx->len) {
        char c = lx->s[lx->pos++];
        if (quote == '\'') {
            if (c == '\'') {
                quote = 0;
                continue;
            }
        } else if (c == '\\') {
            t->flags |= LEX_LITERAL;
            if (lx->pos == lx->len) {
                t->flags |= LEX_TRAILBS;
                break;
            }
            c = lx->s[lx->pos++];
        } else if (quote == '"') {
            if (c == '"') {
                quote = 0;
                continue;
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
            t->flags |= LEX_LITERAL;
            continue;
        } else if (is_blank(c)) {
            break;
        }
        put(lx, t, c);
    }
    if (quote)
        t->flags |= LEX_OPENQ;
    lx->buf[t->len < lx->cap ? t->len : lx->cap - 1] = '\0';
    return true;
}
