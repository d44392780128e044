/* SPDX-License-Identifier: MIT */
/* Host tests of kernel/exec: the ELF check on synthetic images (good ones
 * and one per refusal) and the segment placement. test_exec_real.c checks
 * real binaries, test_exec_stack.c the initial stack. */
#include "kernel/exec/exec.h"
#include "kernel/exec/exec_hw.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/elf_fixture.h"
#include "tests/unit/exec_tests.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static struct elf_fix fx;
static struct exec_image img;
static struct diag dg;

#define HAS(s, sub)                                                            \
    do {                                                                       \
        if (!strstr((s), (sub)))                                               \
            fail_msg("diag \"%s\" lacks \"%s\"", (s), (sub));                  \
    } while (0)

/* Check f->b[0, f->len) from an exact-size heap copy, so ASan sees any
 * read past the end. */
static int check_fix(struct elf_fix *f)
{
    ef_write(f);
    uint8_t *c = malloc(f->len ? f->len : 1);
    assert_non_null(c);
    memcpy(c, f->b, f->len);
    dg.msg[0] = '\0';
    int rc = exec_elf_check(c, f->len, &img, &dg);
    free(c);
    return rc;
}

static void test_exec_ok(void **state)
{
    (void)state;
    ef_init(&fx, 0);
    assert_int_equal(check_fix(&fx), 0);
    assert_string_equal(dg.msg, "");
    assert_int_equal(img.type, EXEC_FIXED);
    assert_int_equal(img.entry, 0x401210);
    assert_int_equal(img.nseg, 3);
    assert_int_equal(img.seg[0].vaddr, 0x400000);
    assert_int_equal(img.seg[0].prot, EXEC_PROT_R);
    assert_int_equal(img.seg[1].prot, EXEC_PROT_R | EXEC_PROT_X);
    assert_int_equal(img.seg[1].offset, 0x200);
    assert_int_equal(img.seg[1].filesz, 0x100);
    assert_int_equal(img.seg[2].prot, EXEC_PROT_R | EXEC_PROT_W);
    assert_int_equal(img.seg[2].memsz, 0x2000);
    assert_int_equal(img.lo, 0x400000);
    assert_int_equal(img.hi, 0x405000);
    assert_int_equal(img.align, 0x1000);
    assert_int_equal(img.phdr, 0x400040); /* found through the first LOAD */
    assert_int_equal(img.phnum, 5);
    assert_int_equal(img.phent, 56);
    assert_true(img.has_tls);
    assert_int_equal(img.tls_vaddr, 0x402400);
    assert_int_equal(img.tls_filesz, 0x10);
    assert_int_equal(img.tls_memsz, 0x30);
    assert_int_equal(img.tls_align, 16);
    assert_false(img.exec_stack);
}

static void test_pie_ok(void **state)
{
    (void)state;
    ef_init(&fx, 1);
    assert_int_equal(check_fix(&fx), 0);
    assert_int_equal(img.type, EXEC_PIE);
    assert_int_equal(img.entry, 0x1210);
    assert_int_equal(img.nseg, 3);
    assert_int_equal(img.lo, 0);
    assert_int_equal(img.hi, 0x5000);
    assert_int_equal(img.phdr, 64); /* from PT_PHDR */
    assert_int_equal(img.phnum, 6);
}

static void test_flags_and_empty_load(void **state)
{
    (void)state;
    ef_init(&fx, 0);
    fx.ph[4].p_flags = PF_R | PF_W | PF_X; /* PT_GNU_STACK */
    fx.ph[3].p_type = PT_LOAD;             /* the TLS one becomes ... */
    fx.ph[3].p_vaddr = 0x500000;           /* ... an empty PT_LOAD */
    fx.ph[3].p_filesz = fx.ph[3].p_memsz = 0;
    assert_int_equal(check_fix(&fx), 0);
    assert_true(img.exec_stack);
    assert_false(img.has_tls);
    assert_int_equal(img.nseg, 3); /* the empty one is ignored */
    fx.eh.e_phnum = 4;             /* no PT_GNU_STACK: not executable */
    assert_int_equal(check_fix(&fx), 0);
    assert_false(img.exec_stack);
    fx.ph[2].p_align = 0; /* 0 and 1: no alignment constraint */
    fx.ph[2].p_vaddr = 0x402408;
    assert_int_equal(check_fix(&fx), 0);
}

/* One refusal: a change to the valid fixture and what the diag must say. */
struct bad {
    const char *what;
    int pie;
    void (*spoil)(struct elf_fix *f);
    const char *says;
};

