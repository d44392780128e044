/* SPDX-License-Identifier: MIT */
/*
 * io_fake: the host implementation of arch/x86_64/io.h. Each kind of access
 * goes to a hook a test installs; without a hook, reads return all ones
 * (what an absent device gives) and writes go nowhere. CPUID answers from a
 * table of leaves. Every port write is also recorded for inspection.
 */
#ifndef SKIFF_IO_FAKE_H
#define SKIFF_IO_FAKE_H
#include "arch/x86_64/io.h"
#include <stddef.h>
#include <stdint.h>

struct io_fake {
    uint32_t (*pio_read)(uint16_t port, int size);
    void (*pio_write)(uint16_t port, int size, uint32_t v);
    uint32_t (*mmio_read)(uintptr_t addr);
    void (*mmio_write)(uintptr_t addr, uint32_t v);
    void (*mmio_write_narrow)(uintptr_t addr, int size, uint32_t v);
    uint64_t (*msr_read)(uint32_t msr);
    void (*msr_write)(uint32_t msr, uint64_t v);
    void (*backdoor)(struct cpuid_regs *r); /* NULL: EAX reads all ones */
    uint64_t tsc, tsc_step; /* tsc_read returns tsc, then adds tsc_step */
};

#define IO_FAKE_MAX_LEAVES 32
#define IO_FAKE_MAX_WRITES 4096

struct io_fake_leaf {
    uint32_t leaf, sub;
    struct cpuid_regs r;
};

extern struct io_fake io_fake;
extern struct io_fake_leaf io_fake_leaves[IO_FAKE_MAX_LEAVES];
extern unsigned io_fake_nleaves;

/* Port writes seen since the last io_fake_reset(). */
struct io_fake_write {
    uint16_t port;
    uint32_t v;
};
extern struct io_fake_write io_fake_writes[IO_FAKE_MAX_WRITES];
extern unsigned io_fake_nwrites;

void io_fake_reset(void);
void io_fake_cpuid_set(uint32_t leaf, uint32_t sub, uint32_t a, uint32_t b,
                       uint32_t c, uint32_t d);

#endif
