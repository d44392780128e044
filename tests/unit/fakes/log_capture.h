/* SPDX-License-Identifier: MIT */
/*
 * log_capture: collect what the kernel log prints (kernel/log.c linked
 * into a host test) so a test can look for a message.
 */
#ifndef SKIFF_LOG_CAPTURE_H
#define SKIFF_LOG_CAPTURE_H

/* Flush what is buffered, then start collecting afresh (the sink is added
 * on the first call). */
void log_capture_start(void);
/* Everything printed since log_capture_start, flushed first; NUL-ended,
 * cut at 4 KiB. */
const char *log_capture_text(void);
/* How many times (s) occurs in the captured text. */
unsigned log_capture_count(const char *s);

#endif
