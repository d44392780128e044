/* SPDX-License-Identifier: MIT */
/*
 * t_time: clocks and sleeping. clock_gettime (libc and raw: musl may use a
 * vDSO on Linux, Skiff offers none), clock_getres, gettimeofday, time,
 * nanosleep, clock_nanosleep. Checks only order and bounds, never values:
 * CLOCK_MONOTONIC never goes back and advances across a sleep by at least
 * the time slept; the wall clock is after 2020 and agrees with itself.
 */
#include "t.h"

#include <sys/time.h>
#include <time.h>

#define BAD   ((void *)1)
#define Y2020 1577836800L
#define NS    1000000000L

static long long ns(const struct timespec *t)
{
    return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void monotonic(void)
{
    struct timespec a, b;
    int back = 0;
    t_long("clock_gettime MONOTONIC", clock_gettime(CLOCK_MONOTONIC, &a), 0);
    for (int i = 0; i < 1000; i++) {
        syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
        back |= ns(&b) < ns(&a);
        a = b;
    }
    t_true("monotonic never goes back", !back);
    t_true("tv_nsec in range", b.tv_nsec >= 0 && b.tv_nsec < NS);
    struct timespec r;
    t_long("clock_getres", clock_getres(CLOCK_MONOTONIC, &r), 0);
    t_true("resolution sane", ns(&r) > 0 && ns(&r) <= 10000000);
    t_long("BOOTTIME", clock_gettime(CLOCK_BOOTTIME, &a), 0);
    t_long("MONOTONIC_RAW", clock_gettime(CLOCK_MONOTONIC_RAW, &a), 0);
    t_long("PROCESS_CPUTIME", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a), 0);
    t_err("bad clock", syscall(SYS_clock_gettime, 1234, &a), EINVAL);
    t_err("clock_gettime EFAULT",
          syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD), EFAULT);
}

static void wall(void)
{
    struct timespec t;
    struct timeval tv;
    t_long("clock_gettime REALTIME", clock_gettime(CLOCK_REALTIME, &t), 0);
    t_true("realtime after 2020", t.tv_sec > Y2020);
    t_long("gettimeofday", gettimeofday(&tv, NULL), 0);
    t_true("gettimeofday agrees",
           tv.tv_sec >= t.tv_sec && tv.tv_sec - t.tv_sec < 10);
    t_true("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    t_true("time agrees", time(NULL) - t.tv_sec < 10);
    t_err("gettimeofday EFAULT", syscall(SYS_gettimeofday, BAD, NULL), EFAULT);
}

static void sleeping(void)
{
    struct timespec a, b, d = {0, 20 * 1000000};
    clock_gettime(CLOCK_MONOTONIC, &a);
    t_long("nanosleep 20 ms", nanosleep(&d, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    t_true("slept at least 20 ms", ns(&b) - ns(&a) >= 20000000);
    t_true("slept less than 5 s", ns(&b) - ns(&a) < 5 * NS);
    struct timespec z = {0, 0};
    t_long("nanosleep 0", nanosleep(&z, NULL), 0);
    struct timespec bad = {0, NS};
    t_err("nanosleep nsec 1e9", syscall(SYS_nanosleep, &bad, NULL), EINVAL);
    bad.tv_nsec = -1;
    t_err("nanosleep nsec -1", syscall(SYS_nanosleep, &bad, NULL), EINVAL);
    t_err("nanosleep EFAULT", syscall(SYS_nanosleep, BAD, NULL), EFAULT);
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec until = {a.tv_sec, a.tv_nsec + 10000000};
    if (until.tv_nsec >= NS)
        until.tv_sec++, until.tv_nsec -= NS;
    t_long("clock_nanosleep absolute",
           clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    t_true("woke after the deadline", ns(&b) >= ns(&until));
}

int main(void)
{
    monotonic();
    wall();
    sleeping();
    return t_done("t_time");
}
