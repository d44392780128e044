/* SPDX-License-Identifier: MIT */
/*
 * vmware: is Skiff running on VMware, or on a monitor imitating it? Two
 * independent signs: the hypervisor CPUID leaf 0x40000000 signature
 * "VMwareVMware", and the backdoor I/O port 0x5658, which answers the
 * GETVERSION command (10) by putting the magic 'VMXh' in EBX, the version
 * in EAX and the product type in ECX. QEMU pc and q35 emulate the
 * backdoor with vmport (on by default). Reading the port elsewhere is an
 * ordinary port read (all ones), which is taken as "absent".
 */
#ifndef SKIFF_VMWARE_H
#define SKIFF_VMWARE_H
#include <stdint.h>

#define VMWARE_MAGIC      0x564d5868u /* 'VMXh' */
#define VMWARE_PORT       0x5658u
#define VMWARE_GETVERSION 10u

struct vmware_info {
    int cpuid;    /* 1: CPUID says VMwareVMware */
    int backdoor; /* 1: GETVERSION answered with the magic */
    uint32_t version, product;
};

void vmware_detect(struct vmware_info *out);

#endif
