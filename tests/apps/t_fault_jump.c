/* SPDX-License-Identifier: MIT */
/*
 * t_fault_jump (hostile): call an address nothing is mapped at (64 TiB,
 * canonical, in the user half, far above any image, heap or stack either
 * system places). Linux: SIGSEGV. Skiff must kill the program.
 */
#include "t.h"

#include <stdint.h>

int main(void)
{
    void (*volatile f)(void) = (void (*)(void))(uintptr_t)(1ull << 46);
    printf("calling unmapped memory\n");
    f();
    printf("FAIL t_fault_jump: the call returned\n");
    return 1;
}
