/* SPDX-License-Identifier: MIT */
/*
 * virtio_mmio: the virtio-mmio transport (virtio 1.2 §4.2), version 2
 * (modern: Firecracker, QEMU with force-legacy=false) and version 1
 * (legacy: QEMU microvm's default, §4.2.4), and the discovery of devices
 * from `virtio_mmio.device=` (mmio_discover.c).
 */
#ifndef SKIFF_VIRTIO_MMIO_H
#define SKIFF_VIRTIO_MMIO_H
#include "drivers/virtio/mmio_cmdline.h"
#include "drivers/virtio/virtio.h"
#include <stdint.h>

#define VIRTIO_MMIO_REGS 0x100 /* registers before the device config */

struct bootinfo;

struct virtio_mmio {
    struct virtio_dev dev;
    uintptr_t base;
    uint64_t size;
};

/* Read the identification registers at (base) into (m): magic, version,
 * device and vendor ids. Returns 0; -ENODEV for an empty slot (device id
 * 0); -EINVAL for a wrong magic or an unknown version, named in (d). */
int virtio_mmio_init(struct virtio_mmio *m, uint64_t base, uint64_t size,
                     uint32_t irq, struct diag *d);

/* Can window (w) hold a virtio-mmio device? It must be at least the
 * register block, end below (top) (the end of the kernel's identity map),
 * not overlap RAM or ACPI data in (bi)'s memory map, and not overlap the
 * (nprev) windows accepted before it. Returns 0 or -EINVAL naming why. */
int virtio_mmio_window_check(const struct virtio_mmio_cmdline_dev *w,
                             const struct bootinfo *bi, uint64_t top,
                             const struct virtio_mmio_cmdline_dev *prev,
                             unsigned nprev, struct diag *d);

/* Find, list and attach every device given on the command line (and, with
 * virtio_mmio.probe=microvm, the QEMU microvm slots when none was given).
 * Returns the number of devices attached to a driver. */
unsigned virtio_mmio_discover(const struct bootinfo *bi, uint64_t top);

#endif
