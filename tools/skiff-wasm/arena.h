/* SPDX-License-Identifier: MIT */
/*
 * skiff-wasm's allocator for the runtime: small blocks from one static
 * arena, everything else from libc. A short-lived run (hello.wasm) then
 * makes no heap system calls at all; musl's allocator mapped and unmapped
 * a page group for nearly every size class the loader touched.
 */
#ifndef SKIFF_WASM_ARENA_H
#define SKIFF_WASM_ARENA_H
#include <stddef.h>

/* The wasm_config allocator pair (ctx unused). n == 0 frees. */
void *arena_realloc(void *ctx, void *p, size_t n);
void *arena_zalloc(void *ctx, size_t n);

#endif
