/* SPDX-License-Identifier: MIT */
/*
 * vmm: the monitor profiles and, for each, the command line (and for
 * Firecracker the JSON configuration) that boots a Skiff image. Pure: the
 * result is checked field by field by tests/unit/test_skiff.c and printed
 * by --dry-run. Formats follow each monitor's documentation:
 *   - QEMU: -kernel/-initrd/-append, isa-debug-exit carrying the status;
 *   - Firecracker: `firecracker --no-api --config-file F` with the JSON
 *     keys boot-source (kernel_image_path, boot_args, initrd_path),
 *     drives, network-interfaces and machine-config (vcpu_count,
 *     mem_size_mib); the serial console is its stdout;
 *   - cloud-hypervisor: --kernel --initramfs --cmdline --cpus boot=N
 *     --memory size=NM --disk path=F --net tap=NAME --serial tty
 *     --console off (the 16550 console; its default is virtio-console).
 */
#include "tools/skiff/skiff.h"

#include <stdio.h>
#include <string.h>

const struct skiff_profile skiff_profiles[] = {
    {"qemu-microvm", "QEMU microvm: virtio-mmio devices listed in ACPI",
     SKIFF_QEMU, "microvm", 0, 0, 1, 4095},
    {"qemu-q35", "QEMU q35: PCIe, virtio-pci devices", SKIFF_QEMU, "q35", 1, 0,
     1, 4095},
    {"qemu-pc", "QEMU pc (i440FX): PCI, virtio-pci devices", SKIFF_QEMU, "pc",
     1, 0, 1, 4095},
    {"cloud-hypervisor-like",
     "QEMU microvm shaped like cloud-hypervisor: hardware-reduced ACPI, no "
     "PIC/PIT/RTC, modern-only virtio-pci, no isa-debug-exit",
     SKIFF_QEMU, "microvm,acpi=on,pcie=on,pic=off,pit=off,rtc=off", 1, 1, 0,
     4095},
    /* Firecracker appends " virtio_mmio.device=4K@0xc0001000:5" (about 40
     * bytes) per device to boot_args, within its 2048-byte limit. */
    {"firecracker",
     "Firecracker (KVM): virtio-mmio devices on the command "
     "line",
     SKIFF_FIRECRACKER, NULL, 0, 1, 0, 2048 - 4 * 48},
    {"cloud-hypervisor", "cloud-hypervisor (KVM): modern virtio-pci",
     SKIFF_CLOUD_HYPERVISOR, NULL, 1, 1, 0, 4095},
    {NULL, NULL, SKIFF_QEMU, NULL, 0, 0, 0, 0},
};

const struct skiff_profile *skiff_profile_find(const char *name)
{
    for (const struct skiff_profile *p = skiff_profiles; p->name; p++)
        if (!strcmp(p->name, name))
            return p;
    return NULL;
}

static void qemu_dev(struct skiff_argv *a, const struct skiff_profile *p,
                     const char *kind, const char *opts)
{
    skiff_argv_add(a, "-device");
    skiff_argv_addf(a, "virtio-%s-%s%s%s%s", kind, p->pci ? "pci" : "device",
                    p->modern_only ? ",disable-legacy=on" : "", opts ? "," : "",
                    opts ? opts : "");
}

