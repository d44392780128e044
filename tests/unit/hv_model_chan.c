/* SPDX-License-Identifier: MIT */
/*
 * The simulated Hyper-V's channel side: GPADLs (header, bodies joined by
 * handle, created, torn down), OPENCHANNEL/OPENCHANNEL_RESULT/CLOSE, and
 * the host's half of the two rings, reached only through the PFNs the
 * guest listed in the GPADL (page by page, as a host maps them), never
 * through the guest's pointers. Once a channel is open the host sends a
 * heartbeat NEGOTIATE, as Hyper-V's heartbeat service does; tests send
 * heartbeats with hvm_heartbeat. The guest's answers are read when it
 * signals the channel's connection and checked field by field. Anything
 * the guest gets wrong is counted in ch.bad or ch.bad_answers. The
 * hostile variants (enum hvm_hostile) break one thing each.
 */
#include "skiff/errno.h"
#include "tests/unit/hv_model.h"
#include <string.h>

#define PAGE        4096u
#define FAIL_STATUS 0xc0000001u /* STATUS_UNSUCCESSFUL */
#define MSG_MAX     512u

struct hring {
    struct vmbus_ring_ctl *ctl;
    uint8_t *page[HVM_GPADL_PFNS];
    uint32_t size;
};

static void reply(struct hv_model *m, const void *p, unsigned size)
{
    hvm_send(m, VMBUS_MESSAGE_SINT, VMBUS_HV_MSG_TYPE, p, size);
}

static void *pfn_page(uint64_t pfn)
{
    return (void *)(uintptr_t)(pfn * PAGE);
}

/* Skiff's send ring (recv 0) or receive ring (recv 1) from the GPADL. */
static void hring(struct hv_model *m, int recv, struct hring *r)
{
    unsigned first = recv ? m->ch.ring_off : 0;
    unsigned end = recv ? m->ch.npfns : m->ch.ring_off;
    r->ctl = pfn_page(m->ch.pfn[first]);
    for (unsigned i = 0; first + 1 + i < end; i++)
        r->page[i] = pfn_page(m->ch.pfn[first + 1 + i]);
    r->size = (end - first - 1) * PAGE;
}

static uint8_t *hbyte(struct hring *r, uint32_t off)
{
    off %= r->size;
    return r->page[off / PAGE] + off % PAGE;
}

static void hput(struct hring *r, uint32_t off, const void *p, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        *hbyte(r, off + i) = ((const uint8_t *)p)[i];
}

static void hget(struct hring *r, uint32_t off, void *p, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        ((uint8_t *)p)[i] = *hbyte(r, off + i);
}

static uint32_t hdist(const struct hring *r, uint32_t from, uint32_t to)
{
    return to >= from ? to - from : r->size - from + to;
}

/* One packet into Skiff's receive ring, then the relid's event flag
 * when the ring was empty and Skiff has not masked interrupts. */
static void host_write(struct hv_model *m, const void *buf, uint32_t len,
                       uint64_t trans)
{
    struct hring r;
    uint32_t pkt = (16 + len + 7) & ~7u;
    uint64_t zero = 0;
    hring(m, 1, &r);
    uint32_t w = r.ctl->write_index, rd = r.ctl->read_index;
    if (r.size - hdist(&r, rd, w) <= pkt + 8) {
        r.ctl->pending_send_sz = pkt + 8; /* wait for room */
        return;
    }
    struct vmbus_packet_desc d = {VMBUS_PKT_DATA_INBAND, 2, (uint16_t)(pkt / 8),
                                  0, trans};
    enum hvm_hostile h = m->cfg.hostile;
    if (h == HVM_RING_HUGE_LEN)
        d.len8 = (uint16_t)(r.size * 2 / 8);
    else if (h == HVM_RING_SHORT)
        d.len8 += 8; /* 64 bytes more than it writes */
    else if (h == HVM_RING_BAD_OFFSET)
        d.offset8 = (uint16_t)(d.len8 + 1);
    hput(&r, w, &d, sizeof(d));
    hput(&r, w + 16, buf, len);
    hput(&r, w + 16 + len, &zero, pkt - 16 - len);
    uint64_t trailer = (uint64_t)w << 32;
    hput(&r, w + pkt, &trailer, 8);
    r.ctl->write_index =
        h == HVM_RING_BAD_INDEX ? r.size + 8 : (w + pkt + 8) % r.size;
    if (w == rd && !r.ctl->interrupt_mask) {
        m->ch.events_out++;
        hvm_event(m, VMBUS_MESSAGE_SINT, m->ch.relid);
    }
}

