/* SPDX-License-Identifier: MIT */
/*
 * skiff: run and package applications as Skiff VMs.
 *   skiff run [options] APP [-- args...]     boot APP on a monitor
 *   skiff image --iso OUT.iso | --oci DIR [options] APP [-- args...]
 *   skiff params [--kernel IMAGE]            the image's kernel parameters
 * This file holds the commands and their help; stage.c prepares a VM,
 * vmm.c writes the monitor's command line, run.c runs it.
 */
#include "tools/skiff/skiff.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: skiff COMMAND [options] ...\n"
    "\n"
    "Run a program as a tiny Skiff virtual machine, or package it.\n"
    "\n"
    "commands:\n"
    "  run      boot an application on a monitor and stream its output\n"
    "  image    package an application as a bootable ISO or an OCI layout\n"
    "  params   list the kernel parameters of the Skiff image\n"
    "  help     this text, or `skiff help COMMAND`\n"
    "\n"
    "examples:\n"
    "  skiff run hello.wasm -- world          a WebAssembly (WASI) module\n"
    "  skiff run ./hello                      a static Linux executable\n"
    "  skiff run inspect                      the built-in device listing\n"
    "  skiff image --iso hello.iso ./hello    a GRUB ISO (Hyper-V, VMware)\n"
    "\n"
    "exit status: the application's own, or 124 (--timeout), 125 (skiff\n"
    "failed), 126 (APP cannot run), 127 (APP or monitor not found), 130\n"
    "(interrupted). Skiff itself uses 123 for a program killed by a fault.\n";

static const char run_help[] =
    "usage: skiff run [options] APP [--] [args...]\n"
    "\n"
    "Boot APP as a Skiff VM, stream its console, exit with its status.\n"
    "APP is a WebAssembly module (.wasm, run by Skiff's runtime), a static\n"
    "x86_64 Linux executable (musl-gcc -static), or a built-in name\n"
    "(inspect, hello). Everything after APP is the application's argv.\n"
    "\n"
    "options:\n"
    "  --vmm PROFILE      qemu-microvm (default), qemu-q35, qemu-pc,\n"
    "                     cloud-hypervisor-like (QEMU), firecracker,\n"
    "                     cloud-hypervisor\n"
    "  --file HOST[:GUEST]  put a file in the VM (default GUEST /NAME)\n"
    "  --dir HOST[:GUEST]   put a directory tree in the VM; a module gets\n"
    "                     it preopened (WASI)\n"
    "  --env NAME=VALUE   environment variable (repeatable)\n"
    "  --param K=V        kernel parameter, e.g. log.level=debug\n"
    "                     (`skiff params` lists them)\n"
    "  --mem SIZE         memory, e.g. 128M (default) or 1G\n"
    "  --cpus N           virtual CPUs (default 1)\n"
    "  --disk FILE        raw disk image as a virtio-blk device (repeatable)\n"
    "  --net user|tap:NAME  a virtio-net device\n"
    "  --accel kvm|tcg    QEMU accelerator (default: KVM when hardware-\n"
    "                     assisted, else TCG)\n"
    "  --timeout SECONDS  stop the VM after this long (exit status 124)\n"
    "  --kernel IMAGE     Skiff image (default: the one built with skiff)\n"
    "  --dry-run          print the configuration and command, run nothing\n"
    "  -v, --verbose      show Skiff's boot messages\n"
    "  -q, --quiet        no progress lines from skiff\n"
    "\n"
    "examples:\n"
    "  skiff run --env GREETING=hi --dir ./data:/data app.wasm /data/in.txt\n"
    "  skiff run --vmm qemu-q35 --disk disk.img ./prog -- -x 1\n"
    "  skiff run --vmm firecracker --dry-run ./prog\n";

static const char image_help[] =
    "usage: skiff image --iso OUT.iso | --oci DIR [options] APP [--] [args]\n"
    "\n"
    "Package APP, its files and its command line for other machines.\n"
    "  --iso OUT.iso   a GRUB ISO booting Skiff's Multiboot image: for\n"
    "                  Hyper-V Generation 1, VMware, VirtualBox, bare metal\n"
    "  --oci DIR       an OCI image layout (kernel, initrd and command line\n"
    "                  as an artifact) to push to a registry\n"
    "  --name NAME     the OCI tag (default: latest)\n"
    "Also --file, --dir, --env, --param, --kernel, -v, -q as for run.\n"
    "\n"
    "examples:\n"
    "  skiff image --iso hello.iso ./hello -- world\n"
    "  qemu-system-x86_64 -cdrom hello.iso -nographic\n"
    "  skiff image --oci out/ --name hello:1 hello.wasm\n";

