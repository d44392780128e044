/* SPDX-License-Identifier: MIT */
/*
 * The Multiboot 1 header, linked only into build/skiff-mb.elf (QEMU picks
 * Multiboot over PVH when both exist). QEMU refuses an ELF64 Multiboot image
 * unless the a.out-kludge flag (bit 16) gives the load addresses explicitly,
 * so the header lists them; the linker script keeps the file contiguous
 * from _kernel_start to _edata. Spec: Multiboot 0.6.96 §3.1.
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS ((1 << 0) | (1 << 1) | (1 << 16)) /* align, mmap, kludge */

    .section .mbheader, "a"
    .p2align 2
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header         /* header_addr */
    .long _kernel_start     /* load_addr */
    .long _edata            /* load_end_addr */
    .long _end              /* bss_end_addr */
    .long mb_entry32        /* entry_addr */
    .section .note.GNU-stack, "", @progbits
