/* SPDX-License-Identifier: MIT */
/*
 * rtc: the wall-clock time at boot, from the CMOS real-time clock (ports
 * 0x70/0x71) that QEMU pc, q35 and microvm emulate. Firecracker and
 * cloud-hypervisor have none: the registers read 0xff, which fails the
 * range checks, and the time is then the Unix epoch.
 */
#ifndef SKIFF_RTC_H
#define SKIFF_RTC_H
#include <stdint.h>

/* Seconds since 1970-01-01 00:00 UTC, or 0 when there is no usable RTC. */
uint64_t rtc_read_epoch(void);

/* Days since 1970-01-01 of a proleptic Gregorian date (pure). */
int64_t rtc_days(int year, int month, int day);

#endif
