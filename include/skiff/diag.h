/* SPDX-License-Identifier: MIT */
/*
 * diag: one error message recorded by a parser of untrusted input.
 * Parsers never print; they fill a diag (which may be NULL) naming the field
 * and the value, and the caller logs it once at the boundary.
 */
#ifndef SKIFF_DIAG_H
#define SKIFF_DIAG_H

#define DIAG_MSG_MAX 160

struct diag {
    char msg[DIAG_MSG_MAX];
};

/* Record a printf-style message in (d), replacing any earlier one.
 * Does nothing when (d) is NULL. */
void diag_set(struct diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
