/* SPDX-License-Identifier: MIT */
/* A simulated virtio-mmio device: see virtio_dev_fake.h. */
#define _GNU_SOURCE /* MAP_32BIT */
#include "tests/unit/fakes/virtio_dev_fake.h"
#include "drivers/virtio/virtio.h"
#include "skiff/errno.h"
#include "tests/unit/fakes/io_fake.h"
#include <string.h>
#include <sys/mman.h>

struct vfake vfake;

struct seg {
    uint8_t *p;
    uint32_t len;
    int w;
};

static uint16_t *avail(struct vfake_q *q)
{
    return (uint16_t *)(uintptr_t)q->avail;
}

static uint16_t *used(struct vfake_q *q)
{
    return (uint16_t *)(uintptr_t)q->used;
}

/* Collect the chain at (head), following one indirect table. */
static unsigned chain(struct vfake_q *q, uint16_t head, struct seg *s)
{
    struct vring_desc *d = (struct vring_desc *)(uintptr_t)q->desc;
    unsigned n = 0, i = head, lim = q->num;
    if (d[i].flags & VRING_DESC_F_INDIRECT) {
        d = (struct vring_desc *)(uintptr_t)d[i].addr;
        lim = d == 0 ? 0 : 16;
        i = 0;
    }
    for (;;) {
        s[n++] = (struct seg){(uint8_t *)(uintptr_t)d[i].addr, d[i].len,
                              !!(d[i].flags & VRING_DESC_F_WRITE)};
        if (!(d[i].flags & VRING_DESC_F_NEXT) || n == lim)
            return n;
        i = d[i].next;
    }
}

static uint32_t blk(struct seg *s, unsigned n)
{
    struct virtio_blk_req_hdr *h = (void *)s[0].p;
    uint8_t *status = s[n - 1].p;
    uint64_t off = h->sector * 512;
    *status = VIRTIO_BLK_S_OK;
    if (h->type == VIRTIO_BLK_T_FLUSH) {
        vfake.flushes++;
        return 1;
    }
    if (off + s[1].len > VFAKE_DISK) {
        *status = VIRTIO_BLK_S_IOERR;
        return 1;
    }
    if (h->type == VIRTIO_BLK_T_IN) {
        memcpy(s[1].p, vfake.disk + off, s[1].len);
        vfake.reads++;
        return s[1].len + 1;
    }
    memcpy(vfake.disk + off, s[1].p, s[1].len);
    vfake.writes++;
    return 1;
}

static uint32_t answer(unsigned qi, struct seg *s, unsigned n)
{
    switch (vfake.device_id) {
    case VIRTIO_ID_BLOCK: return blk(s, n);
    case VIRTIO_ID_RNG:
        for (uint32_t i = 0; i < s[0].len; i++)
            s[0].p[i] = (uint8_t)(0xa5 + i);
        return s[0].len;
    case VIRTIO_ID_NET:
    case VIRTIO_ID_CONSOLE:
        if (qi == 1 && s[0].len <= sizeof(vfake.out)) {
            /* Console output accumulates, restarting when full; net keeps
             * the last frame. */
            size_t at = vfake.device_id == VIRTIO_ID_NET ? 0 : vfake.out_len;
            if (s[0].len > sizeof(vfake.out) - at)
                at = 0;
            memcpy(vfake.out + at, s[0].p, s[0].len);
            vfake.out_len = at + s[0].len;
        }
        return 0;
    }
    return 0;
}

static void complete(struct vfake_q *q, uint32_t id, uint32_t len)
{
    uint16_t *u = used(q);
    uint32_t *e = (uint32_t *)(u + 2) + 2 * (u[1] & (q->num - 1));
    e[0] = vfake.hostile == VFAKE_USED_RANGE ? q->num + 3 : id;
    e[1] = vfake.hostile == VFAKE_USED_LONG ? len + 4096 : len;
    u[1] = (uint16_t)(u[1] + (vfake.hostile == VFAKE_USED_JUMP ? 5 : 1));
    if (vfake.hostile == VFAKE_USED_TWICE) {
        e = (uint32_t *)(u + 2) + 2 * (u[1] & (q->num - 1));
        e[0] = id;
        e[1] = len;
        u[1]++;
    }
    vfake.isr |= 1;
}

static void process(unsigned qi)
{
    struct vfake_q *q = &vfake.q[qi];
    uint16_t pending = (uint16_t)(avail(q)[1] - q->last_avail);
    if (pending > vfake.max_in_flight)
        vfake.max_in_flight = pending;
    if (vfake.hostile == VFAKE_SILENT)
        return;
    /* net's receive queue only completes through vfake_deliver */
    if (vfake.device_id == VIRTIO_ID_NET && qi == 0)
        return;
    while (q->last_avail != avail(q)[1]) {
        uint16_t head = avail(q)[2 + (q->last_avail++ & (q->num - 1))];
        struct seg s[20];
        unsigned n = chain(q, head, s);
        vfake.requests++;
        complete(q, head, answer(qi, s, n));
    }
    /* EVENT_IDX (virtio 1.2 §2.7.10): ask for a kick at the next entry. */
    used(q)[2 + 4 * q->num] = q->last_avail;
}

int vfake_deliver(unsigned qi, const void *buf, size_t len)
{
    struct vfake_q *q = &vfake.q[qi];
    if (q->last_avail == avail(q)[1])
        return -1;
    uint16_t head = avail(q)[2 + (q->last_avail++ & (q->num - 1))];
    struct seg s[20];
    chain(q, head, s);
    size_t hdr = vfake.drv_features >> VIRTIO_F_VERSION_1 & 1 ? 12 : 10;
    memset(s[0].p, 0, hdr);
    memcpy(s[0].p + hdr, buf, len);
    complete(q, head, (uint32_t)(hdr + len));
    return 0;
}

