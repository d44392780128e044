/* SPDX-License-Identifier: MIT */
/*
 * tree: the file tree of the initrd, gathered from the application,
 * --file and --dir, then written as one cpio archive. Guest paths are
 * checked (absolute, no "." or ".." components, no empty ones, names of at
 * most 255 bytes) and must be unique; missing parent directories are
 * added; members are sorted by name, so parents come before children and
 * the archive does not depend on the order of the options.
 */
#include "tools/skiff/skiff.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_GUEST 255
#define PATH_MAX_GUEST 4095

static struct skiff_tree_ent *find(struct skiff_tree *t, const char *guest)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->e[i].guest, guest))
            return &t->e[i];
    return NULL;
}

int skiff_tree_check_path(const char *guest, char *why, size_t whylen)
{
    size_t len = strlen(guest);
    if (guest[0] != '/') {
        snprintf(why, whylen, "is not absolute (start it with /)");
        return -1;
    }
    if (len > PATH_MAX_GUEST) {
        snprintf(why, whylen, "is longer than %d bytes", PATH_MAX_GUEST);
        return -1;
    }
    if (len == 1)
        return 0;
    for (const char *c = guest + 1;;) {
        size_t n = strcspn(c, "/");
        if (n == 0 || (n == 1 && c[0] == '.') ||
            (n == 2 && c[0] == '.' && c[1] == '.')) {
            snprintf(why, whylen, "has an empty, '.' or '..' component");
            return -1;
        }
        if (n > NAME_MAX_GUEST) {
            snprintf(why, whylen, "has a component over %d bytes",
                     NAME_MAX_GUEST);
            return -1;
        }
        if (!c[n])
            return 0;
        c += n + 1;
    }
}

static struct skiff_tree_ent *add(struct skiff_tree *t, const char *guest,
                                  unsigned mode, const char *origin)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->e = realloc(t->e, t->cap * sizeof *t->e);
        if (!t->e) {
            skiff_error("out of memory");
            abort();
        }
    }
    struct skiff_tree_ent *e = &t->e[t->n++];
    *e = (struct skiff_tree_ent){.guest = skiff_xstrdup(guest),
                                 .mode = mode,
                                 .origin = skiff_xstrdup(origin)};
    return e;
}

/* Refuse a second entry at (guest), except a directory met twice. */
static int clash(struct skiff_tree *t, const char *guest, unsigned mode,
                 const char *origin)
{
    struct skiff_tree_ent *o = find(t, guest);
    if (!o)
        return 0;
    if (S_ISDIR(o->mode) && S_ISDIR(mode))
        return 1;
    skiff_error("%s: guest path %s is already taken by %s", origin, guest,
                o->origin);
    return -1;
}

int skiff_tree_add_dir(struct skiff_tree *t, const char *guest,
                       const char *origin)
{
    int c = clash(t, guest, S_IFDIR | 0755, origin);
    if (c)
        return c < 0 ? SKIFF_EXIT_ERROR : 0;
    add(t, guest, S_IFDIR | 0755, origin);
    return 0;
}

int skiff_tree_add_data(struct skiff_tree *t, const char *guest, unsigned mode,
                        const void *data, size_t len, const char *origin)
{
    if (clash(t, guest, mode, origin))
        return SKIFF_EXIT_ERROR;
    struct skiff_tree_ent *e = add(t, guest, mode, origin);
    e->data = skiff_xmalloc(len);
    if (len)
        memcpy(e->data, data, len);
    e->len = len;
    return 0;
}

/* One host object: a regular file (its permissions kept, owner's execute
 * bit deciding 0755 or 0644), a directory, or a symlink: kept as one inside
 * a --dir tree, followed when named by --file (as cp does), since a link
 * copied alone would point at nothing in the guest. */
