/* SPDX-License-Identifier: MIT */
/*
 * Deliberate faults, so the boot tests can check that each is caught and
 * reported with a backtrace and a non-zero exit status. Built without
 * optimisation tricks: every access is volatile so it really happens.
 */
#include "apps/inspect/inspect.h"
#include "arch/x86_64/cpu.h"
#include "kernel/app.h"
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include <stdint.h>

static volatile int zero;

/* Deep recursion with a frame the compiler cannot drop: runs into the
 * stack guard page. */
__attribute__((noinline)) static int recurse(int n)
{
    volatile char pad[256];
    pad[0] = (char)n;
    if (zero ==
        0) /* always true; hides the recursion from -Winfinite-recursion */
        return recurse(n + 1) + pad[0];
    return pad[0];
}

int inspect_fault(const char *kind)
{
    log_raw("inspect: provoking fault '%s'\n", kind);
    if (!strcmp(kind, "ud"))
        __asm__ volatile("ud2");
    else if (!strcmp(kind, "null"))
        return *(volatile int *)(uintptr_t)zero;
    else if (!strcmp(kind, "div")) {
        /* In asm: compilers turn a C division by a known-constant numerator
         * into compares that never trap. */
        unsigned q;
        __asm__ volatile("xorl %%edx, %%edx; divl %1"
                         : "=a"(q)
                         : "r"((unsigned)zero), "a"(1u)
                         : "edx");
        return (int)q;
    } else if (!strcmp(kind, "gp"))
        return *(volatile int *)0x8000000000000000ull;
    else if (!strcmp(kind, "stack"))
        return recurse(0);
    else if (!strcmp(kind, "wx"))
        *(volatile uint8_t *)(uintptr_t)&inspect_fault = 0xc3;
    else if (!strcmp(kind, "nx")) {
        static uint8_t ret = 0xc3; /* "ret", in a no-execute data page */
        ((void (*)(void))(uintptr_t)&ret)();
    } else {
        log_raw("inspect: unknown fault '%s'\n", kind);
        return 2;
    }
    log_raw("inspect: fault '%s' did not trap\n", kind);
    return 3;
}
