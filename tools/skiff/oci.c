/* SPDX-License-Identifier: MIT */
/*
 * oci: write a Skiff VM (kernel, initrd, command line) as an OCI image
 * layout, so any registry client can push it (tools/skiff/README-oci.md).
 *
 * The layout (image-spec v1.1 image-layout.md) holds four blobs under
 * blobs/sha256/: the kernel ELF, the initrd (optional), a small JSON
 * config and the image manifest that lists them; index.json points at the
 * manifest and tags it, oci-layout marks the directory. The manifest
 * follows the artifact case of image-spec v1.1 manifest.md "Guidelines for
 * Artifact Usage" that has both a config of its own and layers: its own
 * artifactType, a config media type that is not an OCI image config, and
 * layer media types that container runtimes will ignore.
 *
 * The output depends only on the inputs (no timestamps), so the same
 * kernel, initrd, command line and name always give the same digests.
 */
#include "tools/skiff/skiff.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_INDEX    "application/vnd.oci.image.index.v1+json"
#define TITLE_KEY   "org.opencontainers.image.title"
#define REF_KEY     "org.opencontainers.image.ref.name"

/* annotations.md, org.opencontainers.image.ref.name:
 *   ref ::= component ("/" component)*
 *   component ::= alphanum (separator alphanum)*
 *   alphanum ::= [A-Za-z0-9]+    separator ::= [-._:@+] | "--"   */
static int valid_ref(const char *s)
{
#define ALNUM(c)                                                               \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') ||               \
     ((c) >= '0' && (c) <= '9'))
    for (;;) {
        if (!ALNUM(*s))
            return 0;
        while (ALNUM(*s))
            s++;
        if (!*s)
            return 1;
        if (s[0] == '-' && s[1] == '-')
            s += 2;
        else if (strchr("-._:@+/", *s))
            s++;
        else
            return 0;
    }
#undef ALNUM
}

/* QEMU boots a Multiboot image through Multiboot even when it also has a
 * PVH note, so the header decides: magic 0x1BADB002, 4-byte aligned, in
 * the first 8 KiB (Multiboot 0.6.96 §3.1.1). */
static const char *boot_protocol(const uint8_t *p, size_t n)
{
    for (size_t off = 0; off + 4 <= n && off + 4 <= 8192; off += 4)
        if (p[off] == 0x02 && p[off + 1] == 0xb0 && p[off + 2] == 0xad &&
            p[off + 3] == 0x1b)
            return "multiboot";
    return "pvh";
}

struct blob {
    const char *media_type, *title;
    char hex[65];
    size_t size;
};

/* Store (n) bytes at (p) as blobs/sha256/<hex> and fill (d). */
static int put_blob(const char *dir, const void *p, size_t n, struct blob *d)
{
    uint8_t sum[32];
    skiff_sha256(p, n, sum);
    skiff_sha256_hex(sum, d->hex);
    d->size = n;
    struct skiff_buf path = {0};
    skiff_buf_add(&path, "%s/blobs/sha256/%s", dir, d->hex);
    int rc = skiff_write_file(path.p, p, n);
    if (rc)
        skiff_error("cannot write %s: %s", path.p, strerror(-rc));
    skiff_buf_free(&path);
    return rc ? SKIFF_EXIT_ERROR : 0;
}

/* A descriptor (descriptor.md), with (key)=(value) as its only annotation
 * unless (key) is NULL. (value) is one of ours or a validated ref. */
static void add_desc(struct skiff_buf *b, const struct blob *d, const char *key,
                     const char *value)
{
    skiff_buf_add(b,
                  "{\"mediaType\":\"%s\",\"digest\":\"sha256:%s\","
                  "\"size\":%zu",
                  d->media_type, d->hex, d->size);
    if (key)
        skiff_buf_add(b, ",\"annotations\":{\"%s\":\"%s\"}", key, value);
    skiff_buf_add(b, "}");
}

/* Create (dir), or accept an empty directory: never mix with old files. */
static int prepare_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            skiff_error("%s exists and is not a directory", dir);
            return SKIFF_EXIT_ERROR;
        }
        DIR *d = opendir(dir);
        struct dirent *e;
        int used = 0;
        while (d && (e = readdir(d)))
            used |= strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
        if (d)
            closedir(d);
        if (used || !d) {
            skiff_error("%s is %s", dir,
                        d ? "not empty" : "a directory skiff cannot read");
            skiff_hint("give a new directory for the OCI layout, or remove "
                       "this one first; skiff does not overwrite");
            return SKIFF_EXIT_ERROR;
        }
    }
    struct skiff_buf path = {0};
    skiff_buf_add(&path, "%s/blobs/sha256", dir);
    int rc = skiff_mkdirs(path.p, 0755);
    if (rc)
        skiff_error("cannot create %s: %s", path.p, strerror(-rc));
    skiff_buf_free(&path);
    return rc ? SKIFF_EXIT_ERROR : 0;
}

/* Read an input file, which must start with (magic). */
static int read_input(const char *what, const char *path, const char *magic,
                      uint8_t **p, size_t *n)
{
    int rc = skiff_read_file(path, p, n);
    if (rc) {
        skiff_error("cannot read the %s %s: %s", what, path, strerror(-rc));
        return rc == -ENOENT ? SKIFF_EXIT_NOT_FOUND : SKIFF_EXIT_ERROR;
    }
    size_t m = strlen(magic);
    if (*n < m || memcmp(*p, magic, m)) {
        skiff_error("the %s %s is not %s", what, path,
                    magic[0] == '0' ? "a cpio (newc) archive" : "an ELF file");
        free(*p);
        *p = NULL;
        return SKIFF_EXIT_ERROR;
    }
    return 0;
}

