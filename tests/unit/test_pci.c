/* SPDX-License-Identifier: MIT */
/* Host tests of drivers/pci against the simulated configuration space of
 * fakes/pci_fake.c: both access methods, bridges and switches (configured
 * by firmware or numbered by Skiff), multi-function devices, BAR sizing
 * and assignment, capabilities, the listing, and hostile values. */
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
static const struct pci_cfg pio = {&pci_cfg_pio, 0, 0, 0, 255};
static const struct pci_cfg ecam = {&pci_cfg_ecam, PFAKE_ECAM, 0, 0, 255};

static struct pci_enum fresh(unsigned max)
{
    memset(devs, 0, sizeof(devs));
    return (struct pci_enum){.devs = devs, .max = max};
}

static const struct pci_dev *at(const struct pci_enum *e, unsigned bus,
                                unsigned dev, unsigned fn)
{
    for (unsigned i = 0; i < e->n; i++) {
        if (devs[i].bus == bus && devs[i].dev == dev && devs[i].fn == fn)
            return &devs[i];
    }
    return NULL;
}

/* q35 after SeaBIOS: host bridge, a multi-function device, a root port
 * with a three-level switch below, a 64-bit BAR at 256 GiB. */
static void q35_like(void)
{
    pfake_reset();
    pfake_add(-1, 0, 0, 0x8086, 0x29c0, 0x060000, 0);
    int mf = pfake_add(-1, 1, 0, 0x1af4, 0x1000, 0x020000, 0x80);
    pfake_bar(mf, 0, 0x20, PFAKE_IO, 0xc000);
    pfake_bar(mf, 1, 0x1000, 0, 0xfe000000);
    pfake_cap(mf, 0x98, PCI_CAP_MSIX, 0x84);
    pfake_cap(mf, 0x84, PCI_CAP_VENDOR, 0x70);
    pfake_cap(mf, 0x70, PCI_CAP_VENDOR, 0);
    pfake_add(-1, 1, 1, 0x1af4, 0x1001, 0x010000, 0x80);
    pfake_add(-1, 1, 5, 0x1af4, 0x1005, 0x00ff00, 0x80);
    int rp = pfake_add(-1, 2, 0, 0x1b36, 0x000c, 0x060400, 1);
    pfake_buses(rp, 0, 1, 3);
    int up = pfake_add(rp, 0, 0, 0x104c, 0x8232, 0x060400, 1);
    pfake_buses(up, 1, 2, 3);
    int down = pfake_add(up, 0, 0, 0x104c, 0x8233, 0x060400, 1);
    pfake_buses(down, 2, 3, 3);
    int blk = pfake_add(down, 0, 0, 0x1af4, 0x1042, 0x010000, 0);
    pfake_bar(blk, 4, 0x4000, PFAKE_MEM64 | PFAKE_PREF, 0x4000000000ull);
    pfake_add(-1, 0x1f, 0, 0x8086, 0x2918, 0x060100, 0x80);
}

static void check_q35(const struct pci_enum *e)
{
    assert_int_equal(e->n, 9);
    assert_int_equal(e->problems, 0);
    assert_int_equal(e->buses, 4);
    const struct pci_dev *p = at(e, 0, 1, 0);
    assert_non_null(p);
    assert_int_equal(p->bar[0].kind, PCI_BAR_IO);
    assert_int_equal(p->bar[0].addr, 0xc000);
    assert_int_equal(p->bar[0].size, 0x20);
    assert_int_equal(p->bar[1].kind, PCI_BAR_MEM32);
    assert_int_equal(p->bar[1].size, 0x1000);
    assert_int_equal(p->cap_msix, 0x98);
    assert_int_equal(p->ncaps, 3);
    assert_int_equal(pci_cap_find(p, PCI_CAP_VENDOR, 0), 0x84);
    assert_int_equal(pci_cap_find(p, PCI_CAP_VENDOR, 0x84), 0x70);
    assert_int_equal(pci_cap_find(p, PCI_CAP_VENDOR, 0x70), 0);
    assert_non_null(at(e, 0, 1, 5)); /* functions may have gaps */
    p = at(e, 3, 0, 0);
    assert_non_null(p);
    assert_int_equal(p->depth, 3);
    assert_int_equal(p->bar[4].kind, PCI_BAR_MEM64);
    assert_int_equal(p->bar[4].prefetch, 1);
    assert_int_equal(p->bar[4].addr, 0x4000000000ull);
    assert_int_equal(p->bar[4].size, 0x4000);
    assert_int_equal(p->bar[5].kind, PCI_BAR_NONE);
    const struct pci_dev *down = &devs[p->parent];
    assert_int_equal(down->device, 0x8233);
    assert_int_equal(down->sec, 3);
    assert_int_equal(devs[down->parent].device, 0x8232);
}

