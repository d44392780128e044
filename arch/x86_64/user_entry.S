/* SPDX-License-Identifier: MIT */
/*
 * The way into and out of the application (ring 3) and the system-call
 * entry. One application, one CPU: plain globals instead of per-CPU data
 * and swapgs, so the application's GS base is never touched.
 *   user_enter  saves the kernel's callee-saved registers and stack, then
 *               irets to the application with every register cleared;
 *   user_leave  drops whatever stack it is on and returns from user_enter
 *               with a status (exit, or a fault that ended the program);
 *   user_syscall is LSTAR: switches to the kernel stack, saves what Linux
 *               preserves across a system call, calls sys_entry with
 *               interrupts on, and sysrets with the result in rax.
 * Intel SDM vol. 2B (SYSCALL, SYSRET), vol. 3A §5.8.8.
 */
#include "arch/x86_64/asm.h"

    .text
    .globl user_enter
user_enter: /* long user_enter(uint64_t rip, uint64_t rsp) */
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    pushfq
    movq %rsp, user_kernel_rsp(%rip)
    cli
    pushq $USER_DS
    pushq %rsi
    pushq $0x202            /* IF, and the always-one bit 1 */
    pushq $USER_CS
    pushq %rdi
    xorl %eax, %eax
    xorl %ebx, %ebx
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %edi, %edi
    xorl %ebp, %ebp
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r11d, %r11d
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    xorl %r14d, %r14d
    xorl %r15d, %r15d
    iretq

    .globl user_leave
user_leave: /* _Noreturn void user_leave(long status) */
    movq user_kernel_rsp(%rip), %rsp
    movq %rdi, %rax
    popfq
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

    .globl user_syscall
user_syscall:
    /* FMASK cleared IF: nothing can interrupt until the stack is ours. */
    movq %rsp, user_saved_rsp(%rip)
    movq user_kstack_top(%rip), %rsp
    pushq user_saved_rsp(%rip)
    pushq %rcx              /* return rip */
    pushq %r11              /* return rflags */
    pushq %rax
    pushq %rdi
    pushq %rsi
    pushq %rdx
    pushq %r10
    pushq %r8
    pushq %r9
    movq %rsp, %rdi         /* struct user_regs * */
    sti
    cld
    call sys_entry
    cli
    popq %r9
    popq %r8
    popq %r10
    popq %rdx
    popq %rsi
    popq %rdi
    popq %rax               /* the result, stored by sys_entry */
    popq %r11
    popq %rcx
    popq %rsp
    sysretq

    .data
    .p2align 3
user_kernel_rsp: .quad 0
user_saved_rsp:  .quad 0
    .globl user_kstack_top
user_kstack_top: .quad 0

    .section .note.GNU-stack, "", @progbits
