/* SPDX-License-Identifier: MIT */
/*
 * cmdline: the kernel command line skiff writes. Skiff's parser
 * (lib/param/lex.c) reads POSIX-shell-like words: blanks separate, a
 * backslash escapes, single quotes are literal. So a word that needs it is
 * wrapped in single quotes, and a single quote inside becomes '\'' as in a
 * shell. Words made only of safe bytes stay bare, which keeps the line
 * readable (app.path=/app/hello -- a b).
 */
#include "tools/skiff/skiff.h"

#include <string.h>

static int needs_quotes(const char *w)
{
    if (!*w)
        return 1;
    for (const unsigned char *p = (const unsigned char *)w; *p; p++) {
        if (*p >= 0x80) /* UTF-8 passes through Skiff's lexer untouched */
            continue;
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789_-+=.,:/@%^",
                    *p))
            return 1;
    }
    return 0;
}

void skiff_quote(struct skiff_buf *b, const char *w)
{
    skiff_buf_addn(b, "'", 1);
    for (; *w; w++) {
        if (*w == '\'')
            skiff_buf_addn(b, "'\\''", 4);
        else
            skiff_buf_addn(b, w, 1);
    }
    skiff_buf_addn(b, "'", 1);
}

void skiff_cmdline_word(struct skiff_buf *b, const char *w)
{
    if (b->len)
        skiff_buf_addn(b, " ", 1);
    if (needs_quotes(w))
        skiff_quote(b, w);
    else
        skiff_buf_add(b, "%s", w);
}

int skiff_cmdline_bad_byte(const char *w)
{
    for (const unsigned char *p = (const unsigned char *)w; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return *p;
    return -1;
}
