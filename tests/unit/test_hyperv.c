/* SPDX-License-Identifier: MIT */
/*
 * drivers/hyperv against the simulated Hyper-V (hv_model.c): detection,
 * MSR rules, hypercalls and their status codes, SynIC message and event
 * delivery, the reference TSC page, VMBus negotiation and offers, and the
 * hostile hosts (silent, oversized, unknown, garbage, endless).
 */
#include "drivers/hyperv/hv.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/hv_model.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static struct hv_model m;
static struct hv_ops ops;
static struct hv hv;
static struct diag dg;

static void isr(void *ctx)
{
    hv_synic_isr(ctx);
}

/* A model with (cfg), hypercall page on, SynIC on SINT 2 vector 0x40. */
static void up(const struct hvm_cfg *cfg)
{
    hvm_init(&m, cfg);
    ops = hvm_ops(&m);
    memset(&hv, 0, sizeof(hv));
    hv.timeout = 20;
    m.isr = isr;
    m.isr_ctx = &hv;
    assert_int_equal(hvm_hypercall_up(&hv, &ops, &dg), 0);
    assert_int_equal(hv_synic_init(&hv, VMBUS_MESSAGE_SINT, 0x40, 0), 0);
}

static int teardown(void **s)
{
    (void)s;
    hvm_free(&m);
    return 0;
}

static void test_detect(void **s)
{
    struct hv_info i;
    (void)s;
    hvm_init(&m, &(struct hvm_cfg){0});
    ops = hvm_ops(&m);
    assert_int_equal(hv_detect(&ops, &i), 0);
    assert_string_equal(i.vendor, "Microsoft Hv");
    assert_int_equal(i.build, 14393);
    assert_int_equal(i.version, 10u << 16);
    assert_true(i.features[0] & HV_PRIV_SYNIC);
    assert_string_equal(i.kvm_vendor, "KVMKVMKVM");
    assert_int_equal(i.spin_retries, 0xffffffffu);
}

static void test_detect_vendor_override(void **s)
{
    struct hv_info i;
    (void)s;
    hvm_init(&m, &(struct hvm_cfg){.vendor = "KVMKVMKVM"});
    ops = hvm_ops(&m);
    assert_int_equal(hv_detect(&ops, &i), 0);
    assert_string_equal(i.vendor, "KVMKVMKVM");
}

static void test_detect_not_hyperv(void **s)
{
    struct hv_info i;
    (void)s;
    hvm_init(&m, &(struct hvm_cfg){.not_hyperv = 1});
    ops = hvm_ops(&m);
    assert_int_equal(hv_detect(&ops, &i), -ENODEV);
    assert_int_equal(hvm_hypercall_up(&hv, &ops, NULL), -ENODEV);
    assert_int_equal(m.gp, 0); /* no MSR touched */
}

static void test_hypercall_page(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){0});
    assert_int_equal(m.os_id, HV_GUEST_OS_ID);
    assert_true(m.hypercall & HV_MSR_ENABLE);
    assert_int_equal(m.hypercall & HV_MSR_PAGE_MASK, (uintptr_t)hv.hc_page);
    assert_memory_equal(hv.hc_page, "\x0f\x01\xc1\xc3", 4);
    assert_int_equal(m.gp, 0);
}

