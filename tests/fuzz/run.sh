#!/usr/bin/env bash
# Run each libFuzzer binary given for SECONDS, starting from the committed
# seeds in tests/fuzz/corpus/<name>/ (copied, so the run's findings stay in
# build/). A crash, leak or sanitizer report fails that fuzzer and leaves the
# reproducer in build/fuzz/. Usage: tests/fuzz/run.sh SECONDS BINARY...
set -u
secs=$1
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
for bin in "$@"; do
    name=$(basename "$bin")
    name=${name#fuzz_}
    work=$(dirname "$bin")/corpus-$name
    mkdir -p "$work"
    cp -n "$root/tests/fuzz/corpus/$name"/* "$work"/ 2>/dev/null
    log=$(dirname "$bin")/$name.log
    if "$bin" -max_total_time="$secs" -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$(dirname "$bin")/$name-" "$work" >"$log" 2>&1; then
        runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")
        cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1)
        echo "ok   fuzz $name: ${runs:-?} runs in ${secs}s, ${cov:-cov: ?}, no crash"
        pass=$((pass + 1))
    else
        echo "FAIL fuzz $name (log: ${log#$root/})"
        grep -E 'ERROR|SUMMARY|artifact' "$log" | head -n 5 | sed 's/^/    | /'
        fail=$((fail + 1))
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
