/* SPDX-License-Identifier: MIT */
/*
 * inspect.blk_bench: the Skiff side of bench/virtio, the same access
 * pattern as bench/virtio/blkbench.c runs on Linux: sequential reads of the
 * first SIZE MiB in 1 MiB transfers, sequential writes of the same (then a
 * flush), and inspect.blk_rand random 4 KiB reads, one at a time, at
 * offsets from the same xorshift32 sequence. Prints the same lines.
 */
#include "apps/inspect/inspect.h"
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/virtio.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "kernel/time.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"

#define CHUNK (1u << 20)

PARAM_U32(inspect, blk_bench, 0,
          "benchmark the first N MiB of the first block device (bench/virtio)");
PARAM_U32(inspect, blk_rand, 2000, "with inspect.blk_bench: random reads");

static uint32_t xorshift32(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static int seq(struct virtio_dev *dev, uint8_t *buf, unsigned mib, int write)
{
    uint64_t t0 = time_ns();
    for (unsigned i = 0; i < mib; i++)
        if (virtio_blk_rw(dev, write, (uint64_t)i * (CHUNK / 512), buf, CHUNK))
            return -1;
    if (write && virtio_blk_flush(dev))
        return -1;
    uint64_t us = (time_ns() - t0) / 1000;
    log_raw("blkbench: seq-%s %u MiB in %llu us: %llu MiB/s\n",
            write ? "write" : "read", mib, (unsigned long long)us,
            (unsigned long long)(mib * 1000000ull / (us ? us : 1)));
    return 0;
}

int inspect_blk_bench(void)
{
    unsigned mib = param_inspect_blk_bench, nrand = param_inspect_blk_rand;
    struct virtio_dev *dev = virtio_dev_nth(VIRTIO_ID_BLOCK, 0);
    uint8_t *buf = kmemalign(4096, CHUNK);
    struct virtio_blk_info bi;
    if (!dev || !buf) {
        log_raw("blkbench: no block device or no memory\n");
        return 1;
    }
    virtio_blk_info(dev, &bi);
    if (bi.sectors < (uint64_t)mib * (CHUNK / 512)) {
        log_raw("blkbench: the disk is smaller than %u MiB\n", mib);
        return 1;
    }
    memset(buf, 0x5a, CHUNK);
    if (seq(dev, buf, mib, 0) || seq(dev, buf, mib, 1))
        return 1;
    uint32_t s = 1;
    uint64_t blocks = (uint64_t)mib * (CHUNK / 4096), t0 = time_ns();
    for (unsigned i = 0; i < nrand; i++) {
        uint64_t blk = xorshift32(&s) % blocks;
        if (virtio_blk_rw(dev, 0, blk * 8, buf, 4096))
            return 1;
    }
    uint64_t us = (time_ns() - t0) / 1000;
    log_raw("blkbench: rand-read %u x 4 KiB in %llu us: %llu IOPS\n", nrand,
            (unsigned long long)us,
            (unsigned long long)(nrand * 1000000ull / (us ? us : 1)));
    kfree(buf);
    return 0;
}
