/* SPDX-License-Identifier: MIT */
/*
 * wasi: the path_* calls, confined to the directory descriptor they are
 * relative to. The kernel resolves every path with openat2(2)'s
 * RESOLVE_BENEATH: an absolute path, a ".." above the directory or a
 * symlink leading out fails with EXDEV (reported as ENOTCAPABLE), whatever
 * the path's shape, with no race between a check and the use. Calls that
 * act on a final name (mkdir, unlink, rmdir, rename) resolve its parent
 * that way and then act on one plain component of it.
 */
#define _GNU_SOURCE
#include "lib/wasi/wasi_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Built with musl-gcc (to run inside Skiff) there are no Linux uapi
 * headers: the ABI of openat2(2), from include/uapi/linux/openat2.h. */
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#else
struct open_how {
    uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_BENEATH       0x08
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

#define RIGHT_FD_READ  0x2u
#define RIGHT_FD_WRITE 0x40u

/* Copy the guest's path (not NUL-terminated) into out. */
static int guest_path(struct wasm_instance *in, uint32_t addr, uint32_t len,
                      char out[PATH_MAX])
{
    const char *p = wasi_mem(in, addr, len);
    if (!p)
        return WE_FAULT;
    if (len >= PATH_MAX)
        return WE_NAMETOOLONG;
    if (memchr(p, 0, len))
        return WE_INVAL;
    if (len == 0)
        return WE_NOENT;
    memcpy(out, p, len);
    out[len] = 0;
    return WE_SUCCESS;
}

static int open_beneath(int dirfd, const char *path, uint64_t flags,
                        uint64_t mode)
{
    struct open_how how = {
        .flags = flags | O_CLOEXEC,
        .mode = (flags & O_CREAT) ? mode : 0,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    long fd;
    do {
        fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    } while (fd < 0 && errno == EAGAIN);
    return (int)fd;
}

/* Split path into its parent (opened beneath dirfd, O_PATH) and its last
 * component, which is left in *last. Returns the parent fd or -errno. */
static int open_parent(int dirfd, char *path, const char **last)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = 0; /* "dir/" names dir */
    char *slash = strrchr(path, '/');
    const char *parent = ".";
    if (slash) {
        *slash = 0;
        *last = slash + 1;
        parent = slash == path ? "/" : path; /* "/" is refused below */
    } else {
        *last = path;
    }
    if (!strcmp(*last, ".") || !strcmp(*last, "..") || !**last)
        return -EINVAL;
    int fd = open_beneath(dirfd, parent, O_PATH | O_DIRECTORY, 0);
    return fd < 0 ? -errno : fd;
}

#define GET_DIR(f, fd)                                                         \
    struct wasi_fd *f = wasi_fd_get(w, (fd));                                  \
    if (!f)                                                                    \
    return WE_BADF

WASI_FN(path_open)
{
    GET_DIR(d, a[0].i32);
    char path[PATH_MAX];
    int e = guest_path(in, a[2].i32, a[3].i32, path);
    if (e)
        return e;
    if (!wasi_mem(in, a[8].i32, 4))
        return WE_FAULT;
    uint32_t oflags = a[4].i32, fdflags = a[7].i32;
    uint64_t rights = a[5].i64;
    bool rd = rights & RIGHT_FD_READ, wr = rights & RIGHT_FD_WRITE;
    uint64_t flags = (oflags & 2) ? O_RDONLY | O_DIRECTORY
                     : wr         ? (rd ? O_RDWR : O_WRONLY)
                                  : O_RDONLY;
    if (oflags & 1)
        flags |= O_CREAT;
    if (oflags & 4)
        flags |= O_EXCL;
    if (oflags & 8)
        flags |= O_TRUNC;
    if (!(a[1].i32 & 1))
        flags |= O_NOFOLLOW;
    if (fdflags & 1)
        flags |= O_APPEND;
    if (fdflags & 4)
        flags |= O_NONBLOCK;
    if (fdflags & (2 | 8 | 16))
        flags |= O_SYNC;
    int fd = open_beneath(d->host, path, flags, 0666);
    if (fd < 0)
        return wasi_errno(errno);
    uint32_t out;
    if ((e = wasi_fd_add(w, fd, &out))) {
        close(fd);
        return e;
    }
    memcpy(wasi_mem(in, a[8].i32, 4), &out, 4);
    return WE_SUCCESS;
}

WASI_FN(path_filestat_get)
{
    GET_DIR(d, a[0].i32);
    char path[PATH_MAX];
    int e = guest_path(in, a[2].i32, a[3].i32, path);
    if (e)
        return e;
    uint8_t *out = wasi_mem(in, a[4].i32, 64);
    if (!out)
        return WE_FAULT;
    uint64_t flags = O_PATH | ((a[1].i32 & 1) ? 0 : O_NOFOLLOW);
    int fd = open_beneath(d->host, path, flags, 0);
    if (fd < 0)
        return wasi_errno(errno);
    struct stat st;
    int rc = fstat(fd, &st);
    e = errno;
    close(fd);
    if (rc)
        return wasi_errno(e);
    wasi_filestat(out, &st);
    return WE_SUCCESS;
}

/* mkdir, rmdir, unlink: one call on the final component. */
static int at_last(struct wasi_ctx *w, struct wasm_instance *in,
                   const union wasm_val *a, int op)
{
    GET_DIR(d, a[0].i32);
    char path[PATH_MAX];
    const char *last;
    int e = guest_path(in, a[1].i32, a[2].i32, path);
    if (e)
        return e;
    int pfd = open_parent(d->host, path, &last);
    if (pfd < 0)
        return wasi_errno(-pfd);
    int rc = op == 0   ? mkdirat(pfd, last, 0777)
             : op == 1 ? unlinkat(pfd, last, AT_REMOVEDIR)
                       : unlinkat(pfd, last, 0);
    e = errno;
    close(pfd);
    return rc ? wasi_errno(e) : WE_SUCCESS;
}

WASI_FN(path_create_directory)
{
    return at_last(w, in, a, 0);
}
WASI_FN(path_remove_directory)
{
    return at_last(w, in, a, 1);
}
WASI_FN(path_unlink_file)
{
    return at_last(w, in, a, 2);
}

WASI_FN(path_rename)
{
    GET_DIR(d1, a[0].i32);
    GET_DIR(d2, a[3].i32);
    char p1[PATH_MAX], p2[PATH_MAX];
    const char *l1, *l2;
    int e = guest_path(in, a[1].i32, a[2].i32, p1);
    if (e || (e = guest_path(in, a[4].i32, a[5].i32, p2)))
        return e;
    int f1 = open_parent(d1->host, p1, &l1);
    if (f1 < 0)
        return wasi_errno(-f1);
    int f2 = open_parent(d2->host, p2, &l2);
    if (f2 < 0) {
        close(f1);
        return wasi_errno(-f2);
    }
    int rc = renameat(f1, l1, f2, l2);
    e = errno;
    close(f1);
    close(f2);
    return rc ? wasi_errno(e) : WE_SUCCESS;
}

WASI_FN(path_readlink)
{
    GET_DIR(d, a[0].i32);
    char path[PATH_MAX];
    int e = guest_path(in, a[1].i32, a[2].i32, path);
    if (e)
        return e;
    char *buf = wasi_mem(in, a[3].i32, a[4].i32);
    if (!buf || !wasi_mem(in, a[5].i32, 4))
        return WE_FAULT;
    int fd = open_beneath(d->host, path, O_PATH | O_NOFOLLOW, 0);
    if (fd < 0)
        return wasi_errno(errno);
    ssize_t n = readlinkat(fd, "", buf, a[4].i32);
    e = errno;
    close(fd);
    if (n < 0)
        return wasi_errno(e == ENOENT ? EINVAL : e);
    uint32_t used = (uint32_t)n;
    memcpy(wasi_mem(in, a[5].i32, 4), &used, 4);
    return WE_SUCCESS;
}
