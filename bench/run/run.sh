#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# `skiff run` benchmark (issue 9): wall time from command to exit of a
# hello world, the same source (apps/hello/hello.c) built static with musl
# and for wasm32-wasi, measured in one hyperfine run against:
#   - the program run natively on the host (and the module under the host
#     build of skiff-wasm);
#   - Skiff booted by hand (QEMU command line, initrd prepared beforehand),
#     which shows what the skiff tool itself adds;
#   - the Debian cloud Linux guest of bench/boot with the same program as
#     its /init (fetched with apt-get download; skipped when unavailable).
# All guests on QEMU microvm, TCG (KVM where hardware-assisted: ACCEL=kvm).
# Prints a table of medians with ratios; JSON in build/bench/run/.
# Knobs: RUNS (default 10), WARMUP (2), ACCEL (tcg|kvm, default as skiff).
set -u -o pipefail
cd "$(dirname "$0")/../.." || exit 1
OUT=build/bench
LOGS=$OUT/logs
R=$OUT/run
HELPER=(python3 bench/boot/helper.py)
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }
for t in hyperfine musl-gcc clang qemu-system-x86_64 python3; do
    command -v "$t" >/dev/null || die "missing tool: $t (make deps)"
done
S=build/host/skiff
[[ -x $S && -x build/host/skiff-wasm && -f build/skiff.elf ]] ||
    die "build first: make skiff"
mkdir -p "$R" "$LOGS"
. bench/boot/linux.sh
pick_accels
ACCEL=${ACCEL:-tcg}
KHZ=$(host_khz)

musl-gcc -static -O2 -o "$R/hello" apps/hello/hello.c || die "musl-gcc failed"
clang --target=wasm32-wasi --sysroot=/usr -O2 -s -o "$R/hello.wasm" \
    apps/hello/hello.c || die "clang wasm32-wasi failed"
# The initrd and command line skiff builds, kept by a dry run, for the
# by-hand QEMU row.
"$S" run -q --dry-run --accel "$ACCEL" "$R/hello" >"$R/dry.txt" 2>/dev/null ||
    die "skiff run --dry-run failed"
qemu_hand=$(tail -n 1 "$R/dry.txt")

cmds=(-n native "$R/hello"
    -n native-wasm "build/host/skiff-wasm $R/hello.wasm"
    -n skiff-run "$S run -q --accel $ACCEL $R/hello"
    -n skiff-run-wasm "$S run -q --accel $ACCEL $R/hello.wasm"
    -n qemu-by-hand "$qemu_hand")
if prepare_linux; then
    "${HELPER[@]}" cpio "$R/linux.cpio" "$OUT/linux/busybox/bin/busybox" \
        bench/run/init.sh "bin/hello=$R/hello" || die "initramfs failed"
    cpu=qemu64
    [[ $ACCEL == kvm ]] && cpu=host,-arch-capabilities
    cmds+=(-n linux-guest "qemu-system-x86_64 -machine microvm -accel $ACCEL \
-cpu $cpu -m 256 -smp 1 -nodefaults -display none -no-reboot -serial stdio \
-kernel $OUT/linux/vmlinuz -initrd $R/linux.cpio \
-append 'console=ttyS0 panic=-1 quiet tsc_early_khz=$KHZ tsc=reliable'")
else
    log "bench: no Linux guest (apt-get download failed): row skipped"
fi
# Each command once first: it must print the greeting (QEMU by hand exits
# 3, isa-debug-exit's code for status 0, so hyperfine ignores statuses).
for ((i = 1; i < ${#cmds[@]}; i += 3)); do
    out=$(eval "${cmds[i + 1]}" </dev/null 2>&1)
    grep -q 'hello from a musl program' <<<"$out" ||
        die "${cmds[i]} did not greet: $(tail -n 3 <<<"$out")"
done
hyperfine -N -i --warmup "$WARMUP" --runs "$RUNS" --export-json "$R/run.json" \
    "${cmds[@]}" >"$LOGS/run-hyperfine.txt" 2>&1 ||
    { tail -n 20 "$LOGS/run-hyperfine.txt"; die "hyperfine failed"; }
python3 - "$R/run.json" "$ACCEL" <<'PY'
import json, statistics, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
med = {k: statistics.median(v["times"]) * 1000 for k, v in res.items()}
print(f"skiff run: hello world, command to exit, microvm/{sys.argv[2]}, "
      f"median of {len(next(iter(res.values()))['times'])} runs (ms)")
base = {"native": med["native"], "linux": med.get("linux-guest")}
print(f"{'':16} {'median':>9} {'min':>9} {'/native':>9} {'/linux':>9}")
for k, v in res.items():
    lin = f"{med[k] / base['linux']:.2f}x" if base["linux"] else "-"
    print(f"{k:16} {med[k]:9.1f} {min(v['times']) * 1000:9.1f} "
          f"{med[k] / base['native']:8.0f}x {lin:>9}")
print(f"skiff tool overhead (skiff-run - qemu-by-hand): "
      f"{med['skiff-run'] - med['qemu-by-hand']:.1f} ms")
PY
