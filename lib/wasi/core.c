/* SPDX-License-Identifier: MIT */
/*
 * wasi: the context, the import table (name, signature, implementation)
 * and the calls that touch no file: args, environ, clocks, random,
 * proc_exit, sched_yield. Every pointer the guest passes is checked
 * against its memory before use (EFAULT otherwise).
 */
#include "lib/wasi/wasi_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

struct wasi_entry {
    const char *name;
    const char *params; /* i: i32, I: i64 */
    wasi_impl fn;       /* NULL: ENOSYS stub */
};

static WASI_FN(args_sizes_get);
static WASI_FN(args_get);
static WASI_FN(environ_sizes_get);
static WASI_FN(environ_get);
static WASI_FN(clock_res_get);
static WASI_FN(clock_time_get);
static WASI_FN(random_get);
static WASI_FN(sched_yield);

static const struct wasi_entry table[] = {
    {"args_get", "ii", wasi_args_get},
    {"args_sizes_get", "ii", wasi_args_sizes_get},
    {"environ_get", "ii", wasi_environ_get},
    {"environ_sizes_get", "ii", wasi_environ_sizes_get},
    {"clock_res_get", "ii", wasi_clock_res_get},
    {"clock_time_get", "iIi", wasi_clock_time_get},
    {"fd_advise", "iIIi", NULL},
    {"fd_allocate", "iII", NULL},
    {"fd_close", "i", wasi_fd_close},
    {"fd_datasync", "i", wasi_fd_sync},
    {"fd_fdstat_get", "ii", wasi_fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", wasi_fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "iII", NULL},
    {"fd_filestat_get", "ii", wasi_fd_filestat_get},
    {"fd_filestat_set_size", "iI", NULL},
    {"fd_filestat_set_times", "iIIi", NULL},
    {"fd_pread", "iiiIi", wasi_fd_pread},
    {"fd_prestat_get", "ii", wasi_fd_prestat_get},
    {"fd_prestat_dir_name", "iii", wasi_fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi", wasi_fd_pwrite},
    {"fd_read", "iiii", wasi_fd_read},
    {"fd_readdir", "iiiIi", wasi_fd_readdir},
    {"fd_renumber", "ii", wasi_fd_renumber},
    {"fd_seek", "iIii", wasi_fd_seek},
    {"fd_sync", "i", wasi_fd_sync},
    {"fd_tell", "ii", wasi_fd_tell},
    {"fd_write", "iiii", wasi_fd_write},
    {"path_create_directory", "iii", wasi_path_create_directory},
    {"path_filestat_get", "iiiii", wasi_path_filestat_get},
    {"path_filestat_set_times", "iiiiIIi", NULL},
    {"path_link", "iiiiiii", NULL},
    {"path_open", "iiiiiIIii", wasi_path_open},
    {"path_readlink", "iiiiii", wasi_path_readlink},
    {"path_remove_directory", "iii", wasi_path_remove_directory},
    {"path_rename", "iiiiii", wasi_path_rename},
    {"path_symlink", "iiiii", NULL},
    {"path_unlink_file", "iii", wasi_path_unlink_file},
    {"poll_oneoff", "iiii", wasi_poll_oneoff},
    {"proc_exit", "i", NULL},
    {"proc_raise", "i", NULL},
    {"random_get", "ii", wasi_random_get},
    {"sched_yield", "", wasi_sched_yield},
    {"sock_accept", "iii", NULL},
    {"sock_recv", "iiiiii", NULL},
    {"sock_send", "iiiii", NULL},
    {"sock_shutdown", "ii", NULL},
};
_Static_assert(sizeof table / sizeof *table == WASI_NFUNCS, "WASI_NFUNCS");

void *wasi_mem(struct wasm_instance *in, uint32_t addr, uint64_t len)
{
    uint64_t size;
    uint8_t *base = wasm_instance_memory(in, &size);
    if (!base || (uint64_t)addr + len > size)
        return NULL;
    return base + addr;
}

static int put_u32(struct wasm_instance *in, uint32_t addr, uint32_t v)
{
    void *p = wasi_mem(in, addr, 4);
    if (!p)
        return WE_FAULT;
    memcpy(p, &v, 4);
    return WE_SUCCESS;
}

static int put_u64(struct wasm_instance *in, uint32_t addr, uint64_t v)
{
    void *p = wasi_mem(in, addr, 8);
    if (!p)
        return WE_FAULT;
    memcpy(p, &v, 8);
    return WE_SUCCESS;
}

static int sizes(struct wasm_instance *in, char **strs, int n, uint32_t cnt_p,
                 uint32_t size_p)
{
    uint64_t total = 0;
    for (int i = 0; i < n; i++)
        total += strlen(strs[i]) + 1;
    if (total > UINT32_MAX)
        return WE_OVERFLOW;
    int e = put_u32(in, cnt_p, (uint32_t)n);
    return e ? e : put_u32(in, size_p, (uint32_t)total);
}

/* Write the strings back to back at buf, their addresses at ptrs. */
static int strings(struct wasm_instance *in, char **strs, int n, uint32_t ptrs,
                   uint32_t buf)
{
    for (int i = 0; i < n; i++) {
        size_t len = strlen(strs[i]) + 1;
        void *dst = wasi_mem(in, buf, len);
        if (!dst || put_u32(in, ptrs + 4 * (uint32_t)i, buf))
            return WE_FAULT;
        memcpy(dst, strs[i], len);
        buf += (uint32_t)len;
    }
    return WE_SUCCESS;
}

static WASI_FN(args_sizes_get)
{
    return sizes(in, w->argv, w->argc, a[0].i32, a[1].i32);
}

static WASI_FN(args_get)
{
    return strings(in, w->argv, w->argc, a[0].i32, a[1].i32);
}

static WASI_FN(environ_sizes_get)
{
    return sizes(in, w->env, w->envc, a[0].i32, a[1].i32);
}

static WASI_FN(environ_get)
{
    return strings(in, w->env, w->envc, a[0].i32, a[1].i32);
}

static int host_clock(uint32_t id, clockid_t *out)
{
    static const clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC,
                                    CLOCK_PROCESS_CPUTIME_ID,
                                    CLOCK_THREAD_CPUTIME_ID};
    if (id >= 4)
        return WE_INVAL;
    *out = ids[id];
    return WE_SUCCESS;
}

static WASI_FN(clock_res_get)
{
    (void)w;
    clockid_t id;
    struct timespec ts;
    if (host_clock(a[0].i32, &id) || clock_getres(id, &ts))
        return WE_INVAL;
    return put_u64(in, a[1].i32,
                   (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

static WASI_FN(clock_time_get)
{
    (void)w;
    clockid_t id;
    struct timespec ts;
    if (host_clock(a[0].i32, &id) || clock_gettime(id, &ts))
        return WE_INVAL;
    return put_u64(in, a[2].i32,
                   (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

static WASI_FN(random_get)
{
    (void)w;
    uint8_t *p = wasi_mem(in, a[0].i32, a[1].i32);
    if (!p)
        return WE_FAULT;
    for (uint32_t done = 0; done < a[1].i32;) {
        ssize_t n = getrandom(p + done, a[1].i32 - done, 0);
        if (n < 0 && errno != EINTR)
            return wasi_errno(errno);
        if (n > 0)
            done += (uint32_t)n;
    }
    return WE_SUCCESS;
}

static WASI_FN(sched_yield)
{
    (void)w, (void)in, (void)a;
    sched_yield();
    return WE_SUCCESS;
}

/* The host function behind every import: run the implementation. */
static int dispatch(void *ctx, struct wasm_instance *caller,
                    const union wasm_val *args, union wasm_val *results)
{
    struct wasi_binding *b = ctx;
    if (!strcmp(b->e->name, "proc_exit")) {
        b->w->exit_code = (int)args[0].i32;
        return WASM_TRAP_EXIT;
    }
    results[0].i32 =
        b->e->fn ? (uint32_t)b->e->fn(b->w, caller, args) : WE_NOSYS;
    return WASM_OK;
}

int wasi_resolve(struct wasi_ctx *w, struct wasm_runtime *rt, const char *name,
                 struct wasm_extern *out)
{
    for (size_t i = 0; i < WASI_NFUNCS; i++) {
        const struct wasi_entry *e = &table[i];
        if (strcmp(e->name, name))
            continue;
        uint8_t params[16], result = WASM_I32;
        size_t np = strlen(e->params);
        for (size_t k = 0; k < np; k++)
            params[k] = e->params[k] == 'I' ? WASM_I64 : WASM_I32;
        w->bind[i].w = w;
        w->bind[i].e = e;
        bool noret = !strcmp(name, "proc_exit");
        out->kind = WASM_EXTERN_FUNC;
        out->u.func = wasm_func_host(rt, params, np, &result, noret ? 0 : 1,
                                     dispatch, &w->bind[i]);
        return out->u.func ? 0 : -1;
    }
    return -1;
}

int wasi_exit_code(const struct wasi_ctx *w)
{
    return w->exit_code;
}

static char **copy_strs(int n, char *const *src)
{
    char **out = calloc((size_t)n + 1, sizeof *out);
    for (int i = 0; out && i < n; i++)
        out[i] = strdup(src[i]);
    return out;
}

struct wasi_ctx *wasi_ctx_new(int argc, char *const *argv, int envc,
                              char *const *env, const struct wasi_preopen *dirs,
                              int ndirs, char *err, size_t errlen)
{
    struct wasi_ctx *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->argc = argc, w->envc = envc;
    w->argv = copy_strs(argc, argv);
    w->env = copy_strs(envc, env);
    uint32_t fd;
    for (int i = 0; i < 3; i++)
        wasi_fd_add(w, i, &fd);
    for (int i = 0; i < ndirs; i++) {
        int h = open(dirs[i].host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (h < 0) {
            snprintf(err, errlen, "--dir %s: %s", dirs[i].host,
                     strerror(errno));
            wasi_ctx_free(w);
            return NULL;
        }
        wasi_fd_add(w, h, &fd);
        w->fds[fd].preopen = true;
        w->fds[fd].guest = strdup(dirs[i].guest);
    }
    return w;
}

void wasi_ctx_free(struct wasi_ctx *w)
{
    if (!w)
        return;
    for (uint32_t i = 0; i < w->nfds; i++) {
        struct wasi_fd *f = &w->fds[i];
        if (f->dir)
            closedir(f->dir);
        if (f->host > 2)
            close(f->host);
        free(f->guest);
    }
    for (int i = 0; w->argv && i < w->argc; i++)
        free(w->argv[i]);
    for (int i = 0; w->env && i < w->envc; i++)
        free(w->env[i]);
    free(w->argv);
    free(w->env);
    free(w->fds);
    free(w);
}
