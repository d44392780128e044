/* SPDX-License-Identifier: MIT */
/*
 * task: the one application's process state that the system calls keep
 * (its memory map, signal bookkeeping, limits). One process, one thread:
 * pid = tid = 1.
 */
#ifndef SKIFF_SYS_TASK_H
#define SKIFF_SYS_TASK_H
#include "kernel/umem/umem.h"
#include <stdint.h>

#define TASK_NSIG 64

struct task_sigaction {
    uint64_t handler, flags, restorer, mask;
};

struct task {
    struct umem mem;
    uint64_t stack_lo, stack_hi; /* the main stack, for fault reports */
    uint64_t stack_limit;        /* RLIMIT_STACK as reported */
    struct task_sigaction sig[TASK_NSIG];
    uint64_t sigmask;
    uint64_t altstack[3]; /* ss_sp, ss_flags (and pad), ss_size */
    uint64_t clear_tid;   /* set_tid_address */
    uint64_t start_ns;    /* for CLOCK_PROCESS_CPUTIME_ID */
};

extern struct task task_current;

/* Status of an application ended by a fault or a fatal signal, and of one
 * that could not be loaded (documented in the README). */
#define TASK_STATUS_KILLED 123
#define TASK_STATUS_NOEXEC 126

/* Start a fresh process state with (stack_limit) as RLIMIT_STACK.
 * Returns 0 or -ENOMEM. */
int task_init(uint64_t stack_limit);

/* Route faults from ring 3 to the task's fault report. */
void task_arm_faults(void);

/* End the application with (status) after logging (why). */
_Noreturn void task_exit(int status);
_Noreturn void task_kill(int sig, const char *why);

#endif
