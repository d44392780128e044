/* SPDX-License-Identifier: MIT */
/*
 * cpio: writes the "newc" (SVR4, magic 070701) archives Skiff mounts as its
 * root file system. Each member is a 110-byte ASCII header of 13 eight-digit
 * hex fields, the NUL-terminated name padded to a multiple of 4 (counting
 * the header), then the data padded likewise; "TRAILER!!!" ends it. Owner
 * 0:0, mtime 0 and inode numbers counted from 1 make the output depend only
 * on the inputs, so the same run builds the same bytes.
 */
#include "tools/skiff/skiff.h"

#include <string.h>

static void pad4(struct skiff_buf *b)
{
    static const char zero[4];
    skiff_buf_addn(b, zero, (4 - b->len % 4) % 4);
}

static void member(struct skiff_cpio *c, const char *name, unsigned mode,
                   unsigned nlink, const void *data, size_t len)
{
    size_t nlen = strlen(name) + 1;
    skiff_buf_add(&c->out,
                  "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx"
                  "%08x",
                  c->ino++, mode, 0u, 0u, nlink, 0u, len, 0u, 0u, 0u, 0u, nlen,
                  0u);
    skiff_buf_addn(&c->out, name, nlen);
    pad4(&c->out);
    skiff_buf_addn(&c->out, data, len);
    pad4(&c->out);
}

void skiff_cpio_add(struct skiff_cpio *c, const char *name, unsigned mode,
                    const void *data, size_t len)
{
    if (!c->ino)
        c->ino = 1;
    while (*name == '/') /* members are relative: "bin/x", not "/bin/x" */
        name++;
    member(c, name, mode, (mode & 0170000) == 0040000 ? 2 : 1, data, len);
}

void skiff_cpio_end(struct skiff_cpio *c)
{
    c->ino = 0;
    member(c, "TRAILER!!!", 0, 1, "", 0);
}
