/* SPDX-License-Identifier: MIT */
/* probe: the program tests/skiff/run.sh runs with `skiff run`, built both
 * static with musl and for wasm32-wasi, so both kinds of APP must print the
 * same: its arguments, $SKIFF_T, the file named by its first argument, and
 * exit with $SKIFF_EXIT. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printf("arg %d [%s]\n", i, argv[i]);
    const char *t = getenv("SKIFF_T");
    printf("SKIFF_T [%s]\n", t ? t : "(unset)");
    if (argc > 1 && argv[1][0] == '/') {
        FILE *f = fopen(argv[1], "r");
        if (!f) {
            printf("cannot open %s\n", argv[1]);
        } else {
            char line[256];
            while (fgets(line, sizeof line, f))
                printf("file: %s", line);
            fclose(f);
        }
    }
    const char *e = getenv("SKIFF_EXIT");
    return e ? atoi(e) : 0;
}
