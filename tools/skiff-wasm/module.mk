# skiff-wasm: run WASI modules on Linux (build/host/skiff-wasm).
HOST_PROGS += skiff-wasm
skiff-wasm_PROG_SRCS := tools/skiff-wasm/main.c $(WASI_SRCS) $(WASM_SRCS)
skiff-wasm_PROG_LIBS := -lm
