/* SPDX-License-Identifier: MIT */
/*
 * Interrupt and exception stubs: one 16-byte stub per vector (so the IDT
 * entry of vector v is trap_stubs + 16*v), each pushing a zero where the CPU
 * pushes no error code and then the vector number, so every vector reaches
 * trap_dispatch() with the same struct trap_frame (arch/x86_64/cpu.h).
 */
    .text
    .p2align 4
    .globl trap_stubs
trap_stubs:
    vec = 0
    .rept 256
    .p2align 4
    .if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    pushq $0
    .endif
    pushq $vec
    jmp trap_common
    vec = vec + 1
    .endr

trap_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, %rdi
    cld
    call trap_dispatch
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp
    iretq

    .section .note.GNU-stack, "", @progbits
