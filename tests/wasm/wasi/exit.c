/* SPDX-License-Identifier: MIT */
/* WASI test: exit statuses: exit(N), return from main, abort. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "return";
    printf("exiting by %s\n", how);
    fflush(stdout);
    if (!strcmp(how, "exit"))
        exit(argc > 2 ? atoi(argv[2]) : 0);
    if (!strcmp(how, "abort"))
        abort();
    return 7;
}
