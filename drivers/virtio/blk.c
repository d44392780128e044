/* SPDX-License-Identifier: MIT */
/*
 * virtio-blk (virtio 1.2 §5.2): one request queue. Each request is a
 * three-part chain: header (device-readable), data (readable for writes,
 * writable for reads), status byte (writable); with indirect descriptors it
 * takes one ring slot. virtio_blk_batch keeps the ring as full as it can,
 * so large transfers and batches of small ones have many requests in
 * flight. Requests are at most 64 KiB (and the device's seg/size limits are
 * respected by never sending more than one data segment).
 */
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/virtio.h"
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define REQ_MAX      (64u * 1024)
#define QUEUE_WANT   128
#define WAIT_NS      5000000000ull /* a request slower than 5 s: dead */
#define SECTOR_SHIFT 9

struct req {
    struct virtio_blk_req_hdr hdr;
    uint8_t status;
    struct virtio_blk_io *io;
};

struct blk {
    struct virtio_blk_info info;
    struct req *reqs; /* one per ring slot */
    unsigned nreqs;
    unsigned index;
};

static unsigned nblk;

void virtio_blk_info(struct virtio_dev *dev, struct virtio_blk_info *out)
{
    *out = ((struct blk *)dev->priv)->info;
}

static int probe(struct virtio_dev *dev)
{
    struct blk *b = virtio_dma_alloc(sizeof(*b));
    if (!b)
        return -ENOMEM;
    dev->priv = b;
    uint64_t cap = 0;
    uint32_t bs = 512;
    if (virtio_dev_config(dev, VIRTIO_BLK_CFG_CAPACITY, &cap, 8))
        return -EIO;
    if (virtio_dev_has(dev, VIRTIO_BLK_F_BLK_SIZE) &&
        virtio_dev_config(dev, VIRTIO_BLK_CFG_BLK_SIZE, &bs, 4))
        return -EIO;
    if (bs < 512 || (bs & (bs - 1)) || bs > 65536) {
        diag_set(&dev->why, "block size %u is not a power of two from 512", bs);
        return -EIO;
    }
    b->info =
        (struct virtio_blk_info){cap, bs, virtio_dev_has(dev, VIRTIO_BLK_F_RO),
                                 virtio_dev_has(dev, VIRTIO_BLK_F_FLUSH)};
    int rc = virtio_dev_queue(dev, 0, QUEUE_WANT);
    if (rc)
        return rc;
    b->nreqs = dev->vq[0]->size;
    b->reqs = virtio_dma_alloc(b->nreqs * sizeof(*b->reqs));
    if (!b->reqs)
        return -ENOMEM;
    b->index = nblk++;
    return 0;
}

static void start(struct virtio_dev *dev)
{
    struct blk *b = dev->priv;
    uint64_t bytes = b->info.sectors << SECTOR_SHIFT;
    log_info("virtio-blk%u: %llu sectors (%llu KiB), block size %u, %s%s\n",
             b->index, (unsigned long long)b->info.sectors,
             (unsigned long long)(bytes >> 10), b->info.blk_size,
             b->info.ro ? "read-only" : "read-write",
             b->info.flush ? ", flush" : "");
}

static int check(const struct blk *b, const struct virtio_blk_io *io)
{
    if (io->write && b->info.ro)
        return -EPERM;
    if (!io->len || io->len % 512 || io->len > REQ_MAX)
        return -EINVAL;
    uint64_t n = io->len >> SECTOR_SHIFT;
    if (io->sector > b->info.sectors || n > b->info.sectors - io->sector)
        return -EINVAL;
    return 0;
}

