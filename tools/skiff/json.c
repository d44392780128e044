/* SPDX-License-Identifier: MIT */
/* json: string literals for the configurations skiff writes (RFC 8259
 * section 7): quote and backslash escaped, control bytes as \u00XX, every
 * other byte (UTF-8 included) as is. */
#include "tools/skiff/skiff.h"

void skiff_json_str(struct skiff_buf *b, const char *s)
{
    skiff_buf_addn(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            skiff_buf_add(b, "\\%c", *p);
        else if (*p == '\n')
            skiff_buf_add(b, "\\n");
        else if (*p == '\t')
            skiff_buf_add(b, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            skiff_buf_add(b, "\\u%04x", *p);
        else
            skiff_buf_addn(b, p, 1);
    }
    skiff_buf_addn(b, "\"", 1);
}
