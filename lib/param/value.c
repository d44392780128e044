/* SPDX-License-Identifier: MIT */
/*
 * Typed values: parse one element from text, describe what a type accepts,
 * and format an element back into text the parser accepts.
 *
 * Numbers are read into a 64-bit magnitude with an overflow check before
 * every multiply-add (v > (UINT64_MAX - digit) / base), then range-checked
 * for the type, so no 128-bit arithmetic (and no libgcc) is needed. A parse
 * writes the slot only on success: a bad value leaves the previous one.
 */
#include "lib/param/internal.h"

#include "lib/klib/klib.h"
#include "skiff/errno.h"

struct range {
    int64_t min; /* 0 for unsigned types */
    uint64_t max;
};

/* Indexed by enum param_type; only the integer types use it. */
static const struct range ranges[PARAM_T_COUNT] = {
    [PARAM_T_U8] = {0, UINT8_MAX},
    [PARAM_T_U16] = {0, UINT16_MAX},
    [PARAM_T_U32] = {0, UINT32_MAX},
    [PARAM_T_U64] = {0, UINT64_MAX},
    [PARAM_T_I8] = {INT8_MIN, INT8_MAX},
    [PARAM_T_I16] = {INT16_MIN, INT16_MAX},
    [PARAM_T_I32] = {INT32_MIN, INT32_MAX},
    [PARAM_T_I64] = {INT64_MIN, INT64_MAX},
    [PARAM_T_SIZE] = {0, UINT64_MAX},
};

static const char *const type_names[PARAM_T_COUNT] = {
    "bool", "u8",  "u16", "u32",  "u64",    "i8",
    "i16",  "i32", "i64", "size", "string", "enum",
};

const char *param_type_name(uint32_t type)
{
    return type < PARAM_T_COUNT ? type_names[type] : "?";
}

static bool is_signed(uint32_t type)
{
    return type >= PARAM_T_I8 && type <= PARAM_T_I64;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_nocase(const char *a, const char *b)
{
    while (*a && lower(*a) == lower(*b))
        a++, b++;
    return lower(*a) == lower(*b);
}

static unsigned digit(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    c = lower(c);
    if (c >= 'a' && c <= 'z')
        return (unsigned)(c - 'a' + 10);
    return 99;
}

/*
 * Read [sign] [0x|0b|0] digits at (*sp) into (*neg, *mag); advance (*sp) past
 * the digits. Returns -EINVAL with no digits, -ERANGE if the magnitude does
 * not fit 64 bits (the digits are still consumed, so the caller can tell a
 * malformed tail from an overflow).
 */
static int read_magnitude(const char **sp, bool *neg, uint64_t *mag)
{
    const char *s = *sp;
    unsigned base = 10;
    *neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if (s[0] == '0' && lower(s[1]) == 'x')
        base = 16, s += 2;
    else if (s[0] == '0' && lower(s[1]) == 'b')
        base = 2, s += 2;
    else if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
        base = 8, s += 1;
    const char *start = s;
    uint64_t v = 0;
    bool over = false;
    for (unsigned dg; (dg = digit(*s)) < base; s++) {
        if (v > (UINT64_MAX - dg) / base)
            over = true;
        else
            v = v * base + dg;
    }
    *sp = s;
    *mag = v;
    if (s == start)
        return -EINVAL;
    return over ? -ERANGE : 0;
}

/* Integer of (type) into (*out) as two's-complement bits. */
static int parse_int(uint32_t type, const char *s, uint64_t *out)
{
    bool neg;
    uint64_t mag;
    int rc = read_magnitude(&s, &neg, &mag);
    if (rc == -EINVAL || *s)
        return -EINVAL;
    if (rc)
        return rc;
    const struct range *r = &ranges[type];
    if (!neg)
        return mag <= r->max ? (*out = mag, 0) : -ERANGE;
    /* -min as unsigned: 0 - (uint64_t)INT64_MIN is 2^63, no overflow. */
    if (mag > 0 - (uint64_t)r->min)
        return -ERANGE;
    *out = 0 - mag;
    return 0;
}

/* Apply an optional K/M/G/T/P/E suffix at (*sp) to (mag); advance past it. */
static int scale(const char **sp, uint64_t mag, uint64_t *out)
{
    static const char suffixes[] = "kmgtpe";
    unsigned shift = 0;
    const char *hit = **sp ? strchr(suffixes, lower(**sp)) : NULL;
    if (hit) {
        shift = 10 * (unsigned)(hit - suffixes + 1);
        (*sp)++;
    }
    if (mag > UINT64_MAX >> shift)
        return -ERANGE;
    *out = mag << shift;
    return 0;
}

static int parse_size(const char *s, uint64_t *out)
{
    bool neg;
    uint64_t mag;
    int rc = read_magnitude(&s, &neg, &mag);
    if (rc == -EINVAL)
        return rc;
    uint64_t v;
    int rs = scale(&s, mag, &v);
    if (*s)
        return -EINVAL;
    if (rc || rs || (neg && mag))
        return -ERANGE;
    *out = v;
    return 0;
}

int param_scan_u64(const char **sp, bool suffix, uint64_t *out)
{
    const char *s = *sp;
    bool neg;
    uint64_t mag;
    if (*s == '-' || *s == '+')
        return -EINVAL;
    int rc = read_magnitude(&s, &neg, &mag);
    if (!rc && suffix)
        rc = scale(&s, mag, &mag);
    if (!rc) {
        *out = mag;
        *sp = s;
    }
    return rc;
}

static int parse_bool(const char *s, bool *out)
{
    static const char *const words[] = {"false", "true", "off", "on",
                                        "no",    "yes",  "0",   "1"};
    for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (same_nocase(s, words[i])) {
            *out = i & 1;
            return 0;
        }
    }
    return -EINVAL;
}

