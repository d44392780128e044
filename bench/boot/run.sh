#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Boot benchmark: Skiff against QEMU's own floor (a stub PVH kernel that
# prints one line and exits at its first instructions) and against a Debian
# cloud Linux kernel with a busybox initramfs, on QEMU microvm, q35 and pc,
# under TCG (and KVM where it is hardware-assisted).  For each (guest,
# machine, accelerator) it reports the median over $RUNS boots of the time
# from QEMU process start to the ready line on the serial console and to
# QEMU's exit, the image size, and the smallest -m (MiB) that still reaches
# the ready line.  Results: a table on stdout, TSV in build/bench/boot.tsv.
# See bench/boot/README.md for the knobs.  Packages come from Debian only,
# through apt-get download (nothing is installed).

set -u -o pipefail
cd "$(dirname "$0")/../.." || exit 1

HERE=bench/boot
OUT=build/bench
LOGS=$OUT/logs
TSV=$OUT/boot.tsv
HELPER=(python3 "$HERE/helper.py")

RUNS=${RUNS:-5}
MACHINES=${MACHINES:-microvm q35 pc}
GUESTS=${GUESTS:-stub skiff skiff-quiet linux}
MEM=${MEM:-256}
TIMEOUT=${TIMEOUT:-60}
BISECT=${BISECT:-1}
BISECT_LINUX=${BISECT_LINUX:-0}
BISECT_MAX=${BISECT_MAX:-512}
LINUX_STEP=${LINUX_STEP:-8}
SKIFF_IMAGE=${SKIFF_IMAGE:-build/skiff.elf}
QEMU=${QEMU:-qemu-system-x86_64}
CC=${CC:-gcc}
LD=${LD:-ld}

log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }

for t in "$QEMU" python3 timeout "$CC" "$LD"; do
    command -v "$t" >/dev/null || die "missing tool: $t"
done
mkdir -p "$LOGS"

. bench/boot/linux.sh

build_stub() {
    "$CC" -c -o "$OUT/stub.o" "$HERE/stub.S" &&
        "$LD" -nostdlib -static --build-id=none -z max-page-size=0x1000 \
            -z noexecstack -T "$HERE/stub.ld" -o "$OUT/stub.elf" \
            "$OUT/stub.o"
}

# guest_setup GUEST MACHINE ACCEL: sets KERNEL INITRD APPEND MARKER SIZE LOAD.
guest_setup() {
    local g=$1 m=$2 a=$3
    INITRD="" APPEND="" LOAD=""
    case $g in
    stub)
        KERNEL=$OUT/stub.elf MARKER='stub: ready' ;;
    skiff | skiff-quiet)
        KERNEL=$OUT/skiff.elf MARKER='boot: ready in ([0-9]+) us'
        [[ $g == skiff-quiet ]] && APPEND=log.quiet ;;
    linux)
        KERNEL=$OUT/linux/vmlinuz INITRD=$OUT/linux/initramfs.cpio
        MARKER='linux: ready'
        APPEND="console=ttyS0 panic=-1${LINUX_APPEND:+ $LINUX_APPEND}"
        if [[ $m == microvm && $a == tcg ]]; then
            APPEND+=" tsc_early_khz=$KHZ"
        fi ;;
    esac
    SIZE=$(stat -c %s "$KERNEL")
    if [[ -n $INITRD ]]; then
        SIZE=$((SIZE + $(stat -c %s "$INITRD")))
        LOAD=$SIZE
    else
        LOAD=$("${HELPER[@]}" loadsz "$KERNEL")
    fi
}

