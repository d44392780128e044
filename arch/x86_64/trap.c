/* SPDX-License-Identifier: MIT */
/*
 * Trap dispatch. Exceptions (vectors 0-31) are fatal in Skiff: the report
 * names the exception, the error code, RIP with its symbol, CR2, every
 * register and a frame-pointer backtrace, then the VM stops with
 * SHUTDOWN_STATUS_PANIC. Other vectors go to the handler registered for them.
 * Runs with interrupts off, on the interrupted stack or IST1.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "kernel/ksyms.h"
#include "kernel/log.h"
#include "kernel/shutdown.h"
#include "skiff/errno.h"

static trap_handler_fn handlers[256];
static void (*default_eoi)(void);
static trap_handler_fn user_fault;

void trap_set_user_fault(trap_handler_fn fn)
{
    user_fault = fn;
}

void trap_set_default_eoi(void (*eoi)(void))
{
    default_eoi = eoi;
}

static const char *const exc_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved",
    "#MF x87 error",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD error",
    "#VE virtualization",
    "#CP control protection",
};

int trap_register(unsigned v, trap_handler_fn fn)
{
    if (v < 32 || v > 255 || handlers[v])
        return -EINVAL;
    handlers[v] = fn;
    return 0;
}

static void print_addr(const char *label, uint64_t a)
{
    uint64_t off;
    const char *s = ksyms_lookup(a, &off);
    if (s)
        log_raw("  %s 0x%016llx <%s+0x%llx>\n", label, (unsigned long long)a, s,
                (unsigned long long)off);
    else
        log_raw("  %s 0x%016llx\n", label, (unsigned long long)a);
}

static int on_stack(uint64_t p, const char *lo, const char *hi)
{
    return p >= (uintptr_t)lo && p + 16 <= (uintptr_t)hi;
}

/* Follow saved frame pointers, trusting only addresses inside a known
 * stack, so a corrupt chain ends the walk instead of faulting again. */
static void backtrace(uint64_t rbp)
{
    uint64_t last = 0, repeats = 0;
    log_raw("  backtrace:\n");
    for (int i = 0; i < 64 && rbp && !(rbp & 7); i++) {
        if (!on_stack(rbp, boot_stack_bottom, boot_stack_top) &&
            !on_stack(rbp, ist_stack_guard + 4096, ist_stack_top))
            break;
        const uint64_t *f = (const uint64_t *)(uintptr_t)rbp;
        if (!f[1])
            break;
        if (f[1] == last) {
            repeats++; /* deep recursion: one line, then a count */
        } else {
            print_addr("   ", f[1]);
            last = f[1];
        }
        if (f[0] <= rbp)
            break;
        rbp = f[0];
    }
    if (repeats)
        log_raw("    (last frame repeated %llu more times)\n",
                (unsigned long long)repeats);
}

static void print_regs(const struct trap_frame *tf)
{
    log_raw("  rax %016llx rbx %016llx rcx %016llx\n",
            (unsigned long long)tf->rax, (unsigned long long)tf->rbx,
            (unsigned long long)tf->rcx);
    log_raw("  rdx %016llx rsi %016llx rdi %016llx\n",
            (unsigned long long)tf->rdx, (unsigned long long)tf->rsi,
            (unsigned long long)tf->rdi);
    log_raw("  rbp %016llx rsp %016llx r8  %016llx\n",
            (unsigned long long)tf->rbp, (unsigned long long)tf->rsp,
            (unsigned long long)tf->r8);
    log_raw("  r9  %016llx r10 %016llx r11 %016llx\n",
            (unsigned long long)tf->r9, (unsigned long long)tf->r10,
            (unsigned long long)tf->r11);
    log_raw("  r12 %016llx r13 %016llx r14 %016llx\n",
            (unsigned long long)tf->r12, (unsigned long long)tf->r13,
            (unsigned long long)tf->r14);
    log_raw("  r15 %016llx rflags %llx cs %llx ss %llx\n",
            (unsigned long long)tf->r15, (unsigned long long)tf->rflags,
            (unsigned long long)tf->cs, (unsigned long long)tf->ss);
}

static void fault(struct trap_frame *tf)
{
    static int nested;
    if (nested++)
        shutdown(SHUTDOWN_STATUS_PANIC); /* fault while reporting a fault */
    uint64_t cr2 = cr_read2();
    const char *name = tf->vector < 22 ? exc_names[tf->vector] : "reserved";
    log_flush();
    log_raw("\nFATAL: exception %llu (%s), error code 0x%llx\n",
            (unsigned long long)tf->vector, name,
            (unsigned long long)tf->error);
    print_addr("rip", tf->rip);
    log_raw("  cr2 0x%016llx", (unsigned long long)cr2);
    if (cr2 >= (uintptr_t)boot_stack_guard &&
        cr2 < (uintptr_t)boot_stack_bottom)
        log_raw(" (stack guard page: kernel stack overflow)");
    else if (cr2 < 4096 && tf->vector == 14)
        log_raw(" (null pointer dereference)");
    if (tf->vector == 14) /* SDM 3A §4.7: P, W/R, U/S, RSVD, I/D */
        log_raw(" [%s %s%s]", tf->error & 1 ? "protection" : "not-present",
                tf->error & 16 ? "instruction fetch"
                               : (tf->error & 2 ? "write" : "read"),
                tf->error & 8 ? ", reserved bit" : "");
    log_raw("\n");
    print_regs(tf);
    backtrace(tf->rbp);
    shutdown(SHUTDOWN_STATUS_PANIC);
}

void trap_dispatch(struct trap_frame *tf)
{
    if (tf->vector < 32) {
        if ((tf->cs & 3) && user_fault)
            user_fault(tf); /* does not return */
        fault(tf);
        return;
    }
    if (handlers[tf->vector]) {
        handlers[tf->vector](tf);
        return;
    }
    log_printf(LOG_WARN, "trap: unexpected interrupt vector %llu\n",
               (unsigned long long)tf->vector);
    /* Acknowledge it, or the local APIC blocks every lower-priority vector
     * until the next EOI. */
    if (default_eoi)
        default_eoi();
}
