# boot: PVH, Multiboot 1 and Linux boot_params parsers -> struct bootinfo.
KSRCS += boot/pvh.c boot/multiboot.c boot/linuxboot.c boot/memmap.c
UNIT_TESTS += boot
boot_SRCS := tests/unit/test_boot.c boot/pvh.c boot/multiboot.c boot/linuxboot.c boot/memmap.c $(KLIB_HOST_SRCS)
FUZZERS += boot
boot_FUZZ_SRCS := tests/fuzz/fuzz_boot.c boot/pvh.c boot/multiboot.c \
                  boot/linuxboot.c boot/memmap.c $(KLIB_HOST_SRCS)
