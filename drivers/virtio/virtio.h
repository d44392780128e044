/* SPDX-License-Identifier: MIT */
/*
 * virtio: devices, transports and drivers (virtio 1.2 §2, §3).
 *
 * A transport (mmio.c now, PCI later) fills a struct virtio_dev and its ops;
 * virtio_dev_attach() then runs the initialisation sequence of §3.1.1:
 * reset, ACKNOWLEDGE, DRIVER, feature negotiation, FEATURES_OK (checked),
 * the driver's probe (queues, config), DRIVER_OK. Drivers bind by device
 * type through one table (registry.c) that every transport shares, and see
 * the device only through these ops, so they never know the transport.
 *
 * A device that misbehaves (a reset that never ends, FEATURES_OK refused, a
 * broken ring) is marked failed with the reason logged; the rest of Skiff
 * goes on. Boot CPU only; drivers run with interrupts off except while
 * waiting (virtio_dev_wait).
 */
#ifndef SKIFF_VIRTIO_H
#define SKIFF_VIRTIO_H
#include "arch/x86_64/io.h"
#include "drivers/virtio/vq.h"
#include "skiff/diag.h"
#include <stddef.h>
#include <stdint.h>

#define VIRTIO_DEV_QUEUES 4 /* net uses 2, console 2, blk and rng 1 */
#define VIRTIO_RING_ALIGN 4096

struct virtio_dev;

struct virtio_ops {
    uint64_t (*features_get)(struct virtio_dev *dev);
    void (*features_set)(struct virtio_dev *dev, uint64_t f);
    uint8_t (*status_get)(struct virtio_dev *dev);
    void (*status_set)(struct virtio_dev *dev, uint8_t s);
    /* Write 0 to the status and wait, bounded, for it to read back 0.
     * Returns 0 or -ETIMEDOUT. */
    int (*reset)(struct virtio_dev *dev);
    /* Copy (len) bytes of device config at (off) into (buf), consistently
     * (generation counter). Returns 0 or -EIO. */
    int (*config_read)(struct virtio_dev *dev, unsigned off, void *buf,
                       unsigned len);
    /* Largest size of queue (idx): 0 when there is no such queue. */
    uint32_t (*queue_max)(struct virtio_dev *dev, unsigned idx);
    /* Tell the device where (vq) lives and enable it. Returns 0 or -EIO. */
    int (*queue_enable)(struct virtio_dev *dev, struct virtio_vq *vq);
    void (*notify)(struct virtio_dev *dev, unsigned idx);
    /* Read and acknowledge the interrupt cause: bit 0 used buffers, bit 1
     * configuration change. */
    uint32_t (*irq_ack)(struct virtio_dev *dev);
};

struct virtio_driver;

struct virtio_dev {
    const struct virtio_ops *ops;
    const char *transport; /* "virtio-mmio", "virtio-pci" */
    uint64_t base;         /* for messages */
    char where[24];        /* "0xfeb00e00", or a PCI address */
    uint32_t irq;          /* GSI, 0 when polled */
    uint32_t device_id, vendor;
    int version; /* 1 legacy, 2 modern */
    uint64_t offered, features;
    const struct virtio_driver *driver;
    void *priv; /* the driver's state */
    struct virtio_vq *vq[VIRTIO_DEV_QUEUES];
    unsigned nvq;
    int failed, irq_works;
    int fixed_qsize; /* queues must use the device's size (legacy PCI) */
    uint64_t irqs;
    unsigned config_changes; /* configuration-change interrupts seen */
    struct diag why;         /* set when failed */
};

struct virtio_driver {
    const char *name; /* "blk", also the device's name in listings */
    uint32_t device_id;
    uint64_t features; /* device-type feature bits the driver can use */
    /* Between FEATURES_OK and DRIVER_OK: read config, create queues.
     * Returns 0 or a negative errno with the reason in dev->why. */
    int (*probe)(struct virtio_dev *dev);
    /* After DRIVER_OK: start using the device (receive buffers...). */
    void (*start)(struct virtio_dev *dev);
    /* From the interrupt handler, after the cause was acknowledged. */
    void (*interrupt)(struct virtio_dev *dev, uint32_t cause);
    /* From the interrupt handler when the device signalled a configuration
     * change (§2.5.1: link status, capacity...); NULL: the change is
     * logged once and otherwise ignored. */
    void (*config_changed)(struct virtio_dev *dev);
};

