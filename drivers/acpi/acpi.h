/* SPDX-License-Identifier: MIT */
/*
 * acpi: locate and validate the ACPI tables, and read what Skiff needs from
 * them: CPUs, IOAPICs and ISA interrupt overrides (MADT), ECAM segments
 * (MCFG), the power-off and reset registers (FADT, and _S5 from the DSDT
 * or an SSDT), and the virtio-mmio devices of QEMU microvm and Firecracker
 * (DSDT LNRO0005).
 *
 * The parsers are pure: each takes (buf, len), checks the signature, the
 * length and the checksum before reading a field, never reads outside
 * (buf, len), and fills a parsed struct. A problem is recorded in a struct
 * diag naming the table, the field, its offset and its value; a corrupt
 * entry is skipped (and counted) when the rest of the table stays sound,
 * otherwise the whole table is rejected. The table walk (RSDP -> XSDT or
 * RSDT -> tables) reads guest-physical memory through a struct boot_mem
 * window (boot/bootinfo.h), so the host tests give it a byte buffer.
 * No allocation; boot-time only.
 * Spec: ACPI 6.5 §5.2 (tables), §5.4 and §20 (AML), §6.4 (resources).
 */
#ifndef SKIFF_ACPI_H
#define SKIFF_ACPI_H
#include <stddef.h>
#include <stdint.h>

struct diag;
struct boot_mem;
struct bootinfo;
struct pci_cfg;

#define ACPI_HDR_LEN     36 /* common header of every table but the RSDP */
#define ACPI_MAX_TABLES  32
#define ACPI_MAX_CPUS    64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_ISOS    16
#define ACPI_MAX_ECAM    16
#define ACPI_MAX_MMIO    32

/* Generic Address Structure (§5.2.3.2); space 0 memory, 1 I/O port, 2 PCI
 * configuration space of segment 0 bus 0: address bits 47:32 the device,
 * 31:16 the function, 15:0 the offset (bits 63:48 zero). */
#define ACPI_GAS_MEM 0
#define ACPI_GAS_IO  1
#define ACPI_GAS_PCI 2
struct acpi_gas {
    uint8_t space, bit_width, bit_offset, access_size;
    uint64_t addr; /* 0: register absent */
};

/* RSDP (§5.2.5): revision 0 has only the RSDT; 2 adds the XSDT. */
struct acpi_rsdp {
    uint8_t revision;
    char oem[7];
    uint32_t rsdt;
    uint64_t xsdt; /* 0 on revision 0 */
};

/* Parse the RSDP in (buf, len): signature "RSD PTR ", checksum of the first
 * 20 bytes, and for revision >= 2 the length field and extended checksum.
 * Returns 0; -EINVAL (see diag). */
int acpi_rsdp_parse(const void *buf, size_t len, struct acpi_rsdp *out,
                    struct diag *d);

/* Find an RSDP in the window at physical [pa, pa + len), on 16-byte
 * boundaries as §5.2.5.1 requires. Candidates with a bad checksum are
 * passed over. Returns 0 and (*found); -ENOENT none. */
int acpi_rsdp_scan(const struct boot_mem *m, uint64_t pa, uint64_t len,
                   uint64_t *found);

/* Check a table header in (buf, len): (sig) when not NULL, length in
 * [36, len], checksum. Returns the table's length, or -EINVAL (see diag). */
long acpi_sdt_check(const void *buf, size_t len, const char *sig,
                    struct diag *d);

/* acpi_sdt_check on the table at physical (pa) in the window (m), which
 * must hold its whole length. Returns the length; -EFAULT not inside the
 * window; -EINVAL (see diag). */
long acpi_table_check_at(const struct boot_mem *m, uint64_t pa, const char *sig,
                         struct diag *d);

/* One table reached from the XSDT or RSDT (and the DSDT from the FADT). */
struct acpi_table {
    char sig[5];
    uint8_t revision;
    char oem[7];
    uint64_t pa;
    uint32_t len;
    int rc; /* 0 valid; negative errno: skipped (the walk's why[i]) */
};

