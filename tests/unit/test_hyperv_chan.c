/* SPDX-License-Identifier: MIT */
/*
 * VMBus channels against the simulated Hyper-V: ring buffers on their
 * own (wrap-around, signalling, every field a hostile host could write),
 * GPADLs with and without GPADL_BODY, OPENCHANNEL/CLOSECHANNEL, and the
 * heartbeat service (negotiate, heartbeats, interrupts) with hosts that
 * never answer, refuse, or corrupt their ring.
 */
#include "drivers/hyperv/hv.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/hv_model.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct hv_model m;
static struct hv_ops ops;
static struct hv hv;
static struct diag dg;
static int poll_in_isr;

static void isr(void *ctx)
{
    hv_synic_isr(ctx);
    if (poll_in_isr && hv.hb.on) /* what hyperv.c's SINT handler does */
        hv_heartbeat_poll(ctx);
}

/* A model with (cfg), VMBus connected and offers listed. */
static void up(const struct hvm_cfg *cfg)
{
    hvm_init(&m, cfg);
    ops = hvm_ops(&m);
    memset(&hv, 0, sizeof(hv));
    memset(&dg, 0, sizeof(dg));
    poll_in_isr = 0;
    hv.timeout = 20;
    m.isr = isr;
    m.isr_ctx = &hv;
    assert_int_equal(hvm_hypercall_up(&hv, &ops, &dg), 0);
    assert_int_equal(hv_synic_init(&hv, VMBUS_MESSAGE_SINT, 0x40, 0), 0);
    assert_int_equal(hv_vmbus_connect(&hv, &dg), 0);
    assert_int_equal(hv_vmbus_request_offers(&hv, &dg), 0);
}

static int teardown(void **s)
{
    (void)s;
    hvm_free(&m);
    return 0;
}

/* Ring tests: one ring's memory seen by a writer and a reader. */
static void *pages[1 + HV_RING_DATA_PAGES];
static struct hv_ring wr, rd;

static int ring_setup(void **s)
{
    (void)s;
    for (unsigned i = 0; i < 1 + HV_RING_DATA_PAGES; i++) {
        pages[i] = aligned_alloc(4096, 4096);
        memset(pages[i], 0, 4096);
    }
    hv_ring_init(&wr, pages[0], &pages[1]);
    hv_ring_init(&rd, pages[0], &pages[1]);
    return 0;
}

static int ring_teardown(void **s)
{
    (void)s;
    for (unsigned i = 0; i < 1 + HV_RING_DATA_PAGES; i++)
        free(pages[i]);
    return 0;
}

static struct vmbus_ring_ctl *ctl(void)
{
    return pages[0];
}

static void test_ring_wrap(void **s)
{
    uint8_t in[700], out[704];
    struct vmbus_packet_desc d;
    uint32_t len;
    int sig, sigs = 0;
    (void)s;
    assert_int_equal(wr.size, HV_RING_DATA_PAGES * 4096);
    for (unsigned i = 0; i < 2000; i++) {
        uint32_t n = (i * 37) % sizeof(in);
        memset(in, (int)i, n);
        assert_int_equal(hv_ring_write(&wr, 6, 0, i, in, n, &sig), 0);
        sigs += sig;
        assert_int_equal(sig, 1); /* empty before each write */
        assert_int_equal(hv_ring_read(&rd, &d, out, sizeof(out), &len, &sig),
                         0);
        assert_int_equal(sig, 0);
        assert_int_equal(len, (n + 7) & ~7u); /* the padding is read too */
        assert_int_equal(d.trans_id, i);
        assert_int_equal(d.offset8, 2);
        assert_memory_equal(in, out, n);
    }
    assert_int_equal(sigs, 2000);
    /* Fill: the ring refuses the write that would make it look empty. */
    unsigned k = 0;
    while (hv_ring_write(&wr, 6, 0, k, in, 500, &sig) == 0)
        assert_int_equal(sig, k++ == 0);
    assert_int_equal(k, (2 * 4096 - 1) / (16 + 504 + 8));
    assert_int_equal(hv_ring_write(&wr, 6, 0, 0, in, 500, &sig), -EAGAIN);
    assert_int_equal(hv_ring_write(&wr, 6, 0, 0, in, 9000, &sig), -EMSGSIZE);
    for (unsigned i = 0; i < k; i++)
        assert_int_equal(hv_ring_read(&rd, &d, out, sizeof(out), &len, &sig),
                         0);
    assert_int_equal(hv_ring_read(&rd, &d, out, sizeof(out), &len, &sig),
                     -EAGAIN);
    /* 512-byte packets tile the ring: the 16th would fill it exactly. */
    for (k = 0;
         k < 100 && hv_ring_write(&wr, 6, 0, k, in, 512 - 24, &sig) == 0;)
        k++;
    assert_int_equal(k, 15);
}

