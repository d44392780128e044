/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 1: data through descriptors, and the table of
 * every file call (Linux x86_64 numbers, arch/x86/entry/syscalls/
 * syscall_64.tbl). Skiff's address space is identity-mapped, so once
 * uaccess_ok has vouched for a user range the fs module reads or writes it
 * in place: no bounce buffer. Counts are capped at Linux's MAX_RW_COUNT so
 * a result always fits a long.
 */
#include "kernel/syscall/file.h"
#include "fs/fs.h"
#include "kernel/syscall/sys.h"
#include "kernel/syscall/uaccess.h"
#include "skiff/errno.h"

#include <stddef.h>

#define MAX_RW 0x7ffff000l

struct iovec_l { /* struct iovec */
    uint64_t base, len;
};

static size_t cap(long n)
{
    return (unsigned long)n > (unsigned long)MAX_RW ? (size_t)MAX_RW
                                                    : (size_t)n;
}

long sys_read(long fd, long buf, long n, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    if (fs_get_flags((int)fd) < 0)
        return -EBADF;
    if (!uaccess_ok((uint64_t)buf, cap(n), 1))
        return -EFAULT;
    return fs_read((int)fd, (void *)buf, cap(n));
}

long sys_write(long fd, long buf, long n, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    if (fs_get_flags((int)fd) < 0)
        return -EBADF;
    if (!uaccess_ok((uint64_t)buf, cap(n), 0))
        return -EFAULT;
    return fs_write((int)fd, (const void *)buf, cap(n));
}

long sys_pread64(long fd, long buf, long n, long off, long a4, long a5)
{
    (void)a4, (void)a5;
    if (fs_get_flags((int)fd) < 0)
        return -EBADF;
    if (!uaccess_ok((uint64_t)buf, cap(n), 1))
        return -EFAULT;
    return fs_pread((int)fd, (void *)buf, cap(n), off);
}

long sys_pwrite64(long fd, long buf, long n, long off, long a4, long a5)
{
    (void)a4, (void)a5;
    if (fs_get_flags((int)fd) < 0)
        return -EBADF;
    if (!uaccess_ok((uint64_t)buf, cap(n), 0))
        return -EFAULT;
    return fs_pwrite((int)fd, (const void *)buf, cap(n), off);
}

/* readv/writev (at the fd's offset, off -1) and preadv/pwritev (at off):
 * the vector is checked whole first, as Linux does, then the segments run
 * in order until one comes back short. */
static long vec_io(long fd, long uiov, long cnt, int write, int64_t off)
{
    static struct iovec_l iov[SYS_IOV_MAX];
    if (fs_get_flags((int)fd) < 0)
        return -EBADF;
    if (cnt < 0 || cnt > SYS_IOV_MAX)
        return -EINVAL;
    if (uaccess_from(iov, (uint64_t)uiov, (size_t)cnt * sizeof(iov[0])))
        return -EFAULT;
    uint64_t total = 0;
    for (long i = 0; i < cnt; i++) {
        if (iov[i].len > (uint64_t)MAX_RW - total)
            return -EINVAL;
        total += iov[i].len;
        if (!uaccess_ok(iov[i].base, iov[i].len, !write))
            return -EFAULT;
    }
    long done = 0;
    for (long i = 0; i < cnt; i++) {
        if (!iov[i].len)
            continue;
        void *b = (void *)iov[i].base;
        long r;
        if (off >= 0)
            r = write ? fs_pwrite((int)fd, b, iov[i].len, off + done)
                      : fs_pread((int)fd, b, iov[i].len, off + done);
        else
            r = write ? fs_write((int)fd, b, iov[i].len)
                      : fs_read((int)fd, b, iov[i].len);
        if (r < 0)
            return done ? done : r;
        done += r;
        if ((uint64_t)r < iov[i].len)
            break;
    }
    return done;
}

long sys_readv(long fd, long iov, long cnt, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    return vec_io(fd, iov, cnt, 0, -1);
}

long sys_writev(long fd, long iov, long cnt, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    return vec_io(fd, iov, cnt, 1, -1);
}

/* The offset comes in (lo, hi); on 64-bit Linux it is (lo) alone. */
long sys_preadv(long fd, long iov, long cnt, long lo, long hi, long a5)
{
    (void)hi, (void)a5;
    if (lo < 0)
        return fs_get_flags((int)fd) < 0 ? -EBADF : -EINVAL;
    return vec_io(fd, iov, cnt, 0, lo);
}

