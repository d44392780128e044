/* SPDX-License-Identifier: MIT */
/*
 * time: the monotonic clock (TSC since entry) and one-shot timers.
 * The TSC frequency comes, in order of trust, from CPUID leaf 0x15, the
 * hypervisor leaf 0x40000010, kvm-clock, or a measurement against PIT
 * channel 2 that starts at entry and is read at time_init(), so the boot
 * work in between counts towards the 1 ms window instead of a busy wait.
 * CPUID 0x16 (nominal MHz) is the last resort. Boot CPU only.
 *
 * On Hyper-V, hv_boot_init replaces both halves: time_ns() then reads the
 * partition reference time (time_clock_set) and timers run on STIMER0
 * (time_timer_use). Log and timeline stamps stay TSC stamps.
 */
#ifndef SKIFF_TIME_H
#define SKIFF_TIME_H
#include <stdint.h>

/* Start the PIT reference. Call as early as possible. */
void time_early_init(void);

/* Settle the TSC frequency and start the log's timestamps. Returns 0, or
 * -ENODEV when no source worked (then 1 GHz is assumed, with a warning). */
int time_init(void);

uint64_t time_tsc_hz(void);
const char *time_source(void); /* "cpuid-15h", "hyperv-msr", "kvmclock", ... */
uint64_t time_ns(void);        /* since entry */
uint64_t time_tsc_to_ns(uint64_t tsc);  /* TSC stamp -> ns since entry */
uint64_t time_ns_to_ticks(uint64_t ns); /* a span in ns -> TSC ticks */

/* Make (now) the clock behind time_ns(), named (name) in time_clock().
 * (now) must continue from time_ns() at the call (a forward step at most)
 * and never go back. Boot context, interrupts off. */
void time_clock_set(const char *name, uint64_t (*now)(void));
const char *time_clock(void); /* "tsc" or the name given */

/* Set up the local APIC timer interrupt. Returns 0 or -ENODEV. */
int time_timers_init(void);

struct timer;
typedef void (*timer_fn)(struct timer *t);
struct timer {
    uint64_t deadline; /* ns since entry */
    timer_fn fn;
    struct timer *next;
    int armed;
};

/* Call (fn) from the timer interrupt once time_ns() >= (deadline_ns).
 * (t) must stay valid until it fires or is cancelled. */
void timer_start(struct timer *t, uint64_t deadline_ns, timer_fn fn);
void timer_cancel(struct timer *t);

/* The one-shot timer hardware behind the timer list: the local APIC by
 * default. (arm) raises an interrupt once time_ns() >= (deadline_ns)
 * (early is allowed: the list re-arms), replacing the previous arming;
 * that interrupt's handler calls time_timer_expire(). */
struct timer_ops {
    const char *name;
    void (*arm)(uint64_t deadline_ns);
    void (*stop)(void);
};
/* Move the timer list to (ops) (stopping the local APIC timer) and check
 * its interrupt again before the next halt. Interrupts off. */
void time_timer_use(const struct timer_ops *ops);
const char *time_timer_name(void); /* "lapic", ... */
/* Run every expired timer and re-arm for the next. Interrupt context. */
void time_timer_expire(void);

/* 1 when the timer interrupt is known to arrive, so code may halt until a
 * timer (checked once, on first call, within 200 ms). */
int time_can_halt(void);

/* Sleep at least (ns), halting the CPU. Returns 0, or -ENODEV without a
 * timer interrupt (then it busy-waits on the TSC instead). */
int time_sleep_ns(uint64_t ns);

#endif
