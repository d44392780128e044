# skiff-wasm: run WASI modules on Linux (build/host/skiff-wasm). Linked
# statically with musl: the dynamic loader's work (mapping libc and libm,
# relocations) was a third of hello.wasm's start-up, and a static glibc
# start-up (IRELATIVE relocations, TLS and locale set-up) costs about
# twice musl's. The same binary is /bin/skiff-wasm inside Skiff
# (tests/apps/module.mk). bench/wasm/README.md has the figures.
HOST_PROGS += skiff-wasm
skiff-wasm_PROG_CC = $(MUSLCC)
skiff-wasm_PROG_SRCS := tools/skiff-wasm/main.c tools/skiff-wasm/arena.c \
        $(WASI_SRCS) $(WASM_SRCS)
skiff-wasm_PROG_LIBS := -static -lm

UNIT_TESTS += skiff_wasm_arena
skiff_wasm_arena_SRCS := tests/unit/test_skiff_wasm_arena.c \
        tools/skiff-wasm/arena.c
