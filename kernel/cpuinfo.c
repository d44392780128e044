/* SPDX-License-Identifier: MIT */
/* cpuinfo: see cpuinfo.h. Bits from Intel SDM vol. 2A, CPUID. */
#include "kernel/cpuinfo.h"
#include "arch/x86_64/io.h"
#include "lib/klib/klib.h"

enum reg { L1_ECX, L1_EDX, L7_EBX, L7_ECX, L7_EDX, E1_ECX, E1_EDX, HV };

struct feat {
    const char *name;
    enum reg reg;
    uint8_t bit;
};

static const struct feat feats[] = {
    {"fpu", L1_EDX, 0},         {"tsc", L1_EDX, 4},
    {"msr", L1_EDX, 5},         {"pae", L1_EDX, 6},
    {"apic", L1_EDX, 9},        {"sse", L1_EDX, 25},
    {"sse2", L1_EDX, 26},       {"sse3", L1_ECX, 0},
    {"ssse3", L1_ECX, 9},       {"sse4.1", L1_ECX, 19},
    {"sse4.2", L1_ECX, 20},     {"x2apic", L1_ECX, 21},
    {"popcnt", L1_ECX, 23},     {"tsc-deadline", L1_ECX, 24},
    {"aes", L1_ECX, 25},        {"xsave", L1_ECX, 26},
    {"avx", L1_ECX, 28},        {"rdrand", L1_ECX, 30},
    {"hypervisor", L1_ECX, 31}, {"fsgsbase", L7_EBX, 0},
    {"bmi1", L7_EBX, 3},        {"avx2", L7_EBX, 5},
    {"bmi2", L7_EBX, 8},        {"avx512f", L7_EBX, 16},
    {"rdseed", L7_EBX, 18},     {"sha", L7_EBX, 29},
    {"nx", E1_EDX, 20},         {"pdpe1gb", E1_EDX, 26},
    {"rdtscp", E1_EDX, 27},     {"lm", E1_EDX, 29},
    {"lahf", E1_ECX, 0},        {"lzcnt", E1_ECX, 5},
};

static uint32_t reg_value(const struct cpuinfo *ci, enum reg r)
{
    switch (r) {
    case L1_ECX: return ci->l1_ecx;
    case L1_EDX: return ci->l1_edx;
    case L7_EBX: return ci->l7_ebx;
    case L7_ECX: return ci->l7_ecx;
    case L7_EDX: return ci->l7_edx;
    case E1_ECX: return ci->e1_ecx;
    case E1_EDX: return ci->e1_edx;
    default: return 0;
    }
}

static void regs_to_str(char *dst, const uint32_t *w, int nwords)
{
    for (int i = 0; i < 4 * nwords; i++)
        dst[i] = (char)(w[i / 4] >> (8 * (i % 4)));
    dst[4 * nwords] = '\0';
}

static void read_brand(struct cpuinfo *ci)
{
    if (ci->max_ext_leaf < 0x80000004)
        return;
    for (uint32_t i = 0; i < 3; i++) {
        struct cpuid_regs r;
        cpuid(0x80000002 + i, 0, &r);
        uint32_t w[4] = {r.eax, r.ebx, r.ecx, r.edx};
        regs_to_str(ci->brand + 16 * i, w, 4);
    }
    /* Brand strings are padded with leading blanks on some CPUs. */
    size_t lead = 0;
    while (ci->brand[lead] == ' ')
        lead++;
    memmove(ci->brand, ci->brand + lead, strlen(ci->brand + lead) + 1);
}

void cpuinfo_read(struct cpuinfo *ci)
{
    struct cpuid_regs r;
    memset(ci, 0, sizeof(*ci));
    cpuid(0, 0, &r);
    ci->max_leaf = r.eax;
    uint32_t v[3] = {r.ebx, r.edx, r.ecx};
    regs_to_str(ci->vendor, v, 3);
    cpuid(1, 0, &r);
    ci->l1_ecx = r.ecx;
    ci->l1_edx = r.edx;
    ci->stepping = r.eax & 0xf;
    ci->model = ((r.eax >> 4) & 0xf) | (((r.eax >> 16) & 0xf) << 4);
    ci->family = ((r.eax >> 8) & 0xf) + ((r.eax >> 20) & 0xff);
    if (ci->max_leaf >= 7) {
        cpuid(7, 0, &r);
        ci->l7_ebx = r.ebx;
        ci->l7_ecx = r.ecx;
        ci->l7_edx = r.edx;
    }
    cpuid(0x80000000, 0, &r);
    ci->max_ext_leaf = r.eax;
    if (ci->max_ext_leaf >= 0x80000001) {
        cpuid(0x80000001, 0, &r);
        ci->e1_ecx = r.ecx;
        ci->e1_edx = r.edx;
    }
    if (ci->max_ext_leaf >= 0x80000008) {
        cpuid(0x80000008, 0, &r);
        ci->phys_bits = r.eax & 0xff;
        ci->virt_bits = (r.eax >> 8) & 0xff;
    }
    read_brand(ci);
    if (ci->l1_ecx & (1u << 31)) {
        cpuid(0x40000000, 0, &r);
        ci->hv_max_leaf = r.eax;
        uint32_t h[3] = {r.ebx, r.ecx, r.edx};
        regs_to_str(ci->hv_sig, h, 3);
    }
}

int cpuinfo_has(const struct cpuinfo *ci, const char *name)
{
    for (size_t i = 0; i < sizeof(feats) / sizeof(feats[0]); i++)
        if (!strcmp(feats[i].name, name))
            return (reg_value(ci, feats[i].reg) >> feats[i].bit) & 1;
    return 0;
}

int cpuinfo_features(const struct cpuinfo *ci, char *buf, size_t size)
{
    size_t len = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < sizeof(feats) / sizeof(feats[0]); i++) {
        if (!((reg_value(ci, feats[i].reg) >> feats[i].bit) & 1))
            continue;
        int n = ksnprintf(buf + (len < size ? len : size),
                          len < size ? size - len : 0, "%s%s", len ? " " : "",
                          feats[i].name);
        len += (size_t)n;
    }
    return (int)len;
}
