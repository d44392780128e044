/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 3: stat in its Linux x86_64 layouts (struct stat
 * of arch/x86/include/uapi/asm/stat.h, struct statx of
 * include/uapi/linux/stat.h), access and readlink. Everyone is root (uid
 * and gid 0).
 */
#include "fs/fs.h"
#include "kernel/syscall/file.h"
#include "kernel/syscall/uaccess.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#include <stddef.h>

#define AT_NO_AUTOMOUNT    0x800
#define AT_STATX_SYNC_TYPE 0x6000
#define STATX_BASIC_STATS  0x7ffu
#define STATX_RESERVED     0x80000000u

struct stat_l {
    uint64_t st_dev, st_ino, st_nlink;
    uint32_t st_mode, st_uid, st_gid, pad0;
    uint64_t st_rdev;
    int64_t st_size, st_blksize, st_blocks;
    uint64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec;
    uint64_t st_ctime, st_ctime_nsec;
    int64_t unused[3];
};
_Static_assert(sizeof(struct stat_l) == 144, "struct stat");
_Static_assert(offsetof(struct stat_l, st_mode) == 24, "st_mode");
_Static_assert(offsetof(struct stat_l, st_size) == 48, "st_size");
_Static_assert(offsetof(struct stat_l, st_atime) == 72, "st_atim");

struct statx_ts {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t pad;
};

struct statx_l {
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, pad1;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t spare[14];
};
_Static_assert(sizeof(struct statx_l) == 256, "struct statx");
_Static_assert(offsetof(struct statx_l, stx_ino) == 32, "stx_ino");
_Static_assert(offsetof(struct statx_l, stx_atime) == 64, "stx_atime");
_Static_assert(offsetof(struct statx_l, stx_rdev_major) == 128, "stx_rdev");

static long put_stat(long ust, const struct fs_stat *s)
{
    struct stat_l u;
    memset(&u, 0, sizeof(u));
    u.st_dev = s->dev;
    u.st_ino = s->ino;
    u.st_nlink = s->nlink;
    u.st_mode = s->mode;
    u.st_rdev = s->rdev;
    u.st_size = (int64_t)s->size;
    u.st_blksize = s->blksize;
    u.st_blocks = (int64_t)s->blocks;
    u.st_atime = s->atime_ns / 1000000000u;
    u.st_atime_nsec = s->atime_ns % 1000000000u;
    u.st_mtime = s->mtime_ns / 1000000000u;
    u.st_mtime_nsec = s->mtime_ns % 1000000000u;
    u.st_ctime = s->ctime_ns / 1000000000u;
    u.st_ctime_nsec = s->ctime_ns % 1000000000u;
    return uaccess_to((uint64_t)ust, &u, sizeof(u));
}

static struct statx_ts ts(uint64_t ns)
{
    struct statx_ts t = {(int64_t)(ns / 1000000000u),
                         (uint32_t)(ns % 1000000000u), 0};
    return t;
}

static long put_statx(long ustx, const struct fs_stat *s)
{
    struct statx_l x;
    memset(&x, 0, sizeof(x));
    x.stx_mask = STATX_BASIC_STATS;
    x.stx_blksize = s->blksize;
    x.stx_nlink = (uint32_t)s->nlink;
    x.stx_mode = (uint16_t)s->mode;
    x.stx_ino = s->ino;
    x.stx_size = s->size;
    x.stx_blocks = s->blocks;
    x.stx_atime = ts(s->atime_ns);
    x.stx_ctime = ts(s->ctime_ns);
    x.stx_mtime = ts(s->mtime_ns);
    x.stx_rdev_major = (uint32_t)(s->rdev >> 8);
    x.stx_rdev_minor = (uint32_t)(s->rdev & 0xff);
    x.stx_dev_minor = (uint32_t)s->dev;
    return uaccess_to((uint64_t)ustx, &x, sizeof(x));
}

