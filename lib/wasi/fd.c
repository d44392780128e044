/* SPDX-License-Identifier: MIT */
/*
 * wasi: the descriptor table and the fd_* calls (reads and writes through
 * guest iovecs, seek, stat, readdir with index cookies, preopen names).
 * Descriptors 0-2 are the host's stdio; preopens follow.
 */
#include "lib/wasi/wasi_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int wasi_errno(int e)
{
    static const struct {
        int host, wasi;
    } map[] = {
        {E2BIG, WE_2BIG},
        {EACCES, WE_ACCES},
        {EAGAIN, WE_AGAIN},
        {EBADF, WE_BADF},
        {EBUSY, WE_BUSY},
        {EEXIST, WE_EXIST},
        {EFAULT, WE_FAULT},
        {EFBIG, WE_FBIG},
        {EINTR, WE_INTR},
        {EINVAL, WE_INVAL},
        {EIO, WE_IO},
        {EISDIR, WE_ISDIR},
        {ELOOP, WE_LOOP},
        {EMFILE, WE_MFILE},
        {ENOENT, WE_NOENT},
        {ENAMETOOLONG, WE_NAMETOOLONG},
        {ENOMEM, WE_NOMEM},
        {ENOSPC, WE_NOSPC},
        {ENOSYS, WE_NOSYS},
        {ENOTDIR, WE_NOTDIR},
        {ENOTEMPTY, WE_NOTEMPTY},
        {ENOTSUP, WE_NOTSUP},
        {ENOTTY, WE_NOTTY},
        {EOVERFLOW, WE_OVERFLOW},
        {EPERM, WE_PERM},
        {EPIPE, WE_PIPE},
        {EROFS, WE_ROFS},
        {ESPIPE, WE_SPIPE},
        {EXDEV, WE_NOTCAPABLE},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].host == e)
            return map[i].wasi;
    return WE_IO;
}

struct wasi_fd *wasi_fd_get(struct wasi_ctx *w, uint32_t fd)
{
    return fd < w->nfds && w->fds[fd].host >= 0 ? &w->fds[fd] : NULL;
}

int wasi_fd_add(struct wasi_ctx *w, int host, uint32_t *out)
{
    uint32_t i = 0;
    while (i < w->nfds && w->fds[i].host >= 0)
        i++;
    if (i == w->nfds) {
        struct wasi_fd *n = realloc(w->fds, (i + 1) * sizeof *n);
        if (!n)
            return WE_NOMEM;
        w->fds = n;
        w->nfds++;
    }
    memset(&w->fds[i], 0, sizeof w->fds[i]);
    w->fds[i].host = host;
    *out = i;
    return WE_SUCCESS;
}

static void fd_release(struct wasi_fd *f)
{
    if (f->dir)
        closedir(f->dir); /* closes its own duplicate of host */
    if (f->host > 2)
        close(f->host);
    free(f->guest);
    memset(f, 0, sizeof *f);
    f->host = -1;
}

#define GET_FD(f, fd)                                                          \
    struct wasi_fd *f = wasi_fd_get(w, (fd));                                  \
    if (!f)                                                                    \
    return WE_BADF

WASI_FN(fd_close)
{
    (void)in;
    GET_FD(f, a[0].i32);
    fd_release(f);
    return WE_SUCCESS;
}

static uint8_t filetype(mode_t m)
{
    return S_ISBLK(m)    ? 1
           : S_ISCHR(m)  ? 2
           : S_ISDIR(m)  ? 3
           : S_ISREG(m)  ? 4
           : S_ISSOCK(m) ? 6
           : S_ISLNK(m)  ? 7
                         : 0;
}

