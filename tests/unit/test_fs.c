/* SPDX-License-Identifier: MIT */
/* Host tests of the fs module: cpio loading (and every rejection, with its
 * offset), path resolution, ramfs, devfs, registered devices, descriptors. */
#include "fs/fs.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/cpio_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static struct cpio_w cw;
static struct diag dg;
static char out[256];
static size_t out_len;
static const char *in_text;

static uint64_t clock_ns(void)
{
    return 1234567890123456789ull;
}

static void fill_random(void *buf, size_t n)
{
    memset(buf, 0xa5, n);
}

static long con_write(const void *buf, size_t n)
{
    size_t k = n < sizeof(out) - out_len ? n : sizeof(out) - out_len;
    memcpy(out + out_len, buf, k);
    out_len += k;
    return (long)n;
}

static long con_read(void *buf, size_t n)
{
    size_t k = strlen(in_text);
    k = k < n ? k : n;
    memcpy(buf, in_text, k);
    in_text += k;
    return (long)k;
}

static const struct fs_host host = {clock_ns, fill_random, con_write, con_read};

#define HAS(s, sub) assert_non_null(strstr((s), (sub)))

static int setup_sample(void **state)
{
    (void)state;
    cpio_sample(&cw);
    dg.msg[0] = '\0';
    out_len = 0;
    in_text = "";
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fs_fini();
    return 0;
}

/* Read the whole file at (path) into buf; returns its length or -errno. */
static long slurp(const char *path, char *buf, size_t n)
{
    int fd = fs_open(FS_AT_FDCWD, path, FS_O_RDONLY, 0);
    if (fd < 0)
        return fd;
    long r = fs_read(fd, buf, n - 1);
    fs_close(fd);
    if (r >= 0)
        buf[r] = '\0';
    return r;
}

static uint32_t mode_of(const char *path, int flags)
{
    struct fs_stat st;
    int r = fs_stat_at(FS_AT_FDCWD, path, flags, &st);
    return r ? 0 : st.mode;
}

static void test_sample_loads(void **state)
{
    (void)state;
    char b[64];
    assert_int_equal(slurp("/etc/hello", b, sizeof(b)), 13);
    assert_string_equal(b, "hello, world\n");
    assert_int_equal(slurp("/empty", b, sizeof(b)), 0);
    assert_int_equal(mode_of("/usr/lib", 0), FS_S_IFDIR | 0755);
    assert_int_equal(mode_of("/bin/app", 0), FS_S_IFREG | 0755);
    assert_int_equal(mode_of("/tmp", 0), FS_S_IFDIR | 01777);
    assert_int_equal(mode_of("/dev/null", 0) & FS_S_IFMT, FS_S_IFCHR);
    struct fs_stat st;
    assert_int_equal(fs_stat_at(FS_AT_FDCWD, "/etc/hello", 0, &st), 0);
    assert_int_equal(st.size, 13);
    assert_int_equal(st.nlink, 1);
    assert_int_equal(st.mtime_ns, 1700000000ull * 1000000000ull);
    assert_int_equal(st.dev, 1);
    assert_int_equal(fs_stat_at(FS_AT_FDCWD, "/etc", 0, &st), 0);
    assert_int_equal(st.nlink, 2);
}

static void test_zero_copy_map(void **state)
{
    (void)state;
    const void *p;
    size_t n;
    assert_int_equal(fs_map_file("/bin/app", &p, &n), 0);
    assert_int_equal(n, 8);
    assert_true((const uint8_t *)p > cw.buf &&
                (const uint8_t *)p < cw.buf + cw.len);
    assert_memory_equal(p, "\177ELF-app", 8);
    assert_int_equal(fs_map_file("/etc/abs", &p, &n), 0);
    assert_int_equal(n, 13);
    assert_int_equal(fs_map_file("/nope", &p, &n), -ENOENT);
    assert_int_equal(fs_map_file("/etc", &p, &n), -EISDIR);
    assert_int_equal(fs_map_file("/dev/null", &p, &n), -EACCES);
    assert_int_equal(fs_map_file("/loop1", &p, &n), -ELOOP);
}

