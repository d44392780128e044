/* SPDX-License-Identifier: MIT */
/*
 * Writes the seed corpus of fuzz_acpi into the directory given: every
 * table of the unit tests' machines (tests/unit/acpi_machines.h) as a
 * single-table input, and whole table sets packed into a window at
 * 0xE0000 for the walk. Host tool, run once when the tables change:
 *   cc -I. -Iinclude tests/fuzz/gen_acpi_seeds.c -o build/gen_acpi_seeds
 *   build/gen_acpi_seeds tests/fuzz/corpus/acpi
 * With "--blob fc|ch BASE FILE" it writes one machine's table set packed
 * at physical BASE instead (RSDP first), for the boot tests to load into
 * a guest with QEMU's loader device: Firecracker's at 0xE0000 (found by
 * the BIOS-area scan), cloud-hypervisor's in the EBDA.
 */
#include "tests/unit/acpi_machines.h"

#include <stdio.h>
#include <stdlib.h>

static const char *dir;
static int count;

static void seed(uint16_t rsdp_off, uint8_t mode, const uint8_t *p, size_t n)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/seed-%03d", dir, count++);
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    uint8_t hdr[3] = {(uint8_t)rsdp_off, (uint8_t)(rsdp_off >> 8), mode};
    fwrite(hdr, 1, 3, f);
    fwrite(p, 1, n, f);
    fclose(f);
}

/* One seed per table at (pa) of the current machine, mode picking its
 * signature (APIC 0, MCFG 1, FACP 2, DSDT 3, RSDP 4). */
static void tables(const uint64_t *pa, unsigned n)
{
    static const char *const sig[] = {"APIC", "MCFG", "FACP", "DSDT"};
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *t = phys + pa[i];
        uint32_t len = (uint32_t)(t[4] | t[5] << 8 | t[6] << 16);
        uint8_t mode = 3;
        for (uint8_t k = 0; k < 4; k++)
            if (memcmp(t, sig[k], 4) == 0)
                mode = k;
        seed(0, mode, t, len);
    }
}

/* Copy the tables of a machine to [WIN, WIN + 8 KiB): RSDP, root and
 * tables re-pointed. (pa) lists the tables, the last being the DSDT. */
static uint64_t win = 0xe0000u;
static FILE *blob;
#define WIN win
static void packed(const uint64_t *pa, unsigned n, int fadt_idx)
{
    static uint8_t w[8192];
    uint64_t at = 0x40, np[8] = {0};
    memset(w, 0, sizeof(w));
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *t = phys + pa[i];
        uint32_t len = (uint32_t)(t[4] | t[5] << 8 | t[6] << 16);
        if (at + 0x100 + len > sizeof(w))
            return;
        memcpy(w + 0x100 + at, t, len);
        np[i] = WIN + 0x100 + at;
        at = (at + len + 15) & ~15ull;
    }
    /* The FADT's DSDT pointers (32- and 64-bit) -> the last table. */
    uint8_t *f = w + (np[fadt_idx] - WIN);
    uint32_t flen = (uint32_t)(f[4] | f[5] << 8);
    put_le(f + 40, np[n - 1], 4);
    if (flen >= 148)
        put_le(f + 140, 0, 8);
    f[9] = 0;
    f[9] = fix_sum(f, flen);
    struct buf x = {.n = 0};
    root_table(&x, 8, np, n - 1);
    memcpy(w + 0x40, x.b, x.n);
    memcpy(phys + WIN, w, sizeof(w));
    put_rsdp(WIN, 2, 0, WIN + 0x40);
    if (blob)
        fwrite(phys + WIN, 1, 0x100 + at, blob);
    else
        seed(0, 0, phys + WIN, 0x100 + at);
}

int main(int argc, char **argv)
{
    uint64_t pc[] = {FACP_PA, APIC_PA, HPET_PA, MCFG_PA, DSDT_PA};
    uint64_t mvm[] = {FACP_PA, APIC_PA, DSDT_PA};
    uint64_t ch[] = {CH_RSDP + 0x400, CH_RSDP + 0x2000, CH_RSDP + 0x800,
                     CH_RSDP + 0x1000};
    uint64_t fc[] = {FACP_PA, APIC_PA, MCFG_PA, DSDT_PA};
    if (argc == 5 && strcmp(argv[1], "--blob") == 0) {
        win = strtoull(argv[3], NULL, 0);
        if (win < 0x1000 || win > PHYS_LEN - 8192 ||
            !(blob = fopen(argv[4], "wb")))
            return 2;
        if (strcmp(argv[2], "ch") == 0) {
            machine_ch(2, 2);
            win = strtoull(argv[3], NULL, 0);
            packed(ch, 4, 0);
        } else {
            machine_fc();
            packed(fc, 4, 0);
        }
        return fclose(blob) ? 1 : 0;
    }
    if (argc != 2)
        return 2;
    dir = argv[1];
    machine_pc(1);
    tables(pc, 5);
    seed(0, 4, phys + PC_RSDP, 20);
    packed(pc, 5, 0);
    machine_microvm();
    tables(mvm, 3);
    packed(mvm, 3, 0);
    machine_ch(2, 2);
    tables(ch, 4);
    packed(ch, 4, 0);
    machine_fc();
    tables(fc, 4);
    packed(fc, 4, 0);
    /* _S5 as a Method: in a DSDT, and in an SSDT when the DSDT has none. */
    aml_s5_method_table("DSDT", 80, 5, 6);
    seed(0, 3, tb.b, tb.n);
    uint64_t ssdt[] = {FACP_PA, APIC_PA, RSDT2_PA + 0x1000, DSDT_PA};
    machine_microvm();
    dsdt_mmio(-1, 2, 0xfeb02c00, 0x200, 0x200, 46, 1);
    aml_s5_method_table("SSDT", 0, 5, 5);
    place(ssdt[2], &tb);
    packed(ssdt, 4, 0);
    printf("%d seeds\n", count);
    return 0;
}
