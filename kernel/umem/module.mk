# umem: the application's memory map (brk, mmap and friends).
KSRCS += kernel/umem/umem.c
UNIT_TESTS += umem
umem_SRCS := tests/unit/test_umem.c kernel/umem/umem.c kernel/mm/pmm.c
