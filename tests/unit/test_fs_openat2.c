/* SPDX-License-Identifier: MIT */
/* openat2(2) (kernel/syscall/file_dir.c, fs/path.c) attacked as a sandbox
 * would be: the same tree of escape routes (".." chains, absolute paths,
 * symlinks to "/", to "..", up and out, chains of them) is built in a
 * host mkdtemp directory and in Skiff's /tmp, and every path is opened
 * from inside it with each confining rule on both kernels; the errno, or
 * the type and size of what was opened, must match Linux's. Then what the
 * host cannot show the same way: mounts (RESOLVE_NO_XDEV), the magic link
 * /proc/self/exe, RESOLVE_IN_ROOT from the initrd, and the checks of
 * struct open_how itself. */
#define _GNU_SOURCE
#include "fs/fs.h"
#include "kernel/syscall/file.h"
#include "skiff/diag.h"
#include "tests/unit/cpio_fixture.h"
#include "tests/unit/fakes/uaccess_fake.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#define L(x) ((long)(uintptr_t)(x))
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The tree, relative to the base: directories end in '/', "a>b" is a
 * symlink a with target b, anything else a file holding its own name. */
static const char *const tree[] = {
    "box/",
    "box/dir/",
    "box/dir/sub/",
    "box/dir/f.txt",
    "box/ok.txt",
    "box/etc/",
    "outside/",
    "outside/secret.txt",
    "box/esc>../outside",
    "box/abs>/etc",
    "box/link_up>dir/../../outside/secret.txt",
    "box/inner>dir",
    "box/root>/",
    "box/dotdot>..",
    "box/self>.",
    "box/chain1>chain2",
    "box/chain2>inner/sub/../..",
    "box/chain3>chain1/..",
    "box/deep>dir/sub/../../dir/sub/../../../outside",
    "box/loop>loop",
    "box/dangling>nothing",
    "box/out_dangling>../made",
    "box/dir/up>../..",
    "box/dir/back>../ok.txt",
};

static const char *const paths[] = {
    "ok.txt",
    ".",
    "..",
    "../outside/secret.txt",
    "dir/../../outside/secret.txt",
    "dir/../ok.txt",
    "dir/sub/../../ok.txt",
    "dir/sub/../../../outside",
    "dir/./sub/.././../..",
    "/",
    "/etc",
    "/etc/passwd",
    "/tmp",
    "//ok.txt",
    "esc",
    "esc/secret.txt",
    "abs",
    "abs/passwd",
    "link_up",
    "inner/f.txt",
    "inner/../ok.txt",
    "inner/../../outside/secret.txt",
    "root",
    "root/etc",
    "root/ok.txt",
    "dotdot",
    "dotdot/outside/secret.txt",
    "self/ok.txt",
    "self/self/dotdot",
    "chain1",
    "chain1/ok.txt",
    "chain3",
    "chain3/outside/secret.txt",
    "deep",
    "deep/secret.txt",
    "loop",
    "dangling",
    "out_dangling",
    "dir/up",
    "dir/up/outside",
    "dir/back",
    "inner/up/ok.txt",
    "ok.txt/",
    "dir//f.txt",
    "dir/f.txt/..",
    "new.txt",
    "etc",
};

static const unsigned rules[] = {
    RESOLVE_BENEATH,
    RESOLVE_IN_ROOT,
    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
    RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS,
    RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
};

static const int opens[] = {
    O_RDONLY,           O_RDONLY | O_DIRECTORY,    O_PATH | O_NOFOLLOW,
    O_WRONLY | O_CREAT, O_RDWR | O_CREAT | O_EXCL,
};

/* Build (tree) under host dir (hb) and Skiff dir (sb). */
static void build(int hb, int sb)
{
    for (size_t i = 0; i < N(tree); i++) {
        char name[96];
        snprintf(name, sizeof(name), "%s", tree[i]);
        size_t n = strlen(name);
        char *arrow = strchr(name, '>');
        if (name[n - 1] == '/') {
            assert_int_equal(mkdirat(hb, name, 0755), 0);
            assert_int_equal(sys_mkdirat(sb, L(name), 0755, 0, 0, 0), 0);
        } else if (arrow) {
            *arrow = '\0';
            assert_int_equal(symlinkat(arrow + 1, hb, name), 0);
            assert_int_equal(sys_symlinkat(L(arrow + 1), sb, L(name), 0, 0, 0),
                             0);
        } else {
            int h = openat(hb, name, O_WRONLY | O_CREAT, 0644);
            long s = sys_openat(sb, L(name), O_WRONLY | O_CREAT, 0644, 0, 0);
            assert_true(h >= 0 && s >= 0);
            assert_int_equal(write(h, name, n), (ssize_t)n);
            assert_int_equal(sys_write(s, L(name), (long)n, 0, 0, 0), (long)n);
            close(h);
            sys_close(s, 0, 0, 0, 0, 0);
        }
    }
}

