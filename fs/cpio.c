/* SPDX-License-Identifier: MIT */
/*
 * fs cpio: load an initrd in the "newc" format of cpio(5) (`cpio -H newc`,
 * magic 070701; 070702 is the same with a checksum of the data) into the
 * read-only root. Each entry is a 110-byte ASCII header of 13 eight-digit
 * hex fields, the name with its NUL, padding to 4 bytes, the data, padding
 * to 4 bytes. An archive ends at the entry named TRAILER!!!; NUL bytes
 * after it (block padding) are skipped, and anything else must be the next
 * of several concatenated archives (as Linux unpacks an initramfs).
 *
 * File data stays where it is: a node points into the archive.
 *
 * Rules, each failure reported in the diag as "cpio: offset N: reason",
 * N being the byte offset of the entry's header:
 *   - the magic must be 070701 or 070702; every field hex;
 *   - the name size is not 0, the name ends within the archive with its
 *     NUL at namesize - 1, and is shorter than FS_PATH_MAX;
 *   - the data ends within the archive; in 070702 archives a regular
 *     file's data matches its checksum (GNU cpio writes 0 for symlinks);
 *   - names are relative or absolute ("./a", "/a" and "a" are the same);
 *     "." and empty components are dropped, ".." is refused; each
 *     component is at most FS_NAME_MAX bytes; "." alone (the root) is
 *     skipped;
 *   - a name appears once per archive, except that a directory may be
 *     listed after entries inside it (then its mode is taken); a later
 *     archive may list a name again with the same kind (directory or
 *     not): its file replaces the earlier one, its directory's mode wins;
 *   - a parent must be a directory; missing parents are made (0755);
 *   - symlinks have a target of 1 .. FS_PATH_MAX - 1 bytes without NUL;
 *   - device nodes, FIFOs and sockets are skipped (/dev is devfs); any
 *     other type is refused;
 *   - hard links (regular files with nlink > 1 and the same ino, devmajor
 *     and devminor in one archive) share the data cpio stores with the
 *     last of them; each name is its own node (st_nlink 1).
 */
#include "fs/fs_int.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define HDR_LEN 110

enum {
    F_INO,
    F_MODE,
    F_UID,
    F_GID,
    F_NLINK,
    F_MTIME,
    F_FILESIZE,
    F_DEVMAJOR,
    F_DEVMINOR,
    F_RDEVMAJOR,
    F_RDEVMINOR,
    F_NAMESIZE,
    F_CHECK,
    F_COUNT
};

static const char *const field_name[F_COUNT] = {
    "ino",       "mode",     "uid",      "gid",      "nlink",
    "mtime",     "filesize", "devmajor", "devminor", "rdevmajor",
    "rdevminor", "namesize", "check"};

struct entry {
    uint32_t f[F_COUNT];
    const char *name; /* NUL-terminated inside the archive */
    const uint8_t *data;
    int crc;
};

static int hex8(const uint8_t *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

static size_t pad4(size_t x)
{
    return (x + 3) & ~(size_t)3;
}

/* Parse the entry at (off); on success (*next) is the following one. */
static int parse_entry(const uint8_t *b, size_t len, size_t off,
                       struct entry *e, size_t *next, struct diag *d)
{
    if (len - off < HDR_LEN) {
        if (len == off)
            diag_set(d, "cpio: offset %zu: missing TRAILER!!!", off);
        else
            diag_set(d, "cpio: offset %zu: truncated header", off);
        return -EINVAL;
    }
    const uint8_t *h = b + off;
    if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2')) {
        diag_set(d, "cpio: offset %zu: bad magic", off);
        return -EINVAL;
    }
    e->crc = h[5] == '2';
    for (int i = 0; i < F_COUNT; i++)
        if (hex8(h + 6 + 8 * i, &e->f[i])) {
            diag_set(d, "cpio: offset %zu: non-hex %s field", off,
                     field_name[i]);
            return -EINVAL;
        }
    size_t ns = e->f[F_NAMESIZE], fsz = e->f[F_FILESIZE];
    if (ns == 0) {
        diag_set(d, "cpio: offset %zu: name size 0", off);
        return -EINVAL;
    }
    if (ns > len - off - HDR_LEN) {
        diag_set(d, "cpio: offset %zu: name past the end", off);
        return -EINVAL;
    }
    e->name = (const char *)h + HDR_LEN;
    if (ns >= FS_PATH_MAX || strnlen(e->name, ns) != ns - 1) {
        diag_set(d, "cpio: offset %zu: bad name (size %zu)", off, ns);
        return -EINVAL;
    }
    size_t doff = pad4(off + HDR_LEN + ns);
    if (doff > len || fsz > len - doff) {
        diag_set(d, "cpio: offset %zu: file size %zu past the end", off, fsz);
        return -EINVAL;
    }
    e->data = b + doff;
    *next = pad4(doff + fsz);
    if (*next > len)
        *next = len;
    return 0;
}

static const char oom[] = "out of memory";

/* Hard links of one archive: cpio writes the data with the last of the
 * names that share an inode, and size 0 with the others. */
struct links {
    struct {
        uint64_t key;
        struct fs_node *n;
    } * v;
    size_t n, cap;
};

static int links_add(struct links *l, const struct entry *e, struct fs_node *n)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        void *v = krealloc(l->v, cap * sizeof(l->v[0]));
        if (!v)
            return -ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].key =
        (uint64_t)e->f[F_INO] << 32 ^ e->f[F_DEVMAJOR] << 16 ^ e->f[F_DEVMINOR];
    l->v[l->n++].n = n;
    return 0;
}

