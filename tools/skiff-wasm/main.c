/* SPDX-License-Identifier: MIT */
/*
 * skiff-wasm: run a WASI command module on Linux.
 *   skiff-wasm [--dir HOST[::GUEST]]... [--env K=V]... module.wasm [args]
 *   skiff-wasm --validate module.wasm   (decode and validate only)
 * The exit status is the module's (proc_exit, or 0 when _start returns);
 * a trap prints its name and exits 134; a module that cannot be loaded
 * or linked exits 125 after naming the reason.
 */
#include "lib/wasi/wasi.h"
#include "skiff/wasm.h"
#include "tools/skiff-wasm/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_OPTS 64

static void usage(void)
{
    fprintf(stderr, "usage: skiff-wasm [--dir HOST[::GUEST]] [--env K=V] "
                    "module.wasm [args]\n"
                    "       skiff-wasm --validate module.wasm\n");
    exit(125);
}

/* The whole of (path); a regular file is read into one buffer of its size,
 * anything else (a pipe) into one that doubles as it fills. Plain read(2)
 * rather than stdio, whose buffer would be the run's only libc heap use. */
static unsigned char *read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    size_t cap = 1 << 16, n = 0;
    if (!fstat(fd, &st) && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size < SIZE_MAX)
        cap = (size_t)st.st_size + 1;
    unsigned char *buf = arena_realloc(NULL, NULL, cap);
    ssize_t got;
    while (buf && (got = read(fd, buf + n, cap - n)) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            arena_realloc(NULL, buf, 0);
            buf = NULL;
            break;
        }
        n += (size_t)got;
        if (n == cap) {
            unsigned char *b = arena_realloc(NULL, buf, cap *= 2);
            if (!b)
                arena_realloc(NULL, buf, 0);
            buf = b;
        }
    }
    close(fd);
    *len = n;
    return buf;
}

static int die(const char *what, const char *why)
{
    fprintf(stderr, "skiff-wasm: %s: %s\n", what, why);
    return 125;
}

/* Resolve every import; only WASI is offered. */
static int link_imports(struct wasm_runtime *rt, struct wasm_module *m,
                        struct wasi_ctx *w, struct wasm_extern *imp)
{
    for (size_t i = 0; i < wasm_module_import_count(m); i++) {
        const char *mod, *name;
        enum wasm_extern_kind kind;
        wasm_module_import(m, i, &mod, &name, &kind);
        if (strcmp(mod, "wasi_snapshot_preview1") ||
            wasi_resolve(w, rt, name, &imp[i])) {
            fprintf(stderr, "skiff-wasm: unknown import %s.%s\n", mod, name);
            return -1;
        }
    }
    return 0;
}

/* Read (path) and load it into a new runtime (*rt, *m; NULL when not
 * made). Returns 0; 1 when the module does not load (reason printed); 125
 * when the file cannot be read. */
static int load(const char *path, struct wasm_runtime **rt,
                struct wasm_module **m)
{
    char err[512];
    size_t len;
    unsigned char *bytes = read_file(path, &len);
    *rt = NULL;
    *m = NULL;
    if (!bytes)
        return die(path, "cannot read");
    struct wasm_config cfg = wasm_config_default();
    cfg.realloc = arena_realloc;
    cfg.zalloc = arena_zalloc;
    *rt = wasm_runtime_new(&cfg);
    int rc = !*rt || wasm_module_load(*rt, bytes, len, m, err, sizeof err);
    if (rc)
        die(path, *rt ? err : "out of memory");
    arena_realloc(NULL, bytes, 0);
    return rc;
}

/* Decode, validate and translate only: 0 when valid, 1 with the reason. */
static int validate(const char *path)
{
    struct wasm_runtime *rt;
    struct wasm_module *m;
    int rc = load(path, &rt, &m);
    wasm_module_free(m);
    wasm_runtime_free(rt);
    return rc;
}

static int run(const char *path, int argc, char **argv, int nenv, char **env,
               const struct wasi_preopen *dirs, int ndirs)
{
    char err[512];
    struct wasm_runtime *rt;
    struct wasm_module *m;
    struct wasm_instance *in = NULL;
    struct wasi_ctx *w = NULL;
    struct wasm_extern *imp = NULL;
    int status = 125, trap = WASM_OK;
    if (load(path, &rt, &m))
        goto out;
    w = wasi_ctx_new(argc, argv, nenv, env, dirs, ndirs, err, sizeof err);
    imp = calloc(wasm_module_import_count(m) + 1, sizeof *imp);
    if (!w || !imp) {
        status = die(path, w ? "out of memory" : err);
        goto out;
    }
    if (link_imports(rt, m, w, imp))
        goto out;
    if (wasm_instantiate(rt, m, imp, wasm_module_import_count(m), &in, &trap,
                         err, sizeof err)) {
        if (trap == WASM_TRAP_EXIT) {
            status = wasi_exit_code(w);
            goto out;
        }
        status = trap ? 134 : 125;
        die(path, err);
        goto out;
    }
    struct wasm_extern start;
    if (wasm_instance_export(in, "_start", &start) ||
        start.kind != WASM_EXTERN_FUNC) {
        status = die(path, "no _start function exported");
        goto out;
    }
    trap = wasm_call(rt, start.u.func, NULL, NULL);
    if (trap == WASM_OK)
        status = 0;
    else if (trap == WASM_TRAP_EXIT)
        status = wasi_exit_code(w);
    else {
        fprintf(stderr, "skiff-wasm: trap: %s\n", wasm_trap_str(trap));
        status = 134;
    }
out:
    fflush(stdout);
    free(imp);
    wasm_instance_free(in);
    wasm_module_free(m);
    wasm_runtime_free(rt);
    wasi_ctx_free(w);
    return status;
}

int main(int argc, char **argv)
{
    struct wasi_preopen dirs[MAX_OPTS];
    char *env[MAX_OPTS];
    int ndirs = 0, nenv = 0, i = 1;
    if (argc == 3 && !strcmp(argv[1], "--validate"))
        return validate(argv[2]);
    for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (i + 1 >= argc)
            usage();
        if (!strcmp(argv[i], "--dir") && ndirs < MAX_OPTS) {
            char *spec = argv[++i], *sep = strstr(spec, "::");
            dirs[ndirs].host = spec;
            dirs[ndirs].guest = sep ? sep + 2 : spec;
            if (sep)
                *sep = 0;
            ndirs++;
        } else if (!strcmp(argv[i], "--env") && nenv < MAX_OPTS &&
                   strchr(argv[i + 1], '=')) {
            env[nenv++] = argv[++i];
        } else {
            usage();
        }
    }
    if (i >= argc)
        usage();
    return run(argv[i], argc - i, argv + i, nenv, env, dirs, ndirs);
}
