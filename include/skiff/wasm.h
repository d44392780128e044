/* SPDX-License-Identifier: MIT */
/*
 * wasm: Skiff's WebAssembly runtime (core spec 2.0, with 128-bit SIMD).
 *
 * The core makes no OS calls: memory comes from the allocator in
 * struct wasm_config, and everything the module imports is handed in by the
 * embedder as struct wasm_extern values (host functions are made with
 * wasm_func_host). Modules are decoded, validated and translated into the
 * interpreter's internal code by wasm_module_load; wasm_instantiate links
 * them. Nothing here is thread-safe: one runtime per thread.
 *
 * Errors: load and instantiate return 0 or -1 and write one message naming
 * the section, offset and rule into (err, errlen). Calls return a trap code,
 * WASM_OK (0) on success; wasm_trap_str names it as the spec does.
 *
 * Embedding example (error handling shortened):
 *
 *   struct wasm_config cfg = wasm_config_default();   // malloc-based
 *   struct wasm_runtime *rt = wasm_runtime_new(&cfg);
 *   struct wasm_module *m;
 *   char err[200];
 *   if (wasm_module_load(rt, bytes, len, &m, err, sizeof err))
 *       puts(err);
 *   struct wasm_instance *in;
 *   wasm_instantiate(rt, m, NULL, 0, &in, err, sizeof err); // no imports
 *   struct wasm_extern fn;
 *   wasm_instance_export(in, "add", &fn);
 *   union wasm_val args[2] = {{.i32 = 1}, {.i32 = 2}}, res[1];
 *   int trap = wasm_call(rt, fn.u.func, args, res);
 *   printf("%s %u\n", wasm_trap_str(trap), res[0].i32);
 *   wasm_instance_free(in); wasm_module_free(m); wasm_runtime_free(rt);
 */
#ifndef SKIFF_WASM_H
#define SKIFF_WASM_H
#include <stddef.h>
#include <stdint.h>

enum wasm_valtype {
    WASM_I32 = 0x7f,
    WASM_I64 = 0x7e,
    WASM_F32 = 0x7d,
    WASM_F64 = 0x7c,
    WASM_V128 = 0x7b,
    WASM_FUNCREF = 0x70,
    WASM_EXTERNREF = 0x6f,
};

/* One value; its type is known from the signature. References are
 * pointers, NULL being ref.null. Floats keep their exact bits. A v128 is
 * its 16 bytes in memory order (lanes little-endian): v128[0] holds bytes
 * 0..7; bits aliases v128[0]. */
union wasm_val {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    void *ref;
    uint64_t bits;
    uint64_t v128[2];
};

enum wasm_trap {
    WASM_OK = 0,
    WASM_TRAP_UNREACHABLE,
    WASM_TRAP_DIV_ZERO,
    WASM_TRAP_INT_OVERFLOW,
    WASM_TRAP_BAD_CONVERSION,
    WASM_TRAP_OOB_MEMORY,
    WASM_TRAP_OOB_TABLE,
    WASM_TRAP_UNDEFINED_ELEMENT,
    WASM_TRAP_UNINITIALIZED_ELEMENT,
    WASM_TRAP_INDIRECT_MISMATCH,
    WASM_TRAP_STACK_EXHAUSTED,
    WASM_TRAP_FUEL,          /* the step limit ran out */
    WASM_TRAP_EXIT,          /* a host function asked to stop (proc_exit) */
    WASM_TRAP_HOST,          /* a host function failed */
    WASM_TRAP_OUT_OF_MEMORY, /* the embedder's allocator failed */
    WASM_TRAP_COUNT
};

/* The spec's name for a trap ("integer divide by zero", ...). */
const char *wasm_trap_str(int trap);

struct wasm_config {
    void *(*realloc)(void *ctx, void *p, size_t n); /* n == 0 frees */
    /* Optional: n zero bytes that realloc can resize and free (calloc).
     * Fresh pages from the OS are zero already, so a calloc that knows it
     * leaves them untouched. NULL: realloc, then memset. Replace it
     * together with realloc. */
    void *(*zalloc)(void *ctx, size_t n);
    void *alloc_ctx;
    uint32_t max_memory_pages; /* cap on any memory (64 KiB pages) */
    uint32_t stack_slots;      /* value stack, 8 bytes per slot */
    uint32_t max_call_depth;   /* frames before "call stack exhausted" */
    uint64_t fuel;             /* 0: unlimited; else instructions per call */
};

