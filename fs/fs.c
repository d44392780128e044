/* SPDX-License-Identifier: MIT */
/*
 * fs setup: build the tree (initrd, then the /tmp, /dev and /proc mounts
 * over it), open the standard descriptors, and tear it all down again.
 * A mount replaces whatever the archive had at its path, as a real mount
 * hides the directory below it.
 */
#include "fs/fs_int.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

/* Make (name) in the root a fresh directory of file system (fsid). */
static struct fs_node *mount_dir(const char *name, uint32_t mode, uint32_t fsid)
{
    size_t n = strlen(name);
    struct fs_node *old = fs_node_lookup(fs_st.root, name, n);
    if (old)
        fs_node_unlink(old);
    struct fs_node *d = fs_node_new(name, n, FS_S_IFDIR | mode, fsid);
    if (d)
        fs_node_link(fs_st.root, d);
    return d;
}

static int make_proc(void)
{
    struct fs_node *proc = mount_dir("proc", 0555, FS_DEV_PROC);
    if (!proc)
        return -ENOMEM;
    struct fs_node *self =
        fs_node_new("self", 4, FS_S_IFDIR | 0555, FS_DEV_PROC);
    if (!self)
        return -ENOMEM;
    fs_node_link(proc, self);
    fs_st.exe = fs_node_new("exe", 3, FS_S_IFLNK | 0777, FS_DEV_PROC);
    if (!fs_st.exe)
        return -ENOMEM;
    fs_node_link(self, fs_st.exe);
    fs_set_exe("/");
    return 0;
}

static int open_std(void)
{
    for (int i = 0; i < 3; i++) {
        int fd = fs_open(FS_AT_FDCWD, "/dev/console",
                         i ? FS_O_WRONLY : FS_O_RDONLY, 0);
        if (fd != i)
            return fd < 0 ? fd : -EBADF;
    }
    return 0;
}

int fs_init(const struct fs_host *h, const void *initrd, size_t len,
            struct diag *d)
{
    fs_fini();
    fs_st.host = h;
    fs_st.umask = 022;
    fs_st.root = fs_node_new("", 0, FS_S_IFDIR | 0755, FS_DEV_ROOT);
    if (!fs_st.root)
        return -ENOMEM;
    fs_st.root->linked = 1;
    fs_st.cwd = fs_st.root;
    fs_st.root->refs++;
    int r = len ? fs_cpio_load(fs_st.root, initrd, len, d) : 0;
    if (r)
        goto out_fini;
    r = -ENOMEM;
    if (!mount_dir("tmp", 01777, FS_DEV_TMP))
        goto out_fini;
    struct fs_node *dev = mount_dir("dev", 0755, FS_DEV_DEV);
    if (!dev)
        goto out_fini;
    r = fs_devfs_populate(dev);
    if (!r)
        r = make_proc();
    if (!r)
        r = open_std();
    if (r)
        goto out_fini;
    return 0;
out_fini:
    fs_fini();
    return r;
}

void fs_fini(void)
{
    for (int i = 0; i < FS_FD_MAX; i++)
        if (fs_st.fd[i])
            fs_close(i);
    struct fs_node *root = fs_st.root;
    if (fs_st.cwd)
        fs_node_put(fs_st.cwd);
    fs_devfs_populate(NULL);
    if (root) {
        root->linked = 0;
        fs_node_free_tree(root);
    }
    memset(&fs_st, 0, sizeof(fs_st));
}

void fs_set_exe(const char *path)
{
    struct fs_node *e = fs_st.exe;
    size_t n = strnlen(path, FS_PATH_MAX - 1);
    if (!e || n == 0)
        return;
    uint8_t *b = krealloc(e->buf, n);
    if (!b)
        return;
    memcpy(b, path, n);
    e->buf = b;
    e->data = b;
    e->size = n;
}

int fs_map_file(const char *path, const void **data, size_t *len)
{
    struct fs_node *n;
    int r = fs_walk_file(path, &n);
    if (r)
        return r;
    if (!FS_ISREG(n))
        return -EACCES;
    *data = n->data;
    *len = n->size;
    return 0;
}