static void test_msr_rules(void **s)
{
    uint64_t v;
    (void)s;
    hvm_init(&m, &(struct hvm_cfg){0});
    ops = hvm_ops(&m);
    /* Enable before the guest OS id: ignored, as KVM does. */
    assert_int_equal(ops.wrmsr(&m, HV_MSR_HYPERCALL, 0x10000 | 1), 0);
    ops.rdmsr(&m, HV_MSR_HYPERCALL, &v);
    assert_int_equal(v, 0);
    /* Reserved bits, read-only MSRs, SINT vector < 16, unknown MSR. */
    assert_int_equal(ops.wrmsr(&m, HV_MSR_SIMP, 0x10000 | 2 | 1), -EIO);
    assert_int_equal(ops.wrmsr(&m, HV_MSR_VP_INDEX, 1), -EIO);
    assert_int_equal(ops.wrmsr(&m, HV_MSR_SINT0, 15), -EIO);
    assert_int_equal(ops.wrmsr(&m, HV_MSR_SINT0, 15 | HV_SINT_MASKED), 0);
    assert_int_equal(ops.rdmsr(&m, 0x40000050, &v), -EIO);
    assert_int_equal(m.gp, 4);
    /* Without the hypercall privilege nothing is attempted. */
    hvm_init(&m, &(struct hvm_cfg){.priv_eax = HV_PRIV_SYNIC});
    assert_int_equal(hvm_hypercall_up(&hv, &ops, &dg), -ENODEV);
    assert_non_null(strstr(dg.msg, "no hypercall privilege"));
}

/* The detection result is used as given: no CPUID is executed again, and
 * the privileges it names decide, not the model's. */
static void test_hypercall_init_uses_info(void **s)
{
    struct hv_info i;
    (void)s;
    hvm_init(&m, &(struct hvm_cfg){0});
    ops = hvm_ops(&m);
    memset(&hv, 0, sizeof(hv));
    assert_int_equal(hv_detect(&ops, &i), 0);
    unsigned detect_cpuids = m.cpuids;
    assert_true(detect_cpuids >= 3);
    i.build = 4242;
    assert_int_equal(hv_hypercall_init(&hv, &ops, &i, NULL), 0);
    assert_int_equal(m.cpuids, detect_cpuids);
    assert_int_equal(hv.info.build, 4242);
    assert_true(m.hypercall & HV_MSR_ENABLE);
    hvm_free(&m);
    hvm_init(&m, &(struct hvm_cfg){0});
    memset(&hv, 0, sizeof(hv));
    i.features[0] &= ~HV_PRIV_HYPERCALL;
    assert_int_equal(hv_hypercall_init(&hv, &ops, &i, &dg), -ENODEV);
    assert_int_equal(m.os_id, 0);
    assert_int_equal(m.cpuids, 0);
    assert_int_equal(hv_hypercall_init(&hv, &ops, NULL, NULL), -ENODEV);
    assert_int_equal(m.os_id, 0);
}

static void testdev_cmd(void *ctx, uint32_t word)
{
    hvm_testdev(ctx, word);
}

static void ignore_cmd(void *ctx, uint32_t word)
{
    (void)ctx;
    (void)word;
}

/* hyperv-testdev: echo and event flag on SINT 3, every connection
 * destroyed once, the route fired through the SINT. */
static void test_testdev(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){0});
    unsigned raised = m.raised;
    assert_int_equal(hv_testdev_run(&hv, 3, testdev_cmd, &m, &dg), 0);
    assert_int_equal(m.td_bad, 0);
    assert_int_equal(m.td_route, 0);
    assert_int_equal(m.td_msg[5] | m.td_evt[6], 0);
    assert_true(m.raised > raised);
    assert_int_equal(m.sint[3] & HV_SINT_VECTOR_MASK, 0x40);
    assert_int_equal(hv_event_test_clear(&hv, 3, 6), 0);
    /* No device behind the port: the post finds no connection. */
    assert_int_equal(hv_testdev_run(&hv, 3, ignore_cmd, &m, &dg), -ENXIO);
    assert_non_null(strstr(dg.msg, "post message"));
    hvm_free(&m);
    /* Without the SynIC nothing is sent. */
    hvm_init(&m, &(struct hvm_cfg){0});
    ops = hvm_ops(&m);
    memset(&hv, 0, sizeof(hv));
    assert_int_equal(hvm_hypercall_up(&hv, &ops, NULL), 0);
    assert_int_equal(hv_testdev_run(&hv, 3, testdev_cmd, &m, &dg), -ENODEV);
    assert_int_equal(m.hypercalls, 0);
}