static void test_symlinks(void **state)
{
    (void)state;
    char b[64];
    assert_int_equal(slurp("/etc/rel", b, sizeof(b)), 13);
    assert_int_equal(slurp("/etc/abs", b, sizeof(b)), 13);
    assert_int_equal(slurp("/lib/libx.so", b, sizeof(b)), 4);
    assert_int_equal(slurp("/loop1", b, sizeof(b)), -ELOOP);
    assert_int_equal(slurp("/loop1/x", b, sizeof(b)), -ELOOP);
    assert_int_equal(slurp("/dangling", b, sizeof(b)), -ENOENT);
    assert_int_equal(mode_of("/etc/rel", FS_AT_SYMLINK_NOFOLLOW),
                     FS_S_IFLNK | 0777);
    assert_int_equal(fs_readlink_at(FS_AT_FDCWD, "/etc/abs", b, sizeof(b)), 10);
    assert_memory_equal(b, "/etc/hello", 10);
    assert_int_equal(fs_readlink_at(FS_AT_FDCWD, "/etc/abs", b, 4), 4);
    assert_int_equal(fs_readlink_at(FS_AT_FDCWD, "/etc/hello", b, 64), -EINVAL);
    assert_int_equal(
        fs_open(FS_AT_FDCWD, "/etc/rel", FS_O_RDONLY | FS_O_NOFOLLOW, 0),
        -ELOOP);
    int fd = fs_open(FS_AT_FDCWD, "/etc/rel", FS_O_PATH | FS_O_NOFOLLOW, 0);
    assert_true(fd >= 3);
    assert_int_equal(fs_read(fd, b, 1), -EBADF);
    assert_int_equal(fs_close(fd), 0);
    /* A chain of 40 links resolves; 41 is a loop. */
    char name[16], target[16];
    for (int i = 0; i <= 40; i++) {
        snprintf(name, sizeof(name), "/tmp/l%d", i);
        snprintf(target, sizeof(target), i ? "l%d" : "/etc/hello", i - 1);
        assert_int_equal(fs_symlink_at(target, FS_AT_FDCWD, name), 0);
    }
    assert_int_equal(slurp("/tmp/l39", b, sizeof(b)), 13);
    assert_int_equal(slurp("/tmp/l40", b, sizeof(b)), -ELOOP);
}

static void test_paths(void **state)
{
    (void)state;
    char b[64];
    assert_int_equal(slurp("//etc///hello", b, sizeof(b)), 13);
    assert_int_equal(slurp("/../../etc/./hello", b, sizeof(b)), 13);
    assert_int_equal(slurp("/etc/../etc/hello", b, sizeof(b)), 13);
    assert_int_equal(slurp("/etc/hello/", b, sizeof(b)), -ENOTDIR);
    assert_int_equal(slurp("/etc/hello/x", b, sizeof(b)), -ENOTDIR);
    assert_int_equal(slurp("/etc/nope/x", b, sizeof(b)), -ENOENT);
    assert_int_equal(slurp("", b, sizeof(b)), -ENOENT);
    assert_int_equal(mode_of("/etc/", 0), FS_S_IFDIR | 0755);
    assert_int_equal(mode_of("/lib/", FS_AT_SYMLINK_NOFOLLOW),
                     FS_S_IFDIR | 0755);
    assert_int_equal(mode_of("/", 0), FS_S_IFDIR | 0755);
    char longname[300];
    memset(longname, 'a', sizeof(longname));
    longname[0] = '/';
    longname[257] = '\0';
    assert_int_equal(slurp(longname, b, sizeof(b)), -ENAMETOOLONG);
    static char longpath[5000];
    for (size_t i = 0; i + 2 < sizeof(longpath); i += 2)
        memcpy(longpath + i, "/.", 2);
    longpath[sizeof(longpath) - 1] = '\0';
    assert_int_equal(slurp(longpath, b, sizeof(b)), -ENAMETOOLONG);
    /* Relative paths and the working directory. */
    assert_int_equal(fs_chdir("/etc"), 0);
    assert_int_equal(slurp("hello", b, sizeof(b)), 13);
    assert_int_equal(slurp("../etc/rel", b, sizeof(b)), 13);
    assert_int_equal(fs_getcwd(b, sizeof(b)), 5);
    assert_string_equal(b, "/etc");
    assert_int_equal(fs_getcwd(b, 4), -ERANGE);
    assert_int_equal(fs_chdir("/lib"), 0);
    assert_int_equal(fs_getcwd(b, sizeof(b)), 9);
    assert_string_equal(b, "/usr/lib");
    assert_int_equal(fs_chdir("/etc/hello"), -ENOTDIR);
    int d = fs_open(FS_AT_FDCWD, "/etc", FS_O_RDONLY | FS_O_DIRECTORY, 0);
    assert_true(d >= 0);
    int fd = fs_open(d, "hello", FS_O_RDONLY, 0);
    assert_true(fd >= 0);
    assert_int_equal(fs_open(fd, "x", FS_O_RDONLY, 0), -ENOTDIR);
    assert_int_equal(fs_open(77, "x", FS_O_RDONLY, 0), -EBADF);
    assert_int_equal(fs_open(77, "/etc/hello", FS_O_RDONLY, 0), fd + 1);
    assert_int_equal(fs_fchdir(d), 0);
    assert_int_equal(fs_getcwd(b, sizeof(b)), 5);
    assert_int_equal(
        fs_open(FS_AT_FDCWD, "/etc/hello", FS_O_RDONLY | FS_O_DIRECTORY, 0),
        -ENOTDIR);
}

