/* SPDX-License-Identifier: MIT */
/* Host tests of the virtio-pci identification (drivers/virtio/pci.c)
 * against the simulated configuration space of fakes/pci_fake.c: modern
 * capabilities found and bounded by their BAR, transitional ids, the
 * legacy I/O BAR fallback, and capabilities that lie. The MSI-X
 * configuration vector against a small model of the common configuration
 * and ISR registers in BAR 4. */
#include "drivers/pci/pci.h"
#include "drivers/virtio/pci.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/fakes/io_fake.h"
#include "tests/unit/fakes/log_capture.h"
#include "tests/unit/fakes/pci_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define BAR4 0x800000000ull

static struct pci_dev devs[8];
static const struct pci_cfg ecam = {&pci_cfg_ecam, PFAKE_ECAM, 0, 0, 255};

/* A vendor capability at (off): (type) in BAR (bar) at (o)+(len). */
static void vcap(int i, unsigned off, unsigned next, uint8_t type, uint8_t bar,
                 uint32_t o, uint32_t len)
{
    pfake_cap(i, off, PCI_CAP_VENDOR, next);
    pfake[i].cfg[off + 2] = type == VPCI_CAP_NOTIFY ? 20 : 16;
    pfake[i].cfg[off + 3] = type;
    pfake[i].cfg[off + 4] = bar;
    memcpy(pfake[i].cfg + off + 8, &o, 4);
    memcpy(pfake[i].cfg + off + 12, &len, 4);
    if (type == VPCI_CAP_NOTIFY) {
        uint32_t mul = 4;
        memcpy(pfake[i].cfg + off + 16, &mul, 4);
    }
}

/* QEMU's layout: MSI-X, then common, ISR, device, notify in BAR 4. */
static int modern(uint16_t id)
{
    pfake_reset();
    int i = pfake_add(-1, 1, 0, 0x1af4, id, 0x010000, 0);
    pfake_bar(i, 4, 0x4000, PFAKE_MEM64 | PFAKE_PREF, BAR4);
    pfake_cap(i, 0x98, PCI_CAP_MSIX, 0x84);
    vcap(i, 0x84, 0x70, VPCI_CAP_COMMON, 4, 0, 0x1000);
    vcap(i, 0x70, 0x60, VPCI_CAP_ISR, 4, 0x1000, 0x1000);
    vcap(i, 0x60, 0x40, VPCI_CAP_DEVICE, 4, 0x2000, 0x1000);
    vcap(i, 0x40, 0, VPCI_CAP_NOTIFY, 4, 0x3000, 0x1000);
    return i;
}

static int scan(void)
{
    struct pci_enum e = {.devs = devs, .max = 8};
    pci_enumerate(&ecam, &e, NULL);
    return (int)e.n;
}

static void test_modern(void **state)
{
    (void)state;
    struct virtio_pci v;
    struct diag d = {""};
    modern(0x1042);
    assert_int_equal(scan(), 1);
    assert_int_equal(virtio_pci_init(&v, &devs[0], &d), 0);
    assert_int_equal(v.dev.version, 2);
    assert_int_equal(v.dev.device_id, 2);
    assert_int_equal(v.common, BAR4);
    assert_int_equal(v.isr, BAR4 + 0x1000);
    assert_int_equal(v.device, BAR4 + 0x2000);
    assert_int_equal(v.device_len, 0x1000);
    assert_int_equal(v.notify, BAR4 + 0x3000);
    assert_int_equal(v.notify_mul, 4);
    assert_string_equal(v.dev.where, "0000:00:01.0");
    assert_string_equal(v.dev.transport, "virtio-pci");

    /* transitional: the type is the subsystem id */
    int i = modern(0x1001);
    pfake[i].cfg[0x2e] = 2;
    scan();
    assert_int_equal(virtio_pci_init(&v, &devs[0], &d), 0);
    assert_int_equal(v.dev.device_id, 2);
    assert_int_equal(v.dev.version, 2);
}

static void test_bad_caps(void **state)
{
    (void)state;
    struct virtio_pci v;
    struct diag d = {""};
    int i = modern(0x1041);
    vcap(i, 0x60, 0x40, VPCI_CAP_DEVICE, 4, 0x3800, 0x1000); /* past BAR */
    scan();
    assert_int_equal(virtio_pci_init(&v, &devs[0], &d), -EINVAL);
    assert_non_null(strstr(d.msg, "capability at 0x60: BAR 4 window"));

    i = modern(0x1041);
    vcap(i, 0x60, 0x40, VPCI_CAP_DEVICE, 9, 0, 0x10); /* no such BAR */
    scan();
    assert_int_equal(virtio_pci_init(&v, &devs[0], &d), -EINVAL);

    i = modern(0x1041);
    pfake[i].cfg[0x85] = 0x60; /* the list skips the ISR capability */
    scan();
    assert_int_equal(virtio_pci_init(&v, &devs[0], &d), -EINVAL);
    assert_non_null(strstr(d.msg, "incomplete (types 0x16"));

    /* a modern id without capabilities has nothing to fall back to */
    pfake_reset();
    pfake_add(-1, 1, 0, 0x1af4, 0x1044, 0x00ff00, 0);
    scan();
    assert_int_equal(virtio_pci_init(&v, &devs[0], &d), -EINVAL);
    assert_non_null(strstr(d.msg, "modern device without virtio cap"));
}

