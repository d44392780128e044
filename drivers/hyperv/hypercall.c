/* SPDX-License-Identifier: MIT */
/*
 * Hypercall page and the two hypercalls VMBus needs. The guest OS id must
 * be non-zero before the hypercall MSR is enabled (TLFS §3.13; KVM ignores
 * the enable otherwise), so the enable is read back to be sure. Reserved
 * bits 11:2 keep what was read. PostMessage input lives in its own page
 * so its GPA is 8-byte aligned and never crosses a page.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define POST_RETRIES 20 /* HV_STATUS_INSUFFICIENT_BUFFERS: host is busy */

int hv_status_errno(uint64_t result)
{
    switch (result & 0xffff) {
    case HV_STATUS_SUCCESS: return 0;
    case HV_STATUS_INVALID_HYPERCALL_CODE: return -ENOSYS;
    case HV_STATUS_INVALID_HYPERCALL_INPUT:
    case HV_STATUS_INVALID_ALIGNMENT:
    case HV_STATUS_INVALID_PARAMETER: return -EINVAL;
    case HV_STATUS_ACCESS_DENIED: return -EACCES;
    case HV_STATUS_INVALID_PORT_ID:
    case HV_STATUS_INVALID_CONNECTION_ID: return -ENXIO;
    case HV_STATUS_INSUFFICIENT_BUFFERS: return -EAGAIN;
    default: return -EIO;
    }
}

int hv_hypercall_init(struct hv *hv, const struct hv_ops *ops,
                      const struct hv_info *info, struct diag *d)
{
    uint64_t gpa, v;
    int e;
    hv->ops = ops;
    if (!info)
        return -ENODEV;
    hv->info = *info;
    if (!(hv->info.features[0] & HV_PRIV_HYPERCALL)) {
        diag_set(d, "hyperv: no hypercall privilege (features 0x%x)",
                 hv->info.features[0]);
        return -ENODEV;
    }
    if (ops->wrmsr(ops->ctx, HV_MSR_GUEST_OS_ID, HV_GUEST_OS_ID))
        return diag_set(d, "hyperv: guest os id refused"), -EIO;
    if ((e = ops->page_alloc(ops->ctx, HV_PAGE_CODE, &hv->hc_page, &gpa)))
        return e;
    if ((e = ops->page_alloc(ops->ctx, HV_PAGE_DATA, &hv->post_page,
                             &hv->post_gpa)))
        return e;
    if (ops->rdmsr(ops->ctx, HV_MSR_HYPERCALL, &v))
        return diag_set(d, "hyperv: hypercall msr unreadable"), -EIO;
    v = (v & 0xffc) | (gpa & HV_MSR_PAGE_MASK) | HV_MSR_ENABLE;
    if (ops->wrmsr(ops->ctx, HV_MSR_HYPERCALL, v) ||
        ops->rdmsr(ops->ctx, HV_MSR_HYPERCALL, &v) || !(v & HV_MSR_ENABLE)) {
        diag_set(d, "hyperv: hypercall page enable did not stick");
        return -EIO;
    }
    if (hv->info.features[0] & HV_PRIV_VP_INDEX) {
        if (ops->rdmsr(ops->ctx, HV_MSR_VP_INDEX, &v) == 0)
            hv->vp_index = (uint32_t)v;
    }
    return 0;
}

int hv_post_message(struct hv *hv, uint32_t conn, uint32_t type,
                    const void *payload, uint32_t size)
{
    struct hv_post_message_input *in = hv->post_page;
    int e = -EAGAIN;
    if (size > HV_MSG_PAYLOAD_MAX)
        return -EMSGSIZE;
    if (!hv->hc_page || !in)
        return -ENODEV;
    for (unsigned i = 0; i < POST_RETRIES && e == -EAGAIN; i++) {
        if (i) {
            hv->stats.post_retries++;
            hv->ops->wait(hv->ops->ctx);
        }
        memset(in, 0, sizeof(*in));
        in->connection_id = conn;
        in->message_type = type;
        in->payload_size = size;
        memcpy(in->payload, payload, size);
        e = hv_status_errno(hv->ops->hypercall(
            hv->ops->ctx, hv->hc_page, HV_CALL_POST_MESSAGE, hv->post_gpa, 0));
    }
    return e;
}

int hv_signal_event(struct hv *hv, uint32_t conn, uint16_t flag)
{
    uint64_t in = (conn & 0xffffffu) | ((uint64_t)flag << 32);
    if (!hv->hc_page)
        return -ENODEV;
    return hv_status_errno(hv->ops->hypercall(
        hv->ops->ctx, hv->hc_page, HV_CALL_SIGNAL_EVENT | HV_HC_FAST, in, 0));
}