static void test_status_errno(void **s)
{
    (void)s;
    assert_int_equal(hv_status_errno(0), 0);
    assert_int_equal(hv_status_errno(0x100000000ull), 0); /* reps done */
    assert_int_equal(hv_status_errno(2), -ENOSYS);
    assert_int_equal(hv_status_errno(3), -EINVAL);
    assert_int_equal(hv_status_errno(4), -EINVAL);
    assert_int_equal(hv_status_errno(5), -EINVAL);
    assert_int_equal(hv_status_errno(6), -EACCES);
    assert_int_equal(hv_status_errno(17), -ENXIO);
    assert_int_equal(hv_status_errno(18), -ENXIO);
    assert_int_equal(hv_status_errno(19), -EAGAIN);
    assert_int_equal(hv_status_errno(0x77), -EIO);
}

static void test_post_message(void **s)
{
    uint8_t big[241] = {0};
    (void)s;
    up(&(struct hvm_cfg){.hostile = HVM_BUSY});
    assert_int_equal(hv_post_message(&hv, 1, 1, big, 241), -EMSGSIZE);
    assert_int_equal(hv_post_message(&hv, 9, 1, big, 8), -ENXIO);
    assert_int_equal(hv.stats.post_retries, 3); /* busy 3 times first */
    assert_int_equal(hv_post_message(&hv, 1, 1, big, 8), 0);
    assert_int_equal(hv_post_message(&hv, 1, 0, big, 8), -EINVAL);
}

static void test_signal_event(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){0});
    assert_int_equal(hv_signal_event(&hv, 8, 0), -ENXIO);
    assert_int_equal(hv_signal_event(&hv, 7, 1), -ENXIO); /* port */
    assert_int_equal(hv_event_test_clear(&hv, 2, 7), 0);
    assert_int_equal(hv_signal_event(&hv, 7, 0), 0);
    assert_int_equal(hv_event_test_clear(&hv, 2, 7), 1);
    assert_int_equal(hv_event_test_clear(&hv, 2, 7), 0);
}

static void test_messages_eom(void **s)
{
    struct hv_msg out;
    uint32_t p[2] = {42, 0};
    (void)s;
    up(&(struct hvm_cfg){0});
    m.isr = NULL; /* interrupts off: the host queues behind a busy slot */
    for (int i = 0; i < 3; i++) {
        p[1] = (uint32_t)i;
        hvm_send(&m, VMBUS_MESSAGE_SINT, 0x55, p, 8);
    }
    m.isr = isr;
    hv_synic_isr(&hv);
    /* One entry drained all three: two came back through EOM while the
     * handler ran, their nested raises returning at once. */
    assert_int_equal(m.raised, 2);
    assert_int_equal(m.eoms, 2);
    assert_int_equal(hv.stats.received, 3);
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(hv_synic_recv(&hv, &out, 0), 0);
        assert_int_equal(out.type, 0x55);
        assert_int_equal(out.size, 8);
        assert_memory_equal(out.payload + 4, &i, 4);
    }
    assert_int_equal(hv_synic_recv(&hv, &out, 5), -ETIMEDOUT);
    assert_int_equal(m.waits, 5);
    struct hv_message *slot = (struct hv_message *)hv.simp + 2;
    assert_int_equal(slot->message_type, 0);
}

static void test_message_while_masked(void **s)
{
    struct hv_msg out;
    uint32_t p = 1;
    (void)s;
    hvm_init(&m, &(struct hvm_cfg){0});
    ops = hvm_ops(&m);
    memset(&hv, 0, sizeof(hv));
    m.isr = isr;
    m.isr_ctx = &hv;
    assert_int_equal(hvm_hypercall_up(&hv, &ops, NULL), 0);
    hvm_send(&m, 2, 0x66, &p, 4); /* SIMP off: held by the host */
    assert_int_equal(hv_synic_init(&hv, 2, 0x40, 1), 0);
    assert_true(m.sint[2] & HV_SINT_AUTO_EOI);
    assert_int_equal(hv_synic_recv(&hv, &out, 0), 0);
    assert_int_equal(out.type, 0x66);
    assert_int_equal(hv_synic_init(&hv, 16, 0x40, 0), -EINVAL);
    assert_int_equal(hv_synic_init(&hv, 3, 15, 0), -EINVAL);
}

