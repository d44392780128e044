/* SPDX-License-Identifier: MIT */
/* The time system calls (clock.c), for proc.c's table. */
#ifndef SKIFF_SYS_CLOCK_H
#define SKIFF_SYS_CLOCK_H
#include <stdint.h>

/* Nanoseconds since the Unix epoch (0 at boot when there is no RTC). */
uint64_t clock_realtime_ns(void);

long sys_clock_gettime(long, long, long, long, long, long);
long sys_clock_getres(long, long, long, long, long, long);
long sys_gettimeofday(long, long, long, long, long, long);
long sys_time(long, long, long, long, long, long);
long sys_nanosleep(long, long, long, long, long, long);
long sys_clock_nanosleep(long, long, long, long, long, long);

#endif
