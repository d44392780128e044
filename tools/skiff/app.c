/* SPDX-License-Identifier: MIT */
/*
 * app: what APP names, checked on the host before any VM starts, with the
 * same code Skiff runs inside: a static ELF executable (kernel/exec's
 * exec_elf_check, so the refusal reads as Skiff's would), a WebAssembly
 * module (decoded and validated by the runtime, lib/wasm), or the name of
 * a built-in application: `inspect`, linked into the kernel, or an
 * executable under <home>/builtin/ (apps/<name>/ built by make).
 */
#include "tools/skiff/skiff.h"

#include "kernel/exec/exec.h"
#include "skiff/diag.h"
#include "skiff/wasm.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check_wasm(const char *path, const uint8_t *buf, size_t len)
{
    struct wasm_config cfg = wasm_config_default();
    struct wasm_runtime *rt = wasm_runtime_new(&cfg);
    struct wasm_module *m = NULL;
    char err[256];
    int rc = wasm_module_load(rt, buf, len, &m, err, sizeof err);
    if (rc)
        skiff_error("%s: invalid WebAssembly module: %s", path, err);
    wasm_module_free(m);
    wasm_runtime_free(rt);
    return rc ? SKIFF_EXIT_CANNOT_RUN : 0;
}

static int check_elf(const char *path, const uint8_t *buf, size_t len)
{
    struct exec_image img;
    struct diag d = {{0}};
    if (exec_elf_check(buf, len, &img, &d) == 0)
        return 0;
    skiff_error("%s: cannot run this program: %s", path, d.msg);
    if (strstr(d.msg, "dynamic") || strstr(d.msg, "INTERP"))
        skiff_hint("Skiff runs static executables: rebuild with "
                   "`musl-gcc -static -o %s ...` (Debian package musl-tools)",
                   path);
    return SKIFF_EXIT_CANNOT_RUN;
}

/* The built-in names: inspect, then <home>/builtin/'s entries. */
static void list_builtins(struct skiff_buf *b)
{
    skiff_buf_add(b, "inspect");
    struct skiff_buf dir = {0};
    skiff_buf_add(&dir, "%s/builtin", skiff_home());
    DIR *d = opendir(dir.p);
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (de->d_name[0] != '.')
            skiff_buf_add(b, ", %s", de->d_name);
    if (d)
        closedir(d);
    skiff_buf_free(&dir);
}

static int is_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_-", *s))
            return 0;
    return 1;
}

int skiff_app_resolve(const char *arg, struct skiff_app *app)
{
    *app = (struct skiff_app){.arg = arg};
    struct stat st;
    int exists = stat(arg, &st) == 0;
    if (!exists && is_name(arg)) {
        if (!strcmp(arg, "inspect")) {
            app->kind = SKIFF_APP_INSPECT;
            app->name = skiff_xstrdup(arg);
            return 0;
        }
        struct skiff_buf p = {0};
        skiff_buf_add(&p, "%s/builtin/%s", skiff_home(), arg);
        if (access(p.p, R_OK) == 0) {
            app->path = p.p;
            arg = p.p;
            exists = stat(arg, &st) == 0;
        } else {
            struct skiff_buf names = {0};
            list_builtins(&names);
            skiff_error("%s: no such file, and no built-in application of "
                        "that name (built-ins: %s)",
                        arg, names.p);
            skiff_buf_free(&names);
            skiff_buf_free(&p);
            return SKIFF_EXIT_NOT_FOUND;
        }
    }
    if (!exists) {
        skiff_error("%s: %s", arg, strerror(errno));
        return SKIFF_EXIT_NOT_FOUND;
    }
    if (!app->path)
        app->path = skiff_xstrdup(arg);
    const char *base = strrchr(app->path, '/');
    app->name = skiff_xstrdup(base ? base + 1 : app->path);
    if (S_ISDIR(st.st_mode)) {
        skiff_error("%s is a directory, not a program (give the executable "
                    "or .wasm file)",
                    arg);
        return SKIFF_EXIT_CANNOT_RUN;
    }
    int rc = skiff_read_file(app->path, &app->bytes, &app->len);
    if (rc) {
        skiff_error("%s: cannot read: %s", arg, strerror(-rc));
        return SKIFF_EXIT_ERROR;
    }
    if (app->len >= 4 && !memcmp(app->bytes, "\0asm", 4)) {
        app->kind = SKIFF_APP_WASM;
        return check_wasm(arg, app->bytes, app->len);
    }
    if (app->len >= 4 && !memcmp(app->bytes, "\177ELF", 4)) {
        app->kind = SKIFF_APP_ELF;
        return check_elf(arg, app->bytes, app->len);
    }
    skiff_error("%s: not an ELF executable or a WebAssembly module (it "
                "starts with neither \\177ELF nor \\0asm)",
                arg);
    return SKIFF_EXIT_CANNOT_RUN;
}

void skiff_app_free(struct skiff_app *app)
{
    free(app->path);
    free(app->name);
    free(app->bytes);
    *app = (struct skiff_app){0};
}
