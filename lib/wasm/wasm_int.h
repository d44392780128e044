/* SPDX-License-Identifier: MIT */
/*
 * wasm internals shared by the decoder, the validator/translator, the
 * instantiator and the interpreter. Not part of the public API.
 *
 * Internal code: every instruction is one cell holding the handler (its
 * label address under GCC/clang, its number otherwise) followed by its
 * immediates, one cell each. Branch targets are relative cell offsets and
 * stack heights are resolved at translation, so the interpreter decodes
 * nothing. Every value takes one 8-byte stack slot, except a v128, which
 * takes two (low half first) so that scalar code keeps its one-cell moves;
 * locals, operand heights, branch moves and call arguments therefore count
 * slots, not values.
 */
#ifndef SKIFF_WASM_INT_H
#define SKIFF_WASM_INT_H
#include "skiff/wasm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WASM_PAGE      65536u
#define WASM_MAX_PAGES 65536u

typedef union {
    uint64_t u;
    int64_t i;
    const void *p;
    struct {
        uint32_t a, b;
    } w;
} cell;

struct functype {
    uint32_t nparams, nresults;
    uint32_t pslots, rslots; /* stack slots of the params and results */
    uint8_t *types;          /* params then results */
};

struct limits {
    uint32_t min, max;
    bool has_max;
};

struct constexpr_ {
    uint8_t op;   /* 0x41 i32, 0x42 i64, 0x43 f32, 0x44 f64, 0xd0, 0xd2, 0x23,
                     0xfd v128.const */
    uint64_t val; /* constant bits, or the index of ref.func/global.get */
    uint64_t hi;  /* v128.const: the high 8 bytes */
};

struct import {
    char *module, *name;
    uint8_t kind;
    uint32_t idx; /* func: type index; others: index in their space */
};

struct export_ {
    char *name;
    uint32_t len; /* names may hold NUL bytes */
    uint8_t kind;
    uint32_t idx;
};

struct tabletype {
    uint8_t reftype;
    struct limits lim;
};

struct globaltype {
    uint8_t type;
    bool mut;
    struct constexpr_ init; /* defined globals only */
};

struct elem {
    uint8_t mode; /* 0 active, 1 passive, 2 declarative */
    uint8_t reftype;
    uint32_t table;
    struct constexpr_ offset;
    uint32_t n;
    struct constexpr_ *items;
};

struct data {
    uint8_t mode; /* 0 active, 1 passive */
    struct constexpr_ offset;
    uint32_t len;
    uint8_t *bytes;
};

struct code {
    cell *ops;
    uint32_t nops;
    uint32_t nlocals; /* params + declared locals: slots before the stack */
    uint32_t nparams, nresults;
    uint32_t maxstack; /* operand slots needed beyond the locals */
};

struct wasm_module {
    struct wasm_runtime *rt;
    uint32_t ntypes, nimports, nfuncs, ntables, nmems, nglobals, nexports;
    uint32_t nelems, ndatas;
    uint32_t nfunc_imports, ntable_imports, nmem_imports, nglobal_imports;
    struct functype *types;
    struct import *imports;
    uint32_t *functypes; /* type index of every function (imports first) */
    struct tabletype *tables;
    struct limits *mems;
    struct globaltype *globals;
    struct export_ *exports;
    struct elem *elems;
    struct data *datas;
    struct code *codes;   /* one per defined function */
    bool *declared_funcs; /* may be referenced by ref.func */
    bool has_start, has_datacount;
    uint32_t start, datacount;
};

struct wasm_func {
    const struct functype *type;
    struct wasm_instance *inst; /* NULL for host functions */
    const struct code *code;
    wasm_host_fn host;
    void *host_ctx;
    struct functype *own_type;   /* host functions: their type, owned */
    struct wasm_func *next_host; /* runtime's list of host-made objects */
};

struct wasm_table {
    uint8_t reftype;
    uint32_t size, max;
    bool has_max;
    void **elems;
    struct wasm_table *next_host;
};

struct wasm_memory {
    uint8_t *base;
    uint64_t size; /* bytes */
    uint32_t max;  /* pages */
    bool has_max;
    struct wasm_memory *next_host;
};

struct wasm_global {
    uint8_t type;
    bool mut;
    union wasm_val val;
    struct wasm_global *next_host;
};

