/* SPDX-License-Identifier: MIT */
/* Host tests of the power-off and reset paths beyond the basic ones of
 * test_acpi.c: \_S5 in its other shapes (integer encodings, a Method, an
 * SSDT), the PM1b control block, and a reset register in PCI configuration
 * space, on real-shaped and corrupted tables. */
#include "boot/bootinfo.h"
#include "drivers/acpi/acpi.h"
#include "drivers/pci/pci.h"
#include "skiff/diag.h"
#include "skiff/errno.h"
#include "tests/unit/acpi_machines.h"
#include "tests/unit/fakes/io_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define SSDT1_PA 0x83000u
#define SSDT2_PA 0x84000u

static struct boot_mem win = {phys, 0, PHYS_LEN};
static struct acpi_tables tabs;
static struct diag dg;

#define HAS(s, sub) assert_non_null(strstr((s), (sub)))

/* A table (sig) whose AML body is (aml, n), in tb. */
static void aml_table(const char *sig, const uint8_t *aml, size_t n)
{
    sdt_begin(&tb, sig, 2, "BOCHS ");
    emit(&tb, aml, n);
    sdt_end(&tb);
}

static int s5_of(const uint8_t *aml, size_t n, struct acpi_s5 *out)
{
    dg.msg[0] = '\0';
    aml_table("DSDT", aml, n);
    return acpi_aml_s5(tb.b, tb.n, out, &dg);
}

#define S5_OK(aml, a, b)                                                       \
    do {                                                                       \
        struct acpi_s5 v_ = {9, 9};                                            \
        assert_int_equal(s5_of((aml), sizeof(aml), &v_), 0);                   \
        assert_int_equal(v_.typ_a, (a));                                       \
        assert_int_equal(v_.typ_b, (b));                                       \
    } while (0)

#define S5_BAD(aml, want)                                                      \
    do {                                                                       \
        struct acpi_s5 v_;                                                     \
        assert_int_equal(s5_of((aml), sizeof(aml), &v_), -EINVAL);             \
        HAS(dg.msg, (want));                                                   \
    } while (0)

static void test_s5_integers(void **state)
{
    (void)state;
    /* Package(){One, Zero}, {ByteConst 5, WordConst 6}, {DWord 7, QWord 2}. */
    static const uint8_t one_zero[] = {0x08, '_',  'S',  '5',  '_',
                                       0x12, 0x04, 0x02, 0x01, 0x00};
    S5_OK(one_zero, 1, 0);
    static const uint8_t byte_word[] = {0x08, '_',  'S',  '5',  '_',
                                        0x12, 0x07, 0x02, 0x0a, 0x05,
                                        0x0b, 0x06, 0x00};
    S5_OK(byte_word, 5, 6);
    static const uint8_t dword_qword[] = {
        0x08, '_',  'S', '5', '_', 0x12, 0x10, 0x04, 0x0c, 7, 0,   0,
        0,    0x0e, 2,   0,   0,   0,    0,    0,    0,    0, 0x00};
    S5_OK(dword_qword, 7, 2);
    /* One element: PM1b gets PM1a's value. */
    static const uint8_t single[] = {0x08, '_',  'S',  '5',  '_',
                                     0x12, 0x04, 0x01, 0x0a, 0x05};
    S5_OK(single, 5, 5);
    /* NumElements 4 but only one element written: the rest uninitialised. */
    static const uint8_t short_pkg[] = {0x08, '_',  'S',  '5',  '_',
                                        0x12, 0x04, 0x04, 0x0a, 0x03};
    S5_OK(short_pkg, 3, 3);
    /* A bare byte 5 is not an AML integer (0x05 is no opcode). */
    static const uint8_t bare[] = {0x08, '_',  'S',  '5',  '_', 0x12,
                                   0x05, 0x02, 0x05, 0x05, 0x00};
    S5_BAD(bare, "DSDT: _S5_ element 0 at offset 44 is the bare byte 0x05");
    /* OnesOp, a WordConst above 7, a bad second element. */
    static const uint8_t ones[] = {0x08, '_',  'S',  '5', '_',
                                   0x12, 0x03, 0x01, 0xff};
    S5_BAD(ones, "element 0 at offset 44 is not an integer 0-7");
    static const uint8_t big[] = {0x08, '_',  'S',  '5',  '_', 0x12,
                                  0x05, 0x01, 0x0b, 0x00, 0x01};
    S5_BAD(big, "is not an integer 0-7");
    static const uint8_t second[] = {0x08, '_',  'S',  '5',  '_',  0x12,
                                     0x06, 0x02, 0x0a, 0x05, 0x0d, 0x00};
    S5_BAD(second, "element 1 at offset 46 is not an integer 0-7");
    static const uint8_t bare2[] = {0x08, '_',  'S',  '5',  '_', 0x12,
                                    0x05, 0x02, 0x00, 0x07, 0x00};
    S5_BAD(bare2, "element 1 at offset 45 is the bare byte 0x07");
    /* A ByteConst cut by the package's end; a VarPackage. */
    static const uint8_t cut[] = {0x08, '_',  'S',  '5',  '_', 0x12,
                                  0x03, 0x01, 0x0a, 0x05, 0x00};
    S5_BAD(cut, "element 0 at offset 44 is not an integer 0-7");
    static const uint8_t var[] = {0x08, '_',  'S',  '5',  '_',
                                  0x13, 0x04, 0x0a, 0x02, 0x00};
    S5_BAD(var, "DSDT: _S5_ at offset 41 is a VarPackage (unsupported)");
    /* NumElements 1 and nothing after it. */
    static const uint8_t none[] = {0x08, '_', 'S', '5', '_', 0x12, 0x02, 0x01};
    S5_BAD(none, "element 0 missing");
}

