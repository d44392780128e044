/* SPDX-License-Identifier: MIT */
/* Host tests of the fs module's initrd loader: archives it accepts (GNU cpio's
 * own, concatenated, hard links) and every rejection, with its offset. */
#include "fs/fs.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/cpio_fixture.h"
#include "tests/unit/fs_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define HAS(s, sub) assert_non_null(strstr((s), (sub)))

static void test_hidden_mounts(void **state)
{
    (void)state;
    cpio_start(&cw);
    cpio_file(&cw, "tmp/old", "x");
    cpio_file(&cw, "dev", "not a dir");
    cpio_end(&cw);
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), 0);
    assert_int_equal(mode_of("/tmp/old", 0), 0);
    assert_int_equal(mode_of("/dev", 0), FS_S_IFDIR | 0755);
    /* No archive: an empty root with the mounts. */
    assert_int_equal(fs_init(&host, NULL, 0, &dg), 0);
    assert_int_equal(mode_of("/tmp", 0), FS_S_IFDIR | 01777);
    assert_int_equal(mode_of("/proc/self/exe", FS_AT_SYMLINK_NOFOLLOW),
                     FS_S_IFLNK | 0777);
    assert_int_equal(fs_isatty(2), 1);
    /* No host hooks at all. */
    assert_int_equal(fs_init(NULL, NULL, 0, &dg), 0);
    assert_int_equal(fs_write(1, "x", 1), 1);
    assert_int_equal(fs_read(0, out, 1), 0);
}

static void test_cpio_accepts(void **state)
{
    (void)state;
    /* Files before their directory entry; absolute and ./ names; a device
     * node (skipped); the crc variant with a right checksum. */
    cpio_start(&cw);
    cpio_file(&cw, "./a/b/c", "c");
    cpio_add(&cw, "a/b", 040700, NULL, 0);
    cpio_file(&cw, "/top", "t");
    cpio_add(&cw, "a/dev", 020644, NULL, 0);
    size_t at = cpio_file(&cw, "a/crc", "abc");
    memcpy(cw.buf + at, "070702", 6);
    memcpy(cw.buf + at + 6 + 12 * 8, "00000126", 8); /* 'a'+'b'+'c' */
    cpio_end(&cw);
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), 0);
    assert_int_equal(mode_of("/a/b", 0), FS_S_IFDIR | 0700);
    assert_int_equal(mode_of("/a/b/c", 0), FS_S_IFREG | 0644);
    assert_int_equal(mode_of("/top", 0), FS_S_IFREG | 0644);
    assert_int_equal(mode_of("/a/dev", 0), 0);
    assert_int_equal(mode_of("/a/crc", 0), FS_S_IFREG | 0644);
}

/* Build an archive with (bad) inserted, expect rejection naming (want)
 * at the offset of the bad entry. */
static void expect_reject(const char *want, size_t off)
{
    char at[32];
    dg.msg[0] = '\0';
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), -EINVAL);
    snprintf(at, sizeof(at), "offset %zu:", off);
    HAS(dg.msg, at);
    HAS(dg.msg, want);
    /* A failed init leaves no file system behind. */
    assert_int_equal(fs_isatty(0), -EBADF);
}

static size_t two_entries(void)
{
    cpio_start(&cw);
    cpio_file(&cw, "first", "1234");
    return cpio_file(&cw, "second", "5678");
}

/* Concatenated archives, as Linux unpacks them: a later one replaces
 * files and directory modes; junk after a trailer is a bad header. */
static void test_cpio_concatenated(void **state)
{
    (void)state;
    char b[16];
    cpio_start(&cw);
    cpio_file(&cw, "a", "first");
    cpio_file(&cw, "d/x", "x");
    cpio_end(&cw);
    cpio_file(&cw, "a", "second");
    cpio_add(&cw, "d", 040700, NULL, 0);
    cpio_file(&cw, "d/y", "y");
    cpio_end(&cw);
    assert_int_equal(fs_init(&host, cw.buf, cw.len, &dg), 0);
    assert_int_equal(slurp("/a", b, sizeof(b)), 6);
    assert_string_equal(b, "second");
    assert_int_equal(mode_of("/d", 0), FS_S_IFDIR | 0700);
    assert_int_equal(slurp("/d/x", b, sizeof(b)), 1);
    assert_int_equal(slurp("/d/y", b, sizeof(b)), 1);
    /* A kind change across archives is refused. */
    size_t off = cw.len;
    cpio_dir(&cw, "a");
    cpio_end(&cw);
    expect_reject("duplicate name: a", off);
    /* Junk after the trailer. */
    cpio_start(&cw);
    cpio_end(&cw);
    off = cw.len;
    memcpy(cw.buf + cw.len, "junk", 4);
    cw.len += 200;
    expect_reject("bad magic", off);
}

