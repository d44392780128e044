#!/bin/sh
# /init of bench/virtio's Linux initramfs: load the virtio-mmio and block
# drivers (modules in Debian's cloud kernel), create /dev/vda, run the same
# access pattern as Skiff's inspect.blk_bench, power off. blkbench.mib= and
# blkbench.rand= on the kernel command line set the sizes.
bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sys /sys
mib=64 rand=2000
for w in $($bb cat /proc/cmdline); do
    case $w in
    blkbench.mib=*) mib=${w#*=} ;;
    blkbench.rand=*) rand=${w#*=} ;;
    esac
done
# Debian's kernel lacks VIRTIO_MMIO_CMDLINE_DEVICES: virtio_mmio finds the
# devices in the DSDT (LNRO0005), so the benchmark runs microvm with ACPI.
for m in virtio_ring virtio virtio_mmio virtio_blk; do
    $bb insmod /lib/$m.ko || echo "linux: insmod $m failed"
done
n=0
while [ ! -e /sys/block/vda/dev ] && [ $n -lt 50 ]; do
    $bb sleep 0.1
    n=$((n + 1))
done
dev=$($bb cat /sys/block/vda/dev)
$bb mknod /dev/vda b "${dev%:*}" "${dev#*:}"
echo "linux: ready"
/bin/blkbench /dev/vda "$mib" "$rand"
exec $bb poweroff -f
