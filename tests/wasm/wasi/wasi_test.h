/* SPDX-License-Identifier: MIT */
/* WASI tests: helpers shared by the programs (header-only: each program
 * is one file compiled twice, for wasm32-wasi and natively). */
#ifndef SKIFF_WASI_TEST_H
#define SKIFF_WASI_TEST_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Print a call's result, and errno's message when it failed; the call is
 * made before errno is read (argument evaluation order is unspecified). */
#define SHOW(label, expr)                                                      \
    do {                                                                       \
        errno = 0;                                                             \
        long r_ = (long)(expr);                                                \
        printf("%s: %ld%s%s\n", label, r_, r_ < 0 ? " " : "",                  \
               r_ < 0 ? strerror(errno) : "");                                 \
    } while (0)

static char path[512];

static inline const char *at(const char *dir, const char *name)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

#endif
