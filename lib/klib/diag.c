/* SPDX-License-Identifier: MIT */
/* diag_set: see include/skiff/diag.h. */
#include "skiff/diag.h"
#include "lib/klib/klib.h"

void diag_set(struct diag *d, const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(d->msg, sizeof(d->msg), fmt, ap);
    va_end(ap);
}
