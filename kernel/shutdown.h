/* SPDX-License-Identifier: MIT */
/*
 * shutdown: stop the VM with an exit status, by the first mechanism that
 * works on this monitor:
 *   1. isa-debug-exit at port 0xf4 (QEMU in tests and `make run`): QEMU
 *      exits with (status << 1) | 1, which tools/run.sh maps back;
 *   2. the i8042 reset pulse (0xFE to port 0x64): Firecracker exits on it,
 *      QEMU with -no-reboot exits (status lost, reported as 0);
 *   3. a triple fault (an empty IDT and an exception): stops QEMU with
 *      -no-reboot and any monitor that treats it as a reset;
 *   4. otherwise halt with interrupts off, forever.
 * ACPI poweroff comes with the ACPI module.
 */
#ifndef SKIFF_SHUTDOWN_H
#define SKIFF_SHUTDOWN_H

/* Exit statuses above 127 cannot pass through isa-debug-exit's (v<<1)|1
 * into an 8-bit process status, so they are clamped to 127. */
#define SHUTDOWN_STATUS_MAX   127
#define SHUTDOWN_STATUS_USAGE 64  /* param.strict: bad command line */
#define SHUTDOWN_STATUS_PANIC 125 /* kernel fault or panic */

_Noreturn void shutdown(int status);

#endif
