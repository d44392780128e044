/* SPDX-License-Identifier: MIT */
/*
 * Skiff's clock and one-shot timer on Hyper-V (drivers/hyperv/clock.c)
 * against the simulated Hyper-V: the choice between the TSC page and
 * TIME_REF_COUNT, the page arithmetic (scale, offset, a sequence that
 * changes mid-read, sequence 0 and 0xFFFFFFFF), the ns <-> reference time
 * mapping, and STIMER0 expiry as a direct-mode vector or a timer message
 * in the SINT slot.
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

#define SCALE_HALF (1ull << 63) /* reference time = TSC / 2 */

static struct hv_model m;
static struct hv_ops ops;
static struct hv hv;
static uint64_t tsc_now;
static unsigned fired;

static uint64_t tsc(void *ctx)
{
    (void)ctx;
    return tsc_now;
}

static void on_timer(void *ctx)
{
    (void)ctx;
    fired++;
}

static void isr(void *ctx)
{
    hv_synic_isr(ctx);
}

static void vector_isr(void *ctx, uint8_t vector)
{
    (void)vector;
    on_timer(ctx);
}

/* A model with (cfg), the hypercall page on, SynIC on SINT 2, timer
 * expiries going to on_timer. */
static void up(const struct hvm_cfg *cfg)
{
    struct diag d = {{0}};
    hvm_init(&m, cfg);
    ops = hvm_ops(&m);
    memset(&hv, 0, sizeof(hv));
    m.isr = isr;
    m.vector_isr = vector_isr;
    m.isr_ctx = &hv;
    hv.timer_fn = on_timer;
    tsc_now = 0;
    fired = 0;
    assert_int_equal(hvm_hypercall_up(&hv, &ops, &d), 0);
    if (cfg->priv_eax == 0 || (cfg->priv_eax & HV_PRIV_SYNIC))
        assert_int_equal(hv_synic_init(&hv, VMBUS_MESSAGE_SINT, 0x40, 0), 0);
}

static uint64_t ns_at_setup;

static uint64_t ns_now(void)
{
    return ns_at_setup;
}

/* hv_time_setup with STIMER0 on SINT (sint) or vector (vector), the TSC
 * clock reading (ns) at the switch. */
static int setup_vector(unsigned sint, uint8_t vector, uint64_t ns)
{
    ns_at_setup = ns;
    return hv_time_setup(&hv, sint, vector, tsc, NULL, ns_now);
}

static int setup(unsigned sint, uint64_t ns)
{
    return setup_vector(sint, 0x41, ns);
}

static int teardown(void **s)
{
    (void)s;
    hvm_free(&m);
    return 0;
}

static void test_clock_tsc_page(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){
        .tsc_seq = 1, .tsc_scale = SCALE_HALF, .tsc_offset = 1000});
    tsc_now = 2000; /* reference time 2000 */
    assert_int_equal(setup(2, 5000), 0);
    assert_int_equal(hv.time.clock, HV_CLOCK_TSC_PAGE);
    assert_string_equal(hv_clock_name(hv.time.clock), "hyperv-tsc-page");
    assert_int_equal(hv.time.ref0, 2000);
    assert_int_equal(hv_time_ns(&hv, tsc, NULL), 5000);
    tsc_now = 4000; /* + 1000 units of 100 ns */
    assert_int_equal(hv_time_ns(&hv, tsc, NULL), 5000 + 100000);
    m.time_ref = 1; /* the page, not the MSR, answers */
    tsc_now = 4002;
    assert_int_equal(hv_time_ns(&hv, tsc, NULL), 5000 + 100100);
}

/* 3 GHz, 10 s: the TLFS formula with a scale rounded down, and a
 * negative offset. */
static void test_page_arithmetic(void **s)
{
    struct hv_ref_tsc_page p = {1, 0, 61489146912365172ull, -5};
    uint64_t t;
    (void)s;
    tsc_now = 30000000000ull;
    assert_int_equal(hv_ref_tsc_read(&p, tsc, NULL, &t), 0);
    assert_int_equal(t, 99999999 - 5);
    p.scale = ~0ull; /* the largest product: (2^64 - 1)^2 >> 64 */
    p.offset = 0;
    tsc_now = ~0ull;
    assert_int_equal(hv_ref_tsc_read(&p, tsc, NULL, &t), 0);
    assert_int_equal(t, ~0ull - 1);
}

static uint64_t tsc_migrate(void *ctx)
{
    int *calls = ctx;
    if ((*calls)++ == 0) /* a migration rewrites the page mid-read */
        hvm_ref_tsc_set(&m, 7, SCALE_HALF >> 1, 50);
    return tsc_now;
}

