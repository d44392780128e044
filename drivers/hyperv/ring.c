/* SPDX-License-Identifier: MIT */
/*
 * VMBus ring buffers (Linux drivers/hv/ring_buffer.c has the same
 * layout): a control page with the two indices, then a data area used
 * circularly. Packets are a struct vmbus_packet_desc, the payload padded
 * to 8 bytes, and an 8-byte trailer; write_index == read_index means
 * empty, so a writer always leaves at least one byte free.
 *
 * The host owns one index of each ring and every packet header in the
 * receive ring, and may be hostile: each value it wrote is read once
 * into a local, checked against the ring's size and against how much it
 * says it wrote, and only then used, so no copy can leave the data
 * pages. Skiff's own index lives in struct hv_ring, not just in shared
 * memory, so the host cannot move it. A ring found corrupt is marked
 * broken and refuses all further use; the host would have to reopen.
 * The data pages need not be contiguous, so copies go page by page.
 */
#include "drivers/hyperv/hv.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

#define PAGE_SIZE 4096u
#define TRAILER   8u

static void fence(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void hv_ring_init(struct hv_ring *r, void *ctl, void *const data[])
{
    memset(r, 0, sizeof(*r));
    r->ctl = ctl;
    for (unsigned i = 0; i < HV_RING_DATA_PAGES; i++)
        r->data[i] = data[i];
    r->size = HV_RING_DATA_PAGES * PAGE_SIZE;
}

/* The bytes at ring offset (off) (< size) up to the end of its page or
 * (len), whichever is shorter, in (*n). */
static uint8_t *at(const struct hv_ring *r, uint32_t off, uint32_t len,
                   uint32_t *n)
{
    uint32_t in_page = PAGE_SIZE - off % PAGE_SIZE;
    *n = len < in_page ? len : in_page;
    return r->data[off / PAGE_SIZE] + off % PAGE_SIZE;
}

static void copy_in(struct hv_ring *r, uint32_t off, const void *buf,
                    uint32_t len)
{
    const uint8_t *b = buf;
    uint32_t n = 0;
    for (; len; b += n, len -= n, off = (off + n) % r->size) {
        uint8_t *p = at(r, off, len, &n);
        memcpy(p, b, n);
    }
}

static void copy_out(const struct hv_ring *r, uint32_t off, void *buf,
                     uint32_t len)
{
    uint8_t *b = buf;
    uint32_t n = 0;
    for (; len; b += n, len -= n, off = (off + n) % r->size) {
        const uint8_t *p = at(r, off, len, &n);
        memcpy(b, p, n);
    }
}

/* Bytes from (from) to (to) going forward. */
static uint32_t dist(const struct hv_ring *r, uint32_t from, uint32_t to)
{
    return to >= from ? to - from : r->size - from + to;
}

/* An index the host wrote: inside the ring and 8-byte aligned. */
static int index_ok(const struct hv_ring *r, uint32_t i)
{
    return i < r->size && i % 8 == 0;
}

int hv_ring_write(struct hv_ring *r, uint16_t type, uint16_t flags,
                  uint64_t trans_id, const void *buf, uint32_t len, int *signal)
{
    struct vmbus_packet_desc pd = {type, sizeof(pd) / 8, 0, flags, trans_id};
    uint32_t pkt = (uint32_t)((sizeof(pd) + len + 7) & ~7ull);
    uint64_t zero = 0, trailer = (uint64_t)r->index << 32;
    *signal = 0;
    if (r->broken)
        return -EPROTO;
    if (len > r->size || pkt + TRAILER >= r->size || pkt / 8 > 0xffff)
        return -EMSGSIZE;
    uint32_t rd = r->ctl->read_index;
    if (!index_ok(r, rd))
        return r->broken = 1, -EPROTO;
    uint32_t used = dist(r, rd, r->index);
    if (r->size - used <= pkt + TRAILER)
        return -EAGAIN; /* equal would make the ring look empty */
    pd.len8 = (uint16_t)(pkt / 8);
    uint32_t w = r->index;
    copy_in(r, w, &pd, sizeof(pd));
    copy_in(r, (w + sizeof(pd)) % r->size, buf, len);
    copy_in(r, (w + sizeof(pd) + len) % r->size, &zero, pkt - sizeof(pd) - len);
    copy_in(r, (w + pkt) % r->size, &trailer, TRAILER);
    fence(); /* the packet before the index that publishes it */
    r->index = (w + pkt + TRAILER) % r->size;
    r->ctl->write_index = r->index;
    fence(); /* the index before looking at the host's state */
    /* Linux hv_need_to_signal: only an empty ring needs a kick, and
     * not while the host polls (interrupt_mask). */
    if (!r->ctl->interrupt_mask && r->ctl->read_index == w)
        *signal = 1;
    return 0;
}

/* Check the descriptor (pd) of a packet with (avail) bytes readable. */
static int desc_ok(const struct vmbus_packet_desc *pd, uint32_t avail)
{
    uint32_t pkt = (uint32_t)pd->len8 * 8, off = (uint32_t)pd->offset8 * 8;
    return pkt >= sizeof(*pd) && pkt + TRAILER <= avail && off >= sizeof(*pd) &&
           off <= pkt;
}

int hv_ring_read(struct hv_ring *r, struct vmbus_packet_desc *desc, void *buf,
                 uint32_t cap, uint32_t *len, int *signal)
{
    *signal = 0;
    if (r->broken)
        return -EPROTO;
    uint32_t w = r->ctl->write_index;
    if (!index_ok(r, w))
        return r->broken = 1, -EPROTO;
    uint32_t avail = dist(r, r->index, w);
    if (avail == 0)
        return -EAGAIN;
    fence(); /* the index before the packet it publishes */
    if (avail < sizeof(*desc) + TRAILER)
        return r->broken = 1, -EPROTO;
    copy_out(r, r->index, desc, sizeof(*desc));
    if (!desc_ok(desc, avail))
        return r->broken = 1, -EPROTO;
    uint32_t pkt = (uint32_t)desc->len8 * 8, off = (uint32_t)desc->offset8 * 8;
    int e = 0;
    *len = pkt - off;
    if (*len > cap)
        e = -EMSGSIZE;
    else
        copy_out(r, (r->index + off) % r->size, buf, *len);
    uint32_t free_before = r->size - avail;
    fence(); /* the packet is copied before the host may reuse its room */
    r->index = (r->index + pkt + TRAILER) % r->size;
    r->ctl->read_index = r->index;
    fence();
    uint32_t want = r->ctl->pending_send_sz;
    if (want && free_before < want && free_before + pkt + TRAILER >= want)
        *signal = 1; /* the host waits for room that is now there */
    return e;
}
