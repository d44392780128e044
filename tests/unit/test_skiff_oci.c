/* SPDX-License-Identifier: MIT */
/* Host tests for skiff's OCI image layout writer (tools/skiff/oci.c): JSON
 * string escaping, then layouts written to a temporary directory and read
 * back: every digest and size against the blob, media types, index.json
 * pointing at the manifest, and the refusals (non-empty directory, missing
 * or wrong input files, bad command line or name). */
#include "tools/skiff/skiff.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

/* --- JSON strings --- */

static void json_ok(const char *in, const char *expect)
{
    struct skiff_buf b = {0};
    assert_int_equal(skiff_json_string(&b, in), 0);
    assert_string_equal(b.p, expect);
    skiff_buf_free(&b);
}

static void json_bad(const char *in)
{
    struct skiff_buf b = {0};
    assert_int_equal(skiff_json_string(&b, in), -EILSEQ);
    skiff_buf_free(&b);
}

static void test_json_escapes(void **state)
{
    (void)state;
    json_ok("", "\"\"");
    json_ok("console=ttyS0 app.path=/bin/hello",
            "\"console=ttyS0 app.path=/bin/hello\"");
    json_ok("say \"hi\" \\o/", "\"say \\\"hi\\\" \\\\o/\"");
    json_ok("a\bb\fc\nd\re\tf", "\"a\\bb\\fc\\nd\\re\\tf\"");
    json_ok("\x01\x1f\x1b[0m", "\"\\u0001\\u001f\\u001b[0m\"");
    json_ok("\x7f/'<>&", "\"\x7f/'<>&\""); /* no escape needed */
}

static void test_json_utf8(void **state)
{
    (void)state;
    /* é (2 bytes), € (3), U+FFFD, 😀 (4), U+10FFFF: copied unchanged. */
    json_ok("caf\xc3\xa9 \xe2\x82\xac \xef\xbf\xbd \xf0\x9f\x98\x80 "
            "\xf4\x8f\xbf\xbf",
            "\"caf\xc3\xa9 \xe2\x82\xac \xef\xbf\xbd \xf0\x9f\x98\x80 "
            "\xf4\x8f\xbf\xbf\"");
    json_bad("\x80");             /* continuation byte alone */
    json_bad("\xc0\x80");         /* overlong NUL */
    json_bad("\xc1\xbf");         /* overlong */
    json_bad("\xe0\x80\x80");     /* overlong 3-byte */
    json_bad("\xed\xa0\x80");     /* surrogate U+D800 */
    json_bad("\xf0\x80\x80\x80"); /* overlong 4-byte */
    json_bad("\xf4\x90\x80\x80"); /* above U+10FFFF */
    json_bad("\xf5\x80\x80\x80");
    json_bad("ok \xe2\x82");   /* truncated at the end */
    json_bad("\xe2\x82 next"); /* truncated in the middle */
    json_bad("\xff");
}

/* --- Layouts --- */

static char dir[4096]; /* this test's directory under skiff_tmpdir() */
static int serial;

static const char *path_of(const char *leaf)
{
    static char p[16][4200]; /* a few live at once */
    static int i;
    i = (i + 1) % 16;
    snprintf(p[i], sizeof p[i], "%s/%s", dir, leaf);
    return p[i];
}

static void put(const char *leaf, const void *buf, size_t n)
{
    assert_int_equal(skiff_write_file(path_of(leaf), buf, n), 0);
}

static int setup(void **state)
{
    (void)state;
    skiff_quiet = 1;
    const char *t = skiff_tmpdir();
    assert_non_null(t);
    snprintf(dir, sizeof dir, "%s/t%d", t, serial++);
    assert_int_equal(skiff_mkdirs(dir, 0755), 0);
    static const char kernel[] = "\177ELF\2\1\1\0 a pretend kernel";
    static const char mb[] = "\177ELF\2\1\1\0 pad\2\xb0\xad\x1b flags";
    static const char initrd[] = "070701 a pretend cpio archive";
    put("kernel", kernel, sizeof kernel - 1);
    put("kernel-mb", mb, sizeof mb - 1);
    put("initrd", initrd, sizeof initrd - 1);
    put("not-elf", "#!/bin/sh\n", 10);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    skiff_cleanup();
    return 0;
}

