/* SPDX-License-Identifier: MIT */
/*
 * Hyper-V detection. The interface signature "Hv#1" in leaf 0x40000001 is
 * what makes a Hyper-V (TLFS §2.4): the vendor string may be overridden
 * (QEMU's hv-vendor-id), and under QEMU+KVM with hv-* flags KVM's own
 * leaves move to 0x40000100, which is reported but not needed.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

static void vendor(const struct hv_ops *ops, uint32_t leaf, char out[13],
                   uint32_t *max)
{
    struct cpuid_regs r;
    ops->cpuid(ops->ctx, leaf, &r);
    memcpy(out, &r.ebx, 4);
    memcpy(out + 4, &r.ecx, 4);
    memcpy(out + 8, &r.edx, 4);
    out[12] = 0;
    for (int i = 0; i < 12; i++)
        if (out[i] && (out[i] < 0x20 || out[i] > 0x7e))
            out[i] = '?';
    *max = r.eax;
}

/* The three leaves that decide, read before anything is filled in: a
 * boot that is not on Hyper-V pays for two or three CPUIDs (one exit
 * each under a hypervisor) and nothing else. */
static int is_hyperv(const struct hv_ops *ops)
{
    struct cpuid_regs r;
    ops->cpuid(ops->ctx, 1, &r);
    if (!(r.ecx >> 31))
        return 0;
    ops->cpuid(ops->ctx, HV_CPUID_VENDOR, &r);
    if (r.eax < HV_CPUID_MIN_MAX || r.eax > 0x400000ffu)
        return 0;
    ops->cpuid(ops->ctx, HV_CPUID_INTERFACE, &r);
    return r.eax == HV_INTERFACE_HV1;
}

int hv_detect(const struct hv_ops *ops, struct hv_info *out)
{
    struct cpuid_regs r;
    uint32_t kmax;
    if (!is_hyperv(ops))
        return -ENODEV;
    *out = (struct hv_info){0};
    vendor(ops, HV_CPUID_VENDOR, out->vendor, &out->max_leaf);
    ops->cpuid(ops->ctx, HV_CPUID_VERSION, &r);
    out->build = r.eax;
    out->version = r.ebx;
    ops->cpuid(ops->ctx, HV_CPUID_FEATURES, &r);
    out->features[0] = r.eax;
    out->features[1] = r.ebx;
    out->features[2] = r.ecx;
    out->features[3] = r.edx;
    ops->cpuid(ops->ctx, HV_CPUID_RECOMMEND, &r);
    out->recommend = r.eax;
    out->spin_retries = r.ebx;
    ops->cpuid(ops->ctx, HV_CPUID_LIMITS, &r);
    out->max_vps = r.eax;
    out->max_lps = r.ebx;
    vendor(ops, HV_CPUID_KVM_MOVED, out->kvm_vendor, &kmax);
    if (kmax < HV_CPUID_KVM_MOVED || kmax > HV_CPUID_KVM_MOVED + 0xff)
        out->kvm_vendor[0] = 0;
    return 0;
}