/* What opening gave: -errno, or the file type and size of the result. */
static long host_open(int dir, const char *p, int fl, unsigned res)
{
    struct open_how how = {(uint64_t)fl, (fl & O_CREAT) ? 0644 : 0, res};
    long fd;
    do /* scoped lookups may ask to retry after a concurrent rename */
        fd = syscall(SYS_openat2, dir, p, &how, sizeof(how));
    while (fd < 0 && errno == EAGAIN);
    if (fd < 0)
        return -errno;
    struct stat st;
    assert_int_equal(fstat((int)fd, &st), 0);
    close((int)fd);
    return (long)(st.st_mode & S_IFMT) << 16 | st.st_size;
}

static long skiff_open(int dir, const char *p, int fl, unsigned res)
{
    struct open_how how = {(uint64_t)fl, (fl & O_CREAT) ? 0644 : 0, res};
    long fd = sys_openat2(dir, L(p), L(&how), sizeof(how), 0, 0);
    if (fd < 0)
        return fd;
    struct stat st;
    assert_int_equal(sys_fstat(fd, L(&st), 0, 0, 0, 0), 0);
    sys_close(fd, 0, 0, 0, 0, 0);
    return (long)(st.st_mode & S_IFMT) << 16 | st.st_size;
}

static void test_escapes_vs_linux(void **state)
{
    (void)state;
    char base[] = "/tmp/skiff-openat2-XXXXXX";
    struct diag d;
    assert_non_null(mkdtemp(base));
    int hb = open(base, O_RDONLY | O_DIRECTORY);
    assert_true(hb >= 0);
    assert_int_equal(fs_init(NULL, NULL, 0, &d), 0);
    assert_int_equal(sys_mkdirat(FS_AT_FDCWD, L("/tmp/base"), 0755, 0, 0, 0),
                     0);
    int sb = (int)sys_open(L("/tmp/base"), O_RDONLY | O_DIRECTORY, 0, 0, 0, 0);
    assert_true(sb >= 0);
    umask(022);
    build(hb, sb);
    int hbox = openat(hb, "box", O_PATH | O_DIRECTORY);
    int sbox = (int)sys_openat(sb, L("box"), O_PATH | O_DIRECTORY, 0, 0, 0);
    assert_true(hbox >= 0 && sbox >= 0);
    int cases = 0, escapes = 0;
    for (size_t r = 0; r < N(rules); r++)
        for (size_t o = 0; o < N(opens); o++)
            for (size_t p = 0; p < N(paths); p++) {
                long h = host_open(hbox, paths[p], opens[o], rules[r]);
                long s = skiff_open(sbox, paths[p], opens[o], rules[r]);
                if (h != s)
                    fail_msg("openat2(box, \"%s\", %#o, resolve %#x): "
                             "linux %ld, skiff %ld",
                             paths[p], opens[o], rules[r], h, s);
                cases++;
                escapes += h == -EXDEV;
            }
    /* Nothing was made outside the box (out_dangling points at ../made). */
    assert_int_equal(faccessat(hb, "made", F_OK, 0), -1);
    assert_int_equal(sys_faccessat(sb, L("made"), F_OK, 0, 0, 0), -ENOENT);
    print_message("openat2: %d cases match Linux, %d refused with EXDEV\n",
                  cases, escapes);
    assert_true(escapes > 100);
    close(hbox);
    close(hb);
    fs_fini();
    char cmd[64];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
    assert_int_equal(system(cmd), 0);
}

static struct cpio_w cw;

static int setup_sample(void **state)
{
    (void)state;
    struct diag d;
    cpio_sample(&cw);
    uaccess_fake_bad(NULL, 0);
    assert_int_equal(fs_init(NULL, cw.buf, cw.len, &d), 0);
    fs_set_exe("/bin/app");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fs_fini();
    return 0;
}

/* openat2 from directory (dir) (a path, opened O_PATH; NULL: AT_FDCWD),
 * with (how) given as (size) bytes: the fd is closed, 0 returned. */