/* Queue request (r) for (io); a NULL io->buf means flush. */
static int submit(struct virtio_dev *dev, struct req *r,
                  struct virtio_blk_io *io)
{
    struct virtio_sg sg[3];
    unsigned n_out = 1, n_in = 1, k = 1;
    int flush = !io->buf;
    r->hdr = (struct virtio_blk_req_hdr){
        flush ? VIRTIO_BLK_T_FLUSH
              : (io->write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN),
        0, flush ? 0 : io->sector};
    r->status = 0xff;
    r->io = io;
    sg[0] = (struct virtio_sg){&r->hdr, sizeof(r->hdr)};
    if (!flush) {
        sg[k++] = (struct virtio_sg){io->buf, io->len};
        if (io->write)
            n_out++;
        else
            n_in++;
    }
    sg[k] = (struct virtio_sg){&r->status, 1};
    return virtio_vq_add(dev->vq[0], sg, n_out, n_in, r);
}

/* Take every completion; returns how many, or -EIO for a broken ring. */
static int reap(struct virtio_dev *dev)
{
    void *tok;
    uint32_t len;
    int got = 0, rc;
    while ((rc = virtio_dev_get(dev, dev->vq[0], &tok, &len)) == 1) {
        struct req *r = tok;
        r->io->rc = r->status == VIRTIO_BLK_S_OK       ? 0
                    : r->status == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP
                                                       : -EIO;
        r->io = 0;
        got++;
    }
    return rc < 0 ? rc : got;
}

static struct req *free_req(struct blk *b)
{
    for (unsigned i = 0; i < b->nreqs; i++)
        if (!b->reqs[i].io)
            return &b->reqs[i];
    return 0;
}

int virtio_blk_batch(struct virtio_dev *dev, struct virtio_blk_io *io,
                     unsigned n)
{
    struct blk *b = dev->priv;
    if (dev->failed)
        return -EIO;
    for (unsigned i = 0; i < n; i++) {
        int rc = io[i].buf ? check(b, &io[i]) : 0;
        if (rc)
            return io[i].rc = rc;
        io[i].rc = 1; /* pending */
    }
    unsigned sent = 0, done = 0;
    while (done < n) {
        struct req *r;
        int added = 0;
        while (sent < n && (r = free_req(b)) && !submit(dev, r, &io[sent])) {
            sent++;
            added = 1;
        }
        if (added)
            virtio_vq_kick(dev->vq[0]);
        int got = reap(dev);
        if (got == 0)
            got = virtio_dev_wait(dev, dev->vq[0], WAIT_NS);
        if (got == -ETIMEDOUT)
            virtio_dev_fail(dev, "block request not done within 5 s");
        if (got < 0)
            return got;
        done += (unsigned)got;
    }
    for (unsigned i = 0; i < n; i++)
        if (io[i].rc)
            return io[i].rc;
    return 0;
}

int virtio_blk_rw(struct virtio_dev *dev, int write, uint64_t sector, void *buf,
                  size_t len)
{
    enum { CHUNKS = 32 };
    struct virtio_blk_io io[CHUNKS];
    uint8_t *p = buf;
    while (len) {
        unsigned n = 0;
        for (; n < CHUNKS && len; n++) {
            uint32_t l = len < REQ_MAX ? (uint32_t)len : REQ_MAX;
            io[n] = (struct virtio_blk_io){write, sector, p, l, 0};
            sector += l >> SECTOR_SHIFT;
            p += l;
            len -= l;
        }
        int rc = virtio_blk_batch(dev, io, n);
        if (rc)
            return rc;
    }
    return 0;
}

int virtio_blk_flush(struct virtio_dev *dev)
{
    struct blk *b = dev->priv;
    if (!b->info.flush)
        return 0; /* no volatile cache: writes are already durable */
    struct virtio_blk_io io = {1, 0, 0, 0, 0};
    return virtio_blk_batch(dev, &io, 1);
}

const struct virtio_driver virtio_blk_driver = {
    .name = "blk",
    .device_id = VIRTIO_ID_BLOCK,
    .features = (1ull << VIRTIO_BLK_F_RO) | (1ull << VIRTIO_BLK_F_BLK_SIZE) |
                (1ull << VIRTIO_BLK_F_FLUSH),
    .probe = probe,
    .start = start,
};
