#!/bin/sh
# /init of bench/wasm/skiff.sh's Linux initramfs: run skiff-wasm with the
# words after "--" on the kernel command line, as Skiff runs its
# application, then power off.
bb=/bin/busybox
$bb mount -t proc proc /proc
[ -e /dev/null ] || $bb mknod /dev/null c 1 3
/bin/skiff-wasm "$@"
echo "linux: status $?"
exec $bb poweroff -f