static void test_readonly_root(void **state)
{
    (void)state;
    assert_int_equal(fs_open(FS_AT_FDCWD, "/etc/hello", FS_O_WRONLY, 0),
                     -EROFS);
    assert_int_equal(
        fs_open(FS_AT_FDCWD, "/etc/new", FS_O_WRONLY | FS_O_CREAT, 0644),
        -EROFS);
    assert_int_equal(fs_mkdir_at(FS_AT_FDCWD, "/newdir", 0755), -EROFS);
    assert_int_equal(fs_mkdir_at(FS_AT_FDCWD, "/etc", 0755), -EEXIST);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/etc/hello", 0), -EROFS);
    assert_int_equal(fs_truncate("/etc/hello", 0), -EROFS);
    assert_int_equal(
        fs_rename_at(FS_AT_FDCWD, "/etc/hello", FS_AT_FDCWD, "/etc/x", 0),
        -EROFS);
    assert_int_equal(
        fs_rename_at(FS_AT_FDCWD, "/etc/hello", FS_AT_FDCWD, "/tmp/x", 0),
        -EXDEV);
    assert_int_equal(fs_access_at(FS_AT_FDCWD, "/etc/hello", FS_W_OK, 0),
                     -EROFS);
    assert_int_equal(fs_access_at(FS_AT_FDCWD, "/etc/hello", FS_X_OK, 0),
                     -EACCES);
    assert_int_equal(fs_access_at(FS_AT_FDCWD, "/bin/app", FS_X_OK, 0), 0);
    assert_int_equal(fs_access_at(FS_AT_FDCWD, "/tmp", FS_W_OK, 0), 0);
    assert_int_equal(fs_access_at(FS_AT_FDCWD, "/nope", FS_F_OK, 0), -ENOENT);
}

static void test_ramfs_files(void **state)
{
    (void)state;
    char b[64];
    int fd = fs_open(FS_AT_FDCWD, "/tmp/a", FS_O_RDWR | FS_O_CREAT, 0666);
    assert_true(fd >= 3);
    assert_int_equal(fs_write(fd, "hello", 5), 5);
    assert_int_equal(fs_lseek(fd, 10, FS_SEEK_SET), 10);
    assert_int_equal(fs_write(fd, "!", 1), 1);
    struct fs_stat st;
    assert_int_equal(fs_fstat(fd, &st), 0);
    assert_int_equal(st.size, 11);
    assert_int_equal(st.mode, FS_S_IFREG | 0644); /* umask 022 */
    assert_int_equal(st.dev, 2);
    assert_int_equal(st.mtime_ns, clock_ns());
    assert_int_equal(fs_pread(fd, b, sizeof(b), 0), 11);
    assert_memory_equal(b, "hello\0\0\0\0\0!", 11);
    assert_int_equal(fs_ftruncate(fd, 3), 0);
    assert_int_equal(fs_pread(fd, b, sizeof(b), 0), 3);
    assert_int_equal(fs_ftruncate(fd, 6), 0);
    assert_int_equal(fs_pread(fd, b, sizeof(b), 0), 6);
    assert_memory_equal(b, "hel\0\0\0", 6);
    assert_int_equal(fs_lseek(fd, 0, FS_SEEK_END), 6);
    assert_int_equal(fs_lseek(fd, -7, FS_SEEK_END), -EINVAL);
    assert_int_equal(fs_lseek(fd, 0, 9), -EINVAL);
    assert_int_equal(fs_lseek(fd, 2, FS_SEEK_DATA), 2);
    assert_int_equal(fs_lseek(fd, 2, FS_SEEK_HOLE), 6);
    assert_int_equal(fs_lseek(fd, 6, FS_SEEK_DATA), -ENXIO);
    assert_int_equal(fs_close(fd), 0);
    assert_int_equal(fs_close(fd), -EBADF);
    /* O_EXCL, O_TRUNC, O_APPEND. */
    assert_int_equal(
        fs_open(FS_AT_FDCWD, "/tmp/a", FS_O_WRONLY | FS_O_CREAT | FS_O_EXCL, 0),
        -EEXIST);
    fd = fs_open(FS_AT_FDCWD, "/tmp/a", FS_O_WRONLY | FS_O_APPEND, 0);
    assert_int_equal(fs_write(fd, "xy", 2), 2);
    assert_int_equal(fs_lseek(fd, 0, FS_SEEK_CUR), 8);
    fs_close(fd);
    fd = fs_open(FS_AT_FDCWD, "/tmp/a", FS_O_WRONLY | FS_O_TRUNC, 0);
    assert_int_equal(fs_fstat(fd, &st), 0);
    assert_int_equal(st.size, 0);
    assert_int_equal(fs_read(fd, b, 1), -EBADF);
    fs_close(fd);
    assert_int_equal(
        fs_open(FS_AT_FDCWD, "/tmp/nodir/a", FS_O_WRONLY | FS_O_CREAT, 0),
        -ENOENT);
    assert_int_equal(
        fs_open(FS_AT_FDCWD, "/tmp/d/", FS_O_WRONLY | FS_O_CREAT, 0), -EISDIR);
    assert_int_equal(fs_open(FS_AT_FDCWD, "/tmp", FS_O_WRONLY, 0), -EISDIR);
    assert_int_equal(fs_open(FS_AT_FDCWD, "/tmp/a", FS_O_ACCMODE, 0), -EINVAL);
    assert_int_equal(fs_open(FS_AT_FDCWD, "/tmp/t", FS_O_TMPFILE, 0),
                     -EOPNOTSUPP);
    assert_int_equal(fs_truncate("/tmp/a", 4), 0);
    assert_int_equal(slurp("/tmp/a", b, sizeof(b)), 4);
    assert_int_equal(fs_truncate("/tmp", 4), -EISDIR);
    assert_int_equal(fs_ftruncate(0, 4), -EINVAL);
}

