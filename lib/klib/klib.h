/* SPDX-License-Identifier: MIT */
/*
 * klib: the freestanding C library of the kernel: string functions with their
 * standard names (the compiler emits calls to memcpy/memset on its own) and a
 * small printf engine. Everything here is pure and also builds on the host.
 */
#ifndef SKIFF_KLIB_H
#define SKIFF_KLIB_H
#include <stdarg.h>
#include <stddef.h>

#ifndef SKIFF_HOSTED
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
#else
#include <string.h>
#endif

/* Copy at most size-1 bytes of (src) to (dst) and NUL-terminate (size > 0).
 * Returns strlen(src), so a result >= size means truncation. */
size_t kstrlcpy(char *dst, const char *src, size_t size);

/* printf into (buf, size): %d %i %u %x %X %o %p %s %c %% with the l, ll, z
 * length modifiers, '-' and '0' flags, a width and a precision ('*' allowed).
 * Always NUL-terminates when size > 0. Returns the length the full output
 * would have had (C99 semantics). */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Format through (emit), one chunk at a time: for console output without an
 * intermediate buffer. Returns the number of bytes emitted. */
typedef void (*klib_emit_fn)(void *ctx, const char *s, size_t n);
int kvformat(klib_emit_fn emit, void *ctx, const char *fmt, va_list ap);

#endif
