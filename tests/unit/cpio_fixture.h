/* SPDX-License-Identifier: MIT */
/* A small cpio "newc" writer for the fs tests and the fuzzer's seeds:
 * entries go into a fixed buffer in the layout `cpio -H newc` writes. */
#ifndef SKIFF_CPIO_FIXTURE_H
#define SKIFF_CPIO_FIXTURE_H
#include <stddef.h>
#include <stdint.h>

struct cpio_w {
    uint8_t buf[65536];
    size_t len;
};

void cpio_start(struct cpio_w *w);
/* Append an entry; returns the offset of its header. (data) may be NULL
 * when size is 0. */
size_t cpio_add(struct cpio_w *w, const char *name, uint32_t mode,
                const void *data, size_t size);
size_t cpio_file(struct cpio_w *w, const char *name, const char *text);
size_t cpio_dir(struct cpio_w *w, const char *name);
size_t cpio_link(struct cpio_w *w, const char *name, const char *target);
/* Append TRAILER!!! and pad to 512 bytes, as cpio does. */
void cpio_end(struct cpio_w *w);
/* A typical archive: /bin/app, /etc/hello, dirs, symlinks. */
void cpio_sample(struct cpio_w *w);

#endif
