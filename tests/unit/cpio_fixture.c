/* SPDX-License-Identifier: MIT */
/* The newc writer of cpio_fixture.h. */
#include "tests/unit/cpio_fixture.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void cpio_start(struct cpio_w *w)
{
    memset(w, 0, sizeof(*w));
}

static void pad4(struct cpio_w *w)
{
    while (w->len % 4)
        w->buf[w->len++] = 0;
}

size_t cpio_add(struct cpio_w *w, const char *name, uint32_t mode,
                const void *data, size_t size)
{
    static uint32_t ino = 100;
    size_t at = w->len, ns = strlen(name) + 1;
    assert(w->len + 110 + ns + size + 8 < sizeof(w->buf));
    char hdr[111];
    snprintf(hdr, sizeof(hdr),
             "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             ino++, mode, 0u, 0u, 1u, 1700000000u, (unsigned)size, 0u, 0u, 0u,
             0u, (unsigned)ns, 0u);
    memcpy(w->buf + w->len, hdr, 110);
    w->len += 110;
    memcpy(w->buf + w->len, name, ns);
    w->len += ns;
    pad4(w);
    if (size)
        memcpy(w->buf + w->len, data, size);
    w->len += size;
    pad4(w);
    return at;
}

size_t cpio_file(struct cpio_w *w, const char *name, const char *text)
{
    return cpio_add(w, name, 0100644, text, strlen(text));
}

size_t cpio_dir(struct cpio_w *w, const char *name)
{
    return cpio_add(w, name, 040755, NULL, 0);
}

size_t cpio_link(struct cpio_w *w, const char *name, const char *target)
{
    return cpio_add(w, name, 0120777, target, strlen(target));
}

void cpio_end(struct cpio_w *w)
{
    cpio_add(w, "TRAILER!!!", 0, NULL, 0);
    while (w->len % 512)
        w->buf[w->len++] = 0;
}

void cpio_sample(struct cpio_w *w)
{
    cpio_start(w);
    cpio_dir(w, ".");
    cpio_dir(w, "bin");
    cpio_add(w, "bin/app", 0100755, "\177ELF-app", 8);
    cpio_dir(w, "etc");
    cpio_file(w, "etc/hello", "hello, world\n");
    cpio_link(w, "etc/rel", "hello");
    cpio_link(w, "etc/abs", "/etc/hello");
    cpio_link(w, "lib", "usr/lib");
    cpio_file(w, "usr/lib/libx.so", "libx"); /* usr, usr/lib implied */
    cpio_link(w, "loop1", "loop2");
    cpio_link(w, "loop2", "loop1");
    cpio_link(w, "dangling", "/nowhere");
    cpio_file(w, "empty", "");
    cpio_end(w);
}
