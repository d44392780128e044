/* SPDX-License-Identifier: MIT */
/*
 * wasm: the decoder's state and helpers shared by decode.c (module
 * sections) and segments.c (element, code and data sections).
 */
#ifndef SKIFF_WASM_DECODE_H
#define SKIFF_WASM_DECODE_H
#include "lib/wasm/wasm_int.h"

struct dec {
    struct reader r;
    struct wasm_module *m;
    struct wasm_runtime *rt;
    uint32_t nfunc_decl; /* entries of the function section */
};

#define FAIL(d, rule)                                                          \
    do {                                                                       \
        rd_fail(&(d)->r, rule);                                                \
        return -1;                                                             \
    } while (0)

/* A zeroed array of n entries, n checked against the bytes left. */
void *dec_vec(struct dec *d, uint32_t n, size_t size);
/* A constant expression (spec 3.3.10) of type want. */
int dec_const(struct dec *d, struct constexpr_ *c, uint8_t want);

int dec_elems(struct dec *d);
int dec_code(struct dec *d);
int dec_data(struct dec *d);

#endif
