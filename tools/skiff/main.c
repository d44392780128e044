/* SPDX-License-Identifier: MIT */
/* skiff: command dispatch (skiff run | image | params | help). */
#include "tools/skiff/skiff.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        puts("usage: skiff run|image|params ...");
        return 0;
    }
    skiff_error("unknown command '%s'", argv[1]);
    return SKIFF_EXIT_ERROR;
}
