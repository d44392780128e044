/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the initrd loader (fs/cpio.c) and everything that
 * reads the tree it builds: fs_init on arbitrary bytes, then a walk of the
 * whole tree from / through getdents, stat, lstat, readlink, open, read,
 * fs_map_file and path resolution (symlink loops included), and finally
 * fs_fini, so LeakSanitizer sees every node freed. The harness checks the
 * documented limits and traps when one is broken; ASan catches any read
 * outside the input, which the loader must never make since file data is
 * used in place.
 *
 * Build: make build/fuzz/fuzz_cpio. Seeds: tests/fuzz/corpus/cpio/ (GNU
 * cpio archives, newc and crc).
 */
#include "fs/fs.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *in_lo, *in_hi;

static void check(int ok)
{
    if (!ok)
        __builtin_trap();
}

struct names {
    char (*name)[FS_NAME_MAX + 1];
    int n, cap;
};

static int collect(void *ctx, const struct fs_dirent *e)
{
    struct names *ns = ctx;
    check(strlen(e->name) <= FS_NAME_MAX && strlen(e->name) > 0);
    if (ns->n == ns->cap) {
        int cap = ns->cap ? ns->cap * 2 : 16;
        void *p = realloc(ns->name, (size_t)cap * sizeof(ns->name[0]));
        if (!p)
            return 0;
        ns->name = p;
        ns->cap = cap;
    }
    strcpy(ns->name[ns->n++], e->name);
    return 1;
}

static void visit_file(const char *path, const struct fs_stat *st)
{
    char buf[256];
    const void *p;
    size_t len;
    if ((st->mode & FS_S_IFMT) == FS_S_IFLNK) {
        long r = fs_readlink_at(FS_AT_FDCWD, path, buf, sizeof(buf));
        check(r > 0 && (size_t)r <= sizeof(buf));
    }
    int r = fs_map_file(path, &p, &len);
    if (r == 0 && len)
        check((const uint8_t *)p >= in_lo && (const uint8_t *)p + len <= in_hi);
    int fd = fs_open(FS_AT_FDCWD, path, FS_O_RDONLY, 0);
    if (fd < 0) {
        check(fd == -ELOOP || fd == -ENOENT || fd == -ENOTDIR ||
              fd == -ENAMETOOLONG);
        return;
    }
    long got, total = 0;
    while ((got = fs_read(fd, buf, sizeof(buf))) > 0)
        total += got;
    struct fs_stat fst;
    check(fs_fstat(fd, &fst) == 0);
    check(got == 0 || got == -EISDIR);
    if (got == 0)
        check((uint64_t)total == fst.size);
    check(fs_close(fd) == 0);
}

static void walk(char *path, size_t len, int depth)
{
    struct names ns = {0};
    /* /dev/zero would read forever: devfs is not the loader's output. */
    if (!strcmp(path, "/dev"))
        return;
    int fd =
        fs_open(FS_AT_FDCWD, len ? path : "/", FS_O_RDONLY | FS_O_DIRECTORY, 0);
    if (fd < 0 || depth > 64) {
        if (fd >= 0)
            fs_close(fd);
        return;
    }
    check(fs_getdents(fd, collect, &ns) >= 0);
    fs_close(fd);
    for (int i = 0; i < ns.n; i++) {
        const char *nm = ns.name[i];
        if (!strcmp(nm, ".") || !strcmp(nm, ".."))
            continue;
        size_t l = strlen(nm);
        if (len + 1 + l >= FS_PATH_MAX)
            continue;
        path[len] = '/';
        memcpy(path + len + 1, nm, l + 1);
        struct fs_stat st;
        check(fs_stat_at(FS_AT_FDCWD, path, FS_AT_SYMLINK_NOFOLLOW, &st) == 0);
        if ((st.mode & FS_S_IFMT) == FS_S_IFDIR)
            walk(path, len + 1 + l, depth + 1);
        else
            visit_file(path, &st);
        path[len] = '\0';
    }
    free(ns.name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[FS_PATH_MAX];
    struct diag d = {""};
    /* An exact-size copy, so any read past the input is an ASan error. */
    uint8_t *img = malloc(size ? size : 1);
    if (!img)
        return 0;
    memcpy(img, data, size);
    in_lo = img, in_hi = img + size;
    int r = fs_init(NULL, img, size, &d);
    check(memchr(d.msg, '\0', sizeof(d.msg)) != NULL);
    if (r == 0) {
        path[0] = '\0';
        walk(path, 0, 0);
        char cwd[64];
        check(fs_chdir("/") == 0 && fs_getcwd(cwd, sizeof(cwd)) == 2);
    } else {
        check(r == -EINVAL && d.msg[0] != '\0');
    }
    fs_fini();
    free(img);
    return 0;
}
