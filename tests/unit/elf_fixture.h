/* SPDX-License-Identifier: MIT */
/*
 * elf_fixture: small synthetic ELF64 executables for the exec unit tests
 * and the fuzzer's seeds. A fixture is a header and program headers kept
 * as structs, so a test can break one field, then ef_write() lays them out
 * in a file image of ef->len bytes (header at 0, phdrs at e_phoff).
 * The layouts mirror what GNU ld makes for musl-gcc -static, compacted so
 * that a seed stays under the fuzzer's 8 KiB input limit:
 *   ET_EXEC: R at 0x400000 (holds the headers), RX at 0x401200 (entry),
 *            RW at 0x402400 with 0x1f00 bytes of bss, PT_TLS, PT_GNU_STACK.
 *   ET_DYN:  the same at base-relative 0, 0x1200, 0x2400, plus PT_PHDR.
 */
#ifndef SKIFF_TEST_ELF_FIXTURE_H
#define SKIFF_TEST_ELF_FIXTURE_H
#include "kernel/exec/exec_hw.h"

#include <stdint.h>
#include <string.h>

#define EF_MAX_PH 70
#define EF_LEN    0x500

struct elf_fix {
    struct elf64_ehdr eh;
    struct elf64_phdr ph[EF_MAX_PH];
    uint8_t b[EF_MAX_PH * 56 + 0x1000];
    size_t len;
};

static inline struct elf64_phdr ef_ph(uint32_t type, uint32_t flags,
                                      uint64_t off, uint64_t va,
                                      uint64_t filesz, uint64_t memsz,
                                      uint64_t align)
{
    struct elf64_phdr p = {type, flags, off, va, va, filesz, memsz, align};
    return p;
}

/* A valid image: (pie) selects ET_DYN at 0 with PT_PHDR, else ET_EXEC. */
static inline void ef_init(struct elf_fix *f, int pie)
{
    uint64_t base = pie ? 0 : 0x400000;
    unsigned n = 0;
    memset(f, 0, sizeof(*f));
    memcpy(f->eh.e_ident, "\177ELF", 4);
    f->eh.e_ident[EI_CLASS] = ELFCLASS64;
    f->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    f->eh.e_ident[EI_VERSION] = EV_CURRENT;
    f->eh.e_type = pie ? ET_DYN : ET_EXEC;
    f->eh.e_machine = EM_X86_64;
    f->eh.e_version = EV_CURRENT;
    f->eh.e_entry = base + 0x1210;
    f->eh.e_phoff = 64;
    f->eh.e_ehsize = 64;
    f->eh.e_phentsize = 56;
    if (pie)
        f->ph[n++] = ef_ph(PT_PHDR, PF_R, 64, 64, 6 * 56, 6 * 56, 8);
    f->ph[n++] = ef_ph(PT_LOAD, PF_R, 0, base, 0x200, 0x200, 0x1000);
    f->ph[n++] =
        ef_ph(PT_LOAD, PF_R | PF_X, 0x200, base + 0x1200, 0x100, 0x100, 0x1000);
    f->ph[n++] = ef_ph(PT_LOAD, PF_R | PF_W, 0x400, base + 0x2400, 0x100,
                       0x2000, 0x1000);
    f->ph[n++] = ef_ph(PT_TLS, PF_R, 0x400, base + 0x2400, 0x10, 0x30, 16);
    f->ph[n++] = ef_ph(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
    f->eh.e_phnum = (uint16_t)n;
    f->len = EF_LEN;
}

/* Lay the header and the e_phnum program headers out in f->b; the phdrs
 * are written only as far as the buffer goes (a test may point e_phoff
 * past the end on purpose). The code bytes are int3. */
static inline void ef_write(struct elf_fix *f)
{
    memset(f->b, 0xcc, sizeof(f->b));
    memcpy(f->b, &f->eh, sizeof(f->eh));
    for (unsigned i = 0; i < f->eh.e_phnum && i < EF_MAX_PH; i++) {
        uint64_t at = f->eh.e_phoff + (uint64_t)i * 56;
        if (f->eh.e_phoff < sizeof(f->b) && at <= sizeof(f->b) - 56)
            memcpy(f->b + at, &f->ph[i], 56);
    }
}

#endif
