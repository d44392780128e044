#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# System-call benchmark, in one run (see bench/syscall/README.md):
#  1. sysbench.c, built once with musl-gcc -static, run unchanged on the
#     host, on Skiff (from its initrd, app.path=/bin/sysbench) and on the
#     Debian cloud Linux kernel of bench/boot (from its initramfs), both
#     guests on QEMU microvm with the same options: the cost of a null
#     system call (getpid), of a 1-byte write to /dev/null, of
#     clock_gettime, and read() throughput over an 8 MiB file in the
#     initrd. Medians over $RUNS runs, interleaved; ratios Skiff/Linux.
#  2. What loading an application from the initrd adds to Skiff's boot:
#     QEMU wall-clock (spawn to exit) booting the default app (inspect)
#     without an initrd, the same with the initrd, and sysbench --exit
#     from the initrd; medians and minimums over $BOOT_RUNS boots,
#     interleaved, plus the guest's own time from "boot: ready" to the
#     application's main().
set -u -o pipefail
cd "$(dirname "$0")/../.." || exit 1

OUT=build/bench
LOGS=$OUT/logs
S=$OUT/syscall
HELPER=(python3 bench/boot/helper.py)
RUNS=${RUNS:-3}
BOOT_RUNS=${BOOT_RUNS:-15}
CALLS=${CALLS:-200000}
BLOB_MIB=${BLOB_MIB:-8}
REPS=${REPS:-8}
TIMEOUT=${TIMEOUT:-300}
SKIFF_IMAGE=${SKIFF_IMAGE:-${BUILD:-build}/skiff.elf}
QEMU=${QEMU:-qemu-system-x86_64}
MUSLCC=${MUSLCC:-musl-gcc}
KEYS="getpid_ns getpid_ns_min devnull_write_ns devnull_write_ns_min clock_ns"
KEYS+=" clock_ns_min clock_step_ns read_mib_s"

log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }
. bench/boot/linux.sh

for t in "$QEMU" "$MUSLCC" python3 timeout; do
    command -v "$t" >/dev/null || die "missing tool: $t"
done
mkdir -p "$LOGS" "$S"
[[ -f $SKIFF_IMAGE ]] || die "no $SKIFF_IMAGE (run make first, or set" \
    "SKIFF_IMAGE)"
# A snapshot, so a rebuild during the run cannot mix two images.
cp "$SKIFF_IMAGE" "$S/skiff.elf" || die "cannot copy $SKIFF_IMAGE"
pick_accels
KHZ=$(host_khz)

# sysbench, the blob (seeded, so read_check is the same on every run and
# every system), Skiff's two initrds: the benchmark one and a small one for
# the boot probe (so QEMU's copying of the blob stays out of part 2).
build() {
    "$MUSLCC" -static -O2 -Wall -Wextra -Werror -o "$S/sysbench" \
        bench/syscall/sysbench.c || return 1
    [[ $(stat -c %s "$S/blob" 2>/dev/null) == $((BLOB_MIB << 20)) ]] ||
        python3 -c 'import random, sys
with open(sys.argv[1], "wb") as f:
    f.write(random.Random(1).randbytes(int(sys.argv[2]) << 20))' \
            "$S/blob" "$BLOB_MIB" || return 1
    "${HELPER[@]}" files "$S/rd.cpio" "bin/sysbench=$S/sysbench" \
        "data/blob=$S/blob" &&
        "${HELPER[@]}" files "$S/rd-exit.cpio" "bin/sysbench=$S/sysbench"
}

# The Linux guest's initramfs: busybox, init.sh, sysbench and the blob.
prepare_linux_sys() {
    prepare_linux || return 1
    "${HELPER[@]}" cpio "$S/initramfs.cpio" "$OUT/linux/busybox/bin/busybox" \
        bench/syscall/init.sh "bin/sysbench=$S/sysbench" "data/blob=$S/blob"
}

# qemu_cmd ACCEL: the QEMU command both guests share, into the array Q.
qemu_cmd() {
    # shellcheck disable=SC2054 # the commas are QEMU's
    Q=(timeout -k 2 "$TIMEOUT" "$QEMU" -machine microvm -accel "$1" -smp 1
        -m 256 -nodefaults -no-user-config -display none -monitor none
        -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4)
    # shellcheck disable=SC2054
    [[ $1 == kvm ]] && Q+=(-cpu host,-arch-capabilities)
}