static void test_ring_signal_rules(void **s)
{
    uint8_t b[64] = {0};
    struct vmbus_packet_desc d;
    uint32_t len;
    int sig;
    (void)s;
    ctl()->interrupt_mask = 1; /* the host polls: no signal */
    assert_int_equal(hv_ring_write(&wr, 6, 0, 1, b, 8, &sig), 0);
    assert_int_equal(sig, 0);
    ctl()->interrupt_mask = 0;
    assert_int_equal(hv_ring_write(&wr, 6, 0, 2, b, 8, &sig), 0);
    assert_int_equal(sig, 0); /* not empty before */
    /* A writer waiting for 100 bytes: signalled once they are free. */
    while (hv_ring_write(&wr, 6, 0, 3, b, 64, &sig) == 0)
        ;
    ctl()->pending_send_sz = 100;
    assert_int_equal(hv_ring_read(&rd, &d, b, sizeof(b), &len, &sig), 0);
    assert_int_equal(sig, 0); /* 32 + 8 bytes freed: not yet */
    assert_int_equal(hv_ring_read(&rd, &d, b, sizeof(b), &len, &sig), 0);
    assert_int_equal(sig, 0);
    assert_int_equal(hv_ring_read(&rd, &d, b, sizeof(b), &len, &sig), 0);
    assert_int_equal(sig, 1);
    assert_int_equal(hv_ring_read(&rd, &d, b, sizeof(b), &len, &sig), 0);
    assert_int_equal(sig, 0); /* once */
}

/* A hand-made packet at offset 0: (desc) and a write index (w). */
static int read_crafted(struct vmbus_packet_desc desc, uint32_t w)
{
    uint8_t out[64];
    struct vmbus_packet_desc d;
    uint32_t len;
    int sig;
    memcpy(pages[1], &desc, sizeof(desc));
    ctl()->write_index = w;
    rd.broken = 0;
    rd.index = 0;
    return hv_ring_read(&rd, &d, out, sizeof(out), &len, &sig);
}

static void test_ring_hostile(void **s)
{
    const uint32_t size = HV_RING_DATA_PAGES * 4096;
    uint8_t b[8] = {0};
    int sig;
    (void)s;
    assert_int_equal(
        read_crafted((struct vmbus_packet_desc){6, 2, 4, 0, 0}, 40),
        0); /* sane: 32 bytes + trailer */
    static const struct {
        uint16_t offset8, len8;
        uint32_t w;
    } bad[] = {
        {2, 4, HV_RING_DATA_PAGES * 4096}, /* write index beyond the ring */
        {2, 4, 44},                        /* write index not aligned */
        {2, 0xffff, 40},                   /* len8 beyond the ring */
        {2, 8, 40},                        /* len8 beyond what is written */
        {5, 4, 40},                        /* offset8 beyond len8 */
        {1, 4, 40},                        /* offset8 inside the descriptor */
        {2, 1, 40},                        /* shorter than a descriptor */
        {2, 2, 16},                        /* no room for the trailer */
    };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct vmbus_packet_desc pd = {6, bad[i].offset8, bad[i].len8, 0, 0};
        assert_int_equal(read_crafted(pd, bad[i].w), -EPROTO);
        assert_true(rd.broken);
    }
    /* Broken stays broken, even once the ring looks sane again. */
    assert_int_equal(hv_ring_read(&rd, &(struct vmbus_packet_desc){0}, b, 8,
                                  &(uint32_t){0}, &sig),
                     -EPROTO);
    /* A payload larger than the buffer is dropped; the next one reads. */
    assert_int_equal(
        read_crafted((struct vmbus_packet_desc){6, 2, 12, 0, 0}, 2 * 104),
        -EMSGSIZE);
    assert_int_equal(rd.index, 104);
    /* The writer checks the reader's index too. */
    ctl()->read_index = size + 8;
    assert_int_equal(hv_ring_write(&wr, 6, 0, 0, b, 8, &sig), -EPROTO);
    ctl()->read_index = 0;
    assert_int_equal(hv_ring_write(&wr, 6, 0, 0, b, 8, &sig), -EPROTO);
}

