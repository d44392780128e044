#!/usr/bin/env bash
# WASI tests: each C program in tests/wasm/wasi/ is compiled for
# wasm32-wasi (clang, Debian's wasi-libc) and natively (gcc), run in a
# fresh directory by both, and the outputs and exit statuses compared.
# sandbox.c runs only under skiff-wasm and must match sandbox.expected,
# with the files outside the sandbox untouched afterwards.
# Usage: tests/wasm/wasi.sh SKIFF_WASM [BUILD_DIR]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
rt=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=${2:-$root/build}/wasi
src=$root/tests/wasm/wasi
mkdir -p "$out"
pass=0 fail=0

build() { # build NAME: wasm and native binaries, unless up to date
    local n=$1
    if [ ! -f "$out/$n.wasm" ] || [ "$src/$n.c" -nt "$out/$n.wasm" ] ||
        [ "$src/wasi_test.h" -nt "$out/$n.wasm" ]; then
        clang --target=wasm32-wasi --sysroot=/usr -O2 -s \
            -o "$out/$n.wasm" "$src/$n.c" || return 1
    fi
    [ "$n" = sandbox ] && return 0 # WASI calls only
    if [ ! -f "$out/$n" ] || [ "$src/$n.c" -nt "$out/$n" ]; then
        gcc -O2 -o "$out/$n" "$src/$n.c" || return 1
    fi
}

result() { # result NAME OK [DETAIL]
    if [ "$2" = 1 ]; then
        echo "ok   wasi $1"
        pass=$((pass + 1))
    else
        echo "FAIL wasi $1${3:+: $3}"
        fail=$((fail + 1))
    fi
}

# compare NAME ARGS...: native and wasm, each in its own empty directory
# passed as argv[1] (mapped to /sandbox for wasm).
compare() {
    local n=$1 label=$1
    shift
    [ $# -gt 0 ] && label="$n $*"
    local dn=$out/run-native dw=$out/run-wasm
    rm -rf "$dn" "$dw"
    mkdir -p "$dn" "$dw"
    local envs=(T_ONE=1 "T_TWO=two words" T_EMPTY=)
    env -i "${envs[@]}" "$out/$n" "$dn" "$@" >"$out/$n.native.out" 2>&1
    local sn=$?
    env -i "$rt" --dir "$dw::/sandbox" --env T_ONE=1 --env "T_TWO=two words" \
        --env T_EMPTY= "$out/$n.wasm" /sandbox "$@" >"$out/$n.wasm.out" 2>&1
    local sw=$?
    # The directory argument differs by design: compare it as a word.
    sed -i "s|$dn|DIR|g" "$out/$n.native.out"
    sed -i "s|/sandbox|DIR|g" "$out/$n.wasm.out"
    if [ $sn -ne $sw ]; then
        result "$label" 0 "exit status native $sn, wasm $sw"
    elif ! diff -u "$out/$n.native.out" "$out/$n.wasm.out" >"$out/$n.diff"; then
        result "$label" 0 "output differs (see ${out#$root/}/$n.diff)"
        head -n 20 "$out/$n.diff"
    else
        result "$label" 1
    fi
}

sandbox() {
    local box=$out/box
    rm -rf "$box"
    "$root/tests/wasm/mkbox.sh" "$box"
    "$rt" --dir "$box/sandbox::/sandbox" "$out/sandbox.wasm" \
        >"$out/sandbox.out" 2>&1
    local st=$?
    local untouched=1
    [ "$(cat "$box/outside/secret.txt")" = secret ] || untouched=0
    [ -e "$box/made" ] || [ -e "$box/stolen" ] || [ -e /tmp/made ] &&
        untouched=0
    [ "$(ls "$box/outside")" = secret.txt ] || untouched=0
    if [ $st -eq 0 ] && [ $untouched = 1 ] &&
        diff -u "$src/sandbox.expected" "$out/sandbox.out"; then
        result "sandbox (escapes refused)" 1
    else
        result "sandbox (escapes refused)" 0 "status $st, outside untouched $untouched"
    fi
}

for n in files dirs args_env clocks exit misc sandbox; do
    build $n || result "build $n" 0
done
compare files
compare dirs
compare args_env "a b" "" "x=y" "ünïcode"
compare clocks
compare misc
compare exit
compare exit exit 0
compare exit exit 42
compare exit abort
sandbox
echo "wasi: $pass passed, $fail failed"
