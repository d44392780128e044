/* SPDX-License-Identifier: MIT */
/*
 * shutdown: stop the VM with an exit status, by the first mechanism that
 * works on this monitor:
 *   1. isa-debug-exit at port 0xf4 (QEMU in tests and `make run`): Skiff
 *      writes status + 1, so QEMU exits with ((status + 1) << 1) | 1, at
 *      least 3, which tools/qemu.sh maps back. The +1 keeps every guest
 *      status apart from QEMU's own failure status 1;
 *   2. ACPI power-off (drivers/acpi: PM1a with the DSDT's _S5 value, or
 *      the hardware-reduced sleep control register), where the firmware
 *      offers one: QEMU pc/q35/microvm, cloud-hypervisor (the status is
 *      lost, reported as 0);
 *   3. with a reset fallback: the FADT reset register, the i8042 reset
 *      pulse (0xFE to port 0x64), on which Firecracker exits, then a
 *      triple fault; QEMU with -no-reboot exits on each (status lost);
 *   4. otherwise a clean halt with interrupts off, after saying so.
 * shutdown.fallback chooses: "auto" (the default) tries ACPI power-off,
 * then the reset fallback where the boot data has Firecracker's layout
 * (whose FADT has no sleep register), and halts elsewhere, because on QEMU
 * without -no-reboot a reset reboots Skiff into an endless loop; "reset"
 * skips the power-off; "halt" skips both.
 */
#ifndef SKIFF_SHUTDOWN_H
#define SKIFF_SHUTDOWN_H

/* Exit statuses above 126 cannot pass through isa-debug-exit's
 * ((v + 1) << 1) | 1 into an 8-bit process status, so they are clamped. */
#define SHUTDOWN_STATUS_MAX   126
#define SHUTDOWN_STATUS_USAGE 64  /* param.strict: bad command line */
#define SHUTDOWN_STATUS_PANIC 125 /* kernel fault or panic */

/* Tell shutdown whether the boot data looks like Firecracker's (for the
 * "auto" fallback). */
void shutdown_set_firecracker(int yes);

_Noreturn void shutdown(int status);

#endif
