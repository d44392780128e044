/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the wasm decoder, validator and translator: the
 * input is a module. Any input must be either accepted or rejected with a
 * message; a crash, hang, leak or sanitizer report is a bug.
 * Seeds: tests/fuzz/corpus/wasm_decode/ (small modules from tests/wasm).
 */
#include "skiff/wasm.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct wasm_runtime *rt;
    if (!rt) {
        struct wasm_config cfg = wasm_config_default();
        cfg.stack_slots = 1u << 12;
        cfg.max_call_depth = 100;
        rt = wasm_runtime_new(&cfg);
    }
    struct wasm_module *m;
    char err[256];
    if (wasm_module_load(rt, data, size, &m, err, sizeof err) == 0)
        wasm_module_free(m);
    else if (!err[0])
        abort(); /* every rejection must say why */
    return 0;
}
