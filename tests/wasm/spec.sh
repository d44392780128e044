#!/usr/bin/env bash
# Run the WebAssembly core spec tests: convert each .wast of
# ../shared/wasm-spec (or $SPEC_DIR) and of its simd/ directory with
# wast2json into build/, run it with spec-runner, print one line per script
# and a total. A script of simd/ is named simd/NAME. Scripts listed in
# tests/wasm/spec-exclude.txt are skipped with the reason given there.
# Usage: tests/wasm/spec.sh RUNNER [BUILD_DIR]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
runner=$1
out=${2:-$root/build}/spec
spec=${SPEC_DIR:-$root/../shared/wasm-spec}
[ -d "$spec" ] || spec=/work/shared/wasm-spec
if ! ls "$spec"/*.wast >/dev/null 2>&1; then
    echo "spec: no .wast scripts in $spec (set SPEC_DIR)"
    echo "spec: 0 passed, 1 failed"
    exit 1
fi
mkdir -p "$out"
tp=0 tf=0 ts=0 files=0 bad=0
# Convert what changed: wast2json per script, then one spec2cmd.py run.
stale=()
scripts=("$spec"/*.wast "$spec"/simd/*.wast)
# The script's name: its path under $spec without .wast.
script_name() {
    local n=${1#"$spec"/}
    echo "${n%.wast}"
}
for wast in "${scripts[@]}"; do
    [ -f "$wast" ] || continue
    name=$(script_name "$wast")
    base=$(basename "$name")
    grep -q "^$name:" "$root/tests/wasm/spec-exclude.txt" && continue
    d=$out/$name
    mkdir -p "$d"
    if [ ! -f "$d/$base.cmd" ] || [ "$wast" -nt "$d/$base.cmd" ] ||
        [ "$root/tests/wasm/spec2cmd.py" -nt "$d/$base.cmd" ]; then
        rm -f "$d/$base.cmd"
        wast2json "$wast" -o "$d/$base.json" >"$d/wast2json.log" 2>&1 &&
            stale+=("$d/$base.json")
    fi
done
[ ${#stale[@]} -eq 0 ] || python3 "$root/tests/wasm/spec2cmd.py" "${stale[@]}"
for wast in "${scripts[@]}"; do
    [ -f "$wast" ] || continue
    name=$(script_name "$wast")
    base=$(basename "$name")
    reason=$(sed -nE "s|^$name: (.*)|\1|p" "$root/tests/wasm/spec-exclude.txt")
    if [ -n "$reason" ]; then
        echo "$name: excluded: $reason"
        continue
    fi
    d=$out/$name
    if [ ! -f "$d/$base.cmd" ]; then
        echo "$name: wast2json failed (see $d/wast2json.log)"
        tf=$((tf + 1))
        continue
    fi
    res=$(timeout 60 "$runner" "$name" "$d" <"$d/$base.cmd" 2>&1)
    echo "$res" | tail -n 30
    line=$(grep -E "^$name: [0-9]+ passed" <<<"$res" | tail -n 1)
    p=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$line")
    f=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
    s=$(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$line")
    if [ -z "$p" ]; then
        echo "$name: runner crashed or timed out"
        f=1 p=0 s=0
    fi
    tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
    files=$((files + 1))
    [ "$f" -eq 0 ] || bad=$((bad + 1))
done
echo "spec: $files scripts, $bad with failures"
echo "spec: $tp passed, $tf failed, $ts skipped"