static void test_ramfs_names(void **state)
{
    (void)state;
    char b[64];
    assert_int_equal(fs_mkdir_at(FS_AT_FDCWD, "/tmp/d", 0777), 0);
    assert_int_equal(mode_of("/tmp/d", 0), FS_S_IFDIR | 0755);
    assert_int_equal(fs_mkdir_at(FS_AT_FDCWD, "/tmp/d/", 0777), -EEXIST);
    assert_int_equal(fs_mkdir_at(FS_AT_FDCWD, "/tmp/d/e/f", 0777), -ENOENT);
    int fd = fs_open(FS_AT_FDCWD, "/tmp/d/f", FS_O_WRONLY | FS_O_CREAT, 0644);
    assert_int_equal(fs_write(fd, "data", 4), 4);
    fs_close(fd);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/d", FS_AT_REMOVEDIR),
                     -ENOTEMPTY);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/d", 0), -EISDIR);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/d/f", FS_AT_REMOVEDIR),
                     -ENOTDIR);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/d/.", FS_AT_REMOVEDIR),
                     -EINVAL);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/d", 0x4000), -EINVAL);
    /* rename: file over file, into a dir, dir into itself, NOREPLACE. */
    assert_int_equal(fs_rename_at(FS_AT_FDCWD, "/tmp/d/f", FS_AT_FDCWD,
                                  "/tmp/g-with-a-longer-name", 0),
                     0);
    assert_int_equal(slurp("/tmp/g-with-a-longer-name", b, sizeof(b)), 4);
    assert_int_equal(slurp("/tmp/d/f", b, sizeof(b)), -ENOENT);
    fd = fs_open(FS_AT_FDCWD, "/tmp/h", FS_O_WRONLY | FS_O_CREAT, 0644);
    fs_close(fd);
    assert_int_equal(fs_rename_at(FS_AT_FDCWD, "/tmp/h", FS_AT_FDCWD,
                                  "/tmp/g-with-a-longer-name",
                                  FS_RENAME_NOREPLACE),
                     -EEXIST);
    assert_int_equal(fs_rename_at(FS_AT_FDCWD, "/tmp/h", FS_AT_FDCWD,
                                  "/tmp/g-with-a-longer-name", 0),
                     0);
    assert_int_equal(slurp("/tmp/g-with-a-longer-name", b, sizeof(b)), 0);
    assert_int_equal(
        fs_rename_at(FS_AT_FDCWD, "/tmp/d", FS_AT_FDCWD, "/tmp/d/sub", 0),
        -EINVAL);
    assert_int_equal(fs_rename_at(FS_AT_FDCWD, "/tmp/d", FS_AT_FDCWD,
                                  "/tmp/g-with-a-longer-name", 0),
                     -ENOTDIR);
    assert_int_equal(fs_rename_at(FS_AT_FDCWD, "/tmp/g-with-a-longer-name",
                                  FS_AT_FDCWD, "/tmp/d", 0),
                     -EISDIR);
    assert_int_equal(
        fs_rename_at(FS_AT_FDCWD, "/tmp/nope", FS_AT_FDCWD, "/tmp/x", 0),
        -ENOENT);
    assert_int_equal(
        fs_rename_at(FS_AT_FDCWD, "/tmp/d", FS_AT_FDCWD, "/tmp/e", 2), -EINVAL);
    assert_int_equal(
        fs_rename_at(FS_AT_FDCWD, "/tmp/d", FS_AT_FDCWD, "/tmp/e", 0), 0);
    assert_int_equal(mode_of("/tmp/e", 0), FS_S_IFDIR | 0755);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/e", FS_AT_REMOVEDIR), 0);
    assert_int_equal(mode_of("/tmp/e", 0), 0);
}

