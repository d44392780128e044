/* SPDX-License-Identifier: MIT */
/*
 * Descriptor tables and CPU feature enabling for the boot CPU.
 * The GDT itself is in entry.S (the 32-bit path needs it before any C runs);
 * here it gains a TSS whose IST1 stack takes double faults, page faults,
 * NMIs and machine checks, so that a fault caused by running into the stack
 * guard page still has a stack to report on. Spec: Intel SDM vol. 3A §6.14,
 * §7.7 (TSS), §13 (XSAVE).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/asm.h"
#include "arch/x86_64/io.h"
#include "lib/klib/klib.h"
#include "skiff/errno.h"

struct idt_entry {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_entry) == 16, "IDT entry is 16 bytes");

struct tss {
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1;
    uint64_t ist[7];
    uint64_t rsvd2;
    uint16_t rsvd3, iomap;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");

struct dt_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

extern uint64_t gdt64[];
extern char trap_stubs[];

static struct idt_entry idt[256] __attribute__((aligned(16)));
static struct tss tss __attribute__((aligned(16)));

/* Vectors whose handler must not trust the interrupted stack. */
static int uses_ist(unsigned v)
{
    return v == 2 || v == 8 || v == 14 || v == 18;
}

static void tss_install(void)
{
    uint64_t base = (uintptr_t)&tss;
    uint64_t limit = sizeof(tss) - 1;
    tss.ist[0] = (uintptr_t)ist_stack_top;
    tss.iomap = sizeof(tss); /* no I/O bitmap */
    /* Available 64-bit TSS (type 9), present; the base spans two slots. */
    gdt64[KERNEL_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                            (0x89ull << 40) | (((limit >> 16) & 0xf) << 48) |
                            (((base >> 24) & 0xff) << 56);
    gdt64[KERNEL_TSS / 8 + 1] = base >> 32;
    __asm__ volatile("ltr %w0" : : "r"(KERNEL_TSS));
}

void cpu_set_kernel_stack(uint64_t top)
{
    tss.rsp[0] = top;
}

void cpu_tables_init(void)
{
    for (unsigned v = 0; v < 256; v++) {
        uint64_t a = (uintptr_t)trap_stubs + 16 * v;
        idt[v] = (struct idt_entry){
            .off_lo = a & 0xffff,
            .sel = KERNEL_CS,
            .ist = uses_ist(v) ? 1 : 0,
            .type = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
            .off_mid = (a >> 16) & 0xffff,
            .off_hi = a >> 32,
        };
    }
    tss_install();
    struct dt_ptr p = {sizeof(idt) - 1, (uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(p));
}

#define CR0_MP         (1u << 1)
#define CR0_EM         (1u << 2)
#define CR0_NE         (1u << 5)
#define CR0_WP         (1u << 16)
#define CR4_OSFXSR     (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define CR4_OSXSAVE    (1u << 18)
#define EFER_NXE       (1u << 11)
#define XCR0_X87       1u
#define XCR0_SSE       2u
#define XCR0_AVX       4u
#define XCR0_AVX512    0xe0u

/* XSAVE state components to enable: x87 and SSE always, AVX and AVX-512
 * only when CPUID reports both the instructions and the state. */
static uint64_t xcr0_wanted(const struct cpuid_regs *l1)
{
    struct cpuid_regs d, l7;
    cpuid(0xd, 0, &d);
    uint64_t want = XCR0_X87 | XCR0_SSE;
    if (l1->ecx & (1u << 28))
        want |= XCR0_AVX;
    cpuid(7, 0, &l7);
    if ((want & XCR0_AVX) && (l7.ebx & (1u << 16)))
        want |= XCR0_AVX512;
    return want & d.eax;
}

uint64_t cpu_features_enable(void)
{
    struct cpuid_regs l1, ext;
    cpuid(1, 0, &l1);
    cr_write0((cr_read0() & ~(uint64_t)CR0_EM) | CR0_MP | CR0_NE | CR0_WP);
    uint64_t cr4 = cr_read4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
    int xsave = (l1.ecx >> 26) & 1;
    if (xsave)
        cr4 |= CR4_OSXSAVE;
    cr_write4(cr4);
    /* A clean x87 and SSE state: round-to-nearest, all exceptions masked. */
    uint32_t mxcsr = 0x1f80;
    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
    uint64_t xcr0 = 0;
    if (xsave) {
        xcr0 = xcr0_wanted(&l1);
        xcr_write(0, xcr0);
    }
    cpuid(0x80000000, 0, &ext);
    if (ext.eax >= 0x80000001) {
        cpuid(0x80000001, 0, &ext);
        if (ext.edx & (1u << 20))
            msr_write(MSR_EFER, msr_read(MSR_EFER) | EFER_NXE);
    }
    return xcr0;
}

_Noreturn void cpu_triple_fault(void)
{
    struct dt_ptr empty = {0, 0};
    __asm__ volatile("lidt %0; ud2" : : "m"(empty));
    __builtin_unreachable();
}