static void store_int(uint32_t type, void *slot, uint64_t v)
{
    switch (type) {
    case PARAM_T_U8: *(uint8_t *)slot = (uint8_t)v; break;
    case PARAM_T_U16: *(uint16_t *)slot = (uint16_t)v; break;
    case PARAM_T_U32: *(uint32_t *)slot = (uint32_t)v; break;
    case PARAM_T_I8: *(int8_t *)slot = (int8_t)v; break;
    case PARAM_T_I16: *(int16_t *)slot = (int16_t)v; break;
    case PARAM_T_I32: *(int32_t *)slot = (int32_t)v; break;
    case PARAM_T_I64: *(int64_t *)slot = (int64_t)v; break;
    default: *(uint64_t *)slot = v; break;
    }
}

int param_value_parse(const struct param_desc *p, const char *s, void *slot)
{
    uint64_t v;
    int rc;
    switch (p->type) {
    case PARAM_T_BOOL: return parse_bool(s, slot);
    case PARAM_T_STRING:
        if (strlen(s) >= p->elem_size)
            return -ENOSPC;
        kstrlcpy(slot, s, p->elem_size);
        return 0;
    case PARAM_T_ENUM:
        for (unsigned i = 0; p->choices && p->choices[i]; i++) {
            if (!strcmp(s, p->choices[i])) {
                *(unsigned *)slot = i;
                return 0;
            }
        }
        return -EINVAL;
    case PARAM_T_SIZE: rc = parse_size(s, &v); break;
    default:
        if (p->type >= PARAM_T_COUNT)
            return -EINVAL;
        rc = parse_int(p->type, s, &v);
    }
    if (!rc)
        store_int(p->type, slot, v);
    return rc;
}

