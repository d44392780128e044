# skiff-wasm: run WASI modules on Linux (build/host/skiff-wasm). Linked
# statically: the dynamic loader's work (mapping libc and libm, relocations)
# was a third of hello.wasm's start-up (bench/wasm/README.md).
HOST_PROGS += skiff-wasm
skiff-wasm_PROG_SRCS := tools/skiff-wasm/main.c $(WASI_SRCS) $(WASM_SRCS)
skiff-wasm_PROG_LIBS := -lm -static
