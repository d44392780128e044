/* SPDX-License-Identifier: MIT */
/*
 * hvbench: the cost of Skiff's Hyper-V bring-up against the simulated
 * Hyper-V (tests/unit/hv_model.c), phase by phase, as the kernel runs it
 * (drivers/hyperv/hyperv.c): detection, guest OS id and hypercall page,
 * reference TSC page, SynIC, clock and STIMER0 setup, the VMBus handshake
 * and offers, and opening the heartbeat channel (GPADL, OPENCHANNEL, the
 * answer to the host's NEGOTIATE) when offered. For each phase it prints the
 * median host time over (runs) bring-ups and what the phase asks of the
 * hypervisor: CPUIDs, MSR reads and writes, hypercalls and interrupts. On a
 * real Hyper-V each of those is an intercept, whose price depends on the host,
 * so the counts are the portable figure and the times measure Skiff's own
 * logic. Also: detection against a hypervisor that is not Hyper-V, and a clock
 * read through the TSC page and through TIME_REF_COUNT.
 * Usage: hvbench [runs]   (default 2001)
 */
#include "drivers/hyperv/hv.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/hv_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    P_DETECT,
    P_HYPERCALL,
    P_REFTSC,
    P_SYNIC,
    P_TIME,
    P_VMBUS,
    P_HEARTBEAT,
    NPHASE
};
static const char *const names[NPHASE] = {
    "detect",        "hypercall page",       "tsc page",      "synic",
    "clock+stimer0", "vmbus connect+offers", "heartbeat open"};

struct counts {
    unsigned cpuid, rdmsr, wrmsr, hypercalls, irqs;
};

static struct hv_model m;
static struct hv_ops inner;
static struct counts cnt;
static uint64_t fake_tsc;

static void c_cpuid(void *ctx, uint32_t leaf, struct cpuid_regs *r)
{
    cnt.cpuid++;
    inner.cpuid(ctx, leaf, r);
}

static int c_rdmsr(void *ctx, uint32_t msr, uint64_t *v)
{
    cnt.rdmsr++;
    return inner.rdmsr(ctx, msr, v);
}

static int c_wrmsr(void *ctx, uint32_t msr, uint64_t v)
{
    cnt.wrmsr++;
    return inner.wrmsr(ctx, msr, v);
}

static uint64_t c_hypercall(void *ctx, void *page, uint64_t c, uint64_t in,
                            uint64_t out)
{
    cnt.hypercalls++;
    return inner.hypercall(ctx, page, c, in, out);
}

static void isr(void *ctx)
{
    cnt.irqs++;
    hv_synic_isr(ctx);
}

static uint64_t tsc(void *ctx)
{
    (void)ctx;
    return fake_tsc += 1000;
}

static uint64_t ns_now(void)
{
    return 1000000;
}

static void on_timer(void *ctx)
{
    (void)ctx;
}

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, unsigned n)
{
    qsort(v, n, sizeof(v[0]), cmp);
    return v[n / 2];
}

/* Run phase (p) of a bring-up; returns 0 or the error. */
static int phase(struct hv *hv, const struct hv_ops *ops, int p)
{
    struct diag d = {{0}};
    switch (p) {
    case P_DETECT: return hv_detect(ops, &hv->info);
    case P_HYPERCALL: return hv_hypercall_init(hv, ops, &hv->info, &d);
    case P_REFTSC: return hv_ref_tsc_init(hv);
    case P_SYNIC: return hv_synic_init(hv, VMBUS_MESSAGE_SINT, 0x40, 0);
    case P_TIME: return hv_time_setup(hv, 2, 0x41, tsc, NULL, ns_now);
    case P_HEARTBEAT: { /* not offered (QEMU) is not a failure */
        int e = hv_heartbeat_open(hv, &d);
        return e == -ENODEV ? 0 : e;
    }
    default:
        if (hv_vmbus_connect(hv, &d))
            return -1;
        return hv_vmbus_request_offers(hv, &d);
    }
}

