/* SPDX-License-Identifier: MIT */
/*
 * Reference time from the TSC page (TLFS §12.7): the hypervisor bumps the
 * sequence around every change of scale/offset (after migration, say),
 * so a reader takes the sequence, the fields, and the sequence again.
 * Sequence 0 (0xFFFFFFFF in TLFS 4.0b and older) means the page must not
 * be used; TIME_REF_COUNT counts the same reference time.
 */
#include "drivers/hyperv/hv.h"
#include "skiff/errno.h"

#define RETRIES 16

int hv_ref_tsc_read(const volatile struct hv_ref_tsc_page *page,
                    uint64_t (*tsc)(void *), void *ctx, uint64_t *out)
{
    for (unsigned i = 0; i < RETRIES; i++) {
        uint32_t seq = page->sequence;
        if (seq == HV_REF_TSC_INVALID || seq == HV_REF_TSC_INVALID_OLD)
            return -EAGAIN;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        uint64_t scale = page->scale;
        int64_t offset = page->offset;
        uint64_t t = tsc(ctx);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (page->sequence != seq)
            continue;
        unsigned __int128 p = (unsigned __int128)t * scale;
        *out = (uint64_t)(p >> 64) + (uint64_t)offset;
        return 0;
    }
    return -EAGAIN;
}

int hv_ref_tsc_init(struct hv *hv)
{
    const struct hv_ops *o = hv->ops;
    uint64_t gpa, v;
    int e;
    if (!o || !(hv->info.features[0] & HV_PRIV_REF_TSC))
        return -ENODEV;
    if ((e = o->page_alloc(o->ctx, HV_PAGE_DATA, &hv->ref_page, &gpa)))
        return e;
    if (o->rdmsr(o->ctx, HV_MSR_REFERENCE_TSC, &v) ||
        o->wrmsr(o->ctx, HV_MSR_REFERENCE_TSC,
                 (v & 0xffe) | gpa | HV_MSR_ENABLE))
        return -EIO;
    return 0;
}

int hv_time_ref_read(struct hv *hv, uint64_t (*tsc)(void *), void *ctx,
                     uint64_t *out)
{
    if (hv->ref_page && hv_ref_tsc_read(hv->ref_page, tsc, ctx, out) == 0)
        return 0;
    if (!hv->ops || !(hv->info.features[0] & HV_PRIV_TIME_REF))
        return -ENODEV;
    return hv->ops->rdmsr(hv->ops->ctx, HV_MSR_TIME_REF_COUNT, out) ? -EIO : 0;
}

int hv_frequencies(struct hv *hv, uint64_t *tsc_hz, uint64_t *apic_hz)
{
    const struct hv_ops *o = hv->ops;
    if (!o || !(hv->info.features[0] & HV_PRIV_FREQ))
        return -ENODEV;
    if (o->rdmsr(o->ctx, HV_MSR_TSC_FREQUENCY, tsc_hz) ||
        o->rdmsr(o->ctx, HV_MSR_APIC_FREQUENCY, apic_hz))
        return -EIO;
    return 0;
}
