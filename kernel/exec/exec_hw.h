/* SPDX-License-Identifier: MIT */
/*
 * exec_hw: the ELF64 wire format (gABI ch. 4 and 5) and the auxv tags
 * (Linux include/uapi/linux/auxvec.h, arch/x86/include/uapi/asm/auxvec.h).
 * The structs are read with memcpy, never cast onto the file buffer, which
 * may be unaligned.
 */
#ifndef SKIFF_EXEC_HW_H
#define SKIFF_EXEC_HW_H
#include <stddef.h>
#include <stdint.h>

struct elf64_ehdr {
    uint8_t e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};
_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(offsetof(struct elf64_ehdr, e_entry) == 24, "e_entry");
_Static_assert(offsetof(struct elf64_ehdr, e_phoff) == 32, "e_phoff");
_Static_assert(offsetof(struct elf64_ehdr, e_phentsize) == 54, "phentsize");
_Static_assert(offsetof(struct elf64_ehdr, e_phnum) == 56, "e_phnum");

struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 phdr is 56 bytes");
_Static_assert(offsetof(struct elf64_phdr, p_offset) == 8, "p_offset");
_Static_assert(offsetof(struct elf64_phdr, p_filesz) == 32, "p_filesz");
_Static_assert(offsetof(struct elf64_phdr, p_align) == 48, "p_align");

/* e_ident */
#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define ELFCLASS32  1
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT  1

/* e_type, e_machine */
#define ET_REL    1
#define ET_EXEC   2
#define ET_DYN    3
#define ET_CORE   4
#define EM_X86_64 62

/* p_type, p_flags */
#define PT_NULL      0
#define PT_LOAD      1
#define PT_DYNAMIC   2
#define PT_INTERP    3
#define PT_PHDR      6
#define PT_TLS       7
#define PT_GNU_STACK 0x6474e551u
#define PF_X         1u
#define PF_W         2u
#define PF_R         4u

/* auxv tags */
#define AT_NULL        0
#define AT_PHDR        3
#define AT_PHENT       4
#define AT_PHNUM       5
#define AT_PAGESZ      6
#define AT_BASE        7
#define AT_FLAGS       8
#define AT_ENTRY       9
#define AT_UID         11
#define AT_EUID        12
#define AT_GID         13
#define AT_EGID        14
#define AT_PLATFORM    15
#define AT_HWCAP       16
#define AT_CLKTCK      17
#define AT_SECURE      23
#define AT_RANDOM      25
#define AT_HWCAP2      26
#define AT_EXECFN      31
#define AT_MINSIGSTKSZ 51

#endif
