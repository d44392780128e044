/* SPDX-License-Identifier: MIT */
/* wasi internals: the context, the descriptor table, guest-memory access. */
#ifndef SKIFF_WASI_INT_H
#define SKIFF_WASI_INT_H
#include "lib/wasi/wasi.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>

/* WASI errno values (they are not Linux's). */
enum {
    WE_SUCCESS = 0,
    WE_2BIG = 1,
    WE_ACCES = 2,
    WE_AGAIN = 6,
    WE_BADF = 8,
    WE_BUSY = 10,
    WE_EXIST = 20,
    WE_FAULT = 21,
    WE_FBIG = 22,
    WE_INTR = 27,
    WE_INVAL = 28,
    WE_IO = 29,
    WE_ISDIR = 31,
    WE_LOOP = 32,
    WE_MFILE = 33,
    WE_NAMETOOLONG = 37,
    WE_NOENT = 44,
    WE_NOMEM = 48,
    WE_NOSPC = 51,
    WE_NOSYS = 52,
    WE_NOTDIR = 54,
    WE_NOTEMPTY = 55,
    WE_NOTSUP = 58,
    WE_NOTTY = 59,
    WE_OVERFLOW = 61,
    WE_PERM = 63,
    WE_PIPE = 64,
    WE_ROFS = 69,
    WE_SPIPE = 70,
    WE_XDEV = 75,
    WE_NOTCAPABLE = 76,
};

struct wasi_fd {
    int host; /* -1: free slot */
    bool preopen;
    char *guest; /* preopen's guest name */
    DIR *dir;    /* fd_readdir state, opened on first use */
};

#define WASI_NFUNCS 46

struct wasi_binding {
    struct wasi_ctx *w;
    const struct wasi_entry *e;
};

struct wasi_ctx {
    struct wasi_binding bind[WASI_NFUNCS];
    char **argv, **env;
    int argc, envc;
    struct wasi_fd *fds;
    uint32_t nfds;
    int exit_code;
};

/* Guest memory of the calling instance: (addr, len) checked, or NULL. */
void *wasi_mem(struct wasm_instance *in, uint32_t addr, uint64_t len);
int wasi_errno(int e); /* Linux errno -> WASI errno */
struct wasi_fd *wasi_fd_get(struct wasi_ctx *w, uint32_t fd);
int wasi_fd_add(struct wasi_ctx *w, int host, uint32_t *out);

/* Each import: arguments in a, result (errno) in r[0]. */
typedef int (*wasi_impl)(struct wasi_ctx *w, struct wasm_instance *in,
                         const union wasm_val *a);
#define WASI_FN(name)                                                          \
    int wasi_##name(struct wasi_ctx *w, struct wasm_instance *in,              \
                    const union wasm_val *a)

WASI_FN(fd_close);
WASI_FN(fd_fdstat_get);
WASI_FN(fd_fdstat_set_flags);
WASI_FN(fd_filestat_get);
WASI_FN(fd_pread);
WASI_FN(fd_pwrite);
WASI_FN(fd_read);
WASI_FN(fd_write);
WASI_FN(fd_seek);
WASI_FN(fd_tell);
WASI_FN(fd_sync);
WASI_FN(fd_renumber);
WASI_FN(fd_prestat_get);
WASI_FN(fd_prestat_dir_name);
WASI_FN(fd_readdir);
WASI_FN(path_open);
WASI_FN(path_filestat_get);
WASI_FN(path_create_directory);
WASI_FN(path_remove_directory);
WASI_FN(path_unlink_file);
WASI_FN(path_rename);
WASI_FN(path_readlink);
WASI_FN(poll_oneoff);

/* Fill a 64-byte WASI filestat from a host stat. */
struct stat;
void wasi_filestat(uint8_t *out, const struct stat *st);

#endif
