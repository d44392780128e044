/* SPDX-License-Identifier: MIT */
/* Host tests of the virtio-mmio transport, the core's bring-up sequence and
 * the drivers, against the simulated device of fakes/virtio_dev_fake.c:
 * both register versions, every driver's data path, and devices that
 * misbehave. */
#define _GNU_SOURCE /* memmem */
#include "boot/bootinfo.h"
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/mmio.h"
#include "kernel/entropy.h"
#include "kernel/log.h"
#include "skiff/errno.h"
#include "tests/unit/fakes/io_fake.h"
#include "tests/unit/fakes/log_capture.h"
#include "tests/unit/fakes/virtio_dev_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define F(b) (1ull << (b))
#define MODERN                                                                 \
    (F(VIRTIO_F_VERSION_1) | F(VIRTIO_F_EVENT_IDX) | F(VIRTIO_F_INDIRECT_DESC))

static struct virtio_mmio m;

static int bring_up(uint32_t type, uint32_t version, uint64_t features)
{
    struct diag d = {""};
    io_fake_reset();
    vfake_init(type, version, features);
    if (type == VIRTIO_ID_BLOCK) {
        uint64_t cap = VFAKE_DISK / 512;
        memcpy(vfake.config, &cap, 8);
    }
    assert_int_equal(virtio_mmio_init(&m, VFAKE_BASE, 512, 0, &d), 0);
    return virtio_dev_attach(&m.dev);
}

static void test_identify(void **state)
{
    (void)state;
    struct diag d = {""};
    io_fake_reset();
    vfake_init(VIRTIO_ID_BLOCK, 2, 0);
    vfake.magic = 0x12345678;
    assert_int_equal(virtio_mmio_init(&m, VFAKE_BASE, 512, 5, &d), -EINVAL);
    assert_non_null(strstr(d.msg, "magic 0x12345678"));
    vfake.magic = VMMIO_MAGIC_VALUE;
    vfake.version = 3;
    assert_int_equal(virtio_mmio_init(&m, VFAKE_BASE, 512, 5, &d), -EINVAL);
    assert_non_null(strstr(d.msg, "unknown version 3"));
    vfake.version = 2;
    vfake.device_id = 0; /* an empty microvm slot */
    assert_int_equal(virtio_mmio_init(&m, VFAKE_BASE, 512, 5, &d), -ENODEV);
    io_fake.mmio_read = NULL; /* nothing there: reads all ones */
    assert_int_equal(virtio_mmio_init(&m, VFAKE_BASE, 512, 5, &d), -EINVAL);
}

static void blk_roundtrip(uint32_t version, uint64_t features)
{
    assert_int_equal(bring_up(VIRTIO_ID_BLOCK, version, features), 0);
    assert_int_equal(vfake.status,
                     VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                         VIRTIO_STATUS_DRIVER_OK |
                         (version == 2 ? VIRTIO_STATUS_FEATURES_OK : 0));
    struct virtio_blk_info bi;
    virtio_blk_info(&m.dev, &bi);
    assert_int_equal(bi.sectors, VFAKE_DISK / 512);
    static uint8_t w[8192], r[8192];
    for (unsigned i = 0; i < sizeof(w); i++)
        w[i] = (uint8_t)(i * 7 + version);
    assert_int_equal(virtio_blk_rw(&m.dev, 1, 4, w, sizeof(w)), 0);
    assert_memory_equal(vfake.disk + 4 * 512, w, sizeof(w));
    assert_int_equal(virtio_blk_rw(&m.dev, 0, 4, r, sizeof(r)), 0);
    assert_memory_equal(r, w, sizeof(w));
    /* Past the end, and lengths that are not whole sectors. */
    assert_int_equal(virtio_blk_rw(&m.dev, 0, VFAKE_DISK / 512 - 1, r, 1024),
                     -EINVAL);
    assert_int_equal(virtio_blk_rw(&m.dev, 0, 0, r, 100), -EINVAL);
}

