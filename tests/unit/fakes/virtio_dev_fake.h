/* SPDX-License-Identifier: MIT */
/*
 * virtio_dev_fake: a simulated virtio-mmio device (version 1 or 2) behind
 * io_fake's MMIO hooks, for host tests of the transport and drivers. It
 * keeps a register file, and when notified it walks the driver's rings in
 * host memory (descriptor addresses are host pointers) and answers at
 * once: block requests against a RAM disk, random bytes, transmitted
 * frames recorded, console output collected. Misbehaviours are switched on
 * through (hostile) and the other knobs.
 */
#ifndef SKIFF_VIRTIO_DEV_FAKE_H
#define SKIFF_VIRTIO_DEV_FAKE_H
#include <stddef.h>
#include <stdint.h>

#define VFAKE_BASE 0xfeb00e00u
#define VFAKE_DISK (64 * 512)

enum vfake_hostile {
    VFAKE_OK,
    VFAKE_USED_JUMP,  /* used index moves by 5 for one completion */
    VFAKE_USED_RANGE, /* used id past the queue size */
    VFAKE_USED_TWICE, /* the same id completed twice */
    VFAKE_USED_LONG,  /* used length larger than the buffers */
    VFAKE_SILENT,     /* never completes anything */
};

struct vfake_q {
    uint32_t num_max, num, ready, pfn, align;
    uint64_t desc, avail, used;
    uint16_t last_avail;
};

struct vfake {
    uint32_t magic, version, device_id, vendor;
    uint64_t features, drv_features;
    uint32_t status, qsel, dfsel, gfsel, page_size, isr, gen;
    struct vfake_q q[4];
    uint8_t config[64];
    /* knobs */
    int stuck_reset, refuse_features;
    enum vfake_hostile hostile;
    /* what happened */
    unsigned notifies, requests, max_in_flight, reads, writes, flushes;
    uint8_t disk[VFAKE_DISK];
    uint8_t out[1024]; /* console output, or the last transmitted frame */
    size_t out_len;
};

extern struct vfake vfake;

/* Reset the fake to a device of (type) and (version) with (features)
 * offered, and install it behind io_fake at VFAKE_BASE. */
void vfake_init(uint32_t type, uint32_t version, uint64_t features);

/* Deliver (len) bytes into the first buffer posted on queue (q) (a received
 * frame for net). Returns 0, or -1 when no buffer is posted. */
int vfake_deliver(unsigned q, const void *buf, size_t len);

#endif
