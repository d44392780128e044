/* SPDX-License-Identifier: MIT */
/*
 * virtio core: the device initialisation sequence (virtio 1.2 §3.1.1) and
 * queue creation, shared by every transport and driver. See virtio.h.
 */
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/virtio.h"
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

/* What Skiff's ring code supports, on top of each driver's own bits. */
#define CORE_FEATURES                                                          \
    ((1ull << VIRTIO_F_INDIRECT_DESC) | (1ull << VIRTIO_F_EVENT_IDX) |         \
     (1ull << VIRTIO_F_VERSION_1))

struct virtio_dev *virtio_devs[VIRTIO_DEVS_MAX];
unsigned virtio_ndevs;

int virtio_dev_has(const struct virtio_dev *dev, unsigned bit)
{
    return bit < 64 && ((dev->features >> bit) & 1);
}

int virtio_dev_config(struct virtio_dev *dev, unsigned off, void *buf,
                      unsigned len)
{
    int rc = dev->ops->config_read(dev, off, buf, len);
    if (rc)
        virtio_dev_fail(dev, "configuration never read back consistently");
    return rc;
}

void virtio_dev_fail(struct virtio_dev *dev, const char *why)
{
    if (dev->failed)
        return;
    dev->failed = 1;
    kstrlcpy(dev->why.msg, why, sizeof(dev->why.msg));
    dev->ops->status_set(
        dev, (uint8_t)(dev->ops->status_get(dev) | VIRTIO_STATUS_FAILED));
    log_err("%s: %s %s: %s; device disabled\n", dev->transport, dev->where,
            dev->driver ? dev->driver->name : "device", why);
}

int virtio_dev_get(struct virtio_dev *dev, struct virtio_vq *vq, void **token,
                   uint32_t *len)
{
    int rc = virtio_vq_get(vq, token, len);
    if (rc < 0)
        virtio_dev_fail(dev, vq->why.msg);
    return rc;
}

static void status_add(struct virtio_dev *dev, uint8_t bits)
{
    dev->ops->status_set(dev, (uint8_t)(dev->ops->status_get(dev) | bits));
}

/* §3.1.1 steps 4-6: offer the intersection, then FEATURES_OK must stick. */
static int negotiate(struct virtio_dev *dev)
{
    dev->offered = dev->ops->features_get(dev);
    uint64_t want = dev->driver->features | CORE_FEATURES;
    if (dev->version < 2)
        want &= 0xffffffffull; /* legacy devices have 32 feature bits */
    dev->features = dev->offered & want;
    if (dev->version >= 2 && !virtio_dev_has(dev, VIRTIO_F_VERSION_1)) {
        virtio_dev_fail(dev, "modern device does not offer VERSION_1");
        return -EIO;
    }
    dev->ops->features_set(dev, dev->features);
    if (dev->version < 2)
        return 0; /* legacy devices have no FEATURES_OK handshake */
    status_add(dev, VIRTIO_STATUS_FEATURES_OK);
    if (!(dev->ops->status_get(dev) & VIRTIO_STATUS_FEATURES_OK)) {
        virtio_dev_fail(dev, "device refused the negotiated features");
        return -EIO;
    }
    return 0;
}

static void list(struct virtio_dev *dev, const char *note)
{
    const char *name = virtio_type_name(dev->device_id);
    char tbuf[16];
    if (!name) {
        ksnprintf(tbuf, sizeof(tbuf), "type %u", dev->device_id);
        name = tbuf;
    }
    log_info("%s: %s irq %u v%d %s features 0x%llx%s\n", dev->transport,
             dev->where, dev->irq, dev->version, name,
             (unsigned long long)dev->features, note);
}

static int attach(struct virtio_dev *dev)
{
    dev->driver = virtio_driver_find(dev->device_id);
    if (dev->ops->reset(dev)) {
        virtio_dev_fail(dev, "reset did not complete");
        return -ETIMEDOUT;
    }
    if (!dev->driver)
        return -ENODEV;
    status_add(dev, VIRTIO_STATUS_ACKNOWLEDGE);
    status_add(dev, VIRTIO_STATUS_DRIVER);
    int rc = negotiate(dev);
    if (!rc)
        rc = dev->driver->probe(dev);
    if (rc) {
        virtio_dev_fail(dev, dev->why.msg[0] ? dev->why.msg : "probe failed");
        return rc;
    }
    status_add(dev, VIRTIO_STATUS_DRIVER_OK);
    if (virtio_ndevs < VIRTIO_DEVS_MAX)
        virtio_devs[virtio_ndevs++] = dev;
    list(dev, "");
    if (dev->driver->start)
        dev->driver->start(dev);
    return dev->failed ? -EIO : 0;
}