static void test_page_changes(void **s)
{
    int calls = 0;
    (void)s;
    up(&(struct hvm_cfg){.tsc_seq = 1, .tsc_scale = SCALE_HALF});
    tsc_now = 1000;
    assert_int_equal(setup(2, 0), 0);
    assert_int_equal(hv.time.ref0, 500);
    tsc_now = 2000; /* the second page's TSC / 4 + 50 */
    assert_int_equal(hv_time_ns(&hv, tsc_migrate, &calls), 50 * 100);
    assert_int_equal(calls, 2);
    /* Invalid sequences: the MSR counts the same reference time. */
    m.time_ref = 800;
    hvm_ref_tsc_set(&m, HV_REF_TSC_INVALID, SCALE_HALF, 0);
    assert_int_equal(hv_time_ns(&hv, tsc, NULL), 300 * 100);
    m.time_ref = 900;
    hvm_ref_tsc_set(&m, HV_REF_TSC_INVALID_OLD, SCALE_HALF, 0);
    assert_int_equal(hv_time_ns(&hv, tsc, NULL), 400 * 100);
    /* A reference time behind the last read never takes the clock back. */
    m.time_ref = 850;
    assert_int_equal(hv_time_ns(&hv, tsc, NULL), 400 * 100);
    m.time_ref = 100; /* before ref0 */
    assert_int_equal(hv_time_ns(&hv, tsc, NULL), 400 * 100);
}

static void test_clock_ref_count(void **s)
{
    (void)s;
    /* Offered but invalid at setup: the MSR, until the page turns valid. */
    up(&(struct hvm_cfg){0});
    m.time_ref = 300;
    assert_int_equal(setup(2, 1000), 0);
    assert_int_equal(hv.time.clock, HV_CLOCK_REF_COUNT);
    assert_true(m.ref_tsc & HV_MSR_ENABLE);
    m.time_ref = 310;
    assert_int_equal(hv_time_ns(&hv, tsc, NULL), 1000 + 1000);
    hvm_ref_tsc_set(&m, 3, SCALE_HALF, 0);
    tsc_now = 640;
    assert_int_equal(hv_time_ns(&hv, tsc, NULL), 1000 + 2000);
    hvm_free(&m);
    /* Not offered: the MSR only, and the page MSR is never touched. */
    up(&(struct hvm_cfg){.priv_eax = HV_PRIV_HYPERCALL | HV_PRIV_SYNIC |
                                     HV_PRIV_TIME_REF | HV_PRIV_STIMER});
    m.time_ref = 40;
    assert_int_equal(setup(2, 0), 0);
    assert_int_equal(hv.time.clock, HV_CLOCK_REF_COUNT);
    assert_string_equal(hv_clock_name(hv.time.clock), "hyperv-ref-count");
    assert_int_equal(m.gp, 0);
    hvm_free(&m);
    /* Neither: no Hyper-V clock; Skiff keeps the TSC. */
    up(&(struct hvm_cfg){.priv_eax = HV_PRIV_HYPERCALL | HV_PRIV_STIMER});
    assert_int_equal(setup(2, 0), -ENODEV);
    assert_int_equal(hv.time.clock, HV_CLOCK_NONE);
    assert_int_equal(m.gp, 0);
}

static void test_ref_at(void **s)
{
    (void)s;
    hv.time = (struct hv_time){.ref0 = 2000, .ns0 = 5000};
    assert_int_equal(hv_time_ref_at(&hv, 100), 2000); /* past */
    assert_int_equal(hv_time_ref_at(&hv, 5000), 2000);
    assert_int_equal(hv_time_ref_at(&hv, 5001), 2001); /* rounded up */
    assert_int_equal(hv_time_ref_at(&hv, 5100), 2001);
    assert_int_equal(hv_time_ref_at(&hv, 5101), 2002);
    assert_int_equal(hv_time_ref_at(&hv, 5000 + 3600000000000ull),
                     2000 + 36000000000ull);
}

static void test_timer_message(void **s)
{
    struct hv_msg out;
    uint32_t junk[2] = {99, 0};
    (void)s;
    up(&(struct hvm_cfg){0});
    m.time_ref = 1000;
    assert_int_equal(setup(2, 0), 0);
    assert_int_equal(hv.time.timer, HV_TIMER_MESSAGE);
    assert_string_equal(hv_timer_name(hv.time.timer), "stimer0-message");
    assert_int_equal((m.stimer_cfg >> HV_STIMER_SINT_SHIFT) & 15, 2);
    assert_int_equal(hv_time_arm(&hv, 50050), 0); /* 1000 + 501 */
    assert_int_equal(m.stimer_count, 1501);
    hvm_advance(&m, 1500);
    assert_int_equal(fired, 0);
    /* A VMBus message ahead of the expiry still goes to the queue. */
    hvm_send(&m, 2, VMBUS_HV_MSG_TYPE, junk, 8);
    hvm_advance(&m, 1501);
    assert_int_equal(fired, 1);
    assert_int_equal(hv.stats.timer_msgs, 1);
    assert_int_equal(hv_synic_recv(&hv, &out, 0), 0);
    assert_int_equal(out.type, VMBUS_HV_MSG_TYPE);
    assert_int_equal(hv_synic_recv(&hv, &out, 0), -ETIMEDOUT);
    hvm_advance(&m, 3000); /* one-shot */
    assert_int_equal(fired, 1);
    assert_int_equal(hv_time_arm(&hv, 0), 0); /* past: fires at once */
    assert_int_equal(fired, 2);
    /* Without timer_fn the expiry is an ordinary queued message. */
    hv.timer_fn = NULL;
    assert_int_equal(hv_time_arm(&hv, 400000), 0);
    hvm_advance(&m, 5000);
    assert_int_equal(hv_synic_recv(&hv, &out, 0), 0);
    assert_int_equal(out.type, HV_MSG_TIMER_EXPIRED);
    assert_int_equal(fired, 2);
}

