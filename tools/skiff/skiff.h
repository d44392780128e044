/* SPDX-License-Identifier: MIT */
/*
 * skiff: the host tool that runs and packages an application as a Skiff VM
 * (`skiff run`, `skiff image`, `skiff params`). This header is shared by
 * the tool's files; each section names the file that implements it.
 *
 * Errors: a function that fails prints one "skiff: error: ..." line (plus
 * "skiff: hint: ..." lines saying what to do) and returns one of the exit
 * statuses below; main() exits with it. Pure builders (command lines,
 * configurations, archives) print nothing and are unit-tested on the host.
 */
#ifndef SKIFF_TOOL_H
#define SKIFF_TOOL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit statuses of skiff itself, docker's convention. Any other status is
 * the application's own (Skiff's 123: killed by a fault or signal). */
#define SKIFF_EXIT_TIMEOUT     124 /* --timeout expired, VM stopped */
#define SKIFF_EXIT_ERROR       125 /* skiff failed: usage, I/O, monitor */
#define SKIFF_EXIT_CANNOT_RUN  126 /* APP is not a runnable program */
#define SKIFF_EXIT_NOT_FOUND   127 /* APP, a --file or a monitor not found */
#define SKIFF_EXIT_INTERRUPTED 130 /* Ctrl-C (SIGINT) or SIGTERM */

/* util.c: messages, files, processes. */
extern int skiff_quiet; /* --quiet: no progress lines */
void skiff_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void skiff_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void skiff_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growing string; (p) is always NUL-terminated once anything is added.
 * Allocation failure aborts: the tool cannot do anything useful then. */
