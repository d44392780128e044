/* SPDX-License-Identifier: MIT */
/* Host tests for skiff's SHA-256 (tools/skiff/sha256.c): the FIPS 180-4
 * example vectors, every padding boundary, and the incremental API. */
#include "tools/skiff/skiff.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void check(const void *buf, size_t len, const char *expect)
{
    uint8_t d[32];
    char hex[65];
    skiff_sha256(buf, len, d);
    skiff_sha256_hex(d, hex);
    assert_string_equal(hex, expect);
}

/* The examples of FIPS 180-4 (NIST's "SHA256.pdf" and the CAVS short and
 * long messages): empty, "abc", the 448- and 896-bit messages. */
static void test_fips_vectors(void **state)
{
    (void)state;
    check("", 0,
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check("abc", 3,
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check(m448, strlen(m448),
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklm"
                       "nhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopq"
                       "rstu";
    check(m896, strlen(m896),
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void **state)
{
    (void)state;
    const char *expect =
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    size_t n = 1000000;
    char *a = malloc(n);
    assert_non_null(a);
    memset(a, 'a', n);
    check(a, n, expect);
    /* The same in 1000 updates of 1000 bytes. */
    struct skiff_sha256_ctx c;
    uint8_t d[32];
    char hex[65];
    skiff_sha256_init(&c);
    for (int i = 0; i < 1000; i++)
        skiff_sha256_update(&c, a, 1000);
    skiff_sha256_final(&c, d);
    skiff_sha256_hex(d, hex);
    assert_string_equal(hex, expect);
    free(a);
}

/* Byte i of the pattern is (i * 7 + 3) & 255. The digests were computed
 * once with the host's coreutils sha256sum on 2026-11-25:
 *   python3 -c "import sys; sys.stdout.buffer.write(bytes((i*7+3)&255
 *       for i in range(N)))" | sha256sum
 * 55 bytes is the longest message whose padding fits one block, 56 the
 * shortest that needs a second; 63, 64, 65 straddle the block size, and
 * 119..128 repeat that for two blocks. */
static const struct {
    size_t len;
    const char *hex;
} boundaries[] = {
    {55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"},
    {56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"},
    {63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"},
    {64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"},
    {65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"},
    {119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"},
    {120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"},
    {127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07"},
    {128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"},
};

static void pattern(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)((i * 7 + 3) & 255);
}

static void test_padding_boundaries(void **state)
{
    (void)state;
    uint8_t p[128];
    pattern(p, sizeof p);
    for (size_t i = 0; i < sizeof boundaries / sizeof boundaries[0]; i++)
        check(p, boundaries[i].len, boundaries[i].hex);
}

/* Every split of each boundary message into two updates, and byte by byte,
 * gives the one-shot digest. */
static void test_incremental_splits(void **state)
{
    (void)state;
    uint8_t p[128], d[32];
    char hex[65];
    pattern(p, sizeof p);
    for (size_t i = 0; i < sizeof boundaries / sizeof boundaries[0]; i++) {
        size_t n = boundaries[i].len;
        for (size_t cut = 0; cut <= n; cut++) {
            struct skiff_sha256_ctx c;
            skiff_sha256_init(&c);
            skiff_sha256_update(&c, p, cut);
            skiff_sha256_update(&c, p + cut, n - cut);
            skiff_sha256_final(&c, d);
            skiff_sha256_hex(d, hex);
            assert_string_equal(hex, boundaries[i].hex);
        }
        struct skiff_sha256_ctx c;
        skiff_sha256_init(&c);
        for (size_t k = 0; k < n; k++)
            skiff_sha256_update(&c, p + k, 1);
        skiff_sha256_final(&c, d);
        skiff_sha256_hex(d, hex);
        assert_string_equal(hex, boundaries[i].hex);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_vectors),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_padding_boundaries),
        cmocka_unit_test(test_incremental_splits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