static void test_q35_pio(void **state)
{
    (void)state;
    q35_like();
    struct pci_enum e = fresh(64);
    assert_int_equal(pci_enumerate(&pio, &e, NULL), 0);
    check_q35(&e);
}

static void test_q35_ecam(void **state)
{
    (void)state;
    q35_like();
    struct pci_enum e = fresh(64);
    assert_int_equal(pci_enumerate(&ecam, &e, NULL), 0);
    check_q35(&e);
    /* sizing restored every BAR */
    assert_int_equal(pfake_get32(1, 0x10), 0xc001);
    assert_int_equal(pfake_get32(1, 0x14), 0xfe000000);
}

static void test_listing(void **state)
{
    (void)state;
    q35_like();
    struct pci_enum e = fresh(64);
    pci_enumerate(&pio, &e, NULL);
    char buf[128];
    pci_dev_format(at(&e, 0, 1, 0), buf, sizeof(buf));
    assert_string_equal(buf, "0000:00:01.0 1af4:1000 0200 ethernet: "
                             "virtio-net (transitional) [msi-x]");
    pci_dev_format(at(&e, 0, 2, 0), buf, sizeof(buf));
    assert_string_equal(buf, "0000:00:02.0 1b36:000c 0604 PCI bridge: QEMU "
                             "PCIe root port [bus 01-03]");
    assert_string_equal(pci_dev_name(0x15ad, 0x07b0), "VMware vmxnet3");
    assert_string_equal(pci_dev_name(0x15ad, 0x07c0), "VMware pvscsi");
    assert_string_equal(pci_dev_name(0x15ad, 0x0790), "VMware PCI bridge");
    assert_null(pci_dev_name(0x15ad, 0x1234));
    assert_string_equal(pci_class_name(0x123456), "other");
}

