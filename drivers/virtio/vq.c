/* SPDX-License-Identifier: MIT */
/*
 * Split virtqueue: see vq.h. Descriptors are handed out from a free list
 * kept in private memory (free_next), never in the descriptor table, so a
 * device scribbling on the table cannot corrupt the driver's bookkeeping.
 * A request uses one descriptor when indirect descriptors are negotiated
 * and it has several buffers (its table is the head's slot in vq->ind),
 * otherwise a chain of one descriptor per buffer.
 */
#include "drivers/virtio/vq.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

/* The device sees stores in program order on x86; the compiler must not
 * reorder them (wmb), and the notify check must not read before the index
 * store is visible (mb: a store-load ordering, mfence). */
#define wmb() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)

#define USED_RING_OFF 2 /* in uint16_t units: flags, idx */

static size_t align_up(size_t v, size_t a)
{
    return (v + a - 1) & ~(a - 1);
}

size_t virtio_vq_avail_off(uint16_t size)
{
    return 16u * size;
}

size_t virtio_vq_used_off(uint16_t size, size_t align)
{
    return align_up(virtio_vq_avail_off(size) + 6u + 2u * size, align);
}

static size_t ind_off(uint16_t size, size_t align)
{
    return align_up(virtio_vq_used_off(size, align) + 6u + 8u * size, 16);
}

size_t virtio_vq_ring_size(uint16_t size, size_t align, int indirect)
{
    size_t n = ind_off(size, align);
    if (indirect)
        n += (size_t)size * VIRTIO_VQ_INDIRECT_MAX * sizeof(struct vring_desc);
    return n;
}

size_t virtio_vq_priv_size(uint16_t size)
{
    return (size_t)size * (sizeof(void *) + 4 + 2 + 2);
}

int virtio_vq_init(struct virtio_vq *vq, uint16_t size, size_t align,
                   int event_idx, int indirect, void *ring, void *priv,
                   virtio_vq_notify_fn notify, void *ctx, struct diag *d)
{
    if (!size || (size & (size - 1)) || size > VIRTIO_VQ_SIZE_MAX) {
        diag_set(d, "queue size %u is not a power of two from 1 to %u", size,
                 VIRTIO_VQ_SIZE_MAX);
        return -EINVAL;
    }
    if (!align || (align & (align - 1))) {
        diag_set(d, "ring alignment %zu is not a power of two", align);
        return -EINVAL;
    }
    uint8_t *r = ring, *p = priv;
    *vq = (struct virtio_vq){.size = size,
                             .event_idx = event_idx,
                             .indirect = indirect,
                             .notify = notify,
                             .ctx = ctx};
    vq->desc = (struct vring_desc *)r;
    vq->avail = (volatile uint16_t *)(r + virtio_vq_avail_off(size));
    vq->used = (volatile uint16_t *)(r + virtio_vq_used_off(size, align));
    vq->ind = indirect ? (struct vring_desc *)(r + ind_off(size, align)) : 0;
    vq->token = (void **)p;
    vq->in_len = (uint32_t *)(p + size * sizeof(void *));
    vq->chain = (uint16_t *)(p + size * (sizeof(void *) + 4));
    vq->free_next = vq->chain + size;
    for (uint16_t i = 0; i < size; i++)
        vq->free_next[i] = (uint16_t)(i + 1);
    vq->num_free = size;
    return 0;
}

/* Fill descriptor (dst) for buffer (sg); the caller links it. */
static void fill(struct vring_desc *dst, const struct virtio_sg *sg, int in)
{
    dst->addr = (uint64_t)(uintptr_t)sg->buf;
    dst->len = sg->len;
    dst->flags = in ? VRING_DESC_F_WRITE : 0;
    dst->next = 0;
}

/* Indirect request: one ring descriptor pointing at the head's table. */
static uint16_t add_indirect(struct virtio_vq *vq, uint16_t head,
                             const struct virtio_sg *sg, unsigned n,
                             unsigned n_out)
{
    struct vring_desc *t = &vq->ind[(size_t)head * VIRTIO_VQ_INDIRECT_MAX];
    for (unsigned i = 0; i < n; i++) {
        fill(&t[i], &sg[i], i >= n_out);
        if (i + 1 < n) {
            t[i].flags |= VRING_DESC_F_NEXT;
            t[i].next = (uint16_t)(i + 1);
        }
    }
    vq->desc[head].addr = (uint64_t)(uintptr_t)t;
    vq->desc[head].len = (uint32_t)(n * sizeof(*t));
    vq->desc[head].flags = VRING_DESC_F_INDIRECT;
    vq->desc[head].next = 0;
    vq->free_head = vq->free_next[head];
    return 1;
}

