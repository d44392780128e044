/* SPDX-License-Identifier: MIT */
/*
 * virtio_mmio command-line devices: the `virtio_mmio.device=` parameter that
 * Firecracker and QEMU microvm (acpi=off) write, in Linux's format
 * <size>@<base>:<irq>[:<id>] (drivers/virtio/virtio_mmio.c), for example
 * 4K@0xc0001000:5 or 512@0xfeb00e00:12. Pure parsing; the transport driver
 * that probes the devices comes with the virtio issue.
 */
#ifndef SKIFF_VIRTIO_MMIO_CMDLINE_H
#define SKIFF_VIRTIO_MMIO_CMDLINE_H
#include <stddef.h>
#include <stdint.h>

struct diag;

#define VIRTIO_MMIO_CMDLINE_MAX 32 /* microvm has 24 transports */

struct virtio_mmio_cmdline_dev {
    uint64_t base, size;
    uint32_t irq;
    int32_t id; /* -1 when not given */
};

/* Parse one device description (s, len). Returns 0, or -EINVAL naming the
 * bad part in (d): zero or missing size, missing '@' or ':', a window that
 * wraps past 2^64, an IRQ of 0 or over 255, trailing bytes. */
int virtio_mmio_cmdline_parse(const char *s, size_t len,
                              struct virtio_mmio_cmdline_dev *out,
                              struct diag *d);

/* The devices given with virtio_mmio.device= on this boot's command line:
 * parses each, logs the bad ones (by index and text) and returns how many
 * good ones it stored in (out, max). */
unsigned virtio_mmio_cmdline_devices(struct virtio_mmio_cmdline_dev *out,
                                     unsigned max);

#endif
