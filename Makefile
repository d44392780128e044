# SPDX-License-Identifier: MIT
# Skiff: one non-recursive Makefile. Each module's module.mk appends to
#   KSRCS        kernel sources (C and .S), built freestanding into build/k/
#   UNIT_TESTS   names of host unit tests; <name>_SRCS lists their sources,
#                optional <name>_LIBS
#   FUZZERS      libFuzzer harnesses: <name>_FUZZ_SRCS, optional _FUZZ_LIBS
#   HOST_PROGS   optimised host programs (build/host/<name>): <name>_PROG_SRCS,
#                optional <name>_PROG_CC, _PROG_CFLAGS and _PROG_LIBS
# Output goes to build/; V=1 shows the commands.

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
HOSTCC ?= $(CC)
LD := ld
OBJCOPY := objcopy
NM := nm
BUILD ?= build
KB := $(BUILD)/k
HB := $(BUILD)/host

ifeq ($(V),1)
Q :=
else
Q := @
endif

WARN := -Wall -Wextra -Werror -Wshadow -Wcast-qual -Wwrite-strings \
        -Wstrict-prototypes -Wmissing-prototypes
INCS := -I. -Iinclude

# Kernel code: freestanding, no red zone (interrupts push onto the stack),
# no SSE (interrupt handlers do not save vector state), frame pointers for
# the backtrace, code and data below 2 GiB (identity-mapped at 1 MiB).
KCFLAGS := -std=c11 -O2 -g $(WARN) $(INCS) -ffreestanding -fno-builtin \
        -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
        -m64 -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-avx \
        -mcmodel=small -fno-pic -fno-pie -fno-stack-protector \
        -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
        -fno-unwind-tables -fcf-protection=none -fno-common
KASFLAGS := $(INCS) -m64 -D__ASSEMBLY__ -fno-pic
KLDFLAGS := -nostdlib -static -z max-page-size=0x1000 --no-dynamic-linker \
        -z noexecstack --build-id=none

# Host unit tests: the same module sources built against the fake hardware
# seam, under AddressSanitizer and UBSan.
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
HCFLAGS := -std=c11 -g -O1 $(WARN) -Wno-missing-prototypes $(INCS) \
        -DSKIFF_HOSTED -D_DEFAULT_SOURCE $(SAN) -fno-omit-frame-pointer
HLDLIBS := -lcmocka $(SAN)

# Host programs (the wasm runtime's tools): optimised, no sanitizers.
PCFLAGS := -std=c11 -O2 -g $(WARN) $(INCS) -D_DEFAULT_SOURCE

KSRCS :=
UNIT_TESTS :=
FUZZERS :=
HOST_PROGS :=

include lib/klib/module.mk
include lib/param/module.mk
include boot/module.mk
include arch/x86_64/module.mk
include kernel/module.mk
include kernel/umem/module.mk
include kernel/syscall/module.mk
include kernel/exec/module.mk
include drivers/uart/module.mk
include drivers/apic/module.mk
include drivers/acpi/module.mk
include drivers/pci/module.mk
include drivers/virtio/module.mk
include drivers/hyperv/module.mk
include apps/module.mk
include lib/wasm/module.mk
include lib/wasi/module.mk
include tools/skiff-wasm/module.mk
include tests/wasm/module.mk
include tests/apps/module.mk
include tests/exec/module.mk
include fs/module.mk
include tools/skiff/module.mk

