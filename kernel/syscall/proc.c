/* SPDX-License-Identifier: MIT */
/*
 * The process system calls for Skiff's single process (pid = tid = 1, uid
 * and gid 0) and its single thread. Signals: dispositions and the mask are
 * kept and reported, but handlers never run; a signal the program sends
 * itself whose action is not "ignore" ends it as the default action would,
 * and so does a fault (TASK_STATUS_KILLED). No fork, clone or execve.
 */
#include "kernel/entropy.h"
#include "kernel/mm/kmem.h"
#include "kernel/syscall/clock.h"
#include "kernel/syscall/sys.h"
#include "kernel/syscall/task.h"
#include "kernel/syscall/uaccess.h"
#include "kernel/time.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#ifndef SKIFF_HOSTED
#include "arch/x86_64/user.h"
#endif

#define UNUSED6  (void)a, (void)b, (void)c, (void)d, (void)e, (void)f
#define ARGS     long a, long b, long c, long d, long e, long f
#define RLIM_INF (~0ull)
#define NLIMITS  16

struct task task_current;

static struct {
    uint64_t cur, max;
} limits[NLIMITS];
static int limits_ready;

static void limits_init(void)
{
    for (unsigned i = 0; i < NLIMITS; i++)
        limits[i].cur = limits[i].max = RLIM_INF;
    limits[3].cur = task_current.stack_limit; /* RLIMIT_STACK */
    limits[4].cur = limits[4].max = 0;        /* RLIMIT_CORE */
    limits[7].cur = limits[7].max = 256;      /* RLIMIT_NOFILE: fs's table */
    limits_ready = 1;
}

static long ret0(ARGS)
{
    UNUSED6;
    return 0;
}

static long ret1(ARGS)
{
    UNUSED6;
    return 1;
}

static long enosys_quiet(ARGS)
{
    UNUSED6;
    return -ENOSYS; /* rseq: glibc and musl carry on without it */
}

static long sys_exit(ARGS)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    task_exit((int)(a & 0xff));
}

static long sys_setid(ARGS)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    return a == 0 ? 0 : -EPERM;
}

static long sys_getres(ARGS)
{
    (void)d, (void)e, (void)f;
    uint32_t z = 0;
    if (uaccess_to((uint64_t)a, &z, 4) || uaccess_to((uint64_t)b, &z, 4) ||
        uaccess_to((uint64_t)c, &z, 4))
        return -EFAULT;
    return 0;
}

static long sys_uname(ARGS)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    static const char *const f6[6] = {"Linux",    "skiff",  "6.1.0-skiff",
                                      "#1 Skiff", "x86_64", "(none)"};
    char u[6][65];
    memset(u, 0, sizeof(u));
    for (int i = 0; i < 6; i++)
        kstrlcpy(u[i], f6[i], sizeof(u[i]));
    return uaccess_to((uint64_t)a, u, sizeof(u));
}

static long sys_getrandom(ARGS)
{
    (void)d, (void)e, (void)f;
    if (c & ~7l)
        return -EINVAL;
    if (b < 0)
        return -EINVAL;
    if (!uaccess_ok((uint64_t)a, (uint64_t)b, 1))
        return -EFAULT;
    entropy_get((void *)(uintptr_t)a, (size_t)b);
    return b;
}

static long rlimit_io(long res, long unew, long uold)
{
    if (!limits_ready)
        limits_init();
    if (res < 0 || res >= NLIMITS)
        return -EINVAL;
    uint64_t v[2] = {limits[res].cur, limits[res].max};
    if (uold && uaccess_to((uint64_t)uold, v, sizeof(v)))
        return -EFAULT;
    if (unew) {
        if (uaccess_from(v, (uint64_t)unew, sizeof(v)))
            return -EFAULT;
        if (v[0] > v[1])
            return -EINVAL;
        if (v[1] > limits[res].max)
            return -EPERM; /* raising a hard limit: not even root here */
        limits[res].cur = v[0];
        limits[res].max = v[1];
    }
    return 0;
}

static long sys_prlimit64(ARGS)
{
    (void)e, (void)f;
    if (a != 0 && a != 1)
        return -ESRCH;
    return rlimit_io(b, c, d);
}

static long sys_getrlimit(ARGS)
{
    UNUSED6;
    return rlimit_io(a, 0, b);
}

static long sys_setrlimit(ARGS)
{
    UNUSED6;
    return rlimit_io(a, b, 0);
}

static long sys_sysinfo(ARGS)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    uint8_t s[112];
    memset(s, 0, sizeof(s));
    uint64_t up = time_ns() / 1000000000ull;
    uint64_t total = kpmm.total_pages * PMM_PAGE;
    uint64_t free = kpmm.free_pages * PMM_PAGE;
    uint16_t procs = 1;
    uint32_t unit = 1;
    memcpy(s + 0, &up, 8);
    memcpy(s + 32, &total, 8);
    memcpy(s + 40, &free, 8);
    memcpy(s + 80, &procs, 2);
    memcpy(s + 104, &unit, 4);
    return uaccess_to((uint64_t)a, s, sizeof(s));
}

