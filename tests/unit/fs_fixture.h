/* SPDX-License-Identifier: MIT */
/* Shared by the fs host tests: host hooks that record console output and
 * replay console input, the sample tree's setup, and small readers. */
#ifndef SKIFF_FS_FIXTURE_H
#define SKIFF_FS_FIXTURE_H
#include "fs/fs.h"
#include "skiff/diag.h"
#include "tests/unit/cpio_fixture.h"

#include <stddef.h>
#include <stdint.h>

extern struct cpio_w cw;
extern struct diag dg;
extern char out[256]; /* what was written to the console */
extern size_t out_len;
extern const char *in_text;       /* what the console will read */
extern const struct fs_host host; /* clock_ns(), 0xa5 random, console */

uint64_t clock_ns(void);
/* cmocka setup: the sample archive (cpio_sample) mounted. */
int setup_sample(void **state);
int teardown(void **state);
/* Read the whole file at (path) into buf; returns its length or -errno. */
long slurp(const char *path, char *buf, size_t n);
/* st_mode of (path), 0 when stat fails. */
uint32_t mode_of(const char *path, int flags);

#endif
