/* SPDX-License-Identifier: MIT */
/*
 * Kernel glue for drivers/hyperv: real CPUID and MSRs, the hypercall page
 * in kernel text, pages from kmem, and a 1 ms TSC-clocked wait. Detection
 * runs on every boot and costs a few CPUID instructions; everything else
 * only runs when leaf 0x40000001 says "Hv#1". No MSR is touched unless
 * its privilege bit is set, since a #GP here would end the boot.
 * The SINT interrupt goes to a vector of its own; irq.c sends the LAPIC
 * EOI after the handler (no auto-EOI), and boot-time waits also poll the
 * message page, so the handshake works with interrupts still off.
 *
 * Detection runs once, from time_init (for the frequency MSRs), and its
 * cost is kept for the `hyperv: not detected` debug line (bench/hyperv).
 * On Hyper-V, reference time becomes the clock behind time_ns() and
 * STIMER0 the one-shot timer (clock.c): its direct-mode vector, or its
 * expiry messages on SINT 2, call time_timer_expire(). What is brought up
 * in which order, and what falls back to what, is decided in bringup.c
 * (host-tested); this file supplies the kernel's hooks and logs.
 * The heartbeat channel, when offered, is answered from the SINT handler
 * (its requests raise SINT 2 through the channel's event flag).
 */
#include "arch/x86_64/cpu.h"
#include "drivers/hyperv/hv.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/mm/kmem.h"
#include "kernel/time.h"
#include "lib/param/param.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define SHUTDOWN_WAITS 100
#define TESTDEV_SINT   3 /* any SINT but VMBus's */

PARAM_BOOL(hyperv, testdev, false,
           "SynIC self-test through QEMU's -device hyperv-testdev");

/* Allocated on Hyper-V only: the state (about 3.6 KiB) would otherwise
 * sit in every image's .bss, and the smallest boots count every page. */
static struct hv *hvp;
_Static_assert(sizeof(struct hv) <= 4096, "hv state fits a page");
static struct hv_info boot_info;
static int detected = -1; /* unknown until boot_detect */
static uint64_t detect_ticks;

static void k_cpuid(void *ctx, uint32_t leaf, struct cpuid_regs *r)
{
    (void)ctx;
    cpuid(leaf, 0, r);
}

static uint64_t k_tsc(void *ctx)
{
    (void)ctx;
    return tsc_read();
}

static int k_rdmsr(void *ctx, uint32_t msr, uint64_t *v)
{
    (void)ctx;
    *v = msr_read(msr);
    return 0;
}

static int k_wrmsr(void *ctx, uint32_t msr, uint64_t v)
{
    (void)ctx;
    msr_write(msr, v);
    return 0;
}

static uint64_t k_hypercall(void *ctx, void *page, uint64_t control,
                            uint64_t in, uint64_t out)
{
    (void)ctx;
    return hypercall_page_call(page, control, in, out);
}

static int k_page_alloc(void *ctx, enum hv_page_kind kind, void **va,
                        uint64_t *gpa)
{
    (void)ctx;
    if (kind == HV_PAGE_CODE) {
        *va = hypercall_page;
        *gpa = (uint64_t)(uintptr_t)hypercall_page;
        return 0;
    }
    int e = kmem_page_zalloc(0, gpa);
    if (!e)
        *va = (void *)(uintptr_t)*gpa;
    return e;
}

static void k_wait(void *ctx)
{
    (void)ctx;
    uint64_t end = time_ns() + 1000000;
    while (time_ns() < end)
        cpu_relax();
}

static const struct hv_ops kops = {NULL,        k_cpuid,      k_rdmsr, k_wrmsr,
                                   k_hypercall, k_page_alloc, k_wait};

/* VMBus messages, STIMER0 messages and channel events share SINT 2: a
 * heartbeat request sets the channel's event flag and raises it. */
static void sint_irq(void *ctx)
{
    hv_synic_isr(ctx);
    hv_heartbeat_poll(ctx); /* -ENODEV at once when not open */
}

/* 1 on Hyper-V. The first call costs a few CPUIDs, later ones nothing. */
static int boot_detect(void)
{
    if (detected < 0) {
        uint64_t t0 = tsc_read();
        detected = hv_detect(&kops, &boot_info) == 0;
        detect_ticks = tsc_read() - t0;
    }
    return detected;
}

/* STIMER0's direct-mode vector, or its expiry message on SINT 2 (through
 * sint_irq); irq.c sends the EOI in both cases. */
static void timer_irq(void *ctx)
{
    (void)ctx;
    time_timer_expire();
}

static uint64_t ref_clock_ns(void)
{
    return hv_time_ns(hvp, k_tsc, NULL);
}

static void stimer_arm(uint64_t deadline_ns)
{
    hv_time_arm(hvp, deadline_ns);
}

static void stimer_stop(void)
{
    hv_stimer_stop(hvp);
}

static const struct timer_ops stimer_ops = {"hyperv-stimer0", stimer_arm,
                                            stimer_stop};

static int k_vector_alloc(void *ctx, void (*fn)(void *), void *arg)
{
    (void)ctx;
    return irq_alloc_vector(fn, arg);
}

static void k_clock_use(void *ctx, struct hv *hv)
{
    (void)ctx;
    time_clock_set(hv_clock_name(hv->time.clock), ref_clock_ns);
}