struct acpi_tables {
    struct acpi_rsdp rsdp;
    uint64_t rsdp_pa;
    uint64_t root_pa; /* the XSDT, or the RSDT on revision 0 */
    int xsdt;         /* 1 XSDT, 0 RSDT */
    unsigned n;       /* entries used in t[] */
    unsigned dropped; /* entries past ACPI_MAX_TABLES, or duplicates */
    struct acpi_table t[ACPI_MAX_TABLES];
};

/* Walk from the RSDP at (rsdp_pa): validate it, the XSDT (or the RSDT when
 * there is no XSDT, or the XSDT is unusable: then (d) keeps the XSDT's
 * problem and the walk still returns 0), and the header and checksum of
 * every table it lists, plus the FADT's DSDT. A table outside the window,
 * too long or corrupt is kept in (*out) with rc < 0 and its reason in
 * (why)[i] when (why) is not NULL (an array of ACPI_MAX_TABLES). A pointer
 * listed twice, to the root table itself, or beyond ACPI_MAX_TABLES is
 * only counted in (dropped), so a loop ends. Returns 0; -EINVAL or -EFAULT
 * when the RSDP or both root tables are unusable (see d). */
int acpi_tables_walk(const struct boot_mem *m, uint64_t rsdp_pa,
                     struct acpi_tables *out, struct diag *why, struct diag *d);

/* The first valid table with signature (sig), or NULL. */
const struct acpi_table *acpi_tables_find(const struct acpi_tables *t,
                                          const char *sig);

/* MADT (§5.2.12). */
#define ACPI_MADT_PCAT_COMPAT 1u /* MADT flags: 8259 pair present */
/* MPS INTI flags of an override (§5.2.12.5): polarity bits 1:0, trigger
 * bits 3:2; 0 means "conforms to the bus" (ISA: active high, edge). */
#define ACPI_ISO_POL_MASK  0x3u
#define ACPI_ISO_POL_HIGH  0x1u
#define ACPI_ISO_POL_LOW   0x3u
#define ACPI_ISO_TRIG_MASK 0xcu
#define ACPI_ISO_TRIG_EDGE 0x4u
#define ACPI_ISO_TRIG_LVL  0xcu

struct acpi_ioapic {
    uint8_t id;
    uint32_t addr;
    uint32_t gsi_base;
};

struct acpi_iso {
    uint8_t bus, irq;
    uint32_t gsi;
    uint16_t flags; /* ACPI_ISO_* */
};

struct acpi_madt {
    uint64_t lapic_addr; /* after any type-5 override */
    uint32_t flags;
    unsigned ncpus;   /* enabled or online-capable, types 0 and 9 */
    unsigned nx2apic; /* how many of them came from type-9 entries */
    uint32_t apic_id[ACPI_MAX_CPUS];
    unsigned nioapic;
    struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
    unsigned niso;
    struct acpi_iso iso[ACPI_MAX_ISOS];
    unsigned skipped; /* malformed or over-limit entries (see diag) */
};

/* Parse the MADT in (buf, len). Entries of unknown type are ignored; a
 * known entry shorter than its type needs is skipped; an entry of length
 * < 2 or running past the table ends the list (the rest is skipped, with a
 * diag). Returns 0 (even with skipped entries; diag names the last);
 * -EINVAL header, checksum or length. */
int acpi_madt_parse(const void *buf, size_t len, struct acpi_madt *out,
                    struct diag *d);

/* The GSI and MPS INTI flags of ISA (irq) 0-15 by the MADT (m): its
 * override for bus 0 when there is one, else the identity GSI with flags 0
 * (conforming: edge, active high). (m) may be NULL (no MADT). Returns 0,
 * or -EINVAL for irq > 15. */
int acpi_madt_isa_irq(const struct acpi_madt *m, unsigned irq, uint32_t *gsi,
                      uint16_t *flags);

/* MCFG (PCI Firmware spec 3.2 §4.1.2): one ECAM window per entry. */
struct acpi_ecam {
    uint64_t base;
    uint16_t segment;
    uint8_t bus_start, bus_end;
};

struct acpi_mcfg {
    unsigned n;
    struct acpi_ecam seg[ACPI_MAX_ECAM];
    unsigned skipped; /* end bus below start bus, or base 0 */
};

/* Parse the MCFG in (buf, len). Returns 0; -EINVAL header, or a length
 * that is not 44 + 16 * n (see diag). */
