/* SPDX-License-Identifier: MIT */
/*
 * A stand-in for Firecracker's boot on QEMU microvm (vmm-conventions §2
 * and §7.9): a 64 KiB -bios image that leaves real mode and then either
 *  - (-DPVH_ENTRY=<note address>) jumps to the PVH entry in flat 32-bit
 *    protected mode with EBX = 0x6000, Firecracker's start_info address; or
 *  - (-DKERNEL_ENTRY=<e_entry>) builds Firecracker's GDT (0x500) and page
 *    tables (PML4 0x9000, PDPT 0xa000, PD 0xb000: only 0-1 GiB, 2 MiB
 *    pages), enters long mode and jumps to the ELF entry with RSI = 0x7000
 *    (the Linux 64-bit boot protocol).
 * QEMU's generic loader puts the kernel's segments, the boot data
 * (mkbootdata.py) and the command line in RAM before reset.
 */
#define ROM 0xffff0000
#define ZERO_PAGE 0x7000 /* boot_params, RSI at the Linux entry */
#define TRAMPOLINE 0x8000
#define PML4 0x9000
#define GDT_LOW 0x500
#ifndef KERNEL_ENTRY
#define KERNEL_ENTRY 0 /* PVH build: the long-mode path is not taken */
#endif

    .section .text
    .code16
rom_start:

/* Flat 32-bit code 0x08, data 0x10, 64-bit code 0x18 (FC's selectors for
 * code and data are 0x08 and 0x10 as well). */
    .p2align 3
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff
    .quad 0x00cf92000000ffff
    .quad 0x00af9a000000ffff
gdt_end:
gdt_rom_ptr:
    .word gdt_end - gdt - 1
    .long gdt
gdt_low_ptr:
    .word gdt_end - gdt - 1
    .long GDT_LOW

real_mode:
    cli
    lgdtl %cs:(gdt_rom_ptr - rom_start)
    movl %cr0, %eax
    orl $1, %eax
    movl %eax, %cr0
    ljmpl $0x08, $prot_mode

    .code32
prot_mode:
    movl $0x10, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
#ifdef PVH_ENTRY
    movl $0x6000, %ebx
    xorl %eax, %eax             /* EAX is undefined on PVH entry */
    ljmp $0x08, $PVH_ENTRY
#endif
    /* The GDT and the 64-bit trampoline must sit in the 1 GiB that the
     * page tables map, as Firecracker's do. */
    movl $gdt, %esi
    movl $GDT_LOW, %edi
    movl $(gdt_end - gdt), %ecx
    cld
    rep movsb
    lgdt gdt_low_ptr
    movl $trampoline, %esi
    movl $TRAMPOLINE, %edi
    movl $(trampoline_end - trampoline), %ecx
    rep movsb
    /* Page tables: zero three pages, then link and fill. */
    movl $PML4, %edi
    movl $(3 * 1024), %ecx
    xorl %eax, %eax
    rep stosl
    movl $(PML4 + 0x1000 + 3), PML4
    movl $(PML4 + 0x2000 + 3), PML4 + 0x1000
    movl $(PML4 + 0x2000), %edi
    movl $0x83, %eax
    movl $512, %ecx
1:  movl %eax, (%edi)
    addl $0x200000, %eax
    addl $8, %edi
    loop 1b
    movl $PML4, %eax
    movl %eax, %cr3
    movl %cr4, %eax
    orl $0x20, %eax             /* PAE */
    movl %eax, %cr4
    movl $0xc0000080, %ecx      /* EFER.LME */
    rdmsr
    orl $0x100, %eax
    wrmsr
    ljmp $0x08, $TRAMPOLINE

/* Copied to TRAMPOLINE, because the ROM is not in the 1 GiB that paging
 * maps: turn paging on (activating long mode), then enter 64-bit code. */
trampoline:
    movl %cr0, %eax
    orl $0x80000000, %eax
    movl %eax, %cr0
    ljmp $0x18, $(TRAMPOLINE + long_mode - trampoline)
    .code64
long_mode:
    movl $ZERO_PAGE, %esi
    movl $0x8ff0, %esp          /* Firecracker's boot stack */
    movl $KERNEL_ENTRY, %eax
    jmp *%rax
trampoline_end:

    .code16
    .org 0xfff0
reset:
    jmp real_mode               /* near: CS keeps its 0xffff0000 base */
    .org 0x10000