static void test_gpadl_bodies(void **s)
{
    uint64_t gpas[60];
    uint32_t h, h2;
    (void)s;
    up(&(struct hvm_cfg){0});
    for (unsigned i = 0; i < 60; i++)
        gpas[i] = (uint64_t)(1000 + 3 * i) << 12;
    assert_int_equal(hv_gpadl_create(&hv, 2, gpas, 60, &h, &dg), 0);
    assert_int_equal(m.ch.gpadl_msgs, 3); /* 26 + 28 + 6 PFNs */
    assert_int_equal(m.ch.bodies, 2);
    assert_int_equal(m.ch.npfns, 60);
    for (unsigned i = 0; i < 60; i++)
        assert_int_equal(m.ch.pfn[i], 1000 + 3 * i);
    assert_int_equal(m.ch.gpadl, h);
    assert_int_equal(hv_gpadl_teardown(&hv, 2, h), 0);
    assert_int_equal(m.ch.torndown, 1);
    /* Exactly what fits in the header; one more needs a body. */
    assert_int_equal(hv_gpadl_create(&hv, 2, gpas, 26, &h2, &dg), 0);
    assert_int_not_equal(h2, h);
    assert_int_equal(m.ch.bodies, 2);
    assert_int_equal(hv_gpadl_teardown(&hv, 2, h2), 0);
    assert_int_equal(hv_gpadl_create(&hv, 2, gpas, 27, &h, &dg), 0);
    assert_int_equal(m.ch.bodies, 3);
    assert_int_equal(m.ch.bad, 0);
    gpas[5] |= 0x800;
    assert_int_equal(hv_gpadl_create(&hv, 2, gpas, 27, &h, &dg), -EINVAL);
    assert_int_equal(hv_gpadl_create(&hv, 2, gpas, 0, &h, &dg), -EINVAL);
}

static void test_gpadl_hostile(void **s)
{
    uint64_t gpas[2] = {0x10000, 0x20000};
    uint32_t h = 7;
    (void)s;
    up(&(struct hvm_cfg){.hostile = HVM_GPADL_SILENT});
    assert_int_equal(hv_gpadl_create(&hv, 3, gpas, 2, &h, &dg), -ETIMEDOUT);
    assert_int_equal(h, 7);
    assert_non_null(strstr(dg.msg, "no GPADL_CREATED"));
    assert_int_equal(m.waits, 20);
    hvm_free(&m);
    up(&(struct hvm_cfg){.hostile = HVM_GPADL_BAD_HANDLE});
    assert_int_equal(hv_gpadl_create(&hv, 3, gpas, 2, &h, &dg), -ETIMEDOUT);
    assert_true(hv.stats.unknown >= 1);
    assert_true(m.waits <= 20);
    hvm_free(&m);
    up(&(struct hvm_cfg){.hostile = HVM_GPADL_BAD_STATUS});
    assert_int_equal(hv_gpadl_create(&hv, 3, gpas, 2, &h, &dg), -EIO);
    assert_non_null(strstr(dg.msg, "status 0xc0000001"));
}

