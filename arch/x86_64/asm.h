/* SPDX-License-Identifier: MIT */
/* Constants and macros shared by the assembly entry code. */
#ifndef SKIFF_ARCH_ASM_H
#define SKIFF_ARCH_ASM_H

#define ENTRY_PROTO_PVH       1 /* enum boot_proto in boot/bootinfo.h */
#define ENTRY_PROTO_MULTIBOOT 2
#define ENTRY_PROTO_LINUX     3

#define KERNEL_CS  0x08
#define KERNEL_DS  0x10
#define KERNEL_TSS 0x18

#define BOOT_STACK_SIZE (32 * 1024)
#define IST_STACK_SIZE  (16 * 1024)

#define CR0_PE   (1 << 0)
#define CR0_PG   (1 << 31)
#define CR4_PAE  (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)

#ifdef __ASSEMBLY__
/* Assembler macros, not C: keep clang-format away. */
/* clang-format off */
/* Clear .bss with rep stosl (the linker script keeps its bounds 8-byte
 * aligned; TCG runs each repetition separately, so fewer is faster). Usable
 * in 32- and 64-bit code (the 32-bit register names assemble with an
 * address-size prefix in long mode, and all our addresses are below 4 GiB).
 * Clobbers eax, ecx, edi. */
.macro ZERO_BSS
    movl $__bss_start, %edi
    movl $__bss_end, %ecx
    subl %edi, %ecx
    shrl $2, %ecx
    xorl %eax, %eax
    cld
    rep stosl
.endm

/* Identity-map [0, 4 GiB) with 2 MiB pages, read-write-execute: enough to
 * reach the image, the loader's data and the local APIC until paging.c
 * builds the final tables. The tables live in the zeroed .bss. Clobbers
 * eax, ecx, edi. */
.macro EARLY_MAP
    movl $early_pdpt + 3, %eax
    movl %eax, early_pml4
    movl $early_pdpt, %edi
    movl $early_pd + 3, %eax
    movl $4, %ecx
1:  movl %eax, (%edi)
    addl $4096, %eax
    addl $8, %edi
    decl %ecx
    jnz 1b
    movl $early_pd, %edi
    movl $0x83, %eax            /* present, writable, 2 MiB page */
    movl $2048, %ecx
2:  movl %eax, (%edi)
    addl $0x200000, %eax
    addl $8, %edi
    decl %ecx
    jnz 2b
.endm
/* clang-format on */
#endif

#endif
