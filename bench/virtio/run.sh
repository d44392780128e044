#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# virtio benchmark on QEMU microvm (legacy virtio-mmio), under TCG (and KVM
# where it is hardware-assisted), in one run:
#  1. virtio-blk throughput: sequential read and write of the first $MIB MiB
#     in 1 MiB transfers, and $RAND random 4 KiB reads one at a time, from a
#     file-backed disk, on Skiff (inspect.blk_bench) and on the Debian cloud
#     Linux kernel of bench/boot (bench/virtio/blkbench.c, O_DIRECT), same
#     pattern, same QEMU options; medians over $RUNS runs, interleaved.
#     microvm keeps ACPI on here: Debian's kernel finds virtio-mmio devices
#     only in the DSDT (no VIRTIO_MMIO_CMDLINE_DEVICES); Skiff reads it too.
#  2. Boot time with 0, 1 and 8 virtio-mmio devices on microvm acpi=off
#     (devices on the command line, as on Firecracker): Skiff's own "boot:
#     ready in N us" (log.quiet), median over $BOOT_RUNS boots, and the
#     cost per device.
# See bench/virtio/README.md.
set -u -o pipefail
cd "$(dirname "$0")/../.." || exit 1

OUT=build/bench
LOGS=$OUT/logs
V=$OUT/virtio
HELPER=(python3 bench/boot/helper.py)
RUNS=${RUNS:-3}
BOOT_RUNS=${BOOT_RUNS:-7}
MIB=${MIB:-64}
RAND=${RAND:-2000}
TIMEOUT=${TIMEOUT:-300}
SKIFF_IMAGE=${SKIFF_IMAGE:-build/skiff.elf}
QEMU=${QEMU:-qemu-system-x86_64}

log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }
. bench/boot/linux.sh

mkdir -p "$LOGS" "$V"
[[ -f $SKIFF_IMAGE ]] || die "no $SKIFF_IMAGE (run make first)"
pick_accels
KHZ=$(host_khz)

# The Linux guest: the cloud kernel, its four virtio modules, busybox and
# blkbench (static) in an initramfs.
prepare_linux_blk() {
    local d=$OUT/linux debs mods=()
    prepare_linux || return 1
    debs=("$d"/debs/linux-image-*.deb)
    if [[ ! -s $V/virtio_blk.ko ]]; then
        rm -rf "$V/mods"
        mkdir -p "$V/mods"
        dpkg-deb --fsys-tarfile "${debs[0]}" | tar -x -C "$V/mods" \
            --wildcards '*/virtio.ko' '*/virtio_ring.ko' '*/virtio_mmio.ko' \
            '*/virtio_blk.ko' || return 1
        find "$V/mods" -name '*.ko' -exec mv {} "$V/" \;
    fi
    gcc -O2 -static -o "$V/blkbench" bench/virtio/blkbench.c || return 1
    for m in virtio virtio_ring virtio_mmio virtio_blk; do
        mods+=("lib/$m.ko=$V/$m.ko")
    done
    "${HELPER[@]}" cpio "$V/initramfs.cpio" "$d/busybox/bin/busybox" \
        bench/virtio/init.sh "bin/blkbench=$V/blkbench" "${mods[@]}"
}

# run GUEST MACHINE ACCEL LOGFILE EXTRA_QEMU_ARGS...: one boot, serial to
# LOGFILE.
run() {
    local g=$1 m=$2 a=$3 logf=$4 cmd
    shift 4
    # shellcheck disable=SC2054 # the commas are QEMU's
    cmd=(timeout -k 2 "$TIMEOUT" "$QEMU" -machine "$m" -accel "$a"
        -smp 1 -m 256 -nodefaults -no-user-config -display none -monitor none
        -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4)
    [[ $a == kvm ]] && cmd+=(-cpu host,-arch-capabilities)
    if [[ $g == skiff ]]; then
        cmd+=(-kernel "$SKIFF_IMAGE")
    else
        cmd+=(-kernel "$OUT/linux/vmlinuz" -initrd "$V/initramfs.cpio")
    fi
    "${cmd[@]}" "$@" >"$logf" 2>&1 </dev/null
}

# field LOG KIND: the number before the unit on the "blkbench: KIND" line.
field() {
    sed -nE "s/.*blkbench: $2 .*: ([0-9]+) (MiB\/s|IOPS).*/\1/p" "$1" | tail -n 1
}