static void test_legacy(void **state)
{
    (void)state;
    struct virtio_pci v;
    struct diag d = {""};
    pfake_reset();
    int i = pfake_add(-1, 3, 0, 0x1af4, 0x1005, 0x00ff00, 0);
    pfake[i].cfg[0x2e] = 4;
    pfake_bar(i, 0, 0x20, PFAKE_IO, 0xc040);
    scan();
    assert_int_equal(virtio_pci_init(&v, &devs[0], &d), 0);
    assert_int_equal(v.dev.version, 1);
    assert_int_equal(v.dev.device_id, 4);
    assert_int_equal(v.iobase, 0xc040);
    assert_int_equal(v.dev.fixed_qsize, 1);

    pfake_bar(i, 0, 0x20, PFAKE_IO, 0); /* unassigned */
    scan();
    assert_int_equal(virtio_pci_init(&v, &devs[0], &d), -EINVAL);
    assert_non_null(strstr(d.msg, "legacy device without a usable I/O BAR0"));

    pfake_reset();
    pfake_add(-1, 3, 0, 0x15ad, 0x07b0, 0x020000, 0);
    pfake_add(-1, 4, 0, 0x1af4, 0x1100, 0x020000, 0); /* not virtio */
    assert_int_equal(scan(), 2);
    assert_int_equal(virtio_pci_init(&v, &devs[0], &d), -ENODEV);
    assert_int_equal(virtio_pci_init(&v, &devs[1], &d), -ENODEV);
}

/* The device side of the common configuration (msix_config, num_queues,
 * device_status) and ISR (read to clear); msix_config takes entries below
 * (nvectors) and reads NO_VECTOR otherwise, like QEMU, or (lie) when set.
 * Everything else goes to the configuration space. */
static struct dev_model {
    uint16_t msix_config, lie;
    unsigned nvectors, msix_writes;
    uint8_t status, isr;
} dm;
static uint32_t (*cfg_read)(uintptr_t);
static void (*cfg_write)(uintptr_t, uint32_t);

static uint32_t dm_read(uintptr_t a)
{
    if (a == BAR4 + VPCI_MSIX_CFG)
        return (dm.lie ? dm.lie : dm.msix_config) | 1u << 16;
    if (a == BAR4 + VPCI_STATUS)
        return dm.status;
    if (a == BAR4 + 0x1000) {
        uint32_t v = dm.isr;
        dm.isr = 0;
        return v;
    }
    return a >= BAR4 && a < BAR4 + 0x4000 ? 0 : cfg_read(a);
}

static void dm_write(uintptr_t a, int size, uint32_t v)
{
    if (a == BAR4 + VPCI_MSIX_CFG && size == 2) {
        dm.msix_writes++;
        dm.msix_config = v < dm.nvectors ? (uint16_t)v : VPCI_NO_VECTOR;
    } else if (a == BAR4 + VPCI_STATUS && size == 1) {
        dm.status = (uint8_t)v;
        if (!v)
            dm.msix_config = VPCI_NO_VECTOR; /* reset clears the vectors */
    } else if (size == 4)
        cfg_write(a, v);
}

static void dm_write32(uintptr_t a, uint32_t v)
{
    dm_write(a, 4, v);
}

/* A modern device with MSI-X on (queues from CPU vector 40) whose table
 * has (nvectors) entries; Skiff asks for entry (entry) for
 * configuration changes. */
static void dm_setup(struct virtio_pci *v, unsigned nvectors, uint16_t entry)
{
    struct diag d = {""};
    modern(0x1041);
    scan();
    assert_int_equal(virtio_pci_init(v, &devs[0], &d), 0);
    assert_int_equal(v->config_entry, VPCI_NO_VECTOR);
    cfg_read = io_fake.mmio_read;
    cfg_write = io_fake.mmio_write;
    io_fake.mmio_read = dm_read;
    io_fake.mmio_write = dm_write32;
    io_fake.mmio_write_narrow = dm_write;
    dm = (struct dev_model){.msix_config = 0x1234, .nvectors = nvectors};
    v->msix = 40;
    v->nvec = 1;
    v->config_entry = entry;
    log_capture_start();
}