void hvm_ic_send(struct hv_model *m, uint16_t type, const void *body,
                 uint32_t len, uint32_t claim)
{
    uint8_t buf[MSG_MAX] = {0};
    struct vmbus_pipe_hdr pipe = {0, (uint32_t)sizeof(struct icmsg_hdr) + len};
    struct icmsg_hdr ic;
    memset(&ic, 0, sizeof(ic));
    ic.icverframe.major = 3;
    ic.icmsgtype = type;
    ic.icvermsg.major = 3;
    ic.icmsgsize = (uint16_t)len;
    ic.ictransaction_id = (uint8_t)m->ch.requests;
    ic.icflags = ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_REQUEST;
    memcpy(buf, &pipe, sizeof(pipe));
    memcpy(buf + sizeof(pipe), &ic, sizeof(ic));
    memcpy(buf + ICMSG_HDR_LEN, body, len);
    m->ch.requests++;
    m->ch.trans += 0x101;
    host_write(m, buf, claim ? claim : (uint32_t)ICMSG_HDR_LEN + len,
               m->ch.trans);
}

static void negotiate_req(struct hv_model *m)
{
    static const struct ic_version modern[] = {{1, 0}, {3, 0}, {1, 0}, {3, 0}};
    static const struct ic_version legacy[] = {{1, 0}, {1, 0}};
    static const struct ic_version unknown[] = {{4, 0}, {9, 9}};
    uint8_t b[8 + sizeof(modern)];
    struct icmsg_negotiate n = {2, 2, 0};
    const void *v = modern;
    if (m->cfg.hb_versions == HVM_HB_LEGACY)
        n = (struct icmsg_negotiate){1, 1, 0}, v = legacy;
    else if (m->cfg.hb_versions == HVM_HB_UNKNOWN)
        n = (struct icmsg_negotiate){1, 1, 0}, v = unknown;
    unsigned nv = n.icframe_vercnt + n.icmsg_vercnt;
    memcpy(b, &n, 8);
    memcpy(b + 8, v, nv * 4u);
    hvm_ic_send(m, ICMSGTYPE_NEGOTIATE, b, 8 + nv * 4u, 0);
}

void hvm_heartbeat(struct hv_model *m, uint64_t seq)
{
    struct heartbeat_msg_data d;
    memset(&d, 0, sizeof(d));
    d.seq_num = seq;
    m->ch.seq = seq;
    hvm_ic_send(m, ICMSGTYPE_HEARTBEAT, &d, sizeof(d), 0);
}

static uint32_t ver(struct ic_version v)
{
    return VMBUS_VERSION(v.major, v.minor);
}

/* One answer from Skiff, checked as Hyper-V's IC would read it. */
static void answer(struct hv_model *m, const struct vmbus_packet_desc *d,
                   const uint8_t *buf, uint32_t len)
{
    struct hvm_chan *c = &m->ch;
    struct icmsg_hdr ic;
    c->answers++;
    c->answer_trans = d->trans_id;
    if (d->type != VMBUS_PKT_DATA_INBAND || len < ICMSG_HDR_LEN) {
        c->bad_answers++;
        return;
    }
    memcpy(&ic, buf + 8, sizeof(ic));
    c->flags = ic.icflags;
    c->status = ic.status;
    c->type = ic.icmsgtype;
    if (ic.icmsgtype == ICMSGTYPE_NEGOTIATE) {
        struct icmsg_negotiate n;
        struct ic_version v[2];
        memcpy(&n, buf + ICMSG_HDR_LEN, sizeof(n));
        memcpy(v, buf + ICMSG_HDR_LEN + sizeof(n), sizeof(v));
        int one = n.icframe_vercnt == 1 && n.icmsg_vercnt == 1;
        c->fw = one ? ver(v[0]) : 0;
        c->srv = one ? ver(v[1]) : 0;
        c->negotiated += one;
    } else if (ic.icmsgtype == ICMSGTYPE_HEARTBEAT) {
        struct heartbeat_msg_data hb;
        memcpy(&hb, buf + ICMSG_HDR_LEN, sizeof(hb));
        c->answer_seq = hb.seq_num;
    }
}

