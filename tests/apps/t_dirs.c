/* SPDX-License-Identifier: MIT */
/*
 * t_dirs: directories. getdents64 (through opendir/readdir, and raw for
 * its errors), getcwd/chdir, mkdir/mkdirat/rmdir, rename and unlink on
 * directories. Lists /data/dir (a.txt b.txt sub/), works in
 * /tmp/skiff-t_dirs. Directory order is the file system's: names are
 * sorted before they are compared.
 */
#include "t.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#define BAD ((void *)1)

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in (path), space-separated, in a static buffer. */
static const char *list(const char *path)
{
    static char out[512];
    static char names[32][260];
    char *p[32];
    struct stat st;
    int n = 0;
    out[0] = '\0';
    DIR *d = opendir(path);
    if (!d)
        return "(opendir failed)";
    for (struct dirent *e; n < 32 && (e = readdir(d));) {
        /* d_type may be DT_UNKNOWN on some file systems: ask stat. */
        int dir = fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                  S_ISDIR(st.st_mode);
        snprintf(names[n], sizeof(names[n]), "%s%s", e->d_name, dir ? "/" : "");
        p[n] = names[n];
        n++;
    }
    closedir(d);
    qsort(p, (size_t)n, sizeof(p[0]), cmp);
    for (int i = 0; i < n; i++) {
        strncat(out, p[i], sizeof(out) - strlen(out) - 2);
        if (i + 1 < n)
            strcat(out, " ");
    }
    return out;
}

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && !strcmp(s + a - b, tail);
}

static void reading(void)
{
    char buf[256];
    t_str("readdir /data/dir", list(t_path("/data/dir")),
          "../ ./ a.txt b.txt sub/");
    t_str("readdir /data/dir/sub", list(t_path("/data/dir/sub")),
          "../ ./ c.txt");
    t_true("opendir missing", opendir(t_path("/data/nope")) == NULL);
    int fd = open(t_path("/data/dir"), O_RDONLY | O_DIRECTORY);
    t_err("getdents64 EFAULT", syscall(SYS_getdents64, fd, BAD, 256), EFAULT);
    t_err("getdents64 tiny buffer", syscall(SYS_getdents64, fd, buf, 1),
          EINVAL);
    long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
    t_true("getdents64 reads", n > 0);
    while (n > 0)
        n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
    t_long("getdents64 at end", n, 0);
    close(fd);
    t_err("getdents64 EBADF", syscall(SYS_getdents64, 999, buf, 256), EBADF);
    fd = open(t_path("/data/hello.txt"), O_RDONLY);
    t_err("getdents64 on file", syscall(SYS_getdents64, fd, buf, 256), ENOTDIR);
    close(fd);
}

static void cwd(void)
{
    char b[512];
    t_long("chdir", chdir(t_path("/data/dir")), 0);
    t_true("getcwd", getcwd(b, sizeof(b)) && ends_with(b, "/data/dir"));
    t_long("chdir relative", chdir("sub"), 0);
    t_true("getcwd sub", getcwd(b, sizeof(b)) && ends_with(b, "/dir/sub"));
    t_long("chdir ..", chdir(".."), 0);
    int fd = open("a.txt", O_RDONLY);
    t_okrc("open relative", fd);
    close(fd);
    t_err("chdir missing", chdir("nope"), ENOENT);
    t_err("chdir to file", chdir("a.txt"), ENOTDIR);
    t_err("getcwd ERANGE", syscall(SYS_getcwd, b, 1), ERANGE);
    t_err("getcwd EFAULT", syscall(SYS_getcwd, BAD, sizeof(b)), EFAULT);
    t_err("chdir EFAULT", syscall(SYS_chdir, BAD), EFAULT);
    t_long("chdir /", chdir("/"), 0);
    t_str("getcwd /", getcwd(b, sizeof(b)), "/");
}

static void making(void)
{
    const char *top = t_tmp("t_dirs", NULL), *a = t_tmp("t_dirs", "a");
    const char *b = t_tmp("t_dirs", "b"), *f = t_tmp("t_dirs", "b/f");
    /* What an interrupted earlier run may have left. */
    unlink(f);
    rmdir(a);
    rmdir(b);
    rmdir(top);
    t_long("mkdir", mkdir(top, 0755), 0);
    t_err("mkdir exists", mkdir(top, 0755), EEXIST);
    t_err("mkdir no parent", mkdir(t_tmp("t_dirs", "x/y"), 0755), ENOENT);
    int dfd = open(top, O_RDONLY | O_DIRECTORY);
    t_long("mkdirat", mkdirat(dfd, "a", 0755), 0);
    struct stat st;
    t_true("mkdirat made a dir", stat(a, &st) == 0 && S_ISDIR(st.st_mode));
    t_long("rename dir", rename(a, b), 0);
    t_str("after rename", list(top), "../ ./ b/");
    int fd = open(f, O_CREAT | O_WRONLY, 0644);
    close(fd);
    t_str("new file listed", list(b), "../ ./ f");
    t_err("rmdir not empty", rmdir(b), ENOTEMPTY);
    t_err("rmdir file", rmdir(f), ENOTDIR);
    t_err("unlink dir", unlink(b), EISDIR);
    t_err("mkdir over file", mkdir(f, 0755), EEXIST);
    t_long("unlink file", unlink(f), 0);
    t_long("rmdir", rmdir(b), 0);
    t_err("rmdir gone", rmdir(b), ENOENT);
    t_str("empty again", list(top), "../ ./");
    t_err("mkdir EFAULT", syscall(SYS_mkdir, BAD, 0755), EFAULT);
    close(dfd);
    t_long("rmdir top", rmdir(top), 0);
}

int main(void)
{
    reading();
    cwd();
    making();
    return t_done("t_dirs");
}
