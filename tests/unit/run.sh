#!/usr/bin/env bash
# Run each cmocka test binary given as an argument and add up the results.
# Prints one line "unit: N passed, N failed" and exits non-zero on failure.
set -u
passed=0 failed=0
for bin in "$@"; do
    out=$("$bin" 2>&1)
    rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    p=${p:-0} f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed (sanitizer report, signal) before cmocka's summary
    fi
    if [ "$f" -ne 0 ]; then
        printf '%s\n' "$out"
        echo "FAIL $(basename "$bin"): $f failed"
    else
        echo "ok   $(basename "$bin"): $p passed"
    fi
    passed=$((passed + p)) failed=$((failed + f))
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