/* Defaults: libc realloc and calloc, 65536 pages, 1 Mi slots, depth 20000, no
 * fuel. Defined in lib/wasm/config.c, the only file that uses libc's heap. */
struct wasm_config wasm_config_default(void);

struct wasm_runtime;
struct wasm_module;
struct wasm_instance;
struct wasm_func;
struct wasm_table;
struct wasm_memory;
struct wasm_global;

enum wasm_extern_kind {
    WASM_EXTERN_FUNC = 0,
    WASM_EXTERN_TABLE = 1,
    WASM_EXTERN_MEMORY = 2,
    WASM_EXTERN_GLOBAL = 3,
};

struct wasm_extern {
    enum wasm_extern_kind kind;
    union {
        struct wasm_func *func;
        struct wasm_table *table;
        struct wasm_memory *memory;
        struct wasm_global *global;
    } u;
};

struct wasm_runtime *wasm_runtime_new(const struct wasm_config *cfg);
void wasm_runtime_free(struct wasm_runtime *rt);

/* Decode, validate and translate (bytes, len); the module keeps no pointer
 * into bytes. Returns 0, or -1 with the reason in err. */
int wasm_module_load(struct wasm_runtime *rt, const void *bytes, size_t len,
                     struct wasm_module **out, char *err, size_t errlen);
void wasm_module_free(struct wasm_module *m);

/* The module's imports, in order, for the embedder to resolve. */
size_t wasm_module_import_count(const struct wasm_module *m);
void wasm_module_import(const struct wasm_module *m, size_t i,
                        const char **module, const char **name,
                        enum wasm_extern_kind *kind);

/* Link (imports[i] answers import i), initialise tables and memory and run
 * the start function. A trap in the start function returns -1 with the
 * trap's name in err and *trap set (trap may be NULL); on a link error
 * *trap is WASM_OK. */
int wasm_instantiate(struct wasm_runtime *rt, const struct wasm_module *m,
                     const struct wasm_extern *imports, size_t nimports,
                     struct wasm_instance **out, int *trap, char *err,
                     size_t errlen);
void wasm_instance_free(struct wasm_instance *in);

/* Look up an export by name. Returns 0, or -1 when there is none. */
int wasm_instance_export(const struct wasm_instance *in, const char *name,
                         struct wasm_extern *out);
/* The same for names of len bytes that may hold NUL bytes. */
int wasm_instance_export_n(const struct wasm_instance *in, const char *name,
                           size_t len, struct wasm_extern *out);

/* The signature of a function: counts and, through the optional arrays,
 * the value types. */
void wasm_func_type(const struct wasm_func *f, size_t *nparams,
                    const uint8_t **params, size_t *nresults,
                    const uint8_t **results);

/* Call f with its parameters in args; results are written to results.
 * Returns WASM_OK or the trap. */
int wasm_call(struct wasm_runtime *rt, struct wasm_func *f,
              const union wasm_val *args, union wasm_val *results);

/* A host function: returns WASM_OK, or a trap code that ends the call.
 * caller is the instance whose code made the call (for its memory). It
 * must not call back into the same runtime (wasm_call): the runtime has
 * one value stack. */
typedef int (*wasm_host_fn)(void *ctx, struct wasm_instance *caller,
                            const union wasm_val *args,
                            union wasm_val *results);

/* Make a host function with the given signature; freed with the runtime. */
struct wasm_func *wasm_func_host(struct wasm_runtime *rt, const uint8_t *params,
                                 size_t nparams, const uint8_t *results,
                                 size_t nresults, wasm_host_fn fn, void *ctx);

/* Host-made globals, tables and memories (for tests and embedders); all
 * are freed with the runtime. */
struct wasm_global *wasm_global_host(struct wasm_runtime *rt, uint8_t type,
                                     int mutable_, union wasm_val v);
struct wasm_table *wasm_table_host(struct wasm_runtime *rt, uint8_t type,
                                   uint32_t min, uint32_t max);
struct wasm_memory *wasm_memory_host(struct wasm_runtime *rt, uint32_t min,
                                     uint32_t max);

union wasm_val wasm_global_get(const struct wasm_global *g);
uint8_t wasm_global_type(const struct wasm_global *g);

/* The caller's linear memory (its first memory), or NULL with *size 0.
 * The pointer is valid until the next call into wasm (memory.grow). */
uint8_t *wasm_instance_memory(struct wasm_instance *in, uint64_t *size);

#endif
