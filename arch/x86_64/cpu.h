/* SPDX-License-Identifier: MIT */
/*
 * cpu: x86_64 processor setup for the boot CPU: descriptor tables (GDT with
 * a TSS, IDT), the interrupt stack for faults that may come from a broken
 * stack, FPU/SSE/XSAVE enabling, and the trap dispatcher.
 * Boot-time only, single CPU, interrupts off while these run.
 */
#ifndef SKIFF_ARCH_CPU_H
#define SKIFF_ARCH_CPU_H
#include <stdint.h>

/* What trap_common pushes, lowest address first. */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

typedef void (*trap_handler_fn)(struct trap_frame *tf);

/* Load the TSS and IDT. Faults from then on print a report and stop. */
void cpu_tables_init(void);

/* Enable x87/SSE (and XSAVE with AVX state where offered), no-execute
 * pages, and write protection in ring 0. Returns the XCR0 value set, or 0
 * when the CPU has no XSAVE. */
uint64_t cpu_features_enable(void);

/* The stack the CPU switches to on an interrupt or exception from ring 3
 * (TSS.RSP0). */
void cpu_set_kernel_stack(uint64_t top);

/* Route (user) faults, from ring 3, to (fn), which must not return
 * (user_leave). Without one, they are reported as kernel faults. */
void trap_set_user_fault(trap_handler_fn fn);

/* Route vector (v, >= 32) to (fn). Returns 0, or -EINVAL for an exception
 * vector or one already taken. */
int trap_register(unsigned v, trap_handler_fn fn);

/* Reset the machine the hard way: load an empty IDT and raise an
 * exception. Monitors treat the triple fault as a reset (QEMU with
 * -no-reboot exits). Does not return. */
_Noreturn void cpu_triple_fault(void);

/* Acknowledge interrupts that have no handler with (eoi) (the local
 * APIC's EOI), so a stray vector cannot block the lower-priority ones. */
void trap_set_default_eoi(void (*eoi)(void));

/* Called by trap_common for every vector. */
void trap_dispatch(struct trap_frame *tf);

/* Execution state and addresses from the linker script and entry.S. */
extern uint64_t arch_boot_tsc;
extern char _kernel_start[], _etext[], _erodata[], _edata[], _end[];
extern char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];
extern char ist_stack_guard[], ist_stack_top[];

#endif
