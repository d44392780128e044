/* SPDX-License-Identifier: MIT */
/*
 * virtio-console (virtio 1.2 §5.3), port 0 only: transmitq0 (queue 1)
 * carries console output. The first console device becomes a log sink.
 * The sink may run with interrupts off (even from the fault path), so it
 * never halts: it polls its own completion, bounded, and gives up on a
 * device that does not answer.
 */
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/virtio.h"
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define TXQ        1
#define CHUNK      512
#define POLL_LIMIT 10000000u

static struct virtio_dev *sink_dev;
static uint8_t *sink_buf;

static void sink(const char *s, size_t n)
{
    struct virtio_dev *dev = sink_dev;
    while (n && dev && !dev->failed) {
        uint32_t l = n < CHUNK ? (uint32_t)n : CHUNK;
        memcpy(sink_buf, s, l);
        struct virtio_sg sg = {sink_buf, l};
        if (virtio_vq_add(dev->vq[TXQ], &sg, 1, 0, sink_buf))
            return;
        virtio_vq_kick(dev->vq[TXQ]);
        void *tok;
        uint32_t len;
        unsigned spins = 0;
        int rc;
        while ((rc = virtio_dev_get(dev, dev->vq[TXQ], &tok, &len)) == 0 &&
               ++spins < POLL_LIMIT)
            ;
        if (rc != 1) {
            virtio_dev_fail(dev, "console output not consumed");
            return;
        }
        s += l;
        n -= l;
    }
}

static int probe(struct virtio_dev *dev)
{
    return virtio_dev_queue(dev, TXQ, 4);
}

static void start(struct virtio_dev *dev)
{
    if (sink_dev)
        return;
    sink_buf = virtio_dma_alloc(CHUNK);
    if (!sink_buf)
        return;
    sink_dev = dev;
    if (log_sink_add(sink))
        sink_dev = 0;
    else
        log_info("virtio-console: console output also goes here\n");
}

const struct virtio_driver virtio_console_driver = {
    .name = "console",
    .device_id = VIRTIO_ID_CONSOLE,
    .probe = probe,
    .start = start,
};
