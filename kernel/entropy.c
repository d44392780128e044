/* SPDX-License-Identifier: MIT */
/*
 * Entropy pool: see entropy.h. Adding absorbs input into the 256-bit key by
 * XOR, one 32-byte block at a time, each followed by a ChaCha20 block that
 * replaces the key (a simple one-way absorb). Drawing produces keystream
 * with a fresh counter, then replaces the key with keystream not handed
 * out (fast key erasure).
 */
#include "kernel/entropy.h"
#include "arch/x86_64/io.h"
#include "lib/klib/klib.h"

static uint32_t key[8];
static uint64_t credited, draws;
static const char *last = "none";

static uint32_t rotl(uint32_t v, int n)
{
    return (v << n) | (v >> (32 - n));
}

#define QR(a, b, c, d)                                                         \
    do {                                                                       \
        a += b, d = rotl(d ^ a, 16);                                           \
        c += d, b = rotl(b ^ c, 12);                                           \
        a += b, d = rotl(d ^ a, 8);                                            \
        c += d, b = rotl(b ^ c, 7);                                            \
    } while (0)

void entropy_chacha20_block(const uint32_t k[8], uint32_t counter,
                            const uint32_t nonce[3], uint8_t out[64])
{
    uint32_t s[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    memcpy(&s[4], k, 32);
    s[12] = counter;
    memcpy(&s[13], nonce, 12);
    uint32_t x[16];
    memcpy(x, s, sizeof(x));
    for (int i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]);
        QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]);
        QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]);
        QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]);
        QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) {
        uint32_t v = x[i] + s[i];
        for (int j = 0; j < 4; j++)
            out[4 * i + j] = (uint8_t)(v >> (8 * j));
    }
}

/* Replace the key with the first 32 bytes of block (counter, nonce). */
static void rekey(uint32_t counter, const uint32_t nonce[3])
{
    uint8_t blk[64];
    entropy_chacha20_block(key, counter, nonce, blk);
    memcpy(key, blk, 32);
    memset(blk, 0, sizeof(blk));
}

void entropy_add(const void *buf, size_t len, const char *source)
{
    const uint8_t *p = buf;
    uint32_t nonce[3] = {0x616464u, 0, 0}; /* "add": apart from draws */
    for (size_t off = 0; off < len; off += 32) {
        for (size_t i = 0; i < 32 && off + i < len; i++)
            ((uint8_t *)key)[i] ^= p[off + i];
        nonce[1] = (uint32_t)off;
        rekey(0, nonce);
    }
    credited += len;
    last = source;
}

void entropy_get(void *buf, size_t len)
{
    uint64_t t = tsc_read();
    uint32_t nonce[3] = {(uint32_t)t, (uint32_t)(t >> 32), (uint32_t)draws++};
    uint8_t blk[64];
    uint8_t *out = buf;
    uint32_t ctr = 1;
    while (len) {
        entropy_chacha20_block(key, ctr++, nonce, blk);
        size_t n = len < 64 ? len : 64;
        memcpy(out, blk, n);
        out += n;
        len -= n;
    }
    rekey(0, nonce); /* block 0 is never output */
    memset(blk, 0, sizeof(blk));
}

uint64_t entropy_credited(void)
{
    return credited;
}

const char *entropy_source(void)
{
    return last;
}
