#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run each test program of BINDIR (t_*) on this Linux the way Skiff runs
# it: working directory /, stdin at end of input (/dev/null), no
# arguments, ROOT set to tests/apps so that ROOT/data is the fixture tree
# Skiff has at /data. Each run's output plus a last line "exit N" (or
# "signal N" when it died by a signal) must equal tests/apps/NAME.expected;
# NAME-pie uses NAME's expected output. The hostile t_fault_* programs are
# run too: on Linux they die by SIGSEGV, which their .expected records.
# --update rewrites the .expected files from this run (inspect the diff).
# Usage: tests/apps/host.sh BINDIR [--update]
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bindir=$(cd "$1" && pwd)
update=${2:-}
pass=0 fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for bin in "$bindir"/t_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    exp=$here/${name%-pie}.expected
    # The braces keep bash's own "Segmentation fault" notice out of sight.
    { (cd / && ROOT=$here exec "$bin" </dev/null >"$out" 2>&1); } 2>/dev/null
    rc=$?
    if [ "$rc" -gt 128 ]; then
        echo "signal $((rc - 128))" >>"$out"
    else
        echo "exit $rc" >>"$out"
    fi
    if [ "$update" = --update ] && [ "$name" = "${name%-pie}" ]; then
        cp "$out" "$exp"
    fi
    if [ -f "$exp" ] && diff -u "$exp" "$out" >/dev/null; then
        echo "ok   $name ($(grep -c '^ok ' "$out") checks)"
        pass=$((pass + 1))
    else
        echo "FAIL $name"
        diff -u "$exp" "$out" 2>&1 | sed 's/^/    | /' | head -n 20
        fail=$((fail + 1))
    fi
done
echo "apps host: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
