/* SPDX-License-Identifier: MIT */
/*
 * One-shot timers: a list sorted by deadline (ns on time_ns()'s clock),
 * with the timer hardware armed for the head: the local APIC timer, or
 * what time_timer_use installed (Hyper-V's STIMER0). The interrupt handler
 * runs every expired timer and re-arms for the next; a deadline beyond one
 * APIC count simply fires early and is re-armed. The APIC is armed by the
 * span to the deadline, so the TSC conversion's rounding is relative to
 * the span, not to the uptime. Interrupts are disabled while the list is
 * changed; callers run with interrupts off outside time_sleep_ns.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "drivers/apic/apic.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "skiff/errno.h"

static struct timer *pending;
static int irq_ready, probed;

static void lapic_arm(uint64_t deadline_ns)
{
    uint64_t tsc = tsc_read(), now = time_ns();
    uint64_t span = deadline_ns > now ? deadline_ns - now : 0;
    lapic_timer_arm(tsc + time_ns_to_ticks(span) + 1, time_tsc_hz());
}

static const struct timer_ops lapic_ops = {"lapic", lapic_arm,
                                           lapic_timer_stop};
static const struct timer_ops *hw = &lapic_ops;

static void arm_head(void)
{
    if (pending)
        hw->arm(pending->deadline);
    else
        hw->stop();
}

void time_timer_expire(void)
{
    uint64_t now = time_ns();
    while (pending && pending->deadline <= now) {
        struct timer *t = pending;
        pending = t->next;
        t->armed = 0;
        t->fn(t);
    }
    arm_head();
}

static void on_timer_irq(struct trap_frame *tf)
{
    (void)tf;
    time_timer_expire();
    lapic_eoi();
}

void time_timer_use(const struct timer_ops *ops)
{
    if (pending) /* else the old hardware is stopped already */
        hw->stop();
    hw = ops;
    irq_ready = 1;
    probed = 0;
    arm_head();
}

const char *time_timer_name(void)
{
    return hw->name;
}

static void on_spurious(struct trap_frame *tf)
{
    (void)tf; /* no EOI for the spurious vector (SDM 11.9) */
}

int time_timers_init(void)
{
    int rc = trap_register(APIC_VEC_TIMER, on_timer_irq);
    if (!rc)
        rc = trap_register(APIC_VEC_SPURIOUS, on_spurious);
    if (!rc)
        irq_ready = 1;
    return rc;
}

void timer_cancel(struct timer *t)
{
    for (struct timer **p = &pending; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            t->armed = 0;
            if (p == &pending)
                arm_head();
            return;
        }
    }
}

void timer_start(struct timer *t, uint64_t deadline_ns, timer_fn fn)
{
    if (t->armed)
        timer_cancel(t);
    t->deadline = deadline_ns;
    t->fn = fn;
    t->armed = 1;
    struct timer **p = &pending;
    while (*p && (*p)->deadline <= t->deadline)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
    if (pending == t)
        arm_head();
}

static void wake(struct timer *t)
{
    (void)t;
}

/* Before the first halt, check that the timer interrupt really arrives:
 * spin (interrupts on) for at most 200 ms on a 50 us timer (a loaded TCG
 * host can stall the vCPU for tens of ms; only a broken timer pays it). Halting
 * on a timer that never fires would hang the VM; without it, sleeps busy-wait.
 */
static int timer_irq_works(void)
{
    struct timer t = {0};
    uint64_t t0 = time_ns();
    timer_start(&t, t0 + 50000, wake);
    irq_enable();
    while (t.armed && time_ns() - t0 < 200000000)
        cpu_relax();
    irq_disable();
    if (!t.armed)
        return 1;
    timer_cancel(&t);
    log_warn("time: the timer interrupt did not arrive within 200 ms; "
             "sleeps will busy-wait\n");
    return 0;
}

int time_can_halt(void)
{
    if (irq_ready && !probed++)
        irq_ready = timer_irq_works();
    return irq_ready;
}

int time_sleep_ns(uint64_t ns)
{
    uint64_t until = time_ns() + ns;
    if (!time_can_halt()) {
        while (time_ns() < until)
            cpu_relax();
        return -ENODEV;
    }
    struct timer t = {0};
    timer_start(&t, until, wake);
    while (t.armed)
        cpu_wait_irq();
    return 0;
}