static void test_heartbeat(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){0});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), 0);
    assert_true(hv.hb.on);
    assert_int_equal(hv.hb.ch.relid, 3);
    assert_int_equal(m.ch.opens, 1);
    assert_int_equal(m.ch.relid, 3);
    assert_int_equal(m.ch.npfns, 2 * HV_RING_PAGES);
    assert_int_equal(m.ch.ring_off, HV_RING_PAGES);
    assert_int_equal(m.ch.events_out, 1);  /* the NEGOTIATE */
    assert_int_equal(hv.hb.negotiates, 1); /* answered by the open */
    assert_int_equal(m.ch.negotiated, 1);
    assert_int_equal(m.ch.fw, VMBUS_VERSION(3, 0));
    assert_int_equal(m.ch.srv, VMBUS_VERSION(3, 0));
    assert_int_equal(m.ch.flags,
                     ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_RESPONSE);
    assert_int_equal(m.ch.status, 0);
    assert_int_equal(m.ch.answer_trans, m.ch.trans);
    /* Enough heartbeats to wrap both rings many times. */
    for (uint64_t i = 0; i < 500; i++) {
        hvm_heartbeat(&m, 1000 + 7 * i);
        assert_int_equal(hv_heartbeat_poll(&hv), 1);
        assert_int_equal(m.ch.answer_seq, 1000 + 7 * i + 1);
        assert_int_equal(m.ch.answer_trans, m.ch.trans);
        assert_int_equal(m.ch.type, ICMSGTYPE_HEARTBEAT);
    }
    /* Two at once: both answered in one poll. */
    hvm_heartbeat(&m, 5);
    hvm_heartbeat(&m, 6);
    assert_int_equal(hv_heartbeat_poll(&hv), 2);
    assert_int_equal(m.ch.answer_seq, 7);
    assert_int_equal(hv_heartbeat_poll(&hv), 0);
    assert_int_equal(hv.hb.beats, 502);
    assert_int_equal(m.ch.answers, 503);
    assert_int_equal(m.ch.bad_answers, 0);
    assert_int_equal(hv_heartbeat_close(&hv), 0);
    assert_int_equal(m.ch.closes, 1);
    assert_int_equal(m.ch.torndown, 1);
    assert_int_equal(hv_heartbeat_poll(&hv), -ENODEV);
    assert_int_equal(hv_vmbus_unload(&hv), 0);
    assert_int_equal(m.ch.bad, 0);
}

static void test_heartbeat_interrupt(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){0});
    poll_in_isr = 1;
    assert_int_equal(hv_heartbeat_open(&hv, &dg), 0);
    assert_int_equal(m.ch.negotiated, 1);
    hvm_heartbeat(&m, 41); /* the event flag raises the SINT */
    assert_int_equal(m.ch.answer_seq, 42);
    assert_int_equal(m.ch.events_out, 2);
    assert_int_equal(hv_heartbeat_wait(&hv, 3), -ETIMEDOUT);
    assert_int_equal(m.waits, 3);
}

static void test_heartbeat_versions(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.hb_versions = HVM_HB_LEGACY});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), 0);
    assert_int_equal(m.ch.fw, VMBUS_VERSION(1, 0));
    assert_int_equal(m.ch.srv, VMBUS_VERSION(1, 0));
    assert_int_equal(hv.hb.srv_version, VMBUS_VERSION(1, 0));
    hvm_free(&m);
    up(&(struct hvm_cfg){.hb_versions = HVM_HB_UNKNOWN});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), 0);
    assert_int_equal(m.ch.answers, 1);
    assert_int_equal(m.ch.negotiated, 0);
    assert_int_equal(m.ch.status, ICMSG_E_FAIL);
    assert_int_equal(m.ch.flags,
                     ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_RESPONSE);
}

static void test_heartbeat_not_offered(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.offers_qemu = 1});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), -ENODEV);
    assert_false(hv.hb.on);
    assert_int_equal(m.ch.gpadl_msgs, 0);
    assert_int_equal(hv_heartbeat_close(&hv), 0);
    hvm_free(&m);
    /* Protocol 1.1 (Windows 7) signals channels another way. */
    up(&(struct hvm_cfg){.max_version = VMBUS_VERSION(1, 1)});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), -EOPNOTSUPP);
    assert_non_null(strstr(dg.msg, "2.4"));
    assert_int_equal(m.ch.gpadl_msgs, 0);
    hvm_free(&m);
    up(&(struct hvm_cfg){.max_version = VMBUS_VERSION(2, 4)});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), 0);
    assert_int_equal(m.ch.negotiated, 1);
}

static void test_heartbeat_bad_messages(void **s)
{
    uint8_t big[300] = {0};
    struct heartbeat_msg_data d = {0};
    (void)s;
    up(&(struct hvm_cfg){0});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), 0);
    assert_int_equal(hv_heartbeat_poll(&hv), 0);
    /* A heartbeat cut short, an unknown type, an oversized packet. */
    hvm_ic_send(&m, ICMSGTYPE_HEARTBEAT, &d, sizeof(d), ICMSG_HDR_LEN + 4);
    hvm_ic_send(&m, 77, &d, sizeof(d), 0);
    hvm_ic_send(&m, ICMSGTYPE_HEARTBEAT, big, sizeof(big), 0);
    hvm_heartbeat(&m, 9);
    assert_int_equal(hv_heartbeat_poll(&hv), 2);
    assert_int_equal(hv.hb.errors, 2);
    assert_int_equal(m.ch.answer_seq, 10);
    assert_int_equal(m.ch.answers, 3);
    /* A NEGOTIATE listing more versions than it carries. */
    struct icmsg_negotiate n = {40, 40, 0};
    hvm_ic_send(&m, ICMSGTYPE_NEGOTIATE, &n, sizeof(n), 0);
    assert_int_equal(hv_heartbeat_poll(&hv), 0);
    assert_int_equal(hv.hb.errors, 3);
    assert_int_equal(m.ch.bad_answers, 0);
}