static void test_unlinked_open_file(void **state)
{
    (void)state;
    char b[8];
    int fd = fs_open(FS_AT_FDCWD, "/tmp/u", FS_O_RDWR | FS_O_CREAT, 0644);
    assert_int_equal(fs_write(fd, "keep", 4), 4);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/u", 0), 0);
    assert_int_equal(slurp("/tmp/u", b, sizeof(b)), -ENOENT);
    assert_int_equal(fs_pread(fd, b, sizeof(b), 0), 4);
    struct fs_stat st;
    assert_int_equal(fs_fstat(fd, &st), 0);
    assert_int_equal(st.nlink, 0);
    /* A removed working directory: getcwd fails, like Linux's ENOENT. */
    assert_int_equal(fs_mkdir_at(FS_AT_FDCWD, "/tmp/w", 0755), 0);
    assert_int_equal(fs_chdir("/tmp/w"), 0);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/w", FS_AT_REMOVEDIR), 0);
    assert_int_equal(fs_getcwd(b, sizeof(b)), -ENOENT);
    assert_int_equal(
        fs_open(FS_AT_FDCWD, "new", FS_O_WRONLY | FS_O_CREAT, 0644), -ENOENT);
    assert_int_equal(fs_close(fd), 0);
    /* ".." of a removed directory whose parent is gone too. */
    assert_int_equal(fs_mkdir_at(FS_AT_FDCWD, "/tmp/a", 0755), 0);
    assert_int_equal(fs_mkdir_at(FS_AT_FDCWD, "/tmp/a/b", 0755), 0);
    assert_int_equal(fs_chdir("/tmp/a/b"), 0);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/a/b", FS_AT_REMOVEDIR), 0);
    assert_int_equal(fs_unlink_at(FS_AT_FDCWD, "/tmp/a", FS_AT_REMOVEDIR), 0);
    assert_int_equal(fs_chdir(".."), 0);
    assert_int_equal(fs_getcwd(b, sizeof(b)), -ENOENT);
    assert_int_equal(fs_chdir("/"), 0);
    assert_int_equal(fs_getcwd(b, sizeof(b)), 2);
}

static void test_devfs(void **state)
{
    (void)state;
    uint8_t b[16];
    assert_int_equal(fs_isatty(0), 1);
    assert_int_equal(fs_isatty(1), 1);
    assert_int_equal(fs_isatty(2), 1);
    assert_int_equal(fs_write(1, "hi\n", 3), 3);
    assert_int_equal(fs_write(2, "err", 3), 3);
    assert_int_equal(out_len, 6);
    assert_memory_equal(out, "hi\nerr", 6);
    assert_int_equal(fs_write(0, "x", 1), -EBADF);
    in_text = "typed";
    assert_int_equal(fs_read(0, b, sizeof(b)), 5);
    assert_int_equal(fs_read(0, b, sizeof(b)), 0);
    assert_int_equal(fs_lseek(1, 0, FS_SEEK_CUR), -ESPIPE);
    int fd = fs_open(FS_AT_FDCWD, "/dev/null", FS_O_RDWR, 0);
    assert_int_equal(fs_read(fd, b, sizeof(b)), 0);
    assert_int_equal(fs_write(fd, b, sizeof(b)), 16);
    assert_int_equal(fs_lseek(fd, 100, FS_SEEK_SET), 0);
    assert_int_equal(fs_isatty(fd), 0);
    fs_close(fd);
    fd = fs_open(FS_AT_FDCWD, "/dev/zero", FS_O_RDONLY, 0);
    memset(b, 1, sizeof(b));
    assert_int_equal(fs_read(fd, b, sizeof(b)), 16);
    assert_int_equal(b[0] | b[15], 0);
    fs_close(fd);
    fd = fs_open(FS_AT_FDCWD, "/dev/urandom", FS_O_RDONLY, 0);
    assert_int_equal(fs_read(fd, b, 4), 4);
    assert_int_equal(b[0], 0xa5);
    fs_close(fd);
    fd = fs_open(FS_AT_FDCWD, "/dev/full", FS_O_WRONLY, 0);
    assert_int_equal(fs_write(fd, b, 4), -ENOSPC);
    fs_close(fd);
    assert_int_equal(mode_of("/dev/tty", 0), FS_S_IFCHR | 0666);
    fd = fs_open(FS_AT_FDCWD, "/dev/stderr", FS_O_WRONLY, 0);
    assert_true(fd >= 3);
    assert_int_equal(fs_write(fd, "!", 1), 1);
    assert_int_equal(out[out_len - 1], '!');
    assert_int_equal(fs_isatty(fd), 1);
    fs_close(fd);
    fs_close(0);
    assert_int_equal(fs_open(FS_AT_FDCWD, "/dev/stdin", FS_O_RDONLY, 0),
                     -ENOENT);
    assert_int_equal(fs_mkdir_at(FS_AT_FDCWD, "/dev/x", 0755), -EROFS);
}

/* A fake block device: 1 KiB of memory. */
static uint8_t disk[1024];

static long disk_read(void *ctx, void *buf, size_t n, uint64_t off)
{
    assert_ptr_equal(ctx, disk);
    if (off >= sizeof(disk))
        return 0;
    if (n > sizeof(disk) - off)
        n = sizeof(disk) - off;
    memcpy(buf, disk + off, n);
    return (long)n;
}

