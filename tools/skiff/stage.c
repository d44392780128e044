/* SPDX-License-Identifier: MIT */
/*
 * stage: everything a VM needs, prepared on the host from the options:
 *   - the image (--kernel, else <home>/skiff.elf; the Multiboot image
 *     <home>/skiff-mb.elf for ISOs) and its parameter table, against which
 *     every --param name is checked;
 *   - the initrd: the application at /app/NAME (a module also gets the
 *     runtime, /bin/skiff-wasm), --file and --dir contents, and the mount
 *     points /tmp, /dev and /proc; `inspect` alone needs none;
 *   - the kernel command line: what the profile needs, app.path and
 *     app.env (WebAssembly: skiff-wasm's --dir and --env), the --param
 *     values, then "--" and the application's arguments.
 */
#include "tools/skiff/skiff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define APP_DIR "/app"

/* HOST[:GUEST]; GUEST defaults to /<base name of HOST>. The last colon
 * splits, so a host path may contain colons when GUEST is given. */
static int split(const char *spec, const char *opt, char **host, char **guest)
{
    const char *c = strrchr(spec, ':');
    if (c && c[1] == '/') {
        *host = strndup(spec, (size_t)(c - spec));
        *guest = skiff_xstrdup(c + 1);
    } else {
        *host = skiff_xstrdup(spec);
        size_t n = strlen(*host);
        while (n > 1 && (*host)[n - 1] == '/') /* "data/" names "data" */
            (*host)[--n] = '\0';
        const char *b = strrchr(*host, '/');
        struct skiff_buf g = {0};
        skiff_buf_add(&g, "/%s", b ? b + 1 : *host);
        *guest = g.p;
    }
    char why[80];
    if (!**host || skiff_tree_check_path(*guest, why, sizeof why) ||
        !strcmp(*guest, "/")) {
        if (!**host)
            snprintf(why, sizeof why, "has no host path");
        else if (!strcmp(*guest, "/"))
            snprintf(why, sizeof why, "cannot replace /");
        skiff_error("%s %s: guest path %s %s", opt, spec, *guest, why);
        free(*host);
        free(*guest);
        return SKIFF_EXIT_ERROR;
    }
    return 0;
}

static int add_paths(struct skiff_tree *t, const struct skiff_argv *specs,
                     const char *opt, struct skiff_argv *guests)
{
    for (size_t i = 0; i < specs->n; i++) {
        char *host, *guest;
        int rc = split(specs->v[i], opt, &host, &guest);
        if (rc)
            return rc;
        struct skiff_buf origin = {0};
        skiff_buf_add(&origin, "%s %s", opt, specs->v[i]);
        rc = !strcmp(opt, "--dir")
                 ? skiff_tree_add_tree(t, host, guest, origin.p)
                 : skiff_tree_add_file(t, host, guest, origin.p);
        if (!rc && guests) {
            /* A module sees a file through its directory's preopen. */
            if (strcmp(opt, "--dir")) {
                char *s = strrchr(guest, '/');
                s[s == guest] = '\0';
            }
            size_t k = 0;
            while (k < guests->n && strcmp(guests->v[k], guest))
                k++;
            if (k == guests->n)
                skiff_argv_add(guests, guest);
        }
        skiff_buf_free(&origin);
        free(host);
        free(guest);
        if (rc)
            return rc;
    }
    return 0;
}

