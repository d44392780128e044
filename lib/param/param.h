/* SPDX-License-Identifier: MIT */
/*
 * param: typed kernel command-line parameters and the application's argv.
 *
 * Each module declares its parameters with one macro per parameter (below).
 * The macro defines the storage variable, initialised to the default, and a
 * const descriptor placed in the linker section "skiff_params"; the kernel
 * link script brackets that section with __start_skiff_params and
 * __stop_skiff_params, and GNU ld / lld generate the same symbols on the host
 * because the section name is a C identifier. So there are no registration
 * calls and no allocation: the table exists before the heap does.
 *
 * param_parse() is a pure parser over (cmdline, len) that writes the declared
 * variables, the argv the caller provides storage for, and a bounded list of
 * messages. It never prints: the kernel logs the messages once its console
 * exists. Early-boot safe; not reentrant (it writes the parameter globals).
 *
 * Grammar (every rule has a unit test in tests/unit/test_param.c):
 *  - Tokens are separated by blanks (space, \t, \n, \r, \v, \f). A backslash
 *    takes the next byte literally (also inside double quotes). Double and
 *    single quotes group blanks; nothing is special inside single quotes.
 *    Quoted parts concatenate: a.b="x y"z is a.b=x yz. "" is an empty token.
 *  - Errors in a token (each drops the token; nothing is applied): an
 *    unterminated quote, a trailing lone backslash, a NUL byte, or more than
 *    PARAM_TOKEN_MAX-1 bytes. NUL bytes at the very end of (cmdline, len) are
 *    padding and ignored, so passing the size of a zero-filled buffer works.
 *  - module.name=value sets a parameter; bare module.name sets a bool (or
 *    appends true to a bool array). Names match exactly, never by prefix.
 *    The value is everything after the first '='.
 *  - The first unquoted "--" ends the kernel part; later ones are argv.
 *    With a "--": every token before it is a kernel parameter, and one that
 *    names nothing declared is dropped with an "unknown parameter" warning;
 *    every token after it goes to argv.
 *    Without a "--": a token naming a declared parameter is a parameter, all
 *    others go to argv. A token that looks like a mistyped parameter (has a
 *    '.' and either its module part is a declared module or it is within the
 *    suggestion distance of a declared name) also draws the warning, but
 *    still goes to argv; use "--" to pass such words silently.
 *  - After "--", a token naming a parameter declared PARAM_FLAG_TRAILING is
 *    still a parameter: QEMU microvm appends virtio_mmio.device= tokens at the
 *    very end of the line, after the application's arguments.
 *  - An unquoted "help" in the kernel part means param.help (when declared).
 *    A quoted "--" or "help" is an ordinary word.
 *
 * Values: bool true/false/on/off/yes/no/1/0 (any case). Integers: optional
 * sign (signed types only; "-0" is accepted everywhere), then decimal, 0x hex,
 * 0b binary or leading-0 octal, range-checked for the type. Sizes: an unsigned
 * integer with an optional K/M/G/T/P/E suffix (binary multiples, any case);
 * in hex, E is a digit (0x1E is 30). Strings: the bytes, which must fit the
 * buffer with their NUL. Enums: one of the declared choices, exactly.
 * Arrays: comma-separated elements, and repeated tokens append; arrays start
 * empty. Elements past the maximum count are dropped with an error naming
 * them. String-array elements cannot contain commas.
 * A malformed or out-of-range value is an error and leaves the variable
 * (or that array element) untouched, so it keeps its default.
 */
#ifndef SKIFF_PARAM_H
#define SKIFF_PARAM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
struct diag;

enum param_type {
    PARAM_T_BOOL, /* bool */
    PARAM_T_U8,   /* uint8_t ... */
    PARAM_T_U16,
    PARAM_T_U32,
    PARAM_T_U64,
    PARAM_T_I8, /* int8_t ... */
    PARAM_T_I16,
    PARAM_T_I32,
    PARAM_T_I64,
    PARAM_T_SIZE,   /* uint64_t, K/M/G/T/P/E suffixes */
    PARAM_T_STRING, /* char[elem_size], always NUL-terminated */
    PARAM_T_ENUM,   /* unsigned: index into choices */
    PARAM_T_COUNT
};

