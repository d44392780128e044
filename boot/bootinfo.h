/* SPDX-License-Identifier: MIT */
/*
 * boot: turn what a loader hands over (PVH hvm_start_info, Multiboot 1 info,
 * Linux boot_params) into one struct bootinfo.
 *
 * The parsers are pure: they read guest-physical memory only through a
 * struct boot_mem window that the caller provides (the kernel passes its
 * identity map of the low 4 GiB; unit tests pass a byte buffer), bounds-check
 * every pointer the loader gave, and copy everything they keep into the
 * bootinfo, because on QEMU pc the loader's data sits in RAM that the memory
 * map calls usable. No allocation; safe at the first C instruction.
 */
#ifndef SKIFF_BOOTINFO_H
#define SKIFF_BOOTINFO_H
#include <stddef.h>
#include <stdint.h>

struct diag;

enum boot_proto {
    BOOT_PROTO_NONE = 0,
    BOOT_PROTO_PVH,
    BOOT_PROTO_MULTIBOOT,
    BOOT_PROTO_LINUX,
};

/* E820 types, as PVH, Multiboot and boot_params all use them. */
enum bootinfo_mem_type {
    BOOTINFO_MEM_RAM = 1,
    BOOTINFO_MEM_RESERVED = 2,
    BOOTINFO_MEM_ACPI = 3,
    BOOTINFO_MEM_NVS = 4,
    BOOTINFO_MEM_UNUSABLE = 5,
    BOOTINFO_MEM_PMEM = 7,
};

/* Monitor hints: facts the boot data reveals about who loaded us.
 * FIRECRACKER is a layout guess, not proof: PVH start_info at 0x6000 is
 * also cloud-hypervisor's address, and Linux type_of_loader 0xff means any
 * loader without an assigned ID. */
#define BOOTINFO_HINT_TRAILING_ZERO (1u << 0) /* qboot: zero memmap entry */
#define BOOTINFO_HINT_MMIO_CMDLINE  (1u << 1) /* virtio_mmio.device= given */
#define BOOTINFO_HINT_FIRECRACKER   (1u << 2) /* info 0x6000 / loader 0xff */
#define BOOTINFO_HINT_MEMMAP_FIXED  (1u << 3) /* overlap/empty/merge fixed */
#define BOOTINFO_HINT_CMDLINE_CUT   (1u << 4) /* command line truncated */
#define BOOTINFO_HINT_MEMMAP_CUT    (1u << 5) /* too many map entries */

#define BOOTINFO_MAX_MEM     128
#define BOOTINFO_CMDLINE_MAX 4096
#define BOOTINFO_LOADER_MAX  48

struct bootinfo_mem {
    uint64_t base;
    uint64_t size;
    uint32_t type; /* enum bootinfo_mem_type; other values kept as given */
};

struct bootinfo {
    enum boot_proto proto;
    uint32_t hints; /* BOOTINFO_HINT_* */
    uint32_t nmem;  /* sorted, non-overlapping, no empties */
    struct bootinfo_mem mem[BOOTINFO_MAX_MEM];
    char cmdline[BOOTINFO_CMDLINE_MAX]; /* always NUL-terminated */
    char loader[BOOTINFO_LOADER_MAX];   /* Multiboot boot_loader_name, or "" */
    uint64_t initrd_base, initrd_size;  /* 0/0 when none */
    uint64_t rsdp;                      /* 0 when the loader gave none */
    uint64_t info_addr; /* physical address of the loader's record */
};

/* A window of guest-physical memory: bytes [base, base+len) are readable at
 * ptr. Pointer arithmetic is done on integers, so ptr may be 0 in the kernel,
 * whose window is the identity map starting at physical 0. */
struct boot_mem {
    const void *ptr;
    uint64_t base;
    uint64_t len;
};

/* Parse the PVH hvm_start_info at physical (info_pa) into (*out).
 * Returns 0; -EINVAL bad magic/version or an out-of-window pointer (diag says
 * which field). Out-of-range optional parts (modules, cmdline) are dropped
 * with a diag and a 0 return only when the core (magic, memmap) is sound. */
int boot_pvh_parse(const struct boot_mem *m, uint64_t info_pa,
                   struct bootinfo *out, struct diag *d);

/* Parse Multiboot 1 info at (info_pa); (magic) is EAX at entry (0x2BADB002).
 * The first word of the Multiboot command line (the image path that QEMU and
 * GRUB put there) is removed. Returns 0 or -EINVAL (see diag). */
int boot_multiboot_parse(const struct boot_mem *m, uint32_t magic,
                         uint64_t info_pa, struct bootinfo *out,
                         struct diag *d);

/* Parse Linux boot_params (the zero page) at (info_pa): e820 table at 0x2d0,
 * command line, initrd, acpi_rsdp_addr. Returns 0 or -EINVAL (see diag). */
int boot_linux_parse(const struct boot_mem *m, uint64_t info_pa,
                     struct bootinfo *out, struct diag *d);

/* Normalise (bi)->mem in place: drop empty entries, sort by base, resolve
 * overlaps (the more restrictive type wins over RAM, the higher type number
 * between two non-RAM types), merge touching entries of one type. Sets
 * BOOTINFO_HINT_MEMMAP_FIXED when anything had to change besides sorting.
 * The parsers call it; exposed for tests and later users. */
void bootinfo_mem_normalize(struct bootinfo *bi);

/* Drop the parts of (bi)->mem at or above (limit), such as RAM a hostile or
 * broken map places beyond the CPU's physical address width. Returns how
 * many entries were cut or dropped (and then sets MEMMAP_FIXED). */
unsigned bootinfo_mem_clip(struct bootinfo *bi, uint64_t limit);

/* Sum of the RAM entries, in bytes. */
uint64_t bootinfo_ram_total(const struct bootinfo *bi);

/* "pvh", "multiboot", "linux" or "none". */
const char *bootinfo_proto_name(enum boot_proto p);

#endif