static void test_blk_modern(void **state)
{
    (void)state;
    blk_roundtrip(2, MODERN | F(VIRTIO_BLK_F_FLUSH));
    assert_true(virtio_dev_has(&m.dev, VIRTIO_F_VERSION_1));
    assert_true(virtio_dev_has(&m.dev, VIRTIO_F_INDIRECT_DESC));
    assert_int_equal(vfake.q[0].ready, 1);
    assert_int_equal(virtio_blk_flush(&m.dev), 0);
    assert_int_equal(vfake.flushes, 1);
}

static void test_blk_legacy(void **state)
{
    (void)state;
    blk_roundtrip(1, F(VIRTIO_F_EVENT_IDX));
    assert_int_equal(vfake.page_size, 4096);
    assert_int_equal(vfake.q[0].align, 4096);
    assert_int_not_equal(vfake.q[0].pfn, 0);
    /* A legacy device never sees bits above 31. */
    assert_int_equal(vfake.drv_features >> 32, 0);
}

static void test_blk_batch_in_flight(void **state)
{
    (void)state;
    assert_int_equal(bring_up(VIRTIO_ID_BLOCK, 2, MODERN), 0);
    static uint8_t buf[32][512];
    struct virtio_blk_io io[32];
    for (unsigned i = 0; i < 32; i++) {
        vfake.disk[(i * 2) * 512] = (uint8_t)(i + 1);
        io[i] = (struct virtio_blk_io){0, i * 2, buf[i], 512, 0};
    }
    vfake.max_in_flight = 0;
    assert_int_equal(virtio_blk_batch(&m.dev, io, 32), 0);
    for (unsigned i = 0; i < 32; i++)
        assert_int_equal(buf[i][0], i + 1);
    assert_int_equal(vfake.max_in_flight, 32); /* all sent with one kick */
    assert_int_equal(vfake.notifies, 1);
}

static void test_blk_read_only(void **state)
{
    (void)state;
    assert_int_equal(bring_up(VIRTIO_ID_BLOCK, 2, MODERN | F(VIRTIO_BLK_F_RO)),
                     0);
    static uint8_t b[512];
    unsigned before = vfake.requests;
    assert_int_equal(virtio_blk_rw(&m.dev, 1, 0, b, 512), -EPERM);
    assert_int_equal(vfake.requests, before); /* nothing was sent */
    assert_int_equal(virtio_blk_rw(&m.dev, 0, 0, b, 512), 0);
}

static void test_reset_never_ends(void **state)
{
    (void)state;
    io_fake_reset();
    vfake_init(VIRTIO_ID_BLOCK, 2, MODERN);
    vfake.stuck_reset = 1;
    struct diag d = {""};
    assert_int_equal(virtio_mmio_init(&m, VFAKE_BASE, 512, 0, &d), 0);
    assert_int_equal(virtio_dev_attach(&m.dev), -ETIMEDOUT);
    assert_true(m.dev.failed);
    assert_non_null(strstr(m.dev.why.msg, "reset"));
}

static void test_features_refused(void **state)
{
    (void)state;
    io_fake_reset();
    vfake_init(VIRTIO_ID_BLOCK, 2, MODERN);
    vfake.refuse_features = 1;
    struct diag d = {""};
    assert_int_equal(virtio_mmio_init(&m, VFAKE_BASE, 512, 0, &d), 0);
    assert_int_equal(virtio_dev_attach(&m.dev), -EIO);
    assert_non_null(strstr(m.dev.why.msg, "refused"));
    assert_true(vfake.status & VIRTIO_STATUS_FAILED);
    /* Modern devices must offer VERSION_1. */
    assert_int_equal(bring_up(VIRTIO_ID_BLOCK, 2, 0), -EIO);
    assert_non_null(strstr(m.dev.why.msg, "VERSION_1"));
}

static void queue_size(uint32_t num_max, const char *expect)
{
    io_fake_reset();
    vfake_init(VIRTIO_ID_BLOCK, 2, MODERN);
    struct diag d = {""};
    assert_int_equal(virtio_mmio_init(&m, VFAKE_BASE, 512, 0, &d), 0);
    /* The fake restores 256 on reset; change it after the core's reset by
     * failing the first attach step instead: set it now and keep it. */
    vfake.stuck_reset = 0;
    assert_int_equal(m.dev.ops->reset(&m.dev), 0);
    vfake.q[0].num_max = num_max;
    m.dev.driver = virtio_driver_find(VIRTIO_ID_BLOCK);
    assert_int_not_equal(virtio_dev_queue(&m.dev, 0, 128), 0);
    assert_non_null(strstr(m.dev.why.msg, expect));
}

