/* SPDX-License-Identifier: MIT */
/*
 * A small printf engine. One formatter (kvformat) writes through a callback;
 * kvsnprintf is a callback that fills a bounded buffer, and the console uses
 * one that writes to the UART, so the kernel carries a single implementation.
 * No floating point: kernel code is built without SSE.
 */
#include "lib/klib/klib.h"
#include <stdint.h>

struct spec {
    int left, zero, width, prec;
    int lng; /* 0 int, 1 long, 2 long long, 3 size_t */
};

struct out {
    klib_emit_fn emit;
    void *ctx;
    int count;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (n) {
        o->emit(o->ctx, s, n);
        o->count += (int)n;
    }
}

static void pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, &c, 1);
}

/* Emit (s, n) padded to the spec's width. */
static void field(struct out *o, const struct spec *sp, const char *s, size_t n)
{
    int fill = sp->width > (int)n ? sp->width - (int)n : 0;
    if (!sp->left)
        pad(o, ' ', fill);
    put(o, s, n);
    if (sp->left)
        pad(o, ' ', fill);
}

static void number(struct out *o, const struct spec *sp, uint64_t v, int neg,
                   unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    while (n < sp->prec && n < (int)sizeof(tmp))
        tmp[n++] = '0';
    int len = n + neg;
    int fill = sp->width > len ? sp->width - len : 0;
    if (!sp->left && !sp->zero)
        pad(o, ' ', fill);
    if (neg)
        put(o, "-", 1);
    if (!sp->left && sp->zero)
        pad(o, '0', fill);
    while (n--)
        put(o, &tmp[n], 1);
    if (sp->left)
        pad(o, ' ', fill);
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->lng) {
    case 1: return va_arg(*ap, unsigned long);
    case 2: return va_arg(*ap, unsigned long long);
    case 3: return va_arg(*ap, size_t);
    default: return va_arg(*ap, unsigned int);
    }
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->lng) {
    case 1: return va_arg(*ap, long);
    case 2: return va_arg(*ap, long long);
    case 3: return (int64_t)va_arg(*ap, size_t);
    default: return va_arg(*ap, int);
    }
}

/* Parse flags, width, precision and length at (*fp); advance it. */
static void parse_spec(const char **fp, struct spec *sp, va_list *ap)
{
    const char *f = *fp;
    *sp = (struct spec){0, 0, 0, -1, 0};
    for (;; f++) {
        if (*f == '-')
            sp->left = 1;
        else if (*f == '0')
            sp->zero = 1;
        else
            break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = 1;
            sp->width = -sp->width;
        }
        f++;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    if (*f == '.') {
        f++;
        sp->prec = 0;
        if (*f == '*') {
            sp->prec = va_arg(*ap, int);
            f++;
        }
        while (*f >= '0' && *f <= '9')
            sp->prec = sp->prec * 10 + (*f++ - '0');
    }
    if (*f == 'z') {
        sp->lng = 3;
        f++;
    }
    while (*f == 'l' && sp->lng < 2) {
        sp->lng++;
        f++;
    }
    *fp = f;
}

static void conversion(struct out *o, struct spec *sp, char c, va_list *ap)
{
    switch (c) {
    case 'd':
    case 'i': {
        int64_t v = arg_signed(sp, ap);
        number(o, sp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 10, 0);
        break;
    }
    case 'u': number(o, sp, arg_unsigned(sp, ap), 0, 10, 0); break;
    case 'x': number(o, sp, arg_unsigned(sp, ap), 0, 16, 0); break;
    case 'X': number(o, sp, arg_unsigned(sp, ap), 0, 16, 1); break;
    case 'o': number(o, sp, arg_unsigned(sp, ap), 0, 8, 0); break;
    case 'p':
        put(o, "0x", 2);
        sp->lng = 1;
        number(o, sp, (uintptr_t)va_arg(*ap, void *), 0, 16, 0);
        break;
    case 'c': {
        char ch = (char)va_arg(*ap, int);
        field(o, sp, &ch, 1);
        break;
    }
    case 's': {
        const char *s = va_arg(*ap, const char *);
        if (!s)
            s = "(null)";
        size_t n = sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s);
        field(o, sp, s, n);
        break;
    }
    case '%': put(o, "%", 1); break;
    default: /* unknown conversion: show it rather than guess */
        put(o, "%", 1);
        if (c)
            put(o, &c, 1);
    }
}

int kvformat(klib_emit_fn emit, void *ctx, const char *fmt, va_list ap)
{
    struct out o = {emit, ctx, 0};
    va_list aq;
    va_copy(aq, ap);
    while (*fmt) {
        const char *lit = fmt;
        while (*fmt && *fmt != '%')
            fmt++;
        put(&o, lit, (size_t)(fmt - lit));
        if (!*fmt)
            break;
        fmt++;
        struct spec sp;
        parse_spec(&fmt, &sp, &aq);
        char c = *fmt;
        if (c)
            fmt++;
        conversion(&o, &sp, c, &aq);
    }
    va_end(aq);
    return o.count;
}

struct bufctx {
    char *buf;
    size_t size, len;
};

static void buf_emit(void *ctx, const char *s, size_t n)
{
    struct bufctx *b = ctx;
    for (size_t i = 0; i < n; i++, b->len++)
        if (b->len + 1 < b->size)
            b->buf[b->len] = s[i];
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct bufctx b = {buf, size, 0};
    int n = kvformat(buf_emit, &b, fmt, ap);
    if (size)
        buf[b.len < size ? b.len : size - 1] = '\0';
    return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
