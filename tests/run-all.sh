#!/usr/bin/env bash
# Everything `make test` runs, in order, with one summary line at the end:
#   0. clang-format check of every C file;
#   1. host unit tests (cmocka, ASan+UBSan), built with gcc;
#   2. the same unit tests and the kernel built with clang (CI builds both);
#   3. the system-call test programs and ELF loading on the host, then
#      boot tests in QEMU on the gcc image, then on the clang image;
#   4. the WebAssembly spec tests (ASan/UBSan runner) and WASI tests, then
#      the skiff tool end to end (tests/skiff/run.sh);
#   5. a short fuzzing run of each libFuzzer harness (FUZZ_SECONDS, default 5).
# Ends with "N passed, N failed, N skipped"; exits non-zero on any failure.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
passed=0 failed=0 skipped=0

# Add the counts of a "...: N passed, N failed[, N skipped]" line.
tally() {
    local line p f s
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    p=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$line")
    f=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
    s=$(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$line")
    if [ -z "$p" ]; then
        echo "run-all: $2 printed no summary: counted as one failure"
        f=1 p=0
    fi
    passed=$((passed + p)) failed=$((failed + ${f:-0})) skipped=$((skipped + ${s:-0}))
}

step() { # step NAME COMMAND...: run, show output, tally its summary line
    local name=$1 log
    shift
    log=$(mktemp)
    echo "== $name"
    "$@" 2>&1 | tee "$log"
    tally "$log" "$name"
    rm -f "$log"
}

# A build is one test: it passes or fails as a whole. What depends on a
# failed build is not run (its failure is already counted).
build() {
    local name=$1
    shift
    if "$@" >"build/$name.log" 2>&1; then
        echo "build $name: 1 passed, 0 failed"
        touch "build/$name.ok"
    else
        tail -n 30 "build/$name.log"
        echo "build $name: 0 passed, 1 failed"
    fi
}

mkdir -p build
rm -f build/gcc.ok build/clang.ok

# House style: every C file as .clang-format says (make format fixes it).
format_check() {
    if make --no-print-directory check-format >build/format.log 2>&1; then
        echo "format: 1 passed, 0 failed"
    else
        head -n 20 build/format.log
        echo "format: 0 passed, 1 failed"
    fi
}
step "clang-format" format_check
step "build (gcc)" build gcc make -j2 --no-print-directory CC=gcc all
step "build (clang)" build clang make -j2 --no-print-directory CC=clang \
    BUILD=build/clang all
if [ -e build/gcc.ok ]; then
    step "unit tests (gcc, ASan/UBSan)" make --no-print-directory CC=gcc unit
    step "applications on the host (tests/apps)" tests/apps/host.sh build/apps
    step "ELF loading on the host (tests/exec)" make --no-print-directory \
        exec-run-tests
    step "boot tests (gcc image)" tests/boot/run.sh
fi
if [ -e build/clang.ok ]; then
    step "unit tests (clang, ASan/UBSan)" make --no-print-directory \
        CC=clang BUILD=build/clang unit
    step "boot tests (clang image)" env SKIFF_BUILD="$root/build/clang" \
        tests/boot/run.sh
fi
if [ -e build/gcc.ok ]; then
    step "wasm spec tests (ASan/UBSan)" tests/wasm/spec.sh \
        build/host/spec-runner-san build
    step "wasi tests (skiff-wasm vs native)" tests/wasm/wasi.sh \
        build/host/skiff-wasm build
    step "the skiff tool (tests/skiff)" tests/skiff/run.sh build
    step "ISO images (tests/skiff/iso.sh)" tests/skiff/iso.sh build
fi
if [ -e build/gcc.ok ]; then
    step "fuzz (${FUZZ_SECONDS:-5}s each)" tests/fuzz/run.sh \
        "${FUZZ_SECONDS:-5}" build/fuzz/fuzz_*
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
