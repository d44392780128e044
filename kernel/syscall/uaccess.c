/* SPDX-License-Identifier: MIT */
/* uaccess: see uaccess.h; the answer comes from the task's memory map. */
#include "kernel/syscall/uaccess.h"
#include "kernel/syscall/task.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

int uaccess_ok(uint64_t addr, uint64_t len, int write)
{
    return umem_ok(&task_current.mem, addr, len,
                   write ? UMEM_PROT_READ | UMEM_PROT_WRITE : UMEM_PROT_READ);
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
        /* Check page by page: the string may end just before a hole. */
        if (i == 0 || ((src + i) & 4095) == 0) {
            if (!uaccess_ok(src + i, 1, 0))
                return -EFAULT;
        }
        dst[i] = *(const char *)(uintptr_t)(src + i);
        if (!dst[i])
            return (long)i;
    }
    return -ENAMETOOLONG;
}