/* microvm pcie=on / unassigned: Skiff numbers the buses and places BARs. */
static void test_assign(void **state)
{
    (void)state;
    pfake_reset();
    pfake_add(-1, 0, 0, 0x1b36, 0x0008, 0x060000, 0);
    int a = pfake_add(-1, 1, 0, 0x1af4, 0x1041, 0x020000, 0);
    pfake_bar(a, 1, 0x1000, 0, 0);
    pfake_bar(a, 4, 0x4000, PFAKE_MEM64 | PFAKE_PREF, 0);
    int rp = pfake_add(-1, 2, 0, 0x1b36, 0x000c, 0x060400, 1);
    int up = pfake_add(rp, 0, 0, 0x104c, 0x8232, 0x060400, 1);
    int down = pfake_add(up, 0, 0, 0x104c, 0x8233, 0x060400, 1);
    int blk = pfake_add(down, 0, 0, 0x1af4, 0x1042, 0x010000, 0);
    pfake_bar(blk, 4, 0x4000, PFAKE_MEM64 | PFAKE_PREF, 0);
    pfake_bar(blk, 0, 0x40, PFAKE_IO, 0);
    int rp2 = pfake_add(-1, 3, 0, 0x1b36, 0x000c, 0x060400, 1);
    pfake_add(rp2, 0, 0, 0x1af4, 0x1044, 0x00ff00, 0);
    struct pci_enum e = fresh(64);
    e.assign = 1;
    e.mem32 = (struct pci_window){0xc0000000u, 0xe0000000u};
    e.mem64 = (struct pci_window){0x8000000000ull, 0x9000000000ull};
    e.io = (struct pci_window){0x1000, 0x1010}; /* too small for 0x40 */
    struct diag d = {""};
    assert_int_equal(pci_enumerate(&ecam, &e, &d), 0);
    assert_int_equal(e.n, 8);
    /* no room in the I/O window: the I/O BAR stays unassigned */
    assert_int_equal(e.problems, 1);
    assert_non_null(strstr(d.msg, "03:00.0 BAR0: no room"));
    assert_int_equal(pfake[rp].cfg[0x19], 1);
    assert_int_equal(pfake[rp].cfg[0x1a], 3);
    assert_int_equal(pfake[up].cfg[0x19], 2);
    assert_int_equal(pfake[down].cfg[0x19], 3);
    assert_int_equal(pfake[down].cfg[0x1a], 3);
    assert_int_equal(pfake[rp2].cfg[0x19], 4);
    assert_int_equal(pfake[rp2].cfg[0x1a], 4);
    const struct pci_dev *p = at(&e, 3, 0, 0);
    assert_non_null(p);
    uint64_t ba = p->bar[4].addr;
    assert_true(ba >= 0x8000000000ull && ba < 0x9000000000ull);
    assert_int_equal(ba & 0x3fff, 0);
    assert_int_equal(pfake_get32(blk, 0x20), (uint32_t)ba | 0xc);
    assert_int_equal(pfake_get32(blk, 0x24), (uint32_t)(ba >> 32));
    assert_true(pfake_get32(blk, 4) & PCI_CMD_MEM);
    /* the root port's prefetchable window covers the BAR */
    uint32_t pw = pfake_get32(rp, PCI_PREF_BASE);
    uint64_t pb =
        (uint64_t)pfake_get32(rp, PCI_PREF_UPPER) << 32 | (pw & 0xfff0) << 16;
    uint64_t pl = (uint64_t)pfake_get32(rp, PCI_PREF_UPPER + 4) << 32 |
                  (pw >> 16 & 0xfff0) << 16 | 0xfffff;
    assert_true(pb <= ba && ba + 0x4000 - 1 <= pl);
    /* the device on bus 0 was placed too, outside the root port's window */
    p = at(&e, 0, 1, 0);
    assert_true(p->bar[1].addr >= 0xc0000000u);
    assert_true(p->bar[4].addr < pb);
    assert_non_null(at(&e, 4, 0, 0));
}

/* A bridge's I/O window [base, limit] from its registers (0x1C/0x1D,
 * upper halves at 0x30/0x32); base > limit when closed. */
static void io_window(int idx, uint32_t *base, uint32_t *limit)
{
    uint32_t up = pfake_get32(idx, PCI_IO_UPPER);
    *base = (pfake[idx].cfg[PCI_IO_BASE] & 0xf0u) << 8 | (up & 0xffff) << 16;
    *limit = (pfake[idx].cfg[PCI_IO_BASE + 1] & 0xf0u) << 8 | 0xfff |
             (up >> 16) << 16;
}

static void (*ecam_write)(uintptr_t, uint32_t);
static unsigned rp_cmd_writes, rp_io_upper_writes;

/* Count some writes to 00:01.0. */
static void count_cmd(uintptr_t a, uint32_t v)
{
    rp_cmd_writes += a == PFAKE_ECAM + (1u << 15) + PCI_COMMAND;
    rp_io_upper_writes += a == PFAKE_ECAM + (1u << 15) + PCI_IO_UPPER;
    ecam_write(a, v);
}

/* Skiff assigning I/O BARs: behind a three-level switch with the
 * bridges' I/O windows opened in 4 KiB steps, or, without an I/O window
 * (microvm), left unassigned and said so. */
