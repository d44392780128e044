/* SPDX-License-Identifier: MIT */
/*
 * fs directories: reading entries by position (getdents) and the working
 * directory. A directory's position counts entries: 0 is ".", 1 is "..",
 * then the entries in creation order, so a position stays meaningful while
 * files are added (entries removed before the position shift later ones
 * back by one, which can skip one entry, as some Linux file systems do).
 */
#include "fs/fs_int.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

static uint8_t dtype(const struct fs_node *n)
{
    return (uint8_t)((n->mode & FS_S_IFMT) >> 12);
}

long fs_getdents(int fd, fs_dirent_fn fn, void *ctx)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f || (f->flags & FS_O_PATH))
        return -EBADF;
    if (f->pipe || !FS_ISDIR(f->node))
        return -ENOTDIR;
    struct fs_node *d = f->node;
    long used = 0;
    uint64_t pos = 0;
    const struct fs_node *c = d->child;
    for (;; pos++) {
        struct fs_dirent e;
        if (pos == 0) {
            e.name = ".", e.ino = d->ino, e.type = dtype(d);
        } else if (pos == 1) {
            e.name = "..", e.ino = d->parent->ino, e.type = dtype(d->parent);
        } else {
            if (!c)
                break;
            e.name = c->name, e.ino = c->ino, e.type = dtype(c);
            c = c->next;
        }
        if (pos < f->off)
            continue;
        e.next = pos + 1;
        if (!fn(ctx, &e))
            break;
        f->off = pos + 1;
        used++;
    }
    return used;
}

long fs_getcwd(char *buf, size_t n)
{
    long r = fs_node_path(fs_st.cwd, buf, n);
    return r < 0 ? r : r + 1;
}

static int set_cwd(struct fs_node *n)
{
    if (!FS_ISDIR(n))
        return -ENOTDIR;
    n->refs++;
    fs_node_put(fs_st.cwd);
    fs_st.cwd = n;
    return 0;
}

int fs_chdir(const char *path)
{
    struct fs_walk w;
    int r = fs_walk_at(FS_AT_FDCWD, path, 1, &w);
    if (r)
        return r;
    return w.node ? set_cwd(w.node) : -ENOENT;
}

int fs_fchdir(int fd)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f)
        return -EBADF;
    return f->node ? set_cwd(f->node) : -ENOTDIR;
}

unsigned fs_umask(unsigned mask)
{
    unsigned old = fs_st.umask;
    fs_st.umask = mask & 0777;
    return old;
}
