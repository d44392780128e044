/* SPDX-License-Identifier: MIT */
/*
 * inspect: the default application. Prints what Skiff found (CPU, hypervisor,
 * boot protocol, command line, memory, interrupt controllers, clock), checks
 * that the heap and the timer work, and exits 0. With `quiet` (log level
 * below info) only the checks' results are printed.
 * Its parameters (inspect.*) also serve the boot tests: an exit status to
 * return, a sleep to measure, a fault to provoke.
 */
#include "apps/inspect/inspect.h"
#include "drivers/hyperv/hv.h"
#include "kernel/app.h"
#include "kernel/kernel.h"
#include "kernel/log.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kmem.h"
#include "kernel/time.h"
#include "kernel/vmware.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"

#define MIB (1024ull * 1024)

PARAM_U8(inspect, exit, 0, "exit status to return");
PARAM_U32(inspect, sleep, 0, "sleep this many ms and report the time taken");
PARAM_BOOL(inspect, memmap, true, "list every memory-map entry");
PARAM_ENUM(inspect, fault, 0, "provoke a fault to see its report", "none", "ud",
           "null", "div", "gp", "stack", "wx", "nx");

static const char *mem_type(uint32_t t)
{
    switch (t) {
    case BOOTINFO_MEM_RAM: return "ram";
    case BOOTINFO_MEM_RESERVED: return "reserved";
    case BOOTINFO_MEM_ACPI: return "acpi";
    case BOOTINFO_MEM_NVS: return "nvs";
    case BOOTINFO_MEM_UNUSABLE: return "unusable";
    case BOOTINFO_MEM_PMEM: return "pmem";
    default: return "other";
    }
}

/* The boot log already listed the VMBus offers; this is the summary. */
static void show_hyperv(void)
{
    const struct hv *h = hv_boot_state();
    if (!h) {
        log_raw("hyperv: not detected\n");
        return;
    }
    log_raw("hyperv: \"%s\" build %u, hypercalls %s, synic %s, vmbus "
            "%u.%u with %u offers\n",
            h->info.vendor, h->info.build, h->hc_page ? "on" : "off",
            h->simp ? "on" : "off", h->vmbus_version >> 16,
            h->vmbus_version & 0xffff, h->noffers);
    for (unsigned i = 0; i < h->noffers; i++) {
        const char *n = hv_vmbus_class_name(h->offers[i].type);
        log_raw("hyperv:   relid %u %s\n", h->offers[i].relid,
                n ? n : "unknown");
    }
}

static void show_cpu(const struct kstate *k)
{
    static char feats[512];
    const struct cpuinfo *c = &k->cpu;
    log_raw("cpu: %s family %u model %u stepping %u \"%s\"\n", c->vendor,
            c->family, c->model, c->stepping, c->brand);
    cpuinfo_features(c, feats, sizeof(feats));
    log_raw("cpu: features %s\n", feats);
    log_raw("cpu: address bits %u physical, %u virtual; xcr0 0x%llx\n",
            c->phys_bits, c->virt_bits, (unsigned long long)k->xcr0);
    if (c->hv_sig[0])
        log_raw("hypervisor: \"%s\" (max leaf 0x%x)\n", c->hv_sig,
                c->hv_max_leaf);
    else
        log_raw("hypervisor: none reported\n");
    struct vmware_info vm;
    vmware_detect(&vm);
    if (vm.backdoor)
        log_raw("vmware: cpuid %s, backdoor version %u product %u\n",
                vm.cpuid ? "VMwareVMware" : "other", vm.version, vm.product);
    else
        log_raw("vmware: cpuid %s, backdoor absent\n",
                vm.cpuid ? "VMwareVMware" : "other");
    show_hyperv();
}

static void show_hints(uint32_t hints)
{
    static const char *const names[] = {
        "qboot-trailing-zero-entry", "virtio-mmio-on-cmdline",
        "firecracker-layout",        "memory-map-repaired",
        "command-line-truncated",    "memory-map-truncated",
    };
    if (!hints)
        return;
    log_raw("boot: hints");
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (hints & (1u << i))
            log_raw(" %s", names[i]);
    log_raw("\n");
}

static void show_boot(const struct kstate *k)
{
    const struct bootinfo *b = &k->boot;
    log_raw("boot: protocol %s, info at 0x%llx%s%s%s\n",
            bootinfo_proto_name(b->proto), (unsigned long long)b->info_addr,
            b->loader[0] ? ", loader \"" : "", b->loader,
            b->loader[0] ? "\"" : "");
    log_raw("boot: command line \"%s\"\n", b->cmdline);
    show_hints(b->hints);
    if (b->rsdp)
        log_raw("boot: acpi rsdp at 0x%llx\n", (unsigned long long)b->rsdp);
    if (b->initrd_size)
        log_raw("boot: initrd 0x%llx, %llu bytes\n",
                (unsigned long long)b->initrd_base,
                (unsigned long long)b->initrd_size);
}

