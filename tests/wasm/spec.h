/* SPDX-License-Identifier: MIT */
/* Spec-test runner: shared declarations of spec_runner.c and spec_host.c. */
#ifndef SKIFF_TESTS_SPEC_H
#define SKIFF_TESTS_SPEC_H
#include "skiff/wasm.h"

#include <stdbool.h>

enum { SPEC_EXACT, SPEC_NAN_CANONICAL, SPEC_NAN_ARITHMETIC, SPEC_NONNULL };

struct spec_value {
    uint8_t type;
    int kind;
    union wasm_val v;
    /* v128: the lane count of wast2json's lane shape, each lane's kind */
    uint8_t lanes;
    uint8_t lane_kind[16];
};

/* Resolve an export of the "spectest" module. Returns 0 or -1. */
int spec_spectest(struct wasm_runtime *rt, const char *name,
                  struct wasm_extern *out);
int spec_parse_value(const char *tok, struct spec_value *v);
bool spec_match(const struct spec_value *want, union wasm_val got);
char *spec_unhex(char *s);
/* The same, with the length of names holding NUL bytes. */
char *spec_unhex_n(char *s, size_t *len);

#endif