static int build_initrd(const struct skiff_opts *o, struct skiff_stage *st,
                        struct skiff_argv *preopens)
{
    const struct skiff_app *app = &st->app;
    struct skiff_tree t = {0};
    int rc = 0;
    static const char *const mounts[] = {"/tmp", "/dev", "/proc"};
    for (size_t i = 0; i < 3; i++)
        skiff_tree_add_dir(&t, mounts[i], "skiff (mount point)");
    if (app->kind == SKIFF_APP_ELF || app->kind == SKIFF_APP_WASM) {
        struct skiff_buf g = {0};
        skiff_buf_add(&g, APP_DIR "/%s", app->name);
        rc = skiff_tree_add_data(&t, g.p,
                                 app->kind == SKIFF_APP_ELF ? 0100755 : 0100644,
                                 app->bytes, app->len, app->arg);
        st->app_guest = g.p;
    }
    if (!rc && app->kind == SKIFF_APP_WASM) {
        struct skiff_buf rt = {0};
        skiff_buf_add(&rt, "%s/apps/skiff-wasm", skiff_home());
        struct stat sb;
        if (stat(rt.p, &sb)) {
            skiff_error("no WebAssembly runtime for Skiff at %s", rt.p);
            skiff_hint("build it with `make skiff` in the Skiff tree");
            rc = SKIFF_EXIT_NOT_FOUND;
        } else {
            rc =
                skiff_tree_add_file(&t, rt.p, "/bin/skiff-wasm", "the runtime");
        }
        skiff_buf_free(&rt);
    }
    if (!rc)
        rc = add_paths(&t, &o->files, "--file", preopens);
    if (!rc)
        rc = add_paths(&t, &o->dirs, "--dir", preopens);
    if (!rc && app->kind == SKIFF_APP_INSPECT && !o->files.n && !o->dirs.n) {
        skiff_tree_free(&t); /* inspect reads no file: no initrd */
        return 0;
    }
    struct skiff_buf cpio = {0};
    if (!rc)
        rc = skiff_tree_cpio(&t, &cpio);
    const char *dir = rc ? NULL : skiff_tmpdir();
    if (!rc && !dir)
        rc = SKIFF_EXIT_ERROR;
    if (!rc) {
        struct skiff_buf path = {0};
        skiff_buf_add(&path, "%s/initrd.cpio", dir);
        int w = skiff_write_file(path.p, cpio.p, cpio.len);
        if (w) {
            skiff_error("cannot write %s: %s", path.p, strerror(-w));
            rc = SKIFF_EXIT_ERROR;
            skiff_buf_free(&path);
        } else {
            st->initrd = path.p;
            skiff_progress("initrd: %zu entries, %zu KiB", t.n,
                           (cpio.len + 1023) / 1024);
        }
    }
    skiff_buf_free(&cpio);
    skiff_tree_free(&t);
    return rc;
}

/* --param names must be the image's; values are Skiff's to judge. */
static int check_params(const struct skiff_opts *o, struct skiff_stage *st)
{
    for (size_t i = 0; i < o->params.n; i++) {
        const char *p = o->params.v[i];
        size_t n = strcspn(p, "=");
        if (!skiff_params_find(&st->params, p, n)) {
            skiff_error("--param %s: the image has no parameter %.*s", p,
                        (int)n, p);
            skiff_hint("`skiff params` lists them");
            return SKIFF_EXIT_ERROR;
        }
    }
    return 0;
}

static void word(struct skiff_stage *st, const char *fmt, const char *v)
{
    struct skiff_buf w = {0};
    skiff_buf_add(&w, fmt, v);
    skiff_cmdline_word(&st->cmdline, w.p);
    skiff_buf_free(&w);
}

