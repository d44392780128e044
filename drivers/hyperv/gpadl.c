/* SPDX-License-Identifier: MIT */
/*
 * GPADLs: how a guest lends pages to the host. One range of whole pages
 * (byte_offset 0); the PFNs that do not fit in GPADL_HEADER's 240 bytes
 * follow in GPADL_BODY messages, which the host joins by gpadl handle
 * (Linux drivers/hv/channel.c, create_gpadl_header). Handles are chosen
 * by the guest, so each GPADL gets a new one and the answer must name
 * both it and the channel: a GPADL_CREATED for anything else is counted
 * and skipped, and the wait ends after hv->timeout waits per message.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define PAGE_SIZE    4096u
#define GPADL_FIRST  0xe1e10u /* any non-zero start; Linux uses the same */
#define MATCH_TRIES  16       /* GPADL_TORNDOWN messages for other handles */
#define GPADL_MAXPGS ((0xffffu - 8u) / 8u) /* range_buflen is 16 bits */

/* The page numbers of gpas[0..n) after the message head at (buf + off). */
static uint32_t put_pfns(uint8_t *buf, size_t off, const uint64_t *gpas,
                         unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t pfn = gpas[i] / PAGE_SIZE;
        memcpy(buf + off + 8 * i, &pfn, 8);
    }
    return (uint32_t)(off + 8 * n);
}

static int send_header(struct hv *hv, uint32_t relid, uint32_t handle,
                       const uint64_t *gpas, unsigned npages, unsigned n)
{
    uint8_t buf[HV_MSG_PAYLOAD_MAX];
    struct vmbus_gpadl_header h = {
        {VMBUS_MSG_GPADL_HEADER, 0}, 0, 0, 0, 0, 0, 0};
    h.child_relid = relid;
    h.gpadl = handle;
    h.range_buflen = (uint16_t)(8 + 8 * npages);
    h.rangecount = 1;
    h.byte_count = npages * PAGE_SIZE;
    memcpy(buf, &h, sizeof(h));
    return hv_post_message(hv, hv->msg_conn_id, VMBUS_HV_MSG_TYPE, buf,
                           put_pfns(buf, sizeof(h), gpas, n));
}

static int send_bodies(struct hv *hv, uint32_t handle, const uint64_t *gpas,
                       unsigned npages, unsigned done)
{
    uint8_t buf[HV_MSG_PAYLOAD_MAX];
    struct vmbus_gpadl_body b = {{VMBUS_MSG_GPADL_BODY, 0}, 0, 0};
    for (uint32_t msg = 1; done < npages; msg++) {
        unsigned n = npages - done;
        if (n > VMBUS_PFNS_AFTER(struct vmbus_gpadl_body))
            n = VMBUS_PFNS_AFTER(struct vmbus_gpadl_body);
        b.msgnumber = msg;
        b.gpadl = handle;
        memcpy(buf, &b, sizeof(b));
        int e = hv_post_message(hv, hv->msg_conn_id, VMBUS_HV_MSG_TYPE, buf,
                                put_pfns(buf, sizeof(b), gpas + done, n));
        if (e)
            return e;
        done += n;
    }
    return 0;
}

int hv_gpadl_create(struct hv *hv, uint32_t relid, const uint64_t *gpas,
                    unsigned npages, uint32_t *gpadl, struct diag *d)
{
    unsigned first = npages;
    if (npages == 0 || npages > GPADL_MAXPGS)
        return -EINVAL;
    for (unsigned i = 0; i < npages; i++)
        if (gpas[i] % PAGE_SIZE)
            return -EINVAL;
    if (first > VMBUS_PFNS_AFTER(struct vmbus_gpadl_header))
        first = VMBUS_PFNS_AFTER(struct vmbus_gpadl_header);
    uint32_t handle = hv->next_gpadl ? hv->next_gpadl + 1 : GPADL_FIRST;
    hv->next_gpadl = handle;
    int e = send_header(hv, relid, handle, gpas, npages, first);
    if (!e)
        e = send_bodies(hv, handle, gpas, npages, first);
    if (e) {
        diag_set(d, "vmbus: relid %u: gpadl post refused (%d)", relid, e);
        return e;
    }
    if ((e = hv_vmbus_await(hv, VMBUS_MSG_GPADL_CREATED, relid, handle,
                            "GPADL_CREATED", "gpadl", d)))
        return e;
    *gpadl = handle;
    return 0;
}

int hv_gpadl_teardown(struct hv *hv, uint32_t relid, uint32_t gpadl)
{
    struct vmbus_gpadl_teardown t = {{VMBUS_MSG_GPADL_TEARDOWN, 0}, 0, 0};
    struct vmbus_gpadl_torndown r;
    struct hv_msg m;
    t.child_relid = relid;
    t.gpadl = gpadl;
    int e =
        hv_post_message(hv, hv->msg_conn_id, VMBUS_HV_MSG_TYPE, &t, sizeof(t));
    for (unsigned i = 0; !e && i < MATCH_TRIES; i++) {
        e = hv_vmbus_recv(hv, VMBUS_MSG_GPADL_TORNDOWN, sizeof(r), &m);
        if (e)
            return e;
        memcpy(&r, m.payload, sizeof(r));
        if (r.gpadl == gpadl)
            return 0;
        hv->stats.unknown++;
    }
    return e ? e : -ETIMEDOUT;
}
