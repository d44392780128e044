/* SPDX-License-Identifier: MIT */
/*
 * The boot bring-up's decisions, pure over struct hv_ops and struct
 * hv_bringup_env, so that the order and the fallbacks are tested on the
 * host against the simulated Hyper-V; hyperv.c only supplies the
 * kernel's vectors, clock and timer hooks and logs the outcome.
 *
 * Order: the hypercall page (on detection's result), the frequency MSRs,
 * the reference TSC page, the SynIC on VMBus's SINT (a vector is taken
 * only when the SynIC is offered), reference time as the clock and
 * STIMER0 as the timer (a direct-mode vector only when offered; without
 * one, expiry messages on the same SINT), and last the VMBus handshake,
 * which needs the SynIC, then the heartbeat channel when it is offered
 * (its failure leaves VMBus connected). The clock and timer are installed
 * before the handshake, so its waits already run on reference time. A failure
 * leaves out what depends on it and nothing else.
 */
#include "drivers/hyperv/hv.h"
#include "skiff/errno.h"

/* The SynIC on VMBus's SINT, on a vector of its own. */
static int synic_up(struct hv *hv, const struct hv_bringup_env *env,
                    struct hv_bringup *r)
{
    if (!(hv->info.features[0] & HV_PRIV_SYNIC))
        return -ENODEV;
    r->sint_vector = env->vector_alloc(env->ctx, env->sint_isr, hv);
    if (r->sint_vector < 0)
        return r->sint_vector;
    return hv_synic_init(hv, VMBUS_MESSAGE_SINT, (uint8_t)r->sint_vector, 0);
}

/* Reference time as the clock, STIMER0 as the one-shot timer. */
static int time_up(struct hv *hv, const struct hv_bringup_env *env,
                   struct hv_bringup *r)
{
    int e;
    if ((hv->info.features[0] & HV_PRIV_STIMER) &&
        (hv->info.features[3] & HV_FEAT_STIMER_DIRECT)) {
        e = env->vector_alloc(env->ctx, env->timer_isr, env->ctx);
        r->timer_vector = e > 0 ? e : 0; /* none free: message mode */
    }
    hv->timer_fn = env->timer_isr;
    hv->timer_ctx = env->ctx;
    e = hv_time_setup(hv, VMBUS_MESSAGE_SINT, (uint8_t)r->timer_vector,
                      env->tsc, env->ctx, env->ns_now);
    if (e)
        return e;
    env->clock_use(env->ctx, hv);
    if (hv->time.timer != HV_TIMER_NONE)
        env->timer_use(env->ctx, hv);
    return 0;
}

int hv_bringup(struct hv *hv, const struct hv_ops *ops,
               const struct hv_info *info, const struct hv_bringup_env *env,
               struct hv_bringup *r, struct diag *d)
{
    *r = (struct hv_bringup){
        .freq = -ENODEV, .vmbus = -ENODEV, .heartbeat = -ENODEV};
    r->hypercall = hv_hypercall_init(hv, ops, info, d);
    if (r->hypercall)
        return r->hypercall;
    r->freq = hv_frequencies(hv, &r->tsc_hz, &r->apic_hz);
    r->ref_tsc = hv_ref_tsc_init(hv);
    r->ref_read = hv_time_ref_read(hv, env->tsc, env->ctx, &r->ref_now);
    r->synic = synic_up(hv, env, r);
    r->time = time_up(hv, env, r);
    if (r->synic == 0) {
        r->vmbus = hv_vmbus_connect(hv, d);
        if (r->vmbus == 0)
            r->vmbus = hv_vmbus_request_offers(hv, d);
        if (r->vmbus == 0)
            r->heartbeat = hv_heartbeat_open(hv, d);
    }
    return 0;
}

int hv_shutdown(struct hv *hv, unsigned waits)
{
    if (!hv || !hv->msg_conn_id)
        return -ENODEV;
    hv->timeout = waits;
    hv_heartbeat_close(hv); /* CLOSECHANNEL before UNLOAD, as Linux */
    return hv_vmbus_unload(hv);
}
