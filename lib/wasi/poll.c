/* SPDX-License-Identifier: MIT */
/*
 * wasi: poll_oneoff. Clock subscriptions sleep until the earliest
 * deadline and report the ones that have passed; descriptor subscriptions
 * are reported ready at once (regular files and stdio are always ready
 * for a blocking program).
 */
#include "lib/wasi/wasi_int.h"

#include <string.h>
#include <time.h>

static uint64_t now(uint32_t clock)
{
    struct timespec ts;
    clock_gettime(clock == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Deadline of a clock subscription, on its clock. */
static uint64_t deadline(const uint8_t *s, uint32_t *clock)
{
    uint64_t timeout;
    uint16_t flags;
    memcpy(clock, s + 16, 4);
    memcpy(&timeout, s + 24, 8);
    memcpy(&flags, s + 40, 2);
    return (flags & 1) ? timeout : now(*clock) + timeout;
}

WASI_FN(poll_oneoff)
{
    (void)w;
    uint32_t n = a[2].i32;
    const uint8_t *subs = wasi_mem(in, a[0].i32, (uint64_t)n * 48);
    uint8_t *events = wasi_mem(in, a[1].i32, (uint64_t)n * 32);
    if (!subs || !events || !wasi_mem(in, a[3].i32, 4))
        return WE_FAULT;
    if (n == 0)
        return WE_INVAL;
    if (n > 256)
        return WE_NOTSUP;
    uint64_t dl[256];
    uint32_t clk[256];
    bool fd_ready = false;
    uint64_t wait = UINT64_MAX;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *s = subs + 48 * i;
        if (s[8] != 0) {
            fd_ready = true;
            continue;
        }
        dl[i] = deadline(s, &clk[i]);
        uint64_t t = now(clk[i]);
        uint64_t left = dl[i] > t ? dl[i] - t : 0;
        if (left < wait)
            wait = left;
    }
    if (!fd_ready && wait != UINT64_MAX && wait > 0) {
        struct timespec ts = {(time_t)(wait / 1000000000u),
                              (long)(wait % 1000000000u)};
        while (nanosleep(&ts, &ts))
            ;
    }
    uint32_t nev = 0;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *s = subs + 48 * i;
        if (s[8] == 0 && (fd_ready || dl[i] > now(clk[i])))
            continue;
        uint8_t *ev = events + 32 * nev++;
        memset(ev, 0, 32);
        memcpy(ev, s, 8); /* userdata */
        ev[10] = s[8];    /* type */
    }
    memcpy(wasi_mem(in, a[3].i32, 4), &nev, 4);
    return WE_SUCCESS;
}
