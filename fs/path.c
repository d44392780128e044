/* SPDX-License-Identifier: MIT */
/*
 * fs paths: resolution of a path to a node, as path_resolution(7) describes:
 * components split on any run of '/', "." stays, ".." goes to the parent
 * (the root is its own parent), a symlink met in the middle is always
 * followed and the last one when asked (or when the path ends in '/',
 * except for the calls that act on the name itself: FS_WALK_PARENT),
 * at most FS_LINK_MAX symlinks per lookup (-ELOOP). A symlink's target is
 * resolved from the directory holding the link, by recursion bounded by
 * that same limit.
 *
 * openat2(2)'s RESOLVE_* rules (fs.h) are checked at each step, as Linux's
 * fs/namei.c does: the scope of RESOLVE_BENEATH and RESOLVE_IN_ROOT is the
 * starting directory (lk->root); leaving it by an absolute path or symlink
 * or by ".." is -EXDEV under BENEATH, while IN_ROOT pins "/" and ".." at
 * it. A mount is crossed where a node's fsid differs from its parent's
 * (/tmp, /dev, /proc): -EXDEV under RESOLVE_NO_XDEV. The symlinks of /proc
 * (/proc/self/exe) are the magic links.
 */
#include "fs/fs_int.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define SCOPED (FS_RESOLVE_BENEATH | FS_RESOLVE_IN_ROOT)

/* The result of following the symlink (ln) found in (dir). */
static int follow_link(struct fs_node *dir, const struct fs_node *ln,
                       struct fs_lookup *lk, struct fs_walk *w)
{
    if (++lk->links > FS_LINK_MAX || (lk->resolve & FS_RESOLVE_NO_SYMLINKS))
        return -ELOOP;
    if (ln->fsid == FS_DEV_PROC) { /* Linux: nd_jump_link */
        if (lk->resolve & FS_RESOLVE_NO_MAGICLINKS)
            return -ELOOP;
        if (lk->resolve & SCOPED)
            return -EXDEV;
    }
    const char *t = (const char *)ln->data;
    if (ln->size && t[0] == '/' && (lk->resolve & FS_RESOLVE_NO_XDEV) &&
        dir->fsid != lk->root->fsid)
        return -EXDEV; /* the jump to the root crosses a mount */
    return fs_walk(dir, t, ln->size, 1, lk, w);
}

/* Where component (c, n) leads from (cur): 0 and (*next), NULL when it
 * does not exist; -EXDEV when a RESOLVE_* rule forbids the step. */
static int step(struct fs_node *cur, const char *c, size_t n,
                const struct fs_lookup *lk, struct fs_node **next)
{
    struct fs_node *to;
    if (n == 1 && c[0] == '.') {
        to = cur;
    } else if (n == 2 && c[0] == '.' && c[1] == '.') {
        if (cur == lk->root && (lk->resolve & FS_RESOLVE_BENEATH))
            return -EXDEV;
        to = cur == lk->root ? cur : cur->parent;
    } else {
        to = fs_node_lookup(cur, c, n);
    }
    if (to && (lk->resolve & FS_RESOLVE_NO_XDEV) && to->fsid != cur->fsid)
        return -EXDEV;
    *next = to;
    return 0;
}

/* The last component (c, n) names (child) in (cur): fill (w). */
static int finish(struct fs_node *cur, struct fs_node *child, const char *c,
                  size_t n, int slash, int follow, struct fs_walk *w)
{
    w->dir = cur;
    w->node = child;
    memcpy(w->name, c, n);
    w->name[n] = '\0';
    w->slash = slash;
    w->notdir = child && slash && !FS_ISDIR(child);
    return w->notdir && follow != FS_WALK_PARENT ? -ENOTDIR : 0;
}

