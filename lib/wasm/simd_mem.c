/* SPDX-License-Identifier: MIT */
/*
 * wasm: the 128-bit SIMD loads and stores (spec 4.4.7): whole vectors,
 * extending loads, splats, zero-filling loads and single lanes. Each is
 * bounds-checked against the memory's current size, as scalar accesses are.
 */
#include "lib/wasm/simd.h"

/* Bytes accessed by sub-opcode 0x00..0x0b, 0x54..0x5d. */
static unsigned access_size(uint32_t sub)
{
    static const uint8_t low[] = {16, 8, 8, 8, 8, 8, 8, 1, 2, 4, 8, 16};
    static const uint8_t high[] = {1, 2, 4, 8, 1, 2, 4, 8, 4, 8};
    return sub <= 0x0b ? low[sub] : high[sub - 0x54];
}

/* v128.load 0x00, the extending loads 0x01..0x06, the splats 0x07..0x0a
 * and the zero-filling loads 0x5c, 0x5d of the bytes at p. */
static void load(uint32_t sub, const uint8_t *p, unsigned size, v128 *v)
{
    memset(v, 0, sizeof *v);
    if (sub >= 0x07 && sub <= 0x0a) { /* splat: the lane width is size */
        unsigned w = sub - 0x07;
        uint64_t x = 0;
        memcpy(&x, p, size);
        for (unsigned i = 0; i < 16u >> w; i++)
            lane_set(v, w, i, x);
    } else if (sub >= 0x01 && sub <= 0x06) { /* 8 bytes to wider lanes */
        unsigned w = (sub + 1) / 2;
        v128 s;
        memcpy(&s, p, 8);
        for (unsigned i = 0; i < 16u >> w; i++)
            lane_set(v, w, i,
                     sub & 1 ? (uint64_t)lane_s(&s, w - 1, i)
                             : lane_u(&s, w - 1, i));
    } else {
        memcpy(v, p, size);
    }
}

cell *simd_memory(uint32_t sub, uint8_t shape, const cell *imm, cell *sp,
                  uint8_t *mem, uint64_t memsize)
{
    unsigned size = access_size(sub);
    const cell *addr = shape == S_LOAD ? sp - 1 : sp - 3;
    uint64_t ea = (uint64_t)(uint32_t)addr->u + imm[0].u;
    if (ea + size > memsize)
        return NULL;
    v128 v;
    unsigned lane = shape == S_LANE_LD || shape == S_LANE_ST
                        ? (unsigned)imm[1].u * size
                        : 0;
    switch (shape) {
    case S_STORE: memcpy(mem + ea, sp - 2, 16); return sp - 3;
    case S_LANE_ST:
        v_get(&v, sp - 2);
        memcpy(mem + ea, v.u8 + lane, size);
        return sp - 3;
    case S_LANE_LD:
        v_get(&v, sp - 2);
        memcpy(v.u8 + lane, mem + ea, size);
        v_put(sp - 3, &v);
        return sp - 1;
    default:
        load(sub, mem + ea, size, &v);
        v_put(sp - 1, &v);
        return sp + 1;
    }
}
