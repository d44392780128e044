/* SPDX-License-Identifier: MIT */
/*
 * t_fault_stack (hostile): unbounded recursion, 4 KiB a frame, until the
 * stack runs out. Linux: SIGSEGV at the stack rlimit (8 MiB by default).
 * Skiff must stop it at the end of the stack it mapped (a guard page), not
 * let it run into whatever lies below.
 */
#include "t.h"

static volatile int limit = 1 << 30; /* never reached: hides the endless
                                      * recursion from the compiler */

static int deep(int n)
{
    volatile char pad[4096];
    pad[n % sizeof(pad)] = (char)n;
    if (n == limit)
        return 0;
    return deep(n + 1) + pad[(n + 1) % sizeof(pad)];
}

int main(void)
{
    printf("recursing without end\n");
    int r = deep(0);
    printf("FAIL t_fault_stack: returned %d\n", r);
    return 1;
}
