/* SPDX-License-Identifier: MIT */
/* Sanity of a virtio-mmio window before any register is read: see mmio.h. */
#include "boot/bootinfo.h"
#include "drivers/virtio/mmio.h"
#include "skiff/errno.h"

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

int virtio_mmio_window_check(const struct virtio_mmio_cmdline_dev *w,
                             const struct bootinfo *bi, uint64_t top,
                             const struct virtio_mmio_cmdline_dev *prev,
                             unsigned nprev, struct diag *d)
{
    if (w->size < VIRTIO_MMIO_REGS) {
        diag_set(d,
                 "window of %llu bytes is smaller than the %u-byte "
                 "register block",
                 (unsigned long long)w->size, VIRTIO_MMIO_REGS);
        return -EINVAL;
    }
    if (w->base % 4) {
        diag_set(d, "base 0x%llx is not 32-bit aligned",
                 (unsigned long long)w->base);
        return -EINVAL;
    }
    if (w->base >= top || w->size > top - w->base) {
        diag_set(d,
                 "base 0x%llx is not mapped as MMIO (the map ends at "
                 "0x%llx)",
                 (unsigned long long)w->base, (unsigned long long)top);
        return -EINVAL;
    }
    for (uint32_t i = 0; i < bi->nmem; i++) {
        const struct bootinfo_mem *e = &bi->mem[i];
        if (e->type != BOOTINFO_MEM_RAM && e->type != BOOTINFO_MEM_ACPI &&
            e->type != BOOTINFO_MEM_NVS)
            continue;
        if (overlaps(w->base, w->size, e->base, e->size)) {
            diag_set(d,
                     "base 0x%llx is not mapped as MMIO: it is memory "
                     "(map entry 0x%llx-0x%llx)",
                     (unsigned long long)w->base, (unsigned long long)e->base,
                     (unsigned long long)(e->base + e->size - 1));
            return -EINVAL;
        }
    }
    for (unsigned i = 0; i < nprev; i++) {
        if (overlaps(w->base, w->size, prev[i].base, prev[i].size)) {
            diag_set(d, "window overlaps the device at 0x%llx",
                     (unsigned long long)prev[i].base);
            return -EINVAL;
        }
    }
    return 0;
}
