/* SPDX-License-Identifier: MIT */
/*
 * The skiff tool's pure parts: command-line quoting read back by Skiff's
 * own lexer (lib/param/lex.c), cpio archives read back member by member,
 * guest-path rules, the monitor command lines and Firecracker's JSON per
 * profile, option parsing, and the exit-status decoding.
 */
#include "lib/param/lex.h"
#include "tools/skiff/skiff.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Lex (line) with Skiff's lexer into (out) words; returns the count. */
static int lex_all(const char *line, char out[][256], int max)
{
    struct lex lx;
    struct lex_tok t;
    char buf[256];
    param_lex_init(&lx, line, strlen(line), buf, sizeof buf);
    int n = 0;
    while (n < max && param_lex_next(&lx, &t)) {
        assert_int_equal(t.flags & LEX_BAD, 0);
        strcpy(out[n++], buf);
    }
    return n;
}

static void test_quote_roundtrip(void **s)
{
    (void)s;
    static const char *const words[] = {
        "plain", "with space", "it's",      "\"dq\"",    "back\\slash",
        "",      "$HOME",      "a;b|c&d",   "ünïcode ✓", "'",
        "''",    "--",         "k=v w",     "tab\there", "*?[x]",
        "end\\", "#hash",      "a'b\"c\\d", "~user",     "(x)",
    };
    size_t n = sizeof words / sizeof words[0];
    struct skiff_buf b = {0};
    for (size_t i = 0; i < n; i++)
        skiff_cmdline_word(&b, words[i]);
    char got[32][256];
    assert_int_equal(lex_all(b.p, got, 32), (int)n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(got[i], words[i]);
    skiff_buf_free(&b);
}

static void test_quote_random(void **s)
{
    (void)s;
    srand(7);
    for (int round = 0; round < 2000; round++) {
        char w[3][40];
        struct skiff_buf b = {0};
        for (int k = 0; k < 3; k++) {
            int len = rand() % 39;
            for (int i = 0; i < len; i++) /* printable ASCII and UTF-8 */
                w[k][i] = (char)(rand() % 8 ? 0x20 + rand() % 95
                                            : 0x80 + rand() % 64);
            w[k][len] = '\0';
            skiff_cmdline_word(&b, w[k]);
        }
        char got[3][256];
        assert_int_equal(lex_all(b.p, got, 3), 3);
        for (int k = 0; k < 3; k++)
            assert_string_equal(got[k], w[k]);
        skiff_buf_free(&b);
    }
}

static void test_quote_bare(void **s)
{
    (void)s;
    struct skiff_buf b = {0};
    skiff_cmdline_word(&b, "app.path=/app/hello");
    skiff_cmdline_word(&b, "--");
    skiff_cmdline_word(&b, "a b");
    assert_string_equal(b.p, "app.path=/app/hello -- 'a b'");
    assert_int_equal(skiff_cmdline_bad_byte("ok ü"), -1);
    assert_int_equal(skiff_cmdline_bad_byte("a\nb"), '\n');
    skiff_buf_free(&b);
}

static unsigned hex8(const char *p)
{
    char t[9];
    memcpy(t, p, 8);
    t[8] = '\0';
    return (unsigned)strtoul(t, NULL, 16);
}

/* Walk a newc archive: names, modes and data in order; checks magic,
 * 4-byte alignment and that the trailer ends it exactly. */
static int cpio_walk(const struct skiff_buf *a, const char *names[],
                     unsigned modes[], const char *data[], int max)
{
    size_t off = 0;
    int n = 0;
    for (;;) {
        assert_true(off + 110 <= a->len);
        assert_memory_equal(a->p + off, "070701", 6);
        const char *h = a->p + off;
        unsigned mode = hex8(h + 14), size = hex8(h + 54), nsz = hex8(h + 94);
        const char *name = h + 110;
        assert_int_equal(name[nsz - 1], '\0');
        size_t doff = (off + 110 + nsz + 3) & ~(size_t)3;
        if (!strcmp(name, "TRAILER!!!")) {
            assert_int_equal(doff, a->len);
            return n;
        }
        assert_true(n < max);
        names[n] = name;
        modes[n] = mode;
        data[n] = a->p + doff;
        assert_true(doff + size <= a->len);
        off = (doff + size + 3) & ~(size_t)3;
        n++;
    }
}

static void test_tree_cpio(void **s)
{
    (void)s;
    struct skiff_tree t = {0};
    assert_int_equal(skiff_tree_add_data(&t, "/data/sub/b.txt", 0100644, "bee",
                                         3, "--file b"),
                     0);
    assert_int_equal(
        skiff_tree_add_data(&t, "/app/x", 0100755, "\177ELF", 4, "app"), 0);
    assert_int_equal(skiff_tree_add_dir(&t, "/tmp", "mount"), 0);
    assert_int_equal(skiff_tree_add_dir(&t, "/data", "--dir d"), 0);
    /* A second file at a taken path is refused, naming both origins. */
    assert_int_equal(
        skiff_tree_add_data(&t, "/app/x", 0100644, "", 0, "--file y:/app/x"),
        SKIFF_EXIT_ERROR);
    struct skiff_buf a;
    assert_int_equal(skiff_tree_cpio(&t, &a), 0);
    const char *names[16], *data[16];
    unsigned modes[16];
    int n = cpio_walk(&a, names, modes, data, 16);
    static const char *const want[] = {"app",      "app/x",          "data",
                                       "data/sub", "data/sub/b.txt", "tmp"};
    assert_int_equal(n, 6);
    for (int i = 0; i < n; i++)
        assert_string_equal(names[i], want[i]);
    assert_int_equal(modes[1], 0100755);
    assert_int_equal(modes[3], 040755);
    assert_memory_equal(data[4], "bee", 3);
    skiff_buf_free(&a);
    skiff_tree_free(&t);
}

static void test_tree_file_under_file(void **s)
{
    (void)s;
    struct skiff_tree t = {0};
    skiff_tree_add_data(&t, "/a", 0100644, "x", 1, "--file x:/a");
    skiff_tree_add_data(&t, "/a/b", 0100644, "y", 1, "--file y:/a/b");
    struct skiff_buf a = {0};
    assert_int_equal(skiff_tree_cpio(&t, &a), SKIFF_EXIT_ERROR);
    skiff_buf_free(&a);
    skiff_tree_free(&t);
}

/* Symlinks on the host: --file follows one (the guest gets the file's
 * bytes, not a link to a path it does not have); --dir keeps them. */
static void test_tree_symlinks(void **s)
{
    (void)s;
    char dir[] = "/tmp/skiff-tree-XXXXXX", path[64], link[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/real.txt", dir);
    snprintf(link, sizeof link, "%s/link.txt", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("real bytes", f);
    fclose(f);
    assert_int_equal(symlink("real.txt", link), 0);
    struct skiff_tree t = {0};
    assert_int_equal(skiff_tree_add_file(&t, link, "/in.txt", "--file"), 0);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.e[0].mode, 0100644);
    assert_int_equal(t.e[0].len, 10);
    assert_memory_equal(t.e[0].data, "real bytes", 10);
    /* --dir of the same directory: the link stays a link. */
    assert_int_equal(skiff_tree_add_tree(&t, dir, "/d", "--dir"), 0);
    int links = 0;
    for (size_t i = 0; i < t.n; i++)
        if (!strcmp(t.e[i].guest, "/d/link.txt")) {
            assert_int_equal(t.e[i].mode & 0170000, 0120000);
            assert_memory_equal(t.e[i].data, "real.txt", 8);
            links++;
        }
    assert_int_equal(links, 1);
    skiff_tree_free(&t);
    /* A dangling link named by --file is "not found". */
    unlink(path);
    t = (struct skiff_tree){0};
    assert_int_equal(skiff_tree_add_file(&t, link, "/x", "--file"),
                     SKIFF_EXIT_NOT_FOUND);
    skiff_tree_free(&t);
    unlink(link);
    assert_int_equal(rmdir(dir), 0);
}

static void test_guest_paths(void **s)
{
    (void)s;
    char why[80];
    assert_int_equal(skiff_tree_check_path("/data/x.txt", why, sizeof why), 0);
    assert_int_equal(skiff_tree_check_path("/", why, sizeof why), 0);
    static const char *const bad[] = {"data", "/a//b", "/a/../b", "/./a",
                                      "/a/",  "/..",   ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(skiff_tree_check_path(bad[i], why, sizeof why), -1);
    char longname[300];
    memset(longname, 'n', sizeof longname);
    longname[0] = '/';
    longname[299] = '\0';
    assert_int_equal(skiff_tree_check_path(longname, why, sizeof why), -1);
    assert_non_null(strstr(why, "255"));
}

static int argv_has(const struct skiff_argv *a, const char *w)
{
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->v[i], w))
            return 1;
    return 0;
}

/* The word after (opt) in (a), or NULL. */
static const char *after(const struct skiff_argv *a, const char *opt)
{
    for (size_t i = 0; i + 1 < a->n; i++)
        if (!strcmp(a->v[i], opt))
            return a->v[i + 1];
    return NULL;
}

static struct skiff_vm_spec spec_for(const char *profile)
{
    static char d0[] = "/d/a,b.img";
    static char *disks[] = {d0};
    return (struct skiff_vm_spec){.prof = skiff_profile_find(profile),
                                  .kernel = "/k/skiff.elf",
                                  .initrd = "/t/initrd.cpio",
                                  .cmdline = "log.quiet=true -- 'a b'",
                                  .mem_mib = 256,
                                  .cpus = 2,
                                  .accel = "tcg",
                                  .disks = disks,
                                  .ndisks = 1,
                                  .net = "user",
                                  .config_path = "/t/fc.json"};
}

static void test_vm_qemu_profiles(void **s)
{
    (void)s;
    static const struct {
        const char *profile, *machine, *blk;
        int debug_exit;
    } cases[] = {
        {"qemu-microvm", "microvm", "virtio-blk-device,drive=disk0", 1},
        {"qemu-q35", "q35", "virtio-blk-pci,drive=disk0", 1},
        {"qemu-pc", "pc", "virtio-blk-pci,drive=disk0", 1},
        {"cloud-hypervisor-like",
         "microvm,acpi=on,pcie=on,pic=off,pit=off,rtc=off",
         "virtio-blk-pci,disable-legacy=on,drive=disk0", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct skiff_vm_spec sp = spec_for(cases[i].profile);
        struct skiff_vm vm;
        char err[100];
        assert_int_equal(skiff_vm_build(&sp, &vm, err, sizeof err), 0);
        assert_string_equal(vm.argv.v[0], "qemu-system-x86_64");
        assert_string_equal(after(&vm.argv, "-machine"), cases[i].machine);
        assert_string_equal(after(&vm.argv, "-kernel"), "/k/skiff.elf");
        assert_string_equal(after(&vm.argv, "-initrd"), "/t/initrd.cpio");
        assert_string_equal(after(&vm.argv, "-append"), sp.cmdline);
        assert_string_equal(after(&vm.argv, "-m"), "256M");
        assert_string_equal(after(&vm.argv, "-smp"), "2");
        assert_string_equal(after(&vm.argv, "-accel"), "tcg");
        assert_string_equal(after(&vm.argv, "-drive"),
                            "file=/d/a,,b.img,format=raw,if=none,id=disk0");
        assert_true(argv_has(&vm.argv, cases[i].blk));
        assert_string_equal(after(&vm.argv, "-netdev"), "user,id=net0");
        assert_int_equal(
            argv_has(&vm.argv, "isa-debug-exit,iobase=0xf4,iosize=4"),
            cases[i].debug_exit);
        assert_int_equal(cases[i].debug_exit,
                         skiff_profile_find(cases[i].profile)->debug_exit);
        assert_null(vm.argv.v[vm.argv.n]);
        assert_int_equal(vm.config.len, 0);
        skiff_vm_free(&vm);
    }
}

static void test_vm_firecracker(void **s)
{
    (void)s;
    struct skiff_vm_spec sp = spec_for("firecracker");
    struct skiff_vm vm;
    char err[100];
    /* Firecracker has no user-mode network and needs KVM. */
    assert_int_equal(skiff_vm_build(&sp, &vm, err, sizeof err), -1);
    assert_non_null(strstr(err, "tap:NAME"));
    sp.net = "tap:tap7";
    assert_int_equal(skiff_vm_build(&sp, &vm, err, sizeof err), -1);
    assert_non_null(strstr(err, "KVM"));
    sp.accel = NULL;
    sp.cmdline = "app.env=Q=\"x\" -- 'a\\b'";
    assert_int_equal(skiff_vm_build(&sp, &vm, err, sizeof err), 0);
    assert_string_equal(vm.argv.v[0], "firecracker");
    assert_string_equal(after(&vm.argv, "--config-file"), "/t/fc.json");
    assert_true(argv_has(&vm.argv, "--no-api"));
    const char *c = vm.config.p;
    assert_non_null(strstr(c, "\"kernel_image_path\": \"/k/skiff.elf\""));
    assert_non_null(strstr(c, "\"initrd_path\": \"/t/initrd.cpio\""));
    assert_non_null(
        strstr(c, "\"boot_args\": \"app.env=Q=\\\"x\\\" -- 'a\\\\b'\""));
    assert_non_null(strstr(c, "\"path_on_host\": \"/d/a,b.img\""));
    assert_non_null(strstr(c, "\"host_dev_name\": \"tap7\""));
    assert_non_null(strstr(c, "\"vcpu_count\": 2"));
    assert_non_null(strstr(c, "\"mem_size_mib\": 256"));
    skiff_vm_free(&vm);
}

static void test_vm_cloud_hypervisor(void **s)
{
    (void)s;
    struct skiff_vm_spec sp = spec_for("cloud-hypervisor");
    sp.accel = NULL;
    sp.net = "tap:t0";
    struct skiff_vm vm;
    char err[100];
    /* Its --disk syntax splits at commas. */
    assert_int_equal(skiff_vm_build(&sp, &vm, err, sizeof err), -1);
    char d0[] = "/d/a.img";
    char *disks[] = {d0};
    sp.disks = disks;
    assert_int_equal(skiff_vm_build(&sp, &vm, err, sizeof err), 0);
    assert_string_equal(vm.argv.v[0], "cloud-hypervisor");
    assert_string_equal(after(&vm.argv, "--kernel"), "/k/skiff.elf");
    assert_string_equal(after(&vm.argv, "--initramfs"), "/t/initrd.cpio");
    assert_string_equal(after(&vm.argv, "--cmdline"), sp.cmdline);
    assert_string_equal(after(&vm.argv, "--memory"), "size=256M");
    assert_string_equal(after(&vm.argv, "--cpus"), "boot=2");
    assert_string_equal(after(&vm.argv, "--disk"), "path=/d/a.img");
    assert_string_equal(after(&vm.argv, "--net"), "tap=t0");
    assert_string_equal(after(&vm.argv, "--serial"), "tty");
    assert_string_equal(after(&vm.argv, "--console"), "off");
    skiff_vm_free(&vm);
}

static void test_exit_status(void **s)
{
    (void)s;
    /* QEMU: Skiff writes status + 1 to isa-debug-exit -> (v << 1) | 1. */
    assert_int_equal(skiff_exit_status(1, ((0 + 1) << 1) | 1, -1, "q"), 0);
    assert_int_equal(skiff_exit_status(1, ((42 + 1) << 1) | 1, -1, "q"), 42);
    assert_int_equal(skiff_exit_status(1, ((123 + 1) << 1) | 1, -1, "q"), 123);
    /* QEMU failing by itself (bad option) is skiff's error. */
    assert_int_equal(skiff_exit_status(1, 1, -1, "q"), SKIFF_EXIT_ERROR);
    /* Without isa-debug-exit the console line tells. */
    assert_int_equal(skiff_exit_status(0, 0, 7, "fc"), 7);
    assert_int_equal(skiff_exit_status(0, 0, -1, "fc"), SKIFF_EXIT_ERROR);
    assert_int_equal(skiff_exit_status(0, 137, 3, "fc"), SKIFF_EXIT_ERROR);
}

/* skiff_opts_parse on string literals (it keeps pointers, never
 * writes). */
static int parse(int n, const char *const *v, int image, struct skiff_opts *o)
{
    static char *copy[16];
    for (int i = 0; i < n; i++)
        copy[i] = (char *)(uintptr_t)v[i];
    return skiff_opts_parse(n, copy, image, o);
}

static void test_opts(void **s)
{
    (void)s;
    struct skiff_opts o;
    const char *ok[] = {"--vmm=qemu-q35", "--mem", "1G", "--env", "A=1", "-q",
                        "prog",           "-v",    "--", "x"};
    assert_int_equal(parse(10, ok, 0, &o), 0);
    assert_string_equal(o.vmm, "qemu-q35");
    assert_int_equal(o.mem_mib, 1024);
    assert_string_equal(o.app, "prog");
    /* After APP everything is the application's, "-v" and "--" too. */
    assert_int_equal(o.nargs, 3);
    assert_string_equal(o.args[0], "-v");
    assert_int_equal(o.verbose, 0);
    assert_int_equal(o.quiet, 1);
    skiff_opts_free(&o);
    const char *bad[][2] = {{"--vmm=xen", "p"},    {"--mem=12Q", "p"},
                            {"--env=NOEQ", "p"},   {"--net=bridge", "p"},
                            {"--timeout=-1", "p"}, {"--iso=x.iso", "p"},
                            {"--cpus=0", "p"},     {"--param=nodot", "p"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(parse(2, bad[i], 0, &o), SKIFF_EXIT_ERROR);
        skiff_opts_free(&o);
    }
    const char *none[] = {"--quiet"};
    assert_int_equal(parse(1, none, 0, &o), SKIFF_EXIT_ERROR);
    skiff_opts_free(&o);
    const char *both[] = {"--iso=a.iso", "--oci=d", "p"};
    assert_int_equal(parse(3, both, 1, &o), SKIFF_EXIT_ERROR);
    skiff_opts_free(&o);
    assert_int_equal(skiff_parse_mib("512"), 512);
    assert_int_equal(skiff_parse_mib("2g"), 2048);
    assert_int_equal(skiff_parse_mib("0"), 0);
    assert_int_equal(skiff_parse_mib("M"), 0);
}

static void test_json(void **s)
{
    (void)s;
    struct skiff_buf b = {0};
    assert_int_equal(skiff_json_string(&b, "q\"b\\n\nt\tc\x01 ü"), 0);
    assert_string_equal(b.p, "\"q\\\"b\\\\n\\nt\\tc\\u0001 ü\"");
    skiff_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_roundtrip),
        cmocka_unit_test(test_quote_random),
        cmocka_unit_test(test_quote_bare),
        cmocka_unit_test(test_tree_cpio),
        cmocka_unit_test(test_tree_file_under_file),
        cmocka_unit_test(test_tree_symlinks),
        cmocka_unit_test(test_guest_paths),
        cmocka_unit_test(test_vm_qemu_profiles),
        cmocka_unit_test(test_vm_firecracker),
        cmocka_unit_test(test_vm_cloud_hypervisor),
        cmocka_unit_test(test_exit_status),
        cmocka_unit_test(test_opts),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
