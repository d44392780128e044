/* SPDX-License-Identifier: MIT */
/*
 * uaccess copies: pure over uaccess_ok(), so the kernel (uaccess.c, the
 * task's memory map) and host tests (a fake with chosen bad ranges) share
 * them.
 */
#include "kernel/syscall/uaccess.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

int uaccess_from(void *dst, uint64_t src, size_t n)
{
    if (!uaccess_ok(src, n, 0))
        return -EFAULT;
    memcpy(dst, (const void *)(uintptr_t)src, n);
    return 0;
}

int uaccess_to(uint64_t dst, const void *src, size_t n)
{
    if (!uaccess_ok(dst, n, 1))
        return -EFAULT;
    memcpy((void *)(uintptr_t)dst, src, n);
    return 0;
}

long uaccess_str(char *dst, uint64_t src, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        /* Byte by byte: the string may end just before a hole. */
        if (!uaccess_ok(src + i, 1, 0))
            return -EFAULT;
        dst[i] = *(const char *)(uintptr_t)(src + i);
        if (!dst[i])
            return (long)i;
    }
    return -ENAMETOOLONG;
}
