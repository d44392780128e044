/* SPDX-License-Identifier: MIT */
/*
 * iso: a bootable ISO 9660 image for BIOS machines (Hyper-V Generation 1,
 * VMware, VirtualBox, bare metal from CD or USB stick), made by Debian's
 * grub-mkrescue from a staging tree in skiff's temporary directory:
 *
 *   boot/skiff-mb.elf   the Multiboot image (vmm-conventions §1.3)
 *   boot/initrd.cpio    Multiboot module 0, when there is an initrd
 *   boot/grub/grub.cfg  no menu (timeout 0), one entry: multiboot + module
 *
 * grub-mkrescue builds every GRUB platform installed under /usr/lib/grub:
 * i386-pc (grub-pc-bin) gives El Torito BIOS boot and a hybrid MBR; when
 * grub-efi-amd64-bin is also installed, the same command adds a UEFI boot
 * image (that is what it needs mformat for), at no cost here. That package is
 * optional and was not installed where this was tested, so UEFI is untried.
 *
 * The command line crosses two parsers before Skiff's lexer sees it
 * (lib/param/lex.c: blanks separate, backslash escapes, quotes group).
 * GRUB's script parser reads the grub.cfg line into words, and its
 * multiboot loader joins the words after the image path back into the
 * Multiboot command line, wrapping a word that holds a space in double
 * quotes and putting a backslash before \, ' and " (GRUB 2.06, seen by
 * booting: tests/skiff/iso.sh). Skiff's lexer undoes exactly that. So the
 * line is lexed here with Skiff's own lexer, and each word is written to
 * grub.cfg single-quoted (GRUB takes everything literally there; a ' is
 * written '\''). What cannot survive the round trip is refused rather than
 * changed: an empty word (GRUB drops it), a word holding a tab or a line
 * break (GRUB leaves it bare, so Skiff would split it) and a quoted "--" or
 * "help" before the first bare "--" (it would arrive bare: a keyword), and a
 * line longer than Skiff's BOOTINFO_CMDLINE_MAX once GRUB has quoted it.
 */
#include "boot/bootinfo.h"
#include "lib/param/lex.h" /* the kernel's own lexer: one grammar */
#include "tools/skiff/skiff.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GRUB_PC_DIR "/usr/lib/grub/i386-pc" /* Debian's grub-pc-bin */

/* The length of (w) once GRUB's multiboot loader has re-quoted it. */
static size_t grub_joined_len(const char *w)
{
    size_t n = strlen(w) + (strchr(w, ' ') ? 2 : 0);
    for (; *w; w++)
        n += *w == '\\' || *w == '\'' || *w == '"';
    return n;
}

/* Why word (w) of the line cannot pass through GRUB unchanged, or NULL. */
static const char *grub_refuses(const char *w, const struct lex_tok *t,
                                bool kernel_part)
{
    if (t->flags & LEX_OPENQ)
        return "has an unterminated quote";
    if (t->flags & LEX_TRAILBS)
        return "ends in a lone backslash";
    if (t->len == 0)
        return "is empty, and GRUB drops empty words";
    if (strpbrk(w, "\t\n\r\v\f"))
        return "holds a tab or line break, which GRUB passes unquoted";
    if (kernel_part && (t->flags & LEX_LITERAL) &&
        (!strcmp(w, "--") || !strcmp(w, "help")))
        return "is quoted before the first bare --, and GRUB would pass it "
               "bare";
    return NULL;
}

/* Append the words of (cmdline) to (cfg) as GRUB words. Returns 0, or
 * SKIFF_EXIT_ERROR after printing which word cannot pass. */
static int grub_words(struct skiff_buf *cfg, const char *cmdline)
{
    size_t len = strlen(cmdline), joined = 0;
    char *w = skiff_xmalloc(len + 1);
    struct lex lx;
    struct lex_tok t;
    bool kernel_part = true;
    int rc = 0;

    param_lex_init(&lx, cmdline, len, w, len + 1);
    while (param_lex_next(&lx, &t)) {
        const char *why = grub_refuses(w, &t, kernel_part);
        if (why) {
            skiff_error("ISO: the word at offset %zu of the command line %s",
                        t.off, why);
            skiff_hint("the command line was: %s", cmdline);
            rc = SKIFF_EXIT_ERROR;
            break;
        }
        if (!(t.flags & LEX_LITERAL) && !strcmp(w, "--"))
            kernel_part = false;
        skiff_buf_add(cfg, " ");
        skiff_quote(cfg, w);
        joined += (joined ? 1 : 0) + grub_joined_len(w); /* ' ' between */
    }
    if (!rc && joined > BOOTINFO_CMDLINE_MAX - 1) { /* and a NUL */
        skiff_error("ISO: the command line is %zu bytes once GRUB has quoted "
                    "it; Skiff reads at most %d",
                    joined, BOOTINFO_CMDLINE_MAX - 1);
        rc = SKIFF_EXIT_ERROR;
    }
    free(w);
    return rc;
}

static int grub_cfg(struct skiff_buf *cfg, const struct skiff_iso *iso)
{
    skiff_buf_add(cfg, "# Written by skiff (tools/skiff/iso.c).\n"
                       "set default=0\n"
                       "set timeout=0\n"
                       "menuentry 'Skiff' {\n"
                       "    multiboot /boot/skiff-mb.elf");
    int rc = grub_words(cfg, iso->cmdline ? iso->cmdline : "");
    skiff_buf_add(cfg, "\n");
    if (iso->initrd)
        skiff_buf_add(cfg, "    module /boot/initrd.cpio\n");
    skiff_buf_add(cfg, "}\n");
    return rc;
}

