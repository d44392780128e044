/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the Hyper-V message path: the SynIC slot drain
 * (drivers/hyperv/synic.c) and the VMBus parsers (vmbus.c, stimer.c), fed
 * by a host whose messages come from the input, over the simulated
 * Hyper-V of tests/unit/hv_model.c.
 *
 * Input: byte 0 bit 0 chooses the phase the messages answer (1: the
 * version handshake, against a host that never answers it itself; 0:
 * REQUESTOFFERS after a normal handshake); then records of a 1-byte type
 * selector (0: VMBus type 1, 1: timer expiry, else a raw type), a raw
 * payload_size byte (may exceed 240) and up to 240 payload bytes, as many
 * as the size asks for and the input holds. The harness traps when a
 * documented limit of the result is broken.
 */
#include "drivers/hyperv/hv.h"
#include "tests/unit/hv_model.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct hv_model m;
static struct hv hv;

static unsigned expiries;

static void isr(void *ctx)
{
    hv_synic_isr(ctx);
}

static void on_timer(void *ctx)
{
    (void)ctx;
    expiries++;
}

static void inject(const uint8_t *p, size_t n)
{
    static const uint32_t types[] = {VMBUS_HV_MSG_TYPE, HV_MSG_TIMER_EXPIRED};
    uint8_t buf[HV_MSG_PAYLOAD_MAX];
    void (*f)(void *) = m.isr;
    m.isr = NULL; /* queue them all behind a busy slot */
    while (n >= 2) {
        uint32_t type = p[0] < 2 ? types[p[0]] : 0x100u + p[0];
        unsigned sz = p[1], take = sz > 240 ? 240 : sz;
        p += 2, n -= 2;
        if (take > n)
            take = (unsigned)n;
        memset(buf, 0, sizeof(buf));
        memcpy(buf, p, take);
        p += take, n -= take;
        hvm_send(&m, VMBUS_MESSAGE_SINT, type, buf, sz);
    }
    m.isr = f;
}

static void check(void)
{
    if (hv.noffers > HV_MAX_OFFERS)
        __builtin_trap();
    for (unsigned i = 0; i < hv.noffers; i++) {
        if (hv.offers[i].relid >= VMBUS_MAX_RELID)
            __builtin_trap();
        for (unsigned j = 0; j < i; j++)
            if (hv.offers[j].relid == hv.offers[i].relid)
                __builtin_trap();
    }
    if (hv.q_head >= HV_QUEUE_LEN || hv.q_tail >= HV_QUEUE_LEN)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int handshake = data[0] & 1;
    struct hvm_cfg cfg = {.offers_qemu = 1, .hostile = HVM_NO_END};
    if (handshake)
        cfg.hostile = HVM_SILENT;
    hvm_init(&m, &cfg);
    struct hv_ops ops = hvm_ops(&m);
    memset(&hv, 0, sizeof(hv));
    hv.timeout = 2;
    if (data[0] & 2) /* as the kernel: expiries bypass the queue */
        hv.timer_fn = on_timer;
    m.isr = isr;
    m.isr_ctx = &hv;
    if (hvm_hypercall_up(&hv, &ops, NULL) ||
        hv_synic_init(&hv, VMBUS_MESSAGE_SINT, 0x40, 0))
        __builtin_trap();
    if (handshake) {
        inject(data + 1, size - 1);
        hv_vmbus_connect(&hv, NULL);
    } else {
        if (hv_vmbus_connect(&hv, NULL)) /* HVM_NO_END answers this */
            __builtin_trap();
        inject(data + 1, size - 1);
        hv_vmbus_request_offers(&hv, NULL);
    }
    check();
    struct hv_msg msg;
    uint64_t exp;
    while (hv_synic_recv(&hv, &msg, 0) == 0)
        hv_stimer_expired(&msg, &exp);
    check();
    hvm_free(&m);
    return 0;
}