static void test_s5_method(void **state)
{
    (void)state;
    struct acpi_s5 v;
    aml_s5_method_table("DSDT", 0, 5, 5);
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &v, &dg), 0);
    assert_int_equal(v.typ_a, 5);
    assert_int_equal(v.typ_b, 5);
    aml_s5_method_table("SSDT", 80, 3, 4); /* two-byte PkgLength */
    assert_int_equal(acpi_aml_s5(tb.b, tb.n, &v, &dg), 0);
    assert_int_equal(v.typ_a, 3);
    assert_int_equal(v.typ_b, 4);
    /* \_S5_ with a root prefix, a one-element package of OneOp. */
    static const uint8_t rooted[] = {0x14, 0x0c, 0x5c, '_',  'S',  '5', '_',
                                     0x00, 0xa4, 0x12, 0x03, 0x01, 0x01};
    S5_OK(rooted, 1, 1);
    /* A method that computes: If (...) first, or Return of a name. */
    static const uint8_t cond[] = {0x14, 0x0d, '_',  'S',  '5',  '_',  0x00,
                                   0xa0, 0x03, 0x01, 0xa4, 0x00, 0xa4, 0x00};
    S5_BAD(cond, "DSDT: Method _S5_ at offset 36 does not start with Return "
                 "(Package)");
    static const uint8_t ref[] = {0x14, 0x0b, '_', 'S', '5', '_',
                                  0x00, 0xa4, 'S', '5', 'P', 'K'};
    S5_BAD(ref, "does not start with Return (Package)");
    /* An empty method; one whose PkgLength runs past the table. */
    static const uint8_t empty[] = {0x14, 0x06, '_', 'S', '5', '_', 0x00};
    S5_BAD(empty, "does not start with Return (Package)");
    static const uint8_t past[] = {0x14, 0x30, '_',  'S',  '5',  '_', 0x00,
                                   0xa4, 0x12, 0x03, 0x01, 0x05, 0x00};
    S5_BAD(past, "DSDT: Method _S5_ at offset 36: PkgLength runs past");
    /* The package's PkgLength runs past the method (not the table). */
    static const uint8_t pkg_past[] = {0x14, 0x0b, '_',  'S',  '5',  '_',
                                       0x00, 0xa4, 0x12, 0x06, 0x01, 0x0a,
                                       0x05, 0x00, 0x00, 0x00};
    S5_BAD(pkg_past, "DSDT: _S5_ package at offset 44: PkgLength runs past");
    /* Methods named otherwise, and a MethodOp at the table's end. */
    static const uint8_t other[] = {0x14, 0x0b, '_',  'S',  '4',  '_', 0x00,
                                    0xa4, 0x12, 0x03, 0x01, 0x01, 0x00};
    assert_int_equal(s5_of(other, sizeof(other), &v), -ENOENT);
    static const uint8_t tail[] = {0x00, 0x14};
    assert_int_equal(s5_of(tail, sizeof(tail), &v), -ENOENT);
    static const uint8_t tail2[] = {0x14, 0x40, '_', 'S', '5'};
    assert_int_equal(s5_of(tail2, sizeof(tail2), &v), -ENOENT);
}

