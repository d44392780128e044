/* SPDX-License-Identifier: MIT */
/*
 * Skiff's clock and one-shot timer on Hyper-V (TLFS §12). The partition
 * reference time counts 100 ns units at a constant rate whatever the
 * host does to the TSC (migration, save/restore), so on Hyper-V it
 * replaces the TSC as the clock behind time_ns(): read through the TSC
 * page without an exit when the hypervisor keeps it valid, else through
 * the TIME_REF_COUNT MSR (an exit per read). Both count the same time, so
 * a read may fall from one to the other without a step.
 *
 * The clock continues from the TSC clock at the switch: reference time
 * ref0 is ns0 ns since entry. STIMER0 takes absolute reference times, so
 * a deadline in ns maps back through the same pair, rounded up so that
 * the expiry is never seen before the deadline.
 */
#include "drivers/hyperv/hv.h"
#include "skiff/errno.h"

#define NS_PER_REF 100u

static int page_valid(const struct hv *hv, uint64_t (*tsc)(void *), void *ctx)
{
    uint64_t t;
    return hv->ref_page && hv_ref_tsc_read(hv->ref_page, tsc, ctx, &t) == 0;
}

static enum hv_timer_mode timer_setup(struct hv *hv, unsigned sint,
                                      uint8_t vector)
{
    if (hv_stimer_init(hv, sint, vector))
        return HV_TIMER_NONE;
    return hv->stimer_direct ? HV_TIMER_DIRECT : HV_TIMER_MESSAGE;
}

int hv_time_setup(struct hv *hv, unsigned sint, uint8_t vector,
                  uint64_t (*tsc)(void *), void *ctx, uint64_t (*ns_now)(void))
{
    struct hv_time *t = &hv->time;
    uint64_t ref;
    *t = (struct hv_time){0};
    if (!hv->ref_page)
        hv_ref_tsc_init(hv); /* -ENODEV: not offered, use the MSR */
    if (hv_time_ref_read(hv, tsc, ctx, &ref))
        return -ENODEV;
    t->clock =
        page_valid(hv, tsc, ctx) ? HV_CLOCK_TSC_PAGE : HV_CLOCK_REF_COUNT;
    t->ref0 = ref;
    t->ns0 = t->last_ns = ns_now();
    t->timer = timer_setup(hv, sint, vector);
    return 0;
}

uint64_t hv_time_ns(struct hv *hv, uint64_t (*tsc)(void *), void *ctx)
{
    struct hv_time *t = &hv->time;
    uint64_t ref, ns;
    if (hv_time_ref_read(hv, tsc, ctx, &ref) || ref < t->ref0)
        return t->last_ns;
    ns = t->ns0 + (ref - t->ref0) * NS_PER_REF;
    if (ns > t->last_ns)
        t->last_ns = ns;
    return t->last_ns;
}

uint64_t hv_time_ref_at(const struct hv *hv, uint64_t ns)
{
    const struct hv_time *t = &hv->time;
    if (ns <= t->ns0)
        return t->ref0;
    return t->ref0 + (ns - t->ns0 + NS_PER_REF - 1) / NS_PER_REF;
}

int hv_time_arm(struct hv *hv, uint64_t deadline_ns)
{
    if (hv->time.timer == HV_TIMER_NONE)
        return -ENODEV;
    return hv_stimer_arm(hv, hv_time_ref_at(hv, deadline_ns));
}

const char *hv_clock_name(enum hv_clock_src c)
{
    if (c == HV_CLOCK_TSC_PAGE)
        return "hyperv-tsc-page";
    return c == HV_CLOCK_REF_COUNT ? "hyperv-ref-count" : "none";
}

const char *hv_timer_name(enum hv_timer_mode t)
{
    if (t == HV_TIMER_DIRECT)
        return "stimer0-direct";
    return t == HV_TIMER_MESSAGE ? "stimer0-message" : "none";
}
