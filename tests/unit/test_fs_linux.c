/* SPDX-License-Identifier: MIT */
/* Differential test: the same pseudo-random programs of file operations run
 * on the host's Linux (in a fresh mkdtemp directory) and on Skiff's /tmp
 * through the sys_* calls; every result must match: the same errno, the
 * same counts, bytes, link targets, file types, permissions and sizes.
 * Linux is the specification here, so a mismatch names the operation. */
#define _GNU_SOURCE
#include "fs/fs.h"
#include "kernel/syscall/file.h"
#include "skiff/diag.h"
#include "tests/unit/fakes/uaccess_fake.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <cmocka.h>

#define L(x)  ((long)(uintptr_t)(x))
#define SLOTS 8

static const char *const names[] = {
    "a",  "b",      "d",   "d/x",  "d/e",       "d/e/y", "l",      "m",  "d/",
    "a/", "d/../b", "l/x", "d/e/", "nowhere/z", "d/.",   "d/e/..", "m/", "d/x/",
};
static const char *const targets[] = {"a",       "d",   "l",   "m",
                                      "nowhere", "d/x", "e/y", "d/../a"};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static int hdir, sdir;             /* the two base directories */
static int hfd[SLOTS], sfd[SLOTS]; /* -1: empty slot */
static uint32_t rng = 12345;
static char what[160];

