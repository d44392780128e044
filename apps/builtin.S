/* SPDX-License-Identifier: MIT */
/*
 * The application linked into the image: `make APP=apps/<name>` builds
 * the C files of apps/<name>/ with musl-gcc -static and defines APP_ELF
 * (its path) and APP_NAME; without APP the image carries none and runs
 * `inspect`.
 */
    .section .rodata
    .p2align 4
    .globl app_builtin_start, app_builtin_size, app_builtin_name
app_builtin_size:
    .quad app_builtin_end - app_builtin_start
app_builtin_start:
#ifdef APP_ELF
    .incbin APP_ELF
#endif
app_builtin_end:
app_builtin_name:
#ifdef APP_NAME
    .asciz APP_NAME
#else
    .asciz ""
#endif
    .section .note.GNU-stack, "", @progbits
