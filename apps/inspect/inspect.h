/* SPDX-License-Identifier: MIT */
/* inspect's parts: the device checks (devices.c, net.c), the faults
 * (fault.c). */
#ifndef SKIFF_INSPECT_H
#define SKIFF_INSPECT_H
#include <stdint.h>

struct virtio_dev;

/* Exercise every virtio device found. Returns 0 or 1 when a check failed. */
int inspect_devices(void);

/* Answer ARP and ping for (ip) on (dev) until (pings) echo requests were
 * answered or (ms) passed. Returns 0 when all pings were answered. */
int inspect_net_serve(struct virtio_dev *dev, const uint8_t ip[4],
                      unsigned pings, unsigned ms);

int inspect_fault(const char *kind);

/* inspect.blk_bench: the block benchmark of bench/virtio. Returns 0 or 1. */
extern uint32_t param_inspect_blk_bench;
int inspect_blk_bench(void);

#endif
