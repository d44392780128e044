#!/bin/sh
# /init of bench/run's Linux initramfs: the hello world, then power off.
/bin/hello
exec /bin/busybox poweroff -f
