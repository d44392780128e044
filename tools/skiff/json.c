/* SPDX-License-Identifier: MIT */
/* json: string literals for the JSON skiff writes (Firecracker's
 * configuration, OCI manifests): RFC 8259 section 7. */
#include "tools/skiff/skiff.h"

#include <errno.h>

/* The length of the valid UTF-8 sequence at (s), or 0 (RFC 3629 §4: no
 * overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0], lo = 0x80, hi = 0xbf;
    size_t n;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4;
    else
        return 0;
    if (c == 0xe0)
        lo = 0xa0; /* overlong */
    else if (c == 0xed)
        hi = 0x9f; /* surrogates */
    else if (c == 0xf0)
        lo = 0x90; /* overlong */
    else if (c == 0xf4)
        hi = 0x8f; /* above U+10FFFF */
    for (size_t i = 1; i < n; i++, lo = 0x80, hi = 0xbf)
        if (s[i] < lo || s[i] > hi)
            return 0;
    return n;
}

int skiff_json_string(struct skiff_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    skiff_buf_addn(b, "\"", 1);
    while (*p) {
        size_t n = utf8_len(p);
        const char *esc = NULL;
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        }
        if (!n)
            return -EILSEQ;
        if (esc)
            skiff_buf_add(b, "%s", esc);
        else if (*p < 0x20) /* RFC 8259 §7: all controls are escaped */
            skiff_buf_add(b, "\\u%04x", *p);
        else
            skiff_buf_addn(b, p, n);
        p += n;
    }
    skiff_buf_addn(b, "\"", 1);
    return 0;
}
