/* SPDX-License-Identifier: MIT */
/*
 * VMBus control protocol, the part before any channel is opened: connect
 * (INITIATE_CONTACT / VERSION_RESPONSE), list offers (REQUESTOFFERS, then
 * OFFERCHANNEL messages until ALLOFFERS_DELIVERED) and UNLOAD. Linux
 * drivers/hv/connection.c and channel_mgmt.c do the same; QEMU's host
 * (hw/hyperv/vmbus.c) accepts versions up to 4.0 on connection 1 only.
 *
 * Versions are tried newest first. 5.0 and later go to connection id 4
 * with the message SINT in place of the interrupt page, and the response
 * names the connection id for everything after. A post the host refuses
 * moves on to the next version; a response that never comes ends the
 * attempt with -ETIMEDOUT, as Linux does. Messages of other kinds that
 * arrive meanwhile are counted and skipped.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define OFFER_MSGS_MAX 256
#define RESULT_TRIES   16 /* results for other channels or GPADLs */

static const uint32_t versions[] = {
    VMBUS_VERSION(5, 3),  VMBUS_VERSION(5, 2), VMBUS_VERSION(5, 1),
    VMBUS_VERSION(5, 0),  VMBUS_VERSION(4, 1), VMBUS_VERSION(4, 0),
    VMBUS_VERSION(3, 0),  VMBUS_VERSION(2, 4), VMBUS_VERSION(1, 1),
    VMBUS_VERSION(0, 13),
};

static unsigned waits(const struct hv *hv)
{
    return hv->timeout ? hv->timeout : HV_TIMEOUT_DEFAULT;
}

int hv_vmbus_recv(struct hv *hv, uint32_t want, unsigned min, struct hv_msg *m)
{
    for (unsigned n = 0; n < OFFER_MSGS_MAX; n++) {
        int e = hv_synic_recv(hv, m, waits(hv));
        if (e)
            return e;
        uint32_t type;
        if (m->type != VMBUS_HV_MSG_TYPE || m->size < sizeof(type)) {
            hv->stats.unknown++;
            continue;
        }
        memcpy(&type, m->payload, sizeof(type));
        if (type == want && m->size >= min)
            return 0;
        hv->stats.unknown++;
    }
    return -EIO;
}

static int recv_result(struct hv *hv, uint32_t type, uint32_t relid,
                       uint32_t id, uint32_t *status)
{
    struct vmbus_result r;
    struct hv_msg m;
    for (unsigned i = 0; i < RESULT_TRIES; i++) {
        int e = hv_vmbus_recv(hv, type, sizeof(r), &m);
        if (e)
            return e;
        memcpy(&r, m.payload, sizeof(r));
        if (r.child_relid == relid && r.id == id) {
            *status = r.status;
            return 0;
        }
        hv->stats.unknown++;
    }
    return -EIO;
}

int hv_vmbus_await(struct hv *hv, uint32_t type, uint32_t relid, uint32_t id,
                   const char *reply, const char *req, struct diag *d)
{
    uint32_t status;
    int e = recv_result(hv, type, relid, id, &status);
    if (e)
        diag_set(d, "vmbus: relid %u: no %s (id 0x%x)", relid, reply, id);
    else if (status)
        diag_set(d, "vmbus: relid %u: %s refused (id 0x%x), status 0x%x", relid,
                 req, id, status);
    return e ? e : status ? -EIO : 0;
}

static int pages(struct hv *hv)
{
    const struct hv_ops *o = hv->ops;
    int e = 0;
    if (!hv->int_page)
        e = o->page_alloc(o->ctx, HV_PAGE_DATA, &hv->int_page, &hv->int_gpa);
    if (!e && !hv->monitor1)
        e = o->page_alloc(o->ctx, HV_PAGE_DATA, &hv->monitor1, &hv->mon1_gpa);
    if (!e && !hv->monitor2)
        e = o->page_alloc(o->ctx, HV_PAGE_DATA, &hv->monitor2, &hv->mon2_gpa);
    return e;
}

