/* SPDX-License-Identifier: MIT */
/* shutdown: see shutdown.h for the order of mechanisms and why. */
#include "kernel/shutdown.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "drivers/acpi/acpi.h"
#include "drivers/hyperv/hv.h"
#include "kernel/log.h"
#include "lib/param/param.h"

#define DEBUG_EXIT_PORT 0xf4
#define I8042_STATUS    0x64
#define I8042_RESET     0xfe

PARAM_ENUM(shutdown, fallback, 0,
           "without isa-debug-exit: auto (ACPI power-off, else reset on "
           "Firecracker, else halt), reset (ACPI reset, i8042, then triple "
           "fault) or halt",
           "auto", "reset", "halt");

PARAM_BOOL(shutdown, report, false,
           "print \"shutdown: exit status N\" as the last line (for "
           "monitors without isa-debug-exit; skiff run reads it)");

static int firecracker;

void shutdown_set_firecracker(int yes)
{
    firecracker = yes;
}

/* The i8042 reset pulse. An absent i8042 reads 0xff (QEMU microvm without
 * ACPI); otherwise wait for its input buffer to drain, boundedly. */
static void i8042_reset(void)
{
    if (pio_in8(I8042_STATUS) == 0xff)
        return;
    for (int i = 0; i < 100000 && (pio_in8(I8042_STATUS) & 2); i++)
        cpu_relax();
    pio_out8(I8042_STATUS, I8042_RESET);
}

_Noreturn void shutdown(int status)
{
    irq_disable();
    hv_boot_shutdown();
    if (status < 0 || status > SHUTDOWN_STATUS_MAX)
        status = SHUTDOWN_STATUS_MAX;
    if (param_shutdown_report) {
        log_flush();
        log_raw("shutdown: exit status %d\n", status);
    }
    pio_out32(DEBUG_EXIT_PORT, (uint32_t)status + 1);
    unsigned mode = param_shutdown_fallback;
    if (mode == 0)
        acpi_power_off();
    if (mode == 1 || (mode == 0 && firecracker)) {
        acpi_reset();
        i8042_reset();
        cpu_triple_fault();
    }
    log_flush();
    log_raw("shutdown: no power-off device answered; halting with exit "
            "status %d\n",
            status);
    for (;;)
        cpu_halt();
}
