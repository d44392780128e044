/* SPDX-License-Identifier: MIT */
/*
 * Local APIC (Intel SDM vol. 3A ch. 11). Registers are reached through one
 * pair of accessors that pick MSRs (x2APIC: 0x800 + offset/16) or MMIO.
 * QEMU's TCG offers no x2APIC or TSC-deadline mode, KVM offers both, so both
 * timer modes are kept.
 */
#include "arch/x86_64/io.h"
#include "drivers/apic/apic.h"
#include "skiff/errno.h"

#define MSR_APIC_BASE    0x1b
#define BASE_ENABLE      (1u << 11)
#define BASE_X2APIC      (1u << 10)
#define MSR_TSC_DEADLINE 0x6e0

#define REG_ID           0x20
#define REG_VERSION      0x30
#define REG_TPR          0x80
#define REG_EOI          0xb0
#define REG_SVR          0xf0
#define REG_LVT_TIMER    0x320
#define REG_TIMER_INIT   0x380
#define REG_TIMER_CUR    0x390
#define REG_TIMER_DIV    0x3e0
#define LVT_MASKED       (1u << 16)
#define LVT_TSC_DEADLINE (2u << 17)

static struct lapic_info li;
static uint64_t count_per_tsc; /* 32.32 fixed point, 0 until measured */

static uint32_t rd(uint32_t reg)
{
    if (li.x2apic)
        return (uint32_t)msr_read(0x800 + (reg >> 4));
    return mmio_read32((uintptr_t)li.base, reg);
}

static void wr(uint32_t reg, uint32_t v)
{
    if (li.x2apic)
        msr_write(0x800 + (reg >> 4), v);
    else
        mmio_write32((uintptr_t)li.base, reg, v);
}

int lapic_init(struct lapic_info *out)
{
    struct cpuid_regs r;
    cpuid(1, 0, &r);
    if (!(r.edx & (1u << 9)))
        return -ENODEV;
    uint64_t base = msr_read(MSR_APIC_BASE);
    li.present = 1;
    li.x2apic = (r.ecx >> 21) & 1;
    li.tsc_deadline = (r.ecx >> 24) & 1;
    li.base = base & 0x000ffffffffff000ull;
    /* Disabled -> x2APIC in one write is an invalid transition (SDM 3A
     * §11.12.5): enable xAPIC mode first, then switch to x2APIC. */
    base |= BASE_ENABLE;
    msr_write(MSR_APIC_BASE, base);
    if (li.x2apic)
        msr_write(MSR_APIC_BASE, base | BASE_X2APIC);
    li.id = rd(REG_ID);
    if (!li.x2apic)
        li.id >>= 24;
    li.version = rd(REG_VERSION) & 0xff;
    wr(REG_TPR, 0);
    wr(REG_LVT_TIMER, LVT_MASKED | APIC_VEC_TIMER);
    wr(REG_SVR, 0x100 | APIC_VEC_SPURIOUS); /* software enable */
    *out = li;
    return 0;
}

void lapic_eoi(void)
{
    wr(REG_EOI, 0);
}

/* Measure the count-mode rate against the TSC over about 1 ms. */
static void measure(uint64_t tsc_hz)
{
    wr(REG_TIMER_DIV, 0xb); /* divide by 1 */
    wr(REG_LVT_TIMER, LVT_MASKED | APIC_VEC_TIMER);
    uint64_t t0 = tsc_read();
    wr(REG_TIMER_INIT, 0xffffffffu);
    uint64_t span = tsc_hz / 1000;
    while (tsc_read() - t0 < span)
        cpu_relax();
    uint32_t left = rd(REG_TIMER_CUR);
    uint64_t dt = tsc_read() - t0;
    wr(REG_TIMER_INIT, 0);
    uint64_t counted = 0xffffffffu - left;
    count_per_tsc = dt ? (counted << 32) / dt : 1ull << 32;
    if (!count_per_tsc)
        count_per_tsc = 1;
}

void lapic_timer_set_rate(uint64_t apic_hz, uint64_t tsc_hz)
{
    if (!li.present || !tsc_hz || !apic_hz || apic_hz >> 32)
        return;             /* measure() will do */
    wr(REG_TIMER_DIV, 0xb); /* divide by 1, as measure() */
    count_per_tsc = (apic_hz << 32) / tsc_hz;
    if (!count_per_tsc)
        count_per_tsc = 1;
}

void lapic_timer_arm(uint64_t deadline, uint64_t tsc_hz)
{
    if (li.tsc_deadline) {
        wr(REG_LVT_TIMER, LVT_TSC_DEADLINE | APIC_VEC_TIMER);
        msr_write(MSR_TSC_DEADLINE, deadline);
        return;
    }
    if (!count_per_tsc)
        measure(tsc_hz);
    uint64_t now = tsc_read();
    uint64_t dt = deadline > now ? deadline - now : 1;
    unsigned __int128 c = (unsigned __int128)dt * count_per_tsc >> 32;
    uint32_t count = c > 0xffffffffu ? 0xffffffffu : (c ? (uint32_t)c : 1);
    wr(REG_LVT_TIMER, APIC_VEC_TIMER); /* one-shot */
    wr(REG_TIMER_INIT, count);
}

void lapic_timer_stop(void)
{
    wr(REG_LVT_TIMER, LVT_MASKED | APIC_VEC_TIMER);
    wr(REG_TIMER_INIT, 0);
    if (li.tsc_deadline)
        msr_write(MSR_TSC_DEADLINE, 0);
}
