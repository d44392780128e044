/* SPDX-License-Identifier: MIT */
/* Host tests of the split virtqueue: the test plays the device side on the
 * ring memory, honestly and then as a hostile device. */
#include "drivers/virtio/vq.h"
#include "skiff/errno.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct virtio_vq vq;
static void *ring, *priv;
static unsigned notified;

static void notify(struct virtio_vq *q)
{
    (void)q;
    notified++;
}

static void setup(uint16_t size, int event_idx, int indirect)
{
    free(ring);
    free(priv);
    ring = calloc(1, virtio_vq_ring_size(size, 4096, indirect));
    priv = calloc(1, virtio_vq_priv_size(size));
    notified = 0;
    assert_int_equal(virtio_vq_init(&vq, size, 4096, event_idx, indirect, ring,
                                    priv, notify, NULL, NULL),
                     0);
}

/* Device side: the head of avail entry (i), and completing a head. */
static uint16_t avail_head(unsigned i)
{
    return vq.avail[2 + (i & (vq.size - 1))];
}

static void device_complete(uint32_t id, uint32_t len)
{
    uint16_t idx = vq.used[1];
    uint32_t *e = (uint32_t *)(uintptr_t)(vq.used + 2) + 2 * (idx % vq.size);
    e[0] = id;
    e[1] = len;
    vq.used[1] = (uint16_t)(idx + 1);
}

static void test_init_sizes(void **state)
{
    (void)state;
    static char r[65536], p[8192];
    struct diag d = {""};
    assert_int_equal(virtio_vq_init(&vq, 0, 4096, 0, 0, r, p, notify, 0, &d),
                     -EINVAL);
    assert_non_null(strstr(d.msg, "queue size 0"));
    assert_int_equal(virtio_vq_init(&vq, 6, 4096, 0, 0, r, p, notify, 0, &d),
                     -EINVAL);
    assert_non_null(strstr(d.msg, "power of two"));
    assert_int_equal(virtio_vq_init(&vq, 2048, 4096, 0, 0, r, p, notify, 0, &d),
                     -EINVAL);
    /* Layout of virtio 1.2 §2.7 with legacy alignment. */
    assert_int_equal(virtio_vq_avail_off(256), 4096);
    assert_int_equal(virtio_vq_used_off(256, 4096), 8192);
    assert_int_equal(virtio_vq_used_off(8, 4), 128 + 6 + 16 + 2);
}

static void test_chain_and_complete(void **state)
{
    (void)state;
    setup(8, 0, 0);
    char hdr[16], data[512], st;
    struct virtio_sg sg[3] = {{hdr, 16}, {data, 512}, {&st, 1}};
    assert_int_equal(virtio_vq_add(&vq, sg, 1, 2, hdr), 0);
    assert_int_equal(vq.num_free, 5);
    uint16_t h = avail_head(0);
    assert_int_equal(vq.desc[h].flags, VRING_DESC_F_NEXT);
    uint16_t n1 = vq.desc[h].next, n2 = vq.desc[n1].next;
    assert_int_equal(vq.desc[n1].flags, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE);
    assert_int_equal(vq.desc[n2].flags, VRING_DESC_F_WRITE);
    assert_int_equal(vq.desc[n1].len, 512);
    assert_int_equal(vq.avail[1], 0); /* not published before the kick */
    assert_int_equal(virtio_vq_kick(&vq), 1);
    assert_int_equal(vq.avail[1], 1);
    assert_int_equal(notified, 1);

    void *tok;
    uint32_t len;
    assert_int_equal(virtio_vq_get(&vq, &tok, &len), 0);
    device_complete(h, 513);
    assert_int_equal(virtio_vq_get(&vq, &tok, &len), 1);
    assert_ptr_equal(tok, hdr);
    assert_int_equal(len, 513);
    assert_int_equal(vq.num_free, 8);
}

static void test_full_ring_and_reuse(void **state)
{
    (void)state;
    setup(4, 0, 0);
    char b[4][8];
    struct virtio_sg sg[2] = {{b[0], 8}, {b[1], 8}};
    assert_int_equal(virtio_vq_add(&vq, sg, 1, 1, b[0]), 0);
    assert_int_equal(virtio_vq_add(&vq, sg, 1, 1, b[1]), 0);
    assert_int_equal(virtio_vq_add(&vq, sg, 1, 1, b[2]), -ENOSPC);
    assert_int_equal(virtio_vq_add(&vq, sg, 0, 0, b[2]), -EINVAL);
    assert_int_equal(virtio_vq_add(&vq, sg, 1, 1, NULL), -EINVAL);
    virtio_vq_kick(&vq);
    /* Complete out of order; the freed chains are reused. */
    device_complete(avail_head(1), 8);
    device_complete(avail_head(0), 8);
    void *tok;
    uint32_t len;
    assert_int_equal(virtio_vq_get(&vq, &tok, &len), 1);
    assert_ptr_equal(tok, b[1]);
    assert_int_equal(virtio_vq_get(&vq, &tok, &len), 1);
    assert_ptr_equal(tok, b[0]);
    for (int round = 0; round < 10; round++) {
        assert_int_equal(virtio_vq_add(&vq, sg, 1, 1, b[3]), 0);
        virtio_vq_kick(&vq);
        device_complete(avail_head(vq.avail_idx - 1), 0);
        assert_int_equal(virtio_vq_get(&vq, &tok, &len), 1);
    }
    assert_int_equal(vq.num_free, 4);
}