/* The config blob: what a runner needs besides the layers. Checked
 * before anything is written. */
static int make_config(struct skiff_buf *b, const struct skiff_oci *oci,
                       const char *boot, const struct blob *kernel,
                       const struct blob *initrd)
{
    skiff_buf_add(b, "{\"boot\":\"%s\",\"cmdline\":", boot);
    if (skiff_json_string(b, oci->cmdline ? oci->cmdline : "")) {
        skiff_error("the command line is not valid UTF-8");
        skiff_hint("an OCI config is JSON, which carries UTF-8 text only");
        return SKIFF_EXIT_ERROR;
    }
    skiff_buf_add(b, ",\"initrd\":");
    if (initrd)
        skiff_buf_add(b, "\"%s\"", initrd->title);
    else
        skiff_buf_add(b, "null");
    skiff_buf_add(b, ",\"kernel\":\"%s\"}", kernel->title);
    return 0;
}

/* Write the config (cfg), the manifest, index.json and oci-layout. */
static int write_meta(const struct skiff_oci *oci, const char *name,
                      const struct skiff_buf *cfg, const struct blob *kernel,
                      const struct blob *initrd)
{
    struct skiff_buf man = {0}, idx = {0}, path = {0};
    struct blob cb = {.media_type = SKIFF_OCI_CONFIG_TYPE};
    struct blob mb = {.media_type = MT_MANIFEST};
    int rc = put_blob(oci->dir, cfg->p, cfg->len, &cb);
    if (rc)
        goto out;
    skiff_buf_add(&man,
                  "{\"schemaVersion\":2,\"mediaType\":\"%s\","
                  "\"artifactType\":\"%s\",\"config\":",
                  MT_MANIFEST, SKIFF_OCI_ARTIFACT_TYPE);
    add_desc(&man, &cb, NULL, NULL);
    skiff_buf_add(&man, ",\"layers\":[");
    add_desc(&man, kernel, TITLE_KEY, kernel->title);
    if (initrd) {
        skiff_buf_add(&man, ",");
        add_desc(&man, initrd, TITLE_KEY, initrd->title);
    }
    skiff_buf_add(&man, "]}");
    rc = put_blob(oci->dir, man.p, man.len, &mb);
    if (rc)
        goto out;
    skiff_buf_add(&idx,
                  "{\"schemaVersion\":2,\"mediaType\":\"%s\","
                  "\"manifests\":[",
                  MT_INDEX);
    add_desc(&idx, &mb, REF_KEY, name);
    skiff_buf_add(&idx, "]}");
    /* oci-layout last: a directory that has it is complete. */
    static const char layout[] = "{\"imageLayoutVersion\":\"1.0.0\"}";
    const char *files[2][2] = {{"index.json", idx.p}, {"oci-layout", layout}};
    for (int i = 0; i < 2 && !rc; i++) {
        path.len = 0;
        skiff_buf_add(&path, "%s/%s", oci->dir, files[i][0]);
        int e = skiff_write_file(path.p, files[i][1], strlen(files[i][1]));
        if (e) {
            skiff_error("cannot write %s: %s", path.p, strerror(-e));
            rc = SKIFF_EXIT_ERROR;
        }
    }
out:
    skiff_buf_free(&man);
    skiff_buf_free(&idx);
    skiff_buf_free(&path);
    return rc;
}

int skiff_oci_write(const struct skiff_oci *oci)
{
    if (!oci->dir || !*oci->dir || !oci->kernel) {
        skiff_error("an OCI layout needs %s",
                    oci->kernel ? "a directory" : "a kernel");
        return SKIFF_EXIT_ERROR;
    }
    const char *name = oci->name && *oci->name ? oci->name : "latest";
    if (!valid_ref(name)) {
        skiff_error("'%s' is not a valid OCI reference name", name);
        skiff_hint("use letters and digits joined by single - . or _, "
                   "e.g. 'latest' or 'v1.2': registries take it as the tag");
        return SKIFF_EXIT_ERROR;
    }
    uint8_t *k = NULL, *r = NULL;
    size_t kn = 0, rn = 0;
    struct blob kb = {.media_type = SKIFF_OCI_KERNEL_TYPE,
                      .title = SKIFF_OCI_KERNEL_TITLE};
    struct blob rb = {.media_type = SKIFF_OCI_INITRD_TYPE,
                      .title = SKIFF_OCI_INITRD_TITLE};
    struct skiff_buf cfg = {0};
    int rc = read_input("kernel", oci->kernel, "\177ELF", &k, &kn);
    if (!rc && oci->initrd)
        rc = read_input("initrd", oci->initrd, "070701", &r, &rn);
    if (!rc)
        rc = make_config(&cfg, oci, boot_protocol(k, kn), &kb, r ? &rb : NULL);
    if (!rc)
        rc = prepare_dir(oci->dir);
    if (!rc)
        rc = put_blob(oci->dir, k, kn, &kb);
    if (!rc && r)
        rc = put_blob(oci->dir, r, rn, &rb);
    if (!rc)
        rc = write_meta(oci, name, &cfg, &kb, r ? &rb : NULL);
    if (!rc)
        skiff_progress("OCI layout %s: %s as '%s'", oci->dir,
                       r ? "kernel and initrd" : "kernel", name);
    skiff_buf_free(&cfg);
    free(k);
    free(r);
    return rc;
}
