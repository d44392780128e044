/* SPDX-License-Identifier: MIT */
/*
 * io: the hardware seam. Every port, MMIO, MSR, CPUID and control-register
 * access of the kernel goes through these accessors, the only inline asm
 * outside arch/. The kernel build gets static inline functions; the host
 * build (-DSKIFF_HOSTED) gets declarations, which tests/unit/fakes/io_fake.c
 * implements against simulated devices.
 */
#ifndef SKIFF_IO_H
#define SKIFF_IO_H
#include <stdint.h>

struct cpuid_regs {
    uint32_t eax, ebx, ecx, edx;
};

#ifdef SKIFF_HOSTED
uint8_t pio_in8(uint16_t port);
uint16_t pio_in16(uint16_t port);
uint32_t pio_in32(uint16_t port);
void pio_out8(uint16_t port, uint8_t v);
void pio_out16(uint16_t port, uint16_t v);
void pio_out32(uint16_t port, uint32_t v);
uint32_t mmio_read32(uintptr_t base, uint32_t off);
uint8_t mmio_read8(uintptr_t base, uint32_t off);
uint16_t mmio_read16(uintptr_t base, uint32_t off);
void mmio_write32(uintptr_t base, uint32_t off, uint32_t v);
void mmio_write8(uintptr_t base, uint32_t off, uint8_t v);
void mmio_write16(uintptr_t base, uint32_t off, uint16_t v);
uint64_t msr_read(uint32_t msr);
void msr_write(uint32_t msr, uint64_t v);
void cpuid(uint32_t leaf, uint32_t sub, struct cpuid_regs *r);
uint64_t tsc_read(void);
void vmware_backdoor(struct cpuid_regs *r);
int rdrand64(uint64_t *v);
uint64_t hypercall_page_call(const void *page, uint64_t control, uint64_t in,
                             uint64_t out);
static inline void cpu_relax(void) {}
#else
/* RDRAND (check CPUID.1:ECX bit 30 first): 1 with a value, 0 when the
 * generator had none ready (the caller retries a few times). */
static inline int rdrand64(uint64_t *v)
{
    uint8_t ok;
    __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
    return ok;
}

static inline uint8_t pio_in8(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t pio_in16(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t pio_in32(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void pio_out8(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void pio_out16(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void pio_out32(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t mmio_read32(uintptr_t base, uint32_t off)
{
    return *(volatile uint32_t *)(base + off);
}

/* Byte and word registers that must be read narrow (virtio-pci's ISR,
 * which a read clears, and its 16-bit common configuration fields). */
static inline uint8_t mmio_read8(uintptr_t base, uint32_t off)
{
    return *(volatile uint8_t *)(base + off);
}

static inline uint16_t mmio_read16(uintptr_t base, uint32_t off)
{
    return *(volatile uint16_t *)(base + off);
}

static inline void mmio_write32(uintptr_t base, uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(base + off) = v;
}

/* Byte and word registers (ACPI GAS of width 8/16, such as QEMU microvm's
 * sleep control byte) must not be written 32 bits wide. */
static inline void mmio_write8(uintptr_t base, uint32_t off, uint8_t v)
{
    *(volatile uint8_t *)(base + off) = v;
}

static inline void mmio_write16(uintptr_t base, uint32_t off, uint16_t v)
{
    *(volatile uint16_t *)(base + off) = v;
}

static inline uint64_t msr_read(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void msr_write(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr"
                     :
                     : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t sub, struct cpuid_regs *r)
{
    __asm__ volatile("cpuid"
                     : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
                     : "a"(leaf), "c"(sub));
}

static inline uint64_t tsc_read(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

/* A 4 KiB page of kernel text (arch/x86_64/hvpage.S, int3 until the
 * hypervisor overlays its hypercall code there). */
extern uint8_t hypercall_page[4096];

/* Hyper-V hypercall through (page), TLFS §3.8: control in RCX, input
 * GPA (or first fast argument) in RDX, output GPA (or second) in R8;
 * the result in RAX. R9-R11 may be clobbered, as Linux assumes. */
static inline uint64_t hypercall_page_call(const void *page, uint64_t control,
                                           uint64_t in, uint64_t out)
{
    uint64_t rax;
    register uint64_t r8 __asm__("r8") = out;
    __asm__ volatile("call *%[pg]"
                     : "=a"(rax), "+c"(control), "+d"(in), "+r"(r8)
                     : [pg] "r"(page)
                     : "r9", "r10", "r11", "cc", "memory");
    return rax;
}

/* VMware's backdoor: `inl` from the port in EDX with a command in EAX..EDX;
 * the hypervisor answers in all four registers. Elsewhere a plain port
 * read: EAX all ones, the others unchanged; never a fault at ring 0. */
static inline void vmware_backdoor(struct cpuid_regs *r)
{
    __asm__ volatile("inl %%dx, %%eax"
                     : "+a"(r->eax), "+b"(r->ebx), "+c"(r->ecx), "+d"(r->edx)
                     :
                     : "memory");
}
#endif

/* Control registers, interrupt flag and halting: kernel-only. */
#ifndef SKIFF_HOSTED
static inline uint64_t cr_read0(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}
static inline void cr_write0(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}
static inline uint64_t cr_read2(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
static inline uint64_t cr_read3(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
static inline void cr_write3(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}
static inline uint64_t cr_read4(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}
static inline void cr_write4(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}
static inline void xcr_write(uint32_t idx, uint64_t v)
{
    __asm__ volatile("xsetbv"
                     :
                     : "c"(idx), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline void irq_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}
static inline void irq_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
}
/* Enable interrupts and halt atomically: sti's one-instruction shadow means
 * an interrupt pending at sti wakes the hlt instead of being lost. */
static inline void cpu_wait_irq(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}
static inline void cpu_halt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}
static inline void barrier(void)
{
    __asm__ volatile("" ::: "memory");
}
#endif

#endif