static void magic(struct elf_fix *f)
{
    f->eh.e_ident[1] = 'X';
}
static void tiny(struct elf_fix *f)
{
    f->len = 3;
}
static void short_hdr(struct elf_fix *f)
{
    f->len = 40;
}
static void class32(struct elf_fix *f)
{
    f->eh.e_ident[EI_CLASS] = ELFCLASS32;
}
static void class_bad(struct elf_fix *f)
{
    f->eh.e_ident[EI_CLASS] = 7;
}
static void big_endian(struct elf_fix *f)
{
    f->eh.e_ident[EI_DATA] = ELFDATA2MSB;
}
static void version(struct elf_fix *f)
{
    f->eh.e_version = 2;
}
static void machine(struct elf_fix *f)
{
    f->eh.e_machine = 3;
}
static void rel(struct elf_fix *f)
{
    f->eh.e_type = ET_REL;
}
static void core(struct elf_fix *f)
{
    f->eh.e_type = ET_CORE;
}
static void type9(struct elf_fix *f)
{
    f->eh.e_type = 9;
}
static void interp(struct elf_fix *f)
{
    f->ph[f->eh.e_phnum++] = ef_ph(PT_INTERP, PF_R, 0x1c0, 0x4001c0, 20, 20, 1);
    f->ph[2].p_filesz = 0x10000; /* would be refused too: interp wins */
}
static void phentsize(struct elf_fix *f)
{
    f->eh.e_phentsize = 32;
}
static void phnum(struct elf_fix *f)
{
    f->eh.e_phnum = 65;
}
static void phdrs_past_end(struct elf_fix *f)
{
    f->eh.e_phoff = f->len - 100;
}
static void phoff_huge(struct elf_fix *f)
{
    f->eh.e_phoff = ~0ull - 10;
}
static void data_past_end(struct elf_fix *f)
{
    f->ph[2].p_filesz = 0x1000;
    f->ph[2].p_memsz = 0x1000;
}
static void data_wraps(struct elf_fix *f)
{
    f->ph[2].p_offset = ~0ull - 0x1ff; /* congruent to 0x200 mod 0x1000 */
    f->ph[2].p_align = 0;
}
static void no_load(struct elf_fix *f)
{
    for (unsigned i = 0; i < f->eh.e_phnum; i++)
        if (f->ph[i].p_type == PT_LOAD)
            f->ph[i].p_type = PT_NULL;
}
static void filesz_gt_memsz(struct elf_fix *f)
{
    f->ph[2].p_memsz = 0x80;
}
static void misaligned(struct elf_fix *f)
{
    f->ph[2].p_vaddr += 8;
}
static void align_not_pow2(struct elf_fix *f)
{
    f->ph[2].p_align = 0x1800;
}
static void overlap(struct elf_fix *f)
{
    f->ph[2].p_vaddr = 0x401400; /* same page as the end of the RX one */
}
static void descending(struct elf_fix *f)
{
    struct elf64_phdr t = f->ph[1];
    f->ph[1] = f->ph[2];
    f->ph[2] = t;
}
static void above_user(struct elf_fix *f)
{
    f->ph[2].p_vaddr = (1ull << 47) - 0x1000 + 0x400;
}
static void wraps(struct elf_fix *f)
{
    f->ph[2].p_vaddr = ~0ull - 0xbff; /* congruent to 0x400 mod 0x1000 */
}
static void low(struct elf_fix *f)
{
    f->ph[0].p_vaddr = 0x8000;
}
static void span(struct elf_fix *f)
{
    f->ph[2].p_vaddr += 0x40000000;
    f->ph[3].p_vaddr += 0x40000000;
}
static void entry_data(struct elf_fix *f)
{
    f->eh.e_entry = 0x400010;
}
static void entry_nowhere(struct elf_fix *f)
{
    f->eh.e_entry = 0x900000;
}
static void many_loads(struct elf_fix *f)
{
    f->eh.e_phnum = 20;
    for (unsigned i = 3; i < 20; i++)
        f->ph[i] = ef_ph(PT_LOAD, PF_R, 0, 0x500000 + i * 0x1000ull, 0, 8, 0);
}
static void phdrs_unmapped(struct elf_fix *f)
{
    f->ph[0].p_filesz = f->ph[0].p_memsz = 0x10;
}
static void pt_phdr_unmapped(struct elf_fix *f)
{
    f->ph[0].p_vaddr = 0x100000;
}
static void bad_tls(struct elf_fix *f)
{
    f->ph[3].p_filesz = 0x40;
}

