/* SPDX-License-Identifier: MIT */
/*
 * wasi: WASI preview 1 ("wasi_snapshot_preview1") for the wasm runtime,
 * implemented over POSIX (Linux). File access is confined to preopened
 * directories: every path is resolved by the kernel beneath its directory
 * descriptor (openat2 RESOLVE_BENEATH), so "..", absolute paths and
 * symlinks cannot leave it.
 */
#ifndef SKIFF_WASI_H
#define SKIFF_WASI_H
#include "skiff/wasm.h"

struct wasi_ctx;

struct wasi_preopen {
    const char *host;  /* directory on the host */
    const char *guest; /* name the program sees */
};

/* Arguments and environment are copied. Returns NULL on failure, with
 * the reason (e.g. an unopenable --dir) in err. */
struct wasi_ctx *wasi_ctx_new(int argc, char *const *argv, int envc,
                              char *const *env, const struct wasi_preopen *dirs,
                              int ndirs, char *err, size_t errlen);
void wasi_ctx_free(struct wasi_ctx *w);

/* Resolve one import of module "wasi_snapshot_preview1" into a host
 * function of rt. Functions outside preview 1's list, or known but not
 * implemented, get a stub returning ENOSYS when their type is known.
 * Returns 0, or -1 for an unknown name. */
int wasi_resolve(struct wasi_ctx *w, struct wasm_runtime *rt, const char *name,
                 struct wasm_extern *out);

/* The status proc_exit asked for (after a WASM_TRAP_EXIT). */
int wasi_exit_code(const struct wasi_ctx *w);

#endif
