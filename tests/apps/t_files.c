/* SPDX-License-Identifier: MIT */
/*
 * t_files: file descriptors and file I/O. read/write/readv/writev/pread64/
 * pwrite64, open/openat/close/lseek, fstat/stat/lstat/newfstatat/statx,
 * access/faccessat, dup/dup2/dup3/fcntl, pipe/pipe2, ioctl, readlink,
 * unlink/rename, and the devices /dev/null, /dev/zero, /dev/urandom.
 * Reads /data/hello.txt ("hello, world\n"), writes in /tmp/skiff-t_files.
 */
#include "t.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>

#define BAD        ((void *)1)
#define STATX_SIZE 0x200u

static void reads(void)
{
    char b[32] = {0};
    int fd = open(t_path("/data/hello.txt"), O_RDONLY);
    t_okrc("open hello", fd);
    t_long("read 5", read(fd, b, 5), 5);
    t_str("read bytes", b, "hello");
    t_long("lseek cur", lseek(fd, 0, SEEK_CUR), 5);
    t_long("lseek end", lseek(fd, 0, SEEK_END), 13);
    t_long("read at eof", read(fd, b, sizeof(b)), 0);
    t_long("lseek past end", lseek(fd, 100, SEEK_SET), 100);
    t_long("read past end", read(fd, b, sizeof(b)), 0);
    t_err("lseek negative", lseek(fd, -1, SEEK_SET), EINVAL);
    t_err("lseek whence", lseek(fd, 0, 99), EINVAL);
    memset(b, 0, sizeof(b));
    t_long("pread64", pread(fd, b, 5, 7), 5);
    t_str("pread bytes", b, "world");
    t_long("pread keeps offset", lseek(fd, 0, SEEK_CUR), 100);
    t_err("pread negative", pread(fd, b, 1, -1), EINVAL);
    char x[6] = {0}, y[8] = {0};
    struct iovec iov[2] = {{x, 5}, {y, 7}};
    lseek(fd, 0, SEEK_SET);
    t_long("readv", readv(fd, iov, 2), 12);
    t_true("readv bytes", !strcmp(x, "hello") && !strcmp(y, ", world"));
    lseek(fd, 0, SEEK_SET); /* at EOF read() would not touch the buffer */
    t_err("read EFAULT", syscall(SYS_read, fd, BAD, 4), EFAULT);
    t_err("readv EFAULT", syscall(SYS_readv, fd, BAD, 2), EFAULT);
    t_err("write to O_RDONLY", write(fd, "x", 1), EBADF);
    t_long("close", close(fd), 0);
    t_err("close again", close(fd), EBADF);
    t_err("read closed", read(fd, b, 1), EBADF);
    t_err("read -1", read(-1, b, 1), EBADF);
    t_err("open missing", open(t_path("/data/nope.txt"), O_RDONLY), ENOENT);
    t_err("open under file", open(t_path("/data/hello.txt/x"), O_RDONLY),
          ENOTDIR);
    t_err("open EFAULT", syscall(SYS_open, BAD, O_RDONLY), EFAULT);
    fd = open(t_path("/data/dir"), O_RDONLY | O_DIRECTORY);
    t_okrc("open dir", fd);
    t_err("read dir", read(fd, b, 1), EISDIR);
    close(fd);
    t_err("open dir for writing", open(t_path("/data/dir"), O_WRONLY), EISDIR);
    t_err("O_DIRECTORY on file",
          open(t_path("/data/hello.txt"), O_RDONLY | O_DIRECTORY), ENOTDIR);
}

