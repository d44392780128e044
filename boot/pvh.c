/* SPDX-License-Identifier: MIT */
/*
 * PVH boot: parse the Xen hvm_start_info that EBX points at on PVH entry
 * (xen/include/public/arch-x86/hvm/start_info.h; vmm-conventions §1.1).
 *
 *   0 u32 magic 0x336ec578      24 u64 cmdline_paddr
 *   4 u32 version               32 u64 rsdp_paddr (0 allowed)
 *   8 u32 flags                 40 u64 memmap_paddr     } version >= 1
 *  12 u32 nr_modules            48 u32 memmap_entries   }
 *  16 u64 modlist_paddr         52 u32 reserved
 *
 * The magic and the memory map are the core: without them we cannot run,
 * so a fault there is -EINVAL. Modules and the command line are optional:
 * a bad pointer drops that part with a diag and the parse still succeeds.
 * A memmap_entries count whose table would run past the window is rejected
 * rather than clamped: such a count is corrupt, and no real monitor writes
 * more than a handful of entries. Counts that fit the window but exceed
 * BOOTINFO_MAX_MEM keep the first entries (BOOTINFO_HINT_MEMMAP_CUT).
 *
 * rsdp_paddr is copied unchecked: Firecracker leaves it 0 and the ACPI code
 * scans for the RSDP itself; it is never dereferenced here.
 */
#include "boot/boot_internal.h"
#include "boot/bootinfo.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define PVH_MAGIC         0x336ec578u
#define PVH_V0_SIZE       40 /* magic .. rsdp_paddr */
#define PVH_V1_SIZE       56
#define PVH_MEMMAP_STRIDE 24 /* {u64 addr, u64 size, u32 type, u32 rsvd} */
#define PVH_MOD_SIZE      32 /* {u64 paddr, size, cmdline_paddr, rsvd} */

/* Firecracker's PVH_INFO_START (arch/x86_64/layout.rs). cloud-hypervisor
 * uses the same address, so the hint really means "a monitor with the
 * Firecracker/rust-vmm layout", not proof that it is Firecracker. QEMU puts
 * start_info at 0x21E0 (pc) or 0xF31E0 (microvm). */
#define PVH_FC_INFO_PA 0x6000

typedef unsigned long long ull;

static int pvh_header(const struct boot_mem *m, uint64_t pa, struct diag *d)
{
    if (!bmem_has(m, pa, PVH_V0_SIZE)) {
        diag_set(d, "pvh: start_info 0x%llx outside memory", (ull)pa);
        return -EINVAL;
    }
    uint32_t magic = bmem_u32(m, pa);
    uint32_t version = bmem_u32(m, pa + 4);
    if (magic != PVH_MAGIC) {
        diag_set(d, "pvh: magic 0x%x != 0x%x", magic, PVH_MAGIC);
        return -EINVAL;
    }
    if (version < 1) {
        diag_set(d, "pvh: version %u < 1 (no memmap)", version);
        return -EINVAL;
    }
    if (!bmem_has(m, pa, PVH_V1_SIZE)) {
        diag_set(d, "pvh: start_info 0x%llx outside memory", (ull)pa);
        return -EINVAL;
    }
    return 0;
}

static int pvh_memmap(const struct boot_mem *m, uint64_t pa,
                      struct bootinfo *bi, struct diag *d)
{
    uint64_t map = bmem_u64(m, pa + 40);
    uint64_t n = bmem_u32(m, pa + 48);

    if (n == 0) {
        diag_set(d, "pvh: memmap_entries 0");
        return -EINVAL;
    }
    if (!bmem_has(m, map, PVH_MEMMAP_STRIDE)) {
        diag_set(d, "pvh: memmap_paddr 0x%llx outside memory", (ull)map);
        return -EINVAL;
    }
    if (!bmem_has(m, map, n * PVH_MEMMAP_STRIDE)) {
        diag_set(d, "pvh: memmap_entries %llu at 0x%llx run past memory",
                 (ull)n, (ull)map);
        return -EINVAL;
    }
    /* qboot counts a trailing all-zero entry (vmm-conventions §4). */
    uint64_t last = map + (n - 1) * PVH_MEMMAP_STRIDE;
    if (bmem_u64(m, last) == 0 && bmem_u64(m, last + 8) == 0 &&
        bmem_u32(m, last + 16) == 0) {
        bi->hints |= BOOTINFO_HINT_TRAILING_ZERO;
        n--;
    }
    boot_mem_read_table(m, map, n, PVH_MEMMAP_STRIDE, bi);
    return 0;
}

/* Module 0 is the initrd, by the convention Linux and the monitors share. */
static void pvh_modules(const struct boot_mem *m, uint64_t pa,
                        struct bootinfo *bi, struct diag *d)
{
    uint32_t nmods = bmem_u32(m, pa + 12);
    uint64_t list = bmem_u64(m, pa + 16);

    if (nmods == 0)
        return;
    if (!bmem_has(m, list, PVH_MOD_SIZE)) {
        diag_set(d,
                 "pvh: modlist_paddr 0x%llx outside memory (initrd "
                 "dropped)",
                 (ull)list);
        return;
    }
    uint64_t base = bmem_u64(m, list), size = bmem_u64(m, list + 8);
    if (size != 0 && !bmem_has(m, base, size)) {
        diag_set(d,
                 "pvh: module 0 paddr 0x%llx size 0x%llx outside memory "
                 "(initrd dropped)",
                 (ull)base, (ull)size);
        return;
    }
    bi->initrd_base = size ? base : 0;
    bi->initrd_size = size;
}

static void pvh_cmdline(const struct boot_mem *m, uint64_t pa,
                        struct bootinfo *bi, struct diag *d)
{
    uint64_t cl = bmem_u64(m, pa + 24);
    if (cl == 0)
        return;
    boot_str_diag(d, boot_cmdline_copy(m, cl, UINT64_MAX, bi),
                  "pvh: cmdline_paddr", cl);
}

int boot_pvh_parse(const struct boot_mem *m, uint64_t info_pa,
                   struct bootinfo *out, struct diag *d)
{
    int rc;

    boot_start(out, info_pa, d);
    rc = pvh_header(m, info_pa, d);
    if (rc < 0)
        return rc;
    rc = pvh_memmap(m, info_pa, out, d);
    if (rc < 0)
        return rc;
    pvh_modules(m, info_pa, out, d);
    pvh_cmdline(m, info_pa, out, d);
    out->rsdp = bmem_u64(m, info_pa + 32);
    if (info_pa == PVH_FC_INFO_PA)
        out->hints |= BOOTINFO_HINT_FIRECRACKER;
    return boot_finish(out, BOOT_PROTO_PVH, "pvh: memmap", d);
}