static void test_io_windows(void **state)
{
    (void)state;
    pfake_reset();
    pfake_add(-1, 0, 0, 0x1b36, 0x0008, 0x060000, 0);
    int rp = pfake_add(-1, 1, 0, 0x1b36, 0x000c, 0x060400, 1);
    int up = pfake_add(rp, 0, 0, 0x104c, 0x8232, 0x060400, 1);
    int dn = pfake_add(up, 0, 0, 0x104c, 0x8233, 0x060400, 1);
    int ep = pfake_add(dn, 0, 0, 0x1af4, 0x1001, 0x010000, 0);
    pfake_bar(ep, 0, 0x40, PFAKE_IO, 0);
    pfake_bar(ep, 1, 0x1000, 0, 0);
    int rp2 = pfake_add(-1, 2, 0, 0x1b36, 0x000c, 0x060400, 1);
    pfake_bar(pfake_add(rp2, 0, 0, 0x1af4, 0x1044, 0x00ff00, 0), 1, 0x1000, 0,
              0);
    int root = pfake_add(-1, 3, 0, 0x1af4, 0x1005, 0x00ff00, 0);
    pfake_bar(root, 0, 0x20, PFAKE_IO, 0);
    struct pci_enum e = fresh(64);
    e.assign = 1;
    e.mem32 = (struct pci_window){0xc0000000u, 0xe0000000u};
    e.io = (struct pci_window){0x1000, 0x10000};
    struct diag d = {""};
    ecam_write = io_fake.mmio_write;
    io_fake.mmio_write = count_cmd;
    rp_cmd_writes = rp_io_upper_writes = 0;
    pfake[rp].cfg[PCI_IO_BASE + 2] = 0x80; /* a status bit, write 1 to clear */
    assert_int_equal(pci_enumerate(&ecam, &e, &d), 0);
    io_fake.mmio_write = ecam_write;
    /* the I/O window's upper half already read 0: not written */
    assert_int_equal(rp_io_upper_writes, 0);
    /* the status bit was written as 0, a no-op on hardware, not back as
     * the 1 read, which would clear it (the fake just stores) */
    assert_int_equal(pfake[rp].cfg[PCI_IO_BASE + 2], 0);
    assert_int_equal(e.problems, 0);
    assert_int_equal(e.no_window, 0);
    /* decoding was off already: one write, after the windows */
    assert_int_equal(rp_cmd_writes, 1);
    assert_int_equal(pfake_get32(rp, PCI_COMMAND) & 0xffff,
                     PCI_CMD_IO | PCI_CMD_MEM | PCI_CMD_MASTER);
    const struct pci_dev *p = at(&e, 3, 0, 0);
    assert_int_equal(p->bar[0].addr, 0x1000);
    assert_int_equal(pfake_get32(ep, PCI_BAR0), 0x1001);
    assert_true(pfake_get32(ep, PCI_COMMAND) & PCI_CMD_IO);
    uint32_t b, l;
    const int chain[] = {rp, up, dn};
    for (int i = 0; i < 3; i++) {
        io_window(chain[i], &b, &l);
        assert_int_equal(b, 0x1000);
        assert_int_equal(l, 0x1fff);
    }
    io_window(rp2, &b, &l); /* nothing below: closed */
    assert_true(b > l);
    p = at(&e, 0, 3, 0); /* on the root bus: after, outside the windows */
    assert_int_equal(p->bar[0].addr, 0x2000);
    char note[80];
    assert_int_equal(pci_bar_note(p, 0, note, sizeof(note)), 0);
    assert_string_equal(note, "");

    /* no I/O window at all (microvm pcie=on); the root port decodes now:
     * turned off for sizing, then on */
    e = fresh(64);
    e.assign = 1;
    e.mem32 = (struct pci_window){0xc0000000u, 0xe0000000u};
    io_fake.mmio_write = count_cmd;
    rp_cmd_writes = 0;
    assert_int_equal(pci_enumerate(&ecam, &e, &d), 0);
    io_fake.mmio_write = ecam_write;
    assert_int_equal(rp_cmd_writes, 2);
    assert_int_equal(e.problems, 0);
    assert_int_equal(e.no_window, 2);
    p = at(&e, 3, 0, 0);
    assert_int_equal(p->bar[0].addr, 0);
    assert_true(p->bar[1].addr >= 0xc0000000u);
    assert_true(pci_bar_note(p, 0, note, sizeof(note)) > 0);
    assert_string_equal(note, "no I/O window: BAR0 of 03:00.0 left unassigned");
    assert_int_equal(pci_bar_note(p, 1, note, sizeof(note)), 0);
    assert_int_equal(pci_bar_note(p, 9, note, sizeof(note)), 0);
    assert_false(pfake_get32(ep, PCI_COMMAND) & PCI_CMD_IO);
    assert_true(pfake_get32(ep, PCI_COMMAND) & PCI_CMD_MEM);
    pci_bar_note(at(&e, 0, 3, 0), 0, note, sizeof(note));
    assert_string_equal(note, "no I/O window: BAR0 of 00:03.0 left unassigned");
    for (int i = 0; i < 3; i++) {
        io_window(chain[i], &b, &l);
        assert_true(b > l);
    }
}

