#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Start every test program of BINDIR through exec-run (kernel/exec's
# check, placement and initial stack, on Linux) exactly as
# tests/apps/host.sh starts them directly, and compare with the same
# tests/apps/NAME.expected. One known difference: /proc/self/exe names
# exec-run, not the program, so t_files' readlink check fails, and with it
# its summary line and exit status; the expected text is adjusted for those
# three lines only. Then busybox (glibc, static), if it is static.
# Usage: tests/exec/run.sh EXEC-RUN BINDIR
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
run=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
bindir=$(cd "$2" && pwd)
apps=$(cd "$(dirname "$0")/../apps" && pwd)
pass=0 fail=0
out=$(mktemp) exp=$(mktemp)
trap 'rm -f "$out" "$exp"' EXIT

# check NAME: compare $out with $exp
check() {
    if diff -u "$exp" "$out" >/dev/null; then
        echo "ok   exec-run $1"
        pass=$((pass + 1))
    else
        echo "FAIL exec-run $1"
        diff -u "$exp" "$out" | sed 's/^/    | /' | head -n 20
        fail=$((fail + 1))
    fi
}

# status RC: the last line host.sh also writes
status() {
    if [ "$1" -gt 128 ]; then echo "signal $(($1 - 128))"; else echo "exit $1"; fi
}

for bin in "$bindir"/t_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    { (cd / && ROOT=$apps exec "$run" "$bin" </dev/null >"$out" 2>&1); } 2>/dev/null
    status $? >>"$out"
    sed -e 's|^ok readlink /proc/self/exe$|FAIL readlink /proc/self/exe: got false want true|' \
        -e 's|^t_files: all passed$|t_files: FAILED|' \
        -e "$([ "$name" = t_files ] && echo 's|^exit 0$|exit 1|' || echo 'b')" \
        "$apps/${name%-pie}.expected" >"$exp"
    check "$name"
done

if [ -x /bin/busybox ] && ! readelf -l /bin/busybox | grep -q INTERP; then
    "$run" /bin/busybox cat "$apps/data/hello.txt" >"$out" 2>&1
    status $? >>"$out"
    printf 'hello, world\nexit 0\n' >"$exp"
    check "busybox cat"
    "$run" /bin/busybox ls "$apps/data/dir" >"$out" 2>&1
    status $? >>"$out"
    printf 'a.txt\nb.txt\nsub\nexit 0\n' >"$exp"
    check "busybox ls"
fi
echo "exec-run: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
