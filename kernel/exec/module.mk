# exec: ELF executable check, segment placement and the initial stack
# (pure code; the kernel's loader allocates, copies and maps).
EXEC_SRCS := kernel/exec/check.c kernel/exec/place.c kernel/exec/stack.c
KSRCS += $(EXEC_SRCS)
UNIT_TESTS += exec
exec_SRCS := tests/unit/test_exec.c tests/unit/test_exec_real.c \
        tests/unit/test_exec_stack.c $(EXEC_SRCS) $(KLIB_HOST_SRCS)
FUZZERS += elf
elf_FUZZ_SRCS := tests/fuzz/fuzz_elf.c $(EXEC_SRCS) $(KLIB_HOST_SRCS)
