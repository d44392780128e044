/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the hardware-facing code against simulated devices: the
 * 16550 console (present, absent, stuck), CPUID decoding, the IOAPIC and the
 * PIT reference, and the log's early buffering.
 */
#include "drivers/apic/apic.h"
#include "drivers/uart/uart.h"
#include "kernel/cpuinfo.h"
#include "kernel/log.h"
#include "kernel/vmware.h"
#include "skiff/errno.h"
#include "tests/unit/fakes/io_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* A 16550 at COM1: scratch register, LSR with THRE, and a transmit log. */
static uint8_t scratch, lcr;
static int lsr_busy; /* 1: THRE never sets (a wedged UART) */
static char tx[256];
static size_t ntx;

static uint32_t uart_read(uint16_t port, int size)
{
    (void)size;
    if (port == UART_COM1 + 7)
        return scratch;
    if (port == UART_COM1 + 5)
        return lsr_busy ? 0x00 : 0x60;
    return 0;
}

static void uart_wr(uint16_t port, int size, uint32_t v)
{
    (void)size;
    if (port == UART_COM1 + 7)
        scratch = (uint8_t)v;
    if (port == UART_COM1 + 3)
        lcr = (uint8_t)v;
    if (port == UART_COM1 && !(lcr & 0x80) && ntx < sizeof(tx))
        tx[ntx++] = (char)v;
}

static int setup_uart(void **state)
{
    (void)state;
    io_fake_reset();
    io_fake.pio_read = uart_read;
    io_fake.pio_write = uart_wr;
    lsr_busy = 0;
    ntx = 0;
    return 0;
}

static void test_uart_present(void **state)
{
    (void)state;
    assert_int_equal(uart_init(UART_COM1), 0);
    assert_true(uart_present());
    uart_write("a\nb", 3);
    assert_int_equal(ntx, 4);
    assert_memory_equal(tx, "a\r\nb", 4);
}

static void test_uart_absent(void **state)
{
    (void)state;
    io_fake_reset(); /* every port reads 0xff */
    assert_int_equal(uart_init(UART_COM1), -ENODEV);
    assert_false(uart_present());
    unsigned before = io_fake_nwrites;
    uart_write("hello", 5);
    assert_int_equal(io_fake_nwrites, before); /* silent, no port access */
}

static void test_uart_stuck_gives_up(void **state)
{
    (void)state;
    assert_int_equal(uart_init(UART_COM1), 0);
    lsr_busy = 1;
    uart_write("x", 1); /* must return: bounded wait */
    assert_false(uart_present());
    assert_int_equal(ntx, 0);
}

static void test_cpuinfo_decode(void **state)
{
    (void)state;
    io_fake_reset();
    /* "GenuineIntel", family 6 model 0x55, SSE2+x2APIC+hypervisor, NX. */
    io_fake_cpuid_set(0, 0, 0xd, 0x756e6547, 0x6c65746e, 0x49656e69);
    io_fake_cpuid_set(1, 0, 0x00050654, 0, (1u << 21) | (1u << 31), 1u << 26);
    io_fake_cpuid_set(0x80000000, 0, 0x80000008, 0, 0, 0);
    io_fake_cpuid_set(0x80000001, 0, 0, 0, 0, 1u << 20);
    io_fake_cpuid_set(0x80000008, 0, 0x3028, 0, 0, 0);
    io_fake_cpuid_set(0x40000000, 0, 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d);
    struct cpuinfo ci;
    cpuinfo_read(&ci);
    assert_string_equal(ci.vendor, "GenuineIntel");
    assert_int_equal(ci.family, 6);
    assert_int_equal(ci.model, 0x55);
    assert_int_equal(ci.stepping, 4);
    assert_string_equal(ci.hv_sig, "KVMKVMKVM");
    assert_int_equal(ci.phys_bits, 40);
    char f[256];
    cpuinfo_features(&ci, f, sizeof(f));
    assert_string_equal(f, "sse2 x2apic hypervisor nx");
    assert_true(cpuinfo_has(&ci, "x2apic"));
    assert_false(cpuinfo_has(&ci, "rdseed"));
    char small[8];
    assert_int_equal(cpuinfo_features(&ci, small, sizeof(small)),
                     (int)strlen(f));
    assert_string_equal(small, "sse2 x2");
}