static int add_host(struct skiff_tree *t, const char *host, const char *guest,
                    const char *origin, bool follow)
{
    struct stat st;
    if ((follow ? stat(host, &st) : lstat(host, &st)) < 0) {
        skiff_error("%s: %s: %s", origin, host, strerror(errno));
        return errno == ENOENT ? SKIFF_EXIT_NOT_FOUND : SKIFF_EXIT_ERROR;
    }
    if (S_ISDIR(st.st_mode))
        return skiff_tree_add_dir(t, guest, origin);
    if (S_ISLNK(st.st_mode)) { /* only without follow */
        char target[PATH_MAX_GUEST + 1];
        ssize_t n = readlink(host, target, sizeof target - 1);
        if (n <= 0) {
            skiff_error("%s: cannot read symlink %s", origin, host);
            return SKIFF_EXIT_ERROR;
        }
        return skiff_tree_add_data(t, guest, S_IFLNK | 0777, target, (size_t)n,
                                   origin);
    }
    if (!S_ISREG(st.st_mode)) {
        skiff_error("%s: %s is not a regular file, directory or symlink",
                    origin, host);
        return SKIFF_EXIT_ERROR;
    }
    uint8_t *buf;
    size_t len;
    int rc = skiff_read_file(host, &buf, &len);
    if (rc) {
        skiff_error("%s: cannot read %s: %s", origin, host, strerror(-rc));
        return SKIFF_EXIT_ERROR;
    }
    unsigned perm = st.st_mode & S_IXUSR ? 0755 : 0644;
    rc = skiff_tree_add_data(t, guest, S_IFREG | perm, buf, len, origin);
    free(buf);
    return rc;
}

int skiff_tree_add_file(struct skiff_tree *t, const char *host,
                        const char *guest, const char *origin)
{
    struct stat st;
    if (stat(host, &st) == 0 && S_ISDIR(st.st_mode)) {
        skiff_error("%s: %s is a directory (use --dir)", origin, host);
        return SKIFF_EXIT_ERROR;
    }
    return add_host(t, host, guest, origin, true);
}

int skiff_tree_add_tree(struct skiff_tree *t, const char *host,
                        const char *guest, const char *origin)
{
    struct stat st;
    if (stat(host, &st) < 0) {
        skiff_error("%s: %s: %s", origin, host, strerror(errno));
        return errno == ENOENT ? SKIFF_EXIT_NOT_FOUND : SKIFF_EXIT_ERROR;
    }
    if (!S_ISDIR(st.st_mode)) {
        skiff_error("%s: %s is not a directory (use --file)", origin, host);
        return SKIFF_EXIT_ERROR;
    }
    int rc = skiff_tree_add_dir(t, guest, origin);
    DIR *d = rc ? NULL : opendir(host);
    if (!rc && !d) {
        skiff_error("%s: cannot list %s: %s", origin, host, strerror(errno));
        return SKIFF_EXIT_ERROR;
    }
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        struct skiff_buf h = {0}, g = {0};
        skiff_buf_add(&h, "%s/%s", host, de->d_name);
        skiff_buf_add(&g, "%s/%s", strcmp(guest, "/") ? guest : "", de->d_name);
        char why[64];
        if (skiff_tree_check_path(g.p, why, sizeof why)) {
            skiff_error("%s: guest path %s %s", origin, g.p, why);
            rc = SKIFF_EXIT_ERROR;
        } else if (lstat(h.p, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = skiff_tree_add_tree(t, h.p, g.p, origin);
        } else {
            rc = add_host(t, h.p, g.p, origin, false);
        }
        skiff_buf_free(&h);
        skiff_buf_free(&g);
    }
    if (d)
        closedir(d);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    const struct skiff_tree_ent *x = a, *y = b;
    return strcmp(x->guest, y->guest);
}

/* Every entry's parent directories exist as entries. */
static int add_parents(struct skiff_tree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        char *p = skiff_xstrdup(t->e[i].guest);
        for (char *s = strrchr(p, '/'); s && s > p; s = strrchr(p, '/')) {
            *s = '\0';
            struct skiff_tree_ent *o = find(t, p);
            if (o && !S_ISDIR(o->mode)) {
                skiff_error("%s: %s needs %s to be a directory, but %s "
                            "puts a file there",
                            t->e[i].origin, t->e[i].guest, p, o->origin);
                free(p);
                return SKIFF_EXIT_ERROR;
            }
            if (!o)
                add(t, p, S_IFDIR | 0755, t->e[i].origin);
        }
        free(p);
    }
    return 0;
}

int skiff_tree_cpio(struct skiff_tree *t, struct skiff_buf *out)
{
    int rc = add_parents(t);
    if (rc)
        return rc;
    qsort(t->e, t->n, sizeof *t->e, by_name);
    struct skiff_cpio c = {0};
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->e[i].guest, "/"))
            skiff_cpio_add(&c, t->e[i].guest, t->e[i].mode, t->e[i].data,
                           t->e[i].len);
    skiff_cpio_end(&c);
    *out = c.out;
    return 0;
}

void skiff_tree_free(struct skiff_tree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->e[i].guest);
        free(t->e[i].origin);
        free(t->e[i].data);
    }
    free(t->e);
    *t = (struct skiff_tree){0};
}
