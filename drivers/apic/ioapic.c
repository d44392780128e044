/* SPDX-License-Identifier: MIT */
/* IOAPIC (Intel 82093AA data sheet): index/data window at base+0/+0x10. */
#include "arch/x86_64/io.h"
#include "drivers/apic/apic.h"
#include "skiff/errno.h"

#define IOREGSEL       0x00
#define IOWIN          0x10
#define IOAPICVER      0x01
#define REDTBL(n)      (0x10 + 2 * (n))
#define RTE_MASKED     (1u << 16)
#define RTE_LEVEL      (1u << 15)
#define RTE_ACTIVE_LOW (1u << 13)

static uint32_t rd(uint64_t base, uint32_t reg)
{
    mmio_write32((uintptr_t)base, IOREGSEL, reg);
    return mmio_read32((uintptr_t)base, IOWIN);
}

static void wr(uint64_t base, uint32_t reg, uint32_t v)
{
    mmio_write32((uintptr_t)base, IOREGSEL, reg);
    mmio_write32((uintptr_t)base, IOWIN, v);
}

int ioapic_init(uint64_t base, uint32_t *version)
{
    uint32_t v = rd(base, IOAPICVER);
    if (v == 0xffffffffu || v == 0)
        return -ENODEV;
    int pins = (int)((v >> 16) & 0xff) + 1;
    for (int i = 0; i < pins; i++) {
        wr(base, REDTBL(i) + 1, 0);
        wr(base, REDTBL(i), RTE_MASKED);
    }
    *version = v & 0xff;
    return pins;
}

int ioapic_route(uint64_t base, unsigned pin, uint8_t vector, uint8_t dest,
                 unsigned flags)
{
    uint32_t v = rd(base, IOAPICVER);
    if (v == 0xffffffffu || v == 0)
        return -ENODEV;
    if (pin > ((v >> 16) & 0xff))
        return -EINVAL;
    uint32_t lo = vector;
    if (flags & IOAPIC_LEVEL)
        lo |= RTE_LEVEL;
    if (flags & IOAPIC_ACTIVE_LOW)
        lo |= RTE_ACTIVE_LOW;
    wr(base, REDTBL(pin), lo | RTE_MASKED); /* mask while changing */
    wr(base, REDTBL(pin) + 1, (uint32_t)dest << 24);
    wr(base, REDTBL(pin), lo);
    return 0;
}
