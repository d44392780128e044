/* SPDX-License-Identifier: MIT */
/*
 * The boot bring-up's decisions (drivers/hyperv/bringup.c, what hyperv.c
 * runs at boot) against the simulated Hyper-V: the order of the phases,
 * seen as the first write of each MSR, each vector taken, the clock and
 * timer installed and the first hypercall; the fallbacks when vectors,
 * privileges or reference time are missing; STIMER0 expiries reaching
 * the kernel's timer hook by the vector or by message; and the UNLOAD at
 * shutdown.
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

#define FIRST_VECTOR 0x40

static struct hv_model m;
static struct hv_ops inner, ops;
static struct hv hv;
static struct hv_bringup r;
static unsigned seq, vectors_free, next_vector, expiries;
static void (*vec_fn[256])(void *);
static void *vec_arg[256];

/* The 1-based position of each event's first occurrence; 0: never. */
static struct {
    unsigned os_id, hypercall, simp, scontrol, stimer, sint_vec, timer_vec;
    unsigned clock, timer, first_call;
} at;

static void mark(unsigned *e)
{
    seq++;
    if (!*e)
        *e = seq;
}

static int w_wrmsr(void *ctx, uint32_t msr, uint64_t v)
{
    switch (msr) {
    case HV_MSR_GUEST_OS_ID: mark(&at.os_id); break;
    case HV_MSR_HYPERCALL: mark(&at.hypercall); break;
    case HV_MSR_SIMP: mark(&at.simp); break;
    case HV_MSR_SCONTROL: mark(&at.scontrol); break;
    case HV_MSR_STIMER0_CONFIG: mark(&at.stimer); break;
    default: break;
    }
    return inner.wrmsr(ctx, msr, v);
}

static uint64_t w_hypercall(void *ctx, void *page, uint64_t control,
                            uint64_t in, uint64_t out)
{
    mark(&at.first_call);
    return inner.hypercall(ctx, page, control, in, out);
}

static void sint_isr(void *arg)
{
    hv_synic_isr(arg);
}

static void timer_isr(void *ctx)
{
    assert_ptr_equal(ctx, &m);
    expiries++;
}

static int vector_alloc(void *ctx, void (*fn)(void *), void *arg)
{
    (void)ctx;
    if (!vectors_free)
        return -ENOSPC;
    vectors_free--;
    vec_fn[next_vector] = fn;
    vec_arg[next_vector] = arg;
    mark(fn == sint_isr ? &at.sint_vec : &at.timer_vec);
    return (int)next_vector++;
}

/* The IDT: the SINT's vector as the SINT register names it. */
static void model_sint(void *ctx)
{
    (void)ctx;
    uint8_t v = m.sint[VMBUS_MESSAGE_SINT] & HV_SINT_VECTOR_MASK;
    assert_non_null(vec_fn[v]);
    vec_fn[v](vec_arg[v]);
}

static void model_vector(void *ctx, uint8_t v)
{
    (void)ctx;
    assert_non_null(vec_fn[v]);
    vec_fn[v](vec_arg[v]);
}

static uint64_t tsc(void *ctx)
{
    (void)ctx;
    return 0;
}

static uint64_t ns_now(void)
{
    return 1000;
}

static void clock_use(void *ctx, struct hv *h)
{
    (void)ctx;
    assert_ptr_equal(h, &hv);
    mark(&at.clock);
}

static void timer_use(void *ctx, struct hv *h)
{
    (void)ctx;
    assert_int_not_equal(h->time.timer, HV_TIMER_NONE);
    mark(&at.timer);
}

static const struct hv_bringup_env env = {
    &m, vector_alloc, tsc, ns_now, sint_isr, timer_isr, clock_use, timer_use,
};

/* Detect on a model with (cfg) and run the bring-up with (vectors) free
 * interrupt vectors. Returns hv_bringup's result. */
static int bring_up(const struct hvm_cfg *cfg, unsigned vectors)
{
    struct hv_info info;
    hvm_init(&m, cfg);
    inner = hvm_ops(&m);
    ops = inner;
    ops.wrmsr = w_wrmsr;
    ops.hypercall = w_hypercall;
    m.isr = model_sint;
    m.vector_isr = model_vector;
    memset(&hv, 0, sizeof(hv));
    memset(&at, 0, sizeof(at));
    memset(vec_fn, 0, sizeof(vec_fn));
    seq = expiries = 0;
    vectors_free = vectors;
    next_vector = FIRST_VECTOR;
    assert_int_equal(hv_detect(&ops, &info), 0);
    return hv_bringup(&hv, &ops, &info, &env, &r, NULL);
}