static void stats(void)
{
    struct stat st;
    t_long("stat", stat(t_path("/data/hello.txt"), &st), 0);
    t_true("stat regular", S_ISREG(st.st_mode));
    t_long("stat size", st.st_size, 13);
    t_long("lstat dir", lstat(t_path("/data/dir"), &st), 0);
    t_true("lstat is dir", S_ISDIR(st.st_mode));
    t_err("stat missing", stat(t_path("/data/nope"), &st), ENOENT);
    t_err("stat EFAULT path", syscall(SYS_stat, BAD, &st), EFAULT);
    t_err("stat EFAULT buf", syscall(SYS_stat, t_path("/data/hello.txt"), BAD),
          EFAULT);
    int dfd = open(t_path("/data"), O_RDONLY | O_DIRECTORY);
    t_long("newfstatat", fstatat(dfd, "dir/a.txt", &st, 0), 0);
    t_long("newfstatat size", st.st_size, 6);
    t_long("fstatat AT_EMPTY_PATH", fstatat(dfd, "", &st, AT_EMPTY_PATH), 0);
    t_true("AT_EMPTY_PATH is dir", S_ISDIR(st.st_mode));
    t_err("fstatat bad dirfd", fstatat(999, "a", &st, 0), EBADF);
    int fd = openat(dfd, "hello.txt", O_RDONLY);
    t_okrc("openat", fd);
    t_long("fstat", fstat(fd, &st), 0);
    t_long("fstat size", st.st_size, 13);
    t_err("fstat EFAULT", syscall(SYS_fstat, fd, BAD), EFAULT);
    t_err("fstat EBADF", fstat(999, &st), EBADF);
    /* musl 1.2.3 has no statx(): the raw call, struct statx read at its
     * fixed offsets (stx_mask at 0, stx_size at 40; 256 bytes). */
    uint64_t sx[32] = {0};
    t_long("statx", syscall(SYS_statx, dfd, "hello.txt", 0, STATX_SIZE, sx), 0);
    t_true("statx size", ((uint32_t)sx[0] & STATX_SIZE) && sx[5] == 13);
    t_err("statx EFAULT", syscall(SYS_statx, dfd, "hello.txt", 0, 0, BAD),
          EFAULT);
    t_long("access R_OK", access(t_path("/data/hello.txt"), R_OK), 0);
    t_err("access missing", access(t_path("/data/nope"), F_OK), ENOENT);
    t_long("faccessat", faccessat(dfd, "dir", X_OK, 0), 0);
    t_err("access bad mode", access(t_path("/data"), 0x100), EINVAL);
    close(fd);
    close(dfd);
}

