/* SPDX-License-Identifier: MIT */
/* Collecting the kernel log in a host test: see log_capture.h. */
#include "tests/unit/fakes/log_capture.h"
#include "kernel/log.h"
#include <string.h>

static char text[4096];
static size_t len;

static void sink(const char *s, size_t n)
{
    if (n > sizeof(text) - 1 - len)
        n = sizeof(text) - 1 - len;
    memcpy(text + len, s, n);
    len += n;
    text[len] = 0;
}

void log_capture_start(void)
{
    static int added;
    if (!added++)
        log_sink_add(sink);
    log_flush();
    len = 0;
    text[0] = 0;
}

const char *log_capture_text(void)
{
    log_flush();
    return text;
}

unsigned log_capture_count(const char *s)
{
    unsigned n = 0;
    for (const char *p = strstr(log_capture_text(), s); p; p = strstr(p + 1, s))
        n++;
    return n;
}
