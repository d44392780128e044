/* SPDX-License-Identifier: MIT */
/*
 * user: running the application in ring 3 (user_entry.S has the assembly).
 * Single CPU, one application at a time.
 */
#ifndef SKIFF_ARCH_USER_H
#define SKIFF_ARCH_USER_H
#include <stdint.h>

/* What user_syscall saved, lowest address first; sys_entry may change rax
 * (the result) only. */
struct user_regs {
    uint64_t r9, r8, r10, rdx, rsi, rdi, rax;
    uint64_t rflags, rip, rsp;
};

/* Set up the system-call MSRs (STAR, LSTAR, FMASK, EFER.SCE) and the
 * kernel stack [kstack_lo, kstack_top) that system calls and interrupts
 * from ring 3 run on. */
void user_init(uint64_t kstack_top);

/* Run the application from (rip) with stack (rsp) until user_leave;
 * returns user_leave's status. */
long user_enter(uint64_t rip, uint64_t rsp);

/* Abandon the application and return (status) from user_enter. Callable
 * from the system-call path and from fault handlers. */
_Noreturn void user_leave(long status);

/* The application's FS base (TLS), for arch_prctl. */
void user_set_fs(uint64_t base);
uint64_t user_get_fs(void);

/* Called by user_syscall with interrupts on. */
void sys_entry(struct user_regs *r);

#endif