int virtio_dev_attach(struct virtio_dev *dev)
{
    int rc = attach(dev);
    if (rc == -ENODEV)
        list(dev, " (no driver)");
    else if (rc)
        list(dev, " (failed)");
    return rc;
}

static void notify(struct virtio_vq *vq)
{
    struct virtio_dev *dev = vq->ctx;
    dev->ops->notify(dev, vq->index);
}

static int queue_fail(struct virtio_dev *dev, int rc, const char *fmt,
                      unsigned a)
{
    diag_set(&dev->why, fmt, a);
    return rc;
}

int virtio_dev_queue(struct virtio_dev *dev, unsigned idx, uint32_t want)
{
    if (idx >= VIRTIO_DEV_QUEUES)
        return queue_fail(dev, -EINVAL, "queue %u: too many queues", idx);
    uint32_t max = dev->ops->queue_max(dev, idx);
    if (!max)
        return queue_fail(dev, -ENODEV, "queue %u does not exist (size 0)",
                          idx);
    if (max & (max - 1))
        return queue_fail(dev, -EIO, "queue size %u is not a power of two",
                          max);
    uint32_t size = max < want || dev->fixed_qsize ? max : want;
    if (dev->fixed_qsize && size > VIRTIO_VQ_SIZE_MAX)
        return queue_fail(dev, -EIO, "fixed queue size %u is too large", max);
    if (size > VIRTIO_VQ_SIZE_MAX)
        size = VIRTIO_VQ_SIZE_MAX;
    int ind = virtio_dev_has(dev, VIRTIO_F_INDIRECT_DESC);
    int ev = virtio_dev_has(dev, VIRTIO_F_EVENT_IDX);
    struct virtio_vq *vq = virtio_dma_alloc(sizeof(*vq));
    void *ring = virtio_dma_alloc(
        virtio_vq_ring_size((uint16_t)size, VIRTIO_RING_ALIGN, ind));
    void *priv = virtio_dma_alloc(virtio_vq_priv_size((uint16_t)size));
    if (!vq || !ring || !priv) {
        virtio_dma_free(vq);
        virtio_dma_free(ring);
        virtio_dma_free(priv);
        return queue_fail(dev, -ENOMEM, "queue %u: out of memory", idx);
    }
    int rc = virtio_vq_init(vq, (uint16_t)size, VIRTIO_RING_ALIGN, ev, ind,
                            ring, priv, notify, dev, &dev->why);
    vq->index = (uint16_t)idx;
    if (!rc && dev->ops->queue_enable(dev, vq))
        rc = queue_fail(dev, -EIO, "queue %u: the device did not take it", idx);
    if (rc)
        return rc; /* the memory stays: the device may have seen it */
    dev->vq[idx] = vq;
    if (idx >= dev->nvq)
        dev->nvq = idx + 1;
    return 0;
}

void virtio_dev_interrupt(struct virtio_dev *dev)
{
    uint32_t cause = dev->ops->irq_ack(dev);
    if (dev->irqs++ == 0)
        log_debug("%s: %s: first interrupt on irq %u (cause 0x%x)\n",
                  dev->transport, dev->where, dev->irq, cause);
    if (cause & VIRTIO_ISR_CONFIG)
        virtio_dev_config_changed(dev);
    if (cause && dev->driver && dev->driver->interrupt && !dev->failed)
        dev->driver->interrupt(dev, cause);
}

void virtio_dev_config_changed(struct virtio_dev *dev)
{
    if (dev->failed)
        return;
    dev->config_changes++;
    if (dev->driver && dev->driver->config_changed)
        dev->driver->config_changed(dev);
    else if (dev->config_changes == 1)
        log_info("%s: %s: config change\n", dev->transport, dev->where);
}

struct virtio_dev *virtio_dev_nth(uint32_t device_id, unsigned i)
{
    for (unsigned k = 0; k < virtio_ndevs; k++) {
        struct virtio_dev *dev = virtio_devs[k];
        if (dev->device_id == device_id && !dev->failed && i-- == 0)
            return dev;
    }
    return 0;
}
