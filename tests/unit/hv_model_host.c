/* SPDX-License-Identifier: MIT */
/*
 * The simulated Hyper-V's hypercalls and VMBus host. PostMessage checks
 * what the TLFS and QEMU check (slow call only, 8-byte aligned input,
 * payload <= 240, message type 1..0x7fffffff, a known connection id) and
 * hands VMBus messages to the host below, which answers on the SINT the
 * guest named. SignalEvent (fast) sets flag `conn` in SINT 2's event slot,
 * as QEMU's hyperv-testdev event connections do; QEMU refuses flag
 * numbers other than 0 with HV_STATUS_INVALID_PORT_ID. hvm_testdev plays
 * hyperv-testdev itself: its message connections echo PostMessage into a
 * SINT's slot, its event connections set flag `conn` in a SINT's slot.
 */
#include "skiff/errno.h"
#include "tests/unit/hv_model.h"
#include <string.h>

#define EVENT_CONN 7u /* the one event connection this host serves */

static const uint8_t classes[][16] = {
    {0x63, 0x51, 0x61, 0xf8, 0x3e, 0xdf, 0xc5, 0x46, 0x91, 0x3f, 0xf2, 0xd2,
     0xf9, 0x65, 0xed, 0x0e}, /* network */
    {0xd9, 0x63, 0x61, 0xba, 0xa1, 0x04, 0x29, 0x4d, 0xb6, 0x05, 0x72, 0xe2,
     0xff, 0xb1, 0xdc, 0x7f}, /* scsi */
    {0x39, 0x4f, 0x16, 0x57, 0x15, 0x91, 0x78, 0x4e, 0xab, 0x55, 0x38, 0x2f,
     0x3b, 0xd5, 0x42, 0x2d}, /* heartbeat */
    {0x6d, 0xad, 0x12, 0xf9, 0x17, 0x2b, 0xea, 0x48, 0xbd, 0x65, 0xf9, 0x27,
     0xa6, 0x1c, 0x76, 0x84}, /* keyboard */
    {0x31, 0x60, 0x0b, 0x0e, 0x13, 0x52, 0x34, 0x49, 0x81, 0x8b, 0x38, 0xd9,
     0x0c, 0xed, 0x39, 0xdb}, /* shutdown */
    {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
     0xdd, 0xee, 0xff, 0x00}, /* unknown to the guest */
};
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

static void chan(struct hv_model *m, unsigned sint, const void *p,
                 unsigned size)
{
    if (m->cfg.hostile == HVM_OVERSIZE) {
        uint8_t big[HV_MSG_PAYLOAD_MAX] = {0};
        memcpy(big, p, size);
        hvm_send(m, sint, VMBUS_HV_MSG_TYPE, big, 241);
    }
    if (m->cfg.hostile == HVM_UNKNOWN) {
        uint32_t junk[2] = {99, 0};
        hvm_send(m, sint, 0x1234, junk, 8);
        hvm_send(m, sint, VMBUS_HV_MSG_TYPE, junk, 8);
    }
    hvm_send(m, sint, VMBUS_HV_MSG_TYPE, p, size);
}

static void offer(struct hv_model *m, unsigned i, uint32_t relid, unsigned size)
{
    struct vmbus_offer o = {0};
    o.hdr.msgtype = VMBUS_MSG_OFFERCHANNEL;
    memcpy(o.if_type, classes[i % NCLASSES], 16);
    o.if_instance[0] = (uint8_t)i;
    o.child_relid = relid;
    o.connection_id = 0x10000 + relid;
    chan(m, VMBUS_MESSAGE_SINT, &o, size);
}

