#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# PCI benchmark, under TCG (and KVM where it is hardware-assisted), in one
# run:
#  1. Enumeration time of the boot-test topologies: Skiff's own "pci: ...
#     (N us)" line, which times the walk (configuration reads, BAR sizing,
#     assignment) and not the printing; median over $BOOT_RUNS boots.
#  2. virtio-blk throughput over PCI with MSI-X (microvm pcie=on and q35)
#     versus over MMIO (microvm, ACPI on): inspect.blk_bench on the first
#     $MIB MiB (sequential 1 MiB reads and writes) and $RAND random 4 KiB
#     reads; medians over $RUNS runs, interleaved.
# See bench/pci/README.md.
set -u -o pipefail
cd "$(dirname "$0")/../.." || exit 1

OUT=build/bench/pci
RUNS=${RUNS:-5}
BOOT_RUNS=${BOOT_RUNS:-7}
MIB=${MIB:-64}
RAND=${RAND:-2000}
TIMEOUT=${TIMEOUT:-300}
ENUM_ONLY=${ENUM_ONLY:-0} # 1: the enumeration part alone
SKIFF_IMAGE=${SKIFF_IMAGE:-build/skiff.elf}
QEMU=${QEMU:-qemu-system-x86_64}
mkdir -p "$OUT"
[[ -f $SKIFF_IMAGE ]] || { echo "bench: no $SKIFF_IMAGE (run make first)" >&2; exit 1; }
accels=tcg
[[ -r /dev/kvm && -w /dev/kvm ]] && accels="tcg kvm"

# run MACHINE ACCEL LOG APPEND QEMU_ARGS...
run() {
    local m=$1 a=$2 logf=$3 app=$4 cmd
    shift 4
    # shellcheck disable=SC2054 # the commas are QEMU's
    cmd=(timeout -k 2 "$TIMEOUT" "$QEMU" -machine "$m" -accel "$a" -smp 1
        -m 256 -nodefaults -no-user-config -display none -monitor none
        -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4)
    [[ $a == kvm ]] && cmd+=(-cpu host,-arch-capabilities)
    "${cmd[@]}" -kernel "$SKIFF_IMAGE" -append "$app" "$@" >"$logf" 2>&1 \
        </dev/null
}

median() { tr ' ' '\n' | grep -E '^[0-9]+$' | sort -n | awk '{ v[NR] = $1 }
    END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

R=-device
declare -A topo=(
    [q35-flat]="q35|$R virtio-blk-pci,drive=d0 $R virtio-rng-pci"
    [q35-bridges]="q35|$R pci-bridge,chassis_nr=1,id=b1 $R virtio-blk-pci,drive=d0,bus=b1,addr=1 $R pcie-root-port,chassis=2,id=r1 $R x3130-upstream,bus=r1,id=u1 $R xio3130-downstream,bus=u1,chassis=3,id=d1 $R virtio-rng-pci,bus=d1 $R virtio-rng-pci,addr=6.0,multifunction=on $R virtio-rng-pci,addr=6.1"
    [pc-legacy]="pc|$R virtio-blk-pci,drive=d0,disable-modern=on $R vmxnet3,netdev=n0 -netdev user,id=n0 $R pvscsi"
    [microvm-pcie]="microvm,acpi=on,pcie=on|$R virtio-blk-pci,drive=d0 $R pcie-root-port,chassis=1,id=r1 $R virtio-rng-pci,bus=r1"
)
disk=$OUT/disk.img
[[ $(stat -c %s "$disk" 2>/dev/null) == $((MIB << 20)) ]] ||
    head -c $((MIB << 20)) /dev/urandom >"$disk"

for a in $accels; do
    echo "== enumeration ($a), median of $BOOT_RUNS boots"
    printf '%-14s %-10s %8s %6s %12s\n' topology access functions buses "time us"
    for t in q35-flat q35-bridges pc-legacy microvm-pcie; do
        m=${topo[$t]%%|*} args=${topo[$t]#*|} us=
        for ((i = 1; i <= BOOT_RUNS; i++)); do
            logf=$OUT/enum-$t-$a.log
            # shellcheck disable=SC2086
            run "$m" "$a" "$logf" "" -drive "file=$disk,format=raw,if=none,id=d0,snapshot=on" $args
            line=$(grep -E 'pci: [0-9]+ function' "$logf" | tail -1)
            us+=" $(sed -nE 's/.*\(([0-9]+) us\).*/\1/p' <<<"$line")"
        done
        printf '%-14s %-10s %8s %6s %12s\n' "$t" \
            "$(grep -oE '(ECAM|port I/O) access' <<<"$line" | cut -d' ' -f1-2 | sed 's/ access//')" \
            "$(sed -nE 's/.*pci: ([0-9]+) function.*/\1/p' <<<"$line")" \
            "$(sed -nE 's/.* on ([0-9]+) bus.*/\1/p' <<<"$line")" \
            "$(median <<<"$us")"
    done

    [[ $ENUM_ONLY == 1 ]] && continue
    echo "== virtio-blk ($a), $MIB MiB, $RAND random reads, median of $RUNS runs"
    printf '%-26s %14s %15s %14s\n' transport "seq-read MiB/s" \
        "seq-write MiB/s" "rand-read IOPS"
    declare -A v=()
    cfgs="mmio pci-msix-microvm pci-msix-q35"
    for ((r = 1; r <= RUNS; r++)); do
        for c in $cfgs; do
            logf=$OUT/blk-$c-$a.log
            cp "$disk" "$OUT/run.img"
            drive=(-drive "file=$OUT/run.img,format=raw,if=none,id=d0")
            app="log.quiet inspect.blk_bench=$MIB inspect.blk_rand=$RAND"
            case $c in
            mmio) run microvm "$a" "$logf" "$app" "${drive[@]}" \
                -device virtio-blk-device,drive=d0 ;;
            pci-msix-microvm) run microvm,acpi=on,pcie=on "$a" "$logf" \
                "$app" "${drive[@]}" -device virtio-blk-pci,drive=d0 ;;
            pci-msix-q35) run q35 "$a" "$logf" "$app" "${drive[@]}" \
                -device virtio-blk-pci,drive=d0 ;;
            esac
            for k in seq-read seq-write rand-read; do
                v[$c.$k]+=" $(sed -nE "s/^blkbench: $k .*: ([0-9]+) (MiB\/s|IOPS).*/\1/p" "$logf")"
            done
        done
    done
    for c in $cfgs; do
        printf '%-26s %14s %15s %14s\n' "$c" "$(median <<<"${v[$c.seq-read]}")" \
            "$(median <<<"${v[$c.seq-write]}")" "$(median <<<"${v[$c.rand-read]}")"
    done
    unset v
done