/* QEMU microvm's tables plus two SSDTs in the XSDT; the DSDT without _S5
 * unless (dsdt_s5) >= 0. */
static void machine_ssdt(int dsdt_s5)
{
    uint64_t list[] = {FACP_PA, APIC_PA, SSDT1_PA, SSDT2_PA};
    static const uint8_t noise[] = {0x08, 'C', 'P', 'U', 'S', 0x0a, 0x02};
    machine_microvm();
    dsdt_mmio(dsdt_s5, 2, 0xfeb02c00, 0x200, 0x200, 46, 1);
    root_table(&tb, 8, list, 4);
    place(ROOT_PA, &tb);
    aml_table("SSDT", noise, sizeof(noise));
    place(SSDT1_PA, &tb);
    aml_s5_method_table("SSDT", 0, 6, 6);
    place(SSDT2_PA, &tb);
}

static int tables_s5(struct acpi_s5 *v, const struct acpi_table **from)
{
    dg.msg[0] = '\0';
    *from = NULL;
    assert_int_equal(acpi_tables_walk(&win, MVM_RSDP, &tabs, NULL, &dg), 0);
    return acpi_tables_s5(&win, &tabs, v, from, &dg);
}

static void test_s5_ssdt(void **state)
{
    (void)state;
    struct acpi_s5 v;
    const struct acpi_table *from;
    /* The DSDT has none: the second SSDT's Method. */
    machine_ssdt(-1);
    assert_int_equal(tables_s5(&v, &from), 0);
    assert_int_equal(v.typ_a, 6);
    assert_non_null(from);
    assert_int_equal(from->pa, SSDT2_PA);
    assert_string_equal(from->sig, "SSDT");
    /* The DSDT's comes first. */
    machine_ssdt(5);
    assert_int_equal(tables_s5(&v, &from), 0);
    assert_int_equal(v.typ_a, 5);
    assert_string_equal(from->sig, "DSDT");
    /* A corrupt SSDT (bad checksum) is passed over... */
    machine_ssdt(-1);
    phys[SSDT2_PA + 40] ^= 1;
    assert_int_equal(tables_s5(&v, &from), -ENOENT);
    assert_null(from);
    /* ...a malformed _S5 in the first SSDT decides, naming the SSDT. */
    machine_ssdt(-1);
    static const uint8_t bad[] = {0x08, '_', 'S', '5', '_', 0x0a, 0x05};
    aml_table("SSDT", bad, sizeof(bad));
    place(SSDT1_PA, &tb);
    assert_int_equal(tables_s5(&v, &from), -EINVAL);
    HAS(dg.msg, "SSDT: _S5_ at offset 41 is not a Package");
    assert_int_equal(from->pa, SSDT1_PA);
    /* No DSDT at all (FADT pointer 0): the SSDT still counts. */
    machine_ssdt(-1);
    memset(phys + DSDT_PA, 0, 64);
    assert_int_equal(tables_s5(&v, &from), 0);
    assert_int_equal(from->pa, SSDT2_PA);
    /* Firecracker: no _S5 anywhere, no SSDT. */
    machine_fc();
    dg.msg[0] = '\0';
    assert_int_equal(acpi_tables_walk(&win, FC_RSDP, &tabs, NULL, &dg), 0);
    assert_int_equal(acpi_tables_s5(&win, &tabs, &v, NULL, &dg), -ENOENT);
}