/* Give every empty name of a hard-linked file its data; forget them. */
static void links_resolve(struct links *l)
{
    for (size_t i = 0; i < l->n; i++)
        for (size_t j = 0; j < l->n && !l->v[i].n->size; j++)
            if (l->v[j].key == l->v[i].key && l->v[j].n->size) {
                l->v[i].n->data = l->v[j].n->data;
                l->v[i].n->size = l->v[j].n->size;
            }
    l->n = 0;
}

/* Find or make the directory (p, n) under (root); NULL and (*why) set
 * when a component exists but is not a directory. */
static struct fs_node *parent_dir(struct fs_node *root, const char *p, size_t n,
                                  int arch, const char **why)
{
    struct fs_node *cur = root;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && p[j] != '/')
            j++;
        struct fs_node *c = fs_node_lookup(cur, p + i, j - i);
        if (!c) {
            c = fs_node_new(p + i, j - i, FS_S_IFDIR | 0755, FS_DEV_ROOT);
            if (!c) {
                *why = oom;
                return NULL;
            }
            c->implied = 1;
            c->archive = arch;
            fs_node_link(cur, c);
        } else if (!FS_ISDIR(c)) {
            *why = "parent is not a directory";
            return NULL;
        }
        cur = c;
        i = j + 1;
    }
    return cur;
}

/* Normalise (name) into (out): drop "./", "/", empty and "." components.
 * Returns the length, or -1 for a ".." or over-long component. */
static long clean_name(const char *name, char *out)
{
    size_t o = 0;
    const char *p = name;
    while (*p) {
        const char *q = p;
        while (*q && *q != '/')
            q++;
        size_t n = (size_t)(q - p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return -1;
        if (n > FS_NAME_MAX)
            return -1;
        if (n && !(n == 1 && p[0] == '.')) {
            if (o)
                out[o++] = '/';
            memcpy(out + o, p, n);
            o += n;
        }
        p = *q ? q + 1 : q;
    }
    out[o] = '\0';
    return (long)o;
}

static int check_sum(const struct entry *e)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < e->f[F_FILESIZE]; i++)
        s += e->data[i];
    return s == e->f[F_CHECK];
}

/* Put entry (e), name cleaned into (p, n), into the tree. */
static const char *add_entry(struct fs_node *root, const struct entry *e,
                             const char *p, size_t n, int arch,
                             struct links *hl)
{
    uint32_t mode = e->f[F_MODE], type = mode & FS_S_IFMT;
    uint64_t size = e->f[F_FILESIZE];
    if (type == FS_S_IFCHR || type == FS_S_IFBLK || type == FS_S_IFIFO ||
        type == FS_S_IFSOCK)
        return NULL;
    if (type != FS_S_IFREG && type != FS_S_IFDIR && type != FS_S_IFLNK)
        return "bad file type";
    if (type == FS_S_IFLNK && (size == 0 || size >= FS_PATH_MAX ||
                               strnlen((const char *)e->data, size) != size))
        return "bad symlink target";
    if (e->crc && type == FS_S_IFREG && !check_sum(e))
        return "checksum mismatch";
    size_t base = n;
    while (base > 0 && p[base - 1] != '/')
        base--;
    const char *why = NULL;
    struct fs_node *dir = parent_dir(root, p, base ? base - 1 : 0, arch, &why);
    if (!dir)
        return why;
    struct fs_node *old = fs_node_lookup(dir, p + base, n - base);
    if (old) {
        int later = old->archive < arch, dirs = FS_ISDIR(old);
        if (dirs != (type == FS_S_IFDIR) || (!later && !old->implied))
            return "duplicate name";
        if (dirs) {
            old->implied = 0;
            old->archive = arch;
            old->mode = mode;
            old->mtime = old->ctime = e->f[F_MTIME] * 1000000000ull;
            return NULL;
        }
        fs_node_unlink(old); /* a later archive's file wins, as on Linux */
    }
    struct fs_node *nd = fs_node_new(p + base, n - base, mode, FS_DEV_ROOT);
    if (!nd)
        return oom;
    nd->archive = arch;
    if (type != FS_S_IFDIR) {
        nd->data = e->data;
        nd->size = size;
    }
    nd->atime = nd->mtime = nd->ctime = e->f[F_MTIME] * 1000000000ull;
    fs_node_link(dir, nd);
    if (type == FS_S_IFREG && e->f[F_NLINK] > 1 && links_add(hl, e, nd))
        return oom;
    return NULL;
}

static int load(struct fs_node *root, const uint8_t *b, size_t len,
                struct links *hl, struct diag *d)
{
    static char path[FS_PATH_MAX];
    size_t off = 0, next;
    struct entry e;
    int arch = 1;
    for (;; off = next) {
        int r = parse_entry(b, len, off, &e, &next, d);
        if (r)
            return r;
        if (strcmp(e.name, "TRAILER!!!") == 0) {
            links_resolve(hl);
            while (next < len && b[next] == 0)
                next++;
            if (next == len)
                return 0;
            arch++; /* another archive follows, as Linux allows */
            continue;
        }
        long n = clean_name(e.name, path);
        if (n < 0) {
            diag_set(d, "cpio: offset %zu: bad path component in %s", off,
                     e.name);
            return -EINVAL;
        }
        if (n == 0)
            continue; /* "." : the root itself */
        const char *why = add_entry(root, &e, path, (size_t)n, arch, hl);
        if (why) {
            diag_set(d, "cpio: offset %zu: %s: %s", off, why, path);
            return why == oom ? -ENOMEM : -EINVAL;
        }
    }
}

int fs_cpio_load(struct fs_node *root, const void *buf, size_t len,
                 struct diag *d)
{
    struct links hl = {0};
    int r = load(root, buf, len, &hl, d);
    kfree(hl.v);
    return r;
}
