/* SPDX-License-Identifier: MIT */
/*
 * virtio-pci transport operations (see pci.h): modern through the
 * capability windows (virtio 1.2 §4.1.4), legacy through I/O BAR0
 * (§4.1.4.8), whose layout grows two vector registers when MSI-X is on.
 * Every register access goes through arch/x86_64/io.h.
 */
#include "drivers/virtio/pci.h"
#include "arch/x86_64/io.h"
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define RESET_POLLS  1000000u
#define CONFIG_TRIES 16
#define LEGACY_PAGE  4096u
#define VENDOR       0x1af4

static struct virtio_pci *vp(struct virtio_dev *dev)
{
    return (struct virtio_pci *)dev;
}

/* --- modern --- */

static uint64_t m_features_get(struct virtio_dev *dev)
{
    uintptr_t c = vp(dev)->common;
    mmio_write32(c, VPCI_DFSELECT, 1);
    uint64_t hi = mmio_read32(c, VPCI_DF);
    mmio_write32(c, VPCI_DFSELECT, 0);
    return hi << 32 | mmio_read32(c, VPCI_DF);
}

static void m_features_set(struct virtio_dev *dev, uint64_t f)
{
    uintptr_t c = vp(dev)->common;
    mmio_write32(c, VPCI_GFSELECT, 1);
    mmio_write32(c, VPCI_GF, (uint32_t)(f >> 32));
    mmio_write32(c, VPCI_GFSELECT, 0);
    mmio_write32(c, VPCI_GF, (uint32_t)f);
}

static uint8_t m_status_get(struct virtio_dev *dev)
{
    return mmio_read8(vp(dev)->common, VPCI_STATUS);
}

static void m_status_set(struct virtio_dev *dev, uint8_t s)
{
    mmio_write8(vp(dev)->common, VPCI_STATUS, s);
}

/* Both register layouts: write 0, wait (bounded) for it to read back. */
static int reset(struct virtio_dev *dev)
{
    dev->ops->status_set(dev, 0);
    for (unsigned i = 0; i < RESET_POLLS; i++) {
        if (dev->ops->status_get(dev) == 0)
            return 0;
        cpu_relax();
    }
    return -ETIMEDOUT;
}

/* The configuration vector register: msix_config in the common
 * configuration, or I/O offset 0x14 of a legacy device with MSI-X on. */
static void cfg_vector_set(struct virtio_pci *v, uint16_t entry)
{
    if (v->dev.version == 2)
        mmio_write16(v->common, VPCI_MSIX_CFG, entry);
    else
        pio_out16((uint16_t)(v->iobase + VPCI_L_MSIX_CFG), entry);
}

static uint16_t cfg_vector_get(struct virtio_pci *v)
{
    if (v->dev.version == 2)
        return mmio_read16(v->common, VPCI_MSIX_CFG);
    return pio_in16((uint16_t)(v->iobase + VPCI_L_MSIX_CFG));
}

/* A reset clears every vector (virtio 1.2 §4.1.4.3; QEMU's virtio_reset
 * sets msix_config to NO_VECTOR), so the configuration vector is written
 * after each one and read back: a device without room for it in its
 * vector table answers NO_VECTOR. It is then left unused, and
 * configuration changes show up only as ISR bit 1 on queue interrupts
 * (irq_cause). Both register layouts. */
static int vreset(struct virtio_dev *dev)
{
    struct virtio_pci *v = vp(dev);
    int rc = reset(dev);
    if (rc || !v->msix || v->config_entry == VPCI_NO_VECTOR)
        return rc;
    cfg_vector_set(v, v->config_entry);
    uint16_t got = cfg_vector_get(v);
    if (got == v->config_entry) {
        log_debug("virtio-pci: %s: configuration changes on MSI-X entry %u\n",
                  dev->where, got);
        return 0;
    }
    log_warn("virtio-pci: %s: configuration vector (MSI-X entry %u) refused, "
             "read back 0x%x; configuration changes seen through ISR\n",
             dev->where, v->config_entry, got);
    v->config_entry = VPCI_NO_VECTOR;
    if (got != VPCI_NO_VECTOR)
        cfg_vector_set(v, VPCI_NO_VECTOR);
    return 0;
}

