/* SPDX-License-Identifier: MIT */
/*
 * virtio-net (virtio 1.2 §5.1): queue 0 receives, queue 1 transmits. Every
 * frame carries a virtio_net_hdr in front, 10 bytes for a legacy device and
 * 12 once VERSION_1 is negotiated (no MRG_RXBUF or offloads are asked for,
 * so the header is all zeroes on send). Receive buffers are posted at start
 * and each one goes straight back to the ring after its frame is copied
 * out, so the ring stays full. Transmit buffers are a fixed pool, reclaimed
 * as the device completes them.
 */
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/virtio.h"
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define RXQ      0
#define TXQ      1
#define NBUF     32   /* receive buffers, and transmit buffers */
#define BUF_SIZE 1536 /* header + largest frame, rounded */
#define WAIT_NS  1000000000ull

struct net {
    uint8_t mac[6];
    unsigned hdr_len, index;
    uint8_t *rx, *tx; /* NBUF buffers each */
    uint8_t tx_busy[NBUF];
};

static unsigned nnet;

void virtio_net_mac(struct virtio_dev *dev, uint8_t mac[6])
{
    memcpy(mac, ((struct net *)dev->priv)->mac, 6);
}

int virtio_net_link_up(struct virtio_dev *dev)
{
    uint16_t st = VIRTIO_NET_S_LINK_UP;
    if (virtio_dev_has(dev, VIRTIO_NET_F_STATUS))
        virtio_dev_config(dev, VIRTIO_NET_CFG_STATUS, &st, 2);
    return st & VIRTIO_NET_S_LINK_UP;
}

static int probe(struct virtio_dev *dev)
{
    struct net *n = virtio_dma_alloc(sizeof(*n));
    if (!n)
        return -ENOMEM;
    dev->priv = n;
    if (virtio_dev_has(dev, VIRTIO_NET_F_MAC) &&
        virtio_dev_config(dev, VIRTIO_NET_CFG_MAC, n->mac, 6))
        return -EIO;
    n->hdr_len = virtio_dev_has(dev, VIRTIO_F_VERSION_1) ? 12 : 10;
    n->rx = virtio_dma_alloc(NBUF * BUF_SIZE);
    n->tx = virtio_dma_alloc(NBUF * BUF_SIZE);
    if (!n->rx || !n->tx)
        return -ENOMEM;
    int rc = virtio_dev_queue(dev, RXQ, NBUF);
    if (!rc)
        rc = virtio_dev_queue(dev, TXQ, NBUF);
    n->index = nnet++;
    return rc;
}

static int post_rx(struct virtio_dev *dev, uint8_t *buf)
{
    struct virtio_sg sg = {buf, BUF_SIZE};
    return virtio_vq_add(dev->vq[RXQ], &sg, 0, 1, buf);
}

static void start(struct virtio_dev *dev)
{
    struct net *n = dev->priv;
    unsigned posted = 0;
    for (unsigned i = 0; i < NBUF; i++)
        posted += post_rx(dev, n->rx + i * BUF_SIZE) == 0;
    virtio_vq_kick(dev->vq[RXQ]);
    const uint8_t *m = n->mac;
    log_info("virtio-net%u: mac %02x:%02x:%02x:%02x:%02x:%02x, link %s, "
             "%u receive buffers\n",
             n->index, m[0], m[1], m[2], m[3], m[4], m[5],
             virtio_net_link_up(dev) ? "up" : "down", posted);
}

static void reclaim_tx(struct virtio_dev *dev)
{
    struct net *n = dev->priv;
    void *tok;
    uint32_t len;
    while (virtio_dev_get(dev, dev->vq[TXQ], &tok, &len) == 1)
        n->tx_busy[((uint8_t *)tok - n->tx) / BUF_SIZE] = 0;
}

int virtio_net_send(struct virtio_dev *dev, const void *frame, size_t len)
{
    struct net *n = dev->priv;
    if (dev->failed)
        return -EIO;
    if (!len || len > VIRTIO_NET_FRAME_MAX)
        return -EMSGSIZE;
    reclaim_tx(dev);
    unsigned i = 0;
    while (i < NBUF && n->tx_busy[i])
        i++;
    if (i == NBUF) {
        int rc = virtio_dev_wait(dev, dev->vq[TXQ], WAIT_NS);
        if (rc)
            return rc;
        return virtio_net_send(dev, frame, len);
    }
    uint8_t *b = n->tx + i * BUF_SIZE;
    memset(b, 0, n->hdr_len);
    memcpy(b + n->hdr_len, frame, len);
    struct virtio_sg sg = {b, (uint32_t)(n->hdr_len + len)};
    int rc = virtio_vq_add(dev->vq[TXQ], &sg, 1, 0, b);
    if (rc)
        return rc;
    n->tx_busy[i] = 1;
    virtio_vq_kick(dev->vq[TXQ]);
    return 0;
}

int virtio_net_flush(struct virtio_dev *dev, uint64_t timeout_ns)
{
    struct net *n = dev->priv;
    for (;;) {
        reclaim_tx(dev);
        unsigned busy = 0;
        for (unsigned i = 0; i < NBUF; i++)
            busy += n->tx_busy[i];
        if (!busy)
            return 0;
        int rc = virtio_dev_wait(dev, dev->vq[TXQ], timeout_ns);
        if (rc)
            return rc;
    }
}

int virtio_net_recv(struct virtio_dev *dev, void *buf, size_t max,
                    uint64_t timeout_ns)
{
    struct net *n = dev->priv;
    void *tok;
    uint32_t len;
    if (dev->failed)
        return -EIO;
    int rc = virtio_dev_get(dev, dev->vq[RXQ], &tok, &len);
    if (rc == 0) {
        rc = virtio_dev_wait(dev, dev->vq[RXQ], timeout_ns);
        if (rc == -ETIMEDOUT)
            return 0;
        if (rc == 0)
            rc = virtio_dev_get(dev, dev->vq[RXQ], &tok, &len);
    }
    if (rc <= 0)
        return rc;
    uint8_t *b = tok;
    size_t flen = len > n->hdr_len ? len - n->hdr_len : 0;
    if (flen > max)
        flen = max;
    memcpy(buf, b + n->hdr_len, flen);
    post_rx(dev, b);
    virtio_vq_kick(dev->vq[RXQ]);
    return (int)flen;
}

/* The device signals link changes as configuration changes (§5.1.4). */
static void config_changed(struct virtio_dev *dev)
{
    struct net *n = dev->priv;
    log_info("virtio-net%u: link %s\n", n->index,
             virtio_net_link_up(dev) ? "up" : "down");
}

const struct virtio_driver virtio_net_driver = {
    .name = "net",
    .device_id = VIRTIO_ID_NET,
    .features = (1ull << VIRTIO_NET_F_MAC) | (1ull << VIRTIO_NET_F_STATUS),
    .probe = probe,
    .start = start,
    .config_changed = config_changed,
};
