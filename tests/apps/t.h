/* SPDX-License-Identifier: MIT */
/*
 * t.h: the checks shared by the system-call test programs. Each program
 * prints one line per check, "ok NAME" or "FAIL NAME: got X want Y", with
 * nothing that varies between runs or machines (no pids, times, addresses),
 * so the output of a host run is the expected output inside Skiff, and
 * exits 0 when every check passed.
 * The fixture tree (tests/apps/data) is at /data in Skiff; on the host the
 * environment variable ROOT names the directory holding data/ (t_path()
 * prefixes it). Scratch files go to a per-program directory under /tmp.
 * Header-only: each program is one file built with musl-gcc -static.
 * Error checks use raw syscall() where a libc wrapper might touch a bad
 * pointer itself or substitute a vDSO call.
 */
#ifndef SKIFF_APPS_T_H
#define SKIFF_APPS_T_H
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int t_failed;

/* Unbuffered stdout: a program that dies mid-way still shows its lines. */
__attribute__((constructor)) static void t_init(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
}

static __attribute__((unused)) const char *t_errname(int e)
{
    static const struct {
        int e;
        const char *n;
    } names[] = {
        {0, "0"},
        {EPERM, "EPERM"},
        {ENOENT, "ENOENT"},
        {EBADF, "EBADF"},
        {EAGAIN, "EAGAIN"},
        {ENOMEM, "ENOMEM"},
        {EACCES, "EACCES"},
        {EFAULT, "EFAULT"},
        {EEXIST, "EEXIST"},
        {ENOTDIR, "ENOTDIR"},
        {EISDIR, "EISDIR"},
        {EINVAL, "EINVAL"},
        {ENOTTY, "ENOTTY"},
        {ESPIPE, "ESPIPE"},
        {EROFS, "EROFS"},
        {ERANGE, "ERANGE"},
        {ENOSYS, "ENOSYS"},
        {ENOTEMPTY, "ENOTEMPTY"},
        {ENAMETOOLONG, "ENAMETOOLONG"},
        {EMFILE, "EMFILE"},
        {EXDEV, "EXDEV"},
        {ETIMEDOUT, "ETIMEDOUT"},
        {EINTR, "EINTR"},
    };
    static char buf[16];
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].e == e)
            return names[i].n;
    snprintf(buf, sizeof(buf), "errno %d", e);
    return buf;
}

static __attribute__((unused)) void t_ok(const char *name)
{
    printf("ok %s\n", name);
}

static __attribute__((unused)) void t_fail(const char *name, const char *got,
                                           const char *want)
{
    printf("FAIL %s: got %s want %s\n", name, got, want);
    t_failed++;
}

/* A condition that is true or false; no value to show. */
static __attribute__((unused)) void t_true(const char *name, int cond)
{
    if (cond)
        t_ok(name);
    else
        t_fail(name, "false", "true");
}

static __attribute__((unused)) void t_long(const char *name, long got,
                                           long want)
{
    char g[32], w[32];
    if (got == want) {
        t_ok(name);
        return;
    }
    snprintf(g, sizeof(g), "%ld", got);
    snprintf(w, sizeof(w), "%ld", want);
    t_fail(name, g, w);
}

static __attribute__((unused)) void t_str(const char *name, const char *got,
                                          const char *want)
{
    if (got && strcmp(got, want) == 0)
        t_ok(name);
    else
        t_fail(name, got ? got : "(null)", want);
}

/* (rc) is what a libc wrapper or syscall() returned: want -1 and errno
 * (err). Reads errno, so call it right after the call. */
static __attribute__((unused)) void t_err(const char *name, long rc, int err)
{
    int e = errno;
    char g[48], w[32];
    if (rc == -1 && e == err) {
        t_ok(name);
        return;
    }
    if (rc == -1)
        snprintf(g, sizeof(g), "-1 %s", t_errname(e));
    else
        snprintf(g, sizeof(g), "%ld", rc);
    snprintf(w, sizeof(w), "-1 %s", t_errname(err));
    t_fail(name, g, w);
}

/* (rc) must be >= 0; on failure shows the errno. */
static __attribute__((unused)) void t_okrc(const char *name, long rc)
{
    int e = errno;
    char g[48];
    if (rc >= 0) {
        t_ok(name);
        return;
    }
    snprintf(g, sizeof(g), "%ld %s", rc, t_errname(e));
    t_fail(name, g, ">= 0");
}

/* ROOT + path, in one of eight rotating buffers. */
static __attribute__((unused)) const char *t_path(const char *p)
{
    static char buf[8][512];
    static int k;
    const char *root = getenv("ROOT");
    char *b = buf[k++ & 7];
    snprintf(b, sizeof(buf[0]), "%s%s", root ? root : "", p);
    return b;
}

/* The scratch directory of this program, /tmp/skiff-NAME, or a file in
 * it; one of eight rotating buffers. */
static __attribute__((unused)) const char *t_tmp(const char *name,
                                                 const char *file)
{
    static char buf[8][256];
    static int k;
    char *b = buf[k++ & 7];
    snprintf(b, sizeof(buf[0]), "/tmp/skiff-%s%s%s", name, file ? "/" : "",
             file ? file : "");
    return b;
}

static __attribute__((unused)) int t_done(const char *prog)
{
    printf("%s: %s\n", prog, t_failed ? "FAILED" : "all passed");
    return t_failed ? 1 : 0;
}

#endif
