/* SPDX-License-Identifier: MIT */
/* WASI test: directories in argv[1]; output must match native. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_test.h"

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        printf("opendir: %s\n", strerror(errno));
        return;
    }
    char *names[300] = {0};
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 300)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("list %d:", n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    const char *d = argc > 1 ? argv[1] : ".";
    char sub[512], name[600];
    snprintf(sub, sizeof sub, "%s/sub", d);
    SHOW("mkdir", mkdir(sub, 0755));
    SHOW("mkdir again", mkdir(sub, 0755));
    for (int i = 0; i < 120; i++) { /* more than one readdir buffer */
        snprintf(name, sizeof name, "%s/file-with-a-long-name-%03d", sub, i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    mkdir(at(sub, "inner"), 0755);
    list(sub);
    struct stat st;
    SHOW("stat dir", stat(sub, &st));
    printf("isdir %d\n", S_ISDIR(st.st_mode));
    SHOW("rmdir nonempty", rmdir(sub));
    errno = 0;
    printf("opendir file: %s\n", opendir(at(sub, "file-with-a-long-name-000"))
                                     ? "ok"
                                     : strerror(errno));
    SHOW("unlink dir", unlink(at(sub, "inner")));
    SHOW("rmdir inner", rmdir(at(sub, "inner")));
    for (int i = 0; i < 120; i++) {
        snprintf(name, sizeof name, "%s/file-with-a-long-name-%03d", sub, i);
        unlink(name);
    }
    list(sub);
    SHOW("rmdir", rmdir(sub));
    SHOW("rmdir missing", rmdir(sub));
    return 0;
}
