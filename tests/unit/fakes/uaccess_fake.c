/* SPDX-License-Identifier: MIT */
/* Host fake of the user-memory check: see uaccess_fake.h. The copies
 * over it are the kernel's own (kernel/syscall/ucopy.c). */
#include "tests/unit/fakes/uaccess_fake.h"
#include "kernel/syscall/uaccess.h"

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
