/* SPDX-License-Identifier: MIT */
/* Host tests of the file system calls (kernel/syscall/file*.c), called
 * directly with pointers cast to long. The host's own Linux headers are
 * the reference for numbers, flag values and structure layouts. */
#define _GNU_SOURCE
#include "fs/fs.h"
#include "kernel/syscall/file.h"
#include "kernel/syscall/sys.h"
#include "skiff/diag.h"
#include "tests/unit/cpio_fixture.h"
#include "tests/unit/fakes/uaccess_fake.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>

#include <cmocka.h>

#define L(x) ((long)(uintptr_t)(x))
#define AT   FS_AT_FDCWD

static struct cpio_w cw;
static char con[256];
static size_t con_len;

static long con_write(const void *buf, size_t n)
{
    size_t k = n < sizeof(con) - con_len ? n : sizeof(con) - con_len;
    memcpy(con + con_len, buf, k);
    con_len += k;
    return (long)n;
}

static const struct fs_host host = {0, 0, con_write, 0};

static int setup(void **state)
{
    (void)state;
    struct diag d;
    cpio_sample(&cw);
    con_len = 0;
    uaccess_fake_bad(NULL, 0);
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &d), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fs_fini();
    return 0;
}

static long sopen(const char *p, long flags, long mode)
{
    return sys_openat(AT, L(p), flags, mode, 0, 0);
}

static void test_numbers_and_flags(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        unsigned nr;
    } want[] = {
        {"read", SYS_read},
        {"write", SYS_write},
        {"open", SYS_open},
        {"close", SYS_close},
        {"stat", SYS_stat},
        {"fstat", SYS_fstat},
        {"lstat", SYS_lstat},
        {"lseek", SYS_lseek},
        {"ioctl", SYS_ioctl},
        {"pread64", SYS_pread64},
        {"pwrite64", SYS_pwrite64},
        {"readv", SYS_readv},
        {"writev", SYS_writev},
        {"access", SYS_access},
        {"pipe", SYS_pipe},
        {"dup", SYS_dup},
        {"dup2", SYS_dup2},
        {"sendfile", SYS_sendfile},
        {"fcntl", SYS_fcntl},
        {"fsync", SYS_fsync},
        {"fdatasync", SYS_fdatasync},
        {"truncate", SYS_truncate},
        {"ftruncate", SYS_ftruncate},
        {"getcwd", SYS_getcwd},
        {"chdir", SYS_chdir},
        {"fchdir", SYS_fchdir},
        {"rename", SYS_rename},
        {"mkdir", SYS_mkdir},
        {"rmdir", SYS_rmdir},
        {"creat", SYS_creat},
        {"unlink", SYS_unlink},
        {"symlink", SYS_symlink},
        {"readlink", SYS_readlink},
        {"umask", SYS_umask},
        {"getdents64", SYS_getdents64},
        {"openat", SYS_openat},
        {"mkdirat", SYS_mkdirat},
        {"newfstatat", SYS_newfstatat},
        {"unlinkat", SYS_unlinkat},
        {"renameat", SYS_renameat},
        {"symlinkat", SYS_symlinkat},
        {"readlinkat", SYS_readlinkat},
        {"faccessat", SYS_faccessat},
        {"utimensat", SYS_utimensat},
        {"dup3", SYS_dup3},
        {"pipe2", SYS_pipe2},
        {"preadv", SYS_preadv},
        {"pwritev", SYS_pwritev},
        {"renameat2", SYS_renameat2},
        {"statx", SYS_statx},
        {"openat2", 437},
        {"faccessat2", 439},
        {"chmod", SYS_chmod},
        {"fchmod", SYS_fchmod},
        {"fchmodat", SYS_fchmodat},
    };
    const size_t nwant = sizeof(want) / sizeof(want[0]);
    size_t n = 0;
    for (const struct sys_call *c = sys_file_calls; c->fn; c++, n++) {
        long nr = -1;
        for (size_t i = 0; i < nwant; i++)
            if (strcmp(want[i].name, c->name) == 0)
                nr = want[i].nr;
        assert_int_equal(c->nr, nr);
    }
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    assert_int_equal(FS_O_CREAT, O_CREAT);
    assert_int_equal(FS_O_EXCL, O_EXCL);
    assert_int_equal(FS_O_TRUNC, O_TRUNC);
    assert_int_equal(FS_O_APPEND, O_APPEND);
    assert_int_equal(FS_O_NONBLOCK, O_NONBLOCK);
    assert_int_equal(FS_O_DIRECTORY, O_DIRECTORY);
    assert_int_equal(FS_O_NOFOLLOW, O_NOFOLLOW);
    assert_int_equal(FS_O_CLOEXEC, O_CLOEXEC);
    assert_int_equal(FS_O_PATH, O_PATH);
    assert_int_equal(FS_O_TMPFILE, O_TMPFILE);
    assert_int_equal(FS_AT_FDCWD, AT_FDCWD);
    assert_int_equal(FS_AT_SYMLINK_NOFOLLOW, AT_SYMLINK_NOFOLLOW);
    assert_int_equal(FS_AT_REMOVEDIR, AT_REMOVEDIR);
    assert_int_equal(FS_AT_EMPTY_PATH, AT_EMPTY_PATH);
    assert_int_equal(FS_S_IFLNK, S_IFLNK);
    assert_int_equal(FS_S_IFBLK, S_IFBLK);
    assert_int_equal(FS_SEEK_HOLE, SEEK_HOLE);
    assert_int_equal(sizeof(struct stat), 144);
    assert_int_equal(sizeof(struct statx), 256);
}