/* A monitor may append this parameter after the application's arguments. */
#define PARAM_FLAG_TRAILING 0x1u

union param_default {
    uint64_t u;    /* bool (0/1), unsigned, size, enum index */
    int64_t i;     /* signed */
    const char *s; /* string */
};

/*
 * One declared parameter. The layout is fixed (asserted below for LP64) so a
 * script can read the table from the ELF: 64-byte records between
 * __start_skiff_params and __stop_skiff_params, pointers into the image.
 *   0 name  8 desc  16 var  24 count  32 choices  40 def
 *   48 type  52 flags  56 elem_size  60 max_count
 */
struct param_desc {
    const char *name;           /* "module.name" */
    const char *desc;           /* one line */
    void *var;                  /* the variable, or element 0 of an array */
    unsigned *count;            /* arrays: elements set; NULL for scalars */
    const char *const *choices; /* enums: NULL-terminated; else NULL */
    union param_default def;    /* arrays have none: they start empty */
    uint32_t type;              /* enum param_type */
    uint32_t flags;             /* PARAM_FLAG_* */
    uint32_t elem_size;         /* bytes per element; strings: buffer size */
    uint32_t max_count;         /* 1 for scalars */
};

#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(struct param_desc) == 64, "param_desc layout");
_Static_assert(offsetof(struct param_desc, def) == 40, "param_desc layout");
_Static_assert(offsetof(struct param_desc, type) == 48, "param_desc layout");
_Static_assert(offsetof(struct param_desc, max_count) == 60,
               "param_desc layout");
#endif

/* The whole table of the image: [param_section_begin(), param_section_end())
 * are __start_skiff_params and __stop_skiff_params (kernel link script, or
 * ld on the host). Functions rather than the symbols themselves, because
 * comparing two distinct extern arrays is undefined in C and lint says so. */
const struct param_desc *param_section_begin(void);
const struct param_desc *param_section_end(void);
#define PARAM_SECTION_BEGIN param_section_begin()
#define PARAM_SECTION_END   param_section_end()

/*
 * Declaration macros. Use each at file scope in the owning module, with a
 * trailing ';'. (mod) and (nm) are C identifiers (not macros); the full name
 * is "mod.nm" and the variable is param_<mod>_<nm>, a global of the type
 * shown, so a duplicate full name fails at link time. Arrays also define
 * `unsigned param_<mod>_<nm>_count`. To read a parameter from another file,
 * declare it extern with the same type.
 *
 *   PARAM_BOOL(m, n, def, desc)              bool
 *   PARAM_U8/U16/U32/U64(m, n, def, desc)    uint8_t ... uint64_t
 *   PARAM_I8/I16/I32/I64(m, n, def, desc)    int8_t ... int64_t
 *   PARAM_SIZE(m, n, def, desc)              uint64_t
 *   PARAM_STRING(m, n, bufsize, def, desc)   char[bufsize]; def a literal
 *   PARAM_ENUM(m, n, def_index, desc, "choice0", "choice1", ...)  unsigned
 *   PARAM_ARRAY(m, n, T, max, desc)          T is BOOL, U8 ... I64 or SIZE
 *   PARAM_ARRAY_STRING(m, n, max, bufsize, desc)   char[max][bufsize]
 *   PARAM_ARRAY_ENUM(m, n, max, desc, "choice0", ...)   unsigned[max]
 * Each has an _F variant taking PARAM_FLAG_* (flags) before (desc).
 */
