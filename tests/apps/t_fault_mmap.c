/* SPDX-License-Identifier: MIT */
/*
 * t_fault_mmap (hostile, but survives): ask for 1 TiB of anonymous memory
 * without MAP_NORESERVE. Linux (overcommit heuristic, the default) refuses
 * with ENOMEM; Skiff has no such memory and must refuse too, not
 * half-allocate or crash. Then the program exits 0.
 */
#include "t.h"

#include <sys/mman.h>

int main(void)
{
    void *p = mmap(NULL, 1ul << 40, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    t_err("mmap 1 TiB", p == MAP_FAILED ? -1 : 0, ENOMEM);
    p = mmap(NULL, 1ul << 40, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    t_true("still alive", 1);
    (void)p; /* PROT_NONE may succeed (no commit): either answer is fine */
    return t_done("t_fault_mmap");
}