/* The driver table (registry.c); NULL for an unknown type. */
const struct virtio_driver *virtio_driver_find(uint32_t device_id);
/* "net", "blk", ... or NULL: the names of §5 for listings. */
const char *virtio_type_name(uint32_t device_id);

/* Bring up (dev) with its driver as described above, and list it in one
 * line (format in README.md, "virtio devices"):
 *   virtio-mmio: 0xfeb00e00 irq 12 v1 blk features 0x30000240
 * with " (no driver)" or " (failed)" appended when so. Returns 0; -ENODEV
 * when no driver handles the type (the device is left reset); another
 * negative errno when it failed (dev->failed set, reason in dev->why, the
 * device left with FAILED status). */
int virtio_dev_attach(struct virtio_dev *dev);

/* Create queue (idx) of at most (want) entries. Returns 0 with
 * dev->vq[idx] set, or a negative errno with the reason in dev->why. */
int virtio_dev_queue(struct virtio_dev *dev, unsigned idx, uint32_t want);

int virtio_dev_has(const struct virtio_dev *dev, unsigned bit);
int virtio_dev_config(struct virtio_dev *dev, unsigned off, void *buf,
                      unsigned len);

/* virtio_vq_get() that marks (dev) failed when the ring is broken. */
int virtio_dev_get(struct virtio_dev *dev, struct virtio_vq *vq, void **token,
                   uint32_t *len);

/* Mark (dev) failed: set FAILED, record and log (why) once. */
void virtio_dev_fail(struct virtio_dev *dev, const char *why);

/* The interrupt handler of a device: acknowledge, count, pass to the
 * driver; a configuration change (cause bit 1) goes to
 * virtio_dev_config_changed first. */
void virtio_dev_interrupt(struct virtio_dev *dev);

/* A configuration change of (dev), from its interrupt handler or its own
 * MSI-X vector: counted, passed to the driver's config_changed, or logged
 * once ("virtio-pci: 0000:00:01.0: config change") when it has none.
 * Ignored on a failed device. */
void virtio_dev_config_changed(struct virtio_dev *dev);

/* Wait until (vq) has completions, at most (timeout_ns): halting for the
 * device's interrupt when it has one that works, else polling. Returns 0,
 * -ETIMEDOUT, or -EIO when the queue or device broke (the device is then
 * marked failed). Kernel only (wait.c); host tests provide their own. */
int virtio_dev_wait(struct virtio_dev *dev, struct virtio_vq *vq,
                    uint64_t timeout_ns);

/* Zeroed, page-aligned memory for rings and request buffers, and its
 * release. Kernel: the heap (dma.c); host tests: their own. */
void *virtio_dma_alloc(size_t n);
void virtio_dma_free(void *p);

/* Tell a device where (vq) lives: its three ring addresses, each written
 * as two 32-bit halves (low first) at offsets (desc), (drv) and (dev) from
 * (base), as both the MMIO registers (version 2) and the modern PCI common
 * configuration lay them out. */
static inline void virtio_queue_addrs(uintptr_t base, uint32_t desc,
                                      uint32_t drv, uint32_t dev,
                                      const struct virtio_vq *vq)
{
    const uint32_t off[3] = {desc, drv, dev};
    const uint64_t pa[3] = {(uintptr_t)vq->desc, (uintptr_t)vq->avail,
                            (uintptr_t)vq->used};
    for (int i = 0; i < 3; i++) {
        mmio_write32(base, off[i], (uint32_t)pa[i]);
        mmio_write32(base, off[i] + 4, (uint32_t)(pa[i] >> 32));
    }
}

/* Every device attached, for listings and for drivers to find peers. */
#define VIRTIO_DEVS_MAX 32
extern struct virtio_dev *virtio_devs[VIRTIO_DEVS_MAX];
extern unsigned virtio_ndevs;

#endif