/* The MSI-X table entry of queue (idx): its own, or the last one. */
static uint16_t queue_entry(const struct virtio_pci *v, unsigned idx)
{
    return (uint16_t)(idx < v->nvec ? idx : v->nvec - 1);
}

/* The interrupt cause from ISR status (s). With MSI-X this runs for a
 * queue vector, so used buffers are the cause; ISR bit 1 counts only
 * while configuration changes have no vector of their own (QEMU sets it
 * either way, and the own vector reports it). */
static uint32_t irq_cause(const struct virtio_pci *v, uint32_t s)
{
    s &= VIRTIO_ISR_QUEUE | VIRTIO_ISR_CONFIG;
    if (!v->msix)
        return s;
    if (v->config_entry != VPCI_NO_VECTOR)
        return VIRTIO_ISR_QUEUE;
    return (s & VIRTIO_ISR_CONFIG) | VIRTIO_ISR_QUEUE;
}

static int m_config_read(struct virtio_dev *dev, unsigned off, void *buf,
                         unsigned len)
{
    struct virtio_pci *v = vp(dev);
    uint8_t *b = buf;
    if (off + len > v->device_len || off + len < off)
        return -EIO;
    for (int t = 0; t < CONFIG_TRIES; t++) {
        uint8_t gen = mmio_read8(v->common, VPCI_CFGGEN);
        for (unsigned i = 0; i < len; i++)
            b[i] = mmio_read8(v->device, off + i);
        if (mmio_read8(v->common, VPCI_CFGGEN) == gen)
            return 0;
    }
    return -EIO;
}

static uint32_t m_queue_max(struct virtio_dev *dev, unsigned idx)
{
    uintptr_t c = vp(dev)->common;
    if (idx >= mmio_read16(c, VPCI_NUMQ))
        return 0;
    mmio_write16(c, VPCI_Q_SELECT, (uint16_t)idx);
    if (mmio_read16(c, VPCI_Q_ENABLE))
        return 0; /* in use after a reset: the device is confused */
    return mmio_read16(c, VPCI_Q_SIZE);
}

static int m_queue_enable(struct virtio_dev *dev, struct virtio_vq *vq)
{
    struct virtio_pci *v = vp(dev);
    uintptr_t c = v->common;
    mmio_write16(c, VPCI_Q_SELECT, vq->index);
    mmio_write16(c, VPCI_Q_SIZE, vq->size);
    if (v->msix) {
        uint16_t entry = queue_entry(v, vq->index);
        mmio_write16(c, VPCI_Q_MSIX, entry);
        if (mmio_read16(c, VPCI_Q_MSIX) != entry)
            return -EIO;
    }
    virtio_queue_addrs(c, VPCI_Q_DESC, VPCI_Q_AVAIL, VPCI_Q_USED, vq);
    mmio_write16(c, VPCI_Q_ENABLE, 1);
    return mmio_read16(c, VPCI_Q_ENABLE) == 1 ? 0 : -EIO;
}

static void m_notify(struct virtio_dev *dev, unsigned idx)
{
    struct virtio_pci *v = vp(dev);
    mmio_write16(v->common, VPCI_Q_SELECT, (uint16_t)idx);
    uint32_t noff = mmio_read16(v->common, VPCI_Q_NOFF);
    mmio_write16(v->notify, noff * v->notify_mul, (uint16_t)idx);
}

static uint32_t m_irq_ack(struct virtio_dev *dev)
{
    return irq_cause(vp(dev), mmio_read8(vp(dev)->isr, 0));
}

static const struct virtio_ops modern_ops = {
    m_features_get, m_features_set, m_status_get,   m_status_set, vreset,
    m_config_read,  m_queue_max,    m_queue_enable, m_notify,     m_irq_ack,
};

