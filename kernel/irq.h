/* SPDX-License-Identifier: MIT */
/*
 * irq: device interrupts by GSI. Each GSI gets its own vector (from 0x30)
 * and an IOAPIC redirection entry; up to IRQ_SHARE handlers may share a
 * GSI. Handlers run with interrupts off; the local APIC EOI follows them,
 * so a level-triggered device must have been acknowledged by its handler.
 * IOAPICs are registered with their GSI base: the default one at boot,
 * more from ACPI's MADT when it exists.
 */
#ifndef SKIFF_IRQ_H
#define SKIFF_IRQ_H
#include <stdint.h>

#define IRQ_LEVEL      1u /* as IOAPIC_LEVEL */
#define IRQ_ACTIVE_LOW 2u /* as IOAPIC_ACTIVE_LOW */
#define IRQ_SHARE      4

typedef void (*irq_fn)(void *ctx);

/* Register an IOAPIC at (base) serving GSIs [gsi_base, gsi_base + pins). */
int irq_add_ioapic(uint64_t base, uint32_t gsi_base, int pins);

/* Call (fn)(ctx) on interrupts of (gsi), triggered as (flags) say.
 * Returns the vector (> 0), -ENODEV (no IOAPIC serves gsi), -EBUSY (the
 * GSI is shared with different flags, or too many handlers), -ENOSPC (no
 * vector left). */
int irq_attach(uint32_t gsi, unsigned flags, irq_fn fn, void *ctx);

/* A vector of its own for (fn)(ctx), with no IOAPIC pin behind it: for
 * message-signalled interrupts (PCI MSI-X), which the device sends to the
 * local APIC directly (edge). Returns the vector (> 0) or -ENOSPC. */
int irq_alloc_vector(irq_fn fn, void *ctx);

/* The MSI address and data that deliver (vector) to the boot CPU, fixed
 * delivery, edge (Intel SDM vol. 3A §11.11). */
void irq_msi_message(int vector, uint64_t *addr, uint32_t *data);

#endif
