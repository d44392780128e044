#!/usr/bin/env bash
# Skiff's WebAssembly benchmark, in one run: builds the five compute
# programs (src/, copied from ../shared/wasm-bench) for wasm32-wasi with
# clang -O2 and natively with gcc -O2, checks every result against
# expected*.txt, and times them under native, skiff-wasm and wabt's
# wasm-interp (import-free "nowasi" variants). Prints a table with ratios
# to native and their geometric means, then start-up time and peak RSS of
# a hello-world module against native hello, and the time to load and
# validate a 1 MiB module against wasm-interp.
# Env: RUNS (default 3), TIMEOUT per run of wasm-interp (default 60 s),
#      BENCHES (default "fib sieve matmul sha256 qsort"), SKIFF_WASM,
#      PARTS (default "compute startup"), STARTUP_RUNS (50), BIG_RUNS (10).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/bench-wasm
rt=${SKIFF_WASM:-$root/build/host/skiff-wasm}
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-60}
BENCHES=${BENCHES:-"fib sieve matmul sha256 qsort"}
PARTS=${PARTS:-"compute startup"}
mkdir -p "$out"
[ -x "$rt" ] || make -C "$root" --no-print-directory "${rt#$root/}" >/dev/null

# Build what is missing or stale.
for b in $BENCHES hello; do
    src=$here/src/$b.c
    if [ ! -f "$out/$b.wasm" ] || [ "$src" -nt "$out/$b.wasm" ]; then
        clang --target=wasm32-wasi --sysroot=/usr -O2 -s -o "$out/$b.wasm" \
            "$src" || exit 1
        if [ $b = hello ]; then
            gcc -O2 -o "$out/hello" "$src" &&
                gcc -O2 -static -o "$out/hello-static" "$src" &&
                musl-gcc -O2 -static -o "$out/hello-musl" "$src" || exit 1
            continue
        fi
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

geo() {
    [ $# -eq 0 ] && { echo -; return; }
    python3 -c 'import math,sys; v=[float(x) for x in sys.argv[1:]]; print("%.2f" % math.exp(sum(map(math.log, v)) / len(v)))' "$@"
}

# The compute programs: native, skiff-wasm and wasm-interp, with ratios.
compute() {
    printf '%-8s %10s %12s %7s %13s %8s\n' bench native_s skiff-wasm_s ratio \
        wasm-interp_s ratio
    local b want wantn tn ts rs ti ri s e st ls=() li=()
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
    printf '%-8s %10s %12s %7s %13s %8s\n' geomean "" "" "$(geo "${ls[@]}")" \
        "" "$(geo "${li[@]}")"
    echo "(wasm-interp: one run, import-free variant; its geomean covers only" \
        "the programs it finished within ${TIMEOUT}s)"
}

# times RUNS COMMAND...: "WALL CPU" per command, one line each: the median
# wall time and the mean user+system time (ms) over RUNS runs, taken in 5
# rounds that go through all the commands, so that a change in the load of
# a shared machine falls on every command alike.
times() {
    local runs=$(( ($1 + 4) / 5 )) r
    shift
    for r in 1 2 3 4 5; do
        hyperfine -N --warmup 2 --runs "$runs" --export-json "$out/hf$r.json" \
            "$@" >/dev/null 2>&1 || return 1
    done
    python3 - "$out"/hf[1-5].json <<'PY'
import json, statistics, sys
rounds = [json.load(open(f))["results"] for f in sys.argv[1:]]
for i in range(len(rounds[0])):
    wall = [t for r in rounds for t in r[i]["times"]]
    cpu = [r[i]["user"] + r[i]["system"] for r in rounds]
    print("%.2f %.2f" % (1000 * statistics.median(wall),
                         1000 * statistics.mean(cpu)))
PY
}

# rss_kib COMMAND...: the median peak RSS (KiB) of 5 runs under
# /usr/bin/time, which counts its own small image too (see README).
rss_kib() {
    local i
    for i in 1 2 3 4 5; do
        /usr/bin/time -f %M -o "$out/rss" "$@" >/dev/null 2>&1
        tail -1 "$out/rss"
    done | sort -n | sed -n 3p
}

ratio() {
    python3 -c 'import sys; print("%.2fx" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"
}

# table RUNS LABEL... -- COMMAND...: one row per command (given as one
# word each, split on spaces), with ratios to the last command.
table() {
    local runs=$1 labels=() cmds=() i
    shift
    while [ "$1" != -- ]; do labels+=("$1"); shift; done
    shift
    cmds=("$@")
    mapfile -t tm < <(times "$runs" "${cmds[@]}")
    [ ${#tm[@]} -eq ${#cmds[@]} ] || { echo "(hyperfine failed)"; return; }
    local kib=() last=$((${#cmds[@]} - 1))
    for i in "${!cmds[@]}"; do
        # shellcheck disable=SC2086
        kib[i]=$(rss_kib ${cmds[i]})
    done
    local bw=${tm[last]% *} bc=${tm[last]#* } bk=${kib[last]}
    printf '%-32s %9s %6s %8s %6s %8s %6s\n' program wall_ms ratio cpu_ms \
        ratio rss_KiB ratio
    for i in "${!cmds[@]}"; do
        local w=${tm[i]% *} c=${tm[i]#* }
        printf '%-32s %9s %6s %8s %6s %8s %6s\n' "${labels[i]}" "$w" \
            "$(ratio "$w" "$bw")" "$c" "$(ratio "$c" "$bc")" "${kib[i]}" \
            "$(ratio "${kib[i]}" "$bk")"
    done
}

# Start-up and peak memory of hello.wasm against native hello (gcc -O2,
# dynamic as usual, static with glibc, and static with musl as skiff-wasm
# is; ratios to the last) and /bin/true. Then the 1 MiB module loaded and
# validated (and translated) by skiff-wasm --validate against wabt's
# wasm-interp, which without a --run option only loads and type-checks.
startup() {
    local n=${STARTUP_RUNS:-50} size
    echo
    echo "start-up: wall time median, user+system mean, of $n runs" \
        "(hyperfine -N); peak RSS (/usr/bin/time -f %M), median of 5"
    table "$n" "skiff-wasm hello.wasm" "native hello (gcc -O2)" /bin/true \
        "native hello (gcc -O2 -static)" "native hello (musl-gcc -static)" \
        -- "$rt $out/hello.wasm" "$out/hello" /bin/true "$out/hello-static" \
        "$out/hello-musl"
    command -v wasm-interp >/dev/null || return
    size=$(stat -c %s "$out/big.wasm")
    n=${BIG_RUNS:-10}
    echo
    echo "load + validate a $size-byte module (big.wasm), whole process," \
        "$n runs"
    table "$n" "skiff-wasm --validate" "wasm-interp (load, type-check)" \
        -- "$rt --validate $out/big.wasm" "wasm-interp $out/big.wasm"
}
case " $PARTS " in *" compute "*) compute ;; esac
case " $PARTS " in *" startup "*) startup ;; esac