static void show_memory(const struct kstate *k)
{
    const struct bootinfo *b = &k->boot;
    log_raw("memory: %u map entries, %llu MiB ram\n", b->nmem,
            (unsigned long long)(bootinfo_ram_total(b) / MIB));
    for (uint32_t i = 0; param_inspect_memmap && i < b->nmem; i++)
        log_raw("memory:   %016llx-%016llx %s\n",
                (unsigned long long)b->mem[i].base,
                (unsigned long long)(b->mem[i].base + b->mem[i].size - 1),
                mem_type(b->mem[i].type));
    log_raw("memory: page frames %llu KiB free of %llu KiB\n",
            (unsigned long long)(kpmm.free_pages * 4),
            (unsigned long long)(kpmm.total_pages * 4));
    log_raw("memory: identity map to 0x%llx in %u table pages, nx %s\n",
            (unsigned long long)k->paging.top, k->paging.table_pages,
            k->paging.nx ? "on" : "off");
}

/* Allocate and free a few blocks and check the statistics come back. */
static void heap_check(void)
{
    const struct heap_stats *st = kheap_stats();
    size_t before = st->in_use;
    char *a = kmalloc(100), *b = kcalloc(10, 1000);
    char *c = kmemalign(4096, 5000);
    int ok = a && b && c && !((uintptr_t)c & 4095) && !b[9999];
    a = krealloc(a, 3000);
    ok = ok && a;
    kfree(a);
    kfree(b);
    kfree(c);
    ok = ok && st->in_use == before && !st->bad_frees;
    log_raw("heap: self-test %s (%zu allocations, %zu pages held)\n",
            ok ? "ok" : "FAILED", st->allocs, st->pages);
}

static void show_platform(const struct kstate *k)
{
    const struct lapic_info *l = &k->lapic;
    if (l->present)
        log_raw("irq: local apic id %u version 0x%x (%s%s)\n", l->id,
                l->version, l->x2apic ? "x2apic" : "xapic",
                l->tsc_deadline ? ", tsc-deadline" : "");
    if (k->ioapic_pins > 0)
        log_raw("irq: ioapic at 0x%x, %d pins, version 0x%x\n",
                IOAPIC_DEFAULT_BASE, k->ioapic_pins, k->ioapic_version);
    else
        log_raw("irq: no ioapic at 0x%x\n", IOAPIC_DEFAULT_BASE);
    uint64_t hz = time_tsc_hz();
    log_raw("time: tsc %llu.%03llu MHz from %s\n",
            (unsigned long long)(hz / 1000000),
            (unsigned long long)(hz / 1000 % 1000), time_source());
    log_raw("time: clock %s, timer %s\n", time_clock(), time_timer_name());
    log_raw("console: %s\n", k->uart ? "com1" : "none");
}

static void show_args(int argc, char **argv)
{
    log_raw("app: argc %d", argc);
    for (int i = 0; i < argc; i++)
        log_raw(" [%s]", argv[i]);
    log_raw("\n");
}

int inspect_main(int argc, char **argv)
{
    const struct kstate *k = kernel_state();
    if (log_get_level() >= LOG_INFO) { /* quiet: no report, just the checks */
        show_cpu(k);
        show_boot(k);
        show_memory(k);
        show_platform(k);
        show_args(argc, argv);
    }
    heap_check();
    int bad = inspect_devices();
    if (param_inspect_blk_bench)
        bad |= inspect_blk_bench();
    if (param_inspect_sleep) {
        uint64_t t0 = time_ns();
        int rc = time_sleep_ns((uint64_t)param_inspect_sleep * 1000000);
        log_raw("sleep: asked %u ms, slept %llu us (%s)\n", param_inspect_sleep,
                (unsigned long long)((time_ns() - t0) / 1000),
                rc ? "busy wait" : "timer interrupt");
    }
    if (param_inspect_fault) {
        const struct param_desc *p =
            param_find(PARAM_SECTION_BEGIN, PARAM_SECTION_END, "inspect.fault");
        return inspect_fault(p->choices[param_inspect_fault]);
    }
    if (bad) {
        log_raw("inspect: a device check failed\n");
        return 1;
    }
    log_raw("inspect: done\n");
    return param_inspect_exit;
}
