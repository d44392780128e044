/* SPDX-License-Identifier: MIT */
/* WASI test: descriptor renumbering (dup2), status flags (fcntl),
 * sched_yield; output must match native. */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wasi_test.h"

/* Move descriptor from onto to (WASI fd_renumber; dup2 and close on
 * Linux, which has the same effect). */
#ifdef __wasi__
#include <wasi/api.h>
static int renumber(int from, int to)
{
    return __wasi_fd_renumber((__wasi_fd_t)from, (__wasi_fd_t)to) ? -1 : to;
}
#else
static int renumber(int from, int to)
{
    int r = dup2(from, to);
    close(from);
    return r;
}
#endif

static void show_file(const char *path)
{
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s holds %zd bytes: %s\n", strrchr(path, '/') + 1, n, buf);
}

int main(int argc, char **argv)
{
    const char *d = argc > 1 ? argv[1] : ".";
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/a", d);
    snprintf(b, sizeof b, "%s/b", d);
    int fa = open(a, O_CREAT | O_RDWR | O_TRUNC, 0644);
    int fb = open(b, O_CREAT | O_RDWR | O_TRUNC, 0644);
    SHOW("write a", write(fa, "first", 5));
    SHOW("renumber a onto b", renumber(fa, fb) == fb);
    SHOW("write to the old a", write(fa, "x", 1));
    SHOW("write through b", write(fb, "+second", 7));
    show_file(a);
    show_file(b);
    SHOW("append flag before", (fcntl(fb, F_GETFL) & O_APPEND) != 0);
    SHOW("set O_APPEND", fcntl(fb, F_SETFL, O_APPEND));
    SHOW("append flag after", (fcntl(fb, F_GETFL) & O_APPEND) != 0);
    SHOW("seek 0", lseek(fb, 0, SEEK_SET));
    SHOW("write appends", write(fb, "!", 1));
    show_file(a);
    SHOW("sched_yield", sched_yield());
    SHOW("close b", close(fb));
    SHOW("write closed", write(fb, "x", 1));
    return 0;
}