static void offers(struct hv_model *m)
{
    struct vmbus_hdr end = {VMBUS_MSG_ALLOFFERS_DELIVERED, 0};
    uint32_t junk[2] = {99, 0};
    if (m->cfg.hostile == HVM_FLOOD) { /* two, so msg_pending starts it */
        void (*isr)(void *) = m->isr;
        m->isr = NULL;
        for (int i = 0; i < 2; i++)
            hvm_send(m, VMBUS_MESSAGE_SINT, VMBUS_HV_MSG_TYPE, junk, 8);
        m->isr = isr;
        hvm_raise(m, VMBUS_MESSAGE_SINT);
        return;
    }
    if (!m->cfg.offers_qemu)
        for (unsigned i = 0; i < NCLASSES; i++)
            offer(m, i, i + 1, sizeof(struct vmbus_offer));
    if (m->cfg.hostile == HVM_GARBAGE_OFFERS) {
        offer(m, 0, 5000, sizeof(struct vmbus_offer)); /* relid >= 2048 */
        offer(m, 1, 2, sizeof(struct vmbus_offer));    /* duplicate */
        offer(m, 2, 40, 100);                          /* truncated */
    }
    if (m->cfg.hostile != HVM_NO_END)
        chan(m, VMBUS_MESSAGE_SINT, &end, sizeof(end));
}

static void contact(struct hv_model *m, uint32_t conn,
                    const struct vmbus_initiate_contact *c)
{
    struct vmbus_version_response r;
    memset(&r, 0, sizeof(r));
    r.hdr.msgtype = VMBUS_MSG_VERSION_RESPONSE;
    int v5 = c->version >= VMBUS_V5_0;
    if (m->ncontacts < 16) {
        m->contact_version[m->ncontacts] = c->version;
        m->contact_conn[m->ncontacts++] = conn;
    }
    if (m->cfg.hostile == HVM_SILENT)
        return;
    r.version_supported = c->version <= m->cfg.max_version &&
                          (conn == VMBUS_CONN_ID_5) == v5 && c->monitor_page1 &&
                          c->monitor_page2;
    if (r.version_supported) {
        m->connected = 1;
        m->version = c->version;
        if (v5)
            r.msg_conn_id = m->cfg.msg_conn_id;
    }
    chan(m, v5 ? c->msg_sint : VMBUS_MESSAGE_SINT, &r, sizeof(r));
}

/* 1 when (conn) is a connection the VMBus host listens on. */
static int vmbus_conn(const struct hv_model *m, uint32_t conn)
{
    return conn == VMBUS_CONN_ID_OLD ||
           (conn == VMBUS_CONN_ID_5 && !m->cfg.no_conn4) ||
           (m->connected && conn == m->cfg.msg_conn_id);
}

/* A VMBus message from the guest on (conn). Returns an HV status. */
static uint64_t host(struct hv_model *m, uint32_t conn, const uint8_t *p,
                     uint32_t size)
{
    struct vmbus_initiate_contact c;
    struct vmbus_hdr h;
    if (size < sizeof(h))
        return HV_STATUS_SUCCESS; /* the host drops it */
    memcpy(&h, p, sizeof(h));
    if (h.msgtype == VMBUS_MSG_INITIATE_CONTACT && size >= sizeof(c)) {
        memcpy(&c, p, sizeof(c));
        contact(m, conn, &c);
    } else if (h.msgtype == VMBUS_MSG_REQUESTOFFERS && m->connected) {
        offers(m);
    } else if (h.msgtype == VMBUS_MSG_UNLOAD && m->connected) {
        struct vmbus_hdr r = {VMBUS_MSG_UNLOAD_RESPONSE, 0};
        m->connected = 0;
        m->unloaded = 1;
        chan(m, VMBUS_MESSAGE_SINT, &r, sizeof(r));
    } else if (m->connected) {
        hvm_chan_msg(m, h.msgtype, p, size);
    }
    return HV_STATUS_SUCCESS;
}

static uint64_t post(struct hv_model *m, uint64_t control, uint64_t in)
{
    const struct hv_post_message_input *p = (const void *)(uintptr_t)in;
    if (control & HV_HC_FAST)
        return HV_STATUS_INVALID_HYPERCALL_CODE; /* as QEMU */
    if (in & 7)
        return HV_STATUS_INVALID_ALIGNMENT;
    if (p->payload_size > HV_MSG_PAYLOAD_MAX || p->message_type == 0 ||
        p->message_type >= 0x80000000u)
        return HV_STATUS_INVALID_PARAMETER;
    if (m->busy_left) {
        m->busy_left--;
        return HV_STATUS_INSUFFICIENT_BUFFERS;
    }
    if (p->connection_id < 256 && m->td_msg[p->connection_id]) {
        hvm_send(m, m->td_msg[p->connection_id] - 1u, p->message_type,
                 p->payload, p->payload_size); /* testdev: an echo */
        return HV_STATUS_SUCCESS;
    }
    if (!vmbus_conn(m, p->connection_id)) /* QEMU looks it up first */
        return HV_STATUS_INVALID_CONNECTION_ID;
    if (p->message_type != VMBUS_HV_MSG_TYPE)
        return HV_STATUS_SUCCESS;
    return host(m, p->connection_id, p->payload, p->payload_size);
}

