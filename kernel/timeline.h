/* SPDX-License-Identifier: MIT */
/*
 * timeline: TSC stamps of the boot stages, from the first instruction
 * (arch_boot_tsc) to the application's start. Stamps are taken before the
 * TSC frequency is known and converted when printed.
 */
#ifndef SKIFF_TIMELINE_H
#define SKIFF_TIMELINE_H
#include <stdint.h>

#define TIMELINE_MAX 24

/* Record that (stage) (a string literal) is done now. Extra stages beyond
 * TIMELINE_MAX are counted and reported, not stored. */
void timeline_mark(const char *stage);

/* Print one line per stage (ns since entry and the stage's own duration)
 * at LOG_DEBUG, or at LOG_INFO with the boot.timeline parameter. */
void timeline_print(void);

/* ns from entry to the last mark. */
uint64_t timeline_last_ns(void);

#endif