KOBJS := $(patsubst %,$(KB)/%.o,$(basename $(KSRCS)))
UNIT_BINS := $(addprefix $(HB)/test_,$(UNIT_TESTS))
FUZZ_BINS := $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZERS))
HOST_BINS := $(addprefix $(HB)/,$(HOST_PROGS))
# Host objects are rebuilt whenever any header changes: simpler than
# dependency files for a handful of small test binaries.
ALL_HDRS := $(wildcard */*.h */*/*.h */*/*/*.h)

.PHONY: all kernel tests run test unit fuzz format lint clean bench deps \
        bench-wasm bench-wasm-skiff bench-syscall bench-run \
        check-format params
all: kernel tests apps-initrd
kernel: $(BUILD)/skiff.elf $(BUILD)/skiff-mb.elf
tests: $(UNIT_BINS) $(FUZZ_BINS) $(HOST_BINS)

$(KB)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(KB)/%.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(KASFLAGS) -MMD -MP -c $< -o $@

# Two-pass link for the symbol table used by backtraces: .ksyms sits after
# .text and .rodata, so its size cannot move any code address between passes.
# The image is stripped of debug information; <image>.debug keeps it (gdb).
LDSCRIPT := arch/x86_64/link.ld
define link_image
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(KLDFLAGS) -T $(LDSCRIPT) -o $@.pass1 $(2) $(KB)/ksyms_empty.o
	$(Q)$(NM) -n $@.pass1 | tools/ksyms.sh > $@.ksyms.S
	$(Q)$(CC) $(KASFLAGS) -c $@.ksyms.S -o $@.ksyms.o
	$(Q)$(LD) $(KLDFLAGS) -T $(LDSCRIPT) -o $@.debug $(2) $@.ksyms.o
	$(Q)tools/ksyms-check.sh $@.pass1 $@.debug
	$(Q)$(OBJCOPY) --strip-debug $@.debug $@
endef

$(KB)/ksyms_empty.o: tools/ksyms.sh
	@mkdir -p $(dir $@)
	$(Q)printf '' | tools/ksyms.sh > $(KB)/ksyms_empty.S
	$(Q)$(CC) $(KASFLAGS) -c $(KB)/ksyms_empty.S -o $@

$(BUILD)/skiff.elf: $(KOBJS) $(KB)/ksyms_empty.o $(LDSCRIPT) tools/ksyms.sh Makefile
	$(call link_image,$@,$(KOBJS))

# The Multiboot image: the same objects plus the Multiboot header, which must
# live in a separate image because QEMU prefers Multiboot over PVH.
$(BUILD)/skiff-mb.elf: $(KOBJS) $(KB)/arch/x86_64/mbheader.o $(KB)/ksyms_empty.o $(LDSCRIPT) Makefile
	$(call link_image,$@,$(KB)/arch/x86_64/mbheader.o $(KOBJS))

define unit_rule
$(HB)/test_$(1): $$($(1)_SRCS) $$(ALL_HDRS)
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  HOSTCC  $$@")
	$$(Q)$$(HOSTCC) $$(HCFLAGS) $$($(1)_SRCS) -o $$@ $$($(1)_LIBS) $$(HLDLIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

define prog_rule
$(HB)/$(1): $$($(1)_PROG_SRCS) $$(ALL_HDRS)
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  HOSTCC  $$@")
	$$(Q)$$(or $$($(1)_PROG_CC),$$(HOSTCC)) \
	    $$(or $$($(1)_PROG_CFLAGS),$$(PCFLAGS)) \
	    $$($(1)_PROG_SRCS) -o $$@ $$($(1)_PROG_LIBS)
endef
$(foreach t,$(HOST_PROGS),$(eval $(call prog_rule,$(t))))

# libFuzzer harnesses: always clang, whatever CC is.
FUZZ_CFLAGS := $(filter-out $(SAN),$(HCFLAGS)) \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
define fuzz_rule
$(BUILD)/fuzz/fuzz_$(1): $$($(1)_FUZZ_SRCS) $$(ALL_HDRS)
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  FUZZCC  $$@")
	$$(Q)clang $$(FUZZ_CFLAGS) $$($(1)_FUZZ_SRCS) -o $$@ $$($(1)_FUZZ_LIBS)
endef
$(foreach t,$(FUZZERS),$(eval $(call fuzz_rule,$(t))))

FUZZ_SECONDS ?= 60
fuzz: deps $(FUZZ_BINS)
	$(Q)tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

deps:
	$(Q)tools/deps.sh

unit: $(UNIT_BINS)
	$(Q)tests/unit/run.sh $(UNIT_BINS)

# Every setting of the run is a make variable: MACHINE, ACCEL, MEM, SMP,
# APPEND, IMAGE, INITRD (a cpio archive for app.path programs).
MACHINE ?= microvm
run: deps kernel
	$(Q)tools/run.sh --machine "$(MACHINE)" --accel "$(ACCEL)" \
	    --mem "$(MEM)" --smp "$(SMP)" --append "$(APPEND)" \
	    --image "$(or $(IMAGE),$(BUILD)/skiff.elf)" --qemu "$(QEMU_EXTRA)" \
	    --initrd "$(INITRD)"

test: deps
	$(Q)tests/run-all.sh

FMT_SRCS = $(wildcard $(shell git ls-files '*.c' '*.h'))
format:
	$(Q)clang-format -i $(FMT_SRCS)
check-format:
	$(Q)clang-format --dry-run -Werror $(FMT_SRCS)
lint:
	$(Q)cppcheck --quiet --error-exitcode=1 --std=c11 --inline-suppr \
	    --enable=warning,portability,performance -I. -Iinclude \
	    -DSKIFF_HOSTED --suppress=missingIncludeSystem \
	    $(filter %.c,$(FMT_SRCS))

# The command-line parameter table, read from the image without booting it.
params: kernel $(HB)/skiff
	$(Q)$(HB)/skiff params --kernel $(BUILD)/skiff.elf

# docs/params.txt is that table, committed; the tests check it is current.
docs/params.txt: $(BUILD)/skiff.elf $(HB)/skiff
	$(Q)$(HB)/skiff params --kernel $< > $@

bench: deps kernel skiff
	$(Q)bench/boot/run.sh
	$(Q)bench/virtio/run.sh
	$(Q)bench/pci/run.sh
	$(Q)SKIFF_IMAGE="$(or $(IMAGE),$(BUILD)/skiff.elf)" bench/hyperv/run.sh
	$(Q)SKIFF_IMAGE="$(or $(IMAGE),$(BUILD)/skiff.elf)" bench/syscall/run.sh
	$(Q)bench/run/run.sh

# `skiff run` of a hello world, command to exit, against native and Linux.
bench-run: skiff
	$(Q)bench/run/run.sh

# System calls on Skiff against the same static binary on the host and in a
# Linux guest, and the boot cost of an application from the initrd.
bench-syscall: deps kernel
	$(Q)SKIFF_IMAGE="$(or $(IMAGE),$(BUILD)/skiff.elf)" bench/syscall/run.sh

# The WebAssembly runtime against native gcc -O2 and wabt's wasm-interp.
bench-wasm: deps $(HB)/skiff-wasm
	$(Q)bench/wasm/run.sh

# skiff-wasm inside Skiff against the host and a Linux guest.
bench-wasm-skiff: deps kernel $(BUILD)/apps/skiff-wasm
	$(Q)SKIFF_BUILD=$(BUILD) bench/wasm/skiff.sh

clean:
	rm -rf $(BUILD)

-include $(KOBJS:.o=.d)
