/* SPDX-License-Identifier: MIT */
/*
 * kernel: the boot sequence (main.c) and what it found, for applications
 * such as `inspect` to report. Filled during boot, read-only afterwards.
 */
#ifndef SKIFF_KERNEL_H
#define SKIFF_KERNEL_H
#include "arch/x86_64/paging.h"
#include "boot/bootinfo.h"
#include "drivers/apic/apic.h"
#include "kernel/cpuinfo.h"
#include <stdint.h>

struct kstate {
    struct bootinfo boot;
    struct cpuinfo cpu;
    struct paging_stats paging;
    struct lapic_info lapic;
    int ioapic_pins; /* negative errno when none answered */
    uint32_t ioapic_version;
    uint64_t xcr0;
    int uart; /* 1 when COM1 answered */
    uint64_t ready_ns;
};

const struct kstate *kernel_state(void);

/* Entry from arch/x86_64/entry.S. */
void kmain(uint32_t proto, uint64_t info_pa, uint32_t magic);

#endif
