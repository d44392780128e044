/* SPDX-License-Identifier: MIT */
/*
 * fs descriptors: the table of FS_FD_MAX descriptors, each pointing at a
 * shared open file (dup shares the offset and flags, as on Unix; the
 * close-on-exec bit belongs to the descriptor), and open(2) itself.
 */
#include "fs/fs_int.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

struct fs_file *fs_file_get(int fd)
{
    if (fd < 0 || fd >= FS_FD_MAX)
        return NULL;
    return fs_st.fd[fd];
}

int fs_fd_install(struct fs_file *f, int min, int cloexec)
{
    if (min < 0)
        return -EINVAL;
    for (int i = min; i < FS_FD_MAX; i++)
        if (!fs_st.fd[i]) {
            fs_st.fd[i] = f;
            fs_st.cloexec[i] = cloexec != 0;
            f->refs++;
            return i;
        }
    return -EMFILE;
}

struct fs_file *fs_file_new(struct fs_node *n, int flags)
{
    struct fs_file *f = kcalloc(1, sizeof(*f));
    if (!f)
        return NULL;
    /* As Linux: the creation flags are not part of the file's flags. */
    f->flags = flags & ~(FS_O_CLOEXEC | FS_O_CREAT | FS_O_EXCL | FS_O_NOCTTY |
                         FS_O_TRUNC);
    f->node = n;
    if (n)
        n->refs++;
    return f;
}

void fs_file_put(struct fs_file *f)
{
    if (--f->refs > 0)
        return;
    if (f->pipe)
        fs_pipe_close(f);
    fs_node_put(f->node);
    kfree(f);
}

int fs_close(int fd)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f)
        return -EBADF;
    fs_st.fd[fd] = NULL;
    fs_st.cloexec[fd] = 0;
    fs_file_put(f);
    return 0;
}

int fs_dup(int fd, int min, int cloexec)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f)
        return -EBADF;
    if (min >= FS_FD_MAX)
        return -EINVAL;
    return fs_fd_install(f, min, cloexec);
}

int fs_dup3(int fd, int to, int cloexec)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f || to < 0 || to >= FS_FD_MAX)
        return -EBADF;
    if (fd == to)
        return -EINVAL; /* dup3; dup2 answers this case itself */
    f->refs++;
    if (fs_st.fd[to])
        fs_close(to);
    fs_st.fd[to] = f;
    fs_st.cloexec[to] = cloexec != 0;
    return to;
}

int fs_get_cloexec(int fd)
{
    return fs_file_get(fd) ? fs_st.cloexec[fd] : -EBADF;
}

int fs_set_cloexec(int fd, int on)
{
    if (!fs_file_get(fd))
        return -EBADF;
    fs_st.cloexec[fd] = on != 0;
    return 0;
}

int fs_get_flags(int fd)
{
    struct fs_file *f = fs_file_get(fd);
    return f ? f->flags : -EBADF;
}

int fs_set_flags(int fd, int flags)
{
    struct fs_file *f = fs_file_get(fd);
    if (!f)
        return -EBADF;
    const int ch = FS_O_APPEND | FS_O_NONBLOCK;
    f->flags = (f->flags & ~ch) | (flags & ch);
    return 0;
}

/* The node (w) names after O_CREAT: the existing one or a new file. */
static int create(struct fs_walk *w, int flags, unsigned mode)
{
    if (w->node) {
        if ((flags & FS_O_EXCL))
            return -EEXIST;
        return 0;
    }
    if (w->slash)
        return -EISDIR;
    if (w->dir->fsid != FS_DEV_TMP)
        return -EROFS;
    if (!w->dir->linked)
        return -ENOENT;
    struct fs_node *n =
        fs_node_new(w->name, strlen(w->name),
                    FS_S_IFREG | (mode & 07777 & ~fs_st.umask), FS_DEV_TMP);
    if (!n)
        return -ENOSPC;
    fs_node_link(w->dir, n);
    w->node = n;
    return 0;
}

/* "", "." or "..": a last component that is no name of its own. */
static int is_dots(const char *c)
{
    return !c[0] || !strcmp(c, ".") || !strcmp(c, "..");
}

/* May (n) be opened with (flags)? */
static int check_open(struct fs_node *n, int flags)
{
    int acc = flags & FS_O_ACCMODE, wr = acc != FS_O_RDONLY;
    if (acc == FS_O_ACCMODE)
        return -EINVAL;
    if (flags & FS_O_PATH)
        return (flags & FS_O_DIRECTORY) && !FS_ISDIR(n) ? -ENOTDIR : 0;
    if (FS_ISLNK(n))
        return -ELOOP; /* O_NOFOLLOW on a symlink */
    if ((flags & FS_O_DIRECTORY) && !FS_ISDIR(n))
        return -ENOTDIR;
    if (FS_ISDIR(n) && (wr || (flags & FS_O_CREAT)))
        return -EISDIR;
    if (FS_ISREG(n) && (wr || (flags & FS_O_TRUNC)) && n->fsid != FS_DEV_TMP)
        return -EROFS;
    return 0;
}

int fs_open(int dirfd, const char *path, int flags, unsigned mode)
{
    return fs_openat2(dirfd, path, flags, mode, 0);
}

int fs_openat2(int dirfd, const char *path, int flags, unsigned mode,
               unsigned resolve)
{
    struct fs_walk w;
    if ((resolve & FS_RESOLVE_BENEATH) && (resolve & FS_RESOLVE_IN_ROOT))
        return -EINVAL;
    if ((flags & FS_O_TMPFILE) == FS_O_TMPFILE)
        return -EOPNOTSUPP;
    int follow = !(flags & FS_O_NOFOLLOW) &&
                 !((flags & FS_O_CREAT) && (flags & FS_O_EXCL));
    size_t len = strnlen(path, FS_PATH_MAX);
    if ((flags & FS_O_CREAT) && len && path[len - 1] == '/') {
        /* Linux: -EISDIR whatever the name is, once its parent is found;
         * "/", "." and ".." go on (-EEXIST with O_EXCL, else -EISDIR). */
        int r = fs_walk_how(dirfd, path, FS_WALK_PARENT, resolve, &w);
        if (r)
            return r;
        if (!is_dots(w.name))
            return -EISDIR;
    }
    int r = fs_walk_how(dirfd, path, follow, resolve, &w);
    if (r)
        return r;
    if ((flags & FS_O_CREAT) && !(flags & FS_O_PATH))
        r = create(&w, flags, mode);
    else if (!w.node)
        r = -ENOENT;
    if (!r)
        r = check_open(w.node, flags);
    if (r)
        return r;
    if (w.node->alias && !(flags & FS_O_PATH)) {
        r = fs_dup(w.node->alias - 1, 0, flags & FS_O_CLOEXEC);
        return r == -EBADF ? -ENOENT : r;
    }
    if ((flags & FS_O_TRUNC) && FS_ISREG(w.node) && !(flags & FS_O_PATH) &&
        w.node->size) {
        r = fs_node_resize(w.node, 0);
        if (r)
            return r;
    }
    struct fs_file *f = fs_file_new(w.node, flags);
    if (!f)
        return -ENOMEM;
    r = fs_fd_install(f, 0, flags & FS_O_CLOEXEC);
    if (r < 0) {
        f->refs = 1;
        fs_file_put(f);
    }
    return r;
}
