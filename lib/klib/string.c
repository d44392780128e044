/* SPDX-License-Identifier: MIT */
/*
 * Freestanding string functions for the kernel (host builds use libc's).
 * Byte loops, which the compiler must not turn back into calls to
 * themselves (the Makefile passes -fno-builtin / -ffreestanding), except
 * memcpy and memset on x86_64.
 */
#include "lib/klib/klib.h"
#include <stdint.h>

#ifndef SKIFF_HOSTED
/* In the kernel, string instructions: eight bytes per step, then the tail.
 * The system-call layer copies whole files (reads from the initrd, pipe
 * and /tmp data), where a byte loop cost 4x against Linux (bench/syscall). */
#ifdef __x86_64__
void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    size_t q = n / 8, r = n % 8;
    __asm__ volatile("rep movsq\n\tmov %3, %%rcx\n\trep movsb"
                     : "+D"(d), "+S"(src), "+c"(q)
                     : "r"(r)
                     : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    uint64_t v = 0x0101010101010101ull * (unsigned char)c;
    size_t q = n / 8, r = n % 8;
    __asm__ volatile("rep stosq\n\tmov %3, %%rcx\n\trep stosb"
                     : "+D"(d), "+c"(q)
                     : "a"(v), "r"(r)
                     : "memory");
    return dst;
}
#else
void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}
#endif

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            return 0;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)(uintptr_t)s;
        if (!*s)
            return NULL;
    }
}
#endif

size_t kstrlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
