/* SPDX-License-Identifier: MIT */
/* user: see user.h. Intel SDM vol. 2B SYSCALL/SYSRET, vol. 4 MSR list. */
#include "arch/x86_64/user.h"
#include "arch/x86_64/asm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"

extern char user_syscall[];
extern uint64_t user_kstack_top;

/* RFLAGS bits cleared on entry: TF, IF, DF, AC, NT (Linux's choice too:
 * no single-stepping into the kernel, no interrupts before the stack
 * switch, string ops forward, no alignment checks). */
#define FMASK_BITS                                                             \
    ((1u << 8) | (1u << 9) | (1u << 10) | (1u << 18) | (1u << 14))

void user_init(uint64_t kstack_top)
{
    user_kstack_top = kstack_top;
    cpu_set_kernel_stack(kstack_top);
    msr_write(MSR_STAR,
              ((uint64_t)USER_STAR << 48) | ((uint64_t)KERNEL_CS << 32));
    msr_write(MSR_LSTAR, (uintptr_t)user_syscall);
    msr_write(MSR_FMASK, FMASK_BITS);
    msr_write(MSR_EFER, msr_read(MSR_EFER) | EFER_SCE);
}

void user_set_fs(uint64_t base)
{
    msr_write(MSR_FS_BASE, base);
}

uint64_t user_get_fs(void)
{
    return msr_read(MSR_FS_BASE);
}
