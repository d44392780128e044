/* SPDX-License-Identifier: MIT */
/*
 * SynIC: the message page (SIMP) holds one 256-byte slot per SINT, the
 * event page (SIEFP) 2048 flag bits per SINT (TLFS §11). The hypervisor
 * writes a message into a free slot (message_type 0) and raises the
 * SINT's vector; while the slot is busy it sets msg_pending there and
 * holds the next message back until the guest writes EOM.
 *
 * Draining (read the slot, clear message_type, barrier, EOM when
 * msg_pending) runs from the SINT handler and from hv_synic_recv's wait
 * loop, so messages are taken even with interrupts off. A message that
 * arrives while the slot is being drained re-enters hv_synic_isr, which
 * returns at once; the drain loop then sees the slot refilled.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define DRAIN_MAX 64 /* per SINT per call: a host that never stops */

static void fence(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

int hv_synic_init(struct hv *hv, unsigned sint, uint8_t vector, int auto_eoi)
{
    const struct hv_ops *o = hv->ops;
    uint64_t gpa, v;
    int e;
    if (!o || !hv->hc_page)
        return -ENODEV;
    if (!(hv->info.features[0] & HV_PRIV_SYNIC))
        return -ENODEV;
    if (sint >= HV_SINT_COUNT || vector < HV_SINT_MIN_VECTOR)
        return -EINVAL;
    if (!hv->simp) {
        if ((e = o->page_alloc(o->ctx, HV_PAGE_DATA, &hv->simp, &gpa)))
            return e;
        if (o->rdmsr(o->ctx, HV_MSR_SIMP, &v) ||
            o->wrmsr(o->ctx, HV_MSR_SIMP, (v & 0xffe) | gpa | HV_MSR_ENABLE))
            return -EIO;
        if ((e = o->page_alloc(o->ctx, HV_PAGE_DATA, &hv->siefp, &gpa)))
            return e;
        if (o->rdmsr(o->ctx, HV_MSR_SIEFP, &v) ||
            o->wrmsr(o->ctx, HV_MSR_SIEFP, (v & 0xffe) | gpa | HV_MSR_ENABLE))
            return -EIO;
    }
    if (o->rdmsr(o->ctx, HV_MSR_SINT0 + sint, &v))
        return -EIO;
    v &= ~(HV_SINT_VECTOR_MASK | HV_SINT_MASKED | HV_SINT_AUTO_EOI |
           HV_SINT_POLLING);
    v |= vector | (auto_eoi ? HV_SINT_AUTO_EOI : 0);
    hv->sint_mask |= (uint16_t)(1u << sint);
    if (o->wrmsr(o->ctx, HV_MSR_SINT0 + sint, v))
        return -EIO;
    if (o->rdmsr(o->ctx, HV_MSR_SCONTROL, &v) ||
        o->wrmsr(o->ctx, HV_MSR_SCONTROL, v | HV_SCONTROL_ENABLE))
        return -EIO;
    return 0;
}

/* Free (slot) for the host: clear message_type, then EOM when the host
 * holds another message back (TLFS §11.8.3). */
static void release(struct hv *hv, volatile struct hv_message *slot)
{
    uint8_t flags = slot->message_flags;
    slot->message_type = HV_MSG_NONE;
    fence();
    if (flags & HV_MSG_PENDING) {
        hv->stats.eoms++;
        hv->ops->wrmsr(hv->ops->ctx, HV_MSR_EOM, 0);
    }
}

/* Take one message out of (slot). Returns 0 when the slot was empty or
 * the queue is full: the message then stays in the slot, which holds the
 * host back (it sets msg_pending) until hv_synic_recv makes room. A timer
 * expiry goes to hv->timer_fn, after the slot is free for the next one. */
static int take(struct hv *hv, volatile struct hv_message *slot, unsigned sint)
{
    uint32_t type = slot->message_type;
    unsigned next = (hv->q_tail + 1) % HV_QUEUE_LEN;
    if (type == HV_MSG_TIMER_EXPIRED && hv->timer_fn) {
        hv->stats.timer_msgs++;
        release(hv, slot);
        hv->timer_fn(hv->timer_ctx);
        return 1;
    }
    if (type == HV_MSG_NONE || next == hv->q_head)
        return 0;
    fence();
    uint8_t size = slot->payload_size;
    hv->stats.received++;
    if (size > HV_MSG_PAYLOAD_MAX) {
        hv->stats.oversized++;
    } else {
        struct hv_msg *m = &hv->queue[hv->q_tail];
        m->type = type;
        m->sint = (uint8_t)sint;
        m->size = size;
        for (unsigned i = 0; i < size; i++)
            m->payload[i] = slot->payload[i];
        fence();
        hv->q_tail = next;
    }
    release(hv, slot);
    return 1;
}

void hv_synic_isr(struct hv *hv)
{
    if (!hv->simp || hv->in_poll)
        return;
    hv->in_poll = 1;
    volatile struct hv_message *slots = hv->simp;
    for (unsigned s = 0; s < HV_SINT_COUNT; s++) {
        if (!(hv->sint_mask & (1u << s)))
            continue;
        for (unsigned n = 0; n < DRAIN_MAX && take(hv, &slots[s], s); n++)
            ;
    }
    hv->in_poll = 0;
}

int hv_synic_recv(struct hv *hv, struct hv_msg *out, unsigned waits)
{
    for (unsigned i = 0;; i++) {
        hv_synic_isr(hv);
        if (hv->q_head != hv->q_tail) {
            *out = hv->queue[hv->q_head];
            fence();
            hv->q_head = (hv->q_head + 1) % HV_QUEUE_LEN;
            return 0;
        }
        if (i >= waits)
            return -ETIMEDOUT;
        hv->ops->wait(hv->ops->ctx);
    }
}

int hv_event_test_clear(struct hv *hv, unsigned sint, unsigned bit)
{
    if (!hv->siefp || sint >= HV_SINT_COUNT || bit >= 2048)
        return 0;
    uint32_t *w = (uint32_t *)hv->siefp + sint * 64 + bit / 32;
    uint32_t m = 1u << (bit % 32);
    return (__atomic_fetch_and(w, ~m, __ATOMIC_SEQ_CST) & m) != 0;
}