/* Read every packet Skiff wrote into its send ring. */
static void host_read(struct hv_model *m)
{
    struct hring r;
    uint8_t buf[MSG_MAX];
    hring(m, 0, &r);
    for (unsigned n = 0; n < 64; n++) {
        uint32_t w = r.ctl->write_index, at = m->ch.host_r;
        struct vmbus_packet_desc d;
        uint64_t trailer;
        if (w >= r.size || w % 8) {
            m->ch.bad_answers++;
            return;
        }
        if (w == at)
            return;
        hget(&r, at, &d, sizeof(d));
        uint32_t pkt = d.len8 * 8u, off = d.offset8 * 8u;
        if (pkt < 16 || pkt + 8 > hdist(&r, at, w) || off < 16 || off > pkt ||
            pkt - off > MSG_MAX) {
            m->ch.bad_answers++;
            return;
        }
        hget(&r, at + off, buf, pkt - off);
        hget(&r, at + pkt, &trailer, 8);
        if (trailer != (uint64_t)at << 32)
            m->ch.bad_answers++;
        answer(m, &d, buf, pkt - off);
        m->ch.host_r = (at + pkt + 8) % r.size;
        r.ctl->read_index = m->ch.host_r;
    }
}

int hvm_chan_signal(struct hv_model *m, uint32_t conn, uint32_t flag)
{
    if (!m->ch.open || conn != m->ch.conn_id)
        return -1;
    if (flag)
        return HV_STATUS_INVALID_PORT_ID; /* as QEMU/KVM */
    m->ch.signals_in++;
    if (m->cfg.hostile != HVM_RING_STUCK)
        host_read(m);
    return HV_STATUS_SUCCESS;
}

static void created(struct hv_model *m)
{
    struct vmbus_result c = {
        {VMBUS_MSG_GPADL_CREATED, 0}, m->ch.gpadl_relid, m->ch.gpadl, 0};
    m->ch.created = m->cfg.hostile != HVM_GPADL_BAD_STATUS;
    m->ch.created_n++;
    if (m->cfg.hostile == HVM_GPADL_SILENT)
        return;
    if (m->cfg.hostile == HVM_GPADL_BAD_HANDLE)
        c.id ^= 0x100;
    if (m->cfg.hostile == HVM_GPADL_BAD_STATUS)
        c.status = FAIL_STATUS;
    reply(m, &c, sizeof(c));
}

/* GPADL_HEADER with (n) PFNs: 1 when well formed (the new GPADL). */
static int header_ok(struct hv_model *m, const uint8_t *p, unsigned n)
{
    struct vmbus_gpadl_header h;
    struct hvm_chan *c = &m->ch;
    memcpy(&h, p, sizeof(h));
    unsigned want = h.range_buflen >= 8 ? (h.range_buflen - 8u) / 8 : 0;
    if (h.rangecount != 1 || h.byte_offset || !want ||
        h.byte_count != want * PAGE || want > HVM_GPADL_PFNS || n > want ||
        !h.gpadl)
        return 0;
    c->gpadl_relid = h.child_relid;
    c->gpadl = h.gpadl;
    c->pfns_want = want;
    c->npfns = 0;
    c->created = 0;
    return 1;
}

/* GPADL_BODY with (n) PFNs: 1 when it continues the GPADL being built. */
static int body_ok(struct hv_model *m, const uint8_t *p, unsigned n)
{
    struct vmbus_gpadl_body b;
    memcpy(&b, p, sizeof(b));
    if (b.gpadl != m->ch.gpadl || !n || m->ch.npfns + n > m->ch.pfns_want)
        return 0;
    m->ch.bodies++;
    return 1;
}