# run_once GUEST MACHINE ACCEL MEM TIMEOUT STOP: one boot; prints the
# helper's "status ready_ms exit_ms rc guest_us".  STOP=1 kills QEMU as soon
# as the ready line is seen (memory bisection).
run_once() {
    local g=$1 m=$2 a=$3 mem=$4 tmo=$5 stop=$6
    # shellcheck disable=SC2054 # the commas are QEMU's
    local cmd=(timeout -k 2 "$tmo" "$QEMU" -machine "$m" -accel "$a"
        -smp 1 -m "$mem" -nodefaults -no-user-config -display none
        -monitor none -serial stdio -no-reboot
        -device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$KERNEL")
    # shellcheck disable=SC2054
    [[ $a == kvm ]] && cmd+=(-cpu host,-arch-capabilities)
    [[ -n $INITRD ]] && cmd+=(-initrd "$INITRD")
    [[ -n $APPEND ]] && cmd+=(-append "$APPEND")
    "${HELPER[@]}" run "$((tmo + 5))" "$MARKER" \
        "$LOGS/$g-$m-$a${7:-}.log" "$stop" -- "${cmd[@]}"
}

# min_mem GUEST MACHINE ACCEL STEP TIMEOUT: smallest -m (bisected in KiB, to
# STEP KiB) in [0, BISECT_MAX MiB] that reaches the ready line, printed in
# MiB; QEMU refusing a size counts as failure.  Assumes success is monotonic
# in memory size.
min_mem() {
    local g=$1 m=$2 a=$3 step=$4 tmo=$5 lo=0 hi=$((BISECT_MAX * 1024)) mid res
    res=$(run_once "$g" "$m" "$a" "${hi}K" "$tmo" 1 .mem)
    [[ $res == ok* ]] || { echo ">$BISECT_MAX"; return; }
    while ((hi - lo > step)); do
        mid=$(((lo + hi) / 2 / step * step))
        ((mid <= lo)) && mid=$((lo + step))
        res=$(run_once "$g" "$m" "$a" "${mid}K" "$tmo" 1 .mem)
        if [[ $res == ok* ]]; then hi=$mid; else lo=$mid; fi
    done
    awk -v k="$hi" 'BEGIN { printf "%.2f", k / 1024 }'
}

# Per-guest results of one (machine, accel), keyed by guest: space-separated
# lists of ready/exit/guest-side times, the exit codes, the ok count.
declare -A MINMEM READY EXIT GUS RCS OK

# one_run GUEST MACHINE ACCEL I: boot once, record the result.
one_run() {
    local g=$1 m=$2 a=$3 i=$4 st r e rc gu
    guest_setup "$g" "$m" "$a"
    read -r st r e rc gu < <(run_once "$g" "$m" "$a" "$MEM" "$TIMEOUT" 0)
    if [[ $st == ok ]]; then
        OK[$g]=$((OK[$g] + 1)) READY[$g]+=" $r" GUS[$g]+=" $gu"
        [[ $e != - ]] && EXIT[$g]+=" $e"
    fi
    RCS[$g]+="${RCS[$g]:+,}$rc"
    log "  $a $m $g run $i/$RUNS: $st ready ${r}ms exit ${e}ms" \
        "rc $rc$([[ $gu == - ]] || echo " guest ${gu}us")"
}

# emit_row GUEST MACHINE ACCEL: medians, memory bisection, one TSV line.
emit_row() {
    local g=$1 m=$2 a=$3 mm="-" tmo rmed rmin emed gmed
    guest_setup "$g" "$m" "$a"
    # shellcheck disable=SC2086 # the lists are meant to split
    rmed=$("${HELPER[@]}" median ${READY[$g]})
    # shellcheck disable=SC2086
    rmin=$("${HELPER[@]}" median --min ${READY[$g]})
    # shellcheck disable=SC2086
    emed=$("${HELPER[@]}" median ${EXIT[$g]})
    # shellcheck disable=SC2086
    gmed=$("${HELPER[@]}" median ${GUS[$g]})
    [[ $gmed == - ]] || gmed=${gmed%.0}
    if [[ $g == skiff-quiet && -n ${MINMEM[skiff $m $a]:-} ]]; then
        mm=${MINMEM[skiff $m $a]}
    elif ((BISECT)) && ((OK[$g] > 0)) &&
        [[ $g != linux || $BISECT_LINUX == 1 ]]; then
        # Per try: three times the median boot plus a second, at least 2 s
        # (too little memory often hangs rather than fails).
        tmo=$((${rmed%.*} * 3 / 1000 + 1))
        ((tmo < 2)) && tmo=2
        if [[ $g == linux ]]; then
            mm=$(min_mem "$g" "$m" "$a" $((LINUX_STEP * 1024)) "$tmo")
        else
            mm=$(min_mem "$g" "$m" "$a" 64 "$tmo")
        fi
        log "  $a $m $g: min -m ${mm} MiB"
    fi
    MINMEM[$g $m $a]=$mm
    printf '%s\t' "$g" "$m" "$a" "$RUNS" "${OK[$g]}" "$rmed" "$rmin" "$emed" \
        "$gmed" "$SIZE" "$LOAD" "$mm" "$MEM" >>"$TSV"
    printf '%s\n' "${RCS[$g]}" >>"$TSV"
}

# bench_machine MACHINE ACCEL: the guests' runs are interleaved (run i of
# every guest, then run i+1) so that load from elsewhere on the host spreads
# over all guests instead of skewing one row.
bench_machine() {
    local m=$1 a=$2 g i
    for g in "${want[@]}"; do
        READY[$g]="" EXIT[$g]="" GUS[$g]="" RCS[$g]="" OK[$g]=0
    done
    for ((i = 1; i <= RUNS; i++)); do
        for g in "${want[@]}"; do
            one_run "$g" "$m" "$a" "$i"
        done
    done
    for g in "${want[@]}"; do
        emit_row "$g" "$m" "$a"
    done
}

pick_accels
KHZ=$(host_khz)
[[ -n $KHZ && $KHZ -gt 0 ]] || { KHZ=1000000; log "bench: cpu MHz unknown," \
    "using tsc_early_khz=$KHZ (set TSC_KHZ)"; }

want=()
for g in $GUESTS; do
    case $g in
    stub) build_stub || die "stub build failed" ;;
    skiff | skiff-quiet)
        if [[ ! -f $SKIFF_IMAGE ]]; then
            [[ -n ${skiff_warned:-} ]] ||
                log "bench: $SKIFF_IMAGE does not exist, Skiff rows skipped"
            skiff_warned=1
            continue
        fi
        # A snapshot, so a rebuild during the run cannot mix two images.
        if [[ -z ${skiff_copied:-} ]]; then
            cp "$SKIFF_IMAGE" "$OUT/skiff.elf" || die "cannot copy Skiff"
            skiff_copied=1
        fi ;;
    linux)
        if ! prepare_linux; then
            log "bench: Linux rows skipped"
            continue
        fi ;;
    *) die "unknown guest $g" ;;
    esac
    want+=("$g")