static void test_open_hostile(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.hostile = HVM_OPEN_FAIL});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), -EIO);
    assert_non_null(strstr(dg.msg, "open refused"));
    assert_false(hv.hb.on);
    assert_int_equal(m.ch.torndown, 1); /* the GPADL given back */
    hvm_free(&m);
    up(&(struct hvm_cfg){.hostile = HVM_GPADL_SILENT});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), -ETIMEDOUT);
    assert_false(hv.hb.on);
    assert_int_equal(m.ch.opens, 0);
}

static void ring_hostile(enum hvm_hostile h)
{
    up(&(struct hvm_cfg){.hostile = h});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), 0);
    assert_int_equal(hv_heartbeat_poll(&hv), -EPROTO);
    assert_true(hv.hb.ch.recv.broken);
    hvm_heartbeat(&m, 1);
    assert_int_equal(hv_heartbeat_poll(&hv), -EPROTO);
    assert_int_equal(m.ch.answers, 0);
    assert_int_equal(hv_heartbeat_close(&hv), 0);
    hvm_free(&m);
}

static void test_ring_hostile_host(void **s)
{
    (void)s;
    ring_hostile(HVM_RING_BAD_INDEX);
    ring_hostile(HVM_RING_HUGE_LEN);
    ring_hostile(HVM_RING_SHORT);
    ring_hostile(HVM_RING_BAD_OFFSET);
}

static void test_ring_stuck(void **s)
{
    uint8_t b[200] = {0};
    int e = 0;
    unsigned n = 0;
    (void)s;
    up(&(struct hvm_cfg){.hostile = HVM_RING_STUCK});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), 0);
    assert_int_equal(hv_heartbeat_wait(&hv, 10), -ETIMEDOUT);
    assert_int_equal(m.waits, 10);
    while (n < 1000 &&
           (e = hv_channel_send(&hv, &hv.hb.ch, n, b, sizeof(b), 5)) == 0)
        n++;
    assert_int_equal(e, -ETIMEDOUT);
    assert_int_equal(n, (2 * 4096 - 1) / (16 + 200 + 8));
    assert_int_equal(m.waits, 15);
    assert_int_equal(m.ch.signals_in, 1); /* only the first write */
}

static void test_bringup_and_shutdown(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){0});
    assert_int_equal(hv_heartbeat_open(&hv, &dg), 0);
    assert_int_equal(hv_shutdown(&hv, 20), 0);
    assert_int_equal(m.ch.closes, 1);
    assert_int_equal(m.ch.torndown, 1);
    assert_true(m.unloaded);
    assert_false(hv.hb.on);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ring_wrap, ring_setup,
                                        ring_teardown),
        cmocka_unit_test_setup_teardown(test_ring_signal_rules, ring_setup,
                                        ring_teardown),
        cmocka_unit_test_setup_teardown(test_ring_hostile, ring_setup,
                                        ring_teardown),
        cmocka_unit_test_teardown(test_gpadl_bodies, teardown),
        cmocka_unit_test_teardown(test_gpadl_hostile, teardown),
        cmocka_unit_test_teardown(test_heartbeat, teardown),
        cmocka_unit_test_teardown(test_heartbeat_interrupt, teardown),
        cmocka_unit_test_teardown(test_heartbeat_versions, teardown),
        cmocka_unit_test_teardown(test_heartbeat_not_offered, teardown),
        cmocka_unit_test_teardown(test_heartbeat_bad_messages, teardown),
        cmocka_unit_test_teardown(test_open_hostile, teardown),
        cmocka_unit_test(test_ring_hostile_host),
        cmocka_unit_test_teardown(test_ring_stuck, teardown),
        cmocka_unit_test_teardown(test_bringup_and_shutdown, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
