/* SPDX-License-Identifier: MIT */
/* time: see time.h. */
#include "kernel/time.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "drivers/apic/apic.h"
#include "drivers/hyperv/hv.h"
#include "kernel/log.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define NS_PER_S                 1000000000ull
#define MSR_KVM_SYSTEM_TIME_NEW  0x4b564d01
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)

static uint64_t tsc_hz;
static uint64_t ns_mult;  /* ns per TSC tick, 32.32 fixed point */
static uint64_t tsc_mult; /* TSC ticks per ns, 40.24 fixed point */
static const char *source = "none";
static uint64_t pit_tsc0;
static uint64_t (*clock_now)(void);
static const char *clock_name = "tsc";

void time_early_init(void)
{
    pit_tsc0 = tsc_read();
    pit_ref_start();
}

static uint64_t from_cpuid15(void)
{
    struct cpuid_regs r;
    cpuid(0, 0, &r);
    if (r.eax < 0x15)
        return 0;
    cpuid(0x15, 0, &r); /* TSC = crystal (ecx) * ebx / eax */
    if (!r.eax || !r.ebx || !r.ecx)
        return 0;
    return (uint64_t)r.ecx * r.ebx / r.eax;
}

static int hv_max_leaf(char sig[13])
{
    struct cpuid_regs r;
    cpuid(1, 0, &r);
    if (!(r.ecx & (1u << 31)))
        return 0;
    cpuid(0x40000000, 0, &r);
    uint32_t w[3] = {r.ebx, r.ecx, r.edx};
    for (int i = 0; i < 12; i++)
        sig[i] = (char)(w[i / 4] >> (8 * (i % 4)));
    sig[12] = 0;
    return (int)r.eax;
}

/* kvm-clock publishes the guest's TSC-to-ns scale; invert it. */
static uint64_t from_kvmclock(void)
{
    static volatile struct {
        uint32_t version, pad0;
        uint64_t tsc_timestamp, system_time;
        uint32_t mul;
        int8_t shift;
        uint8_t flags, pad[2];
    } __attribute__((aligned(64))) pv;
    char sig[13];
    struct cpuid_regs r;
    int max = hv_max_leaf(sig);
    if (max < 0x40000001 || strncmp(sig, "KVMKVMKVM", 9))
        return 0;
    cpuid(0x40000001, 0, &r);
    if (!(r.eax & KVM_FEATURE_CLOCKSOURCE2))
        return 0;
    msr_write(MSR_KVM_SYSTEM_TIME_NEW, (uintptr_t)&pv | 1);
    uint32_t mul = pv.mul;
    int shift = pv.shift;
    msr_write(MSR_KVM_SYSTEM_TIME_NEW, 0);
    if (!mul)
        return 0;
    uint64_t hz = (NS_PER_S << 32) / mul;
    return shift >= 0 ? hz >> shift : hz << -shift;
}

static uint64_t from_hv_leaf(void)
{
    char sig[13];
    struct cpuid_regs r;
    if (hv_max_leaf(sig) < 0x40000010)
        return 0;
    cpuid(0x40000010, 0, &r); /* VMware/KVM: EAX = TSC kHz */
    return (uint64_t)r.eax * 1000;
}

/* TSC ticks over PIT ticks since time_early_init, waiting until at least
 * 1 ms has passed; restarts once if the 55 ms window was missed. */
static uint64_t from_pit(void)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        int e = pit_ref_elapsed();
        for (long spins = 0; e >= 0 && e < (int)(PIT_HZ / 1000); spins++) {
            if (spins > 2000000)
                return 0; /* the counter does not move: no PIT */
            e = pit_ref_elapsed();
        }
        uint64_t t1 = tsc_read();
        if (e > 0)
            return (t1 - pit_tsc0) * PIT_HZ / (uint64_t)e;
        time_early_init();
    }
    return 0;
}

static uint64_t from_cpuid16(void)
{
    struct cpuid_regs r;
    cpuid(0, 0, &r);
    if (r.eax < 0x16)
        return 0;
    cpuid(0x16, 0, &r);
    return (uint64_t)(r.eax & 0xffff) * 1000000;
}

uint64_t time_tsc_to_ns(uint64_t tsc)
{
    uint64_t d = tsc - arch_boot_tsc;
    return (uint64_t)((unsigned __int128)d * ns_mult >> 32);
}

uint64_t time_ns(void)
{
    return clock_now ? clock_now() : time_tsc_to_ns(tsc_read());
}

uint64_t time_ns_to_ticks(uint64_t ns)
{
    return (uint64_t)((unsigned __int128)ns * tsc_mult >> 24);
}

void time_clock_set(const char *name, uint64_t (*now)(void))
{
    clock_now = now;
    clock_name = name;
}

const char *time_clock(void)
{
    return clock_name;
}

uint64_t time_tsc_hz(void)
{
    return tsc_hz;
}
const char *time_source(void)
{
    return source;
}

int time_init(void)
{
    static const struct {
        uint64_t (*fn)(void);
        const char *name;
    } srcs[] = {
        {from_cpuid15, "cpuid-15h"},       {hv_boot_tsc_hz, "hyperv-msr"},
        {from_hv_leaf, "cpuid-40000010h"}, {from_kvmclock, "kvmclock"},
        {from_pit, "pit-calibrated"},      {from_cpuid16, "cpuid-16h"},
    };
    int rc = 0;
    for (unsigned i = 0; i < sizeof(srcs) / sizeof(srcs[0]) && !tsc_hz; i++) {
        tsc_hz = srcs[i].fn();
        source = srcs[i].name;
    }
    if (!tsc_hz) {
        tsc_hz = NS_PER_S;
        source = "assumed-1GHz";
        rc = -ENODEV;
    }
    ns_mult = (NS_PER_S << 32) / tsc_hz;
    tsc_mult = (tsc_hz << 24) / NS_PER_S;
    lapic_timer_set_rate(hv_boot_apic_hz(), tsc_hz); /* 0 off Hyper-V */
    log_start(time_tsc_to_ns);
    if (rc)
        log_warn("time: no TSC frequency source; assuming 1 GHz\n");
    return rc;
}
