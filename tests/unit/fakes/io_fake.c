/* SPDX-License-Identifier: MIT */
/* io_fake: see io_fake.h. */
#include "tests/unit/fakes/io_fake.h"
#include <string.h>

struct io_fake io_fake;
struct io_fake_leaf io_fake_leaves[IO_FAKE_MAX_LEAVES];
unsigned io_fake_nleaves;
struct io_fake_write io_fake_writes[IO_FAKE_MAX_WRITES];
unsigned io_fake_nwrites;

void io_fake_reset(void)
{
    memset(&io_fake, 0, sizeof(io_fake));
    io_fake_nleaves = 0;
    io_fake_nwrites = 0;
}

void io_fake_cpuid_set(uint32_t leaf, uint32_t sub, uint32_t a, uint32_t b,
                       uint32_t c, uint32_t d)
{
    if (io_fake_nleaves < IO_FAKE_MAX_LEAVES)
        io_fake_leaves[io_fake_nleaves++] =
            (struct io_fake_leaf){leaf, sub, {a, b, c, d}};
}

static uint32_t pin(uint16_t port, int size)
{
    if (io_fake.pio_read)
        return io_fake.pio_read(port, size);
    return size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffffu;
}

static void pout(uint16_t port, int size, uint32_t v)
{
    if (io_fake_nwrites < IO_FAKE_MAX_WRITES)
        io_fake_writes[io_fake_nwrites++] = (struct io_fake_write){port, v};
    if (io_fake.pio_write)
        io_fake.pio_write(port, size, v);
}

uint8_t pio_in8(uint16_t port)
{
    return (uint8_t)pin(port, 1);
}
uint16_t pio_in16(uint16_t port)
{
    return (uint16_t)pin(port, 2);
}
uint32_t pio_in32(uint16_t port)
{
    return pin(port, 4);
}
void pio_out8(uint16_t port, uint8_t v)
{
    pout(port, 1, v);
}
void pio_out16(uint16_t port, uint16_t v)
{
    pout(port, 2, v);
}
void pio_out32(uint16_t port, uint32_t v)
{
    pout(port, 4, v);
}

uint32_t mmio_read32(uintptr_t base, uint32_t off)
{
    return io_fake.mmio_read ? io_fake.mmio_read(base + off) : 0xffffffffu;
}

/* Narrow reads come from the aligned dword. */
uint8_t mmio_read8(uintptr_t base, uint32_t off)
{
    uintptr_t a = base + off;
    return (uint8_t)(mmio_read32(a & ~(uintptr_t)3, 0) >> (8 * (a & 3)));
}

uint16_t mmio_read16(uintptr_t base, uint32_t off)
{
    uintptr_t a = base + off;
    return (uint16_t)(mmio_read32(a & ~(uintptr_t)3, 0) >> (8 * (a & 2)));
}

void mmio_write32(uintptr_t base, uint32_t off, uint32_t v)
{
    if (io_fake.mmio_write)
        io_fake.mmio_write(base + off, v);
}

/* Narrow writes reach mmio_write_narrow when set, else mmio_write. */
void mmio_write8(uintptr_t base, uint32_t off, uint8_t v)
{
    if (io_fake.mmio_write_narrow)
        io_fake.mmio_write_narrow(base + off, 1, v);
    else if (io_fake.mmio_write)
        io_fake.mmio_write(base + off, v);
}

void mmio_write16(uintptr_t base, uint32_t off, uint16_t v)
{
    if (io_fake.mmio_write_narrow)
        io_fake.mmio_write_narrow(base + off, 2, v);
    else if (io_fake.mmio_write)
        io_fake.mmio_write(base + off, v);
}

uint64_t msr_read(uint32_t msr)
{
    return io_fake.msr_read ? io_fake.msr_read(msr) : 0;
}

void msr_write(uint32_t msr, uint64_t v)
{
    if (io_fake.msr_write)
        io_fake.msr_write(msr, v);
}

void cpuid(uint32_t leaf, uint32_t sub, struct cpuid_regs *r)
{
    for (unsigned i = 0; i < io_fake_nleaves; i++) {
        const struct io_fake_leaf *l = &io_fake_leaves[i];
        if (l->leaf == leaf && l->sub == sub) {
            *r = l->r;
            return;
        }
    }
    *r = (struct cpuid_regs){0, 0, 0, 0};
}

uint64_t tsc_read(void)
{
    uint64_t t = io_fake.tsc;
    io_fake.tsc += io_fake.tsc_step;
    return t;
}

void vmware_backdoor(struct cpuid_regs *r)
{
    if (io_fake.backdoor)
        io_fake.backdoor(r);
    else
        r->eax = 0xffffffffu;
}