int acpi_mcfg_parse(const void *buf, size_t len, struct acpi_mcfg *out,
                    struct diag *d);

/* FADT (§5.2.9). Fields past the table's length are absent (zero). */
#define ACPI_FADT_RESET_REG_SUP (1u << 10)
#define ACPI_FADT_HW_REDUCED    (1u << 20)
struct acpi_fadt {
    uint8_t revision;
    uint32_t len;
    uint32_t flags;
    uint64_t dsdt; /* X_DSDT when set, else DSDT */
    uint16_t sci_irq;
    struct acpi_gas pm1a_cnt; /* X_PM1a_CNT_BLK when set, else PM1a_CNT_BLK */
    struct acpi_gas pm1b_cnt; /* the same for PM1b; addr 0 when absent */
    struct acpi_gas pm_tmr;
    struct acpi_gas reset; /* valid only with ACPI_FADT_RESET_REG_SUP */
    uint8_t reset_value;
    struct acpi_gas sleep_ctl, sleep_sts; /* hardware-reduced (rev 5+) */
    uint16_t iapc_boot_arch;
    char hypervisor[9]; /* "CLOUDHYP" and the like, or "" */
};

/* Parse the FADT in (buf, len): ACPI 1.0's 116 bytes up to ACPI 6's 276.
 * Returns 0; -EINVAL header, or shorter than 116 (see diag). */
int acpi_fadt_parse(const void *buf, size_t len, struct acpi_fadt *out,
                    struct diag *d);

/* AML (DSDT/SSDT body, §20). A minimal walk, not an interpreter: it finds
 * \_S5 and Device() objects whose _HID is a given string, reading only
 * (buf, len) and checking every PkgLength against its enclosing object.
 * (buf, len) is the whole table, header included. */

/* The \_S5 package (§7.4.2): SLP_TYP values for PM1a_CNT and PM1b_CNT. */
struct acpi_s5 {
    uint8_t typ_a, typ_b;
};

/* \_S5 in the DSDT or SSDT (buf, len), in one of two shapes:
 *   Name(_S5_, Package(){a, b, ...})
 *   Method(_S5_) { Return (Package(){a, b, ...}) }  (the first term)
 * Each element is ZeroOp, OneOp or a Byte/Word/DWord/QWordConst of 0-7.
 * A package of one element gives typ_b = typ_a. Anything else (a method
 * that computes, a VarPackage, a bare byte 2-7, which is not an AML
 * integer) is refused. Returns 0 and (*out); -ENOENT no _S5; -EINVAL
 * malformed or unsupported _S5 (see diag, which names the table). */
int acpi_aml_s5(const void *buf, size_t len, struct acpi_s5 *out,
                struct diag *d);

/* \_S5 from the walked tables (t) in the window (m): the DSDT's, else the
 * first SSDT in root-table order that has one. The first _S5 found
 * decides: a malformed one is not passed over. Returns 0, (*out) and, when
 * (from) is not NULL, the table in (*from); -ENOENT none; -EINVAL (see d). */
int acpi_tables_s5(const struct boot_mem *m, const struct acpi_tables *t,
                   struct acpi_s5 *out, const struct acpi_table **from,
                   struct diag *d);

/* A virtio-mmio device: DSDT Device with _HID "LNRO0005", whose _CRS holds
 * a Memory32Fixed (or QWord/DWord memory) and an Extended Interrupt. */
struct acpi_mmio_dev {
    uint64_t base;
    uint32_t size;
    uint32_t gsi;
    uint8_t level, active_low; /* from the interrupt descriptor */
    char name[5];              /* the device's NameSeg, like "VR07" */
};

/* List up to (max) LNRO0005 devices of the AML in (buf, len) into (out).
 * A device without a usable _CRS (no memory or no interrupt descriptor, a
 * descriptor past its buffer) is skipped with a diag. Returns how many
 * were found (which may exceed max; only max are stored), or -EINVAL for
 * a table whose header is bad. */
int acpi_aml_mmio_devs(const void *buf, size_t len, struct acpi_mmio_dev *out,
                       int max, struct diag *d);

