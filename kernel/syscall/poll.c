/* SPDX-License-Identifier: MIT */
/*
 * poll, ppoll, select, pselect6. Nothing in Skiff's file system ever makes
 * a reader or writer wait (files, devices and the console answer at once;
 * an empty pipe answers end-of-file or EAGAIN), and no other thread could
 * change that, so every open descriptor is ready for what was asked, and
 * only a call with nothing to watch sleeps, for its timeout.
 */
#include "fs/fs.h"
#include "kernel/syscall/sys.h"
#include "kernel/syscall/uaccess.h"
#include "kernel/time.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define POLLIN   0x001
#define POLLOUT  0x004
#define POLLNVAL 0x020
#define POLL_MAX 1024 /* RLIMIT_NOFILE-sized, like Linux's check */

struct pollfd_l {
    int32_t fd;
    int16_t events, revents;
};

static int open_fd(int fd)
{
    return fd >= 0 && fs_get_flags(fd) >= 0;
}

/* Sleep for a call with nothing ready: (ns) < 0 would be forever. */
static long nothing_ready(int64_t ns)
{
    if (ns < 0)
        return -EINTR; /* a signal is the only way out on Linux */
    if (ns)
        time_sleep_ns((uint64_t)ns);
    return 0;
}

static long do_poll(long ufds, long n, int64_t ns)
{
    if (n < 0 || n > POLL_MAX)
        return -EINVAL;
    if (!uaccess_ok((uint64_t)ufds, (uint64_t)n * sizeof(struct pollfd_l), 1))
        return -EFAULT;
    struct pollfd_l *p = (struct pollfd_l *)(uintptr_t)ufds;
    long ready = 0;
    for (long i = 0; i < n; i++) {
        p[i].revents = 0;
        if (p[i].fd < 0)
            continue;
        p[i].revents = open_fd(p[i].fd)
                           ? (int16_t)(p[i].events & (POLLIN | POLLOUT))
                           : POLLNVAL;
        ready += p[i].revents != 0;
    }
    return ready ? ready : nothing_ready(ns);
}

/* A timespec at (uts) in ns; -1 for NULL (wait forever). */
static long get_timeout(long uts, int64_t *ns)
{
    int64_t t[2];
    *ns = -1;
    if (!uts)
        return 0;
    if (uaccess_from(t, (uint64_t)uts, sizeof(t)))
        return -EFAULT;
    if (t[0] < 0 || t[1] < 0 || t[1] >= 1000000000)
        return -EINVAL;
    *ns = t[0] > 1000000000 ? 1000000000ll * 1000000000ll
                            : t[0] * 1000000000ll + t[1];
    return 0;
}

static long sys_poll(long a, long b, long c, long d, long e, long f)
{
    (void)d, (void)e, (void)f;
    return do_poll(a, b, c < 0 ? -1 : (int64_t)c * 1000000);
}

static long sys_ppoll(long a, long b, long c, long d, long e, long f)
{
    (void)d, (void)e, (void)f;
    int64_t ns;
    long rc = get_timeout(c, &ns);
    return rc ? rc : do_poll(a, b, ns);
}

/* Count the descriptors of one fd_set, which all stay set (ready); Linux
 * fails the whole call with EBADF for one that is not open. */
static long scan_set(long uset, long n, long *ready)
{
    uint64_t bits[POLL_MAX / 64];
    size_t bytes = (size_t)((n + 63) / 64 * 8);
    if (!uset)
        return 0;
    if (uaccess_from(bits, (uint64_t)uset, bytes))
        return -EFAULT;
    for (long fd = 0; fd < n; fd++) {
        if (!(bits[fd / 64] >> (fd % 64) & 1))
            continue;
        if (!open_fd((int)fd))
            return -EBADF;
        (*ready)++;
    }
    return 0;
}

static long do_select(long n, long r, long w, long x, int64_t ns)
{
    long ready = 0, rc;
    if (n < 0 || n > POLL_MAX)
        return -EINVAL;
    if ((rc = scan_set(r, n, &ready)) || (rc = scan_set(w, n, &ready)))
        return rc;
    if (x) { /* no exceptional conditions ever: an empty set back */
        uint64_t none[POLL_MAX / 64] = {0};
        if (uaccess_to((uint64_t)x, none, (size_t)((n + 63) / 64 * 8)))
            return -EFAULT;
    }
    return ready ? ready : nothing_ready(ns);
}

static long sys_select(long a, long b, long c, long d, long e, long f)
{
    (void)f;
    int64_t ns = -1;
    if (e) {
        int64_t tv[2];
        if (uaccess_from(tv, (uint64_t)e, sizeof(tv)))
            return -EFAULT;
        if (tv[0] < 0 || tv[1] < 0 || tv[1] >= 1000000)
            return -EINVAL;
        ns = tv[0] * 1000000000ll + tv[1] * 1000;
    }
    return do_select(a, b, c, d, ns);
}

static long sys_pselect6(long a, long b, long c, long d, long e, long f)
{
    (void)f;
    int64_t ns;
    long rc = get_timeout(e, &ns);
    return rc ? rc : do_select(a, b, c, d, ns);
}

const struct sys_call sys_poll_calls[] = {
    {7, "poll", sys_poll},
    {271, "ppoll", sys_ppoll},
    {23, "select", sys_select},
    {270, "pselect6", sys_pselect6},
    {0, 0, 0},
};