static long disk_write(void *ctx, const void *buf, size_t n, uint64_t off)
{
    (void)ctx;
    if (off >= sizeof(disk))
        return -ENOSPC;
    if (n > sizeof(disk) - off)
        n = sizeof(disk) - off;
    memcpy(disk + off, buf, n);
    return (long)n;
}

static uint64_t disk_size(void *ctx)
{
    (void)ctx;
    return sizeof(disk);
}

static const struct fs_dev_ops disk_ops = {disk_read, disk_write, disk_size, 1};

static void test_block_device(void **state)
{
    (void)state;
    char b[8];
    assert_int_equal(fs_dev_add("vda", &disk_ops, disk), 0);
    assert_int_equal(fs_dev_add("vda", &disk_ops, disk), -EEXIST);
    assert_int_equal(fs_dev_add("a/b", &disk_ops, disk), -EINVAL);
    assert_int_equal(fs_dev_add("", &disk_ops, disk), -EINVAL);
    assert_int_equal(fs_dev_add("..", &disk_ops, disk), -EINVAL);
    assert_int_equal(fs_dev_add("vdb", NULL, disk), -EINVAL);
    assert_int_equal(fs_dev_add("null", &disk_ops, disk), -EEXIST);
    assert_int_equal(
        fs_dev_add("thirty-one-characters-long-name", &disk_ops, disk), 0);
    assert_int_equal(
        fs_dev_add("a-name-of-33-characters-is-long!", &disk_ops, disk),
        -EINVAL);
    struct fs_stat st;
    assert_int_equal(fs_stat_at(FS_AT_FDCWD, "/dev/vda", 0, &st), 0);
    assert_int_equal(st.mode & FS_S_IFMT, FS_S_IFBLK);
    assert_int_equal(st.size, 1024);
    int fd = fs_open(FS_AT_FDCWD, "/dev/vda", FS_O_RDWR, 0);
    assert_true(fd >= 3);
    assert_int_equal(fs_pwrite(fd, "sector", 6, 513), 6);
    assert_memory_equal(disk + 513, "sector", 6);
    assert_int_equal(fs_lseek(fd, 512, FS_SEEK_SET), 512);
    assert_int_equal(fs_read(fd, b, 7), 7);
    assert_memory_equal(b + 1, "sector", 6);
    assert_int_equal(fs_lseek(fd, 0, FS_SEEK_END), 1024);
    assert_int_equal(fs_read(fd, b, 7), 0);
    assert_int_equal(fs_fd_check_mmap(fd, 0, 0), -ENODEV);
    fs_close(fd);
    /* Registrations outlive the tree; before fs_init is fine too. */
    fs_fini();
    char name[16];
    for (int i = 2; i < FS_DEV_MAX; i++) {
        snprintf(name, sizeof(name), "vd%d", i);
        assert_int_equal(fs_dev_add(name, &disk_ops, disk), 0);
    }
    assert_int_equal(fs_dev_add("vdz", &disk_ops, disk), -ENOSPC);
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), 0);
    assert_int_equal(mode_of("/dev/vda", 0), FS_S_IFBLK | 0666);
    assert_int_equal(mode_of("/dev/vd31", 0), FS_S_IFBLK | 0666);
    fs_dev_forget();
    assert_int_equal(fs_dev_add("vda", &disk_ops, disk), -EEXIST);
    fs_init(&host, cw.buf, cw.len, &dg);
    assert_int_equal(mode_of("/dev/vda", 0), 0);
}

static void test_proc_exe(void **state)
{
    (void)state;
    char b[64];
    fs_set_exe("/bin/app");
    assert_int_equal(fs_readlink_at(FS_AT_FDCWD, "/proc/self/exe", b, 64), 8);
    assert_memory_equal(b, "/bin/app", 8);
    assert_int_equal(slurp("/proc/self/exe", b, sizeof(b)), 8);
    assert_memory_equal(b, "\177ELF", 4);
}

static void test_fd_limits_and_mmap(void **state)
{
    (void)state;
    int last = -1;
    for (int i = 3; i < FS_FD_MAX; i++) {
        last = fs_open(FS_AT_FDCWD, "/etc/hello", FS_O_RDONLY, 0);
        assert_int_equal(last, i);
    }
    assert_int_equal(fs_open(FS_AT_FDCWD, "/etc/hello", FS_O_RDONLY, 0),
                     -EMFILE);
    assert_int_equal(fs_dup(0, 0, 0), -EMFILE);
    int fds[2];
    assert_int_equal(fs_pipe(fds, 0), -EMFILE);
    for (int i = 4; i < FS_FD_MAX; i++)
        assert_int_equal(fs_close(i), 0);
    char b[8];
    assert_int_equal(fs_fd_pread(3, b, 5, 7), 5);
    assert_memory_equal(b, "world", 5);
    assert_int_equal(fs_lseek(3, 0, FS_SEEK_CUR), 0);
    assert_int_equal(fs_fd_check_mmap(3, 1, 0), 0);
    assert_int_equal(fs_fd_check_mmap(3, 1, 1), -EACCES);
    assert_int_equal(fs_fd_check_mmap(3, 0, 1), 0);
    assert_int_equal(fs_fd_check_mmap(99, 0, 0), -EBADF);
    assert_int_equal(fs_fd_check_mmap(1, 0, 0), -ENODEV);
    int w = fs_open(FS_AT_FDCWD, "/tmp/w", FS_O_WRONLY | FS_O_CREAT, 0644);
    assert_int_equal(fs_fd_check_mmap(w, 0, 0), -EACCES);
}

