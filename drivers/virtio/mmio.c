/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio transport operations (virtio 1.2 §4.2.2, legacy §4.2.4).
 * The two versions differ in queue setup (a page frame number against
 * GuestPageSize and QueueAlign in version 1; three 64-bit addresses and
 * QueueReady in version 2), in feature width and FEATURES_OK (the core
 * handles those) and in the configuration generation counter (version 2
 * only). Every register access goes through arch/x86_64/io.h.
 */
#include "drivers/virtio/mmio.h"
#include "arch/x86_64/io.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define RESET_POLLS  1000000u /* reads of the status register */
#define CONFIG_TRIES 16
#define LEGACY_PAGE  4096u

static struct virtio_mmio *mm(struct virtio_dev *dev)
{
    return (struct virtio_mmio *)dev;
}

static uint32_t rd(struct virtio_dev *dev, uint32_t off)
{
    return mmio_read32(mm(dev)->base, off);
}

static void wr(struct virtio_dev *dev, uint32_t off, uint32_t v)
{
    mmio_write32(mm(dev)->base, off, v);
}

static uint64_t features_get(struct virtio_dev *dev)
{
    wr(dev, VMMIO_DEV_FEAT_SEL, 1);
    uint64_t hi = rd(dev, VMMIO_DEV_FEATURES);
    wr(dev, VMMIO_DEV_FEAT_SEL, 0);
    return hi << 32 | rd(dev, VMMIO_DEV_FEATURES);
}

static void features_set(struct virtio_dev *dev, uint64_t f)
{
    wr(dev, VMMIO_DRV_FEAT_SEL, 1);
    wr(dev, VMMIO_DRV_FEATURES, (uint32_t)(f >> 32));
    wr(dev, VMMIO_DRV_FEAT_SEL, 0);
    wr(dev, VMMIO_DRV_FEATURES, (uint32_t)f);
}

static uint8_t status_get(struct virtio_dev *dev)
{
    return (uint8_t)rd(dev, VMMIO_STATUS);
}

static void status_set(struct virtio_dev *dev, uint8_t s)
{
    wr(dev, VMMIO_STATUS, s);
}

static int reset(struct virtio_dev *dev)
{
    wr(dev, VMMIO_STATUS, 0);
    for (unsigned i = 0; i < RESET_POLLS; i++) {
        if (rd(dev, VMMIO_STATUS) == 0)
            break;
        if (i + 1 == RESET_POLLS)
            return -ETIMEDOUT;
        cpu_relax();
    }
    if (dev->version == 1)
        wr(dev, VMMIO_GUEST_PAGE_SIZE, LEGACY_PAGE);
    return 0;
}

/* Config bytes one at a time: every transport and monitor accepts byte
 * reads, and fields are little-endian like x86. */
static int config_read(struct virtio_dev *dev, unsigned off, void *buf,
                       unsigned len)
{
    uint8_t *b = buf;
    for (int t = 0; t < CONFIG_TRIES; t++) {
        uint32_t gen = dev->version >= 2 ? rd(dev, VMMIO_CONFIG_GEN) : 0;
        for (unsigned i = 0; i < len; i++) {
            uint32_t a = VMMIO_CONFIG + off + i;
            b[i] =
                (uint8_t)(mmio_read32(mm(dev)->base, a & ~3u) >> (8 * (a & 3)));
        }
        if (dev->version < 2 || rd(dev, VMMIO_CONFIG_GEN) == gen)
            return 0;
    }
    return -EIO;
}

static uint32_t queue_max(struct virtio_dev *dev, unsigned idx)
{
    wr(dev, VMMIO_QUEUE_SEL, idx);
    if (dev->version >= 2 && rd(dev, VMMIO_QUEUE_READY))
        return 0; /* in use after a reset: the device is confused */
    if (dev->version < 2 && rd(dev, VMMIO_QUEUE_PFN))
        return 0;
    return rd(dev, VMMIO_QUEUE_NUM_MAX);
}

static int queue_enable(struct virtio_dev *dev, struct virtio_vq *vq)
{
    wr(dev, VMMIO_QUEUE_SEL, vq->index);
    wr(dev, VMMIO_QUEUE_NUM, vq->size);
    if (dev->version < 2) {
        uint64_t pa = (uint64_t)(uintptr_t)vq->desc;
        if (pa % LEGACY_PAGE || (pa / LEGACY_PAGE) >> 32)
            return -EIO;
        wr(dev, VMMIO_QUEUE_ALIGN, VIRTIO_RING_ALIGN);
        wr(dev, VMMIO_QUEUE_PFN, (uint32_t)(pa / LEGACY_PAGE));
        return rd(dev, VMMIO_QUEUE_PFN) == pa / LEGACY_PAGE ? 0 : -EIO;
    }
    virtio_queue_addrs(mm(dev)->base, VMMIO_QUEUE_DESC_LO, VMMIO_QUEUE_DRV_LO,
                       VMMIO_QUEUE_DEV_LO, vq);
    wr(dev, VMMIO_QUEUE_READY, 1);
    return rd(dev, VMMIO_QUEUE_READY) == 1 ? 0 : -EIO;
}

static void notify(struct virtio_dev *dev, unsigned idx)
{
    wr(dev, VMMIO_QUEUE_NOTIFY, idx);
}

static uint32_t irq_ack(struct virtio_dev *dev)
{
    uint32_t s = rd(dev, VMMIO_INT_STATUS) & 3u;
    if (s)
        wr(dev, VMMIO_INT_ACK, s);
    return s;
}

static const struct virtio_ops ops = {
    features_get, features_set, status_get,   status_set, reset,
    config_read,  queue_max,    queue_enable, notify,     irq_ack,
};

int virtio_mmio_init(struct virtio_mmio *m, uint64_t base, uint64_t size,
                     uint32_t irq, struct diag *d)
{
    uint32_t magic = mmio_read32((uintptr_t)base, VMMIO_MAGIC);
    if (magic != VMMIO_MAGIC_VALUE) {
        diag_set(d, "magic 0x%x is not 0x%x (\"virt\")", magic,
                 VMMIO_MAGIC_VALUE);
        return -EINVAL;
    }
    uint32_t ver = mmio_read32((uintptr_t)base, VMMIO_VERSION);
    if (ver != 1 && ver != 2) {
        diag_set(d, "unknown version %u (1 and 2 are defined)", ver);
        return -EINVAL;
    }
    *m = (struct virtio_mmio){.base = (uintptr_t)base, .size = size};
    m->dev = (struct virtio_dev){
        .ops = &ops,
        .transport = "virtio-mmio",
        .base = base,
        .irq = irq,
        .device_id = mmio_read32((uintptr_t)base, VMMIO_DEVICE_ID),
        .vendor = mmio_read32((uintptr_t)base, VMMIO_VENDOR_ID),
        .version = (int)ver,
    };
    ksnprintf(m->dev.where, sizeof(m->dev.where), "0x%llx",
              (unsigned long long)base);
    return m->dev.device_id ? 0 : -ENODEV;
}
