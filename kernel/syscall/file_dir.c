/* SPDX-License-Identifier: MIT */
/*
 * File system calls, part 4: paths in, open, directories and names.
 * getdents64 writes struct linux_dirent64 records (include/linux/dirent.h):
 * d_ino u64, d_off s64, d_reclen u16, d_type u8, the name and its NUL,
 * each record padded to 8 bytes.
 */
#include "fs/fs.h"
#include "kernel/syscall/file.h"
#include "kernel/syscall/uaccess.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#include <stddef.h>

int sys_file_path(int slot, long uptr, const char **out)
{
    static char buf[2][FS_PATH_MAX];
    long r = uaccess_str(buf[slot & 1], (uint64_t)uptr, FS_PATH_MAX);
    if (r < 0)
        return (int)r;
    *out = buf[slot & 1];
    return 0;
}

long sys_openat(long dfd, long path, long flags, long mode, long a4, long a5)
{
    (void)a4, (void)a5;
    const char *p;
    int r = sys_file_path(0, path, &p);
    return r ? r : fs_open((int)dfd, p, (int)flags, (unsigned)mode);
}

long sys_open(long path, long flags, long mode, long a3, long a4, long a5)
{
    (void)a3;
    return sys_openat(FS_AT_FDCWD, path, flags, mode, a4, a5);
}

long sys_creat(long path, long mode, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3;
    return sys_openat(FS_AT_FDCWD, path, FS_O_CREAT | FS_O_WRONLY | FS_O_TRUNC,
                      mode, a4, a5);
}

struct dents {
    uint64_t at;  /* user address of the next record */
    size_t left;  /* room left */
    long written; /* bytes written */
    int fault, full;
};

static int put_dirent(void *ctx, const struct fs_dirent *e)
{
    struct dents *d = ctx;
    uint8_t rec[24 + FS_NAME_MAX + 8];
    size_t nl = strlen(e->name);
    size_t len = (19 + nl + 1 + 7) & ~(size_t)7;
    if (len > d->left) {
        d->full = 1;
        return 0;
    }
    uint16_t reclen = (uint16_t)len;
    int64_t off = (int64_t)e->next;
    memset(rec, 0, len);
    memcpy(rec, &e->ino, 8);
    memcpy(rec + 8, &off, 8);
    memcpy(rec + 16, &reclen, 2);
    rec[18] = e->type;
    memcpy(rec + 19, e->name, nl);
    if (uaccess_to(d->at, rec, len)) {
        d->fault = 1;
        return 0;
    }
    d->at += len;
    d->left -= len;
    d->written += (long)len;
    return 1;
}

long sys_getdents64(long fd, long dirp, long n, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    struct dents d = {(uint64_t)dirp, (size_t)(n < 0 ? 0 : n), 0, 0, 0};
    if (fs_get_flags((int)fd) < 0)
        return -EBADF;
    if (!uaccess_ok((uint64_t)dirp, d.left, 1))
        return -EFAULT;
    long k = fs_getdents((int)fd, put_dirent, &d);
    if (k < 0)
        return k;
    if (d.fault && !d.written)
        return -EFAULT;
    if (d.full && !d.written)
        return -EINVAL; /* the buffer cannot hold even one record */
    return d.written;
}

long sys_getcwd(long buf, long n, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    static char cwd[FS_PATH_MAX];
    long r = fs_getcwd(cwd, sizeof(cwd));
    if (r < 0)
        return r;
    if (r > n)
        return -ERANGE;
    return uaccess_to((uint64_t)buf, cwd, (size_t)r) ? -EFAULT : r;
}

long sys_chdir(long path, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    const char *p;
    int r = sys_file_path(0, path, &p);
    return r ? r : fs_chdir(p);
}

long sys_fchdir(long fd, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return fs_fchdir((int)fd);
}

long sys_mkdirat(long dfd, long path, long mode, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    const char *p;
    int r = sys_file_path(0, path, &p);
    return r ? r : fs_mkdir_at((int)dfd, p, (unsigned)mode);
}

long sys_mkdir(long path, long mode, long a2, long a3, long a4, long a5)
{
    (void)a2;
    return sys_mkdirat(FS_AT_FDCWD, path, mode, a3, a4, a5);
}

long sys_unlinkat(long dfd, long path, long flags, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    const char *p;
    int r = sys_file_path(0, path, &p);
    return r ? r : fs_unlink_at((int)dfd, p, (int)flags);
}

long sys_unlink(long path, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2;
    return sys_unlinkat(FS_AT_FDCWD, path, 0, a3, a4, a5);
}

long sys_rmdir(long path, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2;
    return sys_unlinkat(FS_AT_FDCWD, path, FS_AT_REMOVEDIR, a3, a4, a5);
}

long sys_renameat2(long od, long oldp, long nd, long newp, long flags, long a5)
{
    (void)a5;
    const char *o, *n;
    int r = sys_file_path(0, oldp, &o);
    if (!r)
        r = sys_file_path(1, newp, &n);
    return r ? r : fs_rename_at((int)od, o, (int)nd, n, (unsigned)flags);
}

long sys_renameat(long od, long oldp, long nd, long newp, long a4, long a5)
{
    (void)a4;
    return sys_renameat2(od, oldp, nd, newp, 0, a5);
}

long sys_rename(long oldp, long newp, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4;
    return sys_renameat2(FS_AT_FDCWD, oldp, FS_AT_FDCWD, newp, 0, a5);
}

long sys_symlinkat(long target, long dfd, long path, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    const char *t, *p;
    int r = sys_file_path(0, target, &t);
    if (!r)
        r = sys_file_path(1, path, &p);
    return r ? r : fs_symlink_at(t, (int)dfd, p);
}

long sys_symlink(long target, long path, long a2, long a3, long a4, long a5)
{
    (void)a2;
    return sys_symlinkat(target, FS_AT_FDCWD, path, a3, a4, a5);
}

long sys_umask(long mask, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return fs_umask((unsigned)mask);
}
