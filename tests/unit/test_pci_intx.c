/* SPDX-License-Identifier: MIT */
/* Host tests of drivers/pci/intx.c: INTx routing on q35 (ICH9), pc
 * (PIIX3) and microvm pcie=on (GPEX) over the simulated configuration
 * space of fakes/pci_fake.c, enumerated the real way first, with the
 * expected GSIs worked out by hand from QEMU's tables; plus bridges
 * nested three deep, unrouted and reserved PIRQs, bad pins and parent
 * chains. */
#include "drivers/pci/pci.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/fakes/io_fake.h"
#include "tests/unit/fakes/pci_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static struct pci_dev devs[64];
static struct pci_enum e;
static const struct pci_cfg pio = {&pci_cfg_pio, 0, 0, 0, 255};

static void walk(void)
{
    memset(devs, 0, sizeof(devs));
    e = (struct pci_enum){.devs = devs, .max = 64};
    assert_int_equal(pci_enumerate(&pio, &e, NULL), 0);
    assert_int_equal(e.problems, 0);
}

static unsigned idx(unsigned bus, unsigned dev, unsigned fn)
{
    for (unsigned i = 0; i < e.n; i++) {
        if (devs[i].bus == bus && devs[i].dev == dev && devs[i].fn == fn)
            return i;
    }
    fail_msg("no function %02x:%02x.%x", bus, dev, fn);
    return 0;
}

static int dev_with_pin(int parent, unsigned dev, unsigned pin)
{
    int i = pfake_add(parent, dev, 0, 0x1af4, 0x1042, 0x010000, 0);
    pfake[i].cfg[PCI_INTERRUPT + 1] = (uint8_t)pin;
    return i;
}

static int bridge(int parent, unsigned dev, unsigned sec, unsigned sub)
{
    int b = pfake_add(parent, dev, 0, 0x1b36, 0x000c, 0x060400, 1);
    pfake_buses(b, parent < 0 ? 0 : pfake[parent].cfg[0x19], sec, sub);
    return b;
}

/* Route function (bus, dev, fn); return the GSI or ISA IRQ, -errno. */
static long route(const struct pci_intx_router *r, unsigned bus, unsigned dev,
                  unsigned fn, struct pci_intx *out)
{
    struct diag d = {""};
    int rc = pci_intx_route(r, devs, e.n, idx(bus, dev, fn), out, &d);
    return rc ? rc : (long)out->irq;
}

/* q35 after SeaBIOS: ICH9 LPC at 1f.0 with PIRQ A-H routed to ISA IRQs
 * 10, 10, 11, 11 (route registers 0x60-0x63, 0x68-0x6b). */
static void q35(void)
{
    pfake_reset();
    pfake_add(-1, 0, 0, 0x8086, 0x29c0, 0x060000, 0);
    int lpc = pfake_add(-1, 31, 0, 0x8086, 0x2918, 0x060100, 0x80);
    static const uint8_t irqs[4] = {10, 10, 11, 11};
    for (unsigned i = 0; i < 4; i++) {
        pfake[lpc].cfg[0x60 + i] = irqs[i];
        pfake[lpc].cfg[0x68 + i] = irqs[i];
    }
    dev_with_pin(-1, 1, 1);
    dev_with_pin(-1, 2, 2);
    int br = bridge(-1, 3, 1, 1);
    dev_with_pin(br, 3, 1);
    /* Root port at 4, switch up and down ports: device pin B. */
    int rp = bridge(-1, 4, 2, 4);
    int up = bridge(rp, 0, 3, 4);
    int down = bridge(up, 0, 4, 4);
    dev_with_pin(down, 0, 2);
    dev_with_pin(-1, 29, 3);
    dev_with_pin(-1, 30, 2);
    walk();
}