/* Port writes, in order, through the fake. */
static void test_pm1b(void **state)
{
    (void)state;
    struct acpi_fadt f;
    struct acpi_power p;
    struct acpi_s5 s5 = {5, 6};
    /* ACPI 1.0 FADT with PM1a_CNT 0x604 and PM1b_CNT 0x4004. */
    fadt_begin(&tb, 1, 116, DSDT_PA);
    put_le(tb.b + 64, 0x604, 4);
    put_le(tb.b + 68, 0x4004, 4);
    sdt_end(&tb);
    assert_int_equal(acpi_fadt_parse(tb.b, tb.n, &f, &dg), 0);
    assert_int_equal(f.pm1b_cnt.space, ACPI_GAS_IO);
    assert_int_equal(f.pm1b_cnt.addr, 0x4004);
    acpi_power_plan(&f, &s5, &p);
    assert_int_equal(p.off, ACPI_OFF_PM1A);
    assert_int_equal(p.off_b, 1);
    assert_int_equal(p.off_value, 5 << 10 | 0x2000);
    assert_int_equal(p.off_value_b, 6 << 10 | 0x2000);
    io_fake_reset();
    assert_int_equal(acpi_power_off_with(&p), 0);
    assert_int_equal(io_fake_nwrites, 2);
    assert_int_equal(io_fake_writes[0].port, 0x604); /* PM1a first */
    assert_int_equal(io_fake_writes[0].v, 0x3400);
    assert_int_equal(io_fake_writes[1].port, 0x4004);
    assert_int_equal(io_fake_writes[1].v, 0x3800);
    /* A rev-3 FADT whose X_PM1b_CNT_BLK (184) overrides PM1b_CNT_BLK. */
    fadt_begin(&tb, 3, 244, DSDT_PA);
    put_le(tb.b + 64, 0x604, 4);
    put_le(tb.b + 68, 0x4004, 4);
    fadt_gas(&tb, 184, ACPI_GAS_IO, 16, 0x5004);
    sdt_end(&tb);
    assert_int_equal(acpi_fadt_parse(tb.b, tb.n, &f, &dg), 0);
    assert_int_equal(f.pm1b_cnt.addr, 0x5004);
    /* Cut before 196: X_PM1b is absent, PM1b_CNT_BLK stays. */
    fadt_begin(&tb, 3, 190, DSDT_PA);
    put_le(tb.b + 68, 0x4004, 4);
    fadt_gas(&tb, 172, ACPI_GAS_IO, 16, 0x604);
    sdt_end(&tb);
    assert_int_equal(acpi_fadt_parse(tb.b, tb.n, &f, &dg), 0);
    assert_int_equal(f.pm1b_cnt.addr, 0x4004);
    /* No PM1b (QEMU pc): one write. A PM1b port past 0xffff is unusable. */
    machine_pc(0);
    assert_int_equal(acpi_fadt_parse(phys + FACP_PA, 116, &f, &dg), 0);
    assert_int_equal(f.pm1b_cnt.addr, 0);
    acpi_power_plan(&f, &s5, &p);
    assert_int_equal(p.off_b, 0);
    io_fake_reset();
    acpi_power_off_with(&p);
    assert_int_equal(io_fake_nwrites, 1);
    f.pm1b_cnt = (struct acpi_gas){ACPI_GAS_IO, 16, 0, 2, 0x10004};
    acpi_power_plan(&f, &s5, &p);
    assert_int_equal(p.off_b, 0);
    /* Hardware-reduced ACPI has no PM1 blocks to use, nor does no _S5. */
    f.pm1b_cnt.addr = 0x4004;
    acpi_power_plan(&f, NULL, &p);
    assert_int_equal(p.off, ACPI_OFF_NONE);
    assert_int_equal(p.off_b, 0);
    f.flags |= ACPI_FADT_HW_REDUCED;
    f.sleep_ctl = (struct acpi_gas){ACPI_GAS_IO, 8, 0, 1, 0x600};
    acpi_power_plan(&f, &s5, &p);
    assert_int_equal(p.off, ACPI_OFF_SLEEPCTL);
    assert_int_equal(p.off_b, 0);
}

/* A fake segment 0: one dword of configuration space, and the last write. */
static uint32_t cfg_dword;
static unsigned cfg_reads, cfg_writes, cfg_bus, cfg_dev, cfg_fn, cfg_off;

