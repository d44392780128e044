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
/* Append (s) to (b) as a quoted JSON string (RFC 8259 §7): quote,
 * backslash and control characters escaped, UTF-8 copied as is. Returns 0,
 * or -EILSEQ when (s) is not valid UTF-8 (b then holds a partial string). */
int skiff_json_string(struct skiff_buf *b, const char *s);

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
