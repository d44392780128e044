/* SPDX-License-Identifier: MIT */
/*
 * Waiting for completions (kernel only). With an interrupt line, the CPU
 * halts until the device's interrupt or a deadline timer; the first wait
 * that ends by the timer with work pending proves the line dead, and the
 * device is polled from then on (with a warning), so a wrong IRQ costs one
 * slice rather than every request. Without one it polls the used ring.
 * A timeout is returned to the caller, which decides whether it is fatal
 * (a block request) or normal (no frame arrived).
 */
#include "arch/x86_64/io.h"
#include "drivers/virtio/virtio.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "skiff/errno.h"

#define IRQ_PROBE_NS 100000000ull /* halt slice until the line is proven */

static void wake(struct timer *t)
{
    (void)t;
}

static int halt_until(struct virtio_dev *dev, struct virtio_vq *vq,
                      uint64_t until)
{
    struct timer t = {0};
    timer_start(&t, until, wake);
    while (!virtio_vq_pending(vq) && t.armed && !dev->failed) {
        if (virtio_vq_irq_enable(vq))
            break;
        cpu_wait_irq();
    }
    virtio_vq_irq_disable(vq);
    timer_cancel(&t);
    return virtio_vq_pending(vq);
}

/* Halt in slices: unless the line is proven, each slice is short, and a
 * slice that ends by its timer with completions waiting proves that the
 * device finished without interrupting. */
static int halt_wait(struct virtio_dev *dev, struct virtio_vq *vq,
                     uint64_t until)
{
    uint64_t now;
    while ((now = time_ns()) < until && !dev->failed) {
        uint64_t slice = until;
        if (dev->irq_works == 0 && now + IRQ_PROBE_NS < until)
            slice = now + IRQ_PROBE_NS;
        uint64_t irqs = dev->irqs;
        int done = halt_until(dev, vq, slice);
        if (dev->irqs != irqs)
            dev->irq_works = 1;
        if (!done)
            continue;
        if (dev->irq_works == 0 && time_ns() >= slice) {
            dev->irq_works = -1;
            log_warn("%s: 0x%llx: completions without an interrupt on irq "
                     "%u; polling from now on\n",
                     dev->transport, (unsigned long long)dev->base, dev->irq);
        }
        return 1;
    }
    return virtio_vq_pending(vq);
}

int virtio_dev_wait(struct virtio_dev *dev, struct virtio_vq *vq,
                    uint64_t timeout_ns)
{
    uint64_t until = time_ns() + timeout_ns;
    if (dev->irq && dev->irq_works >= 0 && time_can_halt())
        halt_wait(dev, vq, until);
    while (!virtio_vq_pending(vq) && time_ns() < until && !dev->failed)
        cpu_relax();
    if (dev->failed || vq->broken)
        return -EIO;
    if (virtio_vq_pending(vq))
        return 0;
    return -ETIMEDOUT;
}
