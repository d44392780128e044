/* SPDX-License-Identifier: MIT */
/* WASI test: arguments and environment; output must match native. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc %d\n", argc);
    for (int i = 2; i < argc; i++) /* argv[1], the directory, differs */
        printf("argv[%d] = \"%s\" (%zu)\n", i, argv[i], strlen(argv[i]));
    printf("T_ONE=%s\n", getenv("T_ONE") ? getenv("T_ONE") : "(unset)");
    printf("T_MISSING=%s\n",
           getenv("T_MISSING") ? getenv("T_MISSING") : "(unset)");
    int n = 0;
    for (char **e = environ; *e; e++)
        if (!strncmp(*e, "T_", 2)) {
            printf("env %s\n", *e);
            n++;
        }
    printf("T_ vars %d\n", n);
    return 0;
}
