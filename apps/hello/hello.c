/* SPDX-License-Identifier: MIT */
/* hello: the smallest application linked in with `make APP=apps/hello`:
 * greets, shows its arguments and environment, exits with argc - 1. */
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("hello from a musl program on Skiff\n");
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = %s\n", i, argv[i]);
    for (char **e = environ; *e; e++)
        printf("env %s\n", *e);
    return argc - 1;
}