/* A bridge with a PCIe capability of port type (type), or none (-1),
 * with functions at devices 0 and 3 below it. */
static void port_with(int type)
{
    pfake_reset();
    int b = pfake_add(-1, 1, 0, 0x1b36, 0x000c, 0x060400, 1);
    pfake_buses(b, 0, 1, 1);
    if (type >= 0) {
        pfake_cap(b, 0x40, PCI_CAP_PCIE, 0);
        pfake[b].cfg[0x42] = (uint8_t)(type << 4 | 2);
    }
    pfake_add(b, 0, 0, 0x1af4, 0x1041, 0x020000, 0);
    pfake_add(b, 3, 0, 0x1af4, 0x1042, 0x010000, 0);
}

/* Below a PCIe root or downstream port only device 0 is probed; below an
 * upstream port or a conventional bridge, all 32. */
static void test_pcie_port_slots(void **state)
{
    (void)state;
    static const struct {
        int type;
        unsigned n;
    } cases[] = {{4, 2}, {6, 2}, {5, 3}, {7, 3}, {-1, 3}};
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        port_with(cases[i].type);
        struct pci_enum e = fresh(64);
        pci_enumerate(&ecam, &e, NULL);
        assert_int_equal(e.n, cases[i].n);
        assert_non_null(at(&e, 1, 0, 0));
        assert_int_equal(at(&e, 1, 3, 0) != NULL, cases[i].n == 3);
    }
}