static int build_cmdline(const struct skiff_opts *o, struct skiff_stage *st,
                         const struct skiff_profile *prof,
                         const struct skiff_argv *preopens)
{
    const struct skiff_param *env =
        skiff_params_find(&st->params, "app.env", 7);
    if (!prof->debug_exit) {
        if (!skiff_params_find(&st->params, "shutdown.report", 15)) {
            skiff_error("the image has no shutdown.report parameter, so %s "
                        "cannot learn the exit status: rebuild it",
                        prof->name);
            return SKIFF_EXIT_ERROR;
        }
        skiff_cmdline_word(&st->cmdline, "shutdown.report=true");
    }
    if (!o->verbose)
        skiff_cmdline_word(&st->cmdline, "log.quiet=true");
    int wasm = st->app.kind == SKIFF_APP_WASM;
    if (st->app.kind == SKIFF_APP_ELF)
        word(st, "app.path=%s", st->app_guest);
    if (wasm)
        skiff_cmdline_word(&st->cmdline, "app.path=/bin/skiff-wasm");
    if (!wasm && env && o->envs.n > env->max) {
        skiff_error("%zu --env values; Skiff takes at most %u", o->envs.n,
                    env->max);
        return SKIFF_EXIT_ERROR;
    }
    for (size_t i = 0; !wasm && i < o->envs.n; i++) {
        if (env && strlen(o->envs.v[i]) >= env->elem) {
            skiff_error("--env %s: longer than Skiff's %u bytes per variable",
                        o->envs.v[i], env->elem - 1);
            return SKIFF_EXIT_ERROR;
        }
        word(st, "app.env=%s", o->envs.v[i]);
    }
    for (size_t i = 0; i < o->params.n; i++)
        skiff_cmdline_word(&st->cmdline, o->params.v[i]);
    if (wasm || o->nargs)
        skiff_cmdline_word(&st->cmdline, "--");
    if (wasm) {
        for (size_t i = 0; i < preopens->n; i++) {
            skiff_cmdline_word(&st->cmdline, "--dir");
            struct skiff_buf d = {0};
            skiff_buf_add(&d, "%s::%s", preopens->v[i], preopens->v[i]);
            skiff_cmdline_word(&st->cmdline, d.p);
            skiff_buf_free(&d);
        }
        for (size_t i = 0; i < o->envs.n; i++) {
            skiff_cmdline_word(&st->cmdline, "--env");
            skiff_cmdline_word(&st->cmdline, o->envs.v[i]);
        }
        skiff_cmdline_word(&st->cmdline, st->app_guest);
    }
    for (int i = 0; i < o->nargs; i++) {
        int b = skiff_cmdline_bad_byte(o->args[i]);
        if (b >= 0) {
            skiff_error("argument %d holds the control byte 0x%02x, which a "
                        "kernel command line cannot carry",
                        i + 1, b);
            skiff_hint("pass such data in a file (--file)");
            return SKIFF_EXIT_ERROR;
        }
        skiff_cmdline_word(&st->cmdline, o->args[i]);
    }
    if ((int)st->cmdline.len > prof->cmdline_max) {
        skiff_error("the kernel command line is %zu bytes; %s carries at "
                    "most %d",
                    st->cmdline.len, prof->name, prof->cmdline_max);
        skiff_hint("pass long arguments or environments in a file (--file)");
        return SKIFF_EXIT_ERROR;
    }
    return 0;
}

int skiff_stage_build(const struct skiff_opts *o,
                      const struct skiff_profile *prof, int multiboot,
                      struct skiff_stage *st)
{
    *st = (struct skiff_stage){0};
    skiff_buf_add(&st->cmdline, "%s", ""); /* never NULL, even if empty */
    int rc = skiff_app_resolve(o->app, &st->app);
    if (rc)
        return rc;
    struct skiff_buf k = {0};
    if (o->kernel)
        skiff_buf_add(&k, "%s", o->kernel);
    else
        skiff_buf_add(&k, "%s/%s", skiff_home(),
                      multiboot ? "skiff-mb.elf" : "skiff.elf");
    st->kernel = k.p;
    uint8_t *img;
    size_t len;
    rc = skiff_read_file(st->kernel, &img, &len);
    if (rc) {
        skiff_error("no Skiff image at %s: %s", st->kernel, strerror(-rc));
        skiff_hint("build it with `make skiff` in the Skiff tree, or name "
                   "one with --kernel");
        return SKIFF_EXIT_NOT_FOUND;
    }
    char err[160];
    rc = skiff_params_read(img, len, &st->params, err, sizeof err);
    free(img);
    if (rc) {
        skiff_error("%s is not a Skiff image: %s", st->kernel, err);
        return SKIFF_EXIT_ERROR;
    }
    struct skiff_argv preopens = {0};
    rc = check_params(o, st);
    if (!rc)
        rc = build_initrd(o, st, &preopens);
    if (!rc)
        rc = build_cmdline(o, st, prof, &preopens);
    skiff_argv_free(&preopens);
    return rc;
}

void skiff_stage_free(struct skiff_stage *st)
{
    skiff_app_free(&st->app);
    skiff_params_free(&st->params);
    skiff_buf_free(&st->cmdline);
    free(st->kernel);
    free(st->initrd);
    free(st->app_guest);
    *st = (struct skiff_stage){0};
}