struct skiff_buf {
    char *p;
    size_t len, cap;
};
void skiff_buf_add(struct skiff_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void skiff_buf_addn(struct skiff_buf *b, const void *s, size_t n);
void skiff_buf_free(struct skiff_buf *b);

/* A NULL-terminated argument vector that grows. */
struct skiff_argv {
    char **v;
    size_t n, cap;
};
void skiff_argv_add(struct skiff_argv *a, const char *s);
void skiff_argv_addf(struct skiff_argv *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void skiff_argv_free(struct skiff_argv *a);

void *skiff_xmalloc(size_t n);
char *skiff_xstrdup(const char *s);

/* Read a whole file into (*buf, *len) (malloc'd; NUL-terminated for
 * convenience). Returns 0 or a negative errno. */
int skiff_read_file(const char *path, uint8_t **buf, size_t *len);
/* Create or replace (path) with (len) bytes. Returns 0 or -errno. */
int skiff_write_file(const char *path, const void *buf, size_t len);
int skiff_copy_file(const char *from, const char *to);
/* mkdir -p. Returns 0 or -errno. */
int skiff_mkdirs(const char *path, unsigned mode);

/* A private directory under $TMPDIR (or /tmp), removed with everything in
 * it by skiff_cleanup(), which main() calls on every exit path, signals
 * included. Returns NULL after printing an error. */
const char *skiff_tmpdir(void);
void skiff_cleanup(void);
/* Keep the directory at exit (--dry-run prints commands that use it). */
void skiff_tmpdir_keep(void);

/* Where the images live: the directory above the skiff binary's (for
 * build/host/skiff that is build/, holding skiff.elf, skiff-mb.elf and
 * apps/). $SKIFF_HOME overrides it. */
const char *skiff_home(void);

/* The full path of (prog) found on $PATH, in a static buffer, or NULL. */
const char *skiff_which(const char *prog);

/* Run (argv) and wait. Output goes to (log) when not NULL (the caller
 * shows it on failure), else to skiff's own stdout/stderr. Returns the
 * exit status, 128+signal, or -errno when it could not be started. */
int skiff_spawn_wait(char *const argv[], const char *log);

/* cmdline.c: append word (w) to kernel command line (b), separated by a
 * blank and quoted so that Skiff's parser reads back exactly (w). */
void skiff_cmdline_word(struct skiff_buf *b, const char *w);
/* Append (w) to (b) single-quoted, a ' written '\'' (shells, Skiff's lexer
 * and GRUB's script parser all read that back as (w)). */
void skiff_quote(struct skiff_buf *b, const char *w);
/* The first control byte in (w) (no monitor carries those on a command
 * line intact), or -1. */
int skiff_cmdline_bad_byte(const char *w);

/* json.c: append (s) to (b) as a quoted JSON string (RFC 8259 §7): quote,
 * backslash and control characters escaped, UTF-8 copied as is. Returns 0,
 * or -EILSEQ when (s) is not valid UTF-8 (b then holds a partial string). */
int skiff_json_string(struct skiff_buf *b, const char *s);

/* cpio.c: a cpio "newc" archive built in memory. Add members in the order
 * they should appear (directories before their contents), then end it.
 * (mode) is the full st_mode (type and permissions). */
struct skiff_cpio {
    struct skiff_buf out;
    unsigned ino;
};
void skiff_cpio_add(struct skiff_cpio *c, const char *name, unsigned mode,
                    const void *data, size_t len);
void skiff_cpio_end(struct skiff_cpio *c);

/* tree.c: the initrd's file tree. Guest paths are absolute; every add
 * names its (origin), e.g. "--file a.txt:/data/a.txt", for error messages.
 * Adds return 0 or an exit status after printing the error. */
struct skiff_tree_ent {
    char *guest, *origin;
    unsigned mode; /* st_mode: S_IFREG, S_IFDIR or S_IFLNK and permissions */
    uint8_t *data; /* file contents or symlink target */
    size_t len;
};
struct skiff_tree {
    struct skiff_tree_ent *e;
    size_t n, cap;
};
/* 0 when (guest) is a usable guest path, else -1 with the reason. */
int skiff_tree_check_path(const char *guest, char *why, size_t whylen);
int skiff_tree_add_dir(struct skiff_tree *t, const char *guest,
                       const char *origin);
int skiff_tree_add_data(struct skiff_tree *t, const char *guest, unsigned mode,
                        const void *data, size_t len, const char *origin);
/* A host file (a symlink is kept as a symlink). */
int skiff_tree_add_file(struct skiff_tree *t, const char *host,
                        const char *guest, const char *origin);
/* A host directory and everything under it. */
int skiff_tree_add_tree(struct skiff_tree *t, const char *host,
                        const char *guest, const char *origin);
/* The archive of the whole tree into (out) (parents added, sorted). */
int skiff_tree_cpio(struct skiff_tree *t, struct skiff_buf *out);
void skiff_tree_free(struct skiff_tree *t);

/* app.c: what APP names, checked as Skiff would (ELF refusals, wasm
 * validation). Returns 0 or an exit status after printing the error:
 * SKIFF_EXIT_NOT_FOUND, SKIFF_EXIT_CANNOT_RUN or SKIFF_EXIT_ERROR. */
enum skiff_app_kind { SKIFF_APP_INSPECT, SKIFF_APP_ELF, SKIFF_APP_WASM };
struct skiff_app {
    enum skiff_app_kind kind;
    const char *arg; /* as given */
    char *path;      /* host file (NULL for inspect) */
    char *name;      /* its base name */
    uint8_t *bytes;  /* its contents */
    size_t len;
};
int skiff_app_resolve(const char *arg, struct skiff_app *app);
void skiff_app_free(struct skiff_app *app);

/* vmm.c: monitor profiles and the command line (plus Firecracker's JSON
 * configuration) that boots an image on each. */
enum skiff_monitor { SKIFF_QEMU, SKIFF_FIRECRACKER, SKIFF_CLOUD_HYPERVISOR };
struct skiff_profile {
    const char *name, *what;
    enum skiff_monitor monitor;
    const char *machine; /* QEMU's -machine */
    int pci;             /* virtio over PCI (else virtio-mmio) */
    int modern_only;     /* virtio-pci without the legacy interface */
    int debug_exit;      /* isa-debug-exit carries the exit status; else
                          * Skiff prints it last (shutdown.report) */
    int cmdline_max;     /* command-line bytes the monitor carries for us */
};
extern const struct skiff_profile skiff_profiles[]; /* ends with name NULL */
const struct skiff_profile *skiff_profile_find(const char *name);

struct skiff_vm_spec {
    const struct skiff_profile *prof;
    const char *kernel, *initrd, *cmdline; /* initrd may be NULL */
    unsigned mem_mib, cpus;
    const char *accel; /* kvm or tcg (QEMU); NULL elsewhere */
    char **disks;      /* raw images, attached as virtio-blk */
    size_t ndisks;
    const char *net;         /* NULL, "user" or "tap:NAME" */
    const char *config_path; /* Firecracker: where the JSON will be */
};
struct skiff_vm {
    struct skiff_argv argv;  /* the monitor's command */
    struct skiff_buf config; /* Firecracker's JSON; empty elsewhere */
};
/* Returns 0, or -1 with the reason in (err) for a combination the monitor
 * cannot do (user networking on Firecracker, TCG on cloud-hypervisor). */
int skiff_vm_build(const struct skiff_vm_spec *s, struct skiff_vm *vm,
                   char *err, size_t errlen);
void skiff_vm_free(struct skiff_vm *vm);

/* run.c: run the monitor (argv), streaming the console; returns the
 * application's exit status or SKIFF_EXIT_*. */
struct skiff_run_opts {
    int debug_exit;     /* decode QEMU's isa-debug-exit status */
    int hide_ready;     /* take out Skiff's "boot: ready" line */
    int64_t timeout_ms; /* 0: none */
};
int skiff_monitor_run(char *const argv[], const struct skiff_run_opts *o);
/* The application's status from the monitor's exit (code), (reported) by
 * the status line (-1: none) and whether isa-debug-exit was there. */
int skiff_exit_status(int debug_exit, int code, int reported,
                      const char *monitor);

/* params.c: the kernel parameter table of an image (buf, len), sorted by
 * name, with defaults as the image holds them. */
struct skiff_param {
    char *name, *type, *def, *desc;
    unsigned elem, max; /* bytes per value (strings: with the NUL), values */
};
struct skiff_params {
    struct skiff_param *p;
    size_t n;
};
int skiff_params_read(const uint8_t *buf, size_t len, struct skiff_params *out,
                      char *err, size_t errlen);
const struct skiff_param *skiff_params_find(const struct skiff_params *ps,
                                            const char *name, size_t len);
void skiff_params_print(const struct skiff_params *ps, FILE *f);
void skiff_params_free(struct skiff_params *ps);

/* opts.c: the options of `skiff run` and `skiff image` (image: nonzero
 * for the latter). Returns 0 (o->help set when --help was asked) or an
 * exit status after printing the error. */
struct skiff_opts {
    const char *vmm, *kernel, *accel, *net, *iso, *oci, *name, *app;
    unsigned mem_mib, cpus;
    int64_t timeout_ms;
    int dry_run, verbose, quiet, help;
    struct skiff_argv files, dirs, envs, params, disks;
    char **args; /* the application's arguments */
    int nargs;
};
int skiff_opts_parse(int argc, char **argv, int image, struct skiff_opts *o);
void skiff_opts_free(struct skiff_opts *o);
/* "128M", "1G" or "512" (MiB) in MiB; 0 when malformed. */
unsigned skiff_parse_mib(const char *s);

/* stage.c: the image, initrd and kernel command line for (o) on (prof);
 * (multiboot): the Multiboot image (ISOs). Returns 0 or an exit status
 * after printing the error. */
struct skiff_stage {
    struct skiff_app app;
    struct skiff_params params; /* the image's parameter table */
    char *kernel;               /* image path */
    char *initrd;               /* in skiff_tmpdir(); NULL: none */
    char *app_guest;            /* /app/NAME; NULL for inspect */
    struct skiff_buf cmdline;
};
int skiff_stage_build(const struct skiff_opts *o,
                      const struct skiff_profile *prof, int multiboot,
                      struct skiff_stage *st);
void skiff_stage_free(struct skiff_stage *st);

/* iso.c: a bootable ISO 9660 image (GRUB, BIOS and UEFI where Debian's
 * GRUB packages allow) whose GRUB menu entry loads (kernel), a Multiboot
 * image, with (cmdline) and (initrd) (NULL: none) as Multiboot module 0.
 * Needs grub-mkrescue (grub-common, grub-pc-bin), xorriso and mtools; a
 * missing one is an error naming the package. Returns 0 or an exit status
 * after printing the error. */
struct skiff_iso {
    const char *out, *kernel, *initrd, *cmdline;
};
int skiff_iso_write(const struct skiff_iso *iso);

/* oci.c: an OCI image layout in directory (dir) (created; must not exist
 * or be empty) holding (kernel), (initrd) (NULL: none) and (cmdline) as an
 * artifact manifest tagged (name) (docs in tools/skiff/README-oci.md).
 * (cmdline) NULL is empty, (name) NULL is "latest". The kernel must be an
 * ELF file, the initrd a cpio (newc) archive; nothing is written unless
 * both read well, the command line is UTF-8 and (name) is a valid ref.
 * Returns 0 or an exit status after printing the error (127: an input file
 * does not exist). */
struct skiff_oci {
    const char *dir, *kernel, *initrd, *cmdline, *name;
};
int skiff_oci_write(const struct skiff_oci *oci);
/* The media types and layer titles it writes (README-oci.md says why). */
#define SKIFF_OCI_ARTIFACT_TYPE "application/vnd.skiff.image.v1"
#define SKIFF_OCI_CONFIG_TYPE   "application/vnd.skiff.config.v1+json"
#define SKIFF_OCI_KERNEL_TYPE   "application/vnd.skiff.kernel.v1.elf"
#define SKIFF_OCI_INITRD_TYPE   "application/vnd.skiff.initrd.v1.cpio"
#define SKIFF_OCI_KERNEL_TITLE  "kernel.elf"
#define SKIFF_OCI_INITRD_TITLE  "initrd.cpio"

/* sha256.c: FIPS 180-4 SHA-256 of (len) bytes at (buf). */
void skiff_sha256(const void *buf, size_t len, uint8_t out[32]);
/* The same in pieces, for data that arrives in parts: init, any number of
 * updates (any lengths), final. */
struct skiff_sha256_ctx {
    uint32_t h[8];
    uint64_t len;
    uint8_t buf[64];
    size_t n;
};
void skiff_sha256_init(struct skiff_sha256_ctx *c);
void skiff_sha256_update(struct skiff_sha256_ctx *c, const void *buf,
                         size_t len);
void skiff_sha256_final(struct skiff_sha256_ctx *c, uint8_t out[32]);
/* (digest) as 64 lowercase hex digits and a NUL, the form OCI digests use. */
void skiff_sha256_hex(const uint8_t digest[32], char hex[65]);

#endif
