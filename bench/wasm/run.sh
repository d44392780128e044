#!/usr/bin/env bash
# Skiff's WebAssembly benchmark, in one run: builds the five compute
# programs (src/, copied from ../shared/wasm-bench) for wasm32-wasi with
# clang -O2 and natively with gcc -O2, checks every result against
# expected*.txt, and times them under native, skiff-wasm and wabt's
# wasm-interp (import-free "nowasi" variants). Prints a table with ratios
# to native and their geometric means, then startup time and peak RSS of a
# hello-world module and the time to load and validate a 1 MiB module.
# Env: RUNS (default 3), TIMEOUT per run of wasm-interp (default 60 s),
#      BENCHES (default "fib sieve matmul sha256 qsort"), SKIFF_WASM.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/bench-wasm
rt=${SKIFF_WASM:-$root/build/host/skiff-wasm}
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-60}
BENCHES=${BENCHES:-"fib sieve matmul sha256 qsort"}
mkdir -p "$out"
[ -x "$rt" ] || make -C "$root" --no-print-directory "${rt#$root/}" >/dev/null

# Build what is missing or stale.
for b in $BENCHES hello; do
    src=$here/src/$b.c
    if [ ! -f "$out/$b.wasm" ] || [ "$src" -nt "$out/$b.wasm" ]; then
        clang --target=wasm32-wasi --sysroot=/usr -O2 -s -o "$out/$b.wasm" \
            "$src" || exit 1
        [ $b = hello ] && continue
        clang --target=wasm32-wasi --sysroot=/usr -O2 -s -DNOWASI \
            -mexec-model=reactor -o "$out/$b.nowasi.wasm" "$src" || exit 1
        gcc -O2 -o "$out/$b" "$src" || exit 1
    fi
done
[ -f "$out/big.wasm" ] || python3 "$here/gen_big.py" "$out/big.wasm"

# mean SECONDS of RUNS runs of a command (hyperfine when present).
mean() {
    if command -v hyperfine >/dev/null; then
        hyperfine -N --runs "$1" --export-json "$out/hf.json" "${*:2}" \
            >/dev/null 2>&1 &&
            python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$out/hf.json"
        return
    fi
    local s e
    s=$(date +%s.%N)
    for ((i = 0; i < $1; i++)); do "${@:2}" >/dev/null 2>&1; done
    e=$(date +%s.%N)
    echo "scale=4; ($e - $s) / $1" | bc
}

# check NAME WANT COMMAND...: run once, the output must hold WANT.
check() {
    local res
    res=$(timeout "$TIMEOUT" "${@:3}" 2>&1)
    local rc=$?
    [ $rc -eq 124 ] && return 2
    grep -qF -- "$2" <<<"$res"
}

printf '%-8s %10s %12s %7s %13s %8s\n' bench native_s skiff-wasm_s ratio \
    wasm-interp_s ratio
ls=() li=()
for b in $BENCHES; do
    want=$(sed -n "s/^$b //p" "$here/expected.txt")
    wantn=$(sed -n "s/^$b //p" "$here/expected.nowasi.txt")
    check $b "$want" "$out/$b" || { echo "$b: native gives a wrong result"; continue; }
    tn=$(mean "$RUNS" "$out/$b")
    if check $b "$want" "$rt" "$out/$b.wasm"; then
        ts=$(mean "$RUNS" "$rt" "$out/$b.wasm")
        rs=$(echo "scale=2; $ts / $tn" | bc)
        ls+=("$rs")
    else
        ts=WRONG rs=-
    fi
    ti=- ri=-
    if command -v wasm-interp >/dev/null; then
        s=$(date +%s.%N)
        check $b "$wantn" wasm-interp --run-all-exports "$out/$b.nowasi.wasm"
        st=$?
        e=$(date +%s.%N)
        if [ $st -eq 0 ]; then
            ti=$(echo "scale=3; ($e - $s) / 1" | bc)
            ri=$(echo "scale=1; $ti / $tn" | bc)
            li+=("$ri")
        elif [ $st -eq 2 ]; then
            ti=">$TIMEOUT" ri=timeout
        else
            ti=WRONG
        fi
    fi
    printf '%-8s %10s %12s %7s %13s %8s\n' "$b" "$tn" "$ts" "$rs" "$ti" "$ri"
done
geo() {
    [ $# -eq 0 ] && { echo -; return; }
    python3 -c 'import math,sys; v=[float(x) for x in sys.argv[1:]]; print("%.2f" % math.exp(sum(map(math.log, v)) / len(v)))' "$@"
}
printf '%-8s %10s %12s %7s %13s %8s\n' geomean "" "" "$(geo "${ls[@]}")" \
    "" "$(geo "${li[@]}")"
echo "(wasm-interp: one run, import-free variant; its geomean covers only" \
    "the programs it finished within ${TIMEOUT}s)"

echo
t=$(mean 20 "$rt" "$out/hello.wasm")
t0=$(mean 20 /bin/true)
rss=$( { /usr/bin/time -f %M "$rt" "$out/hello.wasm" >/dev/null; } 2>&1)
echo "hello-world startup: $(echo "scale=2; $t * 1000 / 1" | bc) ms" \
    "(/bin/true: $(echo "scale=2; $t0 * 1000 / 1" | bc) ms), peak RSS ${rss} KiB"
size=$(stat -c %s "$out/big.wasm")
t=$(mean 10 "$rt" --validate "$out/big.wasm")
echo "load + validate + translate a $size-byte module:" \
    "$(echo "scale=1; $t * 1000 / 1" | bc) ms (whole process)"