int fs_walk(struct fs_node *start, const char *p, size_t len, int follow,
            struct fs_lookup *lk, struct fs_walk *w)
{
    w->notdir = 0;
    if (len == 0)
        return -ENOENT;
    if (p[0] == '/' && (lk->resolve & FS_RESOLVE_BENEATH))
        return -EXDEV;
    struct fs_node *cur = p[0] == '/' ? lk->root : start;
    size_t i = 0;
    while (i < len && p[i] == '/')
        i++;
    if (i == len) /* "/" or "///" */
        return finish(cur, cur, "", 0, 1, follow, w);
    for (;;) {
        size_t j = i;
        while (j < len && p[j] != '/')
            j++;
        size_t k = j;
        while (k < len && p[k] == '/')
            k++;
        int last = k == len, slash = j < len;
        if (j - i > FS_NAME_MAX)
            return -ENAMETOOLONG;
        if (!FS_ISDIR(cur))
            return -ENOTDIR;
        struct fs_node *child;
        int r = step(cur, p + i, j - i, lk, &child);
        if (r)
            return r;
        if (child && FS_ISLNK(child) &&
            (!last || follow == 1 || (slash && follow != FS_WALK_PARENT))) {
            /* (w) doubles as the scratch result: a frame stays small
             * however deep the links nest. */
            r = follow_link(cur, child, lk, w);
            if (r)
                return r;
            if (last) {
                w->slash |= slash;
                w->notdir = w->node && slash && !FS_ISDIR(w->node);
                return w->notdir ? -ENOTDIR : 0;
            }
            if (!w->node)
                return -ENOENT;
            child = w->node;
        }
        if (last)
            return finish(cur, child, p + i, j - i, slash, follow, w);
        if (!child)
            return -ENOENT;
        cur = child;
        i = k;
    }
}

int fs_walk_at(int dirfd, const char *path, int follow, struct fs_walk *w)
{
    return fs_walk_how(dirfd, path, follow, 0, w);
}

int fs_walk_how(int dirfd, const char *path, int follow, unsigned resolve,
                struct fs_walk *w)
{
    size_t len = strnlen(path, FS_PATH_MAX);
    if (len >= FS_PATH_MAX)
        return -ENAMETOOLONG;
    struct fs_node *start = fs_st.cwd;
    int from_fd = path[0] != '/' || (resolve & FS_RESOLVE_IN_ROOT);
    if (from_fd && dirfd != FS_AT_FDCWD) {
        struct fs_file *f = fs_file_get(dirfd);
        if (!f)
            return -EBADF;
        if (!f->node || !FS_ISDIR(f->node))
            return len ? -ENOTDIR : -ENOENT;
        start = f->node;
    }
    struct fs_lookup lk = {(resolve & SCOPED) ? start : fs_st.root, resolve, 0};
    return fs_walk(start, path, len, follow, &lk, w);
}

long fs_node_path(const struct fs_node *n, char *buf, size_t size)
{
    /* Walk up twice: once to measure, once to fill from the end. */
    size_t len = 0;
    for (const struct fs_node *c = n; c != fs_st.root; c = c->parent) {
        if (!c->linked) /* removed */
            return -ENOENT;
        len += strlen(c->name) + 1;
    }
    if (len == 0)
        len = 1;
    if (len + 1 > size)
        return -ERANGE;
    buf[len] = '\0';
    buf[0] = '/';
    size_t end = len;
    for (const struct fs_node *c = n; c != fs_st.root; c = c->parent) {
        size_t l = strlen(c->name);
        end -= l;
        memcpy(buf + end, c->name, l);
        buf[--end] = '/';
    }
    return (long)len;
}

int fs_walk_file(const char *path, struct fs_node **n)
{
    struct fs_walk w;
    int r = fs_walk_at(FS_AT_FDCWD, path, 1, &w);
    if (r)
        return r;
    if (!w.node)
        return -ENOENT;
    if (FS_ISDIR(w.node))
        return -EISDIR;
    *n = w.node;
    return 0;
}