# one GUEST ACCEL LOG: run sysbench once on GUEST; the output goes to LOG.
# Fails when sysbench did not finish (Skiff: or its exit status was not 0).
one() {
    local g=$1 a=$2 logf=$3 rc args="$CALLS /data/blob $REPS"
    case $g in
    host)
        "$S/sysbench" "$CALLS" "$S/blob" "$REPS" >"$logf" 2>&1 ;;
    skiff)
        qemu_cmd "$a"
        "${Q[@]}" -kernel "$S/skiff.elf" -initrd "$S/rd.cpio" \
            -append "app.path=/bin/sysbench -- $args" >"$logf" 2>&1 </dev/null
        rc=$?
        # Skiff writes status + 1 to isa-debug-exit: QEMU exits 3 for 0.
        if [[ $rc != 3 ]]; then
            log "bench: skiff/$a: QEMU exit $rc, see $logf"
            return 1
        fi ;;
    linux)
        qemu_cmd "$a"
        # Linux hands the words after "--" to /init as its arguments.
        # tsc=reliable: under TCG the clocksource watchdog finds the TSC
        # skewed against the (late) timer ticks, and Linux falls back to
        # jiffies, a 4 ms clock too coarse to time anything here.
        args="console=ttyS0 panic=-1 quiet tsc_early_khz=$KHZ tsc=reliable"
        args+="${LINUX_APPEND:+ $LINUX_APPEND} -- $CALLS /data/blob $REPS"
        "${Q[@]}" -kernel "$OUT/linux/vmlinuz" -initrd "$S/initramfs.cpio" \
            -append "$args" >"$logf" 2>&1 </dev/null ;;
    esac
    grep -q '^sysbench: done' "$logf" && return 0
    log "bench: $g/$a: sysbench did not finish, see $logf"
    return 1
}

# val LOG KEY: the value on LOG's "KEY value" line (serial lines end \r\n).
val() {
    sed -nE "s/\r$//; s/^$2 ([0-9a-f.]+)$/\1/p" "$1" | tail -n 1
}

ratio() {
    python3 -c 'import sys
a, b = sys.argv[1:]
ok = a not in ("", "-") and b not in ("", "-") and float(b)
print("%.2fx" % (float(a) / float(b)) if ok else "-")' "$1" "$2"
}

# calls_bench ACCEL: part 1. The host runs once per round too, so all three
# columns see the same spread of host load.
calls_bench() {
    local a=$1 g r k logf checks=""
    declare -A vals med
    for ((r = 1; r <= RUNS; r++)); do
        for g in $GUESTS; do
            logf=$LOGS/syscall-$g-$a.log
            one "$g" "$a" "$logf" || { FAILED=$((FAILED + 1)); continue; }
            for k in $KEYS; do
                vals[$g.$k]+=" $(val "$logf" "$k")"
            done
            checks+=" $g:$(val "$logf" read_check)"
            log "  $a run $r/$RUNS $g: getpid $(val "$logf" getpid_ns) ns," \
                "write $(val "$logf" devnull_write_ns) ns," \
                "read $(val "$logf" read_mib_s) MiB/s"
        done
    done
    printf '%-22s %10s %10s %10s %12s\n' "metric ($a)" host skiff linux \
        skiff/linux
    for k in $KEYS; do
        printf '%-22s' "$k"
        for g in host skiff linux; do
            # shellcheck disable=SC2086 # the lists are meant to split
            med[$g]=$("${HELPER[@]}" median ${vals[$g.$k]:-})
            printf ' %10s' "${med[$g]}"
        done
        printf ' %12s\n' "$(ratio "${med[skiff]}" "${med[linux]}")"
    done
    # Every pass read the same bytes, or a figure above is not comparable.
    if [[ $(tr ' ' '\n' <<<"$checks" | sed 's/.*://' | sort -u |
        grep -c .) == 1 ]]; then
        echo "read_check: the same on every run (${checks##*:})"
    else
        echo "read_check: MISMATCH:$checks"
    fi
}

# boot_one VARIANT ACCEL: one boot of part 2; prints "exit_ms ready_us
# main_us" ("-" where missing) and fails unless Skiff exited with status 0.
boot_one() {
    local v=$1 a=$2 logf=$LOGS/syscall-boot-$1-$2.log st r e rc gu m
    qemu_cmd "$a"
    Q+=(-kernel "$S/skiff.elf")
    case $v in
    inspect) Q+=(-append log.quiet) ;;
    inspect+rd) Q+=(-initrd "$S/rd-exit.cpio" -append log.quiet) ;;
    app) Q+=(-initrd "$S/rd-exit.cpio"
        -append "log.quiet app.path=/bin/sysbench -- --exit") ;;
    esac
    read -r st r e rc gu < <("${HELPER[@]}" run "$((TIMEOUT + 5))" \
        'boot: ready in ([0-9]+) us' "$logf" 0 -- "${Q[@]}")
    if [[ $st != ok || $rc != 3 ]]; then
        log "bench: boot $v/$a: $st, QEMU exit $rc (see $logf)"
        echo "- - -"
        return 1
    fi
    m=$(val "$logf" main_ns)
    # An image without app.path ignores it and runs inspect, status 0.
    if [[ $v == app && -z $m ]]; then
        log "bench: boot $v/$a: no main_ns line (see $logf)"
        echo "- - -"
        return 1
    fi
    echo "$e $gu ${m:+$((m / 1000))}"
}