static void test_ref_tsc(void **s);

static void test_vmbus_hyperv(void **s)
{
    char g[37];
    (void)s;
    up(&(struct hvm_cfg){.msg_conn_id = 0x11});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), 0);
    assert_int_equal(hv.vmbus_version, VMBUS_VERSION(5, 3));
    assert_int_equal(hv.msg_conn_id, 0x11);
    assert_int_equal(m.ncontacts, 1);
    assert_int_equal(m.contact_conn[0], VMBUS_CONN_ID_5);
    assert_int_equal(hv_vmbus_request_offers(&hv, &dg), 0);
    assert_int_equal(hv.noffers, 6);
    assert_string_equal(hv_vmbus_class_name(hv.offers[0].type), "network");
    assert_string_equal(hv_vmbus_class_name(hv.offers[1].type), "scsi");
    assert_string_equal(hv_vmbus_class_name(hv.offers[2].type), "heartbeat");
    assert_string_equal(hv_vmbus_class_name(hv.offers[3].type), "keyboard");
    assert_string_equal(hv_vmbus_class_name(hv.offers[4].type), "shutdown");
    assert_null(hv_vmbus_class_name(hv.offers[5].type));
    hv_guid_format(hv.offers[0].type, g);
    assert_string_equal(g, "f8615163-df3e-46c5-913f-f2d2f965ed0e");
    assert_int_equal(hv.offers[2].relid, 3);
    assert_int_equal(hv_vmbus_unload(&hv), 0);
    assert_true(m.unloaded);
}

static void test_vmbus_qemu(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){
        .no_conn4 = 1, .max_version = VMBUS_VERSION(4, 0), .offers_qemu = 1});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), 0);
    assert_int_equal(hv.vmbus_version, VMBUS_VERSION(4, 0));
    assert_int_equal(hv.msg_conn_id, VMBUS_CONN_ID_OLD);
    /* 5.3-5.0 refused at the post (no connection 4), 4.1 answered no. */
    assert_int_equal(m.ncontacts, 2);
    assert_int_equal(m.contact_version[0], VMBUS_VERSION(4, 1));
    assert_int_equal(m.contact_conn[1], VMBUS_CONN_ID_OLD);
    assert_int_equal(hv_vmbus_request_offers(&hv, &dg), 0);
    assert_int_equal(hv.noffers, 0);
}

static void test_vmbus_downward(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.max_version = VMBUS_VERSION(3, 0)});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), 0);
    assert_int_equal(hv.vmbus_version, VMBUS_VERSION(3, 0));
    assert_int_equal(m.ncontacts, 7);
    for (int i = 0; i < 4; i++)
        assert_int_equal(m.contact_conn[i], VMBUS_CONN_ID_5);
    assert_int_equal(m.contact_conn[4], VMBUS_CONN_ID_OLD);
    hvm_free(&m);
    up(&(struct hvm_cfg){.max_version = 1});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), -EOPNOTSUPP);
    assert_int_equal(m.ncontacts, 10);
}

static void test_hostile_silent(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.hostile = HVM_SILENT});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), -ETIMEDOUT);
    assert_int_equal(m.waits, 20);
    assert_non_null(strstr(dg.msg, "no response"));
}