static int teardown(void **s)
{
    (void)s;
    hvm_free(&m);
    return 0;
}

/* STIMER0 armed 100 ns ahead fires once into the kernel's hook. */
static void expect_expiry(void)
{
    uint64_t now = m.time_ref;
    assert_int_equal(hv_time_arm(&hv, hv.time.ns0 + 100), 0);
    hvm_advance(&m, now + 1);
    assert_int_equal(expiries, 1);
}

static void test_order_direct(void **s)
{
    (void)s;
    assert_int_equal(
        bring_up(&(struct hvm_cfg){.feat_edx = HV_FEAT_STIMER_DIRECT}, 8), 0);
    assert_int_equal(r.hypercall | r.freq | r.ref_tsc | r.ref_read, 0);
    assert_int_equal(r.synic | r.time | r.vmbus, 0);
    assert_true(at.os_id && at.os_id < at.hypercall);
    assert_true(at.hypercall < at.sint_vec);
    assert_true(at.sint_vec < at.simp && at.simp < at.scontrol);
    assert_true(at.scontrol < at.timer_vec && at.timer_vec < at.stimer);
    assert_true(at.stimer < at.clock && at.clock < at.timer);
    assert_true(at.timer < at.first_call); /* VMBus last */
    assert_int_equal(r.sint_vector, FIRST_VECTOR);
    assert_int_equal(r.timer_vector, FIRST_VECTOR + 1);
    assert_int_equal(hv.time.timer, HV_TIMER_DIRECT);
    assert_int_equal(hv.noffers, 6);
    assert_int_equal(r.heartbeat, 0); /* offered: opened after the offers */
    assert_true(hv.hb.on);
    assert_int_equal(m.ch.negotiated, 1);
    expect_expiry();
    assert_int_equal(m.direct_fired, 1);
    assert_int_equal(m.direct_vector, FIRST_VECTOR + 1);
    assert_int_equal(m.gp, 0);
}

/* One vector: the SynIC takes it, STIMER0 falls back to messages. */
static void test_one_vector(void **s)
{
    (void)s;
    assert_int_equal(
        bring_up(&(struct hvm_cfg){.feat_edx = HV_FEAT_STIMER_DIRECT}, 1), 0);
    assert_int_equal(r.synic, 0);
    assert_int_equal(r.timer_vector, 0);
    assert_int_equal(hv.time.timer, HV_TIMER_MESSAGE);
    assert_false(m.stimer_cfg & HV_STIMER_DIRECT);
    assert_true(at.clock < at.timer && at.timer < at.first_call);
    assert_int_equal(r.vmbus, 0);
    expect_expiry();
    assert_int_equal(m.direct_fired, 0);
    assert_int_equal(hv.stats.timer_msgs, 1);
}

/* No vector at all: no SynIC, so no timer and no VMBus, but the clock. */
static void test_no_vectors(void **s)
{
    (void)s;
    assert_int_equal(
        bring_up(&(struct hvm_cfg){.feat_edx = HV_FEAT_STIMER_DIRECT}, 0), 0);
    assert_int_equal(r.sint_vector, -ENOSPC);
    assert_int_equal(r.synic, -ENOSPC);
    assert_int_equal(hv.time.timer, HV_TIMER_NONE);
    assert_int_equal(r.time, 0);
    assert_true(at.clock);
    assert_int_equal(at.timer, 0);
    assert_int_equal(at.simp, 0);
    assert_int_equal(r.vmbus, -ENODEV);
    assert_int_equal(r.heartbeat, -ENODEV);
    assert_int_equal(m.hypercalls, 0);
    assert_int_equal(hv_shutdown(&hv, 5), -ENODEV);
    assert_int_equal(m.hypercalls, 0);
}