static char *slurp(const char *path, size_t *n)
{
    uint8_t *b;
    size_t len;
    int rc = skiff_read_file(path, &b, &len);
    if (rc)
        fail_msg("cannot read %s: %s", path, strerror(-rc));
    if (n)
        *n = len;
    return (char *)b;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

struct desc {
    char media_type[128], hex[65];
    size_t size;
};

/* The next descriptor at or after (*p) in our compact JSON, checked
 * against its blob: the file exists, its size and sha256 match. Returns
 * the blob's content (malloc'd), or NULL when there is no descriptor. */
static char *next_desc(const char *layout, const char **p, struct desc *d)
{
    const char *s = strstr(*p, "{\"mediaType\":\"");
    if (!s)
        return NULL;
    int got = sscanf(s,
                     "{\"mediaType\":\"%127[^\"]\",\"digest\":\"sha256:"
                     "%64[0-9a-f]\",\"size\":%zu",
                     d->media_type, d->hex, &d->size);
    assert_int_equal(got, 3);
    assert_int_equal(strlen(d->hex), 64);
    *p = s + 1;
    char blob[4200];
    snprintf(blob, sizeof blob, "%s/blobs/sha256/%s", layout, d->hex);
    size_t n;
    char *b = slurp(blob, &n);
    assert_int_equal(n, d->size);
    uint8_t sum[32];
    char hex[65];
    skiff_sha256(b, n, sum);
    skiff_sha256_hex(sum, hex);
    assert_string_equal(hex, d->hex);
    return b;
}

/* Read a layout back; returns the config blob (malloc'd) and the number of
 * layers, each checked against its input file (kernel, initrd). */
static char *read_layout(const char *layout, const char *name,
                         const char *kernel, const char *initrd, int *layers)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/oci-layout", layout);
    char *s = slurp(p, NULL);
    assert_string_equal(s, "{\"imageLayoutVersion\":\"1.0.0\"}");
    free(s);

    snprintf(p, sizeof p, "%s/index.json", layout);
    char *idx = slurp(p, NULL);
    assert_non_null(strstr(idx, "{\"schemaVersion\":2,\"mediaType\":"
                                "\"application/vnd.oci.image.index.v1+json\","
                                "\"manifests\":[{"));
    char ref[256];
    snprintf(ref, sizeof ref,
             "\"annotations\":{\"org.opencontainers.image.ref.name\":\"%s\"}",
             name);
    assert_non_null(strstr(idx, ref));
    const char *at = idx;
    struct desc d;
    char *man = next_desc(layout, &at, &d);
    assert_non_null(man);
    assert_string_equal(d.media_type,
                        "application/vnd.oci.image.manifest.v1+json");
    free(next_desc(layout, &at, &d) /* exactly one manifest */);
    free(idx);

    assert_non_null(strstr(man, "{\"schemaVersion\":2,\"mediaType\":"
                                "\"application/vnd.oci.image.manifest.v1+json"
                                "\",\"artifactType\":\"" SKIFF_OCI_ARTIFACT_TYPE
                                "\",\"config\":{"));
    at = man;
    char *cfg = next_desc(layout, &at, &d);
    assert_non_null(cfg);
    assert_string_equal(d.media_type, SKIFF_OCI_CONFIG_TYPE);
    *layers = 0;
    char *blob;
    while ((blob = next_desc(layout, &at, &d))) {
        const char *type =
            *layers ? SKIFF_OCI_INITRD_TYPE : SKIFF_OCI_KERNEL_TYPE;
        const char *title =
            *layers ? SKIFF_OCI_INITRD_TITLE : SKIFF_OCI_KERNEL_TITLE;
        const char *in = *layers ? initrd : kernel;
        assert_string_equal(d.media_type, type);
        char ann[200];
        snprintf(ann, sizeof ann,
                 "\"annotations\":{\"org.opencontainers.image.title\":"
                 "\"%s\"}",
                 title);
        assert_non_null(strstr(at, ann));
        size_t n;
        assert_non_null(in);
        char *orig = slurp(in, &n);
        assert_int_equal(n, d.size);
        assert_memory_equal(orig, blob, n);
        free(orig);
        free(blob);
        ++*layers;
    }
    free(man);
    return cfg;
}

static void test_layout_kernel_initrd(void **state)
{
    (void)state;
    const char *out = path_of("out/nested");
    struct skiff_oci o = {.dir = out,
                          .kernel = path_of("kernel"),
                          .initrd = path_of("initrd"),
                          .cmdline = "app.path=/bin/hello -- \"x\\y\"\n",
                          .name = "v1.0"};
    assert_int_equal(skiff_oci_write(&o), 0);
    int layers;
    char *cfg =
        read_layout(out, "v1.0", path_of("kernel"), path_of("initrd"), &layers);
    assert_int_equal(layers, 2);
    assert_string_equal(cfg, "{\"boot\":\"pvh\",\"cmdline\":"
                             "\"app.path=/bin/hello -- \\\"x\\\\y\\\"\\n\","
                             "\"initrd\":\"initrd.cpio\","
                             "\"kernel\":\"kernel.elf\"}");
    free(cfg);
}