#define PARAM__CTYPE_BOOL  bool
#define PARAM__CTYPE_U8    uint8_t
#define PARAM__CTYPE_U16   uint16_t
#define PARAM__CTYPE_U32   uint32_t
#define PARAM__CTYPE_U64   uint64_t
#define PARAM__CTYPE_I8    int8_t
#define PARAM__CTYPE_I16   int16_t
#define PARAM__CTYPE_I32   int32_t
#define PARAM__CTYPE_I64   int64_t
#define PARAM__CTYPE_SIZE  uint64_t
#define PARAM__DEF_BOOL(d) .u = (d) ? 1u : 0u
#define PARAM__DEF_U8(d)   .u = (uint64_t)(d)
#define PARAM__DEF_U16(d)  .u = (uint64_t)(d)
#define PARAM__DEF_U32(d)  .u = (uint64_t)(d)
#define PARAM__DEF_U64(d)  .u = (uint64_t)(d)
#define PARAM__DEF_SIZE(d) .u = (uint64_t)(d)
#define PARAM__DEF_I8(d)   .i = (int64_t)(d)
#define PARAM__DEF_I16(d)  .i = (int64_t)(d)
#define PARAM__DEF_I32(d)  .i = (int64_t)(d)
#define PARAM__DEF_I64(d)  .i = (int64_t)(d)

#define PARAM__VAR(mod, nm) param_##mod##_##nm
#define PARAM__DESC(mod, nm, ty, flg, esz, max, cnt, ch, dflt, text)           \
    static const struct param_desc param__desc_##mod##_##nm                    \
        __attribute__((section("skiff_params"), used, aligned(8))) = {         \
            .name = #mod "." #nm,                                              \
            .desc = (text),                                                    \
            .var = (void *)&PARAM__VAR(mod, nm),                               \
            .count = (cnt),                                                    \
            .choices = (ch),                                                   \
            .def = {dflt},                                                     \
            .type = (ty),                                                      \
            .flags = (flg),                                                    \
            .elem_size = (uint32_t)(esz),                                      \
            .max_count = (uint32_t)(max),                                      \
    }