static uint16_t add_chain(struct virtio_vq *vq, uint16_t head,
                          const struct virtio_sg *sg, unsigned n,
                          unsigned n_out)
{
    uint16_t i = head, last = head;
    for (unsigned k = 0; k < n; k++) {
        fill(&vq->desc[i], &sg[k], k >= n_out);
        if (k) {
            vq->desc[last].flags |= VRING_DESC_F_NEXT;
            vq->desc[last].next = i;
        }
        last = i;
        i = vq->free_next[i];
    }
    vq->free_head = i;
    return (uint16_t)n;
}

int virtio_vq_add(struct virtio_vq *vq, const struct virtio_sg *sg,
                  unsigned n_out, unsigned n_in, void *token)
{
    unsigned n = n_out + n_in;
    if (vq->broken)
        return -EIO;
    if (!n || !token || n > vq->size)
        return -EINVAL;
    uint32_t in_len = 0;
    for (unsigned i = 0; i < n; i++) {
        if (!sg[i].len)
            return -EINVAL;
        if (i >= n_out)
            in_len += sg[i].len;
    }
    int ind = vq->indirect && n > 1 && n <= VIRTIO_VQ_INDIRECT_MAX;
    if (vq->num_free < (ind ? 1 : n))
        return -ENOSPC;
    uint16_t head = vq->free_head;
    uint16_t used = ind ? add_indirect(vq, head, sg, n, n_out)
                        : add_chain(vq, head, sg, n, n_out);
    vq->num_free = (uint16_t)(vq->num_free - used);
    vq->token[head] = token;
    vq->in_len[head] = in_len;
    vq->chain[head] = used;
    vq->avail[2 + (vq->avail_idx & (vq->size - 1))] = head;
    vq->avail_idx++;
    vq->st.added++;
    return 0;
}

int virtio_vq_kick(struct virtio_vq *vq)
{
    uint16_t old = vq->kicked_idx, now = vq->avail_idx;
    wmb(); /* ring entries before the index */
    vq->avail[1] = now;
    vq->kicked_idx = now;
    mb(); /* the index store before reading the device's wishes */
    int need;
    if (vq->event_idx) {
        uint16_t ev = vq->used[USED_RING_OFF + 4u * vq->size];
        need = (uint16_t)(now - ev - 1) < (uint16_t)(now - old);
    } else {
        need = !(vq->used[0] & VRING_USED_F_NO_NOTIFY);
    }
    if (need && vq->notify) {
        vq->st.kicks++;
        vq->notify(vq);
        return 1;
    }
    vq->st.kicks_suppressed++;
    return 0;
}

static int broken(struct virtio_vq *vq, const char *fmt, unsigned a, unsigned b)
{
    vq->broken = 1;
    diag_set(&vq->why, fmt, a, b);
    return -EIO;
}

static void release(struct virtio_vq *vq, uint16_t head)
{
    /* A chain was taken from the free list in free_next order, so its
     * slots are still linked there: find its last slot and splice the
     * whole chain back in front. */
    uint16_t last = head;
    for (uint16_t k = 1; k < vq->chain[head]; k++)
        last = vq->free_next[last];
    vq->free_next[last] = vq->free_head;
    vq->free_head = head;
    vq->num_free = (uint16_t)(vq->num_free + vq->chain[head]);
    vq->token[head] = 0;
}

int virtio_vq_pending(const struct virtio_vq *vq)
{
    return vq->used[1] != vq->last_used;
}

int virtio_vq_get(struct virtio_vq *vq, void **token, uint32_t *len)
{
    if (vq->broken)
        return -EIO;
    uint16_t idx = vq->used[1];
    uint16_t ahead = (uint16_t)(idx - vq->last_used);
    if (!ahead)
        return 0;
    if (ahead > vq->size - vq->num_free)
        return broken(vq, "used index moved by %u with %u requests in flight",
                      ahead, (unsigned)(vq->size - vq->num_free));
    rmb(); /* the element after the index */
    const volatile uint32_t *e =
        (const volatile uint32_t *)(vq->used + USED_RING_OFF) +
        2u * (vq->last_used & (vq->size - 1));
    uint32_t id = e[0], n = e[1];
    if (id >= vq->size)
        return broken(vq, "used id %u out of range (queue size %u)", id,
                      vq->size);
    if (!vq->token[id])
        return broken(vq, "used id %u is not in flight (%u slots free)", id,
                      vq->num_free);
    if (n > vq->in_len[id])
        return broken(vq, "used length %u > %u writable bytes offered", n,
                      vq->in_len[id]);
    *token = vq->token[id];
    *len = n;
    release(vq, (uint16_t)id);
    vq->last_used++;
    vq->st.completed++;
    return 1;
}

int virtio_vq_irq_enable(struct virtio_vq *vq)
{
    if (vq->event_idx)
        vq->avail[2 + vq->size] = vq->last_used;
    else
        vq->avail[0] = 0;
    mb(); /* publish before checking for completions that raced */
    return virtio_vq_pending(vq);
}

void virtio_vq_irq_disable(struct virtio_vq *vq)
{
    if (!vq->event_idx)
        vq->avail[0] = VRING_AVAIL_F_NO_INTERRUPT;
}