/* Hostile values: the walk ends, drops what is absurd and says so. */
static void test_hostile(void **state)
{
    (void)state;
    struct diag d = {""};
    pfake_reset();
    int ones = pfake_add(-1, 0, 0, 0x1234, 0x0001, 0x020000, 0);
    pfake[ones].all_ones = 1;
    struct pci_enum e = fresh(64);
    pci_enumerate(&pio, &e, &d);
    assert_int_equal(e.n, 1);
    for (int i = 0; i < PCI_BARS; i++)
        assert_int_equal(devs[0].bar[i].kind, PCI_BAR_NONE);
    assert_true(e.problems >= 1);
    assert_non_null(strstr(d.msg, "00:00.0 BAR"));

    /* capability loop */
    pfake_reset();
    int c = pfake_add(-1, 0, 0, 0x1234, 0x0002, 0x020000, 0);
    pfake_cap(c, 0x40, PCI_CAP_VENDOR, 0x50);
    pfake_cap(c, 0x50, PCI_CAP_VENDOR, 0x40);
    e = fresh(64);
    pci_enumerate(&pio, &e, &d);
    assert_int_equal(e.problems, 1);
    assert_non_null(strstr(d.msg, "capability list: loop back to 0x40"));
    assert_int_equal(pci_cap_find(&devs[0], PCI_CAP_MSIX, 0), 0);
    pfake[c].cfg[0x51] = 0x10;
    e = fresh(64);
    pci_enumerate(&pio, &e, &d);
    assert_non_null(strstr(d.msg, "pointer into the header 0x10"));

    /* bridge pointing back at its own bus, refusing new numbers */
    pfake_reset();
    int b = pfake_add(-1, 0, 0, 0x1b36, 0x0001, 0x060400, 1);
    pfake_buses(b, 0, 0, 0);
    pfake[b].ro_buses = 1;
    pfake_add(b, 0, 0, 0x1af4, 0x1041, 0x020000, 0);
    e = fresh(64);
    pci_enumerate(&pio, &e, &d);
    assert_int_equal(e.n, 1);
    assert_non_null(strstr(d.msg, "bridge refuses bus number 1"));

    /* bus numbers out of order: subordinate below secondary; renumbered */
    pfake_reset();
    b = pfake_add(-1, 0, 0, 0x1b36, 0x0001, 0x060400, 1);
    pfake_buses(b, 0, 5, 3);
    pfake_add(b, 2, 0, 0x1af4, 0x1041, 0x020000, 0);
    e = fresh(64);
    pci_enumerate(&pio, &e, &d);
    assert_int_equal(e.n, 2);
    assert_non_null(strstr(d.msg, "bridge buses 5-3 unusable; renumbered"));
    assert_non_null(at(&e, 1, 2, 0));

    /* two bridges claiming the same bus: the second is renumbered */
    pfake_reset();
    b = pfake_add(-1, 0, 0, 0x1b36, 0x0001, 0x060400, 1);
    pfake_buses(b, 0, 1, 1);
    int b2 = pfake_add(-1, 1, 0, 0x1b36, 0x0001, 0x060400, 1);
    pfake_buses(b2, 0, 1, 1);
    e = fresh(64);
    pci_enumerate(&pio, &e, &d);
    assert_int_equal(e.n, 2);
    assert_int_equal(pfake[b2].cfg[0x19], 2);
    assert_int_equal(e.buses, 3);

    /* a chain of bridges deeper than PCI_MAX_DEPTH */
    pfake_reset();
    int up = -1;
    for (int i = 0; i < 24; i++)
        up = pfake_add(up, 0, 0, 0x1b36, 0x000c, 0x060400, 1);
    e = fresh(64);
    pci_enumerate(&pio, &e, &d);
    assert_int_equal(e.n, PCI_MAX_DEPTH);
    assert_non_null(strstr(d.msg, "nested deeper than 16"));

    /* more functions than room: counted */
    pfake_reset();
    for (unsigned i = 0; i < 20; i++)
        pfake_add(-1, i, 0, 0x1af4, 0x1041, 0x020000, 0);
    e = fresh(8);
    pci_enumerate(&ecam, &e, &d);
    assert_int_equal(e.n, 8);
    assert_int_equal(e.dropped, 12);

    /* no multi-function bit: functions 1-7 are not scanned */
    pfake_reset();
    pfake_add(-1, 0, 0, 0x1af4, 0x1041, 0x020000, 0);
    pfake_add(-1, 0, 1, 0x1af4, 0x1042, 0x010000, 0);
    e = fresh(8);
    pci_enumerate(&ecam, &e, &d);
    assert_int_equal(e.n, 1);
}

/* Every bridge found sits inside its parent's bus range, and its
 * registers say what the enumeration recorded. */
static void check_nested(const struct pci_enum *e)
{
    for (unsigned i = 0; i < e->n; i++) {
        const struct pci_dev *p = &devs[i];
        if (p->hdr != 1 || !p->sec)
            continue;
        assert_true(p->sec > p->bus && p->sub >= p->sec);
        assert_int_equal(pci_read8(p, PCI_BUSES + 1), p->sec);
        assert_int_equal(pci_read8(p, PCI_BUSES + 2), p->sub);
        if (p->parent >= 0) {
            assert_true(p->sec > devs[p->parent].sec);
            assert_true(p->sub <= devs[p->parent].sub);
        }
    }
}

/* A root port, a switch's upstream port and one or two downstream ports
 * with an endpoint each, bus numbers as firmware left them. Returns the
 * upstream port's index. */
static int switch3(unsigned rp_sub, unsigned up_sub, unsigned dn_sec,
                   unsigned dn_sub, int second)
{
    pfake_reset();
    int rp = pfake_add(-1, 1, 0, 0x1b36, 0x000c, 0x060400, 1);
    pfake_buses(rp, 0, 1, rp_sub);
    int up = pfake_add(rp, 0, 0, 0x104c, 0x8232, 0x060400, 1);
    pfake_buses(up, 1, 2, up_sub);
    int dn = pfake_add(up, 0, 0, 0x104c, 0x8233, 0x060400, 1);
    pfake_buses(dn, 2, dn_sec, dn_sub);
    pfake_add(dn, 0, 0, 0x1af4, 0x1042, 0x010000, 0);
    if (second) {
        int dn2 = pfake_add(up, 1, 0, 0x104c, 0x8233, 0x060400, 1);
        pfake_buses(dn2, 2, 4, 4);
        pfake_add(dn2, 0, 0, 0x1af4, 0x1044, 0x00ff00, 0);
    }
    return up;
}

