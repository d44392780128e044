/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio discovery: each `virtio_mmio.device=` entry is parsed, its
 * window checked (mmio_window.c), its registers identified, and the device
 * attached to its driver with its interrupt routed. A bad entry is logged
 * with its text and reason and skipped; the others still come up. Each
 * device found gets one line (format in README.md, "virtio devices"):
 *   virtio-mmio: 0xfeb00e00 irq 12 v1 blk features 0x10000020
 * Empty slots (device id 0) are skipped quietly.
 *
 * QEMU microvm with ACPI on appends no entries: its devices are the DSDT's
 * LNRO0005 nodes, with their GSI and trigger (drivers/acpi). Without either,
 * virtio_mmio.probe=microvm probes microvm's 24 fixed slots: an explicit
 * choice, never a default, and those devices run polled, since which GSI
 * each slot uses depends on the machine's options.
 */
#include "boot/bootinfo.h"
#include "drivers/acpi/acpi.h"
#include "drivers/virtio/mmio.h"
#include "kernel/irq.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"
#include "skiff/errno.h"

#define MICROVM_BASE   0xfeb00000ull
#define MICROVM_STRIDE 0x200u
#define MICROVM_SLOTS  24

PARAM_ENUM(virtio_mmio, trigger, 0,
           "interrupt trigger of virtio-mmio devices (auto: edge on "
           "Firecracker, level elsewhere)",
           "auto", "edge", "level");
PARAM_ENUM(virtio_mmio, probe, 0,
           "without virtio_mmio.device entries, probe QEMU microvm's slots "
           "(polled)",
           "off", "microvm");

#define DEVS_MAX (VIRTIO_MMIO_CMDLINE_MAX + MICROVM_SLOTS)
static unsigned ndevs;

static void on_irq(void *ctx)
{
    virtio_dev_interrupt(ctx);
}

static unsigned trigger_flags(const struct bootinfo *bi)
{
    if (param_virtio_mmio_trigger == 1)
        return 0;
    if (param_virtio_mmio_trigger == 2)
        return IRQ_LEVEL;
    return (bi->hints & BOOTINFO_HINT_FIRECRACKER) ? 0 : IRQ_LEVEL;
}

/* Identify, route (with trigger flags) and attach the device in (w). */
static int bring_up(const struct virtio_mmio_cmdline_dev *w, unsigned flags,
                    struct diag *d)
{
    /* From the heap, not static: an image's memory floor matters more
     * than the few allocations of a boot with devices. */
    struct virtio_mmio *m = ndevs < DEVS_MAX ? kmalloc(sizeof(*m)) : 0;
    if (!m)
        return -ENOSPC;
    int rc = virtio_mmio_init(m, w->base, w->size, w->irq, d);
    if (rc) {
        kfree(m);
        return rc;
    }
    ndevs++;
    if (m->dev.irq) {
        int v = irq_attach(m->dev.irq, flags, on_irq, &m->dev);
        if (v < 0) {
            log_warn("virtio-mmio: 0x%llx: irq %u not routed (%d); polling\n",
                     (unsigned long long)w->base, m->dev.irq, v);
            m->dev.irq = 0;
        }
    }
    return virtio_dev_attach(&m->dev) == 0;
}

/* Windows accepted so far, so that a later one may not overlap them. */
struct seen {
    struct virtio_mmio_cmdline_dev w[DEVS_MAX];
    unsigned n;
};

/* Check window (w) against the memory map and the windows in (s), then
 * bring its device up with trigger (flags). Returns 1 when a driver took
 * it, 0 when not, or a negative errno with the reason in (d) (-ENODEV:
 * an empty slot, not worth a message). */
static int try_window(struct seen *s, const struct virtio_mmio_cmdline_dev *w,
                      unsigned flags, const struct bootinfo *bi, uint64_t top,
                      struct diag *d)
{
    int rc = virtio_mmio_window_check(w, bi, top, s->w, s->n, d);
    if (rc)
        return rc;
    if (s->n < DEVS_MAX)
        s->w[s->n++] = *w;
    return bring_up(w, flags, d);
}

static unsigned from_cmdline(const struct bootinfo *bi, uint64_t top)
{
    struct seen s = {.n = 0};
    unsigned up = 0;
    for (unsigned i = 0; i < param_virtio_mmio_device_count; i++) {
        const char *t = param_virtio_mmio_device[i];
        struct diag d = {""};
        struct virtio_mmio_cmdline_dev w;
        int rc = virtio_mmio_cmdline_parse(t, strlen(t), &w, &d);
        if (!rc)
            rc = try_window(&s, &w, trigger_flags(bi), bi, top, &d);
        if (rc > 0)
            up++;
        else if (rc < 0 && rc != -ENODEV)
            log_err("virtio-mmio: device %u '%s': %s\n", i, t,
                    d.msg[0] ? d.msg : "no room for more devices");
    }
    return up;
}

static unsigned probe_microvm(const struct bootinfo *bi, uint64_t top)
{
    struct seen s = {.n = 0};
    unsigned up = 0;
    log_info("virtio-mmio: probing the %u QEMU microvm slots "
             "(virtio_mmio.probe=microvm)\n",
             MICROVM_SLOTS);
    for (unsigned k = 0; k < MICROVM_SLOTS; k++) {
        struct virtio_mmio_cmdline_dev w = {
            MICROVM_BASE + (uint64_t)k * MICROVM_STRIDE, MICROVM_STRIDE, 0, -1};
        struct diag d = {""};
        int rc = try_window(&s, &w, 0, bi, top, &d);
        if (rc > 0)
            up++;
        else if (rc < 0 && rc != -ENODEV)
            log_err("virtio-mmio: slot %u at 0x%llx: %s\n", k,
                    (unsigned long long)w.base, d.msg);
    }
    return up;
}

static unsigned from_acpi(const struct bootinfo *bi, uint64_t top)
{
    static struct acpi_mmio_dev a[ACPI_MAX_MMIO];
    int n = acpi_virtio_mmio(a, ACPI_MAX_MMIO);
    struct seen s = {.n = 0};
    unsigned up = 0;
    for (int i = 0; i < n && i < ACPI_MAX_MMIO; i++) {
        struct virtio_mmio_cmdline_dev w = {a[i].base, a[i].size, a[i].gsi, -1};
        struct diag d = {""};
        unsigned flags = (a[i].level ? IRQ_LEVEL : 0) |
                         (a[i].active_low ? IRQ_ACTIVE_LOW : 0);
        int rc = try_window(&s, &w, flags, bi, top, &d);
        if (rc > 0)
            up++;
        else if (rc < 0 && rc != -ENODEV)
            log_err("virtio-mmio: ACPI device %s at 0x%llx: %s\n", a[i].name,
                    (unsigned long long)a[i].base, d.msg);
    }
    return up;
}

unsigned virtio_mmio_discover(const struct bootinfo *bi, uint64_t top)
{
    if (param_virtio_mmio_device_count)
        return from_cmdline(bi, top);
    if (acpi_virtio_mmio(0, 0) > 0)
        return from_acpi(bi, top);
    if (param_virtio_mmio_probe == 1)
        return probe_microvm(bi, top);
    return 0;
}