struct wasm_instance {
    struct wasm_runtime *rt;
    const struct wasm_module *mod;
    struct wasm_func **funcs;
    struct wasm_table **tables;
    struct wasm_memory *mem; /* NULL when the module has none */
    struct wasm_global **globals;
    struct wasm_func *own_funcs;
    struct wasm_table *own_tables;
    struct wasm_memory own_mem;
    struct wasm_global *own_globals;
    bool *elem_dropped, *data_dropped;
    uint32_t ntables;           /* entries of own_tables */
    uint32_t nfuncs_linked;     /* imported functions linked so far */
    struct wasm_instance *next; /* runtime's list of orphans */
};

struct frame {
    const cell *pc;
    cell *fp;
    struct wasm_instance *inst;
};

struct wasm_runtime {
    struct wasm_config cfg;
    cell *stack, *stack_end;
    struct frame *frames;
    struct wasm_func *host_funcs;
    struct wasm_table *host_tables;
    struct wasm_memory *host_mems;
    struct wasm_global *host_globals;
    struct wasm_instance *orphans; /* instances whose start trapped */
    uint64_t fuel;
    int depth;
};

/* Allocation through the embedder's realloc; all return NULL on failure. */
void *wasm_alloc(struct wasm_runtime *rt, size_t n); /* zeroed */
void *wasm_realloc(struct wasm_runtime *rt, void *p, size_t n);
void wasm_free(struct wasm_runtime *rt, void *p);

/* Error reporting into a caller's buffer. */
struct werr {
    char *buf;
    size_t len;
};
void wasm_err(struct werr *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Byte reader over the module, with the current section for messages. */
struct reader {
    const uint8_t *base, *p, *end;
    const char *section;
    struct werr *err;
    bool failed;
};
void rd_fail(struct reader *r, const char *rule);
uint8_t rd_u8(struct reader *r);
uint32_t rd_u32(struct reader *r);
int32_t rd_s32(struct reader *r);
int64_t rd_s64(struct reader *r);
int64_t rd_s33(struct reader *r);
const uint8_t *rd_bytes(struct reader *r, size_t n);
char *rd_name(struct reader *r, struct wasm_runtime *rt, uint32_t *len);

bool wasm_is_valtype(uint8_t t);
bool wasm_is_reftype(uint8_t t);
bool wasm_functype_eq(const struct functype *a, const struct functype *b);
/* Stack slots of n values of types t (a v128 takes two). */
uint32_t wasm_slots(const uint8_t *t, uint32_t n);
/* Values of types t to stack slots and back. */
void wasm_vals_to_cells(const uint8_t *t, uint32_t n, const union wasm_val *v,
                        cell *c);
void wasm_cells_to_vals(const uint8_t *t, uint32_t n, const cell *c,
                        union wasm_val *v);

/* The translator's working buffers, kept from one function to the next so
 * that a module's translation grows each only a few times; the code of
 * each function is copied out at its exact size. Start zeroed; release
 * with wasm_compile_done. */
struct comp_scratch {
    cell *ops;
    uint8_t *types;
    struct ctl *ctls;
    uint32_t ops_cap, types_cap, ctls_cap;
};

/* Validate and translate the body of defined function i (module index
 * nfunc_imports + i) found at (body, len). */
int wasm_compile(struct wasm_module *m, struct comp_scratch *s, uint32_t i,
                 const uint8_t *body, size_t len, const uint8_t *file_base,
                 struct werr *err);
void wasm_compile_done(struct wasm_module *m, struct comp_scratch *s);

/* Run f with its arguments on the value stack at sp. Results replace
 * them. Returns WASM_OK or a trap. */
int wasm_exec(struct wasm_runtime *rt, struct wasm_func *f, cell *sp);

/* One 0xfd instruction at pc (its cell after the handler: sub-opcode and
 * count of immediate cells, then the immediates) on the stack ending at
 * sp; returns the new stack end, or NULL for an out-of-bounds access. */
cell *wasm_simd(const cell *pc, cell *sp, uint8_t *mem, uint64_t memsize);

/* The handler of internal opcode op (label address or number). */
const void *wasm_handler(unsigned op);

void wasm_module_release(struct wasm_module *m);
void wasm_instance_orphans_free(struct wasm_runtime *rt);

#endif
