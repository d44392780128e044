/* SPDX-License-Identifier: MIT */
/*
 * virtio device drivers: block, network, entropy and console, each bound
 * by device type through registry.c. The calls below are synchronous and
 * bounded: each returns -ETIMEDOUT rather than wait for ever on a device
 * that stopped answering (the device is then marked failed). Boot CPU
 * only; not callable from interrupt handlers.
 */
#ifndef SKIFF_VIRTIO_DRIVERS_H
#define SKIFF_VIRTIO_DRIVERS_H
#include <stddef.h>
#include <stdint.h>

struct virtio_dev;
struct virtio_driver;

extern const struct virtio_driver virtio_blk_driver, virtio_net_driver,
    virtio_rng_driver, virtio_console_driver;

/* The (i)th working device of a type, in attach order, or NULL. */
struct virtio_dev *virtio_dev_nth(uint32_t device_id, unsigned i);

/* Block (§5.2). Sectors are 512 bytes whatever the block size. */
struct virtio_blk_info {
    uint64_t sectors;
    uint32_t blk_size; /* the device's preferred block size */
    int ro, flush;     /* VIRTIO_BLK_F_RO, VIRTIO_BLK_F_FLUSH */
};

/* One transfer of a batch: (len) bytes, a multiple of 512, at (sector). */
struct virtio_blk_io {
    int write;
    uint64_t sector;
    void *buf;
    uint32_t len;
    int rc; /* out: 0, -EIO (device error), -EOPNOTSUPP */
};

void virtio_blk_info(struct virtio_dev *dev, struct virtio_blk_info *out);
/* Run (n) independent transfers, as many in flight at once as the queue
 * holds. Returns 0 when all succeeded, else the first error; each io's rc
 * says which. -EROFS-like refusal of writes on read-only devices is
 * -EPERM, checked before anything is sent; -EINVAL for a bad length or a
 * range past the end. */
int virtio_blk_batch(struct virtio_dev *dev, struct virtio_blk_io *io,
                     unsigned n);
/* One contiguous transfer, split into requests kept in flight together. */
int virtio_blk_rw(struct virtio_dev *dev, int write, uint64_t sector, void *buf,
                  size_t len);
int virtio_blk_flush(struct virtio_dev *dev);

/* Network (§5.1): Ethernet frames without the FCS, at most 1514 bytes. */
#define VIRTIO_NET_FRAME_MAX 1514
void virtio_net_mac(struct virtio_dev *dev, uint8_t mac[6]);
/* 1 when the link is up (always 1 without VIRTIO_NET_F_STATUS). */
int virtio_net_link_up(struct virtio_dev *dev);
int virtio_net_send(struct virtio_dev *dev, const void *frame, size_t len);
/* Wait, at most (timeout_ns), until the device has taken every frame
 * sent. Returns 0 or -ETIMEDOUT. */
int virtio_net_flush(struct virtio_dev *dev, uint64_t timeout_ns);
/* Copy the next received frame into (buf, max), waiting at most
 * (timeout_ns). Returns its length, 0 on timeout, or a negative errno. */
int virtio_net_recv(struct virtio_dev *dev, void *buf, size_t max,
                    uint64_t timeout_ns);

/* Entropy (§5.4): fill (buf, len) from the device. Returns bytes or errno. */
int virtio_rng_read(struct virtio_dev *dev, void *buf, size_t len);

#endif
