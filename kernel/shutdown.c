/* SPDX-License-Identifier: MIT */
/* shutdown: see shutdown.h for the order of mechanisms and why. */
#include "kernel/shutdown.h"
#include "arch/x86_64/io.h"

#define DEBUG_EXIT_PORT 0xf4
#define I8042_STATUS    0x64
#define I8042_RESET     0xfe

static void triple_fault(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) empty = {0, 0};
    __asm__ volatile("lidt %0; ud2" : : "m"(empty));
}

_Noreturn void shutdown(int status)
{
    irq_disable();
    if (status < 0 || status > SHUTDOWN_STATUS_MAX)
        status = SHUTDOWN_STATUS_MAX;
    pio_out32(DEBUG_EXIT_PORT, (uint32_t)status);
    /* An absent i8042 reads 0xff (QEMU microvm without ACPI). Wait for its
     * input buffer to drain, boundedly, before the reset command. */
    if (pio_in8(I8042_STATUS) != 0xff) {
        for (int i = 0; i < 100000 && (pio_in8(I8042_STATUS) & 2); i++)
            cpu_relax();
        pio_out8(I8042_STATUS, I8042_RESET);
    }
    triple_fault();
    for (;;)
        cpu_halt();
}
