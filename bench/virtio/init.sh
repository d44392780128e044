#!/bin/sh
# /init of bench/virtio's Linux initramfs: load the virtio-mmio and block
# drivers (modules in Debian's cloud kernel), create /dev/vda, run the same
# access pattern as Skiff's inspect.blk_bench, power off. blkbench.mib= and
# blkbench.rand= on the kernel command line set the sizes.
bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sys /sys
mib=64 rand=2000 devs=
for w in $($bb cat /proc/cmdline); do
    case $w in
    blkbench.mib=*) mib=${w#*=} ;;
    blkbench.rand=*) rand=${w#*=} ;;
    # modprobe, not the kernel, hands command-line parameters to modules
    virtio_mmio.device=*) devs="$devs device=${w#*=}" ;;
    esac
done
for m in virtio_ring virtio virtio_mmio virtio_blk; do
    args=
    [ $m = virtio_mmio ] && args=$devs
    # shellcheck disable=SC2086 # one word per device
    $bb insmod /lib/$m.ko $args || echo "linux: insmod $m failed"
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
exec $bb reboot -f # microvm acpi=off cannot power off; -no-reboot exits QEMU