static void test_hidden_mounts(void **state)
{
    (void)state;
    cpio_start(&cw);
    cpio_file(&cw, "tmp/old", "x");
    cpio_file(&cw, "dev", "not a dir");
    cpio_end(&cw);
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), 0);
    assert_int_equal(mode_of("/tmp/old", 0), 0);
    assert_int_equal(mode_of("/dev", 0), FS_S_IFDIR | 0755);
    /* No archive: an empty root with the mounts. */
    assert_int_equal(fs_init(&host, NULL, 0, &dg), 0);
    assert_int_equal(mode_of("/tmp", 0), FS_S_IFDIR | 01777);
    assert_int_equal(mode_of("/proc/self/exe", FS_AT_SYMLINK_NOFOLLOW),
                     FS_S_IFLNK | 0777);
    assert_int_equal(fs_isatty(2), 1);
    /* No host hooks at all. */
    assert_int_equal(fs_init(NULL, NULL, 0, &dg), 0);
    assert_int_equal(fs_write(1, "x", 1), 1);
    assert_int_equal(fs_read(0, out, 1), 0);
}

static void test_cpio_accepts(void **state)
{
    (void)state;
    /* Files before their directory entry; absolute and ./ names; a device
     * node (skipped); the crc variant with a right checksum. */
    cpio_start(&cw);
    cpio_file(&cw, "./a/b/c", "c");
    cpio_add(&cw, "a/b", 040700, NULL, 0);
    cpio_file(&cw, "/top", "t");
    cpio_add(&cw, "a/dev", 020644, NULL, 0);
    size_t at = cpio_file(&cw, "a/crc", "abc");
    memcpy(cw.buf + at, "070702", 6);
    memcpy(cw.buf + at + 6 + 12 * 8, "00000126", 8); /* 'a'+'b'+'c' */
    cpio_end(&cw);
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), 0);
    assert_int_equal(mode_of("/a/b", 0), FS_S_IFDIR | 0700);
    assert_int_equal(mode_of("/a/b/c", 0), FS_S_IFREG | 0644);
    assert_int_equal(mode_of("/top", 0), FS_S_IFREG | 0644);
    assert_int_equal(mode_of("/a/dev", 0), 0);
    assert_int_equal(mode_of("/a/crc", 0), FS_S_IFREG | 0644);
}

/* Build an archive with (bad) inserted, expect rejection naming (want)
 * at the offset of the bad entry. */
static void expect_reject(const char *want, size_t off)
{
    char at[32];
    dg.msg[0] = '\0';
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), -EINVAL);
    snprintf(at, sizeof(at), "offset %zu:", off);
    HAS(dg.msg, at);
    HAS(dg.msg, want);
    /* A failed init leaves no file system behind. */
    assert_int_equal(fs_isatty(0), -EBADF);
}

static size_t two_entries(void)
{
    cpio_start(&cw);
    cpio_file(&cw, "first", "1234");
    return cpio_file(&cw, "second", "5678");
}

/* Concatenated archives, as Linux unpacks them: a later one replaces
 * files and directory modes; junk after a trailer is a bad header. */
static void test_cpio_concatenated(void **state)
{
    (void)state;
    char b[16];
    cpio_start(&cw);
    cpio_file(&cw, "a", "first");
    cpio_file(&cw, "d/x", "x");
    cpio_end(&cw);
    cpio_file(&cw, "a", "second");
    cpio_add(&cw, "d", 040700, NULL, 0);
    cpio_file(&cw, "d/y", "y");
    cpio_end(&cw);
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), 0);
    assert_int_equal(slurp("/a", b, sizeof(b)), 6);
    assert_string_equal(b, "second");
    assert_int_equal(mode_of("/d", 0), FS_S_IFDIR | 0700);
    assert_int_equal(slurp("/d/x", b, sizeof(b)), 1);
    assert_int_equal(slurp("/d/y", b, sizeof(b)), 1);
    /* A kind change across archives is refused. */
    size_t off = cw.len;
    cpio_dir(&cw, "a");
    cpio_end(&cw);
    expect_reject("duplicate name: a", off);
    /* Junk after the trailer. */
    cpio_start(&cw);
    cpio_end(&cw);
    off = cw.len;
    memcpy(cw.buf + cw.len, "junk", 4);
    cw.len += 200;
    expect_reject("bad magic", off);
}

