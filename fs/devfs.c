/* SPDX-License-Identifier: MIT */
/*
 * fs devfs: the built-in character devices of /dev and the registration of
 * the kernel's devices. /dev/console and /dev/tty are the same terminal:
 * the host's console_read/console_write hooks. /dev/full fails writes with
 * -ENOSPC as on Linux, which programs use to test their error paths.
 * /dev/stdin, stdout and stderr stand for descriptors 0, 1 and 2: opening
 * one duplicates that descriptor (Linux reopens /proc/self/fd/N; for the
 * console and pipes the difference is only a shared offset).
 */
#include "fs/fs_int.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

static long null_read(void *ctx, void *buf, size_t n, uint64_t off)
{
    (void)ctx, (void)buf, (void)n, (void)off;
    return 0;
}

static long sink_write(void *ctx, const void *buf, size_t n, uint64_t off)
{
    (void)ctx, (void)buf, (void)off;
    return (long)n;
}

static long zero_read(void *ctx, void *buf, size_t n, uint64_t off)
{
    (void)ctx, (void)off;
    memset(buf, 0, n);
    return (long)n;
}

static long full_write(void *ctx, const void *buf, size_t n, uint64_t off)
{
    (void)ctx, (void)buf, (void)n, (void)off;
    return -ENOSPC;
}

static long random_read(void *ctx, void *buf, size_t n, uint64_t off)
{
    (void)ctx, (void)off;
    if (!fs_st.host || !fs_st.host->random)
        return -EIO;
    fs_st.host->random(buf, n);
    return (long)n;
}

static long console_read(void *ctx, void *buf, size_t n, uint64_t off)
{
    (void)ctx, (void)off;
    if (!fs_st.host || !fs_st.host->console_read)
        return 0;
    return fs_st.host->console_read(buf, n);
}

static long console_write(void *ctx, const void *buf, size_t n, uint64_t off)
{
    (void)ctx, (void)off;
    if (!fs_st.host || !fs_st.host->console_write)
        return (long)n;
    return fs_st.host->console_write(buf, n);
}

static const struct fs_dev_ops null_ops = {null_read, sink_write, 0, 0};
static const struct fs_dev_ops zero_ops = {zero_read, sink_write, 0, 0};
static const struct fs_dev_ops full_ops = {zero_read, full_write, 0, 0};
static const struct fs_dev_ops random_ops = {random_read, sink_write, 0, 0};
static const struct fs_dev_ops console_ops = {console_read, console_write, 0,
                                              0};

static struct fs_node *dev_dir;

/* Registered devices outlive the tree: drivers may probe before fs_init,
 * and each fs_init puts them all back into the new /dev. */
static struct {
    char name[FS_DEV_NAME_MAX + 1];
    const struct fs_dev_ops *ops;
    void *ctx;
} reg[FS_DEV_MAX];

static int add(const char *name, const struct fs_dev_ops *ops, void *ctx,
               int tty, int alias)
{
    size_t n = strlen(name);
    if (fs_node_lookup(dev_dir, name, n))
        return -EEXIST;
    uint32_t type = ops->block ? FS_S_IFBLK : FS_S_IFCHR;
    struct fs_node *d = fs_node_new(name, n, type | 0666, FS_DEV_DEV);
    if (!d)
        return -ENOMEM;
    d->ops = ops;
    d->ctx = ctx;
    d->tty = tty;
    d->alias = alias;
    fs_node_link(dev_dir, d);
    return 0;
}

static const struct {
    const char *name;
    const struct fs_dev_ops *ops;
    int tty, alias;
} builtin[] = {
    {"null", &null_ops, 0, 0},     {"zero", &zero_ops, 0, 0},
    {"full", &full_ops, 0, 0},     {"urandom", &random_ops, 0, 0},
    {"random", &random_ops, 0, 0}, {"console", &console_ops, 1, 0},
    {"tty", &console_ops, 1, 0},   {"stdin", &null_ops, 0, 1},
    {"stdout", &null_ops, 0, 2},   {"stderr", &null_ops, 0, 3},
};
#define NBUILTIN (sizeof(builtin) / sizeof(builtin[0]))

static int taken(const char *name)
{
    for (size_t i = 0; i < NBUILTIN; i++)
        if (!strcmp(name, builtin[i].name))
            return 1;
    for (int i = 0; i < FS_DEV_MAX; i++)
        if (reg[i].ops && !strcmp(name, reg[i].name))
            return 1;
    return 0;
}

int fs_dev_add(const char *name, const struct fs_dev_ops *ops, void *ctx)
{
    size_t n = strnlen(name, FS_DEV_NAME_MAX + 1);
    if (!ops || n == 0 || n > FS_DEV_NAME_MAX || strchr(name, '/') ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return -EINVAL;
    if (taken(name))
        return -EEXIST;
    int i = 0;
    while (i < FS_DEV_MAX && reg[i].ops)
        i++;
    if (i == FS_DEV_MAX)
        return -ENOSPC;
    if (dev_dir) {
        int r = add(name, ops, ctx, 0, 0);
        if (r)
            return r;
    }
    memcpy(reg[i].name, name, n + 1);
    reg[i].ops = ops;
    reg[i].ctx = ctx;
    return 0;
}

void fs_dev_forget(void)
{
    memset(reg, 0, sizeof(reg));
}

int fs_devfs_populate(struct fs_node *dev)
{
    dev_dir = dev;
    for (size_t i = 0; dev && i < NBUILTIN; i++) {
        int r = add(builtin[i].name, builtin[i].ops, NULL, builtin[i].tty,
                    builtin[i].alias);
        if (r)
            return r;
    }
    for (int i = 0; dev && i < FS_DEV_MAX; i++) {
        int r = reg[i].ops ? add(reg[i].name, reg[i].ops, reg[i].ctx, 0, 0) : 0;
        if (r)
            return r;
    }
    return 0;
}
