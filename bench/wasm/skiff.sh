#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# skiff-wasm inside Skiff against skiff-wasm on the host and in a Linux
# guest: the same static musl build of the tool runs fib and sieve
# (bench/wasm/src, clang -O2 wasm32-wasi) on the host, on Skiff (initrd,
# app.path=/bin/skiff-wasm) and on the Debian kernel of bench/boot
# (initramfs with busybox and init-linux.sh), both guests on QEMU microvm
# with the same options. A guest's time is the QEMU wall clock of the run
# minus that of hello.wasm on the same guest (boot, loading and exit), the
# median of $RUNS interleaved runs. Under TCG both guests are emulated:
# Skiff/Linux is the fair ratio, host figures are for scale.
# Settings: RUNS (default 3), ACCEL (tcg), BENCHES ("fib sieve"),
# SKIFF_BUILD (build: skiff.elf and apps/skiff-wasm), LINUX_DIR (a
# prepared bench/boot Linux: vmlinuz and busybox/; default build/bench/linux,
# fetched by bench/boot/linux.sh when missing).
set -u -o pipefail
cd "$(dirname "$0")/../.." || exit 1

RUNS=${RUNS:-3}
ACCEL=${ACCEL:-tcg}
BENCHES=${BENCHES:-fib sieve}
SB=${SKIFF_BUILD:-build}
OUT=build/bench
W=$OUT/wasm-skiff
HELPER=(python3 bench/boot/helper.py)
TIMEOUT=${TIMEOUT:-600}
log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }
. bench/boot/linux.sh

[[ -f $SB/skiff.elf && -x $SB/apps/skiff-wasm ]] ||
    die "no $SB/skiff.elf or $SB/apps/skiff-wasm (run make all)"
mkdir -p "$W"
KHZ=$(host_khz)
LINUX_DIR=${LINUX_DIR:-$OUT/linux}
if [[ ! -s $LINUX_DIR/vmlinuz ]]; then
    LINUX_DIR=$OUT/linux
    prepare_linux || die "no Linux guest"
fi
files=("bin/skiff-wasm=$SB/apps/skiff-wasm")
for b in hello $BENCHES; do
    clang --target=wasm32-wasi --sysroot=/usr -O2 -s -o "$W/$b.wasm" \
        "bench/wasm/src/$b.c" || die "cannot build $b.wasm"
    files+=("wasm/$b.wasm=$W/$b.wasm")
done
cp "$SB/skiff.elf" "$W/skiff.elf"
"${HELPER[@]}" files "$W/rd.cpio" "${files[@]}" || die "skiff initrd"
"${HELPER[@]}" cpio "$W/initramfs.cpio" "$LINUX_DIR/busybox/bin/busybox" \
    bench/wasm/init-linux.sh "${files[@]}" || die "linux initramfs"

# One run of module B on guest G: prints the wall-clock seconds.
one() {
    local g=$1 b=$2 t0 t1 logf=$W/$1-$2.log
    # shellcheck disable=SC2054 # the commas are QEMU's
    local q=(timeout -k 2 "$TIMEOUT" qemu-system-x86_64 -machine microvm
        -accel "$ACCEL" -smp 1 -m 256 -nodefaults -no-user-config
        -display none -monitor none -serial stdio -no-reboot
        -device isa-debug-exit,iobase=0xf4,iosize=4)
    t0=$(date +%s.%N)
    case $g in
    host) "$SB/apps/skiff-wasm" "$W/$b.wasm" >"$logf" 2>&1 ;;
    skiff) "${q[@]}" -kernel "$W/skiff.elf" -initrd "$W/rd.cpio" \
        -append "log.level=warn app.path=/bin/skiff-wasm -- /wasm/$b.wasm" \
        >"$logf" 2>&1 </dev/null ;;
    linux) "${q[@]}" -kernel "$LINUX_DIR/vmlinuz" \
        -initrd "$W/initramfs.cpio" -append "console=ttyS0 panic=-1 quiet \
tsc_early_khz=$KHZ tsc=reliable -- /wasm/$b.wasm" >"$logf" 2>&1 </dev/null ;;
    esac
    t1=$(date +%s.%N)
    grep -qE '^(fib|primes|hello)' "$logf" || log "bench: $g $b: no result, see $logf"
    echo "$t1 - $t0" | bc -l
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A T
for g in host skiff linux; do
    for b in hello $BENCHES; do
        : >"$W/$g-$b.times"
    done
done
for ((r = 0; r < RUNS; r++)); do
    for b in hello $BENCHES; do
        for g in host skiff linux; do
            one $g "$b" >>"$W/$g-$b.times"
        done
    done
done
for g in host skiff linux; do
    for b in hello $BENCHES; do
        T[$g-$b]=$(median <"$W/$g-$b.times")
    done
done
printf 'skiff-wasm (musl, static), %s, median of %s runs; guest figures\n' \
    "$ACCEL" "$RUNS"
printf 'exclude boot and exit (hello.wasm on the same guest: skiff %.3f s, linux %.3f s)\n' \
    "${T[skiff-hello]}" "${T[linux-hello]}"
printf '%-8s %10s %10s %10s %12s\n' bench host_s skiff_s linux_s skiff/linux
for b in $BENCHES; do
    s=$(echo "${T[skiff-$b]} - ${T[skiff-hello]}" | bc -l)
    l=$(echo "${T[linux-$b]} - ${T[linux-hello]}" | bc -l)
    printf '%-8s %10.3f %10.3f %10.3f %12.2f\n' "$b" "${T[host-$b]}" "$s" \
        "$l" "$(echo "$s / $l" | bc -l)"
done