/* No SynIC privilege: no vector is taken for it; direct STIMER0 works. */
static void test_no_synic(void **s)
{
    const uint32_t priv =
        HV_PRIV_HYPERCALL | HV_PRIV_TIME_REF | HV_PRIV_REF_TSC | HV_PRIV_STIMER;
    (void)s;
    assert_int_equal(
        bring_up(&(struct hvm_cfg){.priv_eax = priv,
                                   .feat_edx = HV_FEAT_STIMER_DIRECT},
                 8),
        0);
    assert_int_equal(r.synic, -ENODEV);
    assert_int_equal(at.sint_vec, 0);
    assert_int_equal(r.timer_vector, FIRST_VECTOR);
    assert_int_equal(hv.time.timer, HV_TIMER_DIRECT);
    assert_int_equal(r.vmbus, -ENODEV);
    assert_int_equal(m.hypercalls, 0);
    expect_expiry();
    hvm_free(&m);
    /* Nor direct mode: no timer, and no vector taken at all. */
    assert_int_equal(bring_up(&(struct hvm_cfg){.priv_eax = priv}, 8), 0);
    assert_int_equal(hv.time.timer, HV_TIMER_NONE);
    assert_int_equal(vectors_free, 8);
    assert_true(at.clock);
    assert_int_equal(at.timer, 0);
    assert_int_equal(m.gp, 0);
}

/* Direct mode offered without the STIMER privilege: no vector wasted. */
static void test_no_stimer(void **s)
{
    (void)s;
    assert_int_equal(
        bring_up(&(struct hvm_cfg){.priv_eax = HV_PRIV_HYPERCALL |
                                               HV_PRIV_SYNIC | HV_PRIV_TIME_REF,
                                   .feat_edx = HV_FEAT_STIMER_DIRECT},
                 8),
        0);
    assert_int_equal(vectors_free, 7); /* the SynIC's */
    assert_int_equal(hv.time.timer, HV_TIMER_NONE);
    assert_int_equal(at.timer, 0);
    assert_int_equal(r.vmbus, 0);
}

/* No reference time: the TSC stays the clock; VMBus still comes up. */
static void test_no_reference_time(void **s)
{
    (void)s;
    assert_int_equal(
        bring_up(&(struct hvm_cfg){.priv_eax = HV_PRIV_HYPERCALL |
                                               HV_PRIV_SYNIC | HV_PRIV_STIMER},
                 8),
        0);
    assert_int_equal(r.freq, -ENODEV);
    assert_int_equal(r.ref_read, -ENODEV);
    assert_int_equal(r.time, -ENODEV);
    assert_int_equal(at.clock, 0);
    assert_int_equal(at.timer, 0);
    assert_int_equal(r.vmbus, 0);
    assert_int_equal(m.gp, 0);
}

/* Without the hypercall privilege nothing runs: no MSR, no vector. */
static void test_no_hypercall(void **s)
{
    (void)s;
    assert_int_equal(bring_up(&(struct hvm_cfg){.priv_eax = HV_PRIV_SYNIC}, 8),
                     -ENODEV);
    assert_int_equal(r.hypercall, -ENODEV);
    assert_int_equal(seq, 0);
    assert_int_equal(vectors_free, 8);
    assert_int_equal(m.gp, 0);
    assert_int_equal(hv_shutdown(NULL, 5), -ENODEV);
}

static void test_shutdown_unload(void **s)
{
    (void)s;
    assert_int_equal(bring_up(&(struct hvm_cfg){0}, 8), 0);
    assert_int_equal(m.unloaded, 0);
    assert_int_equal(hv_shutdown(&hv, 5), 0);
    assert_int_equal(m.unloaded, 1);
    assert_int_equal(hv.timeout, 5);
    /* The heartbeat channel closed and its GPADL torn down first. */
    assert_int_equal(m.ch.closes, 1);
    assert_int_equal(m.ch.torndown, 1);
    assert_int_equal(m.ch.bad, 0);
}

/* A heartbeat channel the host refuses leaves VMBus connected. */
static void test_heartbeat_refused(void **s)
{
    (void)s;
    assert_int_equal(bring_up(&(struct hvm_cfg){.hostile = HVM_OPEN_FAIL}, 8),
                     0);
    assert_int_equal(r.vmbus, 0);
    assert_int_equal(r.heartbeat, -EIO);
    assert_false(hv.hb.on);
    assert_int_equal(hv_shutdown(&hv, 5), 0);
    assert_int_equal(m.ch.closes, 0);
    assert_int_equal(m.unloaded, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_order_direct, teardown),
        cmocka_unit_test_teardown(test_one_vector, teardown),
        cmocka_unit_test_teardown(test_no_vectors, teardown),
        cmocka_unit_test_teardown(test_no_synic, teardown),
        cmocka_unit_test_teardown(test_no_stimer, teardown),
        cmocka_unit_test_teardown(test_no_reference_time, teardown),
        cmocka_unit_test_teardown(test_no_hypercall, teardown),
        cmocka_unit_test_teardown(test_shutdown_unload, teardown),
        cmocka_unit_test_teardown(test_heartbeat_refused, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
