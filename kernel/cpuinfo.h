/* SPDX-License-Identifier: MIT */
/*
 * cpuinfo: what CPUID says about the processor and the hypervisor.
 * Pure over the cpuid() accessor, so host tests can feed it leaves.
 */
#ifndef SKIFF_CPUINFO_H
#define SKIFF_CPUINFO_H
#include <stddef.h>
#include <stdint.h>

struct cpuinfo {
    char vendor[13];
    char brand[49];
    char hv_sig[13]; /* "" when no hypervisor bit */
    uint32_t max_leaf, max_ext_leaf, hv_max_leaf;
    uint32_t family, model, stepping;
    uint32_t l1_ecx, l1_edx, l7_ebx, l7_ecx, l7_edx, e1_ecx, e1_edx;
    uint32_t phys_bits, virt_bits;
};

void cpuinfo_read(struct cpuinfo *ci);

/* Space-separated names of the notable features present, into (buf).
 * Returns the length (snprintf semantics). */
int cpuinfo_features(const struct cpuinfo *ci, char *buf, size_t size);

/* 1 if the named feature (as printed by cpuinfo_features) is present. */
int cpuinfo_has(const struct cpuinfo *ci, const char *name);

#endif
