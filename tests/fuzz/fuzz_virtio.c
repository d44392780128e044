/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the split virtqueue against a hostile device: the
 * input is a script. Each step's first byte picks an action: the driver
 * adds a request (buffer counts from the next byte) or kicks or takes a
 * completion, or the device writes a used element (id and length from
 * the next bytes) and moves the used index by any amount, or scribbles
 * over the descriptor table or the avail ring. Whatever the device does,
 * the driver must only hand back tokens it queued, each once, never
 * report more bytes than it offered, and keep its free count in range;
 * the harness aborts otherwise, and ASan catches any stray access.
 * Seeds: tests/fuzz/corpus/virtio/.
 */
#include "drivers/virtio/vq.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define QSIZE 8

static _Alignas(4096) uint8_t ring[16384];
static void *priv[QSIZE * 4];
static uint8_t bufs[QSIZE][6][64];
static int in_flight[QSIZE]; /* per token index: queued, not yet returned */
static uint32_t offered[QSIZE];

static void notify(struct virtio_vq *vq)
{
    (void)vq;
}

static void check(int ok)
{
    if (!ok)
        abort();
}

static void add(struct virtio_vq *vq, uint8_t arg)
{
    int t = arg & 7;
    unsigned n_out = (arg >> 3) & 3, n_in = (arg >> 5) & 3;
    if (in_flight[t] || n_out + n_in == 0)
        return;
    struct virtio_sg sg[6];
    uint32_t in = 0;
    for (unsigned i = 0; i < n_out + n_in; i++) {
        sg[i] = (struct virtio_sg){bufs[t][i], 16u * (i + 1)};
        if (i >= n_out)
            in += sg[i].len;
    }
    if (virtio_vq_add(vq, sg, n_out, n_in, bufs[t]) == 0) {
        in_flight[t] = 1;
        offered[t] = in;
    }
}

static void take(struct virtio_vq *vq)
{
    void *tok;
    uint32_t len;
    int rc = virtio_vq_get(vq, &tok, &len);
    check(rc == 0 || rc == 1 || rc == -5);
    check(rc != -5 || vq->broken);
    if (rc != 1)
        return;
    int t = (int)(((uint8_t(*)[6][64])tok) - bufs);
    check(t >= 0 && t < QSIZE && in_flight[t] && len <= offered[t]);
    in_flight[t] = 0;
}

static void device_used(struct virtio_vq *vq, const uint8_t *a)
{
    volatile uint16_t *u = vq->used;
    uint32_t *e = (uint32_t *)(uintptr_t)(u + 2) + 2 * (u[1] % QSIZE);
    e[0] = a[0] % 12; /* sometimes out of range */
    e[1] = a[1] * 4u;
    u[1] = (uint16_t)(u[1] + (a[2] & 3 ? 1 : a[2] >> 2));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct virtio_vq vq;
    memset(ring, 0, sizeof(ring));
    memset(priv, 0, sizeof(priv));
    memset(in_flight, 0, sizeof(in_flight));
    int ev = size && (data[0] & 1), ind = size && (data[0] & 2);
    check(virtio_vq_ring_size(QSIZE, 4096, ind) <= sizeof(ring));
    check(virtio_vq_priv_size(QSIZE) <= sizeof(priv));
    check(virtio_vq_init(&vq, QSIZE, 4096, ev, ind, ring, priv, notify, NULL,
                         NULL) == 0);
    for (size_t i = 1; i + 3 < size; i += 4) {
        const uint8_t *a = &data[i + 1];
        switch (data[i] % 6) {
        case 0: add(&vq, a[0]); break;
        case 1: virtio_vq_kick(&vq); break;
        case 2: take(&vq); break;
        case 3: device_used(&vq, a); break;
        case 4: /* scribble on what the device can write */
            ring[(a[0] << 8 | a[1]) % sizeof(ring)] = a[2];
            break;
        case 5: virtio_vq_irq_enable(&vq); break;
        }
        check(vq.num_free <= QSIZE);
    }
    return 0;
}
