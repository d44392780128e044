# boot: PVH, Multiboot 1 and Linux boot_params parsers -> struct bootinfo.
BOOT_SRCS := boot/pvh.c boot/multiboot.c boot/linuxboot.c boot/memmap.c
KSRCS += $(BOOT_SRCS)
UNIT_TESTS += boot_pvh boot_mb_linux
boot_pvh_SRCS := tests/unit/test_boot_pvh.c $(BOOT_SRCS) $(KLIB_HOST_SRCS)
boot_mb_linux_SRCS := tests/unit/test_boot_mb_linux.c $(BOOT_SRCS) \
        $(KLIB_HOST_SRCS)
FUZZERS += boot
boot_FUZZ_SRCS := tests/fuzz/fuzz_boot.c $(BOOT_SRCS) $(KLIB_HOST_SRCS)
