/* SPDX-License-Identifier: MIT */
/*
 * wasm: the default configuration, backed by libc's realloc and calloc. Kept
 * apart so that an embedder with its own allocator need not link libc's heap.
 */
#include "skiff/wasm.h"

#include <stdlib.h>

static void *libc_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    if (n == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, n);
}

static void *libc_calloc(void *ctx, size_t n)
{
    (void)ctx;
    return calloc(1, n);
}

struct wasm_config wasm_config_default(void)
{
    struct wasm_config c = {
        .realloc = libc_realloc,
        .zalloc = libc_calloc,
        .max_memory_pages = 65536,
        .stack_slots = 1u << 20,
        .max_call_depth = 20000,
    };
    return c;
}
