/* SPDX-License-Identifier: MIT */
/*
 * wasm: runtime operations on memories and tables that the interpreter
 * and the instantiator share (spec 4.4.7-4.4.9, 4.5.3).
 */
#ifndef SKIFF_WASM_INSTANCE_H
#define SKIFF_WASM_INSTANCE_H
#include "lib/wasm/wasm_int.h"

/* Grow by delta pages; returns the old size in pages or -1. */
int64_t wasm_memory_grow(struct wasm_runtime *rt, struct wasm_memory *m,
                         uint32_t delta);
/* Grow by delta entries set to init; returns the old size or -1. */
int64_t wasm_table_grow(struct wasm_runtime *rt, struct wasm_table *t,
                        uint32_t delta, void *init);

/* The bulk operations; each returns WASM_OK or the trap. */
int wasm_memory_init(struct wasm_instance *in, uint32_t seg, uint32_t d,
                     uint32_t s, uint32_t n);
int wasm_table_init(struct wasm_instance *in, uint32_t seg, uint32_t table,
                    uint32_t d, uint32_t s, uint32_t n);
int wasm_table_copy(struct wasm_table *dst, struct wasm_table *src, uint32_t d,
                    uint32_t s, uint32_t n);

/* Value of a constant expression in an instance under construction. */
uint64_t wasm_const_eval(const struct wasm_instance *in,
                         const struct constexpr_ *c);

#endif
