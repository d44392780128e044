/* SPDX-License-Identifier: MIT */
/*
 * Stand-ins for uaccess.c until the memory side of the system-call layer
 * lands: weak, so the real definitions replace them at link time. They
 * refuse every user range, which is the safe answer with no memory map.
 * Delete this file once kernel/syscall/uaccess.c is in KSRCS.
 */
#include "kernel/syscall/uaccess.h"
#include "skiff/errno.h"

__attribute__((weak)) int uaccess_ok(uint64_t addr, uint64_t len, int write)
{
    (void)addr, (void)write;
    return len == 0;
}

__attribute__((weak)) int uaccess_from(void *dst, uint64_t src, size_t n)
{
    (void)dst, (void)src;
    return n ? -EFAULT : 0;
}

__attribute__((weak)) int uaccess_to(uint64_t dst, const void *src, size_t n)
{
    (void)dst, (void)src;
    return n ? -EFAULT : 0;
}

__attribute__((weak)) long uaccess_str(char *dst, uint64_t src, size_t max)
{
    (void)dst, (void)src, (void)max;
    return -EFAULT;
}
