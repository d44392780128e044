/* SPDX-License-Identifier: MIT */
/* uaccess: see uaccess.h; the answer comes from the task's memory map
 * (the copies over it are in ucopy.c). */
#include "kernel/syscall/uaccess.h"
#include "kernel/syscall/task.h"

int uaccess_ok(uint64_t addr, uint64_t len, int write)
{
    return umem_ok(&task_current.mem, addr, len,
                   write ? UMEM_PROT_READ | UMEM_PROT_WRITE : UMEM_PROT_READ);
}
