/* SPDX-License-Identifier: MIT */
/*
 * wasm: the translator's state and helpers, shared by compile.c (stacks,
 * control frames, function entry) and body.c (the instruction switch).
 */
#ifndef SKIFF_WASM_COMPILE_H
#define SKIFF_WASM_COMPILE_H
#include "lib/wasm/wasm_int.h"

enum { CTL_BLOCK, CTL_LOOP, CTL_IF, CTL_ELSE, CTL_FUNC };

/* The type stack entry under a WASM_V128 entry: its second slot. */
#define TYPE_V128_HI 0x01

struct ctl {
    uint8_t kind;
    bool unreachable; /* validator: the rest of this block is dead */
    bool dead_entry;  /* the block itself is never entered */
    bool branched;    /* some live branch targets the end */
    bool dead_code;   /* after a block nothing reaches: emit nothing */
    uint32_t height;  /* type stack height (slots) below the block's params */
    uint32_t nparams, nresults;
    const uint8_t *params, *results;
    uint32_t label_pc;          /* loop: first cell of the body */
    uint32_t fixup, else_fixup; /* chains of forward branch cells */
};

struct comp {
    struct reader r;
    struct wasm_module *m;
    struct werr *err;
    const uint8_t *file_base;
    const uint8_t *at; /* the instruction being translated (messages) */
    uint32_t func;
    bool failed;
    cell *ops;
    uint32_t nops, ops_cap;
    uint8_t *types; /* operand type stack */
    uint32_t ntypes, types_cap, maxstack;
    struct ctl *ctls;
    uint32_t nctl, ctls_cap;
    uint8_t *local_types;
    uint32_t *local_slot; /* each local's first slot */
    uint32_t nlocals, local_slots;
    uint32_t last_at; /* cell index of the last instruction emitted */
    unsigned last_op; /* and its opcode, for fusing */
    uint32_t prev_at; /* the instruction before it */
    unsigned prev_op;
    uint32_t barrier; /* no fusing across a branch target at this cell */
};

int cp_fail(struct comp *c, const char *rule);
bool cp_live(const struct comp *c);
uint32_t cp_emit(struct comp *c, uint64_t v);
void cp_push(struct comp *c, uint8_t t);
uint8_t cp_pop(struct comp *c, uint8_t want);
void cp_pop_n(struct comp *c, const uint8_t *t, uint32_t n);
void cp_push_n(struct comp *c, const uint8_t *t, uint32_t n);
void cp_set_unreachable(struct comp *c);
int cp_blocktype(struct comp *c, struct ctl *f);
void cp_push_ctl(struct comp *c, uint8_t kind, const struct ctl *proto);
uint32_t cp_label_arity(const struct ctl *f, const uint8_t **types);
void cp_emit_target(struct comp *c, struct ctl *f);
void cp_patch(struct comp *c, uint32_t chain, uint32_t target);
uint64_t cp_move_info(const struct comp *c, const struct ctl *f,
                      uint32_t slots);
bool cp_needs_move(const struct comp *c, const struct ctl *f, uint32_t slots);
void cp_check_end(struct comp *c, const uint8_t *t, uint32_t n);

/* Validate and translate the instructions up to the function's end. */
int cp_body(struct comp *c);
/* One non-control instruction (body.c). */
int cp_instr(struct comp *c, uint8_t op);
/* One 0xfd instruction, after the prefix (simd_body.c). */
int cp_simd(struct comp *c);
/* The memarg of a load or store whose natural alignment is 2^size_log2
 * (body.c); returns the offset, with c->failed set on error. */
uint32_t cp_memarg(struct comp *c, uint32_t size_log2);

/* Emit an instruction: its handler, as the interpreter dispatches. */
void cp_op(struct comp *c, unsigned op);
/* The last instruction emitted is op with nimm immediates, fusable. */
bool cp_prev_is(const struct comp *c, unsigned op, uint32_t nimm);

#endif
