/* SPDX-License-Identifier: MIT */
/*
 * entropy: the kernel's entropy pool. Sources (virtio-rng, RDSEED where
 * present, boot-time jitter) add bytes; consumers draw from a ChaCha20
 * keystream (RFC 8439 block function) keyed by the pool, which is rekeyed
 * after every draw so earlier output cannot be recomputed from the state.
 * Not for interrupt context.
 */
#ifndef SKIFF_ENTROPY_H
#define SKIFF_ENTROPY_H
#include <stddef.h>
#include <stdint.h>

/* Mix (len) bytes from (source) into the pool, crediting them. */
void entropy_add(const void *buf, size_t len, const char *source);
/* Fill (buf, len). Works before any source was added (then the output is
 * only as good as the TSC mixed in); see entropy_credited(). */
void entropy_get(void *buf, size_t len);
/* Bytes credited by sources so far. */
uint64_t entropy_credited(void);
/* The last source that added bytes, or "none". */
const char *entropy_source(void);

/* The ChaCha20 block function: 64 bytes of keystream for (key, counter,
 * nonce). Exposed for its RFC 8439 test vector. */
void entropy_chacha20_block(const uint32_t key[8], uint32_t counter,
                            const uint32_t nonce[3], uint8_t out[64]);

#endif
