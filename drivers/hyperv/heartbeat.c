/* SPDX-License-Identifier: MIT */
/*
 * The Hyper-V heartbeat integration service (class 57164f39-...), the
 * simplest IC: the host sends a NEGOTIATE, then a HEARTBEAT now and then,
 * and counts the guest alive while each comes back with seq_num + 1.
 * Each message is a pipe header, an icmsg_hdr and the body; the answer
 * is the request rewritten in place and flagged TRANSACTION|RESPONSE,
 * sent with the request's transaction id (Linux drivers/hv/hv_util.c and
 * vmbus_prep_negotiate_resp in channel_mgmt.c).
 *
 * Versions: Linux accepts framework 3.0 and 1.0 and heartbeat 3.0 and
 * 1.0; the newest the host also lists is chosen, or the answer carries
 * no versions and HV_E_FAIL. A request too short for what it claims is
 * counted in hb.errors and left unanswered. Answers never wait for room
 * (this may run in the SINT interrupt): a host that does not read its
 * ring gets -ETIMEDOUT.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define MSG_MAX  256 /* heartbeat messages are under 100 bytes */
#define POLL_MAX 64  /* packets per poll: a host that never stops */

static const uint32_t fw_versions[] = {VMBUS_VERSION(3, 0),
                                       VMBUS_VERSION(1, 0)};
static const uint32_t hb_versions[] = {VMBUS_VERSION(3, 0),
                                       VMBUS_VERSION(1, 0)};

int hv_heartbeat_open(struct hv *hv, struct diag *d)
{
    const struct hv_offer *o = NULL;
    for (unsigned i = 0; i < hv->noffers && !o; i++) {
        const char *name = hv_vmbus_class_name(hv->offers[i].type);
        if (name && strcmp(name, "heartbeat") == 0)
            o = &hv->offers[i];
    }
    if (!o)
        return -ENODEV;
    int e = hv_channel_open(hv, o, &hv->hb.ch, d);
    hv->hb.on = e == 0;
    /* The host's NEGOTIATE may be in the ring already, and its event
     * came before hb.on; a ring that is not empty gets no new event. */
    if (hv->hb.on)
        hv_heartbeat_poll(hv);
    return e;
}

/* The newest of (ours) that the host lists in (list, n), or 0. */
static uint32_t pick(const uint32_t *ours, unsigned nours,
                     const struct ic_version *list, unsigned n)
{
    for (unsigned i = 0; i < nours; i++)
        for (unsigned j = 0; j < n; j++)
            if (VMBUS_VERSION(list[j].major, list[j].minor) == ours[i])
                return ours[i];
    return 0;
}

static void put_version(struct ic_version *v, uint32_t ver)
{
    v->major = (uint16_t)(ver >> 16);
    v->minor = (uint16_t)ver;
}

/* Rewrite the NEGOTIATE in (buf) of (len) bytes into its answer. */
static int negotiate(struct hv_heartbeat *hb, uint8_t *buf, uint32_t len,
                     struct icmsg_hdr *ic)
{
    struct icmsg_negotiate *n = (void *)(buf + ICMSG_HDR_LEN);
    if (len < ICMSG_HDR_LEN + sizeof(*n))
        return -EPROTO;
    unsigned nfw = n->icframe_vercnt, nsrv = n->icmsg_vercnt;
    if (len < ICMSG_HDR_LEN + sizeof(*n) + (nfw + nsrv) * 4u)
        return -EPROTO;
    uint32_t fw = pick(fw_versions, 2, n->icversion_data, nfw);
    uint32_t srv = pick(hb_versions, 2, n->icversion_data + nfw, nsrv);
    hb->negotiates++;
    if (!fw || !srv) {
        ic->status = ICMSG_E_FAIL;
        n->icframe_vercnt = n->icmsg_vercnt = 0;
        return 0;
    }
    hb->fw_version = fw;
    hb->srv_version = srv;
    n->icframe_vercnt = n->icmsg_vercnt = 1;
    put_version(&n->icversion_data[0], fw);
    put_version(&n->icversion_data[1], srv);
    return 0;
}

/* Answer one request (desc, buf, len) in place. */
static int answer(struct hv *hv, const struct vmbus_packet_desc *desc,
                  uint8_t *buf, uint32_t len)
{
    struct hv_heartbeat *hb = &hv->hb;
    struct icmsg_hdr ic;
    struct heartbeat_msg_data beat;
    int e = 0;
    if (len < ICMSG_HDR_LEN)
        return -EPROTO;
    memcpy(&ic, buf + sizeof(struct vmbus_pipe_hdr), sizeof(ic));
    if (ic.icmsgtype == ICMSGTYPE_NEGOTIATE) {
        e = negotiate(hb, buf, len, &ic);
    } else if (ic.icmsgtype == ICMSGTYPE_HEARTBEAT) {
        if (len < ICMSG_HDR_LEN + sizeof(beat))
            return -EPROTO;
        memcpy(&beat, buf + ICMSG_HDR_LEN, sizeof(beat));
        hb->last_seq = beat.seq_num++;
        hb->beats++;
        memcpy(buf + ICMSG_HDR_LEN, &beat, sizeof(beat));
    } else {
        ic.status = ICMSG_E_FAIL; /* as Linux: answered, as a failure */
    }
    if (e)
        return e;
    ic.icflags = ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_RESPONSE;
    memcpy(buf + sizeof(struct vmbus_pipe_hdr), &ic, sizeof(ic));
    return hv_channel_send(hv, &hb->ch, desc->trans_id, buf, len, 0);
}

/* One packet: 1 answered, 0 dropped (counted), -EAGAIN none, or an
 * error. */
static int one(struct hv *hv)
{
    _Alignas(8) uint8_t buf[MSG_MAX];
    struct vmbus_packet_desc desc;
    uint32_t len;
    int e = hv_channel_recv(hv, &hv->hb.ch, &desc, buf, sizeof(buf), &len);
    if (e == 0)
        e = answer(hv, &desc, buf, len);
    if (e == -EMSGSIZE || e == -EPROTO) {
        hv->hb.errors++;
        return hv->hb.ch.recv.broken ? -EPROTO : 0;
    }
    return e ? e : 1;
}

int hv_heartbeat_poll(struct hv *hv)
{
    struct hv_heartbeat *hb = &hv->hb;
    int n = 0, e = 0;
    if (!hb->on)
        return -ENODEV;
    if (hb->busy)
        return 0;
    hb->busy = 1;
    /* The flag only says "look"; the ring says what is there. */
    hv_event_test_clear(hv, VMBUS_MESSAGE_SINT, hb->ch.relid);
    for (unsigned i = 0; i < POLL_MAX; i++) {
        e = one(hv);
        if (e < 0)
            break;
        n += e;
    }
    hb->busy = 0;
    return e == -EAGAIN || e >= 0 ? n : e;
}

int hv_heartbeat_wait(struct hv *hv, unsigned waits)
{
    for (unsigned i = 0;; i++) {
        int n = hv_heartbeat_poll(hv);
        if (n != 0)
            return n;
        if (i >= waits)
            return -ETIMEDOUT;
        hv->ops->wait(hv->ops->ctx);
    }
}

int hv_heartbeat_close(struct hv *hv)
{
    if (!hv->hb.on)
        return 0;
    hv->hb.on = 0;
    return hv_channel_close(hv, &hv->hb.ch);
}