static void test_ich9(void **state)
{
    (void)state;
    struct pci_intx_router r;
    struct pci_intx x;
    q35();
    assert_int_equal(pci_intx_router_find(&r, devs, e.n, 0), 0);
    assert_int_equal(r.chip, PCI_INTX_ICH9);
    /* Slot 1 INTA: (1 + 0) % 4 + 4 = PIRQF, GSI 21. */
    assert_int_equal(route(&r, 0, 1, 0, &x), 21);
    assert_int_equal(x.pirq, 5);
    assert_int_equal(x.isa, 0);
    assert_int_equal(x.isa_route, 10); /* register 0x69 */
    /* Slot 2 INTB: (2 + 1) % 4 + 4 = PIRQH, GSI 23, route 0x6b. */
    assert_int_equal(route(&r, 0, 2, 0, &x), 23);
    assert_int_equal(x.isa_route, 11);
    /* Behind the bridge at 3: 01:03 INTA arrives as INTD at slot 3:
     * (3 + 3) % 4 + 4 = PIRQG, GSI 22. */
    assert_int_equal(route(&r, 1, 3, 0, &x), 22);
    assert_int_equal(x.slot, 3);
    assert_int_equal(x.pin, 3);
    /* Three levels at device 0: INTB stays INTB up to slot 4:
     * (4 + 1) % 4 + 4 = PIRQF. */
    assert_int_equal(route(&r, 4, 0, 0, &x), 21);
    assert_int_equal(x.slot, 4);
    assert_int_equal(x.pin, 1);
    /* Slot 29 INTC through D29IR's default 0x3210: PIRQC, GSI 18. */
    assert_int_equal(route(&r, 0, 29, 0, &x), 18);
    assert_int_equal(x.isa_route, 11); /* register 0x62 */
    /* Slot 30 INTB: pin + 4 = PIRQF whatever D30IR says. */
    r.dir[6] = 0;
    assert_int_equal(route(&r, 0, 30, 0, &x), 21);
    /* Firmware's D29IR: INTC to PIRQH (nibble 2 = 7). */
    r.dir[5] = 0x0700;
    assert_int_equal(route(&r, 0, 29, 0, &x), 23);
    /* A disabled 8259 route changes nothing in APIC mode. */
    pfake[1].cfg[0x69] = 0x80;
    assert_int_equal(route(&r, 0, 1, 0, &x), 21);
    assert_int_equal(x.isa_route, 0x80);
}

/* pc: PIIX3 at 01.0 with PIRQ A-D routed to 11, 11, 10, 10 (one
 * disabled, one reserved in the cases below). */
static void test_piix(void **state)
{
    (void)state;
    struct pci_intx_router r;
    struct pci_intx x;
    struct diag d = {""};
    pfake_reset();
    pfake_add(-1, 0, 0, 0x8086, 0x1237, 0x060000, 0);
    int piix = pfake_add(-1, 1, 0, 0x8086, 0x7000, 0x060100, 0x80);
    static const uint8_t irqs[4] = {11, 11, 10, 10};
    memcpy(&pfake[piix].cfg[0x60], irqs, 4);
    dev_with_pin(-1, 3, 1);
    dev_with_pin(-1, 4, 1);
    dev_with_pin(-1, 5, 4);
    int br = bridge(-1, 6, 1, 1);
    dev_with_pin(br, 2, 1);
    walk();
    assert_int_equal(pci_intx_router_find(&r, devs, e.n, 0), 0);
    assert_int_equal(r.chip, PCI_INTX_PIIX);
    /* Slot 3 INTA: (3 - 1 + 0) & 3 = PIRQC -> ISA IRQ 10. */
    assert_int_equal(route(&r, 0, 3, 0, &x), 10);
    assert_int_equal(x.pirq, 2);
    assert_int_equal(x.isa, 1);
    /* Slot 4 INTA: PIRQD; slot 5 INTD: (4 + 3) & 3 = PIRQD. */
    assert_int_equal(route(&r, 0, 4, 0, &x), 10);
    assert_int_equal(x.pirq, 3);
    assert_int_equal(route(&r, 0, 5, 0, &x), 10);
    assert_int_equal(x.pirq, 3);
    /* 01:02 INTA -> INTC at slot 6: (5 + 2) & 3 = PIRQD. */
    assert_int_equal(route(&r, 1, 2, 0, &x), 10);
    assert_int_equal(x.pirq, 3);
    /* Bit 7 set: not routed. */
    pfake[piix].cfg[0x62] = 0x80;
    assert_int_equal(route(&r, 0, 3, 0, &x), -ENODEV);
    /* IRQ 2 (the cascade) is no PCI interrupt. */
    pfake[piix].cfg[0x62] = 2;
    assert_int_equal(pci_intx_route(&r, devs, e.n, idx(0, 3, 0), &x, &d),
                     -EINVAL);
    assert_string_equal(d.msg, "PIRQC routed to reserved ISA IRQ 2");
}