static unsigned rnd(unsigned n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

/* Linux's answer as the kernel gives it: a count or -errno. */
static long lx(long r)
{
    return r < 0 ? -errno : r;
}

static void same(long h, long s)
{
    if (h != s)
        fail_msg("%s: linux %ld, skiff %ld", what, h, s);
}

static void cmp_stat(const char *p, int flags)
{
    struct stat hs, ss;
    long h = lx(fstatat(hdir, p, &hs, flags));
    long s = sys_newfstatat(sdir, L(p), L(&ss), flags, 0, 0);
    same(h, s);
    if (h)
        return;
    same(hs.st_mode, ss.st_mode);
    same((long)hs.st_nlink, (long)ss.st_nlink);
    if (S_ISREG(hs.st_mode) || S_ISLNK(hs.st_mode))
        same(hs.st_size, ss.st_size);
}

/* "name/type," for each entry of a getdents64 buffer, sorted. */
static void listing(const char *b, long n, char *out, size_t size)
{
    const char *ent[64];
    int k = 0;
    for (long pos = 0; pos < n && k < 64;) {
        const struct dirent64 *d = (const void *)(b + pos);
        ent[k++] = (const char *)d;
        pos += d->d_reclen;
    }
    for (int i = 1; i < k; i++) /* insertion sort by name */
        for (int j = i;
             j > 0 && strcmp(((const struct dirent64 *)ent[j - 1])->d_name,
                             ((const struct dirent64 *)ent[j])->d_name) > 0;
             j--) {
            const char *t = ent[j];
            ent[j] = ent[j - 1], ent[j - 1] = t;
        }
    out[0] = '\0';
    for (int i = 0; i < k; i++) {
        const struct dirent64 *d = (const void *)ent[i];
        size_t l = strlen(out);
        snprintf(out + l, size - l, "%s/%d,", d->d_name, d->d_type);
    }
}

static void cmp_dir(const char *p)
{
    _Alignas(8) static char hb[4096], sb[4096];
    static char hl[2048], sl[2048];
    snprintf(what, sizeof(what), "getdents(%s)", p);
    long h = lx(openat(hdir, p, O_RDONLY | O_DIRECTORY));
    long s = sys_openat(sdir, L(p), O_RDONLY | O_DIRECTORY, 0, 0, 0);
    same(h < 0 ? h : 0, s < 0 ? s : 0);
    if (h < 0)
        return;
    long hn = lx(syscall(SYS_getdents64, (int)h, hb, sizeof(hb)));
    long sn = sys_getdents64(s, L(sb), sizeof(sb), 0, 0, 0);
    close((int)h);
    sys_close(s, 0, 0, 0, 0, 0);
    same(hn < 0 ? hn : 0, sn < 0 ? sn : 0);
    listing(hb, hn, hl, sizeof(hl));
    listing(sb, sn, sl, sizeof(sl));
    if (strcmp(hl, sl))
        fail_msg("%s: linux %s, skiff %s", what, hl, sl);
}

static void op_open(const char *p)
{
    static const int fl[] = {O_RDONLY,
                             O_RDWR,
                             O_WRONLY | O_CREAT,
                             O_RDWR | O_CREAT | O_EXCL,
                             O_WRONLY | O_TRUNC,
                             O_RDWR | O_APPEND | O_CREAT,
                             O_RDONLY | O_DIRECTORY,
                             O_RDONLY | O_NOFOLLOW,
                             O_WRONLY | O_CREAT | O_NOFOLLOW,
                             O_PATH};
    int f = fl[rnd(N(fl))], k = (int)rnd(SLOTS);
    snprintf(what, sizeof(what), "open(%s, %#o)", p, f);
    long h = lx(openat(hdir, p, f, 0666));
    long s = sys_openat(sdir, L(p), f, 0666, 0, 0);
    same(h < 0 ? h : 0, s < 0 ? s : 0);
    if (h >= 0) {
        if (hfd[k] >= 0) {
            close(hfd[k]);
            sys_close(sfd[k], 0, 0, 0, 0, 0);
        }
        hfd[k] = (int)h, sfd[k] = (int)s;
    }
}

static void op_io(void)
{
    static char hb[600], sb[600];
    int k = (int)rnd(SLOTS), n = (int)rnd(sizeof(hb));
    struct stat st;
    /* Directories: offsets and read errors vary between file systems and
     * kernels (this host's ext4 answers read with EINVAL, not EISDIR). */
    if (hfd[k] < 0 || (fstat(hfd[k], &st) == 0 && S_ISDIR(st.st_mode)))
        return;
    long h, s;
    switch (rnd(5)) {
    case 0:
        snprintf(what, sizeof(what), "read(slot %d, %d)", k, n);
        h = lx(read(hfd[k], hb, (size_t)n));
        s = sys_read(sfd[k], L(sb), n, 0, 0, 0);
        same(h, s);
        if (h > 0 && memcmp(hb, sb, (size_t)h))
            fail_msg("%s: different bytes", what);
        break;
    case 1:
        for (int i = 0; i < n; i++)
            hb[i] = (char)('A' + rnd(26));
        snprintf(what, sizeof(what), "write(slot %d, %d)", k, n);
        same(lx(write(hfd[k], hb, (size_t)n)),
             sys_write(sfd[k], L(hb), n, 0, 0, 0));
        break;
    case 2: {
        int wh = (int)rnd(3);
        long off = (long)rnd(900) - 100;
        snprintf(what, sizeof(what), "lseek(slot %d, %ld, %d)", k, off, wh);
        h = lx(lseek(hfd[k], off, wh));
        s = sys_lseek(sfd[k], off, wh, 0, 0, 0);
        same(h, s);
        break;
    }
    case 3:
        snprintf(what, sizeof(what), "ftruncate(slot %d, %d)", k, n);
        same(lx(ftruncate(hfd[k], n)), sys_ftruncate(sfd[k], n, 0, 0, 0, 0));
        break;
    default:
        snprintf(what, sizeof(what), "close(slot %d)", k);
        same(lx(close(hfd[k])), sys_close(sfd[k], 0, 0, 0, 0, 0));
        hfd[k] = sfd[k] = -1;
    }
}

static void op_name(void)
{
    const char *p = names[rnd(N(names))], *q = names[rnd(N(names))];
    const char *t = targets[rnd(N(targets))];
    char hb[64], sb[64];
    long h, s;
    switch (rnd(11)) {
    case 0:
        snprintf(what, sizeof(what), "mkdir(%s)", p);
        same(lx(mkdirat(hdir, p, 0755)),
             sys_mkdirat(sdir, L(p), 0755, 0, 0, 0));
        break;
    case 1:
        snprintf(what, sizeof(what), "unlink(%s)", p);
        same(lx(unlinkat(hdir, p, 0)), sys_unlinkat(sdir, L(p), 0, 0, 0, 0));
        break;
    case 2:
        snprintf(what, sizeof(what), "rmdir(%s)", p);
        same(lx(unlinkat(hdir, p, AT_REMOVEDIR)),
             sys_unlinkat(sdir, L(p), AT_REMOVEDIR, 0, 0, 0));
        break;
    case 3: {
        unsigned fl = rnd(2) ? RENAME_NOREPLACE : 0;
        snprintf(what, sizeof(what), "rename(%s, %s, %u)", p, q, fl);
        same(lx(renameat2(hdir, p, hdir, q, fl)),
             sys_renameat2(sdir, L(p), sdir, L(q), fl, 0));
        break;
    }
    case 4:
        snprintf(what, sizeof(what), "symlink(%s, %s)", t, p);
        same(lx(symlinkat(t, hdir, p)),
             sys_symlinkat(L(t), sdir, L(p), 0, 0, 0));
        break;
    case 5:
        snprintf(what, sizeof(what), "readlink(%s)", p);
        h = lx(readlinkat(hdir, p, hb, sizeof(hb)));
        s = sys_readlinkat(sdir, L(p), L(sb), sizeof(sb), 0, 0);
        same(h, s);
        if (h > 0 && memcmp(hb, sb, (size_t)h))
            fail_msg("%s: different targets", what);
        break;
    case 6:
        snprintf(what, sizeof(what), "stat(%s)", p);
        cmp_stat(p, 0);
        break;
    case 7:
        snprintf(what, sizeof(what), "lstat(%s)", p);
        cmp_stat(p, AT_SYMLINK_NOFOLLOW);
        break;
    case 8: cmp_dir(p); break;
    case 9: {
        unsigned m = rnd(2) ? 0700 : 04751;
        snprintf(what, sizeof(what), "chmod(%s, %o)", p, m);
        same(lx(fchmodat(hdir, p, m, 0)), sys_fchmodat(sdir, L(p), m, 0, 0, 0));
        break;
    }
    default:
        snprintf(what, sizeof(what), "access(%s)", p);
        same(lx(faccessat(hdir, p, F_OK, 0)),
             sys_faccessat(sdir, L(p), F_OK, 0, 0, 0));
    }
}

static void run(uint32_t seed, int steps)
{
    char base[] = "/tmp/skiff-fs-XXXXXX";
    struct diag d;
    rng = seed;
    assert_non_null(mkdtemp(base));
    hdir = open(base, O_RDONLY | O_DIRECTORY);
    assert_true(hdir >= 0);
    assert_int_equal(fs_init(NULL, NULL, 0, &d), 0);
    sdir = (int)sys_open(L("/tmp"), O_RDONLY | O_DIRECTORY, 0, 0, 0, 0);
    assert_true(sdir >= 0);
    for (int i = 0; i < SLOTS; i++)
        hfd[i] = sfd[i] = -1;
    for (int i = 0; i < steps; i++) {
        if (rnd(3) == 0)
            op_open(names[rnd(N(names))]);
        else if (rnd(2))
            op_io();
        else
            op_name();
    }
    for (int i = 0; i < SLOTS; i++)
        if (hfd[i] >= 0)
            close(hfd[i]);
    close(hdir);
    fs_fini();
    char cmd[64];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
    assert_int_equal(system(cmd), 0);
}

static void test_against_linux(void **state)
{
    (void)state;
    umask(022);
    for (uint32_t seed = 1; seed <= 60; seed++)
        run(seed, 400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_linux),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
