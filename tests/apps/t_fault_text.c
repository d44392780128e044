/* SPDX-License-Identifier: MIT */
/*
 * t_fault_text (hostile): store into the program's own code (R+X page).
 * Linux: SIGSEGV. Skiff must kill the program, not let it patch its text.
 */
#include "t.h"

int main(void)
{
    unsigned char *volatile code = (unsigned char *)(void *)main;
    printf("writing to main's code\n");
    code[0] = 0xc3;
    printf("FAIL t_fault_text: the store succeeded\n");
    return 1;
}
