/* SPDX-License-Identifier: MIT */
/* WASI test: file I/O in the directory argv[1]; output must match native. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_test.h"

int main(int argc, char **argv)
{
    const char *d = argc > 1 ? argv[1] : ".";
    char buf[64] = {0};
    int fd = open(at(d, "a.txt"), O_CREAT | O_TRUNC | O_RDWR, 0644);
    printf("open: %s\n", fd >= 0 ? "ok" : strerror(errno));
    printf("write: %zd\n", write(fd, "hello, world\n", 13));
    printf("tell: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    printf("seek: %ld\n", (long)lseek(fd, 7, SEEK_SET));
    printf("read: %zd\n", read(fd, buf, sizeof buf - 1));
    printf("data: %s", buf);
    printf("pwrite: %zd\n", pwrite(fd, "W", 1, 7));
    memset(buf, 0, sizeof buf);
    printf("pread: %zd %s", pread(fd, buf, 6, 7), buf);
    printf("\nseek end: %ld\n", (long)lseek(fd, 0, SEEK_END));
    struct stat st;
    SHOW("fstat", fstat(fd, &st));
    printf("size %ld reg %d\n", (long)st.st_size, S_ISREG(st.st_mode));
    close(fd);
    FILE *f = fopen(at(d, "a.txt"), "a");
    fprintf(f, "appended %d\n", 42);
    fclose(f);
    f = fopen(at(d, "a.txt"), "r");
    while (fgets(buf, sizeof buf, f))
        printf("line: %s", buf);
    fclose(f);
    SHOW("stat", stat(at(d, "a.txt"), &st));
    printf("size %ld\n", (long)st.st_size);
    char to[512];
    snprintf(to, sizeof to, "%s/b.txt", d);
    SHOW("rename", rename(at(d, "a.txt"), to));
    SHOW("stat old", stat(at(d, "a.txt"), &st));
    SHOW("unlink", unlink(to));
    SHOW("open missing", open(to, O_RDONLY));
    fd = open(at(d, "c.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644);
    SHOW("excl again", open(at(d, "c.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644));
    SHOW("fsync", fsync(fd));
    close(fd);
    SHOW("close twice", close(fd));
    unlink(at(d, "c.txt"));
    return 0;
}
