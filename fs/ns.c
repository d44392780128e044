/* SPDX-License-Identifier: MIT */
/*
 * fs names: the calls that take a path and change or inspect the tree.
 * Only /tmp (FS_DEV_TMP) can change; anything else is -EROFS, and a rename
 * between /tmp and elsewhere is -EXDEV when both ends exist. We run as
 * root, so permission bits matter only for access(X_OK).
 */
#include "fs/fs_int.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

/* (path) from (dirfd), or the fd itself for an empty path with
 * AT_EMPTY_PATH. */
static int lookup(int dirfd, const char *path, int flags, struct fs_node **n)
{
    if (path[0] == '\0' && (flags & FS_AT_EMPTY_PATH)) {
        if (dirfd == FS_AT_FDCWD) {
            *n = fs_st.cwd;
            return 0;
        }
        struct fs_file *f = fs_file_get(dirfd);
        if (!f)
            return -EBADF;
        if (!f->node)
            return -EINVAL; /* a pipe: the caller uses fs_fstat */
        *n = f->node;
        return 0;
    }
    struct fs_walk w;
    int r = fs_walk_at(dirfd, path, !(flags & FS_AT_SYMLINK_NOFOLLOW), &w);
    if (r)
        return r;
    if (!w.node)
        return -ENOENT;
    *n = w.node;
    return 0;
}

int fs_stat_at(int dirfd, const char *path, int flags, struct fs_stat *st)
{
    if (path[0] == '\0' && (flags & FS_AT_EMPTY_PATH) && dirfd != FS_AT_FDCWD)
        return fs_fstat(dirfd, st);
    struct fs_node *n;
    int r = lookup(dirfd, path, flags, &n);
    if (!r)
        fs_node_stat(n, st);
    return r;
}

int fs_access_at(int dirfd, const char *path, int mode, int flags)
{
    struct fs_node *n;
    if (mode & ~7)
        return -EINVAL;
    int r = lookup(dirfd, path, flags, &n);
    if (r)
        return r;
    if ((mode & FS_W_OK) && n->fsid != FS_DEV_TMP && !FS_ISDEV(n))
        return -EROFS;
    if ((mode & FS_X_OK) && !FS_ISDIR(n) && !(n->mode & 0111))
        return -EACCES;
    return 0;
}

long fs_readlink_at(int dirfd, const char *path, char *buf, size_t n)
{
    struct fs_node *ln;
    int r = lookup(dirfd, path, FS_AT_SYMLINK_NOFOLLOW | FS_AT_EMPTY_PATH, &ln);
    if (r)
        return r;
    if (!FS_ISLNK(ln))
        return -EINVAL;
    if (n == 0)
        return -EINVAL;
    size_t k = ln->size < n ? (size_t)ln->size : n;
    memcpy(buf, ln->data, k);
    return (long)k;
}

static int add_node(int dirfd, const char *path, uint32_t mode,
                    struct fs_node **out)
{
    struct fs_walk w;
    int r = fs_walk_at(dirfd, path, FS_WALK_PARENT, &w);
    if (r)
        return r;
    if (w.node)
        return -EEXIST;
    if (w.slash && (mode & FS_S_IFMT) != FS_S_IFDIR)
        return -ENOENT; /* "name/" asks for a directory */
    if (w.dir->fsid != FS_DEV_TMP)
        return -EROFS;
    if (!w.dir->linked)
        return -ENOENT;
    struct fs_node *n = fs_node_new(w.name, strlen(w.name), mode, FS_DEV_TMP);
    if (!n)
        return -ENOSPC;
    fs_node_link(w.dir, n);
    *out = n;
    return 0;
}

int fs_mkdir_at(int dirfd, const char *path, unsigned mode)
{
    struct fs_node *n;
    return add_node(dirfd, path, FS_S_IFDIR | (mode & 07777 & ~fs_st.umask),
                    &n);
}

int fs_symlink_at(const char *target, int dirfd, const char *path)
{
    size_t len = strnlen(target, FS_PATH_MAX);
    if (len == 0)
        return -ENOENT;
    if (len >= FS_PATH_MAX)
        return -ENAMETOOLONG;
    struct fs_node *n;
    int r = add_node(dirfd, path, FS_S_IFLNK | 0777, &n);
    if (r)
        return r;
    r = fs_node_resize(n, len);
    if (r) {
        fs_node_unlink(n);
        return r;
    }
    memcpy(n->buf, target, len);
    return 0;
}

int fs_unlink_at(int dirfd, const char *path, int flags)
{
    struct fs_walk w;
    if (flags & ~FS_AT_REMOVEDIR)
        return -EINVAL;
    int rmdir = flags & FS_AT_REMOVEDIR;
    int r = fs_walk_at(dirfd, path, FS_WALK_PARENT, &w);
    if (r)
        return r;
    if (!w.node)
        return -ENOENT;
    if (rmdir && strcmp(w.name, ".") == 0)
        return -EINVAL;
    if (rmdir && strcmp(w.name, "..") == 0)
        return -ENOTEMPTY;
    if (w.node == fs_st.root || w.node->parent == w.node)
        return -EBUSY;
    if (rmdir && !FS_ISDIR(w.node))
        return -ENOTDIR;
    if (!rmdir && FS_ISDIR(w.node))
        return -EISDIR;
    if (!rmdir && w.slash)
        return -ENOTDIR; /* "file/" */
    if (w.node->parent->fsid != FS_DEV_TMP || w.node->fsid != FS_DEV_TMP)
        return -EROFS;
    if (rmdir && w.node->child)
        return -ENOTEMPTY;
    fs_node_unlink(w.node);
    return 0;
}

