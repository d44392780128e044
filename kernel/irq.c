/* SPDX-License-Identifier: MIT */
/* Device interrupts by GSI: see irq.h. */
#include "kernel/irq.h"
#include "arch/x86_64/cpu.h"
#include "drivers/apic/apic.h"
#include "kernel/kernel.h"
#include "skiff/errno.h"

#define VEC_FIRST  0x30
#define VEC_LAST   0x4f /* 32 lines: more than any monitor gives a guest */
#define IOAPIC_MAX 4
#define NO_GSI     0xffffffffu /* a message-signalled vector */

struct line {
    uint32_t gsi;
    unsigned flags, n;
    irq_fn fn[IRQ_SHARE];
    void *ctx[IRQ_SHARE];
};

static struct line lines[VEC_LAST - VEC_FIRST + 1];
static unsigned nlines;
static struct {
    uint64_t base;
    uint32_t gsi_base;
    int pins;
} ioapics[IOAPIC_MAX];
static unsigned nioapics;

int irq_add_ioapic(uint64_t base, uint32_t gsi_base, int pins)
{
    if (nioapics == IOAPIC_MAX || pins <= 0)
        return -ENOSPC;
    ioapics[nioapics].base = base;
    ioapics[nioapics].gsi_base = gsi_base;
    ioapics[nioapics++].pins = pins;
    return 0;
}

static void dispatch(struct trap_frame *tf)
{
    struct line *l = &lines[tf->vector - VEC_FIRST];
    for (unsigned i = 0; i < l->n; i++)
        l->fn[i](l->ctx[i]);
    lapic_eoi();
}

int irq_attach(uint32_t gsi, unsigned flags, irq_fn fn, void *ctx)
{
    for (unsigned v = 0; v < nlines; v++) {
        struct line *l = &lines[v];
        if (l->gsi != gsi)
            continue;
        if (l->flags != flags || l->n == IRQ_SHARE)
            return -EBUSY;
        l->fn[l->n] = fn;
        l->ctx[l->n++] = ctx;
        return (int)(VEC_FIRST + v);
    }
    unsigned k = 0;
    while (k < nioapics &&
           (gsi < ioapics[k].gsi_base ||
            gsi - ioapics[k].gsi_base >= (uint32_t)ioapics[k].pins))
        k++;
    if (k == nioapics)
        return -ENODEV;
    if (nlines == sizeof(lines) / sizeof(lines[0]))
        return -ENOSPC;
    unsigned vec = VEC_FIRST + nlines;
    if (trap_register(vec, dispatch))
        return -EBUSY;
    lines[nlines++] = (struct line){gsi, flags, 1, {fn}, {ctx}};
    int rc =
        ioapic_route(ioapics[k].base, gsi - ioapics[k].gsi_base, (uint8_t)vec,
                     (uint8_t)kernel_state()->lapic.id, flags);
    return rc ? rc : (int)vec;
}

int irq_alloc_vector(irq_fn fn, void *ctx)
{
    if (nlines == sizeof(lines) / sizeof(lines[0]))
        return -ENOSPC;
    unsigned vec = VEC_FIRST + nlines;
    if (trap_register(vec, dispatch))
        return -EBUSY;
    lines[nlines++] = (struct line){NO_GSI, 0, 1, {fn}, {ctx}};
    return (int)vec;
}

void irq_msi_message(int vector, uint64_t *addr, uint32_t *data)
{
    *addr = 0xfee00000ull | (uint64_t)(kernel_state()->lapic.id & 0xff) << 12;
    *data = (uint32_t)vector & 0xff;
}
