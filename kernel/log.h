/* SPDX-License-Identifier: MIT */
/*
 * log: leveled kernel messages with timestamps since entry, written to every
 * registered console sink.
 *
 * Messages logged before log_start() (no console or no clock yet) are kept
 * in a buffer with their TSC stamp and printed, in order and with correct
 * timestamps, once log_start() runs; so nothing said early is lost.
 * Single CPU; callable from any context (interrupt handlers included).
 */
#ifndef SKIFF_LOG_H
#define SKIFF_LOG_H
#include <stddef.h>
#include <stdint.h>

enum log_level {
    LOG_NONE = -1, /* as a threshold: print nothing but log_raw output */
    LOG_ERR = 0,
    LOG_WARN,
    LOG_INFO,
    LOG_DEBUG,
};

typedef void (*log_sink_fn)(const char *s, size_t n);

/* Add a console sink (at most 4). Returns 0 or -ENOSPC. */
int log_sink_add(log_sink_fn fn);

/* Messages above (lvl) are dropped. Default LOG_INFO. */
void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);
/* Set the threshold from the log.level and log.quiet parameters. */
void log_params_apply(void);

/* Convert a TSC stamp into ns since entry; installed by the time module
 * once the TSC frequency is known. Until then messages are buffered. */
typedef uint64_t (*log_clock_fn)(uint64_t tsc);
void log_start(log_clock_fn clock);

/* Print any buffered messages now, even without a clock (stamps then show
 * raw TSC values). For the fault path: when no sink exists yet (a fault
 * before the console is set up), the emergency hook is called first so the
 * report still reaches a console. */
void log_flush(void);
typedef void (*log_emergency_fn)(void);
void log_set_emergency(log_emergency_fn fn);

void log_printf(enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Unconditional output without a timestamp prefix (reports, tables). */
void log_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define log_err(...)   log_printf(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_printf(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_printf(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

#endif
