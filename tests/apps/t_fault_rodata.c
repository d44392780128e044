/* SPDX-License-Identifier: MIT */
/*
 * t_fault_rodata (hostile): store into a string literal, which the linker
 * put in a read-only PT_LOAD. Linux: SIGSEGV. Skiff must kill the program
 * (page fault from ring 3 on a read-only page), report it, and carry on.
 */
#include "t.h"

static const char ro[] = "read-only";

int main(void)
{
    /* Hide where s points, or the compiler drops a store it knows to be
     * undefined. */
    char *s = (char *)ro;
    __asm__ volatile("" : "+r"(s));
    printf("writing to a string literal\n");
    *(volatile char *)s = 'R';
    printf("FAIL t_fault_rodata: the store succeeded\n");
    return 1;
}
