/* SPDX-License-Identifier: MIT */
/*
 * The time system calls. CLOCK_MONOTONIC and BOOTTIME count from Skiff's
 * entry (there is no suspend, so they agree); CLOCK_REALTIME is the CMOS
 * clock read once at first use plus that; the CPU-time clocks count from
 * the application's start (it has the CPU to itself).
 */
#include "kernel/syscall/clock.h"
#include "kernel/rtc.h"
#include "kernel/syscall/task.h"
#include "kernel/syscall/uaccess.h"
#include "kernel/time.h"
#include "skiff/errno.h"

#define NS 1000000000ull

struct ts {
    int64_t sec, nsec;
};

uint64_t clock_realtime_ns(void)
{
    static uint64_t base;
    static int read;
    if (!read) {
        base = rtc_read_epoch() * NS - time_ns();
        read = 1;
    }
    return base + time_ns();
}

/* Nanoseconds on clock (id), or -EINVAL. */
static int64_t now(long id)
{
    switch (id) {
    case 0:  /* REALTIME */
    case 5:  /* REALTIME_COARSE */
    case 8:  /* REALTIME_ALARM */
    case 11: /* TAI (no leap-second table: same as REALTIME) */
        return (int64_t)clock_realtime_ns();
    case 1: /* MONOTONIC */
    case 4: /* MONOTONIC_RAW */
    case 6: /* MONOTONIC_COARSE */
    case 7: /* BOOTTIME */
    case 9: /* BOOTTIME_ALARM */ return (int64_t)time_ns();
    case 2: /* PROCESS_CPUTIME_ID */
    case 3: /* THREAD_CPUTIME_ID */
        return (int64_t)(time_ns() - task_current.start_ns);
    default: return -EINVAL;
    }
}

static long put_ts(long uts, uint64_t ns)
{
    struct ts t = {(int64_t)(ns / NS), (int64_t)(ns % NS)};
    return uaccess_to((uint64_t)uts, &t, sizeof(t));
}

long sys_clock_gettime(long id, long uts, long c, long d, long e, long f)
{
    (void)c, (void)d, (void)e, (void)f;
    int64_t ns = now(id);
    return ns < 0 ? ns : put_ts(uts, (uint64_t)ns);
}

long sys_clock_getres(long id, long uts, long c, long d, long e, long f)
{
    (void)c, (void)d, (void)e, (void)f;
    if (now(id) < 0)
        return -EINVAL;
    return uts ? put_ts(uts, 1) : 0;
}

long sys_gettimeofday(long utv, long utz, long c, long d, long e, long f)
{
    (void)c, (void)d, (void)e, (void)f;
    uint64_t ns = clock_realtime_ns();
    int64_t tv[2] = {(int64_t)(ns / NS), (int64_t)(ns % NS / 1000)};
    int32_t tz[2] = {0, 0};
    if (utv && uaccess_to((uint64_t)utv, tv, sizeof(tv)))
        return -EFAULT;
    if (utz && uaccess_to((uint64_t)utz, tz, sizeof(tz)))
        return -EFAULT;
    return 0;
}

long sys_time(long ut, long b, long c, long d, long e, long f)
{
    (void)b, (void)c, (void)d, (void)e, (void)f;
    int64_t s = (int64_t)(clock_realtime_ns() / NS);
    if (ut && uaccess_to((uint64_t)ut, &s, sizeof(s)))
        return -EFAULT;
    return (long)s;
}

/* Sleep until clock (id) reads (until) ns. */
static long sleep_until(long id, int64_t until)
{
    for (;;) {
        int64_t t = now(id);
        if (t >= until)
            return 0;
        time_sleep_ns((uint64_t)(until - t));
    }
}

static long get_req(long ureq, int64_t *ns)
{
    struct ts t;
    if (uaccess_from(&t, (uint64_t)ureq, sizeof(t)))
        return -EFAULT;
    if (t.sec < 0 || t.nsec < 0 || (uint64_t)t.nsec >= NS)
        return -EINVAL;
    *ns = (uint64_t)t.sec > INT64_MAX / NS / 2 ? INT64_MAX / 2
                                               : (int64_t)(t.sec * NS + t.nsec);
    return 0;
}

long sys_nanosleep(long ureq, long urem, long c, long d, long e, long f)
{
    (void)c, (void)d, (void)e, (void)f;
    int64_t ns;
    long rc = get_req(ureq, &ns);
    if (rc)
        return rc;
    rc = sleep_until(1, now(1) + ns);
    if (urem)
        put_ts(urem, 0); /* never interrupted: nothing remains */
    return rc;
}

long sys_clock_nanosleep(long id, long flags, long ureq, long urem, long e,
                         long f)
{
    (void)e, (void)f;
    int64_t ns;
    if (now(id) < 0 || id == 3)
        return -EINVAL; /* Linux refuses to sleep on the thread's CPU clock */
    if (flags & ~1l)
        return -EINVAL;
    long rc = get_req(ureq, &ns);
    if (rc)
        return rc;
    rc = sleep_until(id, (flags & 1) ? ns : now(id) + ns);
    if (urem && !(flags & 1))
        put_ts(urem, 0);
    return rc;
}
