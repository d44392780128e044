/* SPDX-License-Identifier: MIT */
/* timeline: see timeline.h. */
#include "kernel/timeline.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "lib/param/param.h"

PARAM_BOOL(boot, timeline, false,
           "print each boot stage's time (at debug level otherwise)");

static struct {
    const char *stage;
    uint64_t tsc;
} marks[TIMELINE_MAX];
static unsigned nmarks, lost;

void timeline_mark(const char *stage)
{
    if (nmarks == TIMELINE_MAX) {
        lost++;
        return;
    }
    marks[nmarks].stage = stage;
    marks[nmarks].tsc = tsc_read();
    nmarks++;
}

uint64_t timeline_last_ns(void)
{
    return nmarks ? time_tsc_to_ns(marks[nmarks - 1].tsc) : 0;
}

void timeline_print(void)
{
    enum log_level lvl = param_boot_timeline ? LOG_INFO : LOG_DEBUG;
    uint64_t prev = 0;
    for (unsigned i = 0; i < nmarks; i++) {
        uint64_t ns = time_tsc_to_ns(marks[i].tsc);
        log_printf(lvl, "timeline: %-12s at %6llu us (+%llu us)\n",
                   marks[i].stage, (unsigned long long)(ns / 1000),
                   (unsigned long long)((ns - prev) / 1000));
        prev = ns;
    }
    if (lost)
        log_printf(lvl, "timeline: %u stages not recorded (table full)\n",
                   lost);
}
