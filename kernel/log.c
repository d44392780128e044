/* SPDX-License-Identifier: MIT */
/*
 * log: see log.h. Early messages are formatted at once (their arguments may
 * not outlive the call) into a byte buffer of records {tsc, level, len,
 * text}; log_start() replays them. When the buffer fills, later early
 * messages are counted and the count is reported at replay.
 */
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"
#include "skiff/errno.h"
#include <stdarg.h>

#ifdef SKIFF_HOSTED
static uint64_t stamp(void)
{
    return 0;
}
#else
#include "arch/x86_64/io.h"
static uint64_t stamp(void)
{
    return tsc_read();
}
#endif

#define MAX_SINKS   4
#define EARLY_BYTES 16384
#define LINE_MAX    512
#define LEVEL_RAW   7

struct early_rec {
    uint64_t tsc;
    uint16_t len;
    uint8_t level;
};

static log_sink_fn sinks[MAX_SINKS];
static unsigned nsinks;
static enum log_level threshold = LOG_INFO;
static log_clock_fn clock_fn;
static unsigned char early[EARLY_BYTES];
static size_t early_used;
static unsigned early_dropped;
static int direct; /* print at once even without a clock (fault path) */
static log_emergency_fn emergency;

PARAM_ENUM(log, level, LOG_INFO + 1, "kernel messages to print", "none",
           "error", "warn", "info", "debug");
PARAM_BOOL(log, quiet, false,
           "only errors, the ready line and the application's output");

int log_sink_add(log_sink_fn fn)
{
    if (nsinks == MAX_SINKS)
        return -ENOSPC;
    sinks[nsinks++] = fn;
    return 0;
}

void log_set_level(enum log_level lvl)
{
    threshold = lvl;
}

void log_params_apply(void)
{
    threshold = (enum log_level)((int)param_log_level - 1);
    if (param_log_quiet && threshold > LOG_ERR)
        threshold = LOG_ERR;
}
enum log_level log_get_level(void)
{
    return threshold;
}

static void emit(const char *s, size_t n)
{
    for (unsigned i = 0; i < nsinks; i++)
        sinks[i](s, n);
}

/* Print one message with its "[ssss.uuuuuu] " prefix (none for raw). */
static void print_line(uint64_t tsc, int level, const char *text, size_t n)
{
    if (level != LEVEL_RAW) {
        char pre[40];
        int k;
        if (clock_fn) {
            uint64_t us = clock_fn(tsc) / 1000;
            k = ksnprintf(pre, sizeof(pre), "[%5llu.%06llu] ",
                          (unsigned long long)(us / 1000000),
                          (unsigned long long)(us % 1000000));
        } else {
            k = ksnprintf(pre, sizeof(pre), "[tsc %llu] ",
                          (unsigned long long)tsc);
        }
        emit(pre, (size_t)k);
    }
    emit(text, n);
}

static void early_store(uint64_t tsc, int level, const char *text, size_t n)
{
    if (early_used + sizeof(struct early_rec) + n > EARLY_BYTES) {
        early_dropped++;
        return;
    }
    struct early_rec r = {tsc, (uint16_t)n, (uint8_t)level};
    memcpy(early + early_used, &r, sizeof(r));
    memcpy(early + early_used + sizeof(r), text, n);
    early_used += sizeof(r) + n;
}

static void early_replay(void)
{
    size_t at = 0;
    while (at < early_used) {
        struct early_rec r;
        memcpy(&r, early + at, sizeof(r));
        at += sizeof(r);
        print_line(r.tsc, r.level, (const char *)early + at, r.len);
        at += r.len;
    }
    early_used = 0;
    if (early_dropped) {
        char m[80];
        int k = ksnprintf(m, sizeof(m),
                          "log: %u early messages dropped (buffer full)\n",
                          early_dropped);
        emit(m, (size_t)k);
        early_dropped = 0;
    }
}

void log_start(log_clock_fn clock)
{
    clock_fn = clock;
    early_replay();
}

void log_set_emergency(log_emergency_fn fn)
{
    emergency = fn;
}

void log_flush(void)
{
    if (!nsinks && emergency)
        emergency();
    early_replay();
    direct = 1;
}

static void submit(int level, const char *fmt, va_list ap)
{
    char line[LINE_MAX];
    uint64_t tsc = stamp();
    int n = kvsnprintf(line, sizeof(line), fmt, ap);
    size_t len = n < 0 ? 0 : (size_t)n;
    if (len >= sizeof(line)) {
        len = sizeof(line) - 1;
        line[len - 1] = '\n'; /* keep the console's lines whole */
    }
    if (clock_fn || direct)
        print_line(tsc, level, line, len);
    else
        early_store(tsc, level, line, len);
}

void log_printf(enum log_level lvl, const char *fmt, ...)
{
    if (lvl > threshold)
        return;
    va_list ap;
    va_start(ap, fmt);
    submit(lvl, fmt, ap);
    va_end(ap);
}

void log_raw(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    submit(LEVEL_RAW, fmt, ap);
    va_end(ap);
}
