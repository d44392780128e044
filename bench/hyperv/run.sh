#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Hyper-V benchmark (issue 6, item 11), in one run:
#  1. The bring-up's cost against the simulated Hyper-V: build/host/hvbench
#     (bench/hyperv/hvbench.c) prints, per phase, the median host time and
#     the CPUIDs, MSR accesses, hypercalls and interrupts it asks for.
#  2. Detection on a boot that is not Hyper-V: Skiff's own debug line
#     "hyperv: not detected (detection N ns)", which times the CPUIDs of
#     the one detection (TSC around hv_detect, from time_init), against
#     "boot: ready in N us"; median over $BOOT_RUNS boots per machine,
#     under TCG (and KVM where it is hardware-assisted).
# See bench/hyperv/README.md.
set -u -o pipefail
cd "$(dirname "$0")/../.." || exit 1
. tools/qemu.sh

OUT=build/bench/hyperv
BOOT_RUNS=${BOOT_RUNS:-7}
RUNS=${RUNS:-2001}
MACHINES=${MACHINES:-microvm q35 pc}
TIMEOUT=${TIMEOUT:-60}
SKIFF_IMAGE=${SKIFF_IMAGE:-build/skiff.elf}
QEMU=${QEMU:-qemu-system-x86_64}
mkdir -p "$OUT"
[[ -f $SKIFF_IMAGE ]] || { echo "bench: no $SKIFF_IMAGE (run make first)" >&2; exit 1; }
make -s build/host/hvbench || exit 1
build/host/hvbench "$RUNS" || exit 1

accels=tcg
[[ $(skiff_pick_accel) == kvm ]] && accels="tcg kvm"
median() { tr ' ' '\n' | grep -E '^[0-9]+$' | sort -n | awk '{ v[NR] = $1 }
    END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

for a in $accels; do
    echo "== detection on a non-Hyper-V boot ($a), median of $BOOT_RUNS boots"
    printf '%-10s %14s %14s %10s\n' machine "detection ns" "ready us" "share"
    for m in $MACHINES; do
        det="" ready=""
        for ((i = 0; i < BOOT_RUNS; i++)); do
            log=$OUT/$m.$a.$i.log
            mapfile -t args < <(skiff_qemu_args "$m" "$a" 128M 1)
            timeout -k 2 "$TIMEOUT" "$QEMU" "${args[@]}" -display none \
                -kernel "$SKIFF_IMAGE" -append "log.level=debug" \
                >"$log" 2>&1 </dev/null
            det+=" $(sed -n 's/.*hyperv: not detected (detection \([0-9]*\) ns).*/\1/p' "$log")"
            ready+=" $(sed -n 's/^boot: ready in \([0-9]*\) us.*/\1/p' "$log")"
        done
        d=$(echo "$det" | median) r=$(echo "$ready" | median)
        share=-
        [[ $d != - && $r != - && $r -gt 0 ]] &&
            share=$(awk -v d="$d" -v r="$r" 'BEGIN { printf "%.2f%%", d / (r * 10) }')
        printf '%-10s %14s %14s %10s\n' "$m" "$d" "$r" "$share"
    done
done