/* microvm pcie=on: GPEX host bridge, INTx on GSI 16-19 (second IOAPIC). */
static void test_gpex(void **state)
{
    (void)state;
    struct pci_intx_router r;
    struct pci_intx x;
    pfake_reset();
    pfake_add(-1, 0, 0, 0x1b36, 0x0008, 0x060000, 0);
    dev_with_pin(-1, 1, 1);
    dev_with_pin(-1, 3, 3);
    int rp = bridge(-1, 2, 1, 1);
    dev_with_pin(rp, 0, 1);
    walk();
    assert_int_equal(pci_intx_router_find(&r, devs, e.n, 16), 0);
    assert_int_equal(r.chip, PCI_INTX_GPEX);
    assert_int_equal(route(&r, 0, 1, 0, &x), 17);
    assert_int_equal(x.pirq, 0xff);
    assert_int_equal(route(&r, 0, 3, 0, &x), 17); /* (3 + 2) % 4 = 1 */
    assert_int_equal(route(&r, 1, 0, 0, &x), 18); /* slot 2 INTA */
    r.gsi_base = 12;                              /* ioapic2=off */
    assert_int_equal(route(&r, 1, 0, 0, &x), 14);
}

static void test_hostile(void **state)
{
    (void)state;
    struct pci_intx_router r;
    struct pci_intx x;
    struct diag d = {""};
    q35();
    assert_int_equal(pci_intx_router_find(&r, devs, e.n, 0), 0);
    unsigned i = idx(0, 1, 0);
    /* No pin, a pin past INTD. */
    devs[i].irq_pin = 0;
    assert_int_equal(pci_intx_route(&r, devs, e.n, i, &x, &d), -ENOENT);
    devs[i].irq_pin = 5;
    assert_int_equal(pci_intx_route(&r, devs, e.n, i, &x, &d), -EINVAL);
    assert_string_equal(d.msg, "00:01.0: interrupt pin 5");
    /* A parent chain that points forward (a loop) is refused. */
    unsigned c = idx(1, 3, 0), b = (unsigned)devs[c].parent;
    devs[b].parent = (int)c;
    assert_int_equal(pci_intx_route(&r, devs, e.n, c, &x, &d), -EINVAL);
    assert_string_equal(d.msg, "00:03.0: parent 4 unusable");
    /* Another segment's root bus has no chipset routing. */
    devs[b].parent = -1;
    devs[b].seg = 1;
    assert_int_equal(pci_intx_route(&r, devs, e.n, c, &x, &d), -ENODEV);
    assert_string_equal(d.msg, "0001:00: not the chipset's root bus");
    /* Out of range index; no known chipset. */
    assert_int_equal(pci_intx_route(&r, devs, e.n, e.n, &x, &d), -EINVAL);
    pfake_reset();
    pfake_add(-1, 0, 0, 0x1234, 0x5678, 0x060000, 0);
    dev_with_pin(-1, 1, 1);
    walk();
    assert_int_equal(pci_intx_router_find(&r, devs, e.n, 0), -ENODEV);
    assert_int_equal(route(&r, 0, 1, 0, &x), -ENODEV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ich9),
        cmocka_unit_test(test_piix),
        cmocka_unit_test(test_gpex),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