static void test_config_vector(void **state)
{
    (void)state;
    struct virtio_pci v;
    /* Taken: programmed after the reset, which cleared it; the queue
     * vector's ISR read then reports used buffers only. */
    dm_setup(&v, 3, 1);
    assert_int_equal(v.dev.ops->reset(&v.dev), 0);
    assert_int_equal(dm.msix_config, 1);
    assert_int_equal(v.config_entry, 1);
    dm.isr = 3;
    assert_int_equal(v.dev.ops->irq_ack(&v.dev), VIRTIO_ISR_QUEUE);
    /* and again after the next reset */
    assert_int_equal(v.dev.ops->reset(&v.dev), 0);
    assert_int_equal(dm.msix_config, 1);
    assert_int_equal(dm.msix_writes, 2);

    /* Refused (no such table entry): logged once, not asked for again,
     * configuration changes then come from the ISR. */
    dm_setup(&v, 1, 1);
    assert_int_equal(v.dev.ops->reset(&v.dev), 0);
    assert_int_equal(v.config_entry, VPCI_NO_VECTOR);
    assert_int_equal(v.dev.ops->reset(&v.dev), 0);
    assert_int_equal(dm.msix_writes, 1);
    assert_int_equal(log_capture_count(" refused, "), 1);
    assert_non_null(strstr(log_capture_text(),
                           "virtio-pci: 0000:00:01.0: configuration "
                           "vector (MSI-X entry 1) refused, read "
                           "back 0xffff; configuration changes seen "
                           "through ISR"));
    dm.isr = 3;
    assert_int_equal(v.dev.ops->irq_ack(&v.dev),
                     VIRTIO_ISR_QUEUE | VIRTIO_ISR_CONFIG);
    dm.isr = 1;
    assert_int_equal(v.dev.ops->irq_ack(&v.dev), VIRTIO_ISR_QUEUE);

    /* A device that reads back some other entry is not trusted with it:
     * NO_VECTOR is written back. */
    dm_setup(&v, 3, 1);
    dm.lie = 2;
    assert_int_equal(v.dev.ops->reset(&v.dev), 0);
    assert_int_equal(v.config_entry, VPCI_NO_VECTOR);
    assert_int_equal(dm.msix_config, VPCI_NO_VECTOR);
    assert_non_null(strstr(log_capture_text(), "read back 0x2;"));

    /* Without MSI-X the register is left alone and ISR is the cause. */
    dm_setup(&v, 3, 1);
    v.msix = 0;
    v.config_entry = VPCI_NO_VECTOR;
    assert_int_equal(v.dev.ops->reset(&v.dev), 0);
    assert_int_equal(dm.msix_writes, 0);
    dm.isr = 2;
    assert_int_equal(v.dev.ops->irq_ack(&v.dev), VIRTIO_ISR_CONFIG);
}

/* The device side of a legacy device's I/O BAR0 at 0xc040: queue
 * select, size and page frame, status, ISR (read to clear), the two
 * vector registers and the configuration (config[]) at 0x14, or 0x18 once
 * (msix_on). Vectors below (nvectors) are taken, others read NO_VECTOR.
 * Other ports go to the configuration space. */
#define LIO 0xc040
static struct legacy_model {
    int msix_on;
    unsigned nvectors, qsel;
    uint16_t qsize[4], qvec[4], cfg_vec;
    uint32_t pfn[4];
    uint8_t status, isr, config[8];
} lm;
static uint32_t (*port_read)(uint16_t, int);
static void (*port_write)(uint16_t, int, uint32_t);

static uint32_t lm_read(uint16_t port, int size)
{
    unsigned off = port - LIO, cfg = lm.msix_on ? 0x18 : 0x14;
    if (port < LIO || off >= 0x20)
        return port_read(port, size);
    if (off >= cfg)
        return lm.config[(off - cfg) & 7];
    switch (off) {
    case VPCI_L_Q_SIZE: return lm.qsize[lm.qsel & 3];
    case VPCI_L_Q_PFN: return lm.pfn[lm.qsel & 3];
    case VPCI_L_STATUS: return lm.status;
    case VPCI_L_ISR: {
        uint32_t v = lm.isr;
        lm.isr = 0;
        return v;
    }
    case VPCI_L_MSIX_CFG: return lm.cfg_vec;
    case VPCI_L_MSIX_Q: return lm.qvec[lm.qsel & 3];
    }
    return 0;
}

static uint16_t lm_vector(uint32_t v)
{
    return v < lm.nvectors ? (uint16_t)v : VPCI_NO_VECTOR;
}