long sys_pwritev(long fd, long iov, long cnt, long lo, long hi, long a5)
{
    (void)hi, (void)a5;
    if (lo < 0)
        return fs_get_flags((int)fd) < 0 ? -EBADF : -EINVAL;
    return vec_io(fd, iov, cnt, 1, lo);
}

long sys_lseek(long fd, long off, long whence, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    return fs_lseek((int)fd, off, (int)whence);
}

long sys_close(long fd, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return fs_close((int)fd);
}

long sys_fsync(long fd, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return fs_get_flags((int)fd) < 0 ? -EBADF : 0;
}

long sys_fdatasync(long fd, long a1, long a2, long a3, long a4, long a5)
{
    return sys_fsync(fd, a1, a2, a3, a4, a5);
}

long sys_ftruncate(long fd, long len, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    if (len < 0)
        return -EINVAL;
    return fs_ftruncate((int)fd, (uint64_t)len);
}

long sys_truncate(long path, long len, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    const char *p;
    int r = sys_file_path(0, path, &p);
    if (r)
        return r;
    if (len < 0)
        return -EINVAL;
    return fs_truncate(p, (uint64_t)len);
}

/* sendfile through a small bounce buffer; (offp) NULL uses and moves the
 * input's offset, else reads at *offp and updates it. */
long sys_sendfile(long out, long in, long offp, long n, long a4, long a5)
{
    (void)a4, (void)a5;
    static uint8_t bounce[4096];
    int64_t off = 0;
    if (fs_get_flags((int)out) < 0 || fs_get_flags((int)in) < 0)
        return -EBADF;
    if (offp && uaccess_from(&off, (uint64_t)offp, sizeof(off)))
        return -EFAULT;
    if (offp && off < 0)
        return -EINVAL;
    size_t want = cap(n), done = 0;
    while (done < want) {
        size_t k = want - done < sizeof(bounce) ? want - done : sizeof(bounce);
        long r = offp ? fs_pread((int)in, bounce, k, off)
                      : fs_read((int)in, bounce, k);
        if (r <= 0) {
            if (!done && r < 0)
                return r;
            break;
        }
        long w = fs_write((int)out, bounce, (size_t)r);
        if (w < 0 && !done)
            return w;
        if (w <= 0)
            break;
        if (offp)
            off += w;
        else if (w < r)
            fs_lseek((int)in, w - r, FS_SEEK_CUR);
        done += (size_t)w;
        if (w < r)
            break;
    }
    if (offp && uaccess_to((uint64_t)offp, &off, sizeof(off)))
        return -EFAULT;
    return (long)done;
}

#define CALL(nr, name)                                                         \
    {                                                                          \
        nr, #name, sys_##name                                                  \
    }

const struct sys_call sys_file_calls[] = {
    CALL(0, read),         CALL(1, write),
    CALL(2, open),         CALL(3, close),
    CALL(4, stat),         CALL(5, fstat),
    CALL(6, lstat),        CALL(8, lseek),
    CALL(16, ioctl),       CALL(17, pread64),
    CALL(18, pwrite64),    CALL(19, readv),
    CALL(20, writev),      CALL(21, access),
    CALL(22, pipe),        CALL(32, dup),
    CALL(33, dup2),        CALL(40, sendfile),
    CALL(72, fcntl),       CALL(74, fsync),
    CALL(75, fdatasync),   CALL(76, truncate),
    CALL(77, ftruncate),   CALL(79, getcwd),
    CALL(80, chdir),       CALL(81, fchdir),
    CALL(82, rename),      CALL(83, mkdir),
    CALL(84, rmdir),       CALL(85, creat),
    CALL(87, unlink),      CALL(88, symlink),
    CALL(89, readlink),    CALL(90, chmod),
    CALL(91, fchmod),      CALL(95, umask),
    CALL(217, getdents64), CALL(257, openat),
    CALL(258, mkdirat),    CALL(262, newfstatat),
    CALL(263, unlinkat),   CALL(264, renameat),
    CALL(266, symlinkat),  CALL(267, readlinkat),
    CALL(268, fchmodat),   CALL(269, faccessat),
    CALL(280, utimensat),  CALL(292, dup3),
    CALL(293, pipe2),      CALL(295, preadv),
    CALL(296, pwritev),    CALL(316, renameat2),
    CALL(332, statx),      CALL(437, openat2),
    CALL(439, faccessat2), {0, 0, 0},
};
