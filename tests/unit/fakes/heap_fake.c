/* SPDX-License-Identifier: MIT */
/* The kernel heap's k* calls on the host, over libc malloc, so modules
 * that allocate (fs) run under AddressSanitizer's leak and bounds checks. */
#include "kernel/mm/heap.h"

#include <stdlib.h>

void *kmalloc(size_t n)
{
    return malloc(n ? n : 1);
}

void *kcalloc(size_t count, size_t n)
{
    return calloc(count ? count : 1, n ? n : 1);
}

void *krealloc(void *p, size_t n)
{
    return realloc(p, n ? n : 1);
}

void kfree(void *p)
{
    free(p);
}
