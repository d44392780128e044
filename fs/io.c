/* SPDX-License-Identifier: MIT */
/*
 * fs I/O: reads, writes and seeks on open files. Regular files copy from
 * their data (the initrd or a ramfs buffer); devices call their ops, with
 * the file offset for block devices and 0 for character devices (streams);
 * pipes go to pipe.c. Offsets are 64-bit and never negative.
 */
#include "fs/fs_int.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

static int can_read(const struct fs_file *f)
{
    return !(f->flags & FS_O_PATH) && (f->flags & FS_O_ACCMODE) != FS_O_WRONLY;
}

static int can_write(const struct fs_file *f)
{
    return !(f->flags & FS_O_PATH) && (f->flags & FS_O_ACCMODE) != FS_O_RDONLY;
}

static long node_read(struct fs_node *n, void *buf, size_t len, uint64_t off)
{
    if (FS_ISDIR(n))
        return -EISDIR;
    if (FS_ISDEV(n)) {
        if (!n->ops->read)
            return -EINVAL;
        return n->ops->read(n->ctx, buf, len, n->ops->block ? off : 0);
    }
    if (off >= n->size)
        return 0;
    if (len > n->size - off)
        len = (size_t)(n->size - off);
    memcpy(buf, n->data + off, len);
    return (long)len;
}

static long node_write(struct fs_node *n, const void *buf, size_t len,
                       uint64_t off)
{
    if (FS_ISDEV(n)) {
        if (!n->ops->write)
            return -EINVAL;
        return n->ops->write(n->ctx, buf, len, n->ops->block ? off : 0);
    }
    if (!FS_ISREG(n))
        return -EINVAL;
    if (n->fsid != FS_DEV_TMP)
        return -EROFS;
    if (len == 0)
        return 0;
    if (off >= FS_FILE_MAX || len > FS_FILE_MAX - off)
        return -EFBIG;
    if (off + len > n->size) {
        int r = fs_node_resize(n, off + len);
        if (r)
            return r;
    }
    memcpy(n->buf + off, buf, len);
    n->mtime = n->ctime = fs_now();
    return (long)len;
}

long fs_read(int fd, void *buf, size_t n)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f || !can_read(f))
        return -EBADF;
    if (f->pipe)
        return fs_pipe_read(f, buf, n);
    long r = node_read(f->node, buf, n, f->off);
    if (r > 0)
        f->off += (uint64_t)r;
    return r;
}

long fs_write(int fd, const void *buf, size_t n)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f || !can_write(f))
        return -EBADF;
    if (f->pipe)
        return fs_pipe_write(f, buf, n);
    if ((f->flags & FS_O_APPEND) && FS_ISREG(f->node))
        f->off = f->node->size;
    long r = node_write(f->node, buf, n, f->off);
    if (r > 0)
        f->off += (uint64_t)r;
    return r;
}

/* pread/pwrite need a seekable file. */
static struct fs_file *positional(int fd, int64_t off, long *err)
{
    struct fs_file *f = fs_file_get(fd);
    *err = -EBADF;
    if (!f)
        return NULL;
    *err = -ESPIPE;
    if (f->pipe || (FS_ISDEV(f->node) && !f->node->ops->block))
        return NULL;
    *err = -EINVAL;
    return off < 0 ? NULL : f;
}

long fs_pread(int fd, void *buf, size_t n, int64_t off)
{
    long err;
    struct fs_file *f = positional(fd, off, &err);
    if (!f)
        return err;
    if (!can_read(f))
        return -EBADF;
    return node_read(f->node, buf, n, (uint64_t)off);
}

long fs_pwrite(int fd, const void *buf, size_t n, int64_t off)
{
    long err;
    struct fs_file *f = positional(fd, off, &err);
    if (!f)
        return err;
    if (!can_write(f))
        return -EBADF;
    /* Linux quirk kept: O_APPEND makes pwrite append too. */
    uint64_t at = (f->flags & FS_O_APPEND) && FS_ISREG(f->node) ? f->node->size
                                                                : (uint64_t)off;
    return node_write(f->node, buf, n, at);
}

static int64_t file_size(const struct fs_node *n)
{
    struct fs_stat st;
    fs_node_stat(n, &st);
    return (int64_t)st.size;
}

int64_t fs_lseek(int fd, int64_t off, int whence)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f || (f->flags & FS_O_PATH))
        return -EBADF;
    if (f->pipe || f->node->tty)
        return -ESPIPE;
    if (FS_ISDEV(f->node) && !f->node->ops->block)
        return 0; /* /dev/null and friends: like Linux */
    if (FS_ISDIR(f->node) && whence != FS_SEEK_SET && whence != FS_SEEK_CUR)
        return -EINVAL; /* as tmpfs: positions count entries */
    int64_t base, size = file_size(f->node);
    switch (whence) {
    case FS_SEEK_SET: base = 0; break;
    case FS_SEEK_CUR: base = (int64_t)f->off; break;
    case FS_SEEK_END: base = size; break;
    case FS_SEEK_DATA:
    case FS_SEEK_HOLE:
        /* No holes: data up to the size, one hole at the end. */
        if (off < 0 || off >= size)
            return -ENXIO;
        base = 0;
        off = whence == FS_SEEK_HOLE ? size : off;
        break;
    default: return -EINVAL;
    }
    if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
        return -EINVAL;
    f->off = (uint64_t)(base + off);
    return base + off;
}

int fs_fstat(int fd, struct fs_stat *st)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f)
        return -EBADF;
    if (f->node) {
        fs_node_stat(f->node, st);
        return 0;
    }
    memset(st, 0, sizeof(*st));
    st->mode = FS_S_IFIFO | 0600;
    st->nlink = 1;
    st->blksize = 4096;
    st->ino = (uint64_t)(uintptr_t)f->pipe >> 4;
    st->dev = 5;
    return 0;
}

int fs_ftruncate(int fd, uint64_t len)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f)
        return -EBADF;
    if (f->pipe || !FS_ISREG(f->node) || !can_write(f))
        return f->flags & FS_O_PATH ? -EBADF : -EINVAL;
    if (f->node->fsid != FS_DEV_TMP)
        return -EROFS;
    return fs_node_resize(f->node, len);
}

int fs_isatty(int fd)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f || (f->flags & FS_O_PATH))
        return -EBADF;
    return f->node && f->node->tty;
}

long fs_nread(int fd)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f)
        return -EBADF;
    if (f->pipe)
        return (long)f->pipe->len;
    if (FS_ISREG(f->node))
        return f->off < f->node->size ? (long)(f->node->size - f->off) : 0;
    return f->node->tty ? 0 : -ENOTTY;
}

long fs_fd_pread(int fd, void *kbuf, size_t n, uint64_t off)
{
    if (off > INT64_MAX)
        return -EINVAL;
    return fs_pread(fd, kbuf, n, (int64_t)off);
}

int fs_fd_check_mmap(int fd, int prot_write, int shared)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f || (f->flags & FS_O_PATH))
        return -EBADF;
    if (f->pipe || !FS_ISREG(f->node))
        return -ENODEV;
    if (!can_read(f))
        return -EACCES;
    if (shared && prot_write && !can_write(f))
        return -EACCES;
    return 0;
}
