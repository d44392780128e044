/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1: parse the info structure EBX points at when EAX holds
 * 0x2BADB002 (Multiboot Specification 0.6.96 §3.3; vmm-conventions §1.3).
 *
 *   0 u32 flags        20 u32 mods_count     44 u32 mmap_length
 *   4 u32 mem_lower    24 u32 mods_addr      48 u32 mmap_addr
 *   8 u32 mem_upper    16 u32 cmdline        64 u32 boot_loader_name
 *
 * A field counts only when its flags bit is set: bit 0 mem_*, 2 cmdline,
 * 3 mods, 6 mmap, 9 boot_loader_name. The memory map is the core (-EINVAL
 * when broken); without bit 6 it is synthesised from mem_lower (KiB at 0)
 * and mem_upper (KiB at 1 MiB). mmap entries are {u32 size, u64 base,
 * u64 len, u32 type} and the next entry starts size + 4 bytes later, so an
 * entry may be longer than 20 bytes but never shorter. An mmap buffer that
 * runs past the window is rejected rather than clamped, like PVH.
 *
 * QEMU (and GRUB Legacy, "GNU GRUB 0.97") start the command line with the
 * image path ("skiff-mb.elf hello world"); that first word is removed. It is
 * removed after the copy, so a line near BOOTINFO_CMDLINE_MAX is cut a little
 * earlier than needed. GRUB 2 (boot_loader_name "GRUB 2.06-13+deb12u2")
 * passes only the words after the path, so nothing is removed for a loader
 * named "GRUB <digit 1-9>..." (seen booting an ISO made by Debian's
 * grub-mkrescue 2.06: tests/skiff/iso.sh). GRUB 2 also re-quotes each word: one
 * with a space is wrapped in double quotes, and \, ' and " are
 * backslash-escaped, which lib/param's lexer undoes.
 */
#include "boot/boot_internal.h"
#include "boot/bootinfo.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#include <stdbool.h>

#define MB_MAGIC            0x2BADB002u
#define MB_F_MEM            (1u << 0)
#define MB_F_CMDLINE        (1u << 2)
#define MB_F_MODS           (1u << 3)
#define MB_F_MMAP           (1u << 6)
#define MB_F_LOADER         (1u << 9)
#define MB_INFO_SIZE        52 /* flags .. mmap_addr */
#define MB_INFO_SIZE_LOADER 68 /* .. boot_loader_name */
#define MB_MMAP_MIN         20 /* the size field does not count itself */
#define MB_MOD_SIZE         16 /* {u32 mod_start, mod_end, string, rsvd} */

typedef unsigned long long ull;

static int mb_mmap(const struct boot_mem *m, uint64_t info, struct bootinfo *bi,
                   struct diag *d)
{
    uint64_t len = bmem_u32(m, info + 44), addr = bmem_u32(m, info + 48);
    uint64_t end = addr + len; /* both < 2^32: no wrap */

    if (!bmem_has(m, addr, len)) {
        diag_set(d,
                 "multiboot: mmap_addr 0x%llx mmap_length %llu outside "
                 "memory",
                 (ull)addr, (ull)len);
        return -EINVAL;
    }
    for (uint64_t cur = addr, i = 0; cur < end; i++) {
        uint32_t size = end - cur >= 4 ? bmem_u32(m, cur) : 0;
        if (size < MB_MMAP_MIN) {
            diag_set(d, "multiboot: mmap entry %llu size %u < %u", (ull)i, size,
                     MB_MMAP_MIN);
            return -EINVAL;
        }
        if (size > end - cur - 4) {
            diag_set(d,
                     "multiboot: mmap entry %llu size %u runs past "
                     "mmap_length %llu",
                     (ull)i, size, (ull)len);
            return -EINVAL;
        }
        if (boot_mem_add(bi, bmem_u64(m, cur + 4), bmem_u64(m, cur + 12),
                         bmem_u32(m, cur + 20)) < 0)
            break;
        cur += (uint64_t)size + 4;
    }
    return 0;
}

