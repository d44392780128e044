#!/bin/sh
# SPDX-License-Identifier: MIT
# Link a static PIE with musl: ET_DYN, no PT_INTERP, self-relocating.
# Plain "musl-gcc -static-pie" does not work with Debian's musl-gcc.specs:
# its link spec knows -static but not -static-pie, so ld gets neither
# -static nor --no-dynamic-linker and links against libc.so with an
# interpreter. Here the start files are named by hand (rcrt1.o is musl's
# self-relocating start) and ld is told -static and --no-dynamic-linker.
# Usage: tests/apps/static-pie.sh OUT SOURCE.c [CFLAGS...]
set -eu
out=$1 src=$2
shift 2
m=/usr/lib/x86_64-linux-musl
exec musl-gcc -static-pie -fPIE -nostartfiles "$@" \
    "$m/rcrt1.o" "$m/crti.o" "$(musl-gcc -print-file-name=crtbeginS.o)" \
    "$src" "$(musl-gcc -print-file-name=crtendS.o)" "$m/crtn.o" \
    -Wl,-static -Wl,--no-dynamic-linker -o "$out"