static void counts(const struct pci_enum *e, unsigned problems, unsigned n,
                   unsigned buses)
{
    assert_int_equal(e->problems, problems);
    assert_int_equal(e->n, n);
    assert_int_equal(e->buses, buses);
}

static struct pci_enum walk(struct diag *d)
{
    struct pci_enum e = fresh(64);
    assert_int_equal(pci_enumerate(&ecam, &e, d), 0);
    return e;
}

/* Bridge bus numbers against the parent's range: firmware's are kept
 * only inside it (refused past it, renumbered inside it when absurd or
 * taken); Skiff's own stay inside it; nothing is scanned twice. */
static void test_bus_limits(void **state)
{
    (void)state;
    struct diag d = {""};
    struct pci_enum e;

    /* the sane three-level switch */
    switch3(3, 3, 3, 3, 0);
    e = walk(&d);
    counts(&e, 0, 4, 4);
    assert_non_null(at(&e, 3, 0, 0));
    check_nested(&e);

    /* downstream port reaching past the upstream port's 02-03: refused */
    switch3(9, 3, 3, 9, 0);
    e = walk(&d);
    counts(&e, 1, 3, 3);
    assert_string_equal(d.msg, "02:00.0: bridge buses 03-09 outside its "
                               "parent's range 02-03; not scanned");
    assert_null(at(&e, 3, 0, 0));
    check_nested(&e);

    /* wholly past it */
    switch3(3, 3, 5, 5, 0);
    e = walk(&d);
    assert_non_null(strstr(d.msg, "bridge buses 05-05 outside its parent's "
                                  "range 02-03"));
    assert_int_equal(e.buses, 3);

    /* the upstream port reaching past the root port's 01-02: its subtree
     * is not scanned at all */
    switch3(2, 3, 3, 3, 0);
    e = walk(&d);
    assert_non_null(strstr(d.msg, "01:00.0: bridge buses 02-03 outside its "
                                  "parent's range 01-02"));
    assert_int_equal(e.buses, 2);
    assert_int_equal(e.n, 2);

    /* siblings overlapping: the second downstream port (04-04 inside
     * 03-04 of the first) is renumbered to 05, inside 02-05 */
    switch3(5, 5, 3, 4, 1);
    e = walk(&d);
    assert_int_equal(e.problems, 1);
    assert_non_null(strstr(d.msg, "02:01.0: bridge buses 4-4 unusable"));
    assert_non_null(at(&e, 3, 0, 0));
    assert_non_null(at(&e, 5, 0, 0));
    assert_int_equal(e.buses, 5);
    check_nested(&e);

    /* no number left inside the parent's range for the renumbering */
    switch3(4, 4, 3, 4, 1);
    e = walk(&d);
    assert_non_null(strstr(d.msg, "02:01.0: no bus number left"));
    assert_int_equal(e.buses, 4);
    check_nested(&e);

    /* absurd numbers below a firmware bridge: renumbered inside it */
    switch3(3, 3, 0, 0, 0);
    e = walk(&d);
    assert_int_equal(e.problems, 0); /* unset, not wrong */
    assert_non_null(at(&e, 3, 0, 0));
    check_nested(&e);

    /* the last bus number: a bridge on bus ff has nothing left below */
    switch3(0xff, 0xff, 0xff, 0xff, 0);
    e = walk(&d);
    assert_int_equal(e.problems, 0);
    assert_non_null(at(&e, 0xff, 0, 0));
    check_nested(&e);
    pfake_buses(0, 0, 0xff, 0xff);
    e = walk(&d);
    assert_non_null(strstr(d.msg, "ff:00.0: no bus number left"));
    assert_int_equal(e.buses, 2);

    /* Skiff numbering, nested, in a segment of buses 00-03: the switch
     * gets 01-03, the next root port nothing */
    switch3(0, 0, 0, 0, 0);
    int rp2 = pfake_add(-1, 2, 0, 0x1b36, 0x000c, 0x060400, 1);
    pfake_add(rp2, 0, 0, 0x1af4, 0x1044, 0x00ff00, 0);
    struct pci_cfg four = {&pci_cfg_ecam, PFAKE_ECAM, 0, 0, 3};
    e = fresh(64);
    e.assign = 1;
    pci_enumerate(&four, &e, &d);
    assert_int_equal(e.problems, 1);
    assert_non_null(strstr(d.msg, "00:02.0: no bus number left"));
    assert_non_null(at(&e, 3, 0, 0));
    assert_int_equal(e.buses, 4);
    check_nested(&e);
}