static void k_timer_use(void *ctx, struct hv *hv)
{
    (void)ctx;
    (void)hv;
    time_timer_use(&stimer_ops);
}

static const struct hv_bringup_env kenv = {
    NULL,     k_vector_alloc, k_tsc,       time_ns,
    sint_irq, timer_irq,      k_clock_use, k_timer_use,
};

static void show_info(void)
{
    const struct hv_info *i = &hvp->info;
    log_info("hyperv: \"%s\" build %u version %u.%u, max leaf 0x%x%s%s\n",
             i->vendor, i->build, i->version >> 16, i->version & 0xffff,
             i->max_leaf, i->kvm_vendor[0] ? ", kvm leaves at 0x40000100 " : "",
             i->kvm_vendor);
    log_info("hyperv: privileges 0x%x 0x%x features 0x%x recommend 0x%x\n",
             i->features[0], i->features[1], i->features[3], i->recommend);
}

static void show_time(const struct hv_bringup *r)
{
    if (r->freq == 0)
        log_info("hyperv: tsc %llu Hz, apic timer %llu Hz\n",
                 (unsigned long long)r->tsc_hz, (unsigned long long)r->apic_hz);
    if (r->ref_read == 0)
        log_info("hyperv: reference time %llu00 ns (%s)\n",
                 (unsigned long long)r->ref_now,
                 r->ref_tsc ? "tsc page off" : "tsc page on");
    if (r->synic)
        log_warn("hyperv: synic: %d\n", r->synic);
    if (r->time) {
        log_info("hyperv: no reference time; the clock stays tsc\n");
        return;
    }
    log_info("hyperv: clock %s, timer %s\n", time_clock(),
             hvp->time.timer != HV_TIMER_NONE ? hv_timer_name(hvp->time.timer)
                                              : time_timer_name());
}

static void show_vmbus(const struct hv_bringup *r, const struct diag *d)
{
    char g[37];
    if (r->vmbus) {
        if (r->synic == 0)
            log_warn("hyperv: %s\n", d->msg);
        return;
    }
    log_info("hyperv: vmbus version %u.%u on connection %u, %u offers\n",
             hvp->vmbus_version >> 16, hvp->vmbus_version & 0xffff,
             hvp->msg_conn_id, hvp->noffers);
    for (unsigned n = 0; n < hvp->noffers; n++) {
        const char *name = hv_vmbus_class_name(hvp->offers[n].type);
        hv_guid_format(hvp->offers[n].type, g);
        log_info("hyperv: vmbus relid %u %s {%s}\n", hvp->offers[n].relid,
                 name ? name : "unknown", g);
    }
}

static void testdev_out(void *ctx, uint32_t word)
{
    (void)ctx;
    pio_out32(HV_TESTDEV_PORT, word);
}

static void testdev_run(void)
{
    struct diag d = {{0}};
    int e = hv_testdev_run(hvp, TESTDEV_SINT, testdev_out, NULL, &d);
    if (e)
        log_warn("hyperv: %s (%d)\n", d.msg, e);
    else
        log_info("hyperv: testdev sint %u: message echo and event flag ok\n",
                 TESTDEV_SINT);
}

void hv_boot_init(void)
{
    struct diag d = {{0}};
    struct hv_bringup r;
    uint64_t pa;
    if (!boot_detect()) {
        log_debug(
            "hyperv: not detected (detection %llu ns)\n",
            (unsigned long long)time_tsc_to_ns(arch_boot_tsc + detect_ticks));
        return; /* not Hyper-V: nothing to do */
    }
    if (kmem_page_zalloc(0, &pa)) {
        log_warn("hyperv: no memory for its state\n");
        return;
    }
    hvp = (struct hv *)(uintptr_t)pa;
    int e = hv_bringup(hvp, &kops, &boot_info, &kenv, &r, &d);
    show_info();
    if (e) {
        log_warn("hyperv: %s (%d)\n", d.msg, e);
        return;
    }
    log_info("hyperv: hypercall page at %p, vp index %u\n", hvp->hc_page,
             hvp->vp_index);
    show_time(&r);
    show_vmbus(&r, &d);
    if (r.heartbeat == 0)
        log_info("hyperv: heartbeat channel open (relid %u)\n",
                 hvp->hb.ch.relid);
    else if (r.heartbeat != -ENODEV)
        log_warn("hyperv: heartbeat: %s (%d)\n", d.msg, r.heartbeat);
    if (param_hyperv_testdev)
        testdev_run();
}

void hv_boot_shutdown(void)
{
    /* Closes the heartbeat channel (CLOSECHANNEL, GPADL teardown) first. */
    if (hv_shutdown(hvp, SHUTDOWN_WAITS) == -ETIMEDOUT)
        log_warn("hyperv: vmbus unload unanswered\n");
}

/* A frequency MSR when on Hyper-V and offered (privilege bit 11). */
static uint64_t boot_freq(uint32_t msr)
{
    uint64_t hz;
    if (!boot_detect() || !(boot_info.features[0] & HV_PRIV_FREQ))
        return 0;
    k_rdmsr(NULL, msr, &hz);
    return hz;
}

uint64_t hv_boot_tsc_hz(void)
{
    return boot_freq(HV_MSR_TSC_FREQUENCY);
}

uint64_t hv_boot_apic_hz(void)
{
    return boot_freq(HV_MSR_APIC_FREQUENCY);
}

const struct hv *hv_boot_state(void)
{
    return hvp;
}