/* --- legacy --- */

static uint16_t io(struct virtio_dev *dev, unsigned off)
{
    return (uint16_t)(vp(dev)->iobase + off);
}

static uint64_t l_features_get(struct virtio_dev *dev)
{
    return pio_in32(io(dev, VPCI_L_HOST_F));
}

static void l_features_set(struct virtio_dev *dev, uint64_t f)
{
    pio_out32(io(dev, VPCI_L_GUEST_F), (uint32_t)f);
}

static uint8_t l_status_get(struct virtio_dev *dev)
{
    return pio_in8(io(dev, VPCI_L_STATUS));
}

static void l_status_set(struct virtio_dev *dev, uint8_t s)
{
    pio_out8(io(dev, VPCI_L_STATUS), s);
}

/* With MSI-X on, the two vector registers push the device configuration
 * 4 bytes further (§4.1.4.8). */
static int l_config_read(struct virtio_dev *dev, unsigned off, void *buf,
                         unsigned len)
{
    uint8_t *b = buf;
    unsigned at = vp(dev)->msix ? VPCI_L_CONFIG_MSIX : VPCI_L_CONFIG;
    if (off + len > 256 || off + len < off)
        return -EIO;
    for (unsigned i = 0; i < len; i++)
        b[i] = pio_in8(io(dev, at + off + i));
    return 0;
}

static uint32_t l_queue_max(struct virtio_dev *dev, unsigned idx)
{
    pio_out16(io(dev, VPCI_L_Q_SEL), (uint16_t)idx);
    if (pio_in32(io(dev, VPCI_L_Q_PFN)))
        return 0;
    return pio_in16(io(dev, VPCI_L_Q_SIZE));
}

static int l_queue_enable(struct virtio_dev *dev, struct virtio_vq *vq)
{
    uint64_t pa = (uint64_t)(uintptr_t)vq->desc;
    if (pa % LEGACY_PAGE || (pa / LEGACY_PAGE) >> 32)
        return -EIO;
    struct virtio_pci *v = vp(dev);
    pio_out16(io(dev, VPCI_L_Q_SEL), vq->index);
    if (pio_in16(io(dev, VPCI_L_Q_SIZE)) != vq->size)
        return -EIO;
    if (v->msix) {
        uint16_t entry = queue_entry(v, vq->index);
        pio_out16(io(dev, VPCI_L_MSIX_Q), entry);
        if (pio_in16(io(dev, VPCI_L_MSIX_Q)) != entry)
            return -EIO;
    }
    pio_out32(io(dev, VPCI_L_Q_PFN), (uint32_t)(pa / LEGACY_PAGE));
    return pio_in32(io(dev, VPCI_L_Q_PFN)) == pa / LEGACY_PAGE ? 0 : -EIO;
}

static void l_notify(struct virtio_dev *dev, unsigned idx)
{
    pio_out16(io(dev, VPCI_L_Q_NOTIFY), (uint16_t)idx);
}

static uint32_t l_irq_ack(struct virtio_dev *dev)
{
    return irq_cause(vp(dev), pio_in8(io(dev, VPCI_L_ISR)));
}

static const struct virtio_ops legacy_ops = {
    l_features_get, l_features_set, l_status_get,   l_status_set, vreset,
    l_config_read,  l_queue_max,    l_queue_enable, l_notify,     l_irq_ack,
};

/* --- identification --- */

/* The window a vendor capability at (off) describes: its BAR must be a
 * memory BAR holding [offset, offset + length). */