static void test_cpio_rejects(void **state)
{
    (void)state;
    size_t off = two_entries();
    cw.buf[off + 3] = '9';
    cpio_end(&cw);
    expect_reject("bad magic", off);

    off = two_entries();
    cw.buf[off + 6 + 6 * 8 + 2] = 'g'; /* filesize */
    cpio_end(&cw);
    expect_reject("non-hex filesize", off);

    off = two_entries();
    memcpy(cw.buf + off + 6 + 11 * 8, "00000000", 8);
    cpio_end(&cw);
    expect_reject("name size 0", off);

    off = two_entries();
    memcpy(cw.buf + off + 6 + 11 * 8, "0000FFFF", 8);
    cpio_end(&cw);
    expect_reject("name past the end", off);

    off = two_entries();
    memcpy(cw.buf + off + 6 + 11 * 8, "00000003", 8); /* no NUL at [2] */
    cpio_end(&cw);
    expect_reject("bad name", off);

    off = two_entries();
    memcpy(cw.buf + off + 6 + 6 * 8, "00010000", 8);
    cpio_end(&cw);
    expect_reject("past the end", off);

    two_entries();
    expect_reject("missing TRAILER!!!", cw.len);

    two_entries();
    off = cw.len;
    cw.len += 50;
    expect_reject("truncated header", off);

    two_entries();
    off = cpio_file(&cw, "a/../../etc", "x");
    cpio_end(&cw);
    expect_reject("bad path component", off);

    two_entries();
    off = cpio_file(&cw, "./first", "x");
    cpio_end(&cw);
    expect_reject("duplicate name: first", off);

    two_entries();
    off = cpio_file(&cw, "first/x", "x");
    cpio_end(&cw);
    expect_reject("parent is not a directory: first/x", off);

    two_entries();
    cpio_file(&cw, "d/x", "x");
    off = cpio_file(&cw, "d", "now a file");
    cpio_end(&cw);
    expect_reject("duplicate name: d", off);

    two_entries();
    off = cpio_add(&cw, "link", 0120777, NULL, 0);
    cpio_end(&cw);
    expect_reject("bad symlink target", off);

    two_entries();
    off = cpio_add(&cw, "odd", 0170644, NULL, 0);
    cpio_end(&cw);
    expect_reject("bad file type", off);

    off = two_entries();
    memcpy(cw.buf + off, "070702", 6);
    cpio_end(&cw);
    expect_reject("checksum mismatch", off);

    char longname[300];
    memset(longname, 'n', sizeof(longname));
    longname[299] = '\0';
    two_entries();
    off = cpio_file(&cw, longname, "x");
    cpio_end(&cw);
    expect_reject("bad path component", off);
}

/* Archives written by GNU cpio itself (tests/unit/data/fs/): -H newc in
 * sorted order, and -H crc with -depth (entries before their directory). */
static void load_real(const char *path)
{
    static uint8_t img[4096];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(img, 1, sizeof(img), f);
    fclose(f);
    assert_true(n > 0 && n < sizeof(img));
    dg.msg[0] = '\0';
    assert_int_equal(fs_init(&host, img, n, &dg), 0);
    assert_string_equal(dg.msg, "");
}

static void test_real_archives(void **state)
{
    (void)state;
    static const char *const files[] = {"tests/unit/data/fs/real.cpio",
                                        "tests/unit/data/fs/real-crc.cpio"};
    char b[64];
    for (int i = 0; i < 2; i++) {
        load_real(files[i]);
        assert_int_equal(slurp("/etc/pw", b, sizeof(b)), 26);
        assert_string_equal(b, "root:x:0:0::/root:/bin/sh\n");
        assert_int_equal(slurp("/etc/deep/er/up", b, sizeof(b)), 26);
        assert_int_equal(slurp("/etc/deep/er/empty", b, sizeof(b)), 0);
        assert_int_equal(mode_of("/bin/run", 0), FS_S_IFREG | 0755);
        assert_int_equal(mode_of("/etc/deep", 0), FS_S_IFDIR | 0755);
        assert_int_equal(fs_access_at(FS_AT_FDCWD, "/bin/run", FS_X_OK, 0), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sample_loads, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_zero_copy_map, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_symlinks, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_paths, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_root, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ramfs_files, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ramfs_names, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unlinked_open_file, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_devfs, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_block_device, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_proc_exe, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_fd_limits_and_mmap, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_hidden_mounts, setup_sample,
                                        teardown),
        cmocka_unit_test_teardown(test_cpio_accepts, teardown),
        cmocka_unit_test_teardown(test_real_archives, teardown),
        cmocka_unit_test_teardown(test_cpio_concatenated, teardown),
        cmocka_unit_test_teardown(test_cpio_rejects, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
