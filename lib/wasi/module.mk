# wasi: WASI preview 1 over POSIX, for the skiff-wasm tool.
WASI_SRCS := lib/wasi/core.c lib/wasi/fd.c lib/wasi/path.c lib/wasi/poll.c