static void test_hostile_oversize_unknown(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.hostile = HVM_OVERSIZE});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), 0);
    assert_int_equal(hv_vmbus_request_offers(&hv, &dg), 0);
    assert_int_equal(hv.noffers, 6);
    assert_true(hv.stats.oversized >= 7);
    hvm_free(&m);
    up(&(struct hvm_cfg){.hostile = HVM_UNKNOWN});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), 0);
    assert_int_equal(hv_vmbus_request_offers(&hv, &dg), 0);
    assert_int_equal(hv.noffers, 6);
    assert_true(hv.stats.unknown >= 14);
}

static void test_hostile_offers(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.hostile = HVM_GARBAGE_OFFERS});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), 0);
    assert_int_equal(hv_vmbus_request_offers(&hv, &dg), 0);
    assert_int_equal(hv.noffers, 6);
    assert_int_equal(hv.stats.bad_offers, 3);
    hvm_free(&m);
    up(&(struct hvm_cfg){.hostile = HVM_NO_END});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), 0);
    assert_int_equal(hv_vmbus_request_offers(&hv, &dg), -ETIMEDOUT);
    assert_int_equal(hv.noffers, 6);
}

static void test_hostile_flood(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.hostile = HVM_FLOOD});
    assert_int_equal(hv_vmbus_connect(&hv, &dg), 0);
    int e = hv_vmbus_request_offers(&hv, &dg);
    assert_true(e == -EIO || e == -ETIMEDOUT);
    assert_true(hv.stats.unknown >= 200);
    assert_true(m.waits < 100); /* the flood, not the clock, ended it */
}

static uint64_t tsc_bump(void *ctx)
{
    int *calls = ctx;
    if ((*calls)++ == 0) /* the host updates the page mid-read */
        hvm_ref_tsc_set(&m, 2, 1ull << 62, 100);
    return 1000;
}

static void test_ref_tsc(void **s)
{
    uint64_t t;
    int calls = 0;
    (void)s;
    up(&(struct hvm_cfg){0});
    assert_int_equal(hv_ref_tsc_init(&hv), 0);
    assert_true(m.ref_tsc & HV_MSR_ENABLE);
    const volatile struct hv_ref_tsc_page *p = hv.ref_page;
    assert_int_equal(hv_ref_tsc_read(p, tsc_bump, &calls, &t), -EAGAIN);
    hvm_ref_tsc_set(&m, 1, 1ull << 63, 100);
    assert_int_equal(hv_ref_tsc_read(p, tsc_bump, &calls, &t), 0);
    assert_int_equal(calls, 2);
    assert_int_equal(t, 1000 / 4 + 100); /* the second page's scale */
    /* The clock: the page while valid, TIME_REF_COUNT when it is not. */
    m.time_ref = 777;
    assert_int_equal(hv_time_ref_read(&hv, tsc_bump, &calls, &t), 0);
    assert_int_equal(t, 1000 / 4 + 100);
    hvm_ref_tsc_set(&m, 0, 0, 0);
    assert_int_equal(hv_time_ref_read(&hv, tsc_bump, &calls, &t), 0);
    assert_int_equal(t, 777);
    uint64_t tsc_hz, apic_hz;
    assert_int_equal(hv_frequencies(&hv, &tsc_hz, &apic_hz), 0);
    assert_int_equal(tsc_hz, 2000000000ull);
    assert_int_equal(apic_hz, 200000000ull);
    hvm_free(&m);
    up(&(struct hvm_cfg){.priv_eax = HV_PRIV_HYPERCALL | HV_PRIV_SYNIC});
    assert_int_equal(hv_ref_tsc_init(&hv), -ENODEV);
    assert_int_equal(hv_time_ref_read(&hv, tsc_bump, &calls, &t), -ENODEV);
    assert_int_equal(hv_frequencies(&hv, &tsc_hz, &apic_hz), -ENODEV);
}