void param_value_expect(const struct param_desc *p, char *buf, size_t size)
{
    const struct range *r = &ranges[p->type < PARAM_T_COUNT ? p->type : 0];
    switch (p->type) {
    case PARAM_T_BOOL:
        kstrlcpy(buf, "true/false/on/off/yes/no/1/0", size);
        break;
    case PARAM_T_SIZE:
        kstrlcpy(buf, "a size: integer with optional K/M/G/T/P/E suffix", size);
        break;
    case PARAM_T_STRING:
        ksnprintf(buf, size, "at most %u bytes", p->elem_size - 1);
        break;
    case PARAM_T_ENUM: {
        size_t n = kstrlcpy(buf, "one of:", size);
        for (unsigned i = 0; p->choices && p->choices[i] && n < size; i++)
            n += (size_t)ksnprintf(buf + n, size - n, " %s", p->choices[i]);
        break;
    }
    default:
        if (is_signed(p->type))
            ksnprintf(buf, size, "an integer %lld..%lld", (long long)r->min,
                      (long long)r->max);
        else
            ksnprintf(buf, size, "an integer 0..%llu",
                      (unsigned long long)r->max);
    }
}

static uint64_t load_int(uint32_t type, const void *slot)
{
    switch (type) {
    case PARAM_T_U8: return *(const uint8_t *)slot;
    case PARAM_T_U16: return *(const uint16_t *)slot;
    case PARAM_T_U32: return *(const uint32_t *)slot;
    case PARAM_T_I8: return (uint64_t)(*(const int8_t *)slot);
    case PARAM_T_I16: return (uint64_t)(*(const int16_t *)slot);
    case PARAM_T_I32: return (uint64_t)(*(const int32_t *)slot);
    default: return *(const uint64_t *)slot;
    }
}

/* A size with the largest suffix that divides it exactly: 1048576 -> 1M. */
static int show_size(uint64_t v, char *buf, size_t size)
{
    static const char suffixes[] = "KMGTPE";
    int i = 5;
    while (i >= 0 && (v == 0 || (v & ((1ull << (10 * (i + 1))) - 1))))
        i--;
    if (i < 0)
        return ksnprintf(buf, size, "%llu", (unsigned long long)v);
    return ksnprintf(buf, size, "%llu%c",
                     (unsigned long long)(v >> (10 * (i + 1))), suffixes[i]);
}

int param_value_show(const struct param_desc *p, const void *slot, char *buf,
                     size_t size)
{
    switch (p->type) {
    case PARAM_T_BOOL:
        return ksnprintf(buf, size, "%s",
                         *(const bool *)slot ? "true" : "false");
    case PARAM_T_STRING:
        return ksnprintf(buf, size, "%.*s", (int)p->elem_size,
                         (const char *)slot);
    case PARAM_T_ENUM: {
        unsigned i = *(const unsigned *)slot, n = 0;
        while (p->choices && p->choices[n])
            n++;
        if (i < n)
            return ksnprintf(buf, size, "%s", p->choices[i]);
        return ksnprintf(buf, size, "?%u", i);
    }
    case PARAM_T_SIZE: return show_size(load_int(p->type, slot), buf, size);
    default:
        if (p->type >= PARAM_T_COUNT)
            return ksnprintf(buf, size, "?");
        if (is_signed(p->type))
            return ksnprintf(buf, size, "%lld",
                             (long long)(int64_t)load_int(p->type, slot));
        return ksnprintf(buf, size, "%llu",
                         (unsigned long long)load_int(p->type, slot));
    }
}

void param_value_default(const struct param_desc *p, void *slot)
{
    switch (p->type) {
    case PARAM_T_BOOL: *(bool *)slot = p->def.u != 0; break;
    case PARAM_T_ENUM: *(unsigned *)slot = (unsigned)p->def.u; break;
    default:
        if (p->type < PARAM_T_COUNT && p->type != PARAM_T_STRING)
            store_int(p->type, slot,
                      is_signed(p->type) ? (uint64_t)p->def.i : p->def.u);
    }
}

void param_reset(const struct param_desc *begin, const struct param_desc *end)
{
    for (const struct param_desc *p = begin; p && p < end; p++) {
        if (p->count) {
            *p->count = 0;
            memset(p->var, 0, (size_t)p->elem_size * p->max_count);
        } else if (p->type == PARAM_T_STRING) {
            kstrlcpy(p->var, p->def.s ? p->def.s : "", p->elem_size);
        } else {
            param_value_default(p, p->var);
        }
    }
}