static int mb_memory(const struct boot_mem *m, uint64_t info, uint32_t flags,
                     struct bootinfo *bi, struct diag *d)
{
    if (flags & MB_F_MMAP)
        return mb_mmap(m, info, bi, d);
    if (!(flags & MB_F_MEM)) {
        diag_set(d,
                 "multiboot: flags 0x%x have neither mmap (bit 6) nor "
                 "mem_lower/mem_upper (bit 0)",
                 flags);
        return -EINVAL;
    }
    boot_mem_add(bi, 0, (uint64_t)bmem_u32(m, info + 4) * 1024,
                 BOOTINFO_MEM_RAM);
    boot_mem_add(bi, 0x100000, (uint64_t)bmem_u32(m, info + 8) * 1024,
                 BOOTINFO_MEM_RAM);
    return 0;
}

/* Module 0 is the initrd; mod_end is exclusive, as GRUB and QEMU set it. */
static void mb_modules(const struct boot_mem *m, uint64_t info,
                       struct bootinfo *bi, struct diag *d)
{
    uint32_t count = bmem_u32(m, info + 20);
    uint64_t list = bmem_u32(m, info + 24);

    if (count == 0)
        return;
    if (!bmem_has(m, list, MB_MOD_SIZE)) {
        diag_set(d,
                 "multiboot: mods_addr 0x%llx outside memory (initrd "
                 "dropped)",
                 (ull)list);
        return;
    }
    uint64_t start = bmem_u32(m, list), end = bmem_u32(m, list + 4);
    if (end == start)
        return; /* an empty module is no initrd */
    if (end < start || !bmem_has(m, start, end - start)) {
        diag_set(d,
                 "multiboot: module 0 mod_start 0x%llx mod_end 0x%llx "
                 "invalid (initrd dropped)",
                 (ull)start, (ull)end);
        return;
    }
    bi->initrd_base = start;
    bi->initrd_size = end - start;
}

static void strip_first_word(char *s)
{
    size_t i = 0;
    while (s[i] == ' ')
        i++;
    while (s[i] != '\0' && s[i] != ' ')
        i++;
    while (s[i] == ' ')
        i++;
    memmove(s, s + i, strlen(s + i) + 1);
}

/* GRUB 2 names itself "GRUB 2.06..." (1.9x betas "GRUB 1.99"); GRUB Legacy
 * "GNU GRUB 0.97". */
static bool is_grub2(const char *loader)
{
    return !strncmp(loader, "GRUB ", 5) && loader[5] >= '1' && loader[5] <= '9';
}

static void mb_strings(const struct boot_mem *m, uint64_t info, uint32_t flags,
                       struct bootinfo *bi, struct diag *d)
{
    int cut, rc = 0;
    uint64_t loader_pa = 0;
    if (flags & MB_F_LOADER) { /* first: it decides the stripping */
        loader_pa = bmem_u32(m, info + 64);
        rc = boot_str_copy(m, loader_pa, UINT64_MAX, bi->loader,
                           sizeof(bi->loader), &cut);
    }
    if (flags & MB_F_CMDLINE) {
        uint64_t pa = bmem_u32(m, info + 16);
        boot_str_diag(d, boot_cmdline_copy(m, pa, UINT64_MAX, bi),
                      "multiboot: cmdline", pa);
        if (!is_grub2(bi->loader))
            strip_first_word(bi->cmdline);
    }
    boot_str_diag(d, rc, "multiboot: boot_loader_name", loader_pa);
}

int boot_multiboot_parse(const struct boot_mem *m, uint32_t magic,
                         uint64_t info_pa, struct bootinfo *out, struct diag *d)
{
    boot_start(out, info_pa, d);
    if (magic != MB_MAGIC) {
        diag_set(d, "multiboot: magic 0x%x != 0x%x", magic, MB_MAGIC);
        return -EINVAL;
    }
    uint32_t flags = bmem_u32(m, info_pa);
    uint64_t need = flags & MB_F_LOADER ? MB_INFO_SIZE_LOADER : MB_INFO_SIZE;
    if (!bmem_has(m, info_pa, need)) {
        diag_set(d, "multiboot: info 0x%llx outside memory", (ull)info_pa);
        return -EINVAL;
    }
    int rc = mb_memory(m, info_pa, flags, out, d);
    if (rc < 0)
        return rc;
    if (flags & MB_F_MODS)
        mb_modules(m, info_pa, out, d);
    mb_strings(m, info_pa, flags, out, d);
    return boot_finish(out, BOOT_PROTO_MULTIBOOT, "multiboot: memory map", d);
}