long sys_newfstatat(long dfd, long path, long st, long flags, long a4, long a5)
{
    (void)a4, (void)a5;
    const char *p;
    struct fs_stat s;
    if (flags &
        ~(long)(FS_AT_SYMLINK_NOFOLLOW | FS_AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    int r = sys_file_path(0, path, &p);
    if (!r)
        r = fs_stat_at((int)dfd, p, (int)flags, &s);
    return r ? r : put_stat(st, &s);
}

long sys_stat(long path, long st, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3;
    return sys_newfstatat(FS_AT_FDCWD, path, st, 0, a4, a5);
}

long sys_lstat(long path, long st, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3;
    return sys_newfstatat(FS_AT_FDCWD, path, st, FS_AT_SYMLINK_NOFOLLOW, a4,
                          a5);
}

long sys_fstat(long fd, long st, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    struct fs_stat s;
    int r = fs_fstat((int)fd, &s);
    return r ? r : put_stat(st, &s);
}

long sys_statx(long dfd, long path, long flags, long mask, long stx, long a5)
{
    (void)a5;
    const char *p;
    struct fs_stat s;
    if (flags & ~(long)(FS_AT_SYMLINK_NOFOLLOW | FS_AT_EMPTY_PATH |
                        AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
        return -EINVAL;
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ||
        ((unsigned long)mask & STATX_RESERVED))
        return -EINVAL;
    int r = sys_file_path(0, path, &p);
    if (!r)
        r = fs_stat_at((int)dfd, p,
                       (int)flags & (FS_AT_SYMLINK_NOFOLLOW | FS_AT_EMPTY_PATH),
                       &s);
    return r ? r : put_statx(stx, &s);
}

long sys_faccessat2(long dfd, long path, long mode, long flags, long a4,
                    long a5)
{
    (void)a4, (void)a5;
    const char *p;
    if (flags &
        ~(long)(FS_AT_EACCESS | FS_AT_SYMLINK_NOFOLLOW | FS_AT_EMPTY_PATH))
        return -EINVAL;
    int r = sys_file_path(0, path, &p);
    if (r)
        return r;
    return fs_access_at((int)dfd, p, (int)mode,
                        (int)flags &
                            (FS_AT_SYMLINK_NOFOLLOW | FS_AT_EMPTY_PATH));
}

long sys_faccessat(long dfd, long path, long mode, long a3, long a4, long a5)
{
    (void)a3;
    return sys_faccessat2(dfd, path, mode, 0, a4, a5);
}

long sys_access(long path, long mode, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3;
    return sys_faccessat2(FS_AT_FDCWD, path, mode, 0, a4, a5);
}

long sys_readlinkat(long dfd, long path, long buf, long n, long a4, long a5)
{
    (void)a4, (void)a5;
    const char *p;
    if (n <= 0)
        return -EINVAL;
    int r = sys_file_path(0, path, &p);
    if (r)
        return r;
    if (!uaccess_ok((uint64_t)buf, (uint64_t)n, 1))
        return -EFAULT;
    return fs_readlink_at((int)dfd, p, (char *)buf, (size_t)n);
}

long sys_readlink(long path, long buf, long n, long a3, long a4, long a5)
{
    (void)a3;
    return sys_readlinkat(FS_AT_FDCWD, path, buf, n, a4, a5);
}

/* (path) NULL means the fd itself (futimens). */
long sys_utimensat(long dfd, long path, long times, long flags, long a4,
                   long a5)
{
    (void)a4, (void)a5;
    int64_t ts[4];
    const char *p = "";
    if (times && uaccess_from(ts, (uint64_t)times, sizeof(ts)))
        return -EFAULT;
    if (path) {
        int r = sys_file_path(0, path, &p);
        if (r)
            return r;
    } else if (dfd == FS_AT_FDCWD) {
        return -EFAULT;
    }
    return fs_utimens_at((int)dfd, p, times ? ts : 0,
                         (int)flags | (path ? 0 : FS_AT_EMPTY_PATH));
}

long sys_fchmodat(long dfd, long path, long mode, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    const char *p;
    int r = sys_file_path(0, path, &p);
    return r ? r : fs_chmod_at((int)dfd, p, (unsigned)mode, 0);
}

long sys_chmod(long path, long mode, long a2, long a3, long a4, long a5)
{
    (void)a2;
    return sys_fchmodat(FS_AT_FDCWD, path, mode, a3, a4, a5);
}

long sys_fchmod(long fd, long mode, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    if (fd == FS_AT_FDCWD)
        return -EBADF;
    return fs_chmod_at((int)fd, "", (unsigned)mode, FS_AT_EMPTY_PATH);
}