static uint64_t signal(struct hv_model *m, uint64_t control, uint64_t in)
{
    if (!(control & HV_HC_FAST))
        in = *(const uint64_t *)(uintptr_t)in;
    uint32_t conn = in & 0xffffff;
    if (conn < 256 && m->td_evt[conn]) { /* testdev: flag (conn) */
        if (in >> 32)
            return HV_STATUS_INVALID_PORT_ID;
        hvm_event(m, m->td_evt[conn] - 1u, conn);
        return HV_STATUS_SUCCESS;
    }
    int st = hvm_chan_signal(m, conn, (uint32_t)(in >> 32));
    if (st >= 0)
        return (uint64_t)st;
    if (conn != EVENT_CONN)
        return HV_STATUS_INVALID_CONNECTION_ID;
    if (in >> 32)
        return HV_STATUS_INVALID_PORT_ID;
    hvm_event(m, VMBUS_MESSAGE_SINT, EVENT_CONN);
    return HV_STATUS_SUCCESS;
}

uint64_t hvm_hypercall(void *ctx, void *page, uint64_t control, uint64_t in,
                       uint64_t out);

uint64_t hvm_hypercall(void *ctx, void *page, uint64_t control, uint64_t in,
                       uint64_t out)
{
    struct hv_model *m = ctx;
    (void)out;
    m->hypercalls++;
    /* Calling a page the hypervisor never filled runs whatever is there;
     * here it is counted and fails. */
    if (!(m->hypercall & HV_MSR_ENABLE) ||
        (uintptr_t)page != (m->hypercall & HV_MSR_PAGE_MASK) ||
        memcmp(page, "\x0f\x01\xc1\xc3", 4) != 0)
        return m->bad_calls++, HV_STATUS_INVALID_HYPERCALL_CODE;
    if ((control >> HV_HC_REP_SHIFT) & 0xfff)
        return HV_STATUS_INVALID_HYPERCALL_INPUT;
    switch (control & 0xffff) {
    case HV_CALL_POST_MESSAGE: return post(m, control, in);
    case HV_CALL_SIGNAL_EVENT: return signal(m, control, in);
    default: return HV_STATUS_INVALID_HYPERCALL_CODE;
    }
}

/* Create or destroy (create) the testdev connection (conn) in (tab). */
static void td_conn(struct hv_model *m, uint8_t *tab, unsigned conn,
                    unsigned sint, int create)
{
    if (create)
        tab[conn] = (uint8_t)(sint + 1);
    else if (tab[conn])
        tab[conn] = 0;
    else
        m->td_bad++;
}

void hvm_testdev(struct hv_model *m, uint32_t word)
{
    unsigned conn = word >> 24, ctl = (word >> 16) & 0xff, sint = word & 15;
    uint16_t bit = (uint16_t)(1u << sint);
    switch (ctl) {
    case HV_TESTDEV_ROUTE_CREATE: m->td_route |= bit; break;
    case HV_TESTDEV_ROUTE_DESTROY:
        if (!(m->td_route & bit))
            m->td_bad++;
        m->td_route &= (uint16_t)~bit;
        break;
    case HV_TESTDEV_ROUTE_FIRE:
        if (m->td_route & bit)
            hvm_raise(m, sint);
        else
            m->td_bad++;
        break;
    case HV_TESTDEV_MSG_CONN_CREATE:
    case HV_TESTDEV_MSG_CONN_DESTROY:
        td_conn(m, m->td_msg, conn, sint, ctl == HV_TESTDEV_MSG_CONN_CREATE);
        break;
    case HV_TESTDEV_EVT_CONN_CREATE:
    case HV_TESTDEV_EVT_CONN_DESTROY:
        td_conn(m, m->td_evt, conn, sint, ctl == HV_TESTDEV_EVT_CONN_CREATE);
        break;
    default: m->td_bad++;
    }
}