/* Offer one version. Returns 1 accepted, 0 refused, or an error. */
static int try_version(struct hv *hv, uint32_t ver)
{
    struct vmbus_initiate_contact c = {0};
    struct vmbus_version_response r;
    struct hv_msg m;
    uint32_t conn = ver >= VMBUS_V5_0 ? VMBUS_CONN_ID_5 : VMBUS_CONN_ID_OLD;
    c.hdr.msgtype = VMBUS_MSG_INITIATE_CONTACT;
    c.version = ver;
    c.target_vcpu = hv->vp_index;
    if (ver >= VMBUS_V5_0)
        c.msg_sint = VMBUS_MESSAGE_SINT;
    else
        c.interrupt_page = hv->int_gpa;
    c.monitor_page1 = hv->mon1_gpa;
    c.monitor_page2 = hv->mon2_gpa;
    int e = hv_post_message(hv, conn, VMBUS_HV_MSG_TYPE, &c, sizeof(c));
    if (e)
        return 0; /* refused (QEMU: no connection 4): try the next */
    e = hv_vmbus_recv(hv, VMBUS_MSG_VERSION_RESPONSE, 9, &m);
    if (e)
        return e;
    memset(&r, 0, sizeof(r));
    memcpy(&r, m.payload, m.size < sizeof(r) ? m.size : sizeof(r));
    if (!r.version_supported)
        return 0;
    hv->vmbus_version = ver;
    hv->msg_conn_id = conn;
    if (ver >= VMBUS_V5_0) {
        if (m.size < sizeof(r) || r.msg_conn_id == 0)
            return -EPROTO;
        hv->msg_conn_id = r.msg_conn_id;
    }
    return 1;
}

int hv_vmbus_connect(struct hv *hv, struct diag *d)
{
    int e = pages(hv);
    if (e)
        return e;
    for (unsigned i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        e = try_version(hv, versions[i]);
        if (e == 1)
            return 0;
        if (e < 0) {
            diag_set(d, "vmbus: version %u.%u: %s", versions[i] >> 16,
                     versions[i] & 0xffff,
                     e == -ETIMEDOUT ? "no response" : "bad response");
            return e;
        }
    }
    diag_set(d, "vmbus: no protocol version accepted");
    return -EOPNOTSUPP;
}

/* Keep a sane offer; count the rest. */
static void add_offer(struct hv *hv, const struct hv_msg *m)
{
    struct vmbus_offer o;
    memcpy(&o, m->payload, sizeof(o));
    if (o.child_relid >= VMBUS_MAX_RELID) {
        hv->stats.bad_offers++;
        return;
    }
    for (unsigned i = 0; i < hv->noffers; i++) {
        if (hv->offers[i].relid == o.child_relid) {
            hv->stats.bad_offers++;
            return;
        }
    }
    if (hv->noffers == HV_MAX_OFFERS) {
        hv->stats.dropped++;
        return;
    }
    struct hv_offer *p = &hv->offers[hv->noffers++];
    memcpy(p->type, o.if_type, 16);
    memcpy(p->instance, o.if_instance, 16);
    p->relid = o.child_relid;
    p->connection_id = o.connection_id;
    p->sub_index = o.sub_channel_index;
    p->mmio_mb = o.mmio_megabytes;
}

int hv_vmbus_request_offers(struct hv *hv, struct diag *d)
{
    struct vmbus_hdr h = {VMBUS_MSG_REQUESTOFFERS, 0};
    struct hv_msg m;
    int e =
        hv_post_message(hv, hv->msg_conn_id, VMBUS_HV_MSG_TYPE, &h, sizeof(h));
    if (e)
        return diag_set(d, "vmbus: REQUESTOFFERS refused (%d)", e), e;
    hv->noffers = 0;
    for (unsigned n = 0; n < OFFER_MSGS_MAX; n++) {
        uint32_t type;
        if ((e = hv_synic_recv(hv, &m, waits(hv))))
            return diag_set(d, "vmbus: offers: no end marker"), e;
        if (m.type != VMBUS_HV_MSG_TYPE || m.size < sizeof(type)) {
            hv->stats.unknown++;
            continue;
        }
        memcpy(&type, m.payload, sizeof(type));
        if (type == VMBUS_MSG_ALLOFFERS_DELIVERED)
            return 0;
        if (type != VMBUS_MSG_OFFERCHANNEL)
            hv->stats.unknown++;
        else if (m.size < sizeof(struct vmbus_offer))
            hv->stats.bad_offers++;
        else
            add_offer(hv, &m);
    }
    diag_set(d, "vmbus: offers: %u messages and no end", OFFER_MSGS_MAX);
    return -EIO;
}

int hv_vmbus_unload(struct hv *hv)
{
    struct vmbus_hdr h = {VMBUS_MSG_UNLOAD, 0};
    struct hv_msg m;
    int e =
        hv_post_message(hv, hv->msg_conn_id, VMBUS_HV_MSG_TYPE, &h, sizeof(h));
    if (e)
        return e;
    return hv_vmbus_recv(hv, VMBUS_MSG_UNLOAD_RESPONSE, 4, &m);
}