static void test_bad_queue_sizes(void **state)
{
    (void)state;
    queue_size(0, "does not exist");
    queue_size(96, "not a power of two");
}

static void hostile(enum vfake_hostile h, const char *expect)
{
    assert_int_equal(bring_up(VIRTIO_ID_BLOCK, 2, MODERN), 0);
    vfake.hostile = h;
    static uint8_t b[512];
    assert_int_not_equal(virtio_blk_rw(&m.dev, 0, 0, b, 512), 0);
    assert_true(m.dev.failed);
    assert_true(vfake.status & VIRTIO_STATUS_FAILED);
    if (!strstr(m.dev.why.msg, expect))
        fail_msg("why '%s', expected '%s'", m.dev.why.msg, expect);
    /* Later calls fail at once. */
    assert_int_equal(virtio_blk_rw(&m.dev, 0, 0, b, 512), -EIO);
}

static void test_hostile_devices(void **state)
{
    (void)state;
    hostile(VFAKE_USED_JUMP, "used index moved by 5");
    hostile(VFAKE_USED_RANGE, "out of range");
    hostile(VFAKE_USED_LONG, "writable bytes");
    hostile(VFAKE_SILENT, "not done");
}

static void test_rng(void **state)
{
    (void)state;
    uint64_t before = entropy_credited();
    assert_int_equal(bring_up(VIRTIO_ID_RNG, 2, MODERN), 0);
    uint8_t b[40];
    assert_int_equal(virtio_rng_read(&m.dev, b, sizeof(b)), 40);
    assert_int_equal(b[0], 0xa5);
    assert_int_equal(b[39], (uint8_t)(0xa5 + 39));
    /* The seeding request was answered at once; the read collected it. */
    assert_int_equal(entropy_credited() - before, 64);
    assert_string_equal(entropy_source(), "virtio-rng");
}

static void test_net(void **state)
{
    (void)state;
    assert_int_equal(
        bring_up(VIRTIO_ID_NET, 2,
                 MODERN | F(VIRTIO_NET_F_MAC) | F(VIRTIO_NET_F_STATUS)),
        0);
    uint8_t frame[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1};
    assert_int_equal(virtio_net_send(&m.dev, frame, sizeof(frame)), 0);
    assert_int_equal(vfake.out_len, 12 + sizeof(frame)); /* modern header */
    assert_memory_equal(vfake.out + 12, frame, sizeof(frame));
    assert_int_equal(virtio_net_send(&m.dev, frame, 2000), -EMSGSIZE);
    uint8_t rx[64];
    assert_int_equal(virtio_net_recv(&m.dev, rx, sizeof(rx), 1000), 0);
    frame[0] = 0x42;
    assert_int_equal(vfake_deliver(0, frame, sizeof(frame)), 0);
    assert_int_equal(virtio_net_recv(&m.dev, rx, sizeof(rx), 1000), 60);
    assert_int_equal(rx[0], 0x42);
    /* Link status from config (le16 at 6): down. */
    assert_int_equal(virtio_net_link_up(&m.dev), 0);
    vfake.config[6] = VIRTIO_NET_S_LINK_UP;
    assert_int_equal(virtio_net_link_up(&m.dev), 1);
}

/* A configuration change (interrupt cause bit 1) reaches the driver's
 * hook (net reports the link), or is logged once for a driver without
 * one; a queue-only cause or a failed device does not count. */