static long sys_times(ARGS)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    /* USER_HZ 100: all of the time since the start counts as user time. */
    uint64_t ticks = (time_ns() - task_current.start_ns) / 10000000ull;
    uint64_t t[4] = {ticks, 0, 0, 0};
    if (a && uaccess_to((uint64_t)a, t, sizeof(t)))
        return -EFAULT;
    return (long)(time_ns() / 10000000ull);
}

static long sys_getrusage(ARGS)
{
    (void)c, (void)d, (void)e, (void)f;
    if (a != 0 && a != -1 && a != 1) /* SELF, CHILDREN, THREAD */
        return -EINVAL;
    uint64_t r[18];
    memset(r, 0, sizeof(r));
    if (a != -1) {
        uint64_t us = (time_ns() - task_current.start_ns) / 1000;
        r[0] = us / 1000000;
        r[1] = us % 1000000;
        r[4] = task_current.mem.bytes / 1024; /* ru_maxrss in KiB */
    }
    return uaccess_to((uint64_t)b, r, sizeof(r));
}

static long sys_set_tid_address(ARGS)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    task_current.clear_tid = (uint64_t)a;
    return 1;
}

static long sys_set_robust_list(ARGS)
{
    (void)a, (void)c, (void)d, (void)e, (void)f;
    return b == 24 ? 0 : -EINVAL; /* sizeof(struct robust_list_head) */
}

static long sys_sched_getaffinity(ARGS)
{
    (void)d, (void)e, (void)f;
    uint64_t mask = 1;
    if (a != 0 && a != 1)
        return -ESRCH;
    if (b < 8 || (b & 7))
        return -EINVAL;
    return uaccess_to((uint64_t)c, &mask, 8) ? -EFAULT : 8;
}

static long sys_getcpu(ARGS)
{
    (void)c, (void)d, (void)e, (void)f;
    uint32_t z = 0;
    if ((a && uaccess_to((uint64_t)a, &z, 4)) ||
        (b && uaccess_to((uint64_t)b, &z, 4)))
        return -EFAULT;
    return 0;
}

static long sys_wait4(ARGS)
{
    UNUSED6;
    return -ECHILD; /* no children, ever */
}

/* PR_SET_NAME / PR_GET_NAME: the thread's 16-byte name; other options
 * are for features Skiff does not have. */
static long sys_prctl(ARGS)
{
    (void)c, (void)d, (void)e, (void)f;
    static char name[16] = "app";
    char tmp[16];
    switch (a) {
    case 15:
        if (uaccess_str(tmp, (uint64_t)b, sizeof(tmp)) == -EFAULT)
            return -EFAULT;
        tmp[15] = 0;
        memcpy(name, tmp, sizeof(name));
        return 0;
    case 16: return uaccess_to((uint64_t)b, name, sizeof(name));
    default: return -EINVAL;
    }
}

static long sys_arch_prctl(ARGS)
{
    (void)c, (void)d, (void)e, (void)f;
#ifndef SKIFF_HOSTED
    uint64_t v;
    switch (a) {
    case 0x1002: /* ARCH_SET_FS */
        if ((uint64_t)b >= 0x800000000000ull)
            return -EPERM; /* not a canonical user address */
        user_set_fs((uint64_t)b);
        return 0;
    case 0x1003: /* ARCH_GET_FS */
        v = user_get_fs();
        return uaccess_to((uint64_t)b, &v, 8);
    default: return -EINVAL;
    }
#else
    (void)a, (void)b;
    return -EINVAL;
#endif
}

const struct sys_call sys_proc_calls[] = {
    {60, "exit", sys_exit},
    {231, "exit_group", sys_exit},
    {39, "getpid", ret1},
    {186, "gettid", ret1},
    {110, "getppid", ret0},
    {102, "getuid", ret0},
    {104, "getgid", ret0},
    {107, "geteuid", ret0},
    {108, "getegid", ret0},
    {111, "getpgrp", ret1},
    {121, "getpgid", ret1},
    {124, "getsid", ret1},
    {109, "setpgid", ret0},
    {105, "setuid", sys_setid},
    {106, "setgid", sys_setid},
    {118, "getresuid", sys_getres},
    {120, "getresgid", sys_getres},
    {63, "uname", sys_uname},
    {318, "getrandom", sys_getrandom},
    {24, "sched_yield", ret0},
    {302, "prlimit64", sys_prlimit64},
    {97, "getrlimit", sys_getrlimit},
    {160, "setrlimit", sys_setrlimit},
    {99, "sysinfo", sys_sysinfo},
    {100, "times", sys_times},
    {98, "getrusage", sys_getrusage},
    {218, "set_tid_address", sys_set_tid_address},
    {273, "set_robust_list", sys_set_robust_list},
    {334, "rseq", enosys_quiet},
    {204, "sched_getaffinity", sys_sched_getaffinity},
    {309, "getcpu", sys_getcpu},
    {61, "wait4", sys_wait4},
    {158, "arch_prctl", sys_arch_prctl},
    {157, "prctl", sys_prctl},
    {228, "clock_gettime", sys_clock_gettime},
    {229, "clock_getres", sys_clock_getres},
    {230, "clock_nanosleep", sys_clock_nanosleep},
    {96, "gettimeofday", sys_gettimeofday},
    {201, "time", sys_time},
    {35, "nanosleep", sys_nanosleep},
    {0, 0, 0},
};
