#!/bin/sh
# /init of bench/syscall's Linux initramfs: give sysbench the /dev/null and
# /proc it expects, run it with the words after "--" on the kernel command
# line (Linux passes them to init as arguments, as Skiff passes them to its
# application), power off.
bb=/bin/busybox
$bb mount -t proc proc /proc
[ -e /dev/null ] || $bb mknod /dev/null c 1 3
echo "linux: ready"
/bin/sysbench "$@" || echo "linux: sysbench failed with status $?"
exec $bb poweroff -f