static void test_cpio_rejects(void **state)
{
    (void)state;
    size_t off = two_entries();
    cw.buf[off + 3] = '9';
    cpio_end(&cw);
    expect_reject("bad magic", off);

    off = two_entries();
    cw.buf[off + 6 + 6 * 8 + 2] = 'g'; /* filesize */
    cpio_end(&cw);
    expect_reject("non-hex filesize", off);

    off = two_entries();
    memcpy(cw.buf + off + 6 + 11 * 8, "00000000", 8);
    cpio_end(&cw);
    expect_reject("name size 0", off);

    off = two_entries();
    memcpy(cw.buf + off + 6 + 11 * 8, "0000FFFF", 8);
    cpio_end(&cw);
    expect_reject("name past the end", off);

    off = two_entries();
    memcpy(cw.buf + off + 6 + 11 * 8, "00000003", 8); /* no NUL at [2] */
    cpio_end(&cw);
    expect_reject("bad name", off);

    off = two_entries();
    memcpy(cw.buf + off + 6 + 6 * 8, "00010000", 8);
    cpio_end(&cw);
    expect_reject("past the end", off);

    two_entries();
    expect_reject("missing TRAILER!!!", cw.len);

    two_entries();
    off = cw.len;
    cw.len += 50;
    expect_reject("truncated header", off);

    two_entries();
    off = cpio_file(&cw, "a/../../etc", "x");
    cpio_end(&cw);
    expect_reject("bad path component", off);

    two_entries();
    off = cpio_file(&cw, "./first", "x");
    cpio_end(&cw);
    expect_reject("duplicate name: first", off);

    two_entries();
    off = cpio_file(&cw, "first/x", "x");
    cpio_end(&cw);
    expect_reject("parent is not a directory: first/x", off);

    two_entries();
    cpio_file(&cw, "d/x", "x");
    off = cpio_file(&cw, "d", "now a file");
    cpio_end(&cw);
    expect_reject("duplicate name: d", off);

    two_entries();
    off = cpio_add(&cw, "link", 0120777, NULL, 0);
    cpio_end(&cw);
    expect_reject("bad symlink target", off);

    two_entries();
    off = cpio_add(&cw, "odd", 0170644, NULL, 0);
    cpio_end(&cw);
    expect_reject("bad file type", off);

    off = two_entries();
    memcpy(cw.buf + off, "070702", 6);
    cpio_end(&cw);
    expect_reject("checksum mismatch", off);

    char longname[300];
    memset(longname, 'n', sizeof(longname));
    longname[299] = '\0';
    two_entries();
    off = cpio_file(&cw, longname, "x");
    cpio_end(&cw);
    expect_reject("bad path component", off);
}

/* Archives written by GNU cpio itself (tests/unit/data/fs/): -H newc in
 * sorted order, and -H crc with -depth (entries before their directory). */
static void load_real(const char *path)
{
    static uint8_t img[4096];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(img, 1, sizeof(img), f);
    fclose(f);
    assert_true(n > 0 && n < sizeof(img));
    dg.msg[0] = '\0';
    assert_int_equal(fs_init(&host, img, n, &dg), 0);
    assert_string_equal(dg.msg, "");
}

static void test_real_archives(void **state)
{
    (void)state;
    static const char *const files[] = {"tests/unit/data/fs/real.cpio",
                                        "tests/unit/data/fs/real-crc.cpio"};
    char b[64];
    for (int i = 0; i < 2; i++) {
        load_real(files[i]);
        assert_int_equal(slurp("/etc/pw", b, sizeof(b)), 26);
        assert_string_equal(b, "root:x:0:0::/root:/bin/sh\n");
        assert_int_equal(slurp("/etc/deep/er/up", b, sizeof(b)), 26);
        assert_int_equal(slurp("/etc/deep/er/empty", b, sizeof(b)), 0);
        assert_int_equal(mode_of("/bin/run", 0), FS_S_IFREG | 0755);
        assert_int_equal(mode_of("/etc/deep", 0), FS_S_IFDIR | 0755);
        assert_int_equal(fs_access_at(FS_AT_FDCWD, "/bin/run", FS_X_OK, 0), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hidden_mounts, setup_sample,
                                        teardown),
        cmocka_unit_test_teardown(test_cpio_accepts, teardown),
        cmocka_unit_test_teardown(test_real_archives, teardown),
        cmocka_unit_test_teardown(test_cpio_concatenated, teardown),
        cmocka_unit_test_teardown(test_cpio_rejects, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
