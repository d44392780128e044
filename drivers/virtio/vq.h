/* SPDX-License-Identifier: MIT */
/*
 * virtio_vq: the split virtqueue (virtio 1.2 §2.7), transport-independent.
 *
 * The ring code never touches a register. It gets two pieces of memory
 * from its caller (the ring, shared with the device, and private
 * bookkeeping the device cannot see) and a notify callback. So host unit
 * tests play the device side on ordinary memory, as Linux's tools/virtio
 * does. Buffers are addressed by their physical address, which in Skiff is
 * the pointer itself (the kernel is identity-mapped).
 *
 * Everything the device writes is checked before it is used: a used index
 * that moves by more than the queue size, a used id out of range or not in
 * flight, a used length larger than the buffers the driver offered. Any of
 * them marks the queue broken, records why in (vq->why), and every later
 * call fails with -EIO, so a hostile device cannot make the driver touch
 * memory it did not hand out.
 *
 * Not reentrant: the caller serialises calls on one queue (Skiff runs
 * drivers with interrupts off or from one context).
 */
#ifndef SKIFF_VIRTIO_VQ_H
#define SKIFF_VIRTIO_VQ_H
#include "drivers/virtio/virtio_hw.h"
#include "skiff/diag.h"
#include <stddef.h>
#include <stdint.h>

#define VIRTIO_VQ_SIZE_MAX     1024 /* larger device queues are cut down */
#define VIRTIO_VQ_INDIRECT_MAX 8    /* buffers per indirect table */

struct virtio_vq;
typedef void (*virtio_vq_notify_fn)(struct virtio_vq *vq);

/* One buffer of a request: (len) bytes at (buf). */
struct virtio_sg {
    void *buf;
    uint32_t len;
};

struct virtio_vq_stats {
    uint64_t added, completed, kicks, kicks_suppressed;
};

struct virtio_vq {
    uint16_t size, index; /* entries (power of two); queue number */
    int event_idx;        /* VIRTIO_F_EVENT_IDX negotiated */
    int indirect;         /* VIRTIO_F_INDIRECT_DESC negotiated */
    struct vring_desc *desc;
    volatile uint16_t *avail; /* flags, idx, ring[size], used_event */
    volatile uint16_t *used;  /* flags, idx, then 8-byte elements */
    struct vring_desc *ind;   /* size tables of INDIRECT_MAX, or NULL */
    /* Private, per head descriptor: */
    void **token;
    uint32_t *in_len; /* device-writable bytes offered */
    uint16_t *chain;  /* descriptors the request holds */
    uint16_t *free_next;
    uint16_t free_head, num_free, last_used, avail_idx, kicked_idx;
    int broken;
    struct diag why;
    virtio_vq_notify_fn notify;
    void *ctx; /* for the notify callback and the owner */
    struct virtio_vq_stats st;
};

/* Memory needed for a queue of (size) entries: the shared ring with the used
 * ring aligned to (align) (4096 for legacy devices, 4 for modern ones) plus
 * indirect tables when (indirect), and the private bookkeeping. */
size_t virtio_vq_ring_size(uint16_t size, size_t align, int indirect);
size_t virtio_vq_priv_size(uint16_t size);

/* Offsets of the driver (avail) and device (used) areas inside the ring. */
size_t virtio_vq_avail_off(uint16_t size);
size_t virtio_vq_used_off(uint16_t size, size_t align);

/* Set up (vq) over zeroed (ring) and (priv) memory of the sizes above.
 * (size) must be a power of two from 1 to VIRTIO_VQ_SIZE_MAX.
 * Returns 0, or -EINVAL naming the bad size in (d). */
int virtio_vq_init(struct virtio_vq *vq, uint16_t size, size_t align,
                   int event_idx, int indirect, void *ring, void *priv,
                   virtio_vq_notify_fn notify, void *ctx, struct diag *d);

/* Queue one request: (n_out) device-readable buffers, then (n_in)
 * device-writable ones, completed later with (token) (not NULL). Does not
 * notify: call virtio_vq_kick() after adding a batch.
 * Returns 0; -ENOSPC when the ring is full; -EINVAL for no buffers, a NULL
 * token or a zero length; -EIO when the queue is broken. */
int virtio_vq_add(struct virtio_vq *vq, const struct virtio_sg *sg,
                  unsigned n_out, unsigned n_in, void *token);

/* Publish what was added and notify the device unless it asked not to be
 * (VRING_USED_F_NO_NOTIFY, or its avail_event with EVENT_IDX). Returns 1 if
 * it notified. */
int virtio_vq_kick(struct virtio_vq *vq);

/* Take one completed request. Returns 1 with (*token) and the bytes the
 * device wrote (*len); 0 when none is pending; -EIO when the device broke
 * the ring (the reason is in vq->why). */
int virtio_vq_get(struct virtio_vq *vq, void **token, uint32_t *len);

/* Completions are waiting (the used index moved). */
int virtio_vq_pending(const struct virtio_vq *vq);

/* Ask for an interrupt at the next completion (used_event with EVENT_IDX,
 * the avail flag otherwise). Returns 1 if completions arrived meanwhile,
 * so the caller polls again instead of waiting. */
int virtio_vq_irq_enable(struct virtio_vq *vq);
void virtio_vq_irq_disable(struct virtio_vq *vq);

#endif