static void test_config_change(void **state)
{
    (void)state;
    assert_int_equal(
        bring_up(VIRTIO_ID_NET, 2,
                 MODERN | F(VIRTIO_NET_F_MAC) | F(VIRTIO_NET_F_STATUS)),
        0);
    log_capture_start();
    vfake.isr = VIRTIO_ISR_CONFIG;
    virtio_dev_interrupt(&m.dev);
    vfake.config[6] = VIRTIO_NET_S_LINK_UP;
    vfake.isr = VIRTIO_ISR_CONFIG | VIRTIO_ISR_QUEUE;
    virtio_dev_interrupt(&m.dev);
    vfake.isr = VIRTIO_ISR_QUEUE;
    virtio_dev_interrupt(&m.dev);
    assert_int_equal(m.dev.config_changes, 2);
    assert_non_null(strstr(log_capture_text(), "link down\n"));
    assert_non_null(strstr(log_capture_text(), "link up\n"));
    assert_null(strstr(log_capture_text(), "config change"));

    assert_int_equal(bring_up(VIRTIO_ID_RNG, 2, MODERN), 0);
    log_capture_start();
    for (int i = 0; i < 3; i++) {
        vfake.isr = VIRTIO_ISR_CONFIG;
        virtio_dev_interrupt(&m.dev);
    }
    assert_int_equal(m.dev.config_changes, 3);
    assert_int_equal(
        log_capture_count("virtio-mmio: 0xfeb00e00: config change\n"), 1);
    virtio_dev_fail(&m.dev, "test");
    vfake.isr = VIRTIO_ISR_CONFIG;
    virtio_dev_interrupt(&m.dev);
    assert_int_equal(m.dev.config_changes, 3);
}

static void test_window_check(void **state)
{
    (void)state;
    static struct bootinfo bi;
    bi.nmem = 1;
    bi.mem[0] = (struct bootinfo_mem){0x100000, 0x7f00000, BOOTINFO_MEM_RAM};
    struct virtio_mmio_cmdline_dev w = {0xfeb00e00, 512, 12, -1};
    struct virtio_mmio_cmdline_dev prev[1] = {{0xfeb00c00, 0x400, 11, -1}};
    struct diag d = {""};
    uint64_t top = 0x100000000ull;
    assert_int_equal(virtio_mmio_window_check(&w, &bi, top, NULL, 0, &d), 0);
    assert_int_equal(virtio_mmio_window_check(&w, &bi, top, prev, 1, &d),
                     -EINVAL);
    assert_non_null(strstr(d.msg, "overlaps the device at 0xfeb00c00"));
    w.size = 0x80;
    assert_int_equal(virtio_mmio_window_check(&w, &bi, top, NULL, 0, &d),
                     -EINVAL);
    assert_non_null(strstr(d.msg, "smaller than the 256-byte"));
    w = (struct virtio_mmio_cmdline_dev){0x200000, 4096, 5, -1};
    assert_int_equal(virtio_mmio_window_check(&w, &bi, top, NULL, 0, &d),
                     -EINVAL);
    assert_non_null(strstr(d.msg, "it is memory"));
    w.base = 0x4000000000ull;
    assert_int_equal(virtio_mmio_window_check(&w, &bi, top, NULL, 0, &d),
                     -EINVAL);
    assert_non_null(strstr(d.msg, "not mapped as MMIO"));
}

static void test_console(void **state)
{
    (void)state;
    assert_int_equal(bring_up(VIRTIO_ID_CONSOLE, 2, MODERN), 0);
    /* start() made it a log sink. */
    log_raw("hello from the console test\n");
    log_flush(); /* no clock in this test: the log buffers until now */
    assert_non_null(memmem(vfake.out, vfake.out_len, "hello from the", 14));
    assert_int_equal(vfake.out[vfake.out_len - 1], '\n');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identify),
        cmocka_unit_test(test_config_change),
        cmocka_unit_test(test_blk_modern),
        cmocka_unit_test(test_blk_legacy),
        cmocka_unit_test(test_blk_batch_in_flight),
        cmocka_unit_test(test_blk_read_only),
        cmocka_unit_test(test_reset_never_ends),
        cmocka_unit_test(test_features_refused),
        cmocka_unit_test(test_bad_queue_sizes),
        cmocka_unit_test(test_hostile_devices),
        cmocka_unit_test(test_rng),
        cmocka_unit_test(test_net),
        cmocka_unit_test(test_window_check),
        cmocka_unit_test(test_console),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
