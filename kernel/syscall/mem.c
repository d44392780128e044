/* SPDX-License-Identifier: MIT */
/* The memory system calls: thin wrappers over the task's umem map. */
#include "kernel/syscall/sys.h"
#include "kernel/syscall/task.h"
#include "skiff/errno.h"

#define M (&task_current.mem)

static long sys_brk(long a, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    return umem_brk(M, (uint64_t)a);
}

static long sys_mmap(long addr, long len, long prot, long flags, long fd,
                     long off)
{
    return umem_mmap(M, (uint64_t)addr, (uint64_t)len, (int)prot, (int)flags,
                     (int)fd, (uint64_t)off);
}

static long sys_munmap(long a, long len, long c, long d, long e, long f)
{
    (void)c, (void)d, (void)e, (void)f;
    return umem_munmap(M, (uint64_t)a, (uint64_t)len);
}

static long sys_mprotect(long a, long len, long prot, long d, long e, long f)
{
    (void)d, (void)e, (void)f;
    return umem_mprotect(M, (uint64_t)a, (uint64_t)len, (int)prot);
}

static long sys_mremap(long a, long old, long new, long flags, long na, long f)
{
    (void)f;
    return umem_mremap(M, (uint64_t)a, (uint64_t)old, (uint64_t) new,
                       (int)flags, (uint64_t)na);
}

static long sys_madvise(long a, long len, long adv, long d, long e, long f)
{
    (void)d, (void)e, (void)f;
    return umem_madvise(M, (uint64_t)a, (uint64_t)len, (int)adv);
}

/* One address space and no swap: every page is always resident. */
static long sys_mlock(long a, long b, long c, long d, long e, long f)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    return 0;
}

const struct sys_call sys_mem_calls[] = {
    {12, "brk", sys_brk},
    {9, "mmap", sys_mmap},
    {11, "munmap", sys_munmap},
    {10, "mprotect", sys_mprotect},
    {25, "mremap", sys_mremap},
    {28, "madvise", sys_madvise},
    {149, "mlock", sys_mlock},
    {150, "munlock", sys_mlock},
    {151, "mlockall", sys_mlock},
    {152, "munlockall", sys_mlock},
    {0, 0, 0},
};