static const char params_help[] =
    "usage: skiff params [--kernel IMAGE]\n"
    "\n"
    "List the kernel command-line parameters of a Skiff image: name, type,\n"
    "default and description. Set them with `skiff run --param K=V`.\n";

static void on_exit_cleanup(void)
{
    skiff_cleanup();
}

/* KVM when it is usable and hardware-assisted, as tools/qemu.sh decides:
 * kvm_pvm (nested, emulated) is slower than TCG, so it counts as absent. */
static const char *pick_accel(const char **why)
{
    if (access("/dev/kvm", R_OK | W_OK)) {
        *why = access("/dev/kvm", F_OK) ? "no /dev/kvm"
                                        : "/dev/kvm not accessible";
        return "tcg";
    }
    struct stat st;
    if (!stat("/sys/module/kvm_pvm", &st)) {
        *why = "/dev/kvm is kvm_pvm (nested, emulated: slower than TCG)";
        return "tcg";
    }
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[4096];
    int hw = 0;
    while (f && !hw && fgets(line, sizeof line, f))
        hw = !strncmp(line, "flags", 5) &&
             (strstr(line, " vmx") || strstr(line, " svm"));
    if (f)
        fclose(f);
    *why = "no hardware virtualisation flag (vmx/svm)";
    return hw ? "kvm" : "tcg";
}

static void print_command(char *const *argv)
{
    struct skiff_buf b = {0};
    for (; *argv; argv++)
        skiff_cmdline_word(&b, *argv);
    printf("%s\n", b.p);
    skiff_buf_free(&b);
}

static const char *package_of(enum skiff_monitor m)
{
    switch (m) {
    case SKIFF_QEMU: return "the Debian package qemu-system-x86";
    case SKIFF_FIRECRACKER:
        return "Firecracker (not in Debian: a release binary from "
               "github.com/firecracker-microvm/firecracker, on PATH)";
    case SKIFF_CLOUD_HYPERVISOR:
        return "cloud-hypervisor (Debian package cloud-hypervisor, or a "
               "release binary on PATH)";
    }
    return "";
}

static int cmd_run(int argc, char **argv)
{
    struct skiff_opts o;
    int rc = skiff_opts_parse(argc, argv, 0, &o);
    if (rc || o.help) {
        if (o.help)
            fputs(run_help, stdout);
        skiff_opts_free(&o);
        return rc;
    }
    skiff_quiet = o.quiet;
    const struct skiff_profile *prof = skiff_profile_find(o.vmm);
    struct skiff_stage st;
    rc = skiff_stage_build(&o, prof, 0, &st);
    struct skiff_vm vm = {0};
    struct skiff_buf cfg = {0};
    if (!rc) {
        const char *why = NULL, *accel = o.accel;
        if (prof->monitor == SKIFF_QEMU && !accel) {
            accel = pick_accel(&why);
            if (!strcmp(accel, "tcg") && !o.dry_run)
                skiff_progress("using TCG: %s", why);
        }
        /* Only Firecracker reads a configuration file. */
        const char *dir =
            prof->monitor == SKIFF_FIRECRACKER ? skiff_tmpdir() : NULL;
        if (prof->monitor == SKIFF_FIRECRACKER && !dir)
            rc = SKIFF_EXIT_ERROR;
        else if (dir)
            skiff_buf_add(&cfg, "%s/firecracker.json", dir);
        struct skiff_vm_spec spec = {
            .prof = prof,
            .kernel = st.kernel,
            .initrd = st.initrd,
            .cmdline = st.cmdline.p,
            .mem_mib = o.mem_mib,
            .cpus = o.cpus,
            .accel = accel,
            .disks = o.disks.v,
            .ndisks = o.disks.n,
            .net = o.net,
            .config_path = cfg.p,
        };
        char err[200];
        if (!rc && skiff_vm_build(&spec, &vm, err, sizeof err)) {
            skiff_error("%s", err);
            rc = SKIFF_EXIT_ERROR;
        }
    }
    if (!rc && vm.config.len) {
        int w = skiff_write_file(cfg.p, vm.config.p, vm.config.len);
        if (w) {
            skiff_error("cannot write %s: %s", cfg.p, strerror(-w));
            rc = SKIFF_EXIT_ERROR;
        }
    }
    int missing = !rc && !skiff_which(vm.argv.v[0]);
    if (!rc && (o.dry_run || missing)) {
        if (missing) {
            skiff_error("%s is not installed (not on PATH)", vm.argv.v[0]);
            skiff_hint("install %s; the command it would run is below",
                       package_of(prof->monitor));
            rc = SKIFF_EXIT_NOT_FOUND;
        }
        if (vm.config.len)
            printf("# %s\n%s", cfg.p, vm.config.p);
        print_command(vm.argv.v);
        if (st.initrd || vm.config.len) {
            skiff_progress("files kept in %s", skiff_tmpdir());
            skiff_tmpdir_keep();
        }
    } else if (!rc) {
        skiff_progress("starting %s (%s)", vm.argv.v[0], prof->name);
        struct skiff_run_opts ro = {.debug_exit = prof->debug_exit,
                                    .hide_ready = !o.verbose,
                                    .timeout_ms = o.timeout_ms};
        fflush(stdout);
        rc = skiff_monitor_run(vm.argv.v, &ro);
    }
    skiff_vm_free(&vm);
    skiff_buf_free(&cfg);
    skiff_stage_free(&st);
    skiff_opts_free(&o);
    return rc;
}

