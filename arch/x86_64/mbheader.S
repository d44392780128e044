/* SPDX-License-Identifier: MIT */
/*
 * The Multiboot 1 header, linked only into build/skiff-mb.elf (QEMU picks
 * Multiboot over PVH when both exist). QEMU refuses an ELF64 Multiboot image
 * unless the a.out-kludge flag (bit 16) gives the load addresses explicitly,
 * so the header lists them; the linker script keeps the file contiguous
 * from _kernel_start to _edata. Spec: Multiboot 0.6.96 §3.1.
 *
 * bss_end_addr lies MB_GAP past the image's end. GRUB 2 and QEMU put the
 * modules (module 0 is the initrd) right after bss_end_addr, and without the
 * gap a 3 MiB initrd covers 0x400000, where static non-PIE programs are
 * linked, so app.path could not load them (seen booting an ISO:
 * tests/skiff/iso.sh). The kernel reserves only [_kernel_start, _end), so
 * the gap (zeroed by the loader) is free RAM for programs.
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS ((1 << 0) | (1 << 1) | (1 << 16)) /* align, mmap, kludge */
#define MB_GAP   0xf00000 /* modules from about 16 MiB */

    .section .mbheader, "a"
    .p2align 2
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header         /* header_addr */
    .long _kernel_start     /* load_addr */
    .long _edata            /* load_end_addr */
    .long _end + MB_GAP     /* bss_end_addr */
    .long mb_entry32        /* entry_addr */
    .section .note.GNU-stack, "", @progbits
