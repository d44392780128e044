/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the boot parsers: the input becomes a window of
 * guest-physical memory and all three parsers read it. libFuzzer passes an
 * exact-size heap buffer, so ASan reports any read past the window.
 *
 * Input: bytes 0-1 info offset (little-endian, may point past the window),
 * byte 2 mode (bit 0: window at 1 MiB instead of 0; bit 1: take the
 * Multiboot magic from bytes 3-6 instead of the right one), bytes 3-6 that
 * magic, then the window contents. After a successful parse the result
 * must satisfy the bootinfo.h contract, and normalising it again must
 * change nothing.
 *
 * Build (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=all -DSKIFF_HOSTED -D_DEFAULT_SOURCE -I. \
 *     -Iinclude tests/fuzz/fuzz_boot.c boot/pvh.c boot/multiboot.c \
 *     boot/linuxboot.c boot/memmap.c lib/klib/string.c lib/klib/fmt.c \
 *     lib/klib/diag.c -o build/fuzz_boot
 *   build/fuzz_boot -max_len=8192 -max_total_time=60 CORPUS_DIR
 */
#include "boot/bootinfo.h"
#include "skiff/diag.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HDR 7

static struct bootinfo bi, again;

static void check(int ok)
{
    if (!ok)
        __builtin_trap();
}

static void check_result(enum boot_proto proto, const struct diag *d)
{
    check(bi.proto == proto);
    check(bi.nmem > 0 && bi.nmem <= BOOTINFO_MAX_MEM);
    for (uint32_t i = 0; i < bi.nmem; i++) {
        const struct bootinfo_mem *e = &bi.mem[i];
        check(e->size > 0 && e->size <= UINT64_MAX - e->base);
        if (i == 0)
            continue;
        const struct bootinfo_mem *p = &bi.mem[i - 1];
        uint64_t pend = p->base + p->size;
        check(e->base >= pend);                       /* sorted, disjoint */
        check(e->base != pend || e->type != p->type); /* merged */
    }
    check(memchr(bi.cmdline, '\0', sizeof(bi.cmdline)) != NULL);
    check(memchr(bi.loader, '\0', sizeof(bi.loader)) != NULL);
    check(memchr(d->msg, '\0', sizeof(d->msg)) != NULL);
    check((bi.initrd_base == 0) || bi.initrd_size != 0);
    check(bootinfo_ram_total(&bi) != UINT64_MAX || bi.nmem == 1);

    /* Normalisation is idempotent and finds nothing left to fix. */
    memcpy(&again, &bi, sizeof(again));
    again.hints = 0;
    bootinfo_mem_normalize(&again);
    check(again.hints == 0 && again.nmem == bi.nmem);
    for (uint32_t i = 0; i < bi.nmem; i++) /* fields: padding may differ */
        check(again.mem[i].base == bi.mem[i].base &&
              again.mem[i].size == bi.mem[i].size &&
              again.mem[i].type == bi.mem[i].type);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;
    if (size < HDR)
        return 0;
    uint64_t base = (data[2] & 1) ? 0x100000 : 0;
    uint64_t info = base + (data[0] | (uint64_t)data[1] << 8);
    uint32_t magic = 0x2BADB002u;
    if (data[2] & 2)
        memcpy(&magic, data + 3, 4);
    struct boot_mem m = {data + HDR, base, size - HDR};

    if (boot_pvh_parse(&m, info, &bi, &d) == 0)
        check_result(BOOT_PROTO_PVH, &d);
    if (boot_multiboot_parse(&m, magic, info, &bi, &d) == 0)
        check_result(BOOT_PROTO_MULTIBOOT, &d);
    if (boot_linux_parse(&m, info, &bi, &d) == 0)
        check_result(BOOT_PROTO_LINUX, &d);
    return 0;
}