static void fds(void)
{
    int fd = open(t_path("/data/hello.txt"), O_RDONLY);
    int d = dup(fd);
    t_true("dup lowest free", d == fd + 1);
    lseek(fd, 6, SEEK_SET);
    t_long("dup shares offset", lseek(d, 0, SEEK_CUR), 6);
    t_long("dup2", dup2(fd, 20), 20);
    t_long("dup2 same fd", dup2(fd, fd), fd);
    t_err("dup2 EBADF", dup2(999, 21), EBADF);
    t_long("dup3 cloexec", dup3(fd, 21, O_CLOEXEC), 21);
    t_long("F_GETFD cloexec", fcntl(21, F_GETFD), FD_CLOEXEC);
    t_long("F_GETFD plain", fcntl(20, F_GETFD), 0);
    /* musl's dup3() uses dup2 without O_CLOEXEC and checks old == new
     * itself: raw calls, so the kernel is what answers. */
    t_err("dup3 same fd", syscall(SYS_dup3, fd, fd, 0), EINVAL);
    t_err("dup3 bad flags", syscall(SYS_dup3, fd, 22, 0x1234), EINVAL);
    t_long("dup3 raw", syscall(SYS_dup3, fd, 22, 0), 22);
    close(22);
    t_long("F_SETFD", fcntl(20, F_SETFD, FD_CLOEXEC), 0);
    t_long("F_GETFD after set", fcntl(20, F_GETFD), FD_CLOEXEC);
    t_long("F_GETFL", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
    t_long("F_DUPFD", fcntl(fd, F_DUPFD, 30), 30);
    t_err("fcntl EBADF", fcntl(999, F_GETFD), EBADF);
    t_err("fcntl bad cmd", fcntl(fd, 9999), EINVAL);
    t_err("dup EBADF", dup(999), EBADF);
    struct winsize ws;
    t_err("TIOCGWINSZ on file", ioctl(fd, TIOCGWINSZ, &ws), ENOTTY);
    t_err("ioctl EBADF", ioctl(999, TIOCGWINSZ, &ws), EBADF);
    close(30);
    close(21);
    close(20);
    close(d);
    close(fd);
}

static void pipes(void)
{
    int p[2];
    char b[8] = {0};
    t_long("pipe", pipe(p), 0);
    t_long("pipe write", write(p[1], "abc", 3), 3);
    t_long("pipe read", read(p[0], b, sizeof(b)), 3);
    t_str("pipe bytes", b, "abc");
    t_err("lseek pipe", lseek(p[0], 0, SEEK_SET), ESPIPE);
    t_err("write pipe EFAULT", syscall(SYS_write, p[1], BAD, 3), EFAULT);
    t_err("write read end", write(p[0], "x", 1), EBADF);
    close(p[0]);
    close(p[1]);
    t_long("pipe2", pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
    t_long("pipe2 cloexec", fcntl(p[0], F_GETFD), FD_CLOEXEC);
    t_true("pipe2 nonblock", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
    t_err("read empty nonblock", read(p[0], b, 1), EAGAIN);
    close(p[1]);
    t_long("read no writers", read(p[0], b, 1), 0);
    close(p[0]);
    t_err("pipe2 bad flags", pipe2(p, 0x1234), EINVAL);
    t_err("pipe EFAULT", syscall(SYS_pipe, BAD), EFAULT);
}

static void devices(void)
{
    char b[16];
    int fd = open("/dev/null", O_RDWR);
    t_long("write /dev/null", write(fd, "abc", 3), 3);
    t_long("read /dev/null", read(fd, b, sizeof(b)), 0);
    close(fd);
    fd = open("/dev/zero", O_RDONLY);
    memset(b, 1, sizeof(b));
    t_long("read /dev/zero", read(fd, b, sizeof(b)), 16);
    t_true("zeros", b[0] == 0 && b[15] == 0);
    close(fd);
    fd = open("/dev/urandom", O_RDONLY);
    t_long("read /dev/urandom", read(fd, b, sizeof(b)), 16);
    close(fd);
    t_long("stdin at eof", read(0, b, 1), 0);
    t_long("write stdout", write(1, "", 0), 0);
}

static void writes(void)
{
    const char *dir = t_tmp("t_files", NULL);
    const char *f = t_tmp("t_files", "f"), *g = t_tmp("t_files", "g");
    char b[32] = {0};
    unlink(f); /* what an interrupted earlier run may have left */
    unlink(g);
    mkdir(dir, 0755);
    int fd = open(f, O_RDWR | O_CREAT | O_TRUNC, 0644);
    t_okrc("create", fd);
    t_long("write", write(fd, "0123456789", 10), 10);
    struct iovec iov[2] = {{"ab", 2}, {"cd", 2}};
    t_long("writev", writev(fd, iov, 2), 4);
    t_long("pwrite64", pwrite(fd, "XY", 2, 3), 2);
    t_long("pwrite keeps offset", lseek(fd, 0, SEEK_CUR), 14);
    t_long("pread back", pread(fd, b, sizeof(b), 0), 14);
    t_str("contents", b, "012XY56789abcd");
    t_err("write EFAULT", syscall(SYS_write, fd, BAD, 4), EFAULT);
    t_long("sparse write", pwrite(fd, "z", 1, 20), 1);
    memset(b, 1, sizeof(b));
    t_long("read hole", pread(fd, b, 6, 14), 6);
    t_true("hole is zero", b[0] == 0 && b[5] == 0);
    close(fd);
    t_err("O_EXCL existing", open(f, O_CREAT | O_EXCL | O_WRONLY, 0644),
          EEXIST);
    fd = open(f, O_WRONLY | O_APPEND);
    t_long("append", write(fd, "!", 1), 1);
    t_err("read O_WRONLY", read(fd, b, 1), EBADF);
    close(fd);
    struct stat st;
    stat(f, &st);
    t_long("size after append", st.st_size, 22);
    t_long("rename", rename(f, g), 0);
    t_err("old name gone", access(f, F_OK), ENOENT);
    t_err("rename missing", rename(f, g), ENOENT);
    t_long("unlink", unlink(g), 0);
    t_err("unlink again", unlink(g), ENOENT);
    t_long("rmdir scratch", rmdir(dir), 0);
}

static void self_exe(const char *argv0)
{
    char b[512];
    const char *base = strrchr(argv0, '/');
    base = base ? base + 1 : argv0;
    ssize_t n = readlink("/proc/self/exe", b, sizeof(b) - 1);
    b[n > 0 ? n : 0] = '\0';
    size_t bl = strlen(base), l = n > 0 ? (size_t)n : 0;
    t_true("readlink /proc/self/exe",
           n > 0 && l >= bl && !strcmp(b + l - bl, base));
    t_err("readlink EFAULT", syscall(SYS_readlink, "/proc/self/exe", BAD, 100),
          EFAULT);
    t_err("readlink not a link", readlink(t_path("/data/hello.txt"), b, 8),
          EINVAL);
}

int main(int argc, char **argv)
{
    (void)argc;
    reads();
    stats();
    fds();
    pipes();
    devices();
    writes();
    self_exe(argv[0]);
    return t_done("t_files");
}