static void test_layout_kernel_only_multiboot(void **state)
{
    (void)state;
    const char *out = path_of("mb");
    struct skiff_oci o = {.dir = out, .kernel = path_of("kernel-mb")};
    assert_int_equal(skiff_oci_write(&o), 0);
    int layers;
    char *cfg = read_layout(out, "latest", path_of("kernel-mb"), NULL, &layers);
    assert_int_equal(layers, 1);
    assert_string_equal(cfg, "{\"boot\":\"multiboot\",\"cmdline\":\"\","
                             "\"initrd\":null,\"kernel\":\"kernel.elf\"}");
    free(cfg);
}

/* An existing empty directory is fine; the same inputs give the same
 * bytes (no timestamps), so the same manifest digest. */
static void test_layout_empty_dir_reproducible(void **state)
{
    (void)state;
    assert_int_equal(skiff_mkdirs(path_of("empty"), 0755), 0);
    struct skiff_oci o = {.kernel = path_of("kernel"),
                          .initrd = path_of("initrd"),
                          .cmdline = "x=1",
                          .name = "repo/app:v2"};
    o.dir = path_of("empty");
    assert_int_equal(skiff_oci_write(&o), 0);
    o.dir = path_of("again");
    assert_int_equal(skiff_oci_write(&o), 0);
    char *a = slurp(path_of("empty/index.json"), NULL);
    char *b = slurp(path_of("again/index.json"), NULL);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_refuses_non_empty_dir(void **state)
{
    (void)state;
    assert_int_equal(skiff_mkdirs(path_of("used"), 0755), 0);
    put("used/keep", "mine", 4);
    struct skiff_oci o = {.dir = path_of("used"), .kernel = path_of("kernel")};
    assert_int_equal(skiff_oci_write(&o), SKIFF_EXIT_ERROR);
    assert_false(exists(path_of("used/oci-layout")));
    assert_false(exists(path_of("used/blobs")));
    char *s = slurp(path_of("used/keep"), NULL);
    assert_string_equal(s, "mine");
    free(s);
    o.dir = path_of("kernel"); /* a file, not a directory */
    assert_int_equal(skiff_oci_write(&o), SKIFF_EXIT_ERROR);
}

/* Bad inputs are refused before the directory is created. */
static void test_refuses_bad_inputs(void **state)
{
    (void)state;
    const char *out = path_of("never");
    struct skiff_oci o = {.dir = out, .kernel = path_of("missing")};
    assert_int_equal(skiff_oci_write(&o), SKIFF_EXIT_NOT_FOUND);
    o.kernel = path_of("not-elf");
    assert_int_equal(skiff_oci_write(&o), SKIFF_EXIT_ERROR);
    o.kernel = path_of("kernel");
    o.initrd = path_of("missing");
    assert_int_equal(skiff_oci_write(&o), SKIFF_EXIT_NOT_FOUND);
    o.initrd = path_of("kernel"); /* not a cpio archive */
    assert_int_equal(skiff_oci_write(&o), SKIFF_EXIT_ERROR);
    o.initrd = NULL;
    o.cmdline = "bad \xff byte";
    assert_int_equal(skiff_oci_write(&o), SKIFF_EXIT_ERROR);
    o.cmdline = NULL;
    const char *names[] = {"-v1", "v1-", "a..b", "a//b", "has space", "x!"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        o.name = names[i];
        assert_int_equal(skiff_oci_write(&o), SKIFF_EXIT_ERROR);
    }
    assert_false(exists(out));
    struct skiff_oci none = {.kernel = path_of("kernel")};
    assert_int_equal(skiff_oci_write(&none), SKIFF_EXIT_ERROR);
    none.dir = out;
    none.kernel = NULL;
    assert_int_equal(skiff_oci_write(&none), SKIFF_EXIT_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_json_utf8),
        cmocka_unit_test_setup_teardown(test_layout_kernel_initrd, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_layout_kernel_only_multiboot,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_empty_dir_reproducible,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_non_empty_dir, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_refuses_bad_inputs, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