static int qemu(const struct skiff_vm_spec *s, struct skiff_vm *vm)
{
    const struct skiff_profile *p = s->prof;
    struct skiff_argv *a = &vm->argv;
    skiff_argv_add(a, "qemu-system-x86_64");
    skiff_argv_add(a, "-machine");
    skiff_argv_add(a, p->machine);
    skiff_argv_add(a, "-accel");
    skiff_argv_add(a, s->accel);
    skiff_argv_add(a, "-cpu");
    /* arch-capabilities is refused by some hosts' KVM (as tools/qemu.sh). */
    skiff_argv_add(a, strcmp(s->accel, "kvm") ? "qemu64"
                                              : "host,-arch-capabilities");
    skiff_argv_add(a, "-m");
    skiff_argv_addf(a, "%uM", s->mem_mib);
    skiff_argv_add(a, "-smp");
    skiff_argv_addf(a, "%u", s->cpus);
    /* -display none, not -nographic: with -nographic QEMU turns on
     * SeaBIOS's serial console (pc, q35), whose screen output would mix
     * with the application's. */
    static const char *const fixed[] = {"-nodefaults", "-display", "none",
                                        "-no-reboot",  "-serial",  "stdio"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        skiff_argv_add(a, fixed[i]);
    if (p->debug_exit) {
        skiff_argv_add(a, "-device");
        skiff_argv_add(a, "isa-debug-exit,iobase=0xf4,iosize=4");
    }
    for (size_t i = 0; i < s->ndisks; i++) {
        skiff_argv_add(a, "-drive");
        /* QEMU's option syntax doubles a comma inside a value. */
        struct skiff_buf f = {0};
        for (const char *c = s->disks[i]; *c; c++)
            skiff_buf_add(&f, *c == ',' ? ",," : "%c", *c);
        skiff_argv_addf(a, "file=%s,format=raw,if=none,id=disk%zu", f.p, i);
        skiff_buf_free(&f);
        char opt[32];
        snprintf(opt, sizeof opt, "drive=disk%zu", i);
        qemu_dev(a, p, "blk", opt);
    }
    if (s->net) {
        skiff_argv_add(a, "-netdev");
        if (!strcmp(s->net, "user"))
            skiff_argv_add(a, "user,id=net0");
        else
            skiff_argv_addf(a, "tap,id=net0,ifname=%s,script=no,downscript=no",
                            s->net + 4);
        qemu_dev(a, p, "net", "netdev=net0");
    }
    if (p->modern_only) /* cloud-hypervisor always has virtio-rng */
        qemu_dev(a, p, "rng", NULL);
    skiff_argv_add(a, "-kernel");
    skiff_argv_add(a, s->kernel);
    if (s->initrd) {
        skiff_argv_add(a, "-initrd");
        skiff_argv_add(a, s->initrd);
    }
    skiff_argv_add(a, "-append");
    skiff_argv_add(a, s->cmdline);
    return 0;
}

/* One "key": "value" line. A value that is not UTF-8 (a file name, say)
 * cannot be said in JSON: its key goes to (*bad). */
static void json_kv(struct skiff_buf *b, const char *ind, const char *k,
                    const char *v, int last, const char **bad)
{
    skiff_buf_add(b, "%s\"%s\": ", ind, k);
    if (skiff_json_string(b, v))
        *bad = k;
    skiff_buf_add(b, "%s\n", last ? "" : ",");
}

static void firecracker(const struct skiff_vm_spec *s, struct skiff_vm *vm,
                        const char **bad)
{
    struct skiff_buf *b = &vm->config;
    skiff_buf_add(b, "{\n  \"boot-source\": {\n");
    json_kv(b, "    ", "kernel_image_path", s->kernel, 0, bad);
    if (s->initrd)
        json_kv(b, "    ", "initrd_path", s->initrd, 0, bad);
    json_kv(b, "    ", "boot_args", s->cmdline, 1, bad);
    skiff_buf_add(b, "  },\n  \"drives\": [");
    for (size_t i = 0; i < s->ndisks; i++) {
        char id[32];
        snprintf(id, sizeof id, "disk%zu", i);
        skiff_buf_add(b, "%s\n    {\n", i ? "," : "");
        json_kv(b, "      ", "drive_id", id, 0, bad);
        json_kv(b, "      ", "path_on_host", s->disks[i], 0, bad);
        skiff_buf_add(b, "      \"is_root_device\": false,\n"
                         "      \"is_read_only\": false\n    }");
    }
    skiff_buf_add(b, "%s],\n  \"network-interfaces\": [",
                  s->ndisks ? "\n  " : "");
    if (s->net) {
        skiff_buf_add(b, "\n    {\n");
        json_kv(b, "      ", "iface_id", "net0", 0, bad);
        json_kv(b, "      ", "host_dev_name", s->net + 4, 1, bad);
        skiff_buf_add(b, "    }\n  ");
    }
    skiff_buf_add(b,
                  "],\n  \"machine-config\": {\n    \"vcpu_count\": %u,\n"
                  "    \"mem_size_mib\": %u\n  }\n}\n",
                  s->cpus, s->mem_mib);
    skiff_argv_add(&vm->argv, "firecracker");
    skiff_argv_add(&vm->argv, "--no-api");
    skiff_argv_add(&vm->argv, "--config-file");
    skiff_argv_add(&vm->argv, s->config_path);
}

static int cloud_hypervisor(const struct skiff_vm_spec *s, struct skiff_vm *vm)
{
    struct skiff_argv *a = &vm->argv;
    skiff_argv_add(a, "cloud-hypervisor");
    skiff_argv_add(a, "--kernel");
    skiff_argv_add(a, s->kernel);
    if (s->initrd) {
        skiff_argv_add(a, "--initramfs");
        skiff_argv_add(a, s->initrd);
    }
    skiff_argv_add(a, "--cmdline");
    skiff_argv_add(a, s->cmdline);
    skiff_argv_add(a, "--cpus");
    skiff_argv_addf(a, "boot=%u", s->cpus);
    skiff_argv_add(a, "--memory");
    skiff_argv_addf(a, "size=%uM", s->mem_mib);
    for (size_t i = 0; i < s->ndisks; i++) {
        skiff_argv_add(a, "--disk");
        skiff_argv_addf(a, "path=%s", s->disks[i]);
    }
    if (s->net) {
        skiff_argv_add(a, "--net");
        skiff_argv_addf(a, "tap=%s", s->net + 4);
    }
    skiff_argv_add(a, "--serial");
    skiff_argv_add(a, "tty");
    skiff_argv_add(a, "--console");
    skiff_argv_add(a, "off");
    return 0;
}

int skiff_vm_build(const struct skiff_vm_spec *s, struct skiff_vm *vm,
                   char *err, size_t errlen)
{
    *vm = (struct skiff_vm){0};
    const struct skiff_profile *p = s->prof;
    if (p->monitor != SKIFF_QEMU && s->net && strncmp(s->net, "tap:", 4)) {
        snprintf(err, errlen, "%s supports only --net tap:NAME", p->name);
        return -1;
    }
    if (p->monitor != SKIFF_QEMU && s->accel && strcmp(s->accel, "kvm")) {
        snprintf(err, errlen, "%s runs only on KVM (--accel kvm)", p->name);
        return -1;
    }
    for (size_t i = 0; i < s->ndisks; i++)
        if (p->monitor == SKIFF_CLOUD_HYPERVISOR && strchr(s->disks[i], ',')) {
            snprintf(err, errlen,
                     "cloud-hypervisor cannot take a disk path with a comma: "
                     "%s",
                     s->disks[i]);
            return -1;
        }
    switch (p->monitor) {
    case SKIFF_QEMU: return qemu(s, vm);
    case SKIFF_FIRECRACKER: {
        const char *bad = NULL;
        firecracker(s, vm, &bad);
        if (bad) {
            snprintf(err, errlen, "Firecracker's %s would not be valid UTF-8",
                     bad);
            return -1;
        }
        return 0;
    }
    case SKIFF_CLOUD_HYPERVISOR: return cloud_hypervisor(s, vm);
    }
    return -1;
}

void skiff_vm_free(struct skiff_vm *vm)
{
    skiff_argv_free(&vm->argv);
    skiff_buf_free(&vm->config);
}
