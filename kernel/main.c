/* SPDX-License-Identifier: MIT */
/*
 * The boot sequence, in dependency order:
 *   1. start the PIT reference and load the IDT, so faults are reported;
 *   2. copy the loader's data into struct bootinfo (before any allocation:
 *      on QEMU pc it lies in "usable" RAM), parse the command line, and
 *      open the console it asks for (messages so far wait in the log);
 *   3. CPU features, page frames, final page tables, heap;
 *   4. interrupt controllers, then the clock, which also starts the log's
 *      timestamps and replays what was logged so far;
 *   5. devices: virtio-mmio devices from the command line (they need the
 *      heap, interrupt routing and timers);
 *   6. param.help / param.strict, then the application, whose return
 *      value is the VM's exit status.
 * Each stage is stamped on the boot timeline.
 */
#include "arch/x86_64/asm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "drivers/acpi/acpi.h"
#include "drivers/hyperv/hv.h"
#include "drivers/pci/pci.h"
#include "drivers/uart/uart.h"
#include "drivers/virtio/mmio.h"
#include "drivers/virtio/pci.h"
#include "kernel/app.h"
#include "kernel/entropy.h"
#include "kernel/irq.h"
#include "kernel/kernel.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kmem.h"
#include "kernel/params.h"
#include "kernel/shutdown.h"
#include "kernel/time.h"
#include "kernel/timeline.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define MULTIBOOT_MAGIC 0x2badb002u
#define LOW_4G          0x100000000ull

_Static_assert(ENTRY_PROTO_PVH == BOOT_PROTO_PVH &&
                   ENTRY_PROTO_MULTIBOOT == BOOT_PROTO_MULTIBOOT &&
                   ENTRY_PROTO_LINUX == BOOT_PROTO_LINUX,
               "entry.S passes enum boot_proto values");
_Static_assert(ENTRY_STATUS_PANIC == SHUTDOWN_STATUS_PANIC,
               "entry.S stops with the panic status");

static struct kstate ks;

PARAM_ENUM(console, serial, 0, "serial console port (none: no output)", "com1",
           "com2", "com3", "com4", "none");
static const uint16_t serial_ports[] = {0x3f8, 0x2f8, 0x3e8, 0x2e8};

const struct kstate *kernel_state(void)
{
    return &ks;
}

static _Noreturn void boot_fail(const char *what, int rc)
{
    log_flush();
    log_raw("boot: %s failed (error %d)\n", what, rc);
    shutdown(SHUTDOWN_STATUS_PANIC);
}

static void read_bootinfo(uint32_t proto, uint64_t info_pa, uint32_t magic)
{
    /* The early map covers the low 4 GiB; every loader's data is there. */
    struct boot_mem m = {0, 0, LOW_4G};
    struct diag d = {""};
    int rc;
    switch (proto) {
    case BOOT_PROTO_PVH: rc = boot_pvh_parse(&m, info_pa, &ks.boot, &d); break;
    case BOOT_PROTO_MULTIBOOT:
        rc = boot_multiboot_parse(&m, magic, info_pa, &ks.boot, &d);
        break;
    case BOOT_PROTO_LINUX:
        rc = boot_linux_parse(&m, info_pa, &ks.boot, &d);
        break;
    default: rc = -EINVAL; kstrlcpy(d.msg, "unknown entry", sizeof(d.msg));
    }
    if (d.msg[0])
        log_printf(rc ? LOG_ERR : LOG_WARN, "boot: %s\n", d.msg);
    if (rc)
        boot_fail("reading the loader's boot information", rc);
}

static int page_for_tables(uint64_t *pa)
{
    return kmem_page_zalloc(LOW_4G, pa);
}

static void memory_init(void)
{
    /* Only RAM the CPU can address: CPUID 0x80000008 (36 bits without it). */
    unsigned bits = ks.cpu.phys_bits ? ks.cpu.phys_bits : 36;
    if (bootinfo_mem_clip(&ks.boot, 1ull << bits))
        log_warn("memory: map entries beyond the %u-bit physical address "
                 "space dropped\n",
                 bits);
    int rc = kmem_init(&ks.boot);
    if (rc)
        boot_fail("building the page-frame allocator", rc);
    rc = paging_init(&ks.boot, page_for_tables, &ks.paging);
    if (rc)
        boot_fail("building the page tables", rc);
    kheap_init();
    timeline_mark("memory");
}