static uint64_t ns(struct timespec t)
{
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void wasi_filestat(uint8_t *out, const struct stat *st)
{
    uint64_t v[8] = {st->st_dev,
                     st->st_ino,
                     filetype(st->st_mode),
                     st->st_nlink,
                     (uint64_t)st->st_size,
                     ns(st->st_atim),
                     ns(st->st_mtim),
                     ns(st->st_ctim)};
    memset(out, 0, 64);
    for (int i = 0; i < 8; i++)
        if (i == 2)
            out[16] = (uint8_t)v[2];
        else
            memcpy(out + 8 * i, &v[i], 8);
}

WASI_FN(fd_fdstat_get)
{
    GET_FD(f, a[0].i32);
    uint8_t *p = wasi_mem(in, a[1].i32, 24);
    struct stat st;
    if (!p)
        return WE_FAULT;
    if (fstat(f->host, &st))
        return wasi_errno(errno);
    int fl = fcntl(f->host, F_GETFL);
    uint16_t flags = (fl & O_APPEND ? 1 : 0) | (fl & O_NONBLOCK ? 4 : 0) |
                     (fl & O_SYNC ? 16 : 0);
    /* All rights; a terminal has no seek/tell so that stdio sees a tty. */
    uint64_t rights = 0x1fffffff;
    if (S_ISCHR(st.st_mode))
        rights &= ~(uint64_t)(4 | 32);
    memset(p, 0, 24);
    p[0] = filetype(st.st_mode);
    memcpy(p + 2, &flags, 2);
    memcpy(p + 8, &rights, 8);
    memcpy(p + 16, &rights, 8);
    return WE_SUCCESS;
}

WASI_FN(fd_fdstat_set_flags)
{
    (void)in;
    GET_FD(f, a[0].i32);
    uint32_t wf = a[1].i32;
    int fl = (wf & 1 ? O_APPEND : 0) | (wf & 4 ? O_NONBLOCK : 0);
    if (wf & ~5u)
        return WE_NOTSUP;
    return fcntl(f->host, F_SETFL, fl) ? wasi_errno(errno) : WE_SUCCESS;
}

WASI_FN(fd_filestat_get)
{
    GET_FD(f, a[0].i32);
    uint8_t *p = wasi_mem(in, a[1].i32, 64);
    struct stat st;
    if (!p)
        return WE_FAULT;
    if (fstat(f->host, &st))
        return wasi_errno(errno);
    wasi_filestat(p, &st);
    return WE_SUCCESS;
}

/* Translate guest iovecs (addr, len pairs) into host ones. */
static int iovecs(struct wasm_instance *in, uint32_t addr, uint32_t n,
                  struct iovec *out)
{
    if (n > 64)
        n = 64; /* a short transfer is allowed */
    const uint8_t *g = wasi_mem(in, addr, (uint64_t)n * 8);
    if (!g)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t buf, len;
        memcpy(&buf, g + 8 * i, 4);
        memcpy(&len, g + 8 * i + 4, 4);
        if (!(out[i].iov_base = wasi_mem(in, buf, len)))
            return -1;
        out[i].iov_len = len;
    }
    return (int)n;
}

/* fd_read/fd_write/fd_pread/fd_pwrite: offset < 0 means current. */
static int transfer(struct wasi_ctx *w, struct wasm_instance *in,
                    const union wasm_val *a, bool write, bool positioned)
{
    GET_FD(f, a[0].i32);
    struct iovec iov[64];
    int n = iovecs(in, a[1].i32, a[2].i32, iov);
    if (n < 0)
        return WE_FAULT;
    uint32_t out = positioned ? a[4].i32 : a[3].i32;
    if (!wasi_mem(in, out, 4))
        return WE_FAULT;
    ssize_t r;
    if (positioned && (int64_t)a[3].i64 < 0)
        return WE_INVAL;
    if (positioned)
        r = write ? pwritev(f->host, iov, n, (off_t)a[3].i64)
                  : preadv(f->host, iov, n, (off_t)a[3].i64);
    else
        r = write ? writev(f->host, iov, n) : readv(f->host, iov, n);
    if (r < 0)
        return wasi_errno(errno);
    uint32_t done = (uint32_t)r;
    memcpy(wasi_mem(in, out, 4), &done, 4);
    return WE_SUCCESS;
}

WASI_FN(fd_read)
{
    return transfer(w, in, a, false, false);
}
WASI_FN(fd_write)
{
    return transfer(w, in, a, true, false);
}
WASI_FN(fd_pread)
{
    return transfer(w, in, a, false, true);
}
WASI_FN(fd_pwrite)
{
    return transfer(w, in, a, true, true);
}