static void test_stimer_message(void **s)
{
    struct hv_msg out;
    uint64_t exp;
    (void)s;
    up(&(struct hvm_cfg){0});
    assert_int_equal(hv_stimer_arm(&hv, 5000), -ENODEV);
    assert_int_equal(hv_stimer_init(&hv, 3, 0x41), -ENODEV); /* SINT off */
    assert_int_equal(hv_stimer_init(&hv, 2, 0x41), 0);
    assert_false(hv.stimer_direct);
    assert_int_equal(hv_stimer_arm(&hv, 5000), 0);
    hvm_advance(&m, 4999);
    assert_int_equal(hv_synic_recv(&hv, &out, 0), -ETIMEDOUT);
    hvm_advance(&m, 5003);
    assert_int_equal(hv_synic_recv(&hv, &out, 0), 0);
    assert_int_equal(hv_stimer_expired(&out, &exp), 1);
    assert_int_equal(exp, 5000);
    hvm_advance(&m, 9000); /* one-shot: no second expiry */
    assert_int_equal(hv_synic_recv(&hv, &out, 0), -ETIMEDOUT);
    assert_int_equal(hv_stimer_arm(&hv, 9500), 0);
    assert_int_equal(hv_stimer_stop(&hv), 0);
    hvm_advance(&m, 10000);
    assert_int_equal(hv_synic_recv(&hv, &out, 0), -ETIMEDOUT);
    out.type = HV_MSG_TIMER_EXPIRED;
    out.size = 8;
    assert_int_equal(hv_stimer_expired(&out, &exp), -EINVAL);
    out.type = 0x55;
    assert_int_equal(hv_stimer_expired(&out, &exp), 0);
}

static void test_stimer_direct(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.feat_edx = HV_FEAT_STIMER_DIRECT});
    assert_int_equal(hv_stimer_init(&hv, 2, 15), -EINVAL);
    assert_int_equal(hv_stimer_init(&hv, 2, 0x42), 0);
    assert_true(hv.stimer_direct);
    assert_int_equal(hv_stimer_arm(&hv, 100), 0);
    hvm_advance(&m, 100);
    assert_int_equal(m.direct_fired, 1);
    assert_int_equal(m.direct_vector, 0x42);
    assert_int_equal(m.gp, 0);
    hvm_free(&m);
    up(&(struct hvm_cfg){.priv_eax = HV_PRIV_HYPERCALL | HV_PRIV_SYNIC});
    assert_int_equal(hv_stimer_init(&hv, 2, 0x42), -ENODEV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_detect, teardown),
        cmocka_unit_test_teardown(test_detect_vendor_override, teardown),
        cmocka_unit_test_teardown(test_detect_not_hyperv, teardown),
        cmocka_unit_test_teardown(test_hypercall_page, teardown),
        cmocka_unit_test_teardown(test_msr_rules, teardown),
        cmocka_unit_test_teardown(test_hypercall_init_uses_info, teardown),
        cmocka_unit_test_teardown(test_testdev, teardown),
        cmocka_unit_test(test_status_errno),
        cmocka_unit_test_teardown(test_post_message, teardown),
        cmocka_unit_test_teardown(test_signal_event, teardown),
        cmocka_unit_test_teardown(test_messages_eom, teardown),
        cmocka_unit_test_teardown(test_message_while_masked, teardown),
        cmocka_unit_test_teardown(test_ref_tsc, teardown),
        cmocka_unit_test_teardown(test_stimer_message, teardown),
        cmocka_unit_test_teardown(test_stimer_direct, teardown),
        cmocka_unit_test_teardown(test_vmbus_hyperv, teardown),
        cmocka_unit_test_teardown(test_vmbus_qemu, teardown),
        cmocka_unit_test_teardown(test_vmbus_downward, teardown),
        cmocka_unit_test_teardown(test_hostile_silent, teardown),
        cmocka_unit_test_teardown(test_hostile_oversize_unknown, teardown),
        cmocka_unit_test_teardown(test_hostile_offers, teardown),
        cmocka_unit_test_teardown(test_hostile_flood, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