static void test_access(void **state)
{
    (void)state;
    q35_like();
    struct pci_cfg seg1 = pio;
    seg1.seg = 1;
    assert_int_equal(pci_cfg_pio.read32(&seg1, 0, 0, 0, 0), 0xffffffffu);
    assert_int_equal(pci_cfg_pio.read32(&pio, 0, 32, 0, 0), 0xffffffffu);
    assert_int_equal(pci_cfg_pio.read32(&pio, 0, 0, 0, 0x100), 0xffffffffu);
    assert_int_equal(pci_cfg_ecam.read32(&ecam, 0, 0, 0, 0), 0x29c08086u);
    struct pci_cfg narrow = {&pci_cfg_ecam, PFAKE_ECAM, 0, 0, 0};
    assert_int_equal(pci_cfg_ecam.read32(&narrow, 1, 0, 0, 0), 0xffffffffu);
    struct pci_enum e = fresh(64);
    struct diag d = {""};
    assert_int_equal(pci_enumerate(&narrow, &e, &d), 0);
    assert_int_equal(e.n, 6);        /* bus 0 only: the root port has no bus */
    assert_int_equal(e.problems, 1); /* buses 1-3 are not in the window */
    assert_string_equal(d.msg, "00:02.0: bridge buses 01-03 outside the "
                               "segment's buses 00-00; not scanned");
    struct pci_cfg bad = {&pci_cfg_ecam, PFAKE_ECAM, 0, 5, 4};
    assert_int_equal(pci_enumerate(&bad, &e, NULL), -EINVAL);
}

/* cloud-hypervisor's shape: one MCFG entry per segment, bus 0 only, each
 * 1 MiB apart; port I/O reaches segment 0 only. */
static void test_segments(void **state)
{
    (void)state;
    pfake_reset();
    pfake_add(-1, 0, 0, 0x8086, 0x0d57, 0x060000, 0);
    int b = pfake_add(-1, 1, 0, 0x1af4, 0x1042, 0x010000, 0);
    pfake_bar(b, 0, 0x80000, PFAKE_MEM64, 0x10000000000ull);
    pfake_cap(b, 0x40, PCI_CAP_MSIX, 0);
    struct pci_cfg seg1 = {&pci_cfg_ecam, PFAKE_ECAM, 1, 0, 0};
    struct pci_enum e = fresh(64);
    assert_int_equal(pci_enumerate(&seg1, &e, NULL), 0);
    assert_int_equal(e.n, 2);
    assert_int_equal(e.buses, 1);
    assert_int_equal(devs[1].seg, 1);
    assert_int_equal(devs[1].bar[0].addr, 0x10000000000ull); /* 1 TiB */
    assert_int_equal(devs[1].bar[0].size, 0x80000);
    char buf[96];
    pci_dev_format(&devs[1], buf, sizeof(buf));
    assert_string_equal(buf, "0001:00:01.0 1af4:1042 0100 SCSI storage: "
                             "virtio-blk [msi-x]");
    struct pci_cfg pio1 = {&pci_cfg_pio, 0, 1, 0, 0};
    e = fresh(64);
    pci_enumerate(&pio1, &e, NULL);
    assert_int_equal(e.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_q35_pio),
        cmocka_unit_test(test_q35_ecam),
        cmocka_unit_test(test_listing),
        cmocka_unit_test(test_assign),
        cmocka_unit_test(test_bus_limits),
        cmocka_unit_test(test_io_windows),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_access),
        cmocka_unit_test(test_segments),
        cmocka_unit_test(test_pcie_port_slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
