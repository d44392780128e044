/* SPDX-License-Identifier: MIT */
/*
 * virtio_mmio command-line devices: the `virtio_mmio.device=` parameter that
 * Firecracker and QEMU microvm (acpi=off) write, in Linux's format
 * <size>@<base>:<irq>[:<id>] (drivers/virtio/virtio_mmio.c), for example
 * 4K@0xc0001000:5 or 512@0xfeb00e00:12. Pure parsing; mmio_discover.c
 * walks the entries and brings the devices up.
 */
#ifndef SKIFF_VIRTIO_MMIO_CMDLINE_H
#define SKIFF_VIRTIO_MMIO_CMDLINE_H
#include <stddef.h>
#include <stdint.h>

struct diag;

#define VIRTIO_MMIO_CMDLINE_MAX 32 /* microvm has 24 transports */

/* The entries, in command-line order (declared in mmio_cmdline.c). */
#define VIRTIO_MMIO_CMDLINE_TEXT_MAX 64
extern char param_virtio_mmio_device[][VIRTIO_MMIO_CMDLINE_TEXT_MAX];
extern unsigned param_virtio_mmio_device_count;

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

#endif
