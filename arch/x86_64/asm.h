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
#define USER_STAR  0x28 /* STAR[63:48]: SYSRET's selector base */
#define USER_DS    (0x30 | 3)
#define USER_CS    (0x38 | 3)

#define ENTRY_STATUS_PANIC 125 /* SHUTDOWN_STATUS_PANIC */

#define BOOT_STACK_SIZE (32 * 1024)
#define IST_STACK_SIZE  (16 * 1024)

#define CR0_PE      (1 << 0)
#define CR0_PG      (1 << 31)
#define CR4_PAE     (1 << 5)
#define MSR_EFER    0xc0000080
#define EFER_LME    (1 << 8)
#define EFER_SCE    (1 << 0)
#define MSR_STAR    0xc0000081
#define MSR_LSTAR   0xc0000082
#define MSR_FMASK   0xc0000084
#define MSR_FS_BASE 0xc0000100

#ifdef __ASSEMBLY__
/* Assembler macros, not C: keep clang-format away. */
/* clang-format off */
/* Clear .bss with rep stosl (the linker script keeps its bounds 8-byte
 * aligned; TCG runs each repetition separately, so fewer is faster). Usable
 * in 32- and 64-bit code (the 32-bit register names assemble with an
 * address-size prefix in long mode, and all our addresses are below 4 GiB).
 * Clobbers eax, ecx, edi. */
.macro ZERO_BSS
    /* The image's last word must be RAM: with too little memory (QEMU
     * -m 1200K) the stack in .bss would silently not exist and the boot
     * would hang, so stop with a message instead. */
    movl $0x5a17e5a5, %eax
    movl %eax, _end - 4
    cmpl _end - 4, %eax
    je 4f
    NO_RAM_STOP
4:  movl $__bss_start, %edi
    movl $__bss_end, %ecx
    subl %edi, %ecx
    shrl $2, %ecx
    xorl %eax, %eax
    cld
    rep stosl
.endm

/* Say on COM1 that the image does not fit in RAM, without setting the
 * UART up (a 16550 transmits at its reset defaults; an absent one ignores
 * the writes), exit through isa-debug-exit with the panic status, and halt
 * if that is not there. A macro so that each CPU mode gets its own copy. */
.macro NO_RAM_STOP
    movl $no_ram_msg, %esi
1:  movb (%esi), %al
    testb %al, %al
    jz 2f
    movw $0x3f8, %dx
    outb %al, %dx
    incl %esi
    jmp 1b
2:  movl $(ENTRY_STATUS_PANIC + 1), %eax /* as shutdown() writes it */
    movw $0xf4, %dx
    outl %eax, %dx
3:  cli
    hlt
    jmp 3b
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
