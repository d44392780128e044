/* SPDX-License-Identifier: MIT */
/*
 * fs internals: the node tree, open files and the module's state, shared by
 * the files of fs/ and by nothing else.
 *
 * Every file, directory, symlink and device is a struct fs_node. A node is
 * freed when it is neither in the tree (linked) nor referenced by an open
 * file or the working directory (refs), so an unlinked file stays readable
 * through its descriptors, as on Unix.
 */
#ifndef SKIFF_FS_INT_H
#define SKIFF_FS_INT_H
#include "fs/fs.h"

#include <stddef.h>
#include <stdint.h>

/* st_dev of each subtree; writes are allowed only on FS_DEV_TMP. */
enum { FS_DEV_ROOT = 1, FS_DEV_TMP = 2, FS_DEV_DEV = 3, FS_DEV_PROC = 4 };

struct fs_node {
    char *name;
    struct fs_node *parent; /* the directory it is in; root: itself */
    struct fs_node *child, *last, *next; /* directory entries, in order */
    uint32_t mode;
    uint32_t fsid; /* FS_DEV_* */
    uint64_t ino;
    int linked, refs;
    int implied; /* directory made for a path, not yet seen in the cpio */
    int archive; /* which of concatenated cpio archives made it (1, 2 ..) */
    int tty;     /* the console: ioctl answers */
    int alias;   /* /dev/stdin ...: opening it dups fd (alias - 1) */
    /* Regular files and symlinks: contents. (buf) is the node's own heap
     * buffer (ramfs), NULL when (data) points into the initrd. */
    const uint8_t *data;
    uint8_t *buf;
    uint64_t size, cap;
    /* Devices. */
    const struct fs_dev_ops *ops;
    void *ctx;
    uint64_t atime, mtime, ctime;
};

struct fs_pipe {
    uint8_t *buf;
    size_t head, len;
    int readers, writers;
};

struct fs_file {
    int refs;  /* descriptors sharing it (dup) */
    int flags; /* open flags, O_CLOEXEC dropped */
    uint64_t off;
    struct fs_node *node; /* NULL for a pipe end */
    struct fs_pipe *pipe;
    int pipe_write; /* which end */
};

struct fs_state {
    const struct fs_host *host;
    struct fs_node *root, *cwd, *exe;
    struct fs_file *fd[FS_FD_MAX];
    uint8_t cloexec[FS_FD_MAX];
    uint64_t next_ino;
    unsigned umask;
};

extern struct fs_state fs_st;

#define FS_ISDIR(n) (((n)->mode & FS_S_IFMT) == FS_S_IFDIR)
#define FS_ISREG(n) (((n)->mode & FS_S_IFMT) == FS_S_IFREG)
#define FS_ISLNK(n) (((n)->mode & FS_S_IFMT) == FS_S_IFLNK)
#define FS_ISDEV(n)                                                            \
    (((n)->mode & FS_S_IFMT) == FS_S_IFCHR ||                                  \
     ((n)->mode & FS_S_IFMT) == FS_S_IFBLK)

/* node.c */
uint64_t fs_now(void);
/* A new node named (name, len) (not linked anywhere yet), or NULL. */
struct fs_node *fs_node_new(const char *name, size_t len, uint32_t mode,
                            uint32_t fsid);
struct fs_node *fs_node_lookup(const struct fs_node *dir, const char *name,
                               size_t len);
void fs_node_link(struct fs_node *dir, struct fs_node *n);
void fs_node_unlink(struct fs_node *n); /* frees it when nothing refers */
void fs_node_put(struct fs_node *n);    /* drop a ref, maybe free */
void fs_node_free_tree(struct fs_node *n);
uint64_t fs_node_nlink(const struct fs_node *n);
void fs_node_stat(const struct fs_node *n, struct fs_stat *st);
/* Regular file in /tmp: make its size (len), zero-filling. 0 or -errno. */
int fs_node_resize(struct fs_node *n, uint64_t len);

/* path.c: resolve a path. */
struct fs_walk {
    struct fs_node *dir;  /* directory holding the last component */
    struct fs_node *node; /* what the path names; NULL if it does not exist */
    char name[FS_NAME_MAX + 1]; /* the last component ("" for "/") */
    int slash;                  /* the path ended in '/' */
    int notdir; /* the error is -ENOTDIR because of that '/' alone */
};
/* (follow) of the walks: 0 keeps a final symlink unless the path ends in
 * '/', 1 follows it, FS_WALK_PARENT never follows it and leaves a trailing
 * '/' on a non-directory to the caller (notdir set, no error), as Linux
 * does for the calls that create, remove or rename the name itself. */
#define FS_WALK_PARENT 2
/* One lookup's state: the node "/" and a scoped ".." stop at (the
 * starting directory under RESOLVE_BENEATH or RESOLVE_IN_ROOT, else the
 * root), the FS_RESOLVE_* rules, the symlinks followed so far. */
struct fs_lookup {
    struct fs_node *root;
    unsigned resolve;
    int links;
};
/* Resolve (path) from directory fd (dirfd); follow a final symlink when
 * (follow). A missing last component is not an error (node NULL). Returns
 * 0, -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -EBADF. */
int fs_walk_at(int dirfd, const char *path, int follow, struct fs_walk *w);
/* The same under openat2's FS_RESOLVE_* rules (resolve); -EXDEV or
 * -ELOOP when one forbids a step (fs.h). */
int fs_walk_how(int dirfd, const char *path, int follow, unsigned resolve,
                struct fs_walk *w);
/* The same from a node, over (p, len), in lookup (lk). */
int fs_walk(struct fs_node *start, const char *p, size_t len, int follow,
            struct fs_lookup *lk, struct fs_walk *w);
/* The non-directory (path) names, following symlinks: 0, -ENOENT,
 * -EISDIR or a resolution error. */
int fs_walk_file(const char *path, struct fs_node **n);
/* Build the absolute path of (n) into buf[size]; length or -ERANGE. */
long fs_node_path(const struct fs_node *n, char *buf, size_t size);

/* cpio.c */
int fs_cpio_load(struct fs_node *root, const void *buf, size_t len,
                 struct diag *d);

/* devfs.c */
int fs_devfs_populate(struct fs_node *dev);

/* fd.c */
struct fs_file *fs_file_get(int fd);
int fs_fd_install(struct fs_file *f, int min, int cloexec);
struct fs_file *fs_file_new(struct fs_node *n, int flags);
void fs_file_put(struct fs_file *f);

/* pipe.c */
long fs_pipe_read(struct fs_file *f, void *buf, size_t n);
long fs_pipe_write(struct fs_file *f, const void *buf, size_t n);
void fs_pipe_close(struct fs_file *f);

#endif
