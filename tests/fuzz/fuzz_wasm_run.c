/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for instantiation and execution: a module that loads
 * and has no imports is instantiated and each exported function is called
 * with zero arguments, under a step limit (fuel), a small call depth and a
 * 16-page memory cap, so every input ends. Traps are fine; a crash,
 * sanitizer report or an unknown trap code is a bug.
 * Seeds: tests/fuzz/corpus/wasm_run/.
 */
#include "skiff/wasm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A module's exported function names, read back through the API by
 * trying the names the generator uses ("f0".."f7", "main", "run"). */
static const char *const names[] = {"f0", "f1", "f2",   "f3",  "f4",    "f5",
                                    "f6", "f7", "main", "run", "_start"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct wasm_runtime *rt;
    if (!rt) {
        struct wasm_config cfg = wasm_config_default();
        cfg.stack_slots = 1u << 14;
        cfg.max_call_depth = 200;
        cfg.max_memory_pages = 16;
        cfg.fuel = 20000;
        rt = wasm_runtime_new(&cfg);
    }
    struct wasm_module *m;
    struct wasm_instance *in;
    char err[256];
    int trap;
    if (wasm_module_load(rt, data, size, &m, err, sizeof err))
        return 0;
    if (wasm_module_import_count(m) == 0 &&
        wasm_instantiate(rt, m, NULL, 0, &in, &trap, err, sizeof err) == 0) {
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            struct wasm_extern x;
            size_t np, nr;
            union wasm_val args[16], res[16];
            if (wasm_instance_export(in, names[i], &x) ||
                x.kind != WASM_EXTERN_FUNC)
                continue;
            wasm_func_type(x.u.func, &np, NULL, &nr, NULL);
            if (np > 16 || nr > 16)
                continue;
            memset(args, 0, sizeof args);
            trap = wasm_call(rt, x.u.func, args, res);
            if (trap < 0 || trap >= WASM_TRAP_COUNT)
                abort();
        }
        wasm_instance_free(in);
    }
    wasm_module_free(m);
    return 0;
}
