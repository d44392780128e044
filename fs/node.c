/* SPDX-License-Identifier: MIT */
/*
 * fs nodes: allocation, directory entries and lifetime. Directories keep
 * their entries in a singly linked list in creation order, so a directory
 * read by position (getdents) sees a stable order while files are added.
 * Lookups are linear: the initrds and /tmp trees Skiff serves are small.
 */
#include "fs/fs_int.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

struct fs_state fs_st;

uint64_t fs_now(void)
{
    return fs_st.host && fs_st.host->now_ns ? fs_st.host->now_ns() : 0;
}

struct fs_node *fs_node_new(const char *name, size_t len, uint32_t mode,
                            uint32_t fsid)
{
    struct fs_node *n = kcalloc(1, sizeof(*n));
    if (!n)
        return NULL;
    n->name = kmalloc(len + 1);
    if (!n->name) {
        kfree(n);
        return NULL;
    }
    memcpy(n->name, name, len);
    n->name[len] = '\0';
    n->mode = mode;
    n->fsid = fsid;
    n->ino = ++fs_st.next_ino;
    n->parent = n;
    n->atime = n->mtime = n->ctime = fs_now();
    return n;
}

struct fs_node *fs_node_lookup(const struct fs_node *dir, const char *name,
                               size_t len)
{
    for (struct fs_node *c = dir->child; c; c = c->next)
        if (strnlen(c->name, len + 1) == len && memcmp(c->name, name, len) == 0)
            return c;
    return NULL;
}

void fs_node_link(struct fs_node *dir, struct fs_node *n)
{
    n->parent = dir;
    n->next = NULL;
    if (dir->last)
        dir->last->next = n;
    else
        dir->child = n;
    dir->last = n;
    n->linked = 1;
    dir->mtime = dir->ctime = fs_now();
}

static void node_free(struct fs_node *n)
{
    kfree(n->buf);
    kfree(n->name);
    kfree(n);
}

void fs_node_put(struct fs_node *n)
{
    if (n && --n->refs <= 0 && !n->linked)
        fs_node_free_tree(n);
}

void fs_node_unlink(struct fs_node *n)
{
    struct fs_node *dir = n->parent, **pp = &dir->child, *prev = NULL;
    while (*pp && *pp != n) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    if (*pp) {
        *pp = n->next;
        if (dir->last == n)
            dir->last = prev;
    }
    n->next = NULL;
    n->linked = 0;
    n->parent = n; /* ".." of a removed directory must not reach a freed one */
    dir->mtime = dir->ctime = fs_now();
    if (n->refs <= 0)
        fs_node_free_tree(n);
}

/* Free (n) and, for a directory, every entry in it; entries still open
 * are detached instead and freed by their last fs_node_put. */
void fs_node_free_tree(struct fs_node *n)
{
    struct fs_node *c = n->child;
    while (c) {
        struct fs_node *next = c->next;
        c->linked = 0;
        c->next = NULL;
        c->parent = c;
        if (c->refs <= 0)
            fs_node_free_tree(c);
        c = next;
    }
    n->child = n->last = NULL;
    if (n->refs <= 0)
        node_free(n);
}

uint64_t fs_node_nlink(const struct fs_node *n)
{
    if (!FS_ISDIR(n))
        return n->linked ? 1 : 0;
    uint64_t k = 2;
    for (const struct fs_node *c = n->child; c; c = c->next)
        k += FS_ISDIR(c);
    return k;
}

void fs_node_stat(const struct fs_node *n, struct fs_stat *st)
{
    memset(st, 0, sizeof(*st));
    st->dev = n->fsid;
    st->ino = n->ino;
    st->mode = n->mode;
    st->nlink = fs_node_nlink(n);
    st->size = n->size;
    if (FS_ISDEV(n)) {
        /* rdev: Linux's virtio-blk major (254) or misc char major (1). */
        st->rdev =
            ((n->ops && n->ops->block) ? 254u : 1u) << 8 | (n->ino & 0xff);
        st->size =
            n->ops && n->ops->block && n->ops->size ? n->ops->size(n->ctx) : 0;
    } else if (FS_ISDIR(n)) {
        st->size = 4096;
    }
    st->blksize = 4096;
    st->blocks = (st->size + 511) / 512;
    st->atime_ns = n->atime;
    st->mtime_ns = n->mtime;
    st->ctime_ns = n->ctime;
}

int fs_node_resize(struct fs_node *n, uint64_t len)
{
    if (len > FS_FILE_MAX)
        return -EFBIG;
    if (len > n->cap || !n->buf) {
        uint64_t cap = n->cap ? n->cap : 64;
        while (cap < len)
            cap *= 2;
        uint8_t *b = krealloc(n->buf, cap);
        if (!b)
            return -ENOSPC;
        n->buf = b;
        n->cap = cap;
    }
    if (len > n->size)
        memset(n->buf + n->size, 0, len - n->size);
    n->size = len;
    n->data = n->buf;
    n->mtime = n->ctime = fs_now();
    return 0;
}