blk_bench() {
    local a=$1 g r disk=$V/disk.img
    [[ $(stat -c %s "$disk" 2>/dev/null) == $((MIB << 20)) ]] ||
        python3 -c "import os, sys
with open(sys.argv[1], 'wb') as f:
    for _ in range(int(sys.argv[2])): f.write(os.urandom(1 << 20))" \
        "$disk" "$MIB"
    declare -A vals
    for ((r = 1; r <= RUNS; r++)); do
        for g in $BLK_GUESTS; do
            local logf=$LOGS/virtio-blk-$g-$a.log append
            cp "$disk" "$V/run.img"
            if [[ $g == skiff ]]; then
                append="log.quiet inspect.blk_bench=$MIB inspect.blk_rand=$RAND"
            else
                append="console=ttyS0 panic=-1 quiet blkbench.mib=$MIB"
                append+=" blkbench.rand=$RAND tsc_early_khz=$KHZ"
            fi
            run "$g" microvm "$a" "$logf" -append "$append" \
                -drive "file=$V/run.img,format=raw,if=none,id=d0" \
                -device virtio-blk-device,drive=d0
            for k in seq-read seq-write rand-read; do
                vals[$g.$k]+=" $(field "$logf" "$k")"
            done
        done
    done
    printf '%-10s %-6s %14s %14s %16s\n' guest accel "seq-read MiB/s" \
        "seq-write MiB/s" "rand-read IOPS"
    for g in $BLK_GUESTS; do
        printf '%-10s %-6s' "$g" "$a"
        for k in seq-read seq-write rand-read; do
            # shellcheck disable=SC2086
            m=$("${HELPER[@]}" median ${vals[$g.$k]})
            vals[$g.$k.m]=$m
            printf ' %14s' "$m"
        done
        echo
    done
    [[ $BLK_GUESTS == *linux* ]] || return 0
    printf '%-10s %-6s' "skiff/linux" "$a"
    for k in seq-read seq-write rand-read; do
        printf ' %14s' "$(python3 -c 'import sys
a, b = sys.argv[1:]
print("%.2fx" % (float(a) / float(b)) if a not in ("", "-") and b not in ("", "-") and float(b) else "-")' \
            "${vals[skiff.$k.m]}" "${vals[linux.$k.m]}")"
    done
    echo
}

# Boot time with N devices: 0; 1 (a disk); 8 (6 disks, 1 rng, 1 net).
devices() {
    local n=$1 i args=()
    for ((i = 0; i < n && i < 6; i++)); do
        args+=(-drive "file=$V/small$i.img,format=raw,if=none,id=d$i"
            -device "virtio-blk-device,drive=d$i")
        [[ -s $V/small$i.img ]] || truncate -s 1M "$V/small$i.img"
    done
    ((n > 6)) && args+=(-device virtio-rng-device)
    ((n > 7)) && args+=(-netdev user,id=n0 -device virtio-net-device,netdev=n0)
    printf '%s\n' "${args[@]}"
}

# Boot time: the median and the fastest of BOOT_RUNS boots with 0, 1 and 8
# devices. The first device pays one-off costs (code run for the first time,
# which TCG must translate; first allocations), so the cost of each further
# device is (t8 - t1) / 7.
boot_bench() {
    local a=$1 n r us
    declare -A med fast
    printf '%-8s %-6s %12s %12s\n' devices accel "median_us" "min_us"
    for n in 0 1 8; do
        local all=""
        mapfile -t dev < <(devices "$n")
        for ((r = 1; r <= BOOT_RUNS; r++)); do
            run skiff microvm,acpi=off "$a" "$LOGS/virtio-boot-$n-$a.log" \
                -append log.quiet "${dev[@]}"
            us=$(sed -nE 's/.*boot: ready in ([0-9]+) us.*/\1/p' \
                "$LOGS/virtio-boot-$n-$a.log")
            all+=" ${us:--}"
        done
        # shellcheck disable=SC2086
        med[$n]=$("${HELPER[@]}" median $all)
        # shellcheck disable=SC2086
        fast[$n]=$("${HELPER[@]}" median --min $all)
        printf '%-8s %-6s %12s %12s\n' "$n" "$a" "${med[$n]}" "${fast[$n]}"
    done
    python3 -c '
import sys
m0, m1, m8, f0, f1, f8 = (float(v) if v not in ("", "-") else None
                          for v in sys.argv[1:])
if None in (m0, m1, m8, f0, f1, f8):
    print("per device: -")
else:
    print("first device: +%.0f us (median), +%.0f us (min); each further "
          "device: %.0f us (median), %.0f us (min)"
          % (m1 - m0, f1 - f0, (m8 - m1) / 7, (f8 - f1) / 7))' \
        "${med[0]}" "${med[1]}" "${med[8]}" "${fast[0]}" "${fast[1]}" \
        "${fast[8]}"
}

BLK_GUESTS="skiff linux"
prepare_linux_blk || {
    BLK_GUESTS=skiff
    log "bench: the Linux guest is unavailable; Skiff rows only"
}
for a in $ACCELS; do
    echo "== virtio-blk, microvm (ACPI), $a: $MIB MiB sequential (1 MiB" \
        "transfers), $RAND x 4 KiB random reads, median of $RUNS"
    blk_bench "$a"
    echo
    echo "== boot with 0, 1 and 8 virtio-mmio devices, $a, median of $BOOT_RUNS"
    boot_bench "$a"
done
