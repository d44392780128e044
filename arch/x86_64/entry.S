/* SPDX-License-Identifier: MIT */
/*
 * Entry points. Three loaders enter here, each in its own CPU mode:
 *   pvh_entry32    PVH: 32-bit protected mode, paging off, EBX = start_info
 *                  (vmm-conventions §1.1). EAX is undefined (microvm passes
 *                  the Multiboot magic), so the protocol is fixed by the entry
 *                  point, never by EAX.
 *   mb_entry32     Multiboot 1: same CPU state, EAX = 0x2BADB002, EBX = info.
 *   linux64_entry  Linux 64-bit boot protocol (ELF e_entry): long mode with
 *                  the loader's page tables, RSI = boot_params.
 * All three record the TSC first (the boot timeline starts here), then load
 * Skiff's GDT, identity-map the low 4 GiB with 2 MiB pages and call
 * kmain(proto, info_pa, magic) on the boot stack. The C code validates the
 * loader's data; nothing here reads it.
 */
#include "arch/x86_64/asm.h"

/* The PVH note (Xen ELF note 18, XEN_ELFNOTE_PHYS32_ENTRY): a 4-byte entry
 * address, as Xen documents; loaders read only the low 4 bytes anyway. */
    .section .note.Xen, "a"
    .p2align 2
    .long 4             /* namesz */
    .long 4             /* descsz */
    .long 18            /* type */
    .asciz "Xen"
    .long pvh_entry32

    .section .text.entry, "ax"
    .code32
    .globl pvh_entry32
pvh_entry32:
    cli
    movl %ebx, boot_info_pa
    movl $ENTRY_PROTO_PVH, boot_proto
    jmp entry32_common

    .globl mb_entry32
mb_entry32:
    cli
    movl %eax, boot_magic
    movl %ebx, boot_info_pa
    movl $ENTRY_PROTO_MULTIBOOT, boot_proto

entry32_common:
    rdtsc
    movl %eax, arch_boot_tsc
    movl %edx, arch_boot_tsc + 4
    lgdt gdt64_ptr
    movl $KERNEL_DS, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    ZERO_BSS
    EARLY_MAP
    movl $early_pml4, %eax
    movl %eax, %cr3
    movl %cr4, %eax
    orl $CR4_PAE, %eax
    movl %eax, %cr4
    movl $MSR_EFER, %ecx
    rdmsr
    orl $EFER_LME, %eax
    wrmsr
    movl %cr0, %eax
    orl $(CR0_PG | CR0_PE), %eax
    movl %eax, %cr0
    ljmp $KERNEL_CS, $long_mode

    .code64
    .globl linux64_entry
linux64_entry:
    cli
    movq %rsi, %r12      /* rsi is clobbered by ZERO_BSS */
    rdtsc
    movl %eax, arch_boot_tsc(%rip)
    movl %edx, arch_boot_tsc + 4(%rip)
    lgdt gdt64_ptr(%rip)
    ZERO_BSS
    movq %r12, boot_info_pa(%rip)
    movl $ENTRY_PROTO_LINUX, boot_proto(%rip)
    /* The loader's map may cover only 1 GiB (Firecracker); ours covers 4. */
    EARLY_MAP
    movl $early_pml4, %eax
    movq %rax, %cr3
    /* Reload CS from our GDT with a far return. */
    pushq $KERNEL_CS
    leaq long_mode(%rip), %rax
    pushq %rax
    lretq

long_mode:
    movl $KERNEL_DS, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    xorl %eax, %eax
    movl %eax, %fs
    movl %eax, %gs
    leaq boot_stack_top(%rip), %rsp
    xorl %ebp, %ebp      /* terminates the backtrace */
    movl boot_proto(%rip), %edi
    movq boot_info_pa(%rip), %rsi
    movl boot_magic(%rip), %edx
    call kmain
1:  cli
    hlt
    jmp 1b

    .section .rodata
    .globl no_ram_msg
no_ram_msg:
    .asciz "skiff: not enough memory: the image does not fit in RAM\r\n"

/* Loader registers, saved before anything else runs. In .data, not .bss,
 * because the 32-bit path writes them before it clears the .bss. */
    .section .data
    .p2align 3
    .globl arch_boot_tsc
arch_boot_tsc:  .quad 0
boot_info_pa:   .quad 0
boot_proto:     .long 0
boot_magic:     .long 0

/* GDT: null, 64-bit code, flat data, then the TSS descriptor (16 bytes),
 * which arch/x86_64/cpu.c fills in, then the application's segments in the
 * order SYSRET needs (STAR[63:48] = 0x28: SS = 0x28 + 8, CS = 0x28 + 16). */
    .p2align 4
    .globl gdt64
gdt64:
    .quad 0
    .quad 0x00af9a000000ffff    /* 0x08: 64-bit code, DPL 0 */
    .quad 0x00cf92000000ffff    /* 0x10: flat data */
    .quad 0                     /* 0x18: TSS low */
    .quad 0                     /* 0x20: TSS high */
    .quad 0                     /* 0x28: 32-bit user code, never used */
    .quad 0x00cff2000000ffff    /* 0x30: flat data, DPL 3 */
    .quad 0x00affa000000ffff    /* 0x38: 64-bit code, DPL 3 */
gdt64_end:
    .globl gdt64_ptr
gdt64_ptr:
    .word gdt64_end - gdt64 - 1
    .quad gdt64

/* Early page tables and stacks. The guard page below each stack stays
 * unmapped in the final page tables (arch/x86_64/paging.c). */
    .section .bss.pagetables, "aw", @nobits
    .p2align 12
    .globl early_pml4
early_pml4:  .skip 4096
early_pdpt:  .skip 4096
early_pd:    .skip 4 * 4096

    .section .bss.stack, "aw", @nobits
    .p2align 12
    .globl boot_stack_guard
boot_stack_guard: .skip 4096
    .globl boot_stack_bottom
boot_stack_bottom: .skip BOOT_STACK_SIZE
    .globl boot_stack_top
boot_stack_top:
    .globl ist_stack_guard
ist_stack_guard: .skip 4096
    .globl ist_stack_bottom
ist_stack_bottom: .skip IST_STACK_SIZE
    .globl ist_stack_top
ist_stack_top:
    .section .note.GNU-stack, "", @progbits