/* A GPADL_HEADER or (body) GPADL_BODY: its header, then whole PFNs,
 * appended; GPADL_CREATED once all are in. Malformed ones are counted. */
static void gpadl_in(struct hv_model *m, int body, const uint8_t *p,
                     uint32_t size)
{
    struct hvm_chan *c = &m->ch;
    uint32_t hs = body ? sizeof(struct vmbus_gpadl_body)
                       : sizeof(struct vmbus_gpadl_header);
    unsigned n = size >= hs ? (size - hs) / 8 : 0;
    if (size < hs || (size - hs) % 8 ||
        !(body ? body_ok(m, p, n) : header_ok(m, p, n))) {
        c->bad++;
        return;
    }
    c->gpadl_msgs++;
    memcpy(c->pfn + c->npfns, p + hs, n * 8u);
    c->npfns += n;
    if (c->npfns == c->pfns_want)
        created(m);
}

static void gpadl_teardown(struct hv_model *m, const uint8_t *p, uint32_t size)
{
    struct vmbus_gpadl_teardown t;
    if (size < sizeof(t))
        return;
    memcpy(&t, p, sizeof(t));
    if (t.gpadl != m->ch.gpadl ||
        (m->ch.open && t.child_relid == m->ch.relid)) {
        m->ch.bad++; /* unknown, or still in use by an open channel */
        return;
    }
    struct vmbus_gpadl_torndown r = {{VMBUS_MSG_GPADL_TORNDOWN, 0}, t.gpadl};
    m->ch.created = 0;
    m->ch.gpadl = 0;
    m->ch.torndown++;
    reply(m, &r, sizeof(r));
}

static void open_channel(struct hv_model *m, const uint8_t *p, uint32_t size)
{
    struct vmbus_open_channel o;
    struct hvm_chan *c = &m->ch;
    if (size < sizeof(o)) {
        c->bad++;
        return;
    }
    memcpy(&o, p, sizeof(o));
    struct vmbus_result r = {
        {VMBUS_MSG_OPENCHANNEL_RESULT, 0}, o.child_relid, o.openid, 0};
    int ok = c->created && o.ringbuffer_gpadl == c->gpadl &&
             o.child_relid == c->gpadl_relid && o.downstream_page_offset >= 2 &&
             o.downstream_page_offset + 2 <= c->npfns;
    if (!ok)
        c->bad++;
    if (!ok || m->cfg.hostile == HVM_OPEN_FAIL)
        r.status = FAIL_STATUS;
    if (r.status == 0) {
        c->open = 1;
        c->opens++;
        c->relid = o.child_relid;
        c->conn_id = 0x10000 + o.child_relid; /* as the offer said */
        c->ring_off = o.downstream_page_offset;
        c->host_r = 0;
    }
    reply(m, &r, sizeof(r));
    if (c->open && m->cfg.hostile != HVM_RING_STUCK)
        negotiate_req(m);
}

int hvm_chan_msg(struct hv_model *m, uint32_t type, const uint8_t *p,
                 uint32_t size)
{
    struct vmbus_close_channel cl;
    switch (type) {
    case VMBUS_MSG_GPADL_HEADER: gpadl_in(m, 0, p, size); return 1;
    case VMBUS_MSG_GPADL_BODY: gpadl_in(m, 1, p, size); return 1;
    case VMBUS_MSG_GPADL_TEARDOWN: gpadl_teardown(m, p, size); return 1;
    case VMBUS_MSG_OPENCHANNEL: open_channel(m, p, size); return 1;
    case VMBUS_MSG_CLOSECHANNEL:
        memcpy(&cl, p, size < sizeof(cl) ? size : sizeof(cl));
        if (size < sizeof(cl) || !m->ch.open || cl.child_relid != m->ch.relid)
            m->ch.bad++;
        else
            m->ch.open = 0, m->ch.closes++;
        return 1;
    default: return 0;
    }
}
