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

/* openat2(2): struct open_how (linux/openat2.h) is checked strictly, as
 * Linux's build_open_flags does: unknown flag or resolve bits, a mode
 * without O_CREAT or O_TMPFILE (or beyond 07777), O_CREAT with
 * O_DIRECTORY, O_PATH with other than O_DIRECTORY, O_NOFOLLOW and
 * O_CLOEXEC are -EINVAL. A larger struct is accepted when its extra bytes
 * are zero (-E2BIG otherwise, or past a page). RESOLVE_CACHED is -EAGAIN
 * for O_CREAT, O_TRUNC and O_TMPFILE, as on Linux, and else a no-op. */
#define HOW_SIZE 24
#define O_VALID                                                                \
    (FS_O_ACCMODE | FS_O_CREAT | FS_O_EXCL | FS_O_NOCTTY | FS_O_TRUNC |        \
     FS_O_APPEND | FS_O_NONBLOCK | 010000 /* O_DSYNC */ |                      \
     020000 /* FASYNC */ | 040000 /* O_DIRECT */ | 0100000 /* O_LARGEFILE */ | \
     FS_O_DIRECTORY | FS_O_NOFOLLOW | 01000000 /* O_NOATIME */ |               \
     FS_O_CLOEXEC | 04000000 /* __O_SYNC */ | FS_O_PATH | FS_O_TMPFILE)
#define O_PATH_OK (FS_O_DIRECTORY | FS_O_NOFOLLOW | FS_O_PATH | FS_O_CLOEXEC)

/* The extra bytes of a struct larger than ours must be zero. */
static int how_tail_zero(uint64_t at, uint64_t n)
{
    uint8_t b[64];
    while (n) {
        size_t k = n < sizeof(b) ? (size_t)n : sizeof(b);
        if (uaccess_from(b, at, k))
            return -EFAULT;
        for (size_t i = 0; i < k; i++)
            if (b[i])
                return -E2BIG;
        at += k;
        n -= k;
    }
    return 0;
}

static int how_check(const uint64_t how[3])
{
    uint64_t fl = how[0], mode = how[1], res = how[2];
    int creates = (fl & FS_O_CREAT) || (fl & FS_O_TMPFILE) == FS_O_TMPFILE;
    if ((fl & ~(uint64_t)O_VALID) || (res & ~(uint64_t)0x3f))
        return -EINVAL;
    if ((res & FS_RESOLVE_BENEATH) && (res & FS_RESOLVE_IN_ROOT))
        return -EINVAL;
    if (creates ? (mode & ~(uint64_t)07777) : mode)
        return -EINVAL;
    if ((fl & FS_O_CREAT) && (fl & FS_O_DIRECTORY))
        return -EINVAL;
    if ((fl & FS_O_PATH) && (fl & ~(uint64_t)O_PATH_OK))
        return -EINVAL;
    if ((res & FS_RESOLVE_CACHED) &&
        (fl & (FS_O_TRUNC | FS_O_CREAT | FS_O_TMPFILE)))
        return -EAGAIN;
    return 0;
}

long sys_openat2(long dfd, long path, long uhow, long usize, long a4, long a5)
{
    (void)a4, (void)a5;
    uint64_t how[3];
    if ((unsigned long)usize < HOW_SIZE)
        return -EINVAL;
    if ((unsigned long)usize > 4096)
        return -E2BIG;
    if (uaccess_from(how, (uint64_t)uhow, HOW_SIZE))
        return -EFAULT;
    int r =
        how_tail_zero((uint64_t)uhow + HOW_SIZE, (uint64_t)usize - HOW_SIZE);
    if (!r)
        r = how_check(how);
    const char *p;
    if (!r)
        r = sys_file_path(0, path, &p);
    return r ? r
             : fs_openat2((int)dfd, p, (int)how[0], (unsigned)how[1],
                          (unsigned)how[2]);
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