/* Every program and platform directory grub-mkrescue needs, each missing
 * one reported with its Debian package. */
static int check_tools(void)
{
    static const struct {
        const char *need, *pkg;
    } tools[] = {
        {"grub-mkrescue", "grub-common"},
        {GRUB_PC_DIR, "grub-pc-bin"},
        {"xorriso", "xorriso"},
        {"mformat", "mtools"},
    };
    struct skiff_buf pkgs = {0};
    struct stat st;

    for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
        const char *need = tools[i].need;
        bool found =
            need[0] == '/' ? stat(need, &st) == 0 : skiff_which(need) != NULL;
        if (found)
            continue;
        skiff_error("building an ISO needs %s (Debian package %s)", need,
                    tools[i].pkg);
        skiff_buf_add(&pkgs, " %s", tools[i].pkg);
    }
    if (!pkgs.len)
        return 0;
    skiff_hint("install it: sudo apt-get install%s", pkgs.p);
    skiff_buf_free(&pkgs);
    return SKIFF_EXIT_ERROR;
}

/* Copy (from) to (dir)/(name); on failure say which file. */
static int stage_file(const char *from, const char *dir, const char *name,
                      const char *what)
{
    struct skiff_buf to = {0};
    skiff_buf_add(&to, "%s/%s", dir, name);
    int rc = skiff_copy_file(from, to.p);
    if (rc)
        skiff_error("cannot copy the %s %s to %s: %s", what, from, to.p,
                    strerror(-rc));
    skiff_buf_free(&to);
    return rc ? SKIFF_EXIT_ERROR : 0;
}

/* Fill (stage) with the tree described at the top of this file. */
static int stage_tree(const char *stage, const struct skiff_iso *iso,
                      const struct skiff_buf *cfg)
{
    struct skiff_buf p = {0};
    skiff_buf_add(&p, "%s/boot/grub", stage);
    int rc = skiff_mkdirs(p.p, 0755);
    if (rc) {
        skiff_error("cannot create %s: %s", p.p, strerror(-rc));
        goto out;
    }
    skiff_buf_add(&p, "/grub.cfg");
    rc = skiff_write_file(p.p, cfg->p, cfg->len);
    if (rc) {
        skiff_error("cannot write %s: %s", p.p, strerror(-rc));
        goto out;
    }
    p.len = strlen(stage) + strlen("/boot");
    p.p[p.len] = '\0';
    rc = stage_file(iso->kernel, p.p, "skiff-mb.elf", "kernel");
    if (!rc && iso->initrd)
        rc = stage_file(iso->initrd, p.p, "initrd.cpio", "initrd");
out:
    skiff_buf_free(&p);
    return rc ? SKIFF_EXIT_ERROR : 0;
}

/* Print grub-mkrescue's log, which is only worth reading when it failed. */
static void show_log(const char *log)
{
    uint8_t *buf;
    size_t len;
    if (skiff_read_file(log, &buf, &len) == 0) {
        fwrite(buf, 1, len, stderr);
        free(buf);
    }
}

/* Without --compress: xz would save 5.6 MiB of GRUB modules but take 6 s
 * instead of 0.3 s (gz: 3.8 s for 4.5 MiB), on every image. */
static int mkrescue(const char *stage, const char *out)
{
    struct skiff_buf log = {0};
    struct skiff_argv av = {0};
    skiff_buf_add(&log, "%s/grub-mkrescue.log", skiff_tmpdir());
    skiff_argv_add(&av, "grub-mkrescue");
    skiff_argv_add(&av, "-o");
    skiff_argv_add(&av, out);
    skiff_argv_add(&av, stage);

    int st = skiff_spawn_wait(av.v, log.p), rc = 0;
    if (st < 0) {
        skiff_error("cannot start grub-mkrescue: %s", strerror(-st));
        rc = SKIFF_EXIT_ERROR;
    } else if (st) {
        skiff_error("grub-mkrescue failed (status %d); its output:", st);
        show_log(log.p);
        unlink(out);
        rc = SKIFF_EXIT_ERROR;
    }
    skiff_argv_free(&av);
    skiff_buf_free(&log);
    return rc;
}

int skiff_iso_write(const struct skiff_iso *iso)
{
    struct skiff_buf cfg = {0}, stage = {0};
    int rc = grub_cfg(&cfg, iso);
    if (rc)
        goto out;
    rc = check_tools();
    if (rc)
        goto out;
    const char *tmp = skiff_tmpdir();
    if (!tmp) {
        rc = SKIFF_EXIT_ERROR;
        goto out;
    }
    static unsigned n; /* a fresh tree for each image of the run */
    skiff_buf_add(&stage, "%s/iso%u", tmp, n++);
    rc = stage_tree(stage.p, iso, &cfg);
    if (rc)
        goto out;
    skiff_progress("building ISO %s ...", iso->out);
    rc = mkrescue(stage.p, iso->out);
out:
    skiff_buf_free(&stage);
    skiff_buf_free(&cfg);
    return rc;
}