static int is_under(const struct fs_node *n, const struct fs_node *dir)
{
    for (; n != fs_st.root && n->parent != n; n = n->parent)
        if (n == dir)
            return 1;
    return n == dir;
}

/* May (src) replace (dst)? */
static int can_replace(const struct fs_node *src, const struct fs_node *dst)
{
    if (FS_ISDIR(src) && !FS_ISDIR(dst))
        return -ENOTDIR;
    if (!FS_ISDIR(src) && FS_ISDIR(dst))
        return -EISDIR;
    if (FS_ISDIR(dst) && dst->child)
        return -ENOTEMPTY;
    return 0;
}

int fs_rename_at(int olddir, const char *oldp, int newdir, const char *newp,
                 unsigned flags)
{
    struct fs_walk o, n;
    if (flags & ~FS_RENAME_NOREPLACE)
        return -EINVAL;
    int r = fs_walk_at(olddir, oldp, FS_WALK_PARENT, &o);
    if (!r)
        r = fs_walk_at(newdir, newp, FS_WALK_PARENT, &n);
    if (r)
        return r;
    /* Checks in Linux's order (do_renameat2, then vfs_rename). */
    if (!strcmp(o.name, ".") || !strcmp(o.name, "..") || !o.name[0])
        return -EBUSY;
    if (!strcmp(n.name, ".") || !strcmp(n.name, "..") || !n.name[0])
        return flags & FS_RENAME_NOREPLACE ? -EEXIST : -EBUSY;
    if (o.dir->fsid != FS_DEV_TMP || n.dir->fsid != FS_DEV_TMP)
        return o.dir->fsid == n.dir->fsid || !n.dir->linked ? -EROFS : -EXDEV;
    if (!o.node || !n.dir->linked)
        return -ENOENT;
    if (n.node && (flags & FS_RENAME_NOREPLACE))
        return -EEXIST;
    if ((o.slash || n.slash) && !FS_ISDIR(o.node))
        return -ENOTDIR;
    if (FS_ISDIR(o.node) && is_under(n.dir, o.node))
        return -EINVAL; /* into itself */
    if (n.node && n.node != o.node && is_under(o.node, n.node))
        return -ENOTEMPTY; /* over its own ancestor */
    if (o.node == n.node)
        return 0;
    if (n.node && (r = can_replace(o.node, n.node)) != 0)
        return r;
    size_t len = strlen(n.name);
    char *name = kmalloc(len + 1);
    if (!name)
        return -ENOSPC;
    memcpy(name, n.name, len + 1);
    struct fs_node *mv = o.node;
    mv->refs++; /* keep it across the unlink */
    fs_node_unlink(mv);
    if (n.node)
        fs_node_unlink(n.node);
    kfree(mv->name);
    mv->name = name;
    fs_node_link(n.dir, mv);
    mv->refs--;
    mv->ctime = fs_now();
    return 0;
}

int fs_truncate(const char *path, uint64_t len)
{
    struct fs_node *n;
    int r = fs_walk_file(path, &n);
    if (r)
        return r;
    if (!FS_ISREG(n))
        return -EINVAL;
    if (n->fsid != FS_DEV_TMP)
        return -EROFS;
    return fs_node_resize(n, len);
}

int fs_chmod_at(int dirfd, const char *path, unsigned mode, int flags)
{
    struct fs_node *n;
    if (flags & ~(FS_AT_SYMLINK_NOFOLLOW | FS_AT_EMPTY_PATH))
        return -EINVAL;
    int r = lookup(dirfd, path, flags, &n);
    if (r)
        return r;
    if (FS_ISLNK(n))
        return -EOPNOTSUPP; /* Linux: symlink modes cannot change */
    if (n->fsid != FS_DEV_TMP)
        return -EROFS;
    n->mode = (n->mode & FS_S_IFMT) | (mode & 07777);
    n->ctime = fs_now();
    return 0;
}

int fs_utimens_at(int dirfd, const char *path, const int64_t *ts, int flags)
{
    struct fs_node *n;
    if (flags & ~(FS_AT_SYMLINK_NOFOLLOW | FS_AT_EMPTY_PATH))
        return -EINVAL;
    for (int i = 1; ts && i < 4; i += 2)
        if ((ts[i] < 0 || ts[i] >= 1000000000) && ts[i] != FS_UTIME_NOW &&
            ts[i] != FS_UTIME_OMIT)
            return -EINVAL;
    int r = lookup(dirfd, path, flags, &n);
    if (r)
        return r;
    if (ts && ts[1] == FS_UTIME_OMIT && ts[3] == FS_UTIME_OMIT)
        return 0;
    if (n->fsid != FS_DEV_TMP)
        return -EROFS;
    uint64_t now = fs_now();
    uint64_t *dst[2] = {&n->atime, &n->mtime};
    for (int i = 0; i < 2; i++) {
        if (!ts || ts[2 * i + 1] == FS_UTIME_NOW)
            *dst[i] = now;
        else if (ts[2 * i + 1] != FS_UTIME_OMIT)
            *dst[i] =
                (uint64_t)ts[2 * i] * 1000000000u + (uint64_t)ts[2 * i + 1];
    }
    n->ctime = now;
    return 0;
}