static void test_timer_direct(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.feat_edx = HV_FEAT_STIMER_DIRECT});
    assert_int_equal(setup(2, 0), 0);
    assert_int_equal(hv.time.timer, HV_TIMER_DIRECT);
    assert_string_equal(hv_timer_name(hv.time.timer), "stimer0-direct");
    assert_int_equal(hv_time_arm(&hv, 1000), 0);
    hvm_advance(&m, 9);
    assert_int_equal(fired, 0);
    hvm_advance(&m, 10);
    assert_int_equal(fired, 1);
    assert_int_equal(m.direct_vector, 0x41);
    assert_int_equal(hv.stats.timer_msgs, 0);
    assert_int_equal(m.gp, 0);
}

/* Direct mode offered but no vector to spare: expiry messages on the
 * SINT instead, and a vector below 16 is still refused. */
static void test_timer_direct_no_vector(void **s)
{
    (void)s;
    up(&(struct hvm_cfg){.feat_edx = HV_FEAT_STIMER_DIRECT});
    m.time_ref = 1000;
    assert_int_equal(setup_vector(2, 0, 0), 0);
    assert_int_equal(hv.time.timer, HV_TIMER_MESSAGE);
    assert_false(m.stimer_cfg & HV_STIMER_DIRECT);
    assert_int_equal((m.stimer_cfg >> HV_STIMER_SINT_SHIFT) & 15, 2);
    assert_int_equal(hv_time_arm(&hv, 100), 0); /* reference time 1001 */
    hvm_advance(&m, 1001);
    assert_int_equal(fired, 1);
    assert_int_equal(m.direct_fired, 0);
    assert_int_equal(hv.stats.timer_msgs, 1);
    assert_int_equal(m.gp, 0);
    hvm_free(&m);
    /* No vector and no SynIC on the SINT: no timer rather than a wrong one. */
    up(&(struct hvm_cfg){.feat_edx = HV_FEAT_STIMER_DIRECT});
    assert_int_equal(setup_vector(5, 0, 0), 0);
    assert_int_equal(hv.time.timer, HV_TIMER_NONE);
    assert_int_equal(hv_stimer_init(&hv, 2, 15), -EINVAL);
    assert_int_equal(m.stimer_cfg, 0);
}

static void test_timer_absent(void **s)
{
    (void)s;
    /* No STIMER privilege: the clock still switches, the timer does not. */
    up(&(struct hvm_cfg){.priv_eax = HV_PRIV_HYPERCALL | HV_PRIV_SYNIC |
                                     HV_PRIV_TIME_REF});
    assert_int_equal(setup(2, 0), 0);
    assert_int_equal(hv.time.clock, HV_CLOCK_REF_COUNT);
    assert_int_equal(hv.time.timer, HV_TIMER_NONE);
    assert_int_equal(hv_time_arm(&hv, 1000), -ENODEV);
    hvm_free(&m);
    /* Message mode on a SINT the SynIC does not serve: no timer. */
    up(&(struct hvm_cfg){0});
    assert_int_equal(setup(5, 0), 0);
    assert_int_equal(hv.time.timer, HV_TIMER_NONE);
    assert_string_equal(hv_timer_name(hv.time.timer), "none");
    assert_int_equal(m.gp, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_clock_tsc_page, teardown),
        cmocka_unit_test(test_page_arithmetic),
        cmocka_unit_test_teardown(test_page_changes, teardown),
        cmocka_unit_test_teardown(test_clock_ref_count, teardown),
        cmocka_unit_test(test_ref_at),
        cmocka_unit_test_teardown(test_timer_message, teardown),
        cmocka_unit_test_teardown(test_timer_direct, teardown),
        cmocka_unit_test_teardown(test_timer_direct_no_vector, teardown),
        cmocka_unit_test_teardown(test_timer_absent, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
