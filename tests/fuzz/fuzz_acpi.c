/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the ACPI parsers (drivers/acpi): the RSDP parser and
 * scan, the table walk, MADT, MCFG, FADT, the AML walk (_S5 as a Name or a
 * Method, LNRO0005), the DSDT-then-SSDT search for _S5, and the power
 * plan's writes (a reset register in PCI space goes to a checking stub).
 *
 * Input: bytes 0-1 the RSDP offset in the window (little-endian), byte 2
 * a mode, then the data. The data is parsed three ways:
 *   1. as is, by every parser (mostly rejected by signature or checksum);
 *   2. copied to an exact-size heap buffer with the signature that mode % 5
 *      picks (APIC, MCFG, FACP, DSDT, RSDP) and, for tables, the checksum
 *      fixed, so the fuzzer reaches the bodies; mode bit 7 also sets the
 *      header's length to the buffer's size;
 *   3. as guest-physical memory at 0xE0000, walked from the RSDP offset and
 *      scanned for an RSDP; every valid table the walk returns is parsed
 *      where it lies.
 * The harness checks the documented limits of each result and traps when
 * one is broken; ASan catches any read outside the input.
 *
 * Build: make build/fuzz/fuzz_acpi (clang, -fsanitize=fuzzer,address,
 * undefined). Seeds: tests/fuzz/corpus/acpi/, written by
 * tests/fuzz/gen_acpi_seeds.c from the unit tests' machine tables.
 */
#include "boot/bootinfo.h"
#include "drivers/acpi/acpi.h"
#include "drivers/pci/pci.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define WINDOW 0xe0000u

static struct acpi_tables tabs;
static struct diag why[ACPI_MAX_TABLES];

static void check(int ok)
{
    if (!ok)
        __builtin_trap();
}

static void check_diag(const struct diag *d)
{
    check(memchr(d->msg, '\0', sizeof(d->msg)) != NULL);
}

/* Segment 0 configuration access that traps on an access the power code
 * must never make: another bus, a device, function or offset out of range. */
static uint32_t cfg_read(const struct pci_cfg *c, unsigned bus, unsigned dev,
                         unsigned fn, unsigned off)
{
    (void)c;
    check(bus == 0 && dev < 32 && fn < 8 && off < 0x100 && off % 4 == 0);
    return 0xffffffffu;
}

static void cfg_write(const struct pci_cfg *c, unsigned bus, unsigned dev,
                      unsigned fn, unsigned off, uint32_t v)
{
    (void)v;
    cfg_read(c, bus, dev, fn, off);
}

static const struct pci_cfg_ops cfg_ops = {cfg_read, cfg_write};
static const struct pci_cfg cfg = {&cfg_ops, 0, 0, 0, 0};

static void parse_all(const uint8_t *b, size_t n)
{
    struct diag d = {""};
    struct acpi_rsdp r;
    struct acpi_madt m;
    struct acpi_mcfg mc;
    struct acpi_fadt f;
    struct acpi_mmio_dev dev[4];
    struct acpi_s5 typ = {0xff, 0xff};
    acpi_rsdp_parse(b, n, &r, &d);
    if (acpi_madt_parse(b, n, &m, &d) == 0)
        check(m.ncpus <= ACPI_MAX_CPUS && m.nx2apic <= m.ncpus &&
              m.nioapic <= ACPI_MAX_IOAPICS && m.niso <= ACPI_MAX_ISOS);
    if (acpi_mcfg_parse(b, n, &mc, &d) == 0)
        for (unsigned i = 0; i < mc.n; i++)
            check(mc.n <= ACPI_MAX_ECAM &&
                  mc.seg[i].bus_start <= mc.seg[i].bus_end);
    if (acpi_fadt_parse(b, n, &f, &d) == 0) {
        struct acpi_power p;
        check(f.len <= n && f.hypervisor[8] == '\0');
        struct acpi_s5 s5 = {5, 5};
        acpi_power_plan(&f, &s5, &p);
        check(!p.off_b || p.off == ACPI_OFF_PM1A);
        acpi_power_off_with(&p);
        acpi_reset_with(&p, &cfg);
    }
    if (acpi_aml_s5(b, n, &typ, &d) == 0)
        check(typ.typ_a <= 7 && typ.typ_b <= 7);
    int k = acpi_aml_mmio_devs(b, n, dev, 4, &d);
    check(k >= 0 || k == -EINVAL);
    check_diag(&d);
}

static void parse_fixed(const uint8_t *b, size_t n, uint8_t mode)
{
    static const char *const sig[] = {"APIC", "MCFG", "FACP", "DSDT",
                                      "RSD PTR "};
    uint8_t *c = malloc(n ? n : 1);
    if (!c)
        return;
    memcpy(c, b, n);
    const char *s = sig[mode % 5];
    size_t sl = strlen(s);
    if (n >= 36 && sl == 4) {
        memcpy(c, s, 4);
        if (mode & 0x80)
            for (int i = 0; i < 4; i++)
                c[4 + i] = (uint8_t)(n >> (8 * i));
        uint32_t l = c[4] | c[5] << 8 | c[6] << 16 | (uint32_t)c[7] << 24;
        uint8_t sum = 0;
        c[9] = 0;
        for (size_t i = 0; i < l && i < n; i++)
            sum = (uint8_t)(sum + c[i]);
        c[9] = (uint8_t)(0x100 - sum);
    } else if (n >= 20 && sl == 8) {
        memcpy(c, s, 8);
    }
    parse_all(c, n);
    free(c);
}

static void walk(const uint8_t *b, size_t n, uint64_t rsdp)
{
    struct boot_mem m = {b, WINDOW, n};
    struct diag d = {""};
    uint64_t found;
    if (acpi_rsdp_scan(&m, WINDOW, n, &found) == 0)
        check(found >= WINDOW && found + 20 <= WINDOW + n && found % 16 == 0);
    if (acpi_tables_walk(&m, rsdp, &tabs, why, &d) != 0)
        return;
    struct acpi_s5 s5;
    const struct acpi_table *from = NULL;
    if (acpi_tables_s5(&m, &tabs, &s5, &from, &d) == 0)
        check(s5.typ_a <= 7 && s5.typ_b <= 7 && from && from >= tabs.t &&
              from < tabs.t + tabs.n && from->rc == 0);
    check(tabs.n <= ACPI_MAX_TABLES);
    for (unsigned i = 0; i < tabs.n; i++) {
        const struct acpi_table *t = &tabs.t[i];
        check_diag(&why[i]);
        if (t->rc)
            continue;
        check(t->pa >= WINDOW && t->len >= 36 && t->len <= n &&
              t->pa - WINDOW <= n - t->len);
        parse_all(b + (t->pa - WINDOW), t->len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    uint64_t rsdp = WINDOW + (data[0] | (uint64_t)data[1] << 8);
    uint8_t mode = data[2];
    const uint8_t *b = data + 3;
    size_t n = size - 3;
    parse_all(b, n);
    parse_fixed(b, n, mode);
    walk(b, n, rsdp);
    return 0;
}
