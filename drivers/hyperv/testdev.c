/* SPDX-License-Identifier: MIT */
/*
 * A SynIC self-test through QEMU's hyperv-testdev (hv_hw.h): the guest
 * asks the device for a message connection and an event connection on a
 * SINT of their own, then checks that PostMessage comes back into that
 * SINT's message slot and SignalEvent sets the connection's flag in its
 * event slot, both taken by polling, so it runs with interrupts off.
 * Every connection created is destroyed again (QEMU aborts on a destroy
 * of what it does not have, so nothing is destroyed twice).
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define MSG_CONN  5u
#define EVT_CONN  6u
#define ECHO_TYPE 0x534b4946u /* "SKIF", any type 1..0x7fffffff */

static void ctl(hv_testdev_fn cmd, void *ctx, unsigned conn, unsigned c,
                unsigned vp, unsigned sint)
{
    cmd(ctx, conn << 24 | c << 16 | (vp & 0xff) << 8 | sint);
}

static int echo(struct hv *hv, unsigned sint, struct diag *d)
{
    static const char text[] = "skiff testdev";
    struct hv_msg m;
    int e = hv_post_message(hv, MSG_CONN, ECHO_TYPE, text, sizeof(text));
    if (e)
        return diag_set(d, "testdev: post message %d", e), e;
    if ((e = hv_synic_recv(hv, &m, HV_TIMEOUT_DEFAULT)))
        return diag_set(d, "testdev: no echo"), e;
    if (m.type != ECHO_TYPE || m.sint != sint || m.size != sizeof(text) ||
        memcmp(m.payload, text, sizeof(text)) != 0) {
        diag_set(d, "testdev: echo type 0x%x sint %u size %u", m.type, m.sint,
                 m.size);
        return -EPROTO;
    }
    return 0;
}

static int event(struct hv *hv, unsigned sint, struct diag *d)
{
    int e = hv_signal_event(hv, EVT_CONN, 0);
    if (e)
        return diag_set(d, "testdev: signal event %d", e), e;
    if (hv_event_test_clear(hv, sint, EVT_CONN) != 1)
        return diag_set(d, "testdev: flag %u not set", EVT_CONN), -EPROTO;
    if (hv_event_test_clear(hv, sint, EVT_CONN) != 0)
        return diag_set(d, "testdev: flag %u not cleared", EVT_CONN), -EPROTO;
    return 0;
}

int hv_testdev_run(struct hv *hv, unsigned sint, hv_testdev_fn cmd, void *ctx,
                   struct diag *d)
{
    const struct hv_ops *o = hv->ops;
    unsigned vp = hv->vp_index;
    uint64_t v;
    int e;
    if (!o || o->rdmsr(o->ctx, HV_MSR_SINT0 + VMBUS_MESSAGE_SINT, &v) ||
        (v & HV_SINT_MASKED))
        return diag_set(d, "testdev: the SynIC is off"), -ENODEV;
    /* The same vector as VMBus's SINT: hv_synic_isr drains both. */
    if ((e = hv_synic_init(hv, sint, (uint8_t)(v & HV_SINT_VECTOR_MASK), 0)))
        return diag_set(d, "testdev: sint %u: %d", sint, e), e;
    ctl(cmd, ctx, 0, HV_TESTDEV_ROUTE_CREATE, vp, sint);
    ctl(cmd, ctx, 0, HV_TESTDEV_ROUTE_FIRE, vp, sint);
    ctl(cmd, ctx, 0, HV_TESTDEV_ROUTE_DESTROY, vp, sint);
    ctl(cmd, ctx, MSG_CONN, HV_TESTDEV_MSG_CONN_CREATE, vp, sint);
    e = echo(hv, sint, d);
    ctl(cmd, ctx, MSG_CONN, HV_TESTDEV_MSG_CONN_DESTROY, vp, sint);
    if (e)
        return e;
    ctl(cmd, ctx, EVT_CONN, HV_TESTDEV_EVT_CONN_CREATE, vp, sint);
    e = event(hv, sint, d);
    ctl(cmd, ctx, EVT_CONN, HV_TESTDEV_EVT_CONN_DESTROY, vp, sint);
    return e;
}
