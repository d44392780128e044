/* SPDX-License-Identifier: MIT */
/*
 * Synthetic timer 0 as a one-shot (TLFS §12.4), set up as Linux's
 * hv_stimer does: the config is written once with enable and
 * auto_enable, so each write of an absolute reference time (100 ns
 * units) to the count arms the timer. Direct mode (feature EDX bit 19)
 * raises an APIC vector of its own; otherwise expiry is a
 * HV_MSG_TIMER_EXPIRED message in the SINT's slot, which needs the SynIC.
 * Direct mode is an offer, not an obligation (DirectMode is a config bit
 * the guest sets), so a guest without a free vector for it
 * (vector 0) takes the message mode every Hyper-V also has.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

int hv_stimer_init(struct hv *hv, unsigned sint, uint8_t vector)
{
    const struct hv_ops *o = hv->ops;
    uint64_t cfg = HV_STIMER_ENABLE | HV_STIMER_AUTO_ENABLE;
    if (!o || !(hv->info.features[0] & HV_PRIV_STIMER))
        return -ENODEV;
    if ((hv->info.features[3] & HV_FEAT_STIMER_DIRECT) && vector) {
        if (vector < HV_SINT_MIN_VECTOR)
            return -EINVAL;
        cfg |= HV_STIMER_DIRECT | ((uint64_t)vector << 4);
        hv->stimer_direct = 1;
    } else {
        if (sint >= HV_SINT_COUNT || !(hv->sint_mask & (1u << sint)))
            return -ENODEV;
        cfg |= (uint64_t)sint << 16;
        hv->stimer_direct = 0;
    }
    if (o->wrmsr(o->ctx, HV_MSR_STIMER0_CONFIG, cfg))
        return -EIO;
    hv->stimer_on = 1;
    return 0;
}

int hv_stimer_arm(struct hv *hv, uint64_t when)
{
    if (!hv->stimer_on)
        return -ENODEV;
    if (when == 0) /* a count of 0 stops the timer */
        when = 1;
    return hv->ops->wrmsr(hv->ops->ctx, HV_MSR_STIMER0_COUNT, when) ? -EIO : 0;
}

int hv_stimer_stop(struct hv *hv)
{
    if (!hv->stimer_on)
        return -ENODEV;
    return hv->ops->wrmsr(hv->ops->ctx, HV_MSR_STIMER0_COUNT, 0) ? -EIO : 0;
}

int hv_stimer_expired(const struct hv_msg *m, uint64_t *expiration)
{
    struct hv_timer_message t;
    if (m->type != HV_MSG_TIMER_EXPIRED)
        return 0;
    if (m->size < sizeof(t))
        return -EINVAL;
    memcpy(&t, m->payload, sizeof(t));
    if (t.timer_index != 0)
        return -EINVAL;
    *expiration = t.expiration_time;
    return 1;
}