static void test_preadv_pwritev(void **state)
{
    (void)state;
    long fd = sys_open(L("/tmp/v"), O_RDWR | O_CREAT, 0644, 0, 0, 0);
    assert_true(fd >= 0);
    char a[] = "hello, ", b[] = "World", ra[4] = {0}, rb[8] = {0};
    struct iovec w[2] = {{a, 7}, {b, 5}}, r[2] = {{ra, 3}, {rb, 8}};
    assert_int_equal(sys_pwritev(fd, L(w), 2, 2, 0, 0), 12);
    assert_int_equal(sys_lseek(fd, 0, SEEK_CUR, 0, 0, 0), 0);
    assert_int_equal(sys_preadv(fd, L(r), 2, 4, 0, 0), 10);
    assert_memory_equal(ra, "llo", 3);
    assert_memory_equal(rb, ", World", 7);
    assert_int_equal(sys_preadv(fd, L(r), 2, -1, 0, 0), -EINVAL);
    assert_int_equal(sys_preadv(99, L(r), 2, 0, 0, 0), -EBADF);
    assert_int_equal(sys_lseek(fd, 0, SEEK_CUR, 0, 0, 0), 0);
    sys_close(fd, 0, 0, 0, 0, 0);
}

static void test_read_write_errors(void **state)
{
    (void)state;
    char b[32];
    assert_int_equal(sys_read(99, L(b), 4, 0, 0, 0), -EBADF);
    assert_int_equal(sys_write(-1, L(b), 4, 0, 0, 0), -EBADF);
    assert_int_equal(sys_close(500, 0, 0, 0, 0, 0), -EBADF);
    assert_int_equal(sys_fstat(77, L(b), 0, 0, 0, 0), -EBADF);
    long fd = sopen("/etc/hello", O_RDONLY, 0);
    assert_int_equal(fd, 3);
    assert_int_equal(sys_read(fd, 16, 4, 0, 0, 0), -EFAULT);
    uaccess_fake_bad(b + 8, 8);
    assert_int_equal(sys_read(fd, L(b), 10, 0, 0, 0), -EFAULT);
    assert_int_equal(sys_read(fd, L(b), 8, 0, 0, 0), 8);
    assert_int_equal(sys_write(1, L(b + 4), 8, 0, 0, 0), -EFAULT);
    assert_int_equal(sys_stat(L(b + 8), L(b + 16), 0, 0, 0, 0), -EFAULT);
    uaccess_fake_bad(NULL, 0);
    assert_int_equal(sys_write(fd, L(b), 1, 0, 0, 0), -EBADF);
    assert_int_equal(sys_open(0, O_RDONLY, 0, 0, 0, 0), -EFAULT);
    static char huge[5000];
    memset(huge, 'a', sizeof(huge) - 1);
    assert_int_equal(sys_open(L(huge), O_RDONLY, 0, 0, 0, 0), -ENAMETOOLONG);
    assert_int_equal(sys_write(1, L("out\n"), 4, 0, 0, 0), 4);
    assert_int_equal(con_len, 4);
    assert_int_equal(sys_pread64(fd, L(b), 5, 7, 0, 0), 5);
    assert_memory_equal(b, "world", 5);
    assert_int_equal(sys_pread64(fd, L(b), 5, -1, 0, 0), -EINVAL);
    assert_int_equal(sys_lseek(fd, 0, 7, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_lseek(fd, -1, SEEK_SET, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_lseek(fd, 0, SEEK_END, 0, 0, 0), 13);
    assert_int_equal(sys_fsync(fd, 0, 0, 0, 0, 0), 0);
    assert_int_equal(sys_fdatasync(42, 0, 0, 0, 0, 0), -EBADF);
}

static void test_open_flags(void **state)
{
    (void)state;
    char b[32];
    assert_int_equal(sopen("/nope", O_RDONLY, 0), -ENOENT);
    assert_int_equal(sopen("/etc/hello/x", O_RDONLY, 0), -ENOTDIR);
    assert_int_equal(sopen("/etc", O_RDWR, 0), -EISDIR);
    assert_int_equal(sopen("/etc/hello", O_RDWR, 0), -EROFS);
    assert_int_equal(sopen("/etc/new", O_CREAT | O_WRONLY, 0644), -EROFS);
    long fd = sopen("/tmp/f", O_CREAT | O_EXCL | O_WRONLY, 0600);
    assert_true(fd >= 3);
    assert_int_equal(sopen("/tmp/f", O_CREAT | O_EXCL | O_WRONLY, 0600),
                     -EEXIST);
    assert_int_equal(sys_write(fd, L("abcdef"), 6, 0, 0, 0), 6);
    sys_close(fd, 0, 0, 0, 0, 0);
    fd = sopen("/tmp/f", O_WRONLY | O_APPEND, 0);
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
    assert_int_equal(sys_write(fd, L("gh"), 2, 0, 0, 0), 2);
    sys_close(fd, 0, 0, 0, 0, 0);
    fd = sopen("/tmp/f", O_RDWR, 0);
    assert_int_equal(sys_read(fd, L(b), sizeof(b), 0, 0, 0), 8);
    assert_memory_equal(b, "abcdefgh", 8);
    sys_close(fd, 0, 0, 0, 0, 0);
    fd = sopen("/tmp/f", O_RDWR | O_TRUNC, 0);
    assert_int_equal(sys_read(fd, L(b), sizeof(b), 0, 0, 0), 0);
    assert_int_equal(sys_fcntl(fd, F_GETFL, 0, 0, 0, 0), O_RDWR);
    assert_int_equal(sys_fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK, 0, 0, 0), 0);
    assert_int_equal(sys_fcntl(fd, F_GETFL, 0, 0, 0, 0),
                     O_RDWR | O_APPEND | O_NONBLOCK);
    assert_int_equal(sys_fcntl(fd, F_GETLK, 0, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_creat(L("/tmp/c"), 0644, 0, 0, 0, 0), fd + 1);
    assert_int_equal(sys_umask(0, 0, 0, 0, 0, 0), 022);
    assert_int_equal(sys_umask(022, 0, 0, 0, 0, 0), 0);
}

static void test_stat_layout(void **state)
{
    (void)state;
    struct stat st;
    memset(&st, 0xff, sizeof(st));
    assert_int_equal(sys_stat(L("/etc/hello"), L(&st), 0, 0, 0, 0), 0);
    assert_int_equal(st.st_size, 13);
    assert_int_equal(st.st_mode, S_IFREG | 0644);
    assert_int_equal(st.st_nlink, 1);
    assert_int_equal(st.st_uid, 0);
    assert_int_equal(st.st_gid, 0);
    assert_int_equal(st.st_blksize, 4096);
    assert_int_equal(st.st_blocks, 1);
    assert_int_equal(st.st_mtim.tv_sec, 1700000000);
    assert_int_equal(st.st_mtim.tv_nsec, 0);
    ino_t ino = st.st_ino;
    assert_int_equal(sys_lstat(L("/etc/rel"), L(&st), 0, 0, 0, 0), 0);
    assert_int_equal(st.st_mode, S_IFLNK | 0777);
    assert_int_equal(st.st_size, 5);
    assert_int_equal(sys_stat(L("/etc/rel"), L(&st), 0, 0, 0, 0), 0);
    assert_int_equal(st.st_ino, ino);
    long fd = sopen("/etc", O_RDONLY | O_DIRECTORY, 0);
    assert_int_equal(sys_newfstatat(fd, L("hello"), L(&st), 0, 0, 0), 0);
    assert_int_equal(st.st_ino, ino);
    assert_int_equal(sys_newfstatat(fd, L(""), L(&st), AT_EMPTY_PATH, 0, 0), 0);
    assert_int_equal(st.st_mode, S_IFDIR | 0755);
    assert_int_equal(sys_newfstatat(fd, L(""), L(&st), 0, 0, 0), -ENOENT);
    assert_int_equal(sys_newfstatat(AT, L("/etc/rel"), L(&st), 0x4, 0, 0),
                     -EINVAL);
    assert_int_equal(
        sys_newfstatat(AT, L("/etc/rel"), L(&st), AT_SYMLINK_NOFOLLOW, 0, 0),
        0);
    assert_int_equal(st.st_mode & S_IFMT, S_IFLNK);
    assert_int_equal(sys_stat(L("/etc/hello"), 8, 0, 0, 0, 0), -EFAULT);
    struct statx sx;
    memset(&sx, 0xff, sizeof(sx));
    assert_int_equal(
        sys_statx(AT, L("/etc/hello"), 0, STATX_BASIC_STATS, L(&sx), 0), 0);
    assert_int_equal(sx.stx_mask & STATX_BASIC_STATS, STATX_BASIC_STATS);
    assert_int_equal(sx.stx_size, 13);
    assert_int_equal(sx.stx_mode, S_IFREG | 0644);
    assert_int_equal(sx.stx_ino, ino);
    assert_int_equal(sx.stx_nlink, 1);
    assert_int_equal(sx.stx_mtime.tv_sec, 1700000000);
    assert_int_equal(sx.stx_uid, 0);
    assert_int_equal(
        sys_statx(fd, L(""), AT_EMPTY_PATH, STATX_BASIC_STATS, L(&sx), 0), 0);
    assert_int_equal(sx.stx_mode, S_IFDIR | 0755);
    assert_int_equal(sys_statx(AT, L("/etc"), 0x1, 0, L(&sx), 0), -EINVAL);
    assert_int_equal(sys_statx(AT, L("/etc"), 0, 0x80000000, L(&sx), 0),
                     -EINVAL);
    /* Devices: block and character rdev. */
    assert_int_equal(sys_stat(L("/dev/null"), L(&st), 0, 0, 0, 0), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_not_equal(st.st_rdev, 0);
}

static void test_access_readlink(void **state)
{
    (void)state;
    char b[64];
    assert_int_equal(sys_access(L("/etc/hello"), R_OK, 0, 0, 0, 0), 0);
    assert_int_equal(sys_access(L("/etc/hello"), W_OK, 0, 0, 0, 0), -EROFS);
    assert_int_equal(sys_access(L("/nope"), F_OK, 0, 0, 0, 0), -ENOENT);
    assert_int_equal(sys_access(L("/etc/hello"), 8, 0, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_faccessat(AT, L("/bin/app"), X_OK, 0, 0, 0), 0);
    assert_int_equal(
        sys_faccessat2(AT, L("/dangling"), F_OK, AT_SYMLINK_NOFOLLOW, 0, 0), 0);
    assert_int_equal(sys_faccessat2(AT, L("/dangling"), F_OK, 0, 0, 0),
                     -ENOENT);
    assert_int_equal(sys_faccessat2(AT, L("/etc"), F_OK, 0x1, 0, 0), -EINVAL);
    fs_set_exe("/bin/app");
    assert_int_equal(
        sys_readlink(L("/proc/self/exe"), L(b), sizeof(b), 0, 0, 0), 8);
    assert_memory_equal(b, "/bin/app", 8);
    assert_int_equal(sys_readlinkat(AT, L("/etc/rel"), L(b), 3, 0, 0), 3);
    assert_memory_equal(b, "hel", 3);
    assert_int_equal(sys_readlink(L("/etc/hello"), L(b), 64, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_readlink(L("/etc/rel"), L(b), 0, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_readlink(L("/etc/rel"), 100, 64, 0, 0, 0), -EFAULT);
    assert_int_equal(sys_utimensat(AT, L("/etc/hello"), 0, 0, 0, 0), -EROFS);
    assert_int_equal(sys_utimensat(AT, L("/nope"), 0, 0, 0, 0), -ENOENT);
    long fd = sopen("/tmp/t", O_CREAT | O_WRONLY, 0644);
    struct timespec ts[2] = {{100, 5}, {200, UTIME_OMIT}};
    struct stat st;
    assert_int_equal(sys_utimensat(AT, L("/tmp/t"), L(ts), 0, 0, 0), 0);
    assert_int_equal(sys_stat(L("/tmp/t"), L(&st), 0, 0, 0, 0), 0);
    assert_int_equal(st.st_atim.tv_sec, 100);
    assert_int_equal(st.st_atim.tv_nsec, 5);
    assert_int_equal(st.st_mtim.tv_sec, 0); /* host clock hook is NULL */
    ts[1].tv_nsec = 7;
    assert_int_equal(sys_utimensat(fd, 0, L(ts), 0, 0, 0), 0);
    assert_int_equal(sys_fstat(fd, L(&st), 0, 0, 0, 0), 0);
    assert_int_equal(st.st_mtim.tv_sec, 200);
    assert_int_equal(st.st_mtim.tv_nsec, 7);
    ts[0].tv_nsec = 1000000000;
    assert_int_equal(sys_utimensat(fd, 0, L(ts), 0, 0, 0), -EINVAL);
    assert_int_equal(sys_utimensat(fd, 0, 16, 0, 0, 0), -EFAULT);
    assert_int_equal(sys_utimensat(AT, 0, 0, 0, 0, 0), -EFAULT);
    assert_int_equal(sys_utimensat(AT, L("/tmp/t"), 0, 0x4, 0, 0), -EINVAL);
}

static void test_getdents_layout(void **state)
{
    (void)state;
    _Alignas(8) char buf[512];
    long fd = sopen("/etc", O_RDONLY | O_DIRECTORY, 0);
    assert_int_equal(sys_getdents64(fd, L(buf), 16, 0, 0, 0), -EINVAL);
    long n = sys_getdents64(fd, L(buf), sizeof(buf), 0, 0, 0);
    assert_true(n > 0);
    static const char *const names[] = {".", "..", "hello", "rel", "abs"};
    static const unsigned char types[] = {DT_DIR, DT_DIR, DT_REG, DT_LNK,
                                          DT_LNK};
    long pos = 0;
    for (int i = 0; i < 5; i++) {
        struct dirent64 *d = (struct dirent64 *)(buf + pos);
        assert_string_equal(d->d_name, names[i]);
        assert_int_equal(d->d_type, types[i]);
        assert_int_equal(d->d_off, i + 1);
        assert_int_equal(d->d_reclen % 8, 0);
        assert_int_equal(d->d_reclen, (19 + strlen(names[i]) + 1 + 7) / 8 * 8);
        pos += d->d_reclen;
    }
    assert_int_equal(pos, n);
    assert_int_equal(sys_getdents64(fd, L(buf), sizeof(buf), 0, 0, 0), 0);
    /* Rewind, then read one record at a time. */
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
    assert_int_equal(sys_getdents64(fd, L(buf), 24, 0, 0, 0), 24);
    assert_int_equal(sys_getdents64(fd, L(buf), 24, 0, 0, 0), 24);
    assert_string_equal(((struct dirent64 *)buf)->d_name, "..");
    assert_int_equal(sys_getdents64(fd, 16, 100, 0, 0, 0), -EFAULT);
    assert_int_equal(sys_getdents64(99, L(buf), 100, 0, 0, 0), -EBADF);
    long f = sopen("/etc/hello", O_RDONLY, 0);
    assert_int_equal(sys_getdents64(f, L(buf), 100, 0, 0, 0), -ENOTDIR);
    assert_int_equal(sys_read(fd, L(buf), 1, 0, 0, 0), -EISDIR);
}

static void test_dup(void **state)
{
    (void)state;
    char b[8];
    long fd = sopen("/etc/hello", O_RDONLY, 0);
    long other = sopen("/bin/app", O_RDONLY, 0);
    assert_int_equal(sys_dup2(fd, other, 0, 0, 0, 0), other);
    assert_int_equal(sys_read(other, L(b), 5, 0, 0, 0), 5);
    assert_memory_equal(b, "hello", 5);
    assert_int_equal(sys_lseek(fd, 0, SEEK_CUR, 0, 0, 0), 5); /* shared */
    assert_int_equal(sys_dup2(fd, fd, 0, 0, 0, 0), fd);
    assert_int_equal(sys_dup2(99, fd, 0, 0, 0, 0), -EBADF);
    assert_int_equal(sys_read(fd, L(b), 1, 0, 0, 0), 1); /* still open */
    assert_int_equal(sys_dup2(fd, FS_FD_MAX, 0, 0, 0, 0), -EBADF);
    assert_int_equal(sys_dup3(fd, fd, 0, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_dup3(fd, 10, 1, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_dup3(fd, 10, O_CLOEXEC, 0, 0, 0), 10);
    assert_int_equal(sys_fcntl(10, F_GETFD, 0, 0, 0, 0), FD_CLOEXEC);
    assert_int_equal(sys_dup2(fd, 10, 0, 0, 0, 0), 10);
    assert_int_equal(sys_fcntl(10, F_GETFD, 0, 0, 0, 0), 0);
    assert_int_equal(sys_dup(fd, 0, 0, 0, 0, 0), 5);
    assert_int_equal(sys_fcntl(fd, F_DUPFD, 20, 0, 0, 0), 20);
    assert_int_equal(sys_fcntl(fd, F_DUPFD_CLOEXEC, 20, 0, 0, 0), 21);
    assert_int_equal(sys_fcntl(21, F_GETFD, 0, 0, 0, 0), FD_CLOEXEC);
    assert_int_equal(sys_fcntl(21, F_SETFD, 0, 0, 0, 0), 0);
    assert_int_equal(sys_fcntl(21, F_GETFD, 0, 0, 0, 0), 0);
    assert_int_equal(sys_fcntl(fd, F_DUPFD, FS_FD_MAX, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_fcntl(99, F_GETFD, 0, 0, 0, 0), -EBADF);
    assert_int_equal(sys_close(fd, 0, 0, 0, 0, 0), 0);
    assert_int_equal(sys_read(20, L(b), 2, 0, 0, 0), 2); /* dup survives */
    for (long i = 0; i < FS_FD_MAX; i++)
        sys_dup(0, 0, 0, 0, 0, 0);
    assert_int_equal(sys_dup(0, 0, 0, 0, 0, 0), -EMFILE);
    assert_int_equal(sopen("/etc/hello", O_RDONLY, 0), -EMFILE);
}

static void test_pipes(void **state)
{
    (void)state;
    int p[2];
    char b[16];
    assert_int_equal(sys_pipe2(L(p), 0x1, 0, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_pipe(16, 0, 0, 0, 0, 0), -EFAULT);
    assert_int_equal(sys_pipe(L(p), 0, 0, 0, 0, 0), 0);
    assert_int_equal(p[0], 3);
    assert_int_equal(p[1], 4);
    assert_int_equal(sys_read(p[0], L(b), sizeof(b), 0, 0, 0), -EAGAIN);
    assert_int_equal(sys_write(p[1], L("ping"), 4, 0, 0, 0), 4);
    int avail = -1;
    assert_int_equal(sys_ioctl(p[0], FIONREAD, L(&avail), 0, 0, 0), 0);
    assert_int_equal(avail, 4);
    assert_int_equal(sys_lseek(p[0], 0, SEEK_CUR, 0, 0, 0), -ESPIPE);
    assert_int_equal(sys_pread64(p[0], L(b), 1, 0, 0, 0), -ESPIPE);
    assert_int_equal(sys_write(p[0], L("x"), 1, 0, 0, 0), -EBADF);
    struct stat st;
    assert_int_equal(sys_fstat(p[0], L(&st), 0, 0, 0, 0), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(sys_read(p[0], L(b), 2, 0, 0, 0), 2);
    assert_int_equal(sys_read(p[0], L(b), sizeof(b), 0, 0, 0), 2);
    assert_memory_equal(b, "ng", 2);
    assert_int_equal(sys_write(p[1], L("end"), 3, 0, 0, 0), 3);
    assert_int_equal(sys_close(p[1], 0, 0, 0, 0, 0), 0);
    assert_int_equal(sys_read(p[0], L(b), sizeof(b), 0, 0, 0), 3);
    assert_int_equal(sys_read(p[0], L(b), sizeof(b), 0, 0, 0), 0); /* EOF */
    assert_int_equal(sys_close(p[0], 0, 0, 0, 0, 0), 0);
    /* No reader: EPIPE. Full: a short write, then EAGAIN; wraps around. */
    assert_int_equal(sys_pipe2(L(p), O_CLOEXEC | O_NONBLOCK, 0, 0, 0, 0), 0);
    assert_int_equal(sys_fcntl(p[0], F_GETFD, 0, 0, 0, 0), FD_CLOEXEC);
    assert_int_equal(sys_fcntl(p[1], F_GETFL, 0, 0, 0, 0),
                     O_WRONLY | O_NONBLOCK);
    static char big[FS_PIPE_SIZE + 100];
    assert_int_equal(sys_write(p[1], L(big), 100, 0, 0, 0), 100);
    assert_int_equal(sys_write(p[1], L(big), sizeof(big), 0, 0, 0),
                     FS_PIPE_SIZE - 100);
    assert_int_equal(sys_write(p[1], L(big), 1, 0, 0, 0), -EAGAIN);
    assert_int_equal(sys_read(p[0], L(big), 200, 0, 0, 0), 200);
    assert_int_equal(sys_write(p[1], L(big), 201, 0, 0, 0), -EAGAIN);
    assert_int_equal(sys_write(p[1], L("wrap"), 4, 0, 0, 0), 4);
    assert_int_equal(sys_read(p[0], L(big), sizeof(big), 0, 0, 0),
                     FS_PIPE_SIZE - 200 + 4);
    assert_memory_equal(big + FS_PIPE_SIZE - 200, "wrap", 4);
    assert_int_equal(sys_close(p[0], 0, 0, 0, 0, 0), 0);
    assert_int_equal(sys_write(p[1], L("x"), 1, 0, 0, 0), -EPIPE);
}

static void test_ioctl(void **state)
{
    (void)state;
    struct termios t;
    struct winsize ws;
    assert_int_equal(sys_ioctl(1, TCGETS, L(&t), 0, 0, 0), 0);
    assert_true(t.c_lflag & ICANON);
    assert_true(t.c_oflag & ONLCR);
    assert_int_equal(t.c_cc[VINTR], 3);
    assert_int_equal(t.c_cc[VMIN], 1);
    assert_int_equal(sys_ioctl(1, TIOCGWINSZ, L(&ws), 0, 0, 0), 0);
    assert_int_equal(ws.ws_row, 24);
    assert_int_equal(ws.ws_col, 80);
    assert_int_equal(sys_ioctl(1, TCSETS, L(&t), 0, 0, 0), 0);
    assert_int_equal(sys_ioctl(1, TIOCGWINSZ, 16, 0, 0, 0), -EFAULT);
    assert_int_equal(sys_ioctl(1, 0x1234, 0, 0, 0, 0), -ENOTTY);
    long fd = sopen("/etc/hello", O_RDONLY, 0);
    assert_int_equal(sys_ioctl(fd, TCGETS, L(&t), 0, 0, 0), -ENOTTY);
    int k = 0;
    assert_int_equal(sys_ioctl(fd, FIONREAD, L(&k), 0, 0, 0), 0);
    assert_int_equal(k, 13);
    assert_int_equal(sys_ioctl(fd, FIOCLEX, 0, 0, 0, 0), 0);
    assert_int_equal(sys_fcntl(fd, F_GETFD, 0, 0, 0, 0), FD_CLOEXEC);
    int on = 1;
    assert_int_equal(sys_ioctl(fd, FIONBIO, L(&on), 0, 0, 0), 0);
    assert_true(sys_fcntl(fd, F_GETFL, 0, 0, 0, 0) & O_NONBLOCK);
    assert_int_equal(sys_ioctl(99, TCGETS, L(&t), 0, 0, 0), -EBADF);
}

static void test_vectors_and_sendfile(void **state)
{
    (void)state;
    char a[4], b[32];
    struct iovec iov[2] = {{a, sizeof(a)}, {b, sizeof(b)}};
    long fd = sopen("/etc/hello", O_RDONLY, 0);
    assert_int_equal(sys_readv(fd, L(iov), 2, 0, 0, 0), 13);
    assert_memory_equal(a, "hell", 4);
    assert_memory_equal(b, "o, world\n", 9);
    assert_int_equal(sys_readv(fd, L(iov), -1, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_readv(fd, L(iov), 1025, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_readv(fd, 16, 1, 0, 0, 0), -EFAULT);
    struct iovec bad[1] = {{(void *)16, 4}};
    assert_int_equal(sys_readv(fd, L(bad), 1, 0, 0, 0), -EFAULT);
    char ab[] = "ab", cd[] = "cd\n";
    struct iovec w[2] = {{ab, 2}, {cd, 3}};
    assert_int_equal(sys_writev(1, L(w), 2, 0, 0, 0), 5);
    assert_memory_equal(con, "abcd\n", 5);
    long out = sopen("/tmp/copy", O_CREAT | O_RDWR, 0644);
    int64_t off = 7;
    assert_int_equal(sys_sendfile(out, fd, L(&off), 100, 0, 0), 6);
    assert_int_equal(off, 13);
    assert_int_equal(sys_lseek(fd, 0, SEEK_SET, 0, 0, 0), 0);
    assert_int_equal(sys_sendfile(out, fd, 0, 5, 0, 0), 5);
    assert_int_equal(sys_lseek(fd, 0, SEEK_CUR, 0, 0, 0), 5);
    assert_int_equal(sys_pread64(out, L(b), sizeof(b), 0, 0, 0), 11);
    assert_memory_equal(b, "world\nhello", 11);
    assert_int_equal(sys_ftruncate(out, 2, 0, 0, 0, 0), 0);
    assert_int_equal(sys_ftruncate(out, -1, 0, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_truncate(L("/tmp/copy"), 1, 0, 0, 0, 0), 0);
    assert_int_equal(sys_truncate(L("/etc/hello"), 1, 0, 0, 0, 0), -EROFS);
    assert_int_equal(sys_ftruncate(fd, 1, 0, 0, 0, 0), -EINVAL);
    assert_int_equal(sys_pwrite64(out, L("XY"), 2, 4, 0, 0), 2);
    struct stat st;
    assert_int_equal(sys_fstat(out, L(&st), 0, 0, 0, 0), 0);
    assert_int_equal(st.st_size, 6);
}

static void test_dirs_and_names(void **state)
{
    (void)state;
    char b[64];
    assert_int_equal(sys_mkdir(L("/tmp/d"), 0755, 0, 0, 0, 0), 0);
    assert_int_equal(sys_mkdir(L("/tmp/d"), 0755, 0, 0, 0, 0), -EEXIST);
    assert_int_equal(sys_mkdir(L("/etc/d"), 0755, 0, 0, 0, 0), -EROFS);
    assert_int_equal(sys_chdir(L("/tmp/d"), 0, 0, 0, 0, 0), 0);
    assert_int_equal(sys_getcwd(L(b), sizeof(b), 0, 0, 0, 0), 7);
    assert_string_equal(b, "/tmp/d");
    assert_int_equal(sys_getcwd(L(b), 3, 0, 0, 0, 0), -ERANGE);
    assert_int_equal(sys_getcwd(16, 64, 0, 0, 0, 0), -EFAULT);
    long fd = sopen("f", O_CREAT | O_WRONLY, 0644);
    assert_true(fd >= 3);
    assert_int_equal(sys_mkdirat(AT, L("sub"), 0700, 0, 0, 0), 0);
    assert_int_equal(sys_renameat(AT, L("f"), AT, L("sub/g"), 0, 0), 0);
    assert_int_equal(sys_renameat2(AT, L("sub/g"), AT, L("h"), 4, 0), -EINVAL);
    assert_int_equal(sys_rename(L("sub/g"), L("/tmp/d/h"), 0, 0, 0, 0), 0);
    assert_int_equal(sys_rmdir(L("/tmp/d"), 0, 0, 0, 0, 0), -ENOTEMPTY);
    assert_int_equal(sys_rmdir(L("h"), 0, 0, 0, 0, 0), -ENOTDIR);
    assert_int_equal(sys_unlink(L("sub"), 0, 0, 0, 0, 0), -EISDIR);
    assert_int_equal(sys_unlinkat(AT, L("sub"), AT_REMOVEDIR, 0, 0, 0), 0);
    assert_int_equal(sys_unlinkat(AT, L("h"), 0, 0, 0, 0), 0);
    assert_int_equal(sys_unlink(L("h"), 0, 0, 0, 0, 0), -ENOENT);
    assert_int_equal(sys_unlink(L("/etc/hello"), 0, 0, 0, 0, 0), -EROFS);
    assert_int_equal(sys_symlink(L("/etc/hello"), L("ln"), 0, 0, 0, 0), 0);
    struct stat st;
    assert_int_equal(sys_chmod(L("/tmp/d"), 0700, 0, 0, 0, 0), 0);
    assert_int_equal(sys_stat(L("/tmp/d"), L(&st), 0, 0, 0, 0), 0);
    assert_int_equal(st.st_mode, S_IFDIR | 0700);
    assert_int_equal(sys_fchmod(fd, 04755, 0, 0, 0, 0), 0);
    assert_int_equal(sys_fstat(fd, L(&st), 0, 0, 0, 0), 0);
    assert_int_equal(st.st_mode, S_IFREG | 04755);
    assert_int_equal(sys_chmod(L("ln"), 0600, 0, 0, 0, 0), -EROFS);
    assert_int_equal(fs_chmod_at(AT, "ln", 0600, AT_SYMLINK_NOFOLLOW),
                     -EOPNOTSUPP);
    assert_int_equal(sys_fchmodat(AT, L("/nope"), 0600, 0, 0, 0), -ENOENT);
    assert_int_equal(sys_fchmod(99, 0600, 0, 0, 0, 0), -EBADF);
    assert_int_equal(sys_readlink(L("ln"), L(b), sizeof(b), 0, 0, 0), 10);
    assert_int_equal(sys_symlinkat(L("x"), AT, L("ln"), 0, 0, 0), -EEXIST);
    long d = sopen("/etc", O_RDONLY | O_DIRECTORY, 0);
    assert_int_equal(sys_fchdir(d, 0, 0, 0, 0, 0), 0);
    assert_int_equal(sys_fchdir(99, 0, 0, 0, 0, 0), -EBADF);
    assert_int_equal(sys_chdir(L("/etc/hello"), 0, 0, 0, 0, 0), -ENOTDIR);
    assert_int_equal(sys_chdir(L("/nope"), 0, 0, 0, 0, 0), -ENOENT);
    assert_int_equal(sys_getcwd(L(b), sizeof(b), 0, 0, 0, 0), 5);
    assert_int_equal(sys_openat(d, L("hello"), O_RDONLY, 0, 0, 0), fd + 2);
    assert_int_equal(sys_openat(77, L("hello"), O_RDONLY, 0, 0, 0), -EBADF);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_numbers_and_flags),
        T(test_preadv_pwritev),
        T(test_read_write_errors),
        T(test_open_flags),
        T(test_stat_layout),
        T(test_access_readlink),
        T(test_getdents_layout),
        T(test_dup),
        T(test_pipes),
        T(test_ioctl),
        T(test_vectors_and_sendfile),
        T(test_dirs_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