/* (runs) bring-ups on a model configured by (cfg). */
static int bringup(const char *title, const struct hvm_cfg *cfg, unsigned runs)
{
    static struct hv hv;
    const struct hv_ops ops = {&m,          c_cpuid, c_rdmsr, c_wrmsr,
                               c_hypercall, NULL,    NULL};
    uint64_t *t = calloc((size_t)runs * NPHASE, sizeof(*t));
    struct counts per[NPHASE];
    struct hv_ops o = ops;
    if (!t)
        return 1;
    printf("== bring-up on the simulated Hyper-V: %s, median of %u\n", title,
           runs);
    printf("%-22s %9s %6s %6s %6s %6s %5s\n", "phase", "host ns", "cpuid",
           "rdmsr", "wrmsr", "hcalls", "irqs");
    for (unsigned r = 0; r < runs; r++) {
        hvm_init(&m, cfg);
        inner = hvm_ops(&m);
        o.page_alloc = inner.page_alloc;
        o.wait = inner.wait;
        memset(&hv, 0, sizeof(hv));
        hv.timer_fn = on_timer;
        m.isr = isr;
        m.isr_ctx = &hv;
        for (int p = 0; p < NPHASE; p++) {
            cnt = (struct counts){0};
            uint64_t t0 = now_ns();
            if (phase(&hv, &o, p)) {
                printf("%s: phase %s failed\n", title, names[p]);
                free(t);
                return 1;
            }
            t[p * runs + r] = now_ns() - t0;
            per[p] = cnt;
        }
        hvm_free(&m);
    }
    uint64_t total = 0;
    for (int p = 0; p < NPHASE; p++) {
        uint64_t med = median(&t[p * runs], runs);
        total += med;
        printf("%-22s %9llu %6u %6u %6u %6u %5u\n", names[p],
               (unsigned long long)med, per[p].cpuid, per[p].rdmsr,
               per[p].wrmsr, per[p].hypercalls, per[p].irqs);
    }
    printf("%-22s %9llu   (vmbus %u.%u, %u offers)\n", "total",
           (unsigned long long)total, hv.vmbus_version >> 16,
           hv.vmbus_version & 0xffff, hv.noffers);
    free(t);
    return 0;
}

/* Detection where it fails (KVM signature), and the two clock reads. */
static int reads(unsigned runs)
{
    static struct hv hv;
    struct hv_info info;
    uint64_t *t = calloc(runs, sizeof(*t)), ns = 0;
    const unsigned per = 1000;
    if (!t)
        return 1;
    printf("== single operations, median of %u (reads: per read, %u in a "
           "row)\n",
           runs, per);
    hvm_init(&m, &(struct hvm_cfg){.not_hyperv = 1});
    inner = hvm_ops(&m);
    struct hv_ops counted = inner;
    counted.cpuid = c_cpuid;
    for (unsigned r = 0; r < runs; r++) {
        uint64_t t0 = now_ns();
        cnt = (struct counts){0};
        (void)hv_detect(&counted, &info);
        t[r] = now_ns() - t0;
    }
    printf("%-34s %6llu ns, %u cpuid\n", "detect, not Hyper-V (kvm)",
           (unsigned long long)median(t, runs), cnt.cpuid);
    for (int page = 1; page >= 0; page--) {
        hvm_init(&m, &(struct hvm_cfg){.tsc_seq = (uint32_t)page,
                                       .tsc_scale = 1ull << 63});
        inner = hvm_ops(&m);
        memset(&hv, 0, sizeof(hv));
        if (hvm_hypercall_up(&hv, &inner, NULL) ||
            hv_time_setup(&hv, 2, 0x41, tsc, NULL, ns_now))
            return free(t), 1;
        for (unsigned r = 0; r < runs; r++) {
            uint64_t t0 = now_ns();
            for (unsigned i = 0; i < per; i++)
                ns += hv_time_ns(&hv, tsc, NULL);
            t[r] = now_ns() - t0;
        }
        printf("%-34s %6.1f ns, %s\n",
               page ? "clock read, TSC page" : "clock read, TIME_REF_COUNT",
               (double)median(t, runs) / per,
               page ? "0 exits" : "1 rdmsr (an exit) per read");
        hvm_free(&m);
    }
    free(t);
    return ns == 0; /* keeps the reads */
}

int main(int argc, char **argv)
{
    unsigned runs = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 2001;
    if (!runs)
        runs = 1;
    if (bringup("Hyper-V 5.3, 6 offers, direct STIMER",
                &(struct hvm_cfg){.tsc_seq = 1,
                                  .tsc_scale = 1ull << 63,
                                  .feat_edx = HV_FEAT_STIMER_DIRECT},
                runs) ||
        bringup("QEMU 7.2-like, VMBus 4.0 on connection 1, no offers",
                &(struct hvm_cfg){.max_version = VMBUS_VERSION(4, 0),
                                  .no_conn4 = 1,
                                  .offers_qemu = 1},
                runs))
        return 1;
    return reads(runs);
}