static long o2(const char *dir, const char *p, uint64_t fl, uint64_t mode,
               uint64_t res)
{
    long dfd = FS_AT_FDCWD;
    if (dir) {
        dfd = sys_open(L(dir), O_PATH | O_DIRECTORY, 0, 0, 0, 0);
        assert_true(dfd >= 0);
    }
    struct open_how how = {fl, mode, res};
    long fd = sys_openat2(dfd, L(p), L(&how), sizeof(how), 0, 0);
    if (fd >= 0)
        sys_close(fd, 0, 0, 0, 0, 0);
    if (dir)
        sys_close(dfd, 0, 0, 0, 0, 0);
    return fd < 0 ? fd : 0;
}

static void test_how_checks(void **state)
{
    (void)state;
    uint64_t how[8] = {O_RDONLY, 0, 0};
    const char *p = "/etc/hello";
    /* Size: 24 bytes (VER0) at least, more only when the rest is zero. */
    assert_int_equal(sys_openat2(FS_AT_FDCWD, L(p), L(how), 0, 0, 0), -EINVAL);
    assert_int_equal(sys_openat2(FS_AT_FDCWD, L(p), L(how), 23, 0, 0), -EINVAL);
    long fd = sys_openat2(FS_AT_FDCWD, L(p), L(how), sizeof(how), 0, 0);
    assert_true(fd >= 0);
    sys_close(fd, 0, 0, 0, 0, 0);
    how[5] = 1;
    assert_int_equal(sys_openat2(FS_AT_FDCWD, L(p), L(how), sizeof(how), 0, 0),
                     -E2BIG);
    assert_int_equal(sys_openat2(FS_AT_FDCWD, L(p), L(how), 8192, 0, 0),
                     -E2BIG);
    assert_int_equal(sys_openat2(FS_AT_FDCWD, L(p), 0, 24, 0, 0), -EFAULT);
    /* Unknown bits and contradictions are refused, not ignored. */
    assert_int_equal(o2(NULL, p, 1ull << 40, 0, 0), -EINVAL);
    assert_int_equal(o2(NULL, p, 040000000, 0, 0), -EINVAL);
    assert_int_equal(o2(NULL, p, O_RDONLY, 0, 0x40), -EINVAL);
    assert_int_equal(o2(NULL, p, O_RDONLY, 0644, 0), -EINVAL);
    assert_int_equal(o2(NULL, "/tmp/n", O_CREAT | O_WRONLY, 010644, 0),
                     -EINVAL);
    assert_int_equal(o2(NULL, "/tmp/n", O_CREAT | O_DIRECTORY, 0644, 0),
                     -EINVAL);
    assert_int_equal(o2(NULL, p, O_PATH | O_RDWR, 0, 0), -EINVAL);
    assert_int_equal(
        o2(NULL, p, O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT), -EINVAL);
    assert_int_equal(o2(NULL, p, O_RDONLY | O_NOATIME | O_LARGEFILE, 0, 0), 0);
    assert_int_equal(o2(NULL, "/tmp/n", O_CREAT | O_WRONLY, 0644, 0), 0);
    /* RESOLVE_CACHED: Linux may refuse creating or truncating lookups. */
    assert_int_equal(o2(NULL, p, O_RDONLY, 0, RESOLVE_CACHED), 0);
    assert_int_equal(
        o2(NULL, "/tmp/n", O_CREAT | O_WRONLY, 0644, RESOLVE_CACHED), -EAGAIN);
    assert_int_equal(o2(NULL, "/tmp/n", O_TRUNC | O_WRONLY, 0, RESOLVE_CACHED),
                     -EAGAIN);
    /* Beneath a bad dirfd; absolute is refused before the dirfd is used. */
    struct open_how h = {O_RDONLY, 0, RESOLVE_BENEATH};
    assert_int_equal(sys_openat2(99, L("etc"), L(&h), sizeof(h), 0, 0), -EBADF);
    assert_int_equal(sys_openat2(99, L("/etc"), L(&h), sizeof(h), 0, 0),
                     -EXDEV);
}