WASI_FN(fd_seek)
{
    GET_FD(f, a[0].i32);
    static const int whence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
    if (a[2].i32 > 2)
        return WE_INVAL;
    uint8_t *p = wasi_mem(in, a[3].i32, 8);
    if (!p)
        return WE_FAULT;
    off_t r = lseek(f->host, (off_t)a[1].i64, whence[a[2].i32]);
    if (r < 0)
        return wasi_errno(errno);
    uint64_t v = (uint64_t)r;
    memcpy(p, &v, 8);
    return WE_SUCCESS;
}

WASI_FN(fd_tell)
{
    union wasm_val b[4] = {a[0], {.i64 = 0}, {.i32 = 1}, a[1]};
    return wasi_fd_seek(w, in, b);
}

WASI_FN(fd_sync)
{
    (void)in;
    GET_FD(f, a[0].i32);
    return fsync(f->host) ? wasi_errno(errno) : WE_SUCCESS;
}

WASI_FN(fd_renumber)
{
    (void)in;
    GET_FD(from, a[0].i32);
    GET_FD(to, a[1].i32);
    if (from == to)
        return WE_SUCCESS;
    fd_release(to);
    *to = *from;
    memset(from, 0, sizeof *from);
    from->host = -1;
    return WE_SUCCESS;
}

WASI_FN(fd_prestat_get)
{
    GET_FD(f, a[0].i32);
    if (!f->preopen)
        return WE_BADF;
    uint8_t *p = wasi_mem(in, a[1].i32, 8);
    if (!p)
        return WE_FAULT;
    uint32_t len = (uint32_t)strlen(f->guest);
    memset(p, 0, 8);
    memcpy(p + 4, &len, 4);
    return WE_SUCCESS;
}

WASI_FN(fd_prestat_dir_name)
{
    GET_FD(f, a[0].i32);
    if (!f->preopen)
        return WE_BADF;
    size_t len = strlen(f->guest);
    if (a[2].i32 < len)
        return WE_NAMETOOLONG;
    void *p = wasi_mem(in, a[1].i32, len);
    if (!p)
        return WE_FAULT;
    memcpy(p, f->guest, len);
    return WE_SUCCESS;
}

static uint8_t dirent_type(unsigned char t)
{
    return t == DT_BLK    ? 1
           : t == DT_CHR  ? 2
           : t == DT_DIR  ? 3
           : t == DT_REG  ? 4
           : t == DT_SOCK ? 6
           : t == DT_LNK  ? 7
                          : 0;
}

/* Entries are numbered from 0; an entry's d_next (the cookie to resume
 * after it) is its number + 1. The last entry may be cut short: a full
 * buffer tells the caller to ask again. */
WASI_FN(fd_readdir)
{
    GET_FD(f, a[0].i32);
    uint32_t len = a[2].i32;
    uint8_t *buf = wasi_mem(in, a[1].i32, len);
    if (!buf || !wasi_mem(in, a[4].i32, 4))
        return WE_FAULT;
    if (!f->dir) {
        int d = dup(f->host);
        if (d < 0 || !(f->dir = fdopendir(d))) {
            int e = errno;
            if (d >= 0)
                close(d);
            return wasi_errno(e);
        }
    }
    rewinddir(f->dir);
    uint64_t idx = 0;
    uint32_t used = 0;
    struct dirent *de;
    while (used < len && (de = readdir(f->dir))) {
        if (idx++ < a[3].i64)
            continue;
        uint8_t hdr[24] = {0};
        uint64_t next = idx, ino = de->d_ino;
        uint32_t nlen = (uint32_t)strlen(de->d_name);
        memcpy(hdr, &next, 8);
        memcpy(hdr + 8, &ino, 8);
        memcpy(hdr + 16, &nlen, 4);
        hdr[20] = dirent_type(de->d_type);
        uint32_t n = len - used < 24 ? len - used : 24;
        memcpy(buf + used, hdr, n);
        used += n;
        n = len - used < nlen ? len - used : nlen;
        memcpy(buf + used, de->d_name, n);
        used += n;
    }
    memcpy(wasi_mem(in, a[4].i32, 4), &used, 4);
    return WE_SUCCESS;
}