static void set_addrs(struct vfake_q *q)
{
    q->desc = (uint64_t)q->pfn * vfake.page_size;
    q->avail = q->desc + 16u * q->num;
    uint64_t a = q->align ? q->align : 4096;
    q->used = (q->avail + 6 + 2u * q->num + a - 1) & ~(a - 1);
}

static uint32_t reg_read(uintptr_t addr)
{
    uint32_t off = (uint32_t)(addr - VFAKE_BASE);
    struct vfake_q *q = &vfake.q[vfake.qsel & 3];
    if (off >= VMMIO_CONFIG) {
        uint32_t v;
        memcpy(&v, vfake.config + ((off - VMMIO_CONFIG) & 63 & ~3u), 4);
        return v;
    }
    switch (off) {
    case VMMIO_MAGIC: return vfake.magic;
    case VMMIO_VERSION: return vfake.version;
    case VMMIO_DEVICE_ID: return vfake.device_id;
    case VMMIO_VENDOR_ID: return vfake.vendor;
    case VMMIO_DEV_FEATURES:
        return (uint32_t)(vfake.features >> (vfake.dfsel ? 32 : 0));
    case VMMIO_QUEUE_NUM_MAX: return vfake.qsel < 4 ? q->num_max : 0;
    case VMMIO_QUEUE_READY: return q->ready;
    case VMMIO_QUEUE_PFN: return q->pfn;
    case VMMIO_INT_STATUS: return vfake.isr;
    case VMMIO_STATUS: return vfake.status;
    case VMMIO_CONFIG_GEN: return vfake.gen;
    }
    return 0;
}

static void lo_hi(uint64_t *v, uint32_t off, uint32_t x)
{
    *v = (off & 4) ? (*v & 0xffffffffu) | (uint64_t)x << 32
                   : (*v & ~0xffffffffull) | x;
}

static void reg_write(uintptr_t addr, uint32_t v)
{
    uint32_t off = (uint32_t)(addr - VFAKE_BASE);
    struct vfake_q *q = &vfake.q[vfake.qsel & 3];
    switch (off) {
    case VMMIO_DEV_FEAT_SEL: vfake.dfsel = v; break;
    case VMMIO_DRV_FEAT_SEL: vfake.gfsel = v; break;
    case VMMIO_DRV_FEATURES:
        lo_hi(&vfake.drv_features, vfake.gfsel ? 4 : 0, v);
        break;
    case VMMIO_GUEST_PAGE_SIZE: vfake.page_size = v; break;
    case VMMIO_QUEUE_SEL: vfake.qsel = v; break;
    case VMMIO_QUEUE_NUM: q->num = v; break;
    case VMMIO_QUEUE_ALIGN: q->align = v; break;
    case VMMIO_QUEUE_PFN:
        q->pfn = v;
        set_addrs(q);
        break;
    case VMMIO_QUEUE_READY: q->ready = v; break;
    case VMMIO_QUEUE_DESC_LO:
    case VMMIO_QUEUE_DESC_HI: lo_hi(&q->desc, off, v); break;
    case VMMIO_QUEUE_DRV_LO:
    case VMMIO_QUEUE_DRV_HI: lo_hi(&q->avail, off, v); break;
    case VMMIO_QUEUE_DEV_LO:
    case VMMIO_QUEUE_DEV_HI: lo_hi(&q->used, off, v); break;
    case VMMIO_QUEUE_NOTIFY:
        vfake.notifies++;
        if (v < 4)
            process(v);
        break;
    case VMMIO_INT_ACK: vfake.isr &= ~v; break;
    case VMMIO_STATUS:
        if (v == 0 && !vfake.stuck_reset) {
            vfake.status = 0;
            memset(vfake.q, 0, sizeof(vfake.q));
            for (int i = 0; i < 4; i++)
                vfake.q[i].num_max = 256;
        } else if (v) {
            if (vfake.refuse_features)
                v &= ~VIRTIO_STATUS_FEATURES_OK;
            vfake.status = v;
        }
        break;
    }
}

void vfake_init(uint32_t type, uint32_t version, uint64_t features)
{
    memset(&vfake, 0, sizeof(vfake));
    vfake.magic = VMMIO_MAGIC_VALUE;
    vfake.version = version;
    vfake.device_id = type;
    vfake.vendor = 0x554d4551;
    vfake.features = features;
    vfake.status = 0x7f; /* stale state from before: reset must clear it */
    for (int i = 0; i < 4; i++)
        vfake.q[i].num_max = 256;
    io_fake.mmio_read = reg_read;
    io_fake.mmio_write = reg_write;
}

/* The host side of virtio.h's environment hooks. Memory comes from the
 * low 2 GiB (MAP_32BIT) so that legacy queue page numbers fit 32 bits, as
 * they do in the kernel; it is zeroed by mmap and never returned (tests
 * are short, and LeakSanitizer does not track mmap). */
void *virtio_dma_alloc(size_t n)
{
    void *p = mmap(0, n ? n : 1, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    return p == MAP_FAILED ? 0 : p;
}

void virtio_dma_free(void *p)
{
    (void)p;
}

/* The fake answers on notify, so anything not pending now never will be. */
int virtio_dev_wait(struct virtio_dev *dev, struct virtio_vq *vq,
                    uint64_t timeout_ns)
{
    (void)timeout_ns;
    if (dev->failed || vq->broken)
        return -5;                           /* -EIO */
    return virtio_vq_pending(vq) ? 0 : -110; /* -ETIMEDOUT */
}
