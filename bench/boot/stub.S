/* SPDX-License-Identifier: MIT */
/*
 * stub: the smallest PVH guest, used by run.sh as QEMU's own boot floor.
 * QEMU enters at the PVH note's 32-bit address in protected mode with
 * paging off (vmm-conventions §1.1).  The stub writes one line to COM1 and
 * leaves through isa-debug-exit; it touches no memory but its own text, so
 * its time is what the machine model and firmware cost before and after
 * any guest code runs.  No stack, no GDT, no serial setup: QEMU's 16550
 * transmits whatever is written to THR.
 */
#define COM1 0x3f8
#define DEBUG_EXIT 0xf4

        .section .note.pvh, "a", @note
        .balign 4
        .long 4                 /* namesz: "Xen\0" */
        .long 4                 /* descsz: 32-bit entry */
        .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
        .asciz "Xen"
        .long _start

        .section .text, "ax", @progbits
        .code32
        .globl _start
_start:
        cld
        mov $COM1, %dx
        mov $msg, %esi
1:      lodsb
        test %al, %al
        jz 2f
        outb %al, %dx
        jmp 1b
2:      mov $DEBUG_EXIT, %dx
        xor %eax, %eax          /* QEMU exits with status (0 << 1) | 1 = 1 */
        outb %al, %dx
3:      cli                     /* only reached without isa-debug-exit */
        hlt
        jmp 3b

msg:    .asciz "stub: ready\n"