/* IOAPIC: a version register reporting 24 pins; writes recorded. */
static uint32_t ioregsel, redir[48];
static uint32_t ioapic_rd(uintptr_t a)
{
    if (a == 0xfec00010)
        return ioregsel == 1 ? 0x00170020 : redir[ioregsel - 0x10];
    return 0;
}
static void ioapic_wr(uintptr_t a, uint32_t v)
{
    if (a == 0xfec00000)
        ioregsel = v;
    else if (a == 0xfec00010 && ioregsel >= 0x10)
        redir[ioregsel - 0x10] = v;
}

static void test_ioapic_masks_all(void **state)
{
    (void)state;
    io_fake_reset();
    uint32_t ver;
    assert_int_equal(ioapic_init(0xfec00000, &ver), -ENODEV); /* all ones */
    io_fake.mmio_read = ioapic_rd;
    io_fake.mmio_write = ioapic_wr;
    assert_int_equal(ioapic_init(0xfec00000, &ver), 24);
    assert_int_equal(ver, 0x20);
    for (int i = 0; i < 24; i++)
        assert_int_equal(redir[2 * i], 1u << 16);
}

/* PIT: channel 0 status and count after a read-back command. */
static uint8_t pit_bytes[3];
static int pit_at;
static uint32_t pit_rd(uint16_t port, int size)
{
    (void)size;
    return port == 0x40 && pit_at < 3 ? pit_bytes[pit_at++] : 0xff;
}

static void test_pit_reference(void **state)
{
    (void)state;
    io_fake_reset();
    io_fake.pio_read = pit_rd;
    pit_bytes[0] = 0x30, pit_bytes[1] = 0x34, pit_bytes[2] = 0xf2; /* 0xf234 */
    pit_at = 0;
    assert_int_equal(pit_ref_elapsed(), 0xffff - 0xf234);
    pit_bytes[0] = 0xb0; /* OUT high: wrapped */
    pit_at = 0;
    assert_int_equal(pit_ref_elapsed(), -1);
    io_fake.pio_read = NULL; /* no PIT: reads all ones */
    assert_int_equal(pit_ref_elapsed(), -1);
}

/* Log: buffered until log_start, then replayed in order with stamps. */
static char sink_buf[4096];
static size_t sink_len;
static void sink(const char *s, size_t n)
{
    memcpy(sink_buf + sink_len, s, n);
    sink_len += n;
    sink_buf[sink_len] = 0;
}
static uint64_t clock_ns(uint64_t tsc)
{
    (void)tsc;
    return 1234567000;
}

static void test_log_early_buffer(void **state)
{
    (void)state;
    log_sink_add(sink);
    log_info("early %d\n", 1);
    log_debug("dropped\n"); /* above the default threshold */
    log_raw("raw\n");
    assert_int_equal(sink_len, 0);
    log_start(clock_ns);
    assert_string_equal(sink_buf, "[    1.234567] early 1\nraw\n");
    log_warn("late\n");
    assert_non_null(strstr(sink_buf, "[    1.234567] late\n"));
}

static void backdoor_vmware(struct cpuid_regs *r)
{
    if (r->eax == VMWARE_MAGIC && r->ecx == VMWARE_GETVERSION &&
        (r->edx & 0xffff) == VMWARE_PORT) {
        r->eax = 6;
        r->ebx = VMWARE_MAGIC;
        r->ecx = 2;
    }
}

static void test_vmware_detect(void **state)
{
    (void)state;
    struct vmware_info v;
    io_fake_reset(); /* no hypervisor bit, backdoor reads all ones */
    io_fake_cpuid_set(1, 0, 0, 0, 0, 0);
    vmware_detect(&v);
    assert_int_equal(v.cpuid, 0);
    assert_int_equal(v.backdoor, 0);
    io_fake_cpuid_set(1, 0, 0, 0, 1u << 31, 0);
    io_fake_leaves[0] = io_fake_leaves[1];
    io_fake_nleaves = 1;
    io_fake_cpuid_set(0x40000000u, 0, 0x40000010u, 0x61774d56u, 0x4d566572u,
                      0x65726177u); /* "VMwareVMware" */
    io_fake.backdoor = backdoor_vmware;
    vmware_detect(&v);
    assert_int_equal(v.cpuid, 1);
    assert_int_equal(v.backdoor, 1);
    assert_int_equal(v.version, 6);
    assert_int_equal(v.product, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_uart_present, setup_uart),
        cmocka_unit_test_setup(test_uart_absent, setup_uart),
        cmocka_unit_test_setup(test_uart_stuck_gives_up, setup_uart),
        cmocka_unit_test(test_cpuinfo_decode),
        cmocka_unit_test(test_vmware_detect),
        cmocka_unit_test(test_ioapic_masks_all),
        cmocka_unit_test(test_pit_reference),
        cmocka_unit_test(test_log_early_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
