/* SPDX-License-Identifier: MIT */
/* Host tests of the fs module's tree: path resolution, the read-only root,
 * ramfs, devfs, registered devices, descriptors and /proc/self/exe. */
#include "fs/fs.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/cpio_fixture.h"
#include "tests/unit/fs_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