static int cap_window(const struct pci_dev *p, unsigned off, uintptr_t *at,
                      uint32_t *len, struct diag *d)
{
    unsigned bar = pci_read8(p, off + 4);
    uint32_t o = pci_read32(p, off + 8), l = pci_read32(p, off + 12);
    const struct pci_bar *b = bar < PCI_BARS ? &p->bar[bar] : 0;
    if (!b || b->kind < PCI_BAR_MEM32 || !b->addr || o > b->size ||
        l > b->size - o) {
        diag_set(d, "capability at 0x%x: BAR %u window 0x%x+0x%x unusable", off,
                 bar, o, l);
        return -EINVAL;
    }
    *at = (uintptr_t)(b->addr + o);
    *len = l;
    return 0;
}

static int find_modern(struct virtio_pci *v, const struct pci_dev *p,
                       struct diag *d)
{
    int found = 0;
    for (unsigned off = pci_cap_find(p, PCI_CAP_VENDOR, 0); off;
         off = pci_cap_find(p, PCI_CAP_VENDOR, off)) {
        unsigned type = pci_read8(p, off + 3);
        uintptr_t at;
        uint32_t len;
        if (type < VPCI_CAP_COMMON || type > VPCI_CAP_DEVICE ||
            (found >> type & 1))
            continue; /* the first of each type is the preferred one */
        if (cap_window(p, off, &at, &len, d))
            return -EINVAL;
        found |= 1 << type;
        if (type == VPCI_CAP_COMMON)
            v->common = at;
        else if (type == VPCI_CAP_NOTIFY) {
            v->notify = at;
            v->notify_mul = pci_read32(p, off + 16);
        } else if (type == VPCI_CAP_ISR)
            v->isr = at;
        else {
            v->device = at;
            v->device_len = len;
        }
    }
    if (found == 0)
        return -ENOENT;
    if (found != 0x1e || v->notify_mul > 0x10000) {
        diag_set(d,
                 "virtio capabilities incomplete (types 0x%x, notify "
                 "multiplier %u)",
                 found, v->notify_mul);
        return -EINVAL;
    }
    return 0;
}

int virtio_pci_init(struct virtio_pci *v, const struct pci_dev *p,
                    struct diag *d)
{
    if (p->vendor != VENDOR || p->device < 0x1000 || p->device > 0x107f)
        return -ENODEV;
    *v = (struct virtio_pci){.pci = p, .config_entry = VPCI_NO_VECTOR};
    v->dev = (struct virtio_dev){.transport = "virtio-pci", .vendor = VENDOR};
    ksnprintf(v->dev.where, sizeof(v->dev.where), "%04x:%02x:%02x.%x", p->seg,
              p->bus, p->dev, p->fn);
    int rc = find_modern(v, p, d);
    if (rc == -EINVAL)
        return rc;
    if (p->device >= 0x1040)
        v->dev.device_id = p->device - 0x1040u;
    else
        v->dev.device_id = p->subdevice; /* transitional: §4.1.2.1 */
    if (rc == 0) {
        v->dev.ops = &modern_ops;
        v->dev.version = 2;
        v->dev.base = v->common;
        return 0;
    }
    if (p->device >= 0x1040) {
        diag_set(d, "modern device without virtio capabilities");
        return -EINVAL;
    }
    if (p->bar[0].kind != PCI_BAR_IO || !p->bar[0].addr ||
        p->bar[0].size < VPCI_L_CONFIG) {
        diag_set(d, "legacy device without a usable I/O BAR0");
        return -EINVAL;
    }
    v->iobase = (uint16_t)p->bar[0].addr;
    v->dev.ops = &legacy_ops;
    v->dev.version = 1;
    v->dev.fixed_qsize = 1;
    v->dev.base = v->iobase;
    return 0;
}

unsigned virtio_pci_queues(const struct virtio_pci *v)
{
    if (v->dev.version == 2)
        return mmio_read16(v->common, VPCI_NUMQ);
    unsigned n = 0;
    while (n < VIRTIO_DEV_QUEUES) {
        pio_out16((uint16_t)(v->iobase + VPCI_L_Q_SEL), (uint16_t)n);
        if (!pio_in16((uint16_t)(v->iobase + VPCI_L_Q_SIZE)))
            break;
        n++;
    }
    return n;
}