static const struct bad bads[] = {
    {"magic", 0, magic, "not an ELF file"},
    {"3 bytes", 0, tiny, "not an ELF file"},
    {"short header", 0, short_hdr, "truncated: 40 bytes"},
    {"ELFCLASS32", 0, class32, "32-bit"},
    {"class 7", 0, class_bad, "EI_CLASS 7"},
    {"big-endian", 0, big_endian, "big-endian"},
    {"e_version", 0, version, "e_version 2"},
    {"machine", 0, machine, "machine 3 is not x86_64"},
    {"ET_REL", 0, rel, "ET_REL"},
    {"ET_CORE", 0, core, "ET_CORE"},
    {"e_type 9", 0, type9, "e_type 9"},
    {"PT_INTERP", 0, interp, "dynamically linked (PT_INTERP)"},
    {"PT_INTERP pie", 1, interp, "musl-gcc -static"},
    {"e_phentsize", 0, phentsize, "e_phentsize 32, want 56"},
    {"e_phnum", 0, phnum, "too many program headers: 65 > 64"},
    {"phdrs past end", 0, phdrs_past_end, "truncated: 5 program headers"},
    {"e_phoff huge", 0, phoff_huge, "truncated: 5 program headers"},
    {"data past end", 0, data_past_end, "truncated: phdr 2 file data"},
    {"data wraps", 0, data_wraps, "truncated: phdr 2 file data"},
    {"no PT_LOAD", 0, no_load, "no PT_LOAD"},
    {"filesz>memsz", 0, filesz_gt_memsz, "p_filesz 0x100 > p_memsz 0x80"},
    {"misaligned", 0, misaligned, "phdr 2 misaligned"},
    {"align", 0, align_not_pow2, "p_align 0x1800 is not a power of two"},
    {"overlap", 0, overlap, "shares a page"},
    {"descending", 0, descending, "must be ascending"},
    {"above 2^47", 0, above_user, "47-bit user half"},
    {"wraps", 0, wraps, "wraps"},
    {"below 64K", 0, low, "below 64 KiB"},
    {"span", 0, span, "more than 1 GiB"},
    {"entry in R", 0, entry_data, "entry 0x400010 not inside an executable"},
    {"entry nowhere", 0, entry_nowhere, "entry 0x900000"},
    {"17 loads", 0, many_loads, "too many PT_LOAD segments"},
    {"phdrs unmapped", 0, phdrs_unmapped, "program headers (offset 0x40)"},
    {"PT_PHDR unmapped", 1, pt_phdr_unmapped, "PT_PHDR at 0x100000"},
    {"PT_TLS", 0, bad_tls, "bad PT_TLS"},
};

static void test_refusals(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
        const struct bad *b = &bads[i];
        ef_init(&fx, b->pie);
        b->spoil(&fx);
        int rc = check_fix(&fx);
        if (rc != -ENOEXEC)
            fail_msg("%s: rc %d, diag \"%s\"", b->what, rc, dg.msg);
        HAS(dg.msg, b->says);
    }
}

static void test_null_diag(void **state)
{
    (void)state;
    ef_init(&fx, 0);
    fx.eh.e_machine = 40;
    ef_write(&fx);
    assert_int_equal(exec_elf_check(fx.b, fx.len, &img, NULL), -ENOEXEC);
}

static void test_place(void **state)
{
    (void)state;
    struct exec_place p;
    ef_init(&fx, 0);
    assert_int_equal(check_fix(&fx), 0);
    assert_int_equal(exec_segment_place(&img, 0, 1, &p), 0);
    assert_int_equal(p.start, 0x401000);
    assert_int_equal(p.end, 0x402000);
    assert_int_equal(p.copy_to, 0x401200);
    assert_int_equal(p.file_off, 0x200);
    assert_int_equal(p.file_len, 0x100);
    assert_int_equal(p.prot, EXEC_PROT_R | EXEC_PROT_X);
    assert_int_equal(exec_segment_place(&img, 0, 2, &p), 0);
    assert_int_equal(p.end, 0x405000); /* bss rounded up */
    assert_int_equal(exec_segment_place(&img, 0, 3, &p), -EINVAL);
    assert_int_equal(exec_segment_place(&img, 0x10000, 0, &p), -EINVAL);

    ef_init(&fx, 1);
    assert_int_equal(check_fix(&fx), 0);
    assert_int_equal(exec_segment_place(&img, 0x7000000, 0, &p), 0);
    assert_int_equal(p.start, 0x7000000);
    assert_int_equal(p.copy_to, 0x7000000);
    assert_int_equal(exec_segment_place(&img, 0x7000000, 2, &p), 0);
    assert_int_equal(p.start, 0x7002000);
    assert_int_equal(p.copy_to, 0x7002400);
    assert_int_equal(p.end, 0x7005000);
    assert_int_equal(exec_segment_place(&img, 0x7000800, 0, &p), -EINVAL);
    assert_int_equal(exec_segment_place(&img, 0, 0, &p), -EINVAL); /* low */
    assert_int_equal(exec_segment_place(&img, (1ull << 47) - 0x5000, 0, &p), 0);
    assert_int_equal(exec_segment_place(&img, (1ull << 47) - 0x4000, 0, &p),
                     -EINVAL);
    assert_int_equal(exec_segment_place(&img, ~0ull & ~0xfffull, 0, &p),
                     -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_ok),
        cmocka_unit_test(test_pie_ok),
        cmocka_unit_test(test_flags_and_empty_load),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_null_diag),
        cmocka_unit_test(test_place),
        cmocka_unit_test(test_real_self),
        cmocka_unit_test(test_real_musl),
        cmocka_unit_test(test_real_musl_pie),
        cmocka_unit_test(test_stack_layout),
        cmocka_unit_test(test_stack_alignment),
        cmocka_unit_test(test_stack_empty),
        cmocka_unit_test(test_stack_too_big),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