static void test_mounts(void **state)
{
    (void)state;
    const uint64_t X = RESOLVE_NO_XDEV;
    assert_int_equal(o2("/", "etc/hello", O_RDONLY, 0, X), 0);
    assert_int_equal(o2("/", "etc/abs", O_RDONLY, 0, X), 0); /* same fs */
    assert_int_equal(o2("/", "lib/libx.so", O_RDONLY, 0, X), 0);
    assert_int_equal(o2("/", "/etc/hello", O_RDONLY, 0, X), 0);
    assert_int_equal(o2("/", "tmp", O_RDONLY, 0, X), -EXDEV);
    assert_int_equal(o2("/", "/dev/null", O_RDONLY, 0, X), -EXDEV);
    assert_int_equal(o2("/", "proc/self", O_RDONLY, 0, X), -EXDEV);
    assert_int_equal(o2("/tmp", "..", O_RDONLY, 0, X), -EXDEV);
    assert_int_equal(o2("/tmp", ".", O_RDONLY, 0, X), 0);
    assert_int_equal(o2("/dev", "null", O_RDONLY, 0, X), 0);
    assert_int_equal(o2("/dev", "../etc/hello", O_RDONLY, 0, X), -EXDEV);
    /* An absolute symlink in /tmp jumps to the root: a crossing. */
    assert_int_equal(sys_symlink(L("/etc/hello"), L("/tmp/h"), 0, 0, 0, 0), 0);
    assert_int_equal(sys_symlink(L("../dev/null"), L("/tmp/n"), 0, 0, 0, 0), 0);
    assert_int_equal(o2("/tmp", "h", O_RDONLY, 0, X), -EXDEV);
    assert_int_equal(o2("/tmp", "n", O_RDONLY, 0, X), -EXDEV);
    assert_int_equal(o2("/tmp", "h", O_RDONLY, 0, 0), 0);
    assert_int_equal(o2("/tmp", "h", O_PATH | O_NOFOLLOW, 0, X), 0);
}

static void test_magic_links(void **state)
{
    (void)state;
    const char *exe = "/proc/self/exe";
    assert_int_equal(o2(NULL, exe, O_RDONLY, 0, 0), 0);
    assert_int_equal(o2(NULL, exe, O_RDONLY, 0, RESOLVE_NO_MAGICLINKS), -ELOOP);
    assert_int_equal(o2(NULL, exe, O_RDONLY, 0, RESOLVE_NO_SYMLINKS), -ELOOP);
    assert_int_equal(o2("/proc/self", "exe", O_RDONLY, 0, RESOLVE_BENEATH),
                     -EXDEV);
    assert_int_equal(o2("/proc/self", "exe", O_RDONLY, 0, RESOLVE_IN_ROOT),
                     -EXDEV);
    assert_int_equal(o2("/proc/self", "exe", O_RDONLY, 0,
                        RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS),
                     -ELOOP);
    /* Not followed, the link itself is no escape. */
    assert_int_equal(o2("/proc/self", "exe", O_PATH | O_NOFOLLOW, 0,
                        RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS),
                     0);
    /* An ordinary symlink to it is followed, then the magic one is not. */
    assert_int_equal(sys_symlink(L("/proc/self/exe"), L("/tmp/e"), 0, 0, 0, 0),
                     0);
    assert_int_equal(o2(NULL, "/tmp/e", O_RDONLY, 0, RESOLVE_NO_MAGICLINKS),
                     -ELOOP);
}

static void test_in_root(void **state)
{
    (void)state;
    const uint64_t R = RESOLVE_IN_ROOT;
    assert_int_equal(o2("/etc", "/hello", O_RDONLY, 0, R), 0);
    assert_int_equal(o2("/etc", "../../../hello", O_RDONLY, 0, R), 0);
    assert_int_equal(o2("/etc", "rel", O_RDONLY, 0, R), 0);
    assert_int_equal(o2("/etc", "abs", O_RDONLY, 0, R), -ENOENT);
    assert_int_equal(o2("/etc", "/etc/hello", O_RDONLY, 0, R), -ENOENT);
    assert_int_equal(o2("/", "etc/abs", O_RDONLY, 0, R), 0);
    assert_int_equal(o2("/usr", "lib/libx.so", O_RDONLY, 0, R), 0);
    /* Beneath the initrd's own directories and symlinks. */
    const uint64_t B = RESOLVE_BENEATH;
    assert_int_equal(o2("/etc", "rel", O_RDONLY, 0, B), 0);
    assert_int_equal(o2("/etc", "abs", O_RDONLY, 0, B), -EXDEV);
    assert_int_equal(o2("/", "lib/libx.so", O_RDONLY, 0, B), 0);
    assert_int_equal(o2("/", "dangling", O_RDONLY, 0, B), -EXDEV);
    assert_int_equal(o2("/", "loop1", O_RDONLY, 0, B), -ELOOP);
    assert_int_equal(o2("/", "etc/rel", O_RDONLY, 0, RESOLVE_NO_SYMLINKS),
                     -ELOOP);
    assert_int_equal(
        o2("/", "etc/rel", O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS), 0);
    assert_int_equal(
        o2("/", "etc/rel", O_RDONLY | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS),
        -ELOOP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_vs_linux),
        cmocka_unit_test_setup_teardown(test_how_checks, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_mounts, setup_sample, teardown),
        cmocka_unit_test_setup_teardown(test_magic_links, setup_sample,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_in_root, setup_sample, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