static uint32_t cfg_read(const struct pci_cfg *c, unsigned bus, unsigned dev,
                         unsigned fn, unsigned off)
{
    (void)c;
    cfg_reads++;
    cfg_bus = bus, cfg_dev = dev, cfg_fn = fn, cfg_off = off;
    return cfg_dword;
}

static void cfg_write(const struct pci_cfg *c, unsigned bus, unsigned dev,
                      unsigned fn, unsigned off, uint32_t v)
{
    (void)c;
    cfg_writes++;
    cfg_bus = bus, cfg_dev = dev, cfg_fn = fn, cfg_off = off;
    cfg_dword = v;
}

static const struct pci_cfg_ops cfg_ops = {cfg_read, cfg_write};
static const struct pci_cfg cfg = {&cfg_ops, 0, 0, 0, 0};

/* A rev-3 FADT with RESET_REG_SUP and RESET_REG in PCI space at (addr). */
static void fadt_pci_reset(struct acpi_fadt *f, uint64_t addr)
{
    fadt_begin(&tb, 3, 244, DSDT_PA);
    put_le(tb.b + 112, ACPI_FADT_RESET_REG_SUP, 4);
    fadt_gas(&tb, 116, ACPI_GAS_PCI, 8, addr);
    tb.b[128] = 0x06;
    sdt_end(&tb);
    assert_int_equal(acpi_fadt_parse(tb.b, tb.n, f, &dg), 0);
}

static void test_reset_pci(void **state)
{
    (void)state;
    struct acpi_fadt f;
    struct acpi_power p;
    /* Device 0x1f, function 3, offset 0xad: bus 0 by definition. */
    fadt_pci_reset(&f, 0x0000001f000300adull);
    assert_int_equal(f.reset.space, ACPI_GAS_PCI);
    acpi_power_plan(&f, NULL, &p);
    assert_int_equal(p.reset, 1);
    assert_int_equal(acpi_reset_with(&p, NULL), -ENODEV);
    cfg_dword = 0x11223344u;
    cfg_reads = cfg_writes = 0;
    io_fake_reset();
    assert_int_equal(acpi_reset_with(&p, &cfg), 0);
    assert_int_equal(cfg_reads, 1);
    assert_int_equal(cfg_writes, 1);
    assert_int_equal(cfg_bus, 0);
    assert_int_equal(cfg_dev, 0x1f);
    assert_int_equal(cfg_fn, 3);
    assert_int_equal(cfg_off, 0xac);
    assert_int_equal(cfg_dword, 0x11220644u); /* only byte 1 replaced */
    assert_int_equal(io_fake_nwrites, 0);     /* no port I/O of its own */
    /* Offset 0 of a dword, and the last byte of the 256. */
    fadt_pci_reset(&f, 0x0000000100000040ull);
    acpi_power_plan(&f, NULL, &p);
    cfg_dword = 0xffffffffu;
    assert_int_equal(acpi_reset_with(&p, &cfg), 0);
    assert_int_equal(cfg_dword, 0xffffff06u);
    assert_int_equal(cfg_dev, 1);
    fadt_pci_reset(&f, 0x00000000000000ffull);
    acpi_power_plan(&f, NULL, &p);
    assert_int_equal(p.reset, 1);
    /* Out of range: device 32, function 8, offset 0x100, bits 63:48. */
    static const uint64_t bad[] = {0x0000002000000010ull, 0x0000000100080010ull,
                                   0x0000000100000100ull,
                                   0x0001000100000010ull};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        fadt_pci_reset(&f, bad[i]);
        acpi_power_plan(&f, NULL, &p);
        assert_int_equal(p.reset, 0);
        assert_int_equal(acpi_reset_with(&p, &cfg), -ENODEV);
    }
    /* PCI space is for the reset register only: not for PM1a_CNT. */
    memset(&f, 0, sizeof(f));
    f.pm1a_cnt = (struct acpi_gas){ACPI_GAS_PCI, 16, 0, 2, 0x100000040ull};
    struct acpi_s5 s5 = {0, 0};
    acpi_power_plan(&f, &s5, &p);
    assert_int_equal(p.off, ACPI_OFF_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_s5_integers), cmocka_unit_test(test_s5_method),
        cmocka_unit_test(test_s5_ssdt),     cmocka_unit_test(test_pm1b),
        cmocka_unit_test(test_reset_pci),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
