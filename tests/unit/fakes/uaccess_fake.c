/* SPDX-License-Identifier: MIT */
/* Host fake of the user-memory checks: see uaccess_fake.h. */
#include "tests/unit/fakes/uaccess_fake.h"
#include "kernel/syscall/uaccess.h"
#include "skiff/errno.h"

#include <string.h>

static uint64_t bad_lo, bad_hi;

void uaccess_fake_bad(const void *addr, size_t len)
{
    bad_lo = (uint64_t)(uintptr_t)addr;
    bad_hi = bad_lo + len;
}

int uaccess_ok(uint64_t addr, uint64_t len, int write)
{
    (void)write;
    if (len == 0)
        return 1;
    if (addr < 4096 || addr + len < addr)
        return 0;
    return addr + len <= bad_lo || addr >= bad_hi;
}

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
        if (!uaccess_ok(src + i, 1, 0))
            return -EFAULT;
        dst[i] = *(const char *)(uintptr_t)(src + i);
        if (dst[i] == '\0')
            return (long)i;
    }
    return -ENAMETOOLONG;
}
