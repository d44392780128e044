/* SPDX-License-Identifier: MIT */
/*
 * apic: the interrupt controllers of the boot CPU: local APIC (x2APIC when
 * offered, xAPIC MMIO otherwise), IOAPIC with every pin masked until a
 * driver routes one, and the legacy 8259 PIC, remapped and masked. Also the
 * PIT's channel 0, used only as a reference to measure the TSC.
 * Boot CPU only; interrupts off during the init calls.
 */
#ifndef SKIFF_APIC_H
#define SKIFF_APIC_H
#include <stdint.h>

#define APIC_VEC_TIMER      0xef
#define APIC_VEC_SPURIOUS   0xff
#define IOAPIC_DEFAULT_BASE 0xfec00000u

struct lapic_info {
    int present, x2apic, tsc_deadline;
    uint32_t id, version;
    uint64_t base;
};

/* Remap the 8259 pair to vectors 0x20-0x2f and mask every line (a monitor
 * without a PIC ignores the writes). */
void pic_disable(void);

/* Enable the local APIC with the spurious vector and a masked timer.
 * Returns 0 or -ENODEV when CPUID reports no APIC. */
int lapic_init(struct lapic_info *out);
void lapic_eoi(void);

/* Fire APIC_VEC_TIMER once when the TSC reaches (deadline). Uses the
 * TSC-deadline mode where present, else the one-shot count mode, whose rate
 * against the TSC is measured on first use. A deadline too far away for one
 * count fires early; the caller re-arms. (tsc_hz) is the TSC frequency. */
void lapic_timer_arm(uint64_t deadline, uint64_t tsc_hz);
void lapic_timer_stop(void);
/* Take the count-mode rate from a known timer frequency (apic_hz, before
 * the divider; Hyper-V's APIC frequency MSR) instead of measuring it. */
void lapic_timer_set_rate(uint64_t apic_hz, uint64_t tsc_hz);

/* Mask every redirection entry of the IOAPIC at (base). Returns the number
 * of pins, or -ENODEV when nothing answers there. */
int ioapic_init(uint64_t base, uint32_t *version);

/* Deliver IOAPIC (base) input (pin) as (vector), fixed delivery, to the
 * local APIC with physical id (dest); edge/active-high unless (flags) say
 * otherwise. Returns 0, -ENODEV (no IOAPIC) or -EINVAL (no such pin). */
#define IOAPIC_LEVEL      1u
#define IOAPIC_ACTIVE_LOW 2u
int ioapic_route(uint64_t base, unsigned pin, uint8_t vector, uint8_t dest,
                 unsigned flags);

/* PIT channel 0 as a free-running reference: start counting down from
 * 0xffff at 1.193182 MHz; elapsed ticks since the start, or -1 once it
 * wrapped (after about 55 ms) or when there is no PIT. */
#define PIT_HZ 1193182u
void pit_ref_start(void);
int pit_ref_elapsed(void);

#endif