/* Images carry shutdown.report: their monitors rarely have
 * isa-debug-exit, and the console line then tells the status. */
static const struct skiff_profile image_profile = {
    "image", "an image for another machine", SKIFF_QEMU, NULL, 0, 0, 0, 4095,
};

static int cmd_image(int argc, char **argv)
{
    struct skiff_opts o;
    int rc = skiff_opts_parse(argc, argv, 1, &o);
    if (rc || o.help) {
        if (o.help)
            fputs(image_help, stdout);
        skiff_opts_free(&o);
        return rc;
    }
    skiff_quiet = o.quiet;
    struct skiff_stage st;
    rc = skiff_stage_build(&o, &image_profile, o.iso != NULL, &st);
    if (!rc && o.iso) {
        struct skiff_iso iso = {o.iso, st.kernel, st.initrd, st.cmdline.p};
        rc = skiff_iso_write(&iso);
    } else if (!rc) {
        struct skiff_oci oci = {o.oci, st.kernel, st.initrd, st.cmdline.p,
                                o.name ? o.name : "latest"};
        rc = skiff_oci_write(&oci);
    }
    skiff_stage_free(&st);
    skiff_opts_free(&o);
    return rc;
}

static int cmd_params(int argc, char **argv)
{
    const char *kernel = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(params_help, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--kernel") && i + 1 < argc)
            kernel = argv[++i];
        else if (!strncmp(argv[i], "--kernel=", 9))
            kernel = argv[i] + 9;
        else {
            skiff_error("skiff params: unexpected %s (see skiff params "
                        "--help)",
                        argv[i]);
            return SKIFF_EXIT_ERROR;
        }
    }
    struct skiff_buf k = {0};
    skiff_buf_add(&k, "%s", kernel ? kernel : "");
    if (!kernel)
        skiff_buf_add(&k, "%s/skiff.elf", skiff_home());
    uint8_t *img;
    size_t len;
    int rc = skiff_read_file(k.p, &img, &len);
    if (rc) {
        skiff_error("%s: %s", k.p, strerror(-rc));
        skiff_buf_free(&k);
        return SKIFF_EXIT_NOT_FOUND;
    }
    struct skiff_params ps;
    char err[160];
    rc = skiff_params_read(img, len, &ps, err, sizeof err);
    free(img);
    if (rc) {
        skiff_error("%s: %s", k.p, err);
        skiff_buf_free(&k);
        return SKIFF_EXIT_ERROR;
    }
    skiff_params_print(&ps, stdout);
    skiff_params_free(&ps);
    skiff_buf_free(&k);
    return 0;
}

int main(int argc, char **argv)
{
    atexit(on_exit_cleanup);
    signal(SIGPIPE, SIG_IGN);
    const char *cmd = argc > 1 ? argv[1] : "help";
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        const char *topic = argc > 2 && !strcmp(cmd, "help") ? argv[2] : "";
        fputs(!strcmp(topic, "run")      ? run_help
              : !strcmp(topic, "image")  ? image_help
              : !strcmp(topic, "params") ? params_help
                                         : usage,
              stdout);
        return argc > 1 ? 0 : SKIFF_EXIT_ERROR;
    }
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(cmd, "image"))
        return cmd_image(argc - 2, argv + 2);
    if (!strcmp(cmd, "params"))
        return cmd_params(argc - 2, argv + 2);
    skiff_error("unknown command '%s' (commands: run, image, params, help)",
                cmd);
    return SKIFF_EXIT_ERROR;
}