# boot_bench ACCEL: part 2.
boot_bench() {
    local a=$1 v r e gu m
    declare -A ex rd mn med
    for ((r = 1; r <= BOOT_RUNS; r++)); do
        for v in inspect inspect+rd app; do
            read -r e gu m < <(boot_one "$v" "$a")
            [[ $e == - ]] && FAILED=$((FAILED + 1))
            ex[$v]+=" $e" rd[$v]+=" $gu" mn[$v]+=" ${m:--}"
        done
    done
    printf '%-12s %12s %10s %14s %14s\n' "boot ($a)" exit_ms min_ms \
        guest_ready_us ready_to_main_us
    for v in inspect inspect+rd app; do
        # shellcheck disable=SC2086 # the lists are meant to split
        med[$v]=$("${HELPER[@]}" median ${ex[$v]})
        # shellcheck disable=SC2086
        med[$v.min]=$("${HELPER[@]}" median --min ${ex[$v]})
        # shellcheck disable=SC2086
        med[$v.rd]=$("${HELPER[@]}" median ${rd[$v]})
        m=-
        if [[ $v == app ]]; then
            # main() in us since entry, minus the ready line's us, per boot.
            m=$(paste -d' ' <(tr ' ' '\n' <<<"${mn[app]}") \
                <(tr ' ' '\n' <<<"${rd[app]}") |
                awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9.]+$/ { print $1 - $2 }')
            # shellcheck disable=SC2086
            m=$("${HELPER[@]}" median $m)
        fi
        printf '%-12s %12s %10s %14s %14s\n' "$v" "${med[$v]}" \
            "${med[$v.min]}" "${med[$v.rd]}" "$m"
    done
    python3 -c 'import sys
v = [float(x) if x not in ("", "-") else None for x in sys.argv[1:]]
def d(a, b):
    return "-" if None in (a, b) else "%+.1f ms" % (a - b)
i, ir, ap, imin, irmin, apmin = v
print("app from the initrd vs inspect: %s (median), %s (min); of which the"
      " initrd itself (inspect with vs without it): %s (median), %s (min)"
      % (d(ap, i), d(apmin, imin), d(ir, i), d(irmin, imin)))' \
        "${med[inspect]}" "${med[inspect+rd]}" "${med[app]}" \
        "${med[inspect.min]}" "${med[inspect+rd.min]}" "${med[app.min]}"
}

build || die "build failed"
FAILED=0
GUESTS="host skiff linux"
prepare_linux_sys || {
    GUESTS="host skiff"
    log "bench: the Linux guest is unavailable; host and Skiff only"
}
printf '%s\n' "$($QEMU --version | head -n 1)" \
    "host: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(nproc) cpus, $(uname -r); accels: $ACCELS;" \
    "linux guest: $(cat "$OUT/linux/package" 2>/dev/null || echo none)" \
    "${LINUX_APPEND:+(+ $LINUX_APPEND)};" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)" | paste -sd' '
for a in $ACCELS; do
    echo
    echo "== system calls on microvm, $a: $CALLS calls each (median of 5" \
        "rounds after a warm-up), /data/blob $BLOB_MIB MiB read $REPS" \
        "times in 64 KiB read()s; median of $RUNS runs"
    calls_bench "$a"
    echo
    echo "== Skiff boot, microvm, $a, log.quiet: QEMU spawn to exit," \
        "median of $BOOT_RUNS boots"
    boot_bench "$a"
done
echo
echo "ns: per call, lower is faster (skiff/linux below 1: Skiff faster);" \
    "read_mib_s: higher is faster. Under TCG both guests are emulated and"
echo "the host is not: compare skiff with linux; the host column is for" \
    "reference. clock_step_ns: the clock's resolution as seen (figures"
echo "from a clock stepping by microseconds or more are coarse). Logs of" \
    "the last runs: $LOGS/syscall-*.log"
if ((FAILED)); then
    echo "bench: $FAILED runs failed (their figures are left out; see above)"
    exit 1
fi
