# wasm: the WebAssembly runtime core (no OS calls; host builds only for now).
WASM_SRCS := lib/wasm/read.c lib/wasm/decode.c lib/wasm/segments.c \
        lib/wasm/compile.c lib/wasm/control.c lib/wasm/body.c \
        lib/wasm/interp.c lib/wasm/memory.c lib/wasm/instance.c \
        lib/wasm/runtime.c lib/wasm/config.c lib/wasm/simd_body.c \
        lib/wasm/simd.c lib/wasm/simd_float.c lib/wasm/simd_mem.c
FUZZERS += wasm_decode wasm_run
wasm_decode_FUZZ_SRCS := tests/fuzz/fuzz_wasm_decode.c $(WASM_SRCS)
wasm_decode_FUZZ_LIBS := -lm
wasm_run_FUZZ_SRCS := tests/fuzz/fuzz_wasm_run.c $(WASM_SRCS)
wasm_run_FUZZ_LIBS := -lm
UNIT_TESTS += wasm_api
wasm_api_SRCS := tests/unit/test_wasm_api.c $(WASM_SRCS)
wasm_api_LIBS := -lm
