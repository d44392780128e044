/* SPDX-License-Identifier: MIT */
/*
 * Linux 64-bit boot: parse struct boot_params (the 4 KiB "zero page") that
 * RSI points at (Linux arch/x86/include/uapi/asm/bootparam.h and
 * Documentation/arch/x86/boot.rst; vmm-conventions §1.2).
 *
 *  0x070 u64 acpi_rsdp_addr      0x1fe u16 boot_flag 0xAA55
 *  0x0c0 u32 ext_ramdisk_image   0x202 u32 header "HdrS"
 *  0x0c4 u32 ext_ramdisk_size    0x210 u8  type_of_loader
 *  0x0c8 u32 ext_cmd_line_ptr    0x218 u32 ramdisk_image, 0x21c ramdisk_size
 *  0x1e8 u8  e820_entries        0x228 u32 cmd_line_ptr
 *  0x1ef u8  sentinel            0x238 u32 cmdline_size
 *  0x2d0 e820_table[128] of 20-byte {u64 addr, u64 size, u32 type}
 *
 * What we validate is what real loaders write. Firecracker's
 * configure_64bit_boot (src/vmm/src/arch/x86_64/mod.rs) starts from an
 * all-zero boot_params and sets boot_flag, header, type_of_loader (0xff),
 * cmd_line_ptr, cmdline_size, kernel_alignment, ramdisk_*, the e820 table and
 * acpi_rsdp_addr; bzImage loaders copy boot_flag and header from the image.
 * So a zero page without both boot_flag 0xAA55 and "HdrS" is rejected: it
 * is not a zero page. The protocol version is not checked (Firecracker
 * leaves it 0), nor is xloadflags.
 *
 * The ext_* fields hold bits 32-63 of the ramdisk and command-line
 * pointers. Linux ignores them when the sentinel byte is nonzero, since a
 * loader that did not clear the page (and so left the image's 0xff in
 * sentinel) may have left garbage there too (sanitize_boot_params); so do we.
 *
 * cmdline_size bounds the read of the command line when nonzero. Firecracker
 * counts the NUL in it; a loader that does not is handled too, because
 * reaching the bound ends the string. e820_entries above 128 is rejected:
 * the table has 128 slots, and entries beyond it would be read from the
 * unrelated fields that follow.
 */
#include "boot/boot_internal.h"
#include "boot/bootinfo.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define LB_SIZE              4096
#define LB_RSDP              0x070
#define LB_EXT_RAMDISK_IMAGE 0x0c0
#define LB_EXT_RAMDISK_SIZE  0x0c4
#define LB_EXT_CMD_LINE_PTR  0x0c8
#define LB_E820_ENTRIES      0x1e8
#define LB_SENTINEL          0x1ef
#define LB_BOOT_FLAG         0x1fe
#define LB_HEADER            0x202
#define LB_TYPE_OF_LOADER    0x210
#define LB_RAMDISK_IMAGE     0x218
#define LB_RAMDISK_SIZE      0x21c
#define LB_CMD_LINE_PTR      0x228
#define LB_CMDLINE_SIZE      0x238
#define LB_E820_TABLE        0x2d0
#define LB_E820_MAX          128
#define LB_E820_STRIDE       20

#define LB_BOOT_FLAG_MAGIC 0xAA55u
#define LB_HDRS            0x53726448u /* "HdrS" */
/* 0xff is "undefined" in the boot protocol's loader-ID list: Firecracker
 * sets it, but so would any loader without an assigned ID. */
#define LB_LOADER_UNDEFINED 0xff

typedef unsigned long long ull;

static int lb_header(const struct boot_mem *m, uint64_t bp, struct diag *d)
{
    if (!bmem_has(m, bp, LB_SIZE)) {
        diag_set(d, "linux: boot_params 0x%llx outside memory", (ull)bp);
        return -EINVAL;
    }
    uint16_t flag = bmem_u16(m, bp + LB_BOOT_FLAG);
    uint32_t hdr = bmem_u32(m, bp + LB_HEADER);
    if (flag != LB_BOOT_FLAG_MAGIC) {
        diag_set(d, "linux: boot_flag 0x%x != 0x%x", flag, LB_BOOT_FLAG_MAGIC);
        return -EINVAL;
    }
    if (hdr != LB_HDRS) {
        diag_set(d, "linux: header 0x%x != 0x%x (\"HdrS\")", hdr, LB_HDRS);
        return -EINVAL;
    }
    return 0;
}

static int lb_e820(const struct boot_mem *m, uint64_t bp, struct bootinfo *bi,
                   struct diag *d)
{
    unsigned n = bmem_u8(m, bp + LB_E820_ENTRIES);
    if (n == 0 || n > LB_E820_MAX) {
        diag_set(d, "linux: e820_entries %u not in 1..%u", n, LB_E820_MAX);
        return -EINVAL;
    }
    boot_mem_read_table(m, bp + LB_E820_TABLE, n, LB_E820_STRIDE, bi);
    return 0;
}

/* Bits 32-63 of a pointer, or 0 when the sentinel says not to trust them. */
static uint64_t lb_ext(const struct boot_mem *m, uint64_t bp, unsigned off)
{
    if (bmem_u8(m, bp + LB_SENTINEL) != 0)
        return 0;
    return (uint64_t)bmem_u32(m, bp + off) << 32;
}

static void lb_ramdisk(const struct boot_mem *m, uint64_t bp,
                       struct bootinfo *bi, struct diag *d)
{
    uint64_t base = bmem_u32(m, bp + LB_RAMDISK_IMAGE) |
                    lb_ext(m, bp, LB_EXT_RAMDISK_IMAGE);
    uint64_t size =
        bmem_u32(m, bp + LB_RAMDISK_SIZE) | lb_ext(m, bp, LB_EXT_RAMDISK_SIZE);
    if (size == 0)
        return;
    if (!bmem_has(m, base, size)) {
        diag_set(d,
                 "linux: ramdisk_image 0x%llx ramdisk_size 0x%llx outside "
                 "memory (initrd dropped)",
                 (ull)base, (ull)size);
        return;
    }
    bi->initrd_base = base;
    bi->initrd_size = size;
}

static void lb_cmdline(const struct boot_mem *m, uint64_t bp,
                       struct bootinfo *bi, struct diag *d)
{
    uint64_t pa =
        bmem_u32(m, bp + LB_CMD_LINE_PTR) | lb_ext(m, bp, LB_EXT_CMD_LINE_PTR);
    uint64_t max = bmem_u32(m, bp + LB_CMDLINE_SIZE);
    if (pa == 0)
        return;
    boot_str_diag(d, boot_cmdline_copy(m, pa, max ? max : UINT64_MAX, bi),
                  "linux: cmd_line_ptr", pa);
}

int boot_linux_parse(const struct boot_mem *m, uint64_t info_pa,
                     struct bootinfo *out, struct diag *d)
{
    int rc;

    boot_start(out, info_pa, d);
    rc = lb_header(m, info_pa, d);
    if (rc < 0)
        return rc;
    rc = lb_e820(m, info_pa, out, d);
    if (rc < 0)
        return rc;
    lb_ramdisk(m, info_pa, out, d);
    lb_cmdline(m, info_pa, out, d);
    out->rsdp = bmem_u64(m, info_pa + LB_RSDP);
    if (bmem_u8(m, info_pa + LB_TYPE_OF_LOADER) == LB_LOADER_UNDEFINED)
        out->hints |= BOOTINFO_HINT_FIRECRACKER;
    return boot_finish(out, BOOT_PROTO_LINUX, "linux: e820_table", d);
}