#define PARAM_SCALAR_F(mod, nm, T, d, flg, text)                               \
    PARAM__CTYPE_##T PARAM__VAR(mod, nm) = (d);                                \
    PARAM__DESC(mod, nm, PARAM_T_##T, flg, sizeof(PARAM__CTYPE_##T), 1, NULL,  \
                NULL, PARAM__DEF_##T(d), text)

#define PARAM_STRING_F(mod, nm, bufsize, d, flg, text)                         \
    _Static_assert(sizeof(d) <= (bufsize), #mod "." #nm ": default too long"); \
    char PARAM__VAR(mod, nm)[bufsize] = d;                                     \
    PARAM__DESC(mod, nm, PARAM_T_STRING, flg, bufsize, 1, NULL, NULL,          \
                .s = (d), text)

#define PARAM_ENUM_F(mod, nm, d, flg, text, ...)                               \
    static const char *const param__choices_##mod##_##nm[] = {__VA_ARGS__,     \
                                                              NULL};           \
    _Static_assert((d) + 1 < sizeof(param__choices_##mod##_##nm) /             \
                                 sizeof(const char *),                         \
                   #mod "." #nm ": default index out of range");               \
    unsigned PARAM__VAR(mod, nm) = (d);                                        \
    PARAM__DESC(mod, nm, PARAM_T_ENUM, flg, sizeof(unsigned), 1, NULL,         \
                param__choices_##mod##_##nm, .u = (d), text)

#define PARAM_ARRAY_F(mod, nm, T, max, flg, text)                              \
    _Static_assert((max) > 0, #mod "." #nm ": empty array");                   \
    PARAM__CTYPE_##T PARAM__VAR(mod, nm)[max];                                 \
    unsigned param_##mod##_##nm##_count;                                       \
    PARAM__DESC(mod, nm, PARAM_T_##T, flg, sizeof(PARAM__CTYPE_##T), max,      \
                &param_##mod##_##nm##_count, NULL, .u = 0, text)

#define PARAM_ARRAY_STRING_F(mod, nm, max, bufsize, flg, text)                 \
    _Static_assert((max) > 0 && (bufsize) > 0, #mod "." #nm ": empty array");  \
    char PARAM__VAR(mod, nm)[max][bufsize];                                    \
    unsigned param_##mod##_##nm##_count;                                       \
    PARAM__DESC(mod, nm, PARAM_T_STRING, flg, bufsize, max,                    \
                &param_##mod##_##nm##_count, NULL, .s = "", text)

#define PARAM_ARRAY_ENUM_F(mod, nm, max, flg, text, ...)                       \
    static const char *const param__choices_##mod##_##nm[] = {__VA_ARGS__,     \
                                                              NULL};           \
    _Static_assert((max) > 0, #mod "." #nm ": empty array");                   \
    unsigned PARAM__VAR(mod, nm)[max];                                         \
    unsigned param_##mod##_##nm##_count;                                       \
    PARAM__DESC(mod, nm, PARAM_T_ENUM, flg, sizeof(unsigned), max,             \
                &param_##mod##_##nm##_count, param__choices_##mod##_##nm,      \
                .u = 0, text)

#define PARAM_BOOL(m, n, d, t)       PARAM_SCALAR_F(m, n, BOOL, d, 0, t)
#define PARAM_U8(m, n, d, t)         PARAM_SCALAR_F(m, n, U8, d, 0, t)
#define PARAM_U16(m, n, d, t)        PARAM_SCALAR_F(m, n, U16, d, 0, t)
#define PARAM_U32(m, n, d, t)        PARAM_SCALAR_F(m, n, U32, d, 0, t)
#define PARAM_U64(m, n, d, t)        PARAM_SCALAR_F(m, n, U64, d, 0, t)
#define PARAM_I8(m, n, d, t)         PARAM_SCALAR_F(m, n, I8, d, 0, t)
#define PARAM_I16(m, n, d, t)        PARAM_SCALAR_F(m, n, I16, d, 0, t)
#define PARAM_I32(m, n, d, t)        PARAM_SCALAR_F(m, n, I32, d, 0, t)
#define PARAM_I64(m, n, d, t)        PARAM_SCALAR_F(m, n, I64, d, 0, t)
#define PARAM_SIZE(m, n, d, t)       PARAM_SCALAR_F(m, n, SIZE, d, 0, t)
#define PARAM_STRING(m, n, sz, d, t) PARAM_STRING_F(m, n, sz, d, 0, t)
#define PARAM_ENUM(m, n, d, t, ...)  PARAM_ENUM_F(m, n, d, 0, t, __VA_ARGS__)
#define PARAM_ARRAY(m, n, T, max, t) PARAM_ARRAY_F(m, n, T, max, 0, t)
#define PARAM_ARRAY_STRING(m, n, max, sz, t)                                   \
    PARAM_ARRAY_STRING_F(m, n, max, sz, 0, t)
#define PARAM_ARRAY_ENUM(m, n, max, t, ...)                                    \
    PARAM_ARRAY_ENUM_F(m, n, max, 0, t, __VA_ARGS__)

/* The library's own parameters (lib/param/builtin.c): param.help lists the
 * table and exits, param.strict makes the kernel fail the boot on errors. */
extern bool param_param_help;
extern bool param_param_strict;

/* Caller-owned storage for the application's argv. */
struct param_argv {
    const char *app_name; /* copied to argv[0] */
    char **argv;          /* (max) slots; argv[argc] is set to NULL */
    unsigned max;         /* >= 2: argv[0] and the NULL */
    char *buf;            /* every argv string is copied here */
    size_t size;
};

#define PARAM_MSGS_MAX  16   /* messages kept; later ones are only counted */
#define PARAM_MSG_MAX   160  /* bytes per message, NUL included */
#define PARAM_TOKEN_MAX 4096 /* longest token, NUL included */

enum param_level { PARAM_WARN = 1, PARAM_ERROR = 2 };

struct param_msg {
    int level; /* enum param_level */
    int err;   /* negative errno, as param_parse would return it */
    char text[PARAM_MSG_MAX]; /* "log.level: invalid value 'x' (...)" */
};

/* Output of param_parse(). Large (about 7 KiB): make it static, not a local. */
struct param_result {
    int argc;
    unsigned errors;   /* bad values, bad tokens, overflow */
    unsigned warnings; /* unknown parameter names */
    unsigned foreign;  /* tokens dropped as another kernel's (below) */
    unsigned nmsgs;    /* valid entries in msgs[], in command-line order */
    unsigned lost;     /* messages beyond PARAM_MSGS_MAX (still counted) */
    bool help;         /* param.help (or a bare "help") was given */
    bool strict;       /* param.strict is set */
    struct param_msg msgs[PARAM_MSGS_MAX];
    char tok[PARAM_TOKEN_MAX]; /* private scratch: keeps tokens off the stack */
};

/*
 * Parse (cmdline, len) against the descriptors [begin, end): set the declared
 * variables, fill (av) with argv (argc in res->argc), and record messages in
 * (res), which is overwritten. Values are applied on top of the variables'
 * current contents (param_reset restores the defaults). Parsing never stops
 * early: every good setting is applied and every problem reported.
 * (d) may be NULL; it receives the first error (or, if none, first warning).
 * Returns 0 when res->errors == 0 (warnings do not count); else the errno of
 * the first error: -EINVAL malformed value or token, -ERANGE number out of
 * range, -ENOSPC string, array or argv full, -E2BIG token too long.
 * Returns -EINVAL without parsing if an argument is unusable (NULL res or av,
 * av->max < 2, app_name not fitting av->buf, cmdline NULL with len > 0).
 */
int param_parse(const char *cmdline, size_t len, const struct param_desc *begin,
                const struct param_desc *end, const struct param_argv *av,
                struct param_result *res, struct diag *d);

/* Names that belong to another kernel: Linux parameters that monitors put
 * on every command line, such as Firecracker's default "reboot=k panic=1
 * nomodule 8250.nr_uarts=0 i8042.noaux ...". In the kernel part (before
 * "--", or anywhere without one), a token that names no declared parameter
 * but whose name equals an entry, or starts with an entry that ends in
 * '.', is dropped without a warning and counted in res->foreign. (names)
 * is NULL-terminated and must outlive the parses; NULL clears the list. */
void param_set_foreign(const char *const *names);

/* Restore every variable in [begin, end) to its default; arrays to empty. */
void param_reset(const struct param_desc *begin, const struct param_desc *end);

/* The descriptor named exactly (name) ("module.name"), or NULL. */
const struct param_desc *param_find(const struct param_desc *begin,
                                    const struct param_desc *end,
                                    const char *name);

/* Format the current value of (p) (or its default when (dflt)) into
 * (buf, size) as the parser would accept it; arrays comma-separated, an empty
 * array as "". Always NUL-terminates when size > 0. Returns the full length,
 * as snprintf does. */
int param_value_format(const struct param_desc *p, bool dflt, char *buf,
                       size_t size);

/* Scan an unsigned number ([0x|0b|0]digits, and with (suffix) one optional
 * K/M/G/T/P/E binary multiple) at (*sp), for other modules' parsers of
 * composite values such as virtio_mmio.device=4K@0xd0000000:5. On success
 * stores it, advances (*sp) past it and returns 0; else returns -EINVAL (no
 * digits, or a sign) or -ERANGE (over 64 bits) and leaves (*sp) alone. */
int param_scan_u64(const char **sp, bool suffix, uint64_t *out);

/* Receives one line of output, without a newline. */
typedef void (*param_emit_fn)(void *ctx, const char *line);

/* Emit the help table for [begin, end): a header line, then one line per
 * parameter sorted by name with its type, default, current value and
 * description (enum choices appended). Lines longer than PARAM_LINE_MAX-1
 * are truncated. Returns the number of parameters listed. */
#define PARAM_LINE_MAX 256
int param_print_table(const struct param_desc *begin,
                      const struct param_desc *end, param_emit_fn emit,
                      void *ctx);

#endif
