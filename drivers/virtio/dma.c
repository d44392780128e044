/* SPDX-License-Identifier: MIT */
/* virtio memory from the kernel heap: identity-mapped, so the pointer is
 * the physical address the device is given. Page alignment keeps rings
 * inside one legacy queue PFN and requests from crossing pages needlessly. */
#include "drivers/virtio/virtio.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"

void *virtio_dma_alloc(size_t n)
{
    void *p = kmemalign(4096, n);
    if (p)
        memset(p, 0, n);
    return p;
}

void virtio_dma_free(void *p)
{
    kfree(p);
}