done

printf '%s\n' "$($QEMU --version | head -n 1)" \
    "host: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(nproc) cpus; RUNS=$RUNS MEM=${MEM}M accels: $ACCELS;" \
    "linux: $(cat "$OUT/linux/package" 2>/dev/null || echo none)," \
    "tsc_early_khz=$KHZ on microvm/tcg;" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)" | paste -sd' '
printf 'guest\tmachine\taccel\truns\tok_runs\tready_ms\tready_min_ms\texit_ms\tguest_us' >"$TSV"
printf '\tsize_bytes\tload_bytes\tmin_mem_mib\tmem_mib\texit_codes\n' >>"$TSV"
start=$SECONDS
for a in $ACCELS; do
    for m in $MACHINES; do
        bench_machine "$m" "$a"
    done
done
log "bench: done in $((SECONDS - start)) s"
echo
"${HELPER[@]}" report "$TSV"
echo
echo "ready/exit: median ms from QEMU start to the ready line / to exit" \
    "(host clock); min: fastest ready; guest_us: Skiff's 'ready in N us'."
echo "file_KiB: image file (Linux: vmlinuz + initramfs); load_KiB: PT_LOAD" \
    "bytes; min_mem: smallest -m reaching the ready line ('-': not run)."
echo "TSV: $TSV; serial logs of the last run: $LOGS/"
