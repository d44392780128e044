/* SPDX-License-Identifier: MIT */
/*
 * VMBus channels: open one offer's channel over two rings and talk on it
 * (Linux drivers/hv/channel.c, vmbus_open and vmbus_close). Both rings
 * live in one GPADL, the send ring first; OPENCHANNEL names the page
 * where the receive ring starts. The open id is the relid, as Linux
 * does, and OPENCHANNEL_RESULT must name both. Closing is CLOSECHANNEL
 * (unanswered) and then tearing the GPADL down, before UNLOAD.
 *
 * The host is told about a write with HvCallSignalEvent on the offer's
 * connection id (flag 0, the only one QEMU/KVM accept); it tells Skiff
 * about its writes with the event flag numbered by the relid on VMBus's
 * SINT, but the ring itself is the truth, so receiving just looks.
 * Before protocol 2.4 (Windows 8) both directions also go through the
 * interrupt page (Linux vmbus_set_event, vmbus_chan_sched), which Skiff
 * does not implement, so channels need 2.4 or later.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define WIN8_VERSION VMBUS_VERSION(2, 4)

/* Allocate both rings' pages and set the rings over them. */
static int rings(struct hv *hv, struct hv_channel *ch)
{
    const struct hv_ops *o = hv->ops;
    void *va[2 * HV_RING_PAGES];
    for (unsigned i = 0; i < 2 * HV_RING_PAGES; i++) {
        int e = o->page_alloc(o->ctx, HV_PAGE_DATA, &va[i], &ch->gpas[i]);
        if (e)
            return e;
    }
    hv_ring_init(&ch->send, va[0], &va[1]);
    hv_ring_init(&ch->recv, va[HV_RING_PAGES], &va[HV_RING_PAGES + 1]);
    return 0;
}

int hv_channel_open(struct hv *hv, const struct hv_offer *o,
                    struct hv_channel *ch, struct diag *d)
{
    struct vmbus_open_channel oc;
    memset(ch, 0, sizeof(*ch));
    ch->relid = o->relid;
    ch->conn_id = o->connection_id;
    if (hv->vmbus_version < WIN8_VERSION) {
        diag_set(d, "vmbus: relid %u: channels need protocol 2.4 or later",
                 o->relid);
        return -EOPNOTSUPP;
    }
    int e = rings(hv, ch);
    if (e)
        return diag_set(d, "vmbus: relid %u: no ring memory", o->relid), e;
    e = hv_gpadl_create(hv, ch->relid, ch->gpas, 2 * HV_RING_PAGES, &ch->gpadl,
                        d);
    if (e)
        return e;
    memset(&oc, 0, sizeof(oc));
    oc.hdr.msgtype = VMBUS_MSG_OPENCHANNEL;
    oc.child_relid = ch->relid;
    oc.openid = ch->relid;
    oc.ringbuffer_gpadl = ch->gpadl;
    oc.target_vp = hv->vp_index;
    oc.downstream_page_offset = HV_RING_PAGES;
    e = hv_post_message(hv, hv->msg_conn_id, VMBUS_HV_MSG_TYPE, &oc,
                        sizeof(oc));
    if (e)
        diag_set(d, "vmbus: relid %u: OPENCHANNEL refused (%d)", ch->relid, e);
    else
        e = hv_vmbus_await(hv, VMBUS_MSG_OPENCHANNEL_RESULT, ch->relid,
                           ch->relid, "OPENCHANNEL_RESULT", "open", d);
    if (e) { /* the host may still hold the pages: give them back */
        hv_gpadl_teardown(hv, ch->relid, ch->gpadl);
        return e;
    }
    ch->open = 1;
    return 0;
}

int hv_channel_close(struct hv *hv, struct hv_channel *ch)
{
    struct vmbus_close_channel c = {{VMBUS_MSG_CLOSECHANNEL, 0}, 0};
    if (!ch->open)
        return -ENODEV;
    c.child_relid = ch->relid;
    ch->open = 0;
    int e =
        hv_post_message(hv, hv->msg_conn_id, VMBUS_HV_MSG_TYPE, &c, sizeof(c));
    if (e)
        return e;
    return hv_gpadl_teardown(hv, ch->relid, ch->gpadl);
}

static int kick(struct hv *hv, struct hv_channel *ch)
{
    ch->signals++;
    return hv_signal_event(hv, ch->conn_id, 0);
}

int hv_channel_send(struct hv *hv, struct hv_channel *ch, uint64_t trans_id,
                    const void *buf, uint32_t len, unsigned n)
{
    int signal, e;
    if (!ch->open)
        return -ENODEV;
    for (unsigned i = 0;; i++) {
        e = hv_ring_write(&ch->send, VMBUS_PKT_DATA_INBAND, 0, trans_id, buf,
                          len, &signal);
        if (e != -EAGAIN)
            break;
        if (i >= n)
            return -ETIMEDOUT;
        hv->ops->wait(hv->ops->ctx);
    }
    return e ? e : signal ? kick(hv, ch) : 0;
}

int hv_channel_recv(struct hv *hv, struct hv_channel *ch,
                    struct vmbus_packet_desc *desc, void *buf, uint32_t cap,
                    uint32_t *len)
{
    int signal;
    if (!ch->open)
        return -ENODEV;
    int e = hv_ring_read(&ch->recv, desc, buf, cap, len, &signal);
    if (signal)
        kick(hv, ch);
    return e;
}