/* How to power off and reset, derived from the FADT and the _S5 value. */
enum acpi_off_kind {
    ACPI_OFF_NONE = 0,
    ACPI_OFF_PM1A,     /* SLP_TYP << 10 | SLP_EN into PM1a_CNT (16 bit),
                          then SLP_TYPb's into PM1b_CNT when it exists */
    ACPI_OFF_SLEEPCTL, /* (SLP_TYP & 7) << 2 | SLP_EN into SLEEP_CONTROL */
};
struct acpi_power {
    enum acpi_off_kind off;
    struct acpi_gas off_reg;
    uint16_t off_value;
    int off_b; /* 1: also write off_value_b to off_reg_b (PM1b_CNT) */
    struct acpi_gas off_reg_b;
    uint16_t off_value_b;
    int reset; /* 1: write reset_value to reset_reg */
    struct acpi_gas reset_reg;
    uint8_t reset_value;
};

/* Choose the methods: the sleep control register on hardware-reduced
 * ACPI, PM1a (and PM1b when the FADT has it) otherwise, both needing
 * (s5), NULL when there is no _S5; the reset register when the FADT says
 * it is supported and it is in I/O or memory space, or in PCI
 * configuration space at a valid device (< 32), function (< 8) and
 * offset (< 0x100) of bus 0 (§4.8.3.6). */
void acpi_power_plan(const struct acpi_fadt *f, const struct acpi_s5 *s5,
                     struct acpi_power *out);

/* Write (p)'s power-off or reset value through the io.h accessors, PM1a
 * before PM1b (§7.4.2). A reset register in PCI configuration space goes
 * through (pci), segment 0's configuration access, as a read-modify-write
 * of its dword. Returns -ENODEV when (p) has no such method (or the reset
 * register is in PCI space and (pci) is NULL); otherwise returns only if
 * the write did not stop the machine (0). */
int acpi_power_off_with(const struct acpi_power *p);
int acpi_reset_with(const struct acpi_power *p, const struct pci_cfg *pci);

/* --- Kernel side (acpi.c): the results for the rest of the kernel. --- */

struct acpi_state {
    int present;
    struct acpi_tables tables;
    int have_madt, have_mcfg, have_fadt;
    struct acpi_madt madt;
    struct acpi_mcfg mcfg;
    struct acpi_fadt fadt;
    struct acpi_power power;
    int nmmio; /* LNRO0005 devices found (may exceed ACPI_MAX_MMIO) */
    struct acpi_mmio_dev mmio[ACPI_MAX_MMIO];
};

/* Find the RSDP (bi->rsdp, then the EBDA and 0xE0000-0xFFFFF), walk and
 * parse the tables and log the summary. Call after paging_init (the
 * identity map must cover [4 KiB, map_top)), before the interrupt
 * controllers. Quiet when there is no ACPI; never fails the boot. */
void acpi_init(const struct bootinfo *bi, uint64_t map_top);

/* The results; present == 0 when there is no usable ACPI. */
const struct acpi_state *acpi_state(void);

/* The GSI and MPS INTI flags of ISA (irq) 0-15: the MADT's override when
 * there is one, else the identity GSI with flags 0 (conforming: edge,
 * active high). Returns 0, or -EINVAL for irq > 15. */
int acpi_isa_irq(unsigned irq, uint32_t *gsi, uint16_t *flags);

/* The IOAPIC whose GSI base is 0 (MADT), or 0xFEC00000 without ACPI. */
uint64_t acpi_ioapic_base(void);

/* Copy up to (max) virtio-mmio devices listed in the DSDT into (out):
 * base, size, GSI and trigger/polarity of each LNRO0005 device, in DSDT
 * order (QEMU microvm lists the highest slot first). Returns the number
 * listed, which may exceed (max) and ACPI_MAX_MMIO (only the first are
 * kept); 0 without ACPI or on a monitor that lists none (then fall back
 * to virtio_mmio.device= or probing). The GSI may sit on a second IOAPIC
 * (microvm: GSI 24-47 at 0xFEC10000); see acpi_state()->madt.ioapic.
 * Call after acpi_init. */
int acpi_virtio_mmio(struct acpi_mmio_dev *out, int max);

/* Power off or reset through ACPI. Return only when ACPI offers no way or
 * the write had no effect; the caller then tries its other methods. */
void acpi_power_off(void);
void acpi_reset(void);

#endif
