/* SPDX-License-Identifier: MIT */
/*
 * virtio-rng (virtio 1.2 §5.4): one queue of device-writable buffers the
 * device fills with random bytes, possibly fewer than offered. At start the
 * driver offers an ENTROPY_SEED-byte buffer and goes on booting: the bytes
 * reach the kernel's entropy pool when the device fills it (interrupt) or
 * at the next read, whichever comes first, so a slow entropy source does
 * not delay the boot.
 */
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/virtio.h"
#include "kernel/entropy.h"
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define ENTROPY_SEED 64
#define WAIT_NS      1000000000ull

static uint8_t seed[ENTROPY_SEED]; /* the token of the seeding request */
static int reading;                /* virtio_rng_read owns the completions */

/* Feed a completed seeding request to the pool. */
static void seeded(uint32_t n)
{
    if (n)
        entropy_add(seed, n, "virtio-rng");
    memset(seed, 0, sizeof(seed));
}

static int get(struct virtio_dev *dev, void **tok, uint32_t *n)
{
    int rc;
    while ((rc = virtio_dev_get(dev, dev->vq[0], tok, n)) == 1 && *tok == seed)
        seeded(*n);
    return rc;
}

/* Fill (buf, len), one request at a time; *got counts the bytes. */
static int fill(struct virtio_dev *dev, uint8_t *buf, size_t len, size_t *got)
{
    unsigned empty = 0; /* a device that keeps returning nothing */
    while (*got < len) {
        struct virtio_sg sg = {buf + *got, (uint32_t)(len - *got)};
        void *tok;
        uint32_t n;
        int rc = virtio_vq_add(dev->vq[0], &sg, 0, 1, buf);
        if (rc)
            return rc;
        virtio_vq_kick(dev->vq[0]);
        while ((rc = get(dev, &tok, &n)) == 0)
            if ((rc = virtio_dev_wait(dev, dev->vq[0], WAIT_NS))) {
                if (rc == -ETIMEDOUT)
                    virtio_dev_fail(dev, "no random bytes within 1 s");
                return rc;
            }
        if (rc < 0)
            return rc;
        if (!n && ++empty == 8)
            return 0;
        *got += n;
    }
    return 0;
}

int virtio_rng_read(struct virtio_dev *dev, void *buf, size_t len)
{
    size_t got = 0;
    if (dev->failed)
        return -EIO;
    if (len > 65536)
        len = 65536;
    reading = 1;
    int rc = fill(dev, buf, len, &got);
    reading = 0;
    return rc < 0 ? rc : (int)got;
}

static int probe(struct virtio_dev *dev)
{
    return virtio_dev_queue(dev, 0, 8);
}

static void start(struct virtio_dev *dev)
{
    struct virtio_sg sg = {seed, sizeof(seed)};
    if (virtio_vq_add(dev->vq[0], &sg, 0, 1, seed) == 0)
        virtio_vq_kick(dev->vq[0]);
}

static void interrupt(struct virtio_dev *dev, uint32_t cause)
{
    void *tok;
    uint32_t n;
    if ((cause & 1) && !reading)
        get(dev, &tok, &n);
}

const struct virtio_driver virtio_rng_driver = {
    .name = "rng",
    .device_id = VIRTIO_ID_RNG,
    .probe = probe,
    .start = start,
    .interrupt = interrupt,
};
