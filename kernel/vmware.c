/* SPDX-License-Identifier: MIT */
/* VMware detection: see vmware.h. */
#include "kernel/vmware.h"
#include "arch/x86_64/io.h"
#include "lib/klib/klib.h"

void vmware_detect(struct vmware_info *out)
{
    struct cpuid_regs r;
    *out = (struct vmware_info){0};
    cpuid(1, 0, &r);
    if (r.ecx >> 31) {
        char sig[13];
        cpuid(0x40000000u, 0, &r);
        memcpy(sig, &r.ebx, 4);
        memcpy(sig + 4, &r.ecx, 4);
        memcpy(sig + 8, &r.edx, 4);
        sig[12] = 0;
        out->cpuid = strcmp(sig, "VMwareVMware") == 0;
    }
    r = (struct cpuid_regs){VMWARE_MAGIC, 0, VMWARE_GETVERSION, VMWARE_PORT};
    vmware_backdoor(&r);
    if (r.ebx == VMWARE_MAGIC && r.eax != 0xffffffffu) {
        out->backdoor = 1;
        out->version = r.eax;
        out->product = r.ecx;
    }
}