static void test_indirect(void **state)
{
    (void)state;
    setup(4, 0, 1);
    char a[16], b[32], c[1];
    struct virtio_sg sg[3] = {{a, 16}, {b, 32}, {c, 1}};
    assert_int_equal(virtio_vq_add(&vq, sg, 2, 1, a), 0);
    assert_int_equal(vq.num_free, 3); /* one slot for three buffers */
    uint16_t h = avail_head(0);
    assert_int_equal(vq.desc[h].flags, VRING_DESC_F_INDIRECT);
    assert_int_equal(vq.desc[h].len, 3 * 16);
    struct vring_desc *t = (struct vring_desc *)(uintptr_t)vq.desc[h].addr;
    assert_ptr_equal((void *)(uintptr_t)t[1].addr, b);
    assert_int_equal(t[1].flags, VRING_DESC_F_NEXT);
    assert_int_equal(t[1].next, 2);
    assert_int_equal(t[2].flags, VRING_DESC_F_WRITE);
    /* A single buffer goes direct. */
    assert_int_equal(virtio_vq_add(&vq, sg, 1, 0, b), 0);
    assert_int_equal(vq.desc[avail_head(1)].flags, 0);
}

static void test_notify_suppression(void **state)
{
    (void)state;
    char a[8];
    struct virtio_sg sg = {a, 8};
    setup(8, 0, 0);
    vq.used[0] = VRING_USED_F_NO_NOTIFY;
    virtio_vq_add(&vq, &sg, 1, 0, a);
    assert_int_equal(virtio_vq_kick(&vq), 0);
    assert_int_equal(notified, 0);

    setup(8, 1, 0); /* event index: notify only when crossing avail_event */
    volatile uint16_t *avail_event = vq.used + 2 + 4 * vq.size;
    *avail_event = 1; /* the device wants a kick once entry 1 is made */
    virtio_vq_add(&vq, &sg, 1, 0, a);
    assert_int_equal(virtio_vq_kick(&vq), 0); /* idx 0 -> 1: not crossed */
    virtio_vq_add(&vq, &sg, 1, 0, a);
    assert_int_equal(virtio_vq_kick(&vq), 1); /* idx 1 -> 2 crosses 1 */
    /* Interrupt suppression: used_event follows what the driver took. */
    assert_int_equal(virtio_vq_irq_enable(&vq), 0);
    assert_int_equal(vq.avail[2 + vq.size], 0);
    device_complete(avail_head(0), 0);
    assert_int_equal(virtio_vq_irq_enable(&vq), 1); /* raced: poll again */

    setup(8, 0, 0);
    virtio_vq_irq_disable(&vq);
    assert_int_equal(vq.avail[0], VRING_AVAIL_F_NO_INTERRUPT);
    virtio_vq_irq_enable(&vq);
    assert_int_equal(vq.avail[0], 0);
}

/* Each hostile completion breaks the queue, names the problem, and every
 * later call fails without touching the ring. */
static void hostile(void (*act)(uint16_t head), const char *expect)
{
    char a[8], b[8];
    struct virtio_sg sg[2] = {{a, 8}, {b, 8}};
    setup(8, 0, 0);
    assert_int_equal(virtio_vq_add(&vq, sg, 1, 1, a), 0);
    virtio_vq_kick(&vq);
    act(avail_head(0));
    void *tok = NULL;
    uint32_t len;
    int rc = virtio_vq_get(&vq, &tok, &len);
    if (rc == 1) /* the first completion may be honest */
        rc = virtio_vq_get(&vq, &tok, &len);
    assert_int_equal(rc, -EIO);
    assert_true(vq.broken);
    if (!strstr(vq.why.msg, expect))
        fail_msg("why: \"%s\", expected \"%s\"", vq.why.msg, expect);
    assert_int_equal(virtio_vq_add(&vq, sg, 1, 1, b), -EIO);
    assert_int_equal(virtio_vq_get(&vq, &tok, &len), -EIO);
}

static void jump(uint16_t h)
{
    device_complete(h, 8);
    vq.used[1] = (uint16_t)(vq.used[1] + 40);
}

static void range(uint16_t h)
{
    (void)h;
    device_complete(vq.size + 1, 8);
}

static void twice(uint16_t h)
{
    device_complete(h, 8);
    device_complete(h, 8);
}

static void too_long(uint16_t h)
{
    device_complete(h, 9);
}

static void free_id(uint16_t h)
{
    device_complete((uint16_t)((h + 3) % vq.size), 0);
}

static void test_hostile_device(void **state)
{
    (void)state;
    hostile(jump, "used index moved by 41");
    hostile(range, "used id 9 out of range");
    hostile(twice, "used index moved by 1 with 0 requests");
    hostile(too_long, "used length 9 > 8");
    hostile(free_id, "not in flight");
}

/* A double completion spread over two polls: the id is free the second
 * time. */
static void test_double_completion(void **state)
{
    (void)state;
    char a[8], b[8];
    struct virtio_sg sg[2] = {{a, 8}, {b, 8}};
    setup(8, 0, 0);
    virtio_vq_add(&vq, sg, 1, 1, a);
    virtio_vq_add(&vq, sg, 1, 1, b);
    virtio_vq_kick(&vq);
    uint16_t h = avail_head(0);
    device_complete(h, 0);
    void *tok;
    uint32_t len;
    assert_int_equal(virtio_vq_get(&vq, &tok, &len), 1);
    device_complete(h, 0);
    assert_int_equal(virtio_vq_get(&vq, &tok, &len), -EIO);
    assert_non_null(strstr(vq.why.msg, "is not in flight"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_sizes),
        cmocka_unit_test(test_chain_and_complete),
        cmocka_unit_test(test_full_ring_and_reuse),
        cmocka_unit_test(test_indirect),
        cmocka_unit_test(test_notify_suppression),
        cmocka_unit_test(test_hostile_device),
        cmocka_unit_test(test_double_completion),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(ring);
    free(priv);
    return rc;
}
