/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the VMBus ring buffers (drivers/hyperv/ring.c), the
 * memory a Hyper-V host shares with Skiff: every byte of the control page
 * the host owns and of both data pages comes from the input, and so do
 * later changes of the host's index between operations. Each data page is
 * its own allocation, so ASan sees a read or write past either one. The
 * harness traps when a documented limit is broken: Skiff's own index
 * leaves the ring or is not 8-aligned, a payload is longer than the
 * buffer, or a broken ring starts working again.
 *
 * Input: 16 bytes of control page (write_index, read_index,
 * interrupt_mask, pending_send_sz), 1 byte whose bit 7 makes the ring a
 * send ring (else a receive ring, as each ring is one or the other) and
 * whose low bits are the feature bits, then the data pages' bytes (what is
 * missing stays zero). The operations are chosen from the same bytes read
 * backwards from the end.
 */
#include "drivers/hyperv/hv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAGE 4096u

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void check(const struct hv_ring *r, int was_broken)
{
    if (r->index >= r->size || r->index % 8)
        __builtin_trap();
    if (was_broken && !r->broken)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 17)
        return 0;
    struct vmbus_ring_ctl *ctl = calloc(1, PAGE);
    uint8_t *pages[HV_RING_DATA_PAGES];
    for (unsigned i = 0; i < HV_RING_DATA_PAGES; i++)
        pages[i] = calloc(1, PAGE);
    size_t body = size - 17, n = body < 2 * PAGE ? body : 2 * PAGE;
    for (size_t i = 0; i < n; i++)
        pages[i / PAGE][i % PAGE] = data[17 + i];

    struct hv_ring r;
    void *const dp[HV_RING_DATA_PAGES] = {pages[0], pages[1]};
    hv_ring_init(&r, ctl, dp);
    ctl->write_index = le32(data);
    ctl->read_index = le32(data + 4);
    ctl->interrupt_mask = le32(data + 8);
    ctl->pending_send_sz = le32(data + 12);
    ctl->feature_bits = data[16] & 0x7f;
    int send = data[16] >> 7;
    /* Skiff's own index anywhere a run of packets can leave it. */
    r.index = (le32(data + (send ? 0 : 4)) % r.size) & ~7u;

    uint8_t buf[600];
    for (unsigned op = 0; op < 48 && op < size; op++) {
        uint8_t b = data[size - 1 - op];
        int was_broken = r.broken, sig = 0;
        if (!(b & 1) && (b & 2)) {
            /* The host moves its index, or scribbles on a data byte. */
            if (send)
                ctl->read_index = le32(data + (b % 13));
            else
                ctl->write_index = le32(data + (b % 13));
            pages[b & 1][(b * 37u) % PAGE] = b;
        } else if (!send) {
            struct vmbus_packet_desc d;
            uint32_t len = 0, cap = (b & 2) ? 24 : sizeof(buf);
            int e = hv_ring_read(&r, &d, buf, cap, &len, &sig);
            if (e == 0 && len > cap)
                __builtin_trap();
        } else {
            memset(buf, b, sizeof(buf));
            hv_ring_write(&r, 6, 1, b, buf, (uint32_t)(b * 3u % 500u), &sig);
        }
        check(&r, was_broken);
    }
    for (unsigned i = 0; i < HV_RING_DATA_PAGES; i++)
        free(pages[i]);
    free(ctl);
    return 0;
}