/* IOAPICs past the first, from the MADT (microvm's second one serves GSI
 * 24-47, where its virtio devices sit with ACPI on): masked, then known to
 * the interrupt router. */
static void more_ioapics(void)
{
    const struct acpi_state *a = acpi_state();
    for (unsigned i = 0; a->have_madt && i < a->madt.nioapic; i++) {
        const struct acpi_ioapic *io = &a->madt.ioapic[i];
        uint32_t ver;
        if (io->gsi_base == 0)
            continue;
        int pins = ioapic_init(io->addr, &ver);
        if (pins > 0)
            irq_add_ioapic(io->addr, io->gsi_base, pins);
        else
            log_warn("irq: ioapic %u at 0x%x (gsi %u) does not answer\n",
                     io->id, io->addr, io->gsi_base);
    }
}

static void interrupts_init(void)
{
    pic_disable();
    int rc = lapic_init(&ks.lapic);
    if (rc)
        log_warn("irq: no local APIC (%d); timers unavailable\n", rc);
    else
        trap_set_default_eoi(lapic_eoi);
    ks.ioapic_pins = ioapic_init(acpi_ioapic_base(), &ks.ioapic_version);
    if (ks.ioapic_pins > 0)
        irq_add_ioapic(acpi_ioapic_base(), 0, ks.ioapic_pins);
    more_ioapics();
    timeline_mark("interrupts");
}

static void clock_init(void)
{
    time_init();
    if (ks.lapic.present && time_timers_init())
        log_warn("time: timer vectors taken\n");
    timeline_mark("clock");
}

/* 32 bytes from RDRAND where the CPU has it (Intel SDM vol. 1 §7.3.17:
 * retry a few times when it is momentarily empty). virtio-rng, when
 * present, adds its own. */
static void rdrand_seed(void)
{
    struct cpuid_regs r;
    uint64_t v[4];
    unsigned n = 0;
    cpuid(1, 0, &r);
    if (!(r.ecx & (1u << 30)))
        return;
    for (unsigned tries = 0; n < 4 && tries < 40; tries++)
        n += (unsigned)rdrand64(&v[n]);
    if (n)
        entropy_add(v, n * sizeof(v[0]), "rdrand");
}

static void devices_init(void)
{
    uint64_t t = tsc_read(); /* boot-time jitter: weak, but never nothing */
    entropy_add(&t, sizeof(t), "tsc");
    rdrand_seed();
    virtio_mmio_discover(&ks.boot, ks.paging.top);
    if (pci_init(ks.paging.top) > 0)
        virtio_pci_discover();
    timeline_mark("devices");
}

static void console_init(void)
{
    unsigned i = param_console_serial;
    if (i < sizeof(serial_ports) / sizeof(serial_ports[0]))
        ks.uart = uart_init(serial_ports[i]) == 0;
    if (ks.uart)
        log_sink_add(uart_write);
    log_set_emergency(NULL); /* from now on the chosen console, or none */
    timeline_mark("console");
}

/* A fault before console_init() still gets its report out on COM1. */
static void emergency_console(void)
{
    if (uart_init(UART_COM1) == 0)
        log_sink_add(uart_write);
}

void kmain(uint32_t proto, uint64_t info_pa, uint32_t magic)
{
    timeline_mark("long mode");
    time_early_init();
    log_set_emergency(emergency_console);
    cpu_tables_init();
    timeline_mark("idt");
    read_bootinfo(proto, info_pa, magic);
    shutdown_set_firecracker(!!(ks.boot.hints & BOOTINFO_HINT_FIRECRACKER));
    timeline_mark("bootinfo");
    kernel_params_parse(ks.boot.cmdline, APP_DEFAULT);
    log_params_apply();
    timeline_mark("params");
    console_init();
    cpuinfo_read(&ks.cpu);
    ks.xcr0 = cpu_features_enable();
    timeline_mark("cpu");
    memory_init();
    acpi_init(&ks.boot, ks.paging.top);
    interrupts_init();
    clock_init();
    hv_boot_init(); /* a few CPUIDs unless on Hyper-V */
    timeline_mark("hyperv");
    devices_init();
    timeline_print();
    kernel_params_enforce();
    timeline_mark("ready");
    ks.ready_ns = timeline_last_ns();
    log_raw("boot: ready in %llu us\n",
            (unsigned long long)(ks.ready_ns / 1000));
    shutdown(app_run(kernel_argc(), kernel_argv()));
}
