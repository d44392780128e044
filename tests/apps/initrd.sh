#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Pack the initrd Skiff mounts read-only at /: the test programs under
# /bin (every t_* and x_* of BINDIR), /bin/busybox (busybox-static's, when
# installed), the fixture tree tests/apps/data at /data, and empty /tmp,
# /dev and /proc as mount points; with WASMDIR, /bin/skiff-wasm (BINDIR's)
# and the modules WASMDIR/*.wasm at /wasm, plus /wasm/bad.wasm, a module
# cut short inside its type section. The archive is cpio "newc", and the same
# inputs give the same bytes: names sorted (C locale), owner 0:0, fixed
# modes, every mtime 0, --reproducible (inode numbers from 0, no device).
# Usage: tests/apps/initrd.sh OUT.cpio [BINDIR [WASMDIR]]  (BINDIR: build/apps)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
bindir=${2:-build/apps}
wasmdir=${3:-}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/tmp" "$stage/dev" "$stage/proc"
for b in "$bindir"/t_* "$bindir"/x_*; do
    [ -x "$b" ] && [ -f "$b" ] && install -m 0755 "$b" "$stage/bin/"
done
# /bin/busybox is the dynamic one when busybox (not -static) is installed.
if [ -x /bin/busybox ] && ! readelf -l /bin/busybox 2>/dev/null |
    grep -q 'INTERP'; then
    install -m 0755 /bin/busybox "$stage/bin/busybox"
else
    echo "initrd: no static /bin/busybox, packing without it" >&2
fi
if [ -n "$wasmdir" ]; then
    install -m 0755 "$bindir/skiff-wasm" "$stage/bin/skiff-wasm"
    mkdir -p "$stage/wasm"
    for m in "$wasmdir"/*.wasm; do
        install -m 0644 "$m" "$stage/wasm/"
    done
    printf '\0asm\1\0\0\0\1\x20\1\x60' >"$stage/wasm/bad.wasm"
    chmod 0644 "$stage/wasm/bad.wasm"
    # The sandbox of tests/wasm/wasi.sh: /box/sandbox is preopened, every
    # way out of it must be refused.
    "$here/../wasm/mkbox.sh" "$stage/box"
    find "$stage/box" -type f -exec chmod 0644 {} +
fi
cp -R "$here/data" "$stage/data"
find "$stage" -type d -exec chmod 0755 {} +
find "$stage/data" -type f -exec chmod 0644 {} +
find "$stage" -exec touch -h -d @0 {} +
mkdir -p "$(dirname "$out")"
outabs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
(cd "$stage" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort |
    cpio -o -H newc --reproducible --owner=0:0 --quiet >"$outabs")
echo "initrd: $out ($(wc -c <"$outabs") bytes)"