static void lm_write(uint16_t port, int size, uint32_t v)
{
    unsigned off = port - LIO;
    if (port < LIO || off >= 0x20) {
        port_write(port, size, v);
        return;
    }
    switch (off) {
    case VPCI_L_Q_SEL: lm.qsel = v; break;
    case VPCI_L_Q_PFN: lm.pfn[lm.qsel & 3] = v; break;
    case VPCI_L_STATUS:
        lm.status = (uint8_t)v;
        if (!v)
            lm.cfg_vec = lm.qvec[0] = lm.qvec[1] = VPCI_NO_VECTOR;
        break;
    case VPCI_L_MSIX_CFG:
        if (lm.msix_on)
            lm.cfg_vec = lm_vector(v);
        break;
    case VPCI_L_MSIX_Q:
        if (lm.msix_on)
            lm.qvec[lm.qsel & 3] = lm_vector(v);
        break;
    }
}

/* A legacy device with two queues of 128 and MSI-X on (two queue
 * entries from CPU vector 40), whose table has (nvectors) entries. */
static void lm_setup(struct virtio_pci *v, unsigned nvectors)
{
    struct diag d = {""};
    pfake_reset();
    int i = pfake_add(-1, 3, 0, 0x1af4, 0x1000, 0x020000, 0);
    pfake[i].cfg[0x2e] = 1;
    pfake_bar(i, 0, 0x20, PFAKE_IO, LIO);
    scan();
    assert_int_equal(virtio_pci_init(v, &devs[0], &d), 0);
    port_read = io_fake.pio_read;
    port_write = io_fake.pio_write;
    io_fake.pio_read = lm_read;
    io_fake.pio_write = lm_write;
    lm = (struct legacy_model){.msix_on = 1,
                               .nvectors = nvectors,
                               .qsize = {128, 128},
                               .config = {1, 2, 3, 4, 5, 6, 7, 8}};
    v->msix = 40;
    v->nvec = 2;
    v->config_entry = 2;
    log_capture_start();
}

/* Legacy devices with MSI-X: the vector registers at 0x14 and 0x16, the
 * configuration moved to 0x18, the queue count by probing. */
static void test_legacy_msix(void **state)
{
    (void)state;
    struct virtio_pci v;
    lm_setup(&v, 3);
    assert_int_equal(virtio_pci_queues(&v), 2);
    assert_int_equal(v.dev.ops->reset(&v.dev), 0);
    assert_int_equal(lm.cfg_vec, 2);
    assert_int_equal(v.config_entry, 2);
    uint8_t b[4];
    assert_int_equal(v.dev.ops->config_read(&v.dev, 1, b, 3), 0);
    assert_int_equal(b[0], 2);
    struct virtio_vq q = {.size = 128, .index = 1};
    q.desc = (struct vring_desc *)(uintptr_t)0x123000;
    assert_int_equal(v.dev.ops->queue_enable(&v.dev, &q), 0);
    assert_int_equal(lm.qvec[1], 1);
    assert_int_equal(lm.pfn[1], 0x123);
    lm.isr = 3;
    assert_int_equal(v.dev.ops->irq_ack(&v.dev), VIRTIO_ISR_QUEUE);

    /* a table too small: the configuration vector is refused (logged),
     * a queue's makes the queue fail */
    lm_setup(&v, 1);
    assert_int_equal(v.dev.ops->reset(&v.dev), 0);
    assert_int_equal(v.config_entry, VPCI_NO_VECTOR);
    assert_int_equal(log_capture_count("0000:00:03.0: configuration vector "
                                       "(MSI-X entry 2) refused"),
                     1);
    assert_int_equal(v.dev.ops->queue_enable(&v.dev, &q), -EIO);
    lm.isr = 3;
    assert_int_equal(v.dev.ops->irq_ack(&v.dev),
                     VIRTIO_ISR_QUEUE | VIRTIO_ISR_CONFIG);

    /* MSI-X off: configuration at 0x14, no vectors written */
    lm_setup(&v, 3);
    lm.msix_on = 0;
    v.msix = 0;
    v.config_entry = VPCI_NO_VECTOR;
    assert_int_equal(v.dev.ops->reset(&v.dev), 0);
    assert_int_equal(v.dev.ops->config_read(&v.dev, 1, b, 3), 0);
    assert_int_equal(b[0], 2);
    assert_int_equal(v.dev.ops->queue_enable(&v.dev, &q), 0);
    assert_int_equal(lm.qvec[1], VPCI_NO_VECTOR);
    lm.isr = 2;
    assert_int_equal(v.dev.ops->irq_ack(&v.dev), VIRTIO_ISR_CONFIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modern),
        cmocka_unit_test(test_bad_caps),
        cmocka_unit_test(test_legacy),
        cmocka_unit_test(test_config_vector),
        cmocka_unit_test(test_legacy_msix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
