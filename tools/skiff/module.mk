# skiff: the host tool (build/host/skiff) that runs and packages
# applications as Skiff VMs. It links the kernel's ELF check and the
# WebAssembly runtime, so APP is judged on the host as Skiff would judge
# it. Its pure parts are unit-tested (test_skiff, test_skiff_sha256,
# test_skiff_oci); its commands end to end by tests/skiff/run.sh.
SKIFF_TOOL_SRCS := tools/skiff/util.c tools/skiff/cmdline.c \
        tools/skiff/cpio.c tools/skiff/tree.c tools/skiff/json.c \
        tools/skiff/vmm.c tools/skiff/run.c tools/skiff/params.c \
        tools/skiff/app.c tools/skiff/opts.c tools/skiff/stage.c \
        tools/skiff/sha256.c tools/skiff/oci.c tools/skiff/iso.c \
        lib/param/lex.c kernel/exec/check.c $(KLIB_HOST_SRCS) $(WASM_SRCS)
HOST_PROGS += skiff
skiff_PROG_SRCS := tools/skiff/main.c $(SKIFF_TOOL_SRCS)
skiff_PROG_CFLAGS := $(PCFLAGS) -DSKIFF_HOSTED
skiff_PROG_LIBS := -lm

# The built-in applications skiff runs by name: each apps/<name>/ except
# inspect (linked into the kernel), built static with musl into
# $(BUILD)/builtin/<name>.
SKIFF_BUILTINS := $(filter-out inspect,$(notdir $(patsubst %/,%,$(dir \
        $(wildcard apps/*/*.c)))))
define skiff_builtin_rule
$(BUILD)/builtin/$(1): $(wildcard apps/$(1)/*.c)
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  MUSLCC  $$@")
	$$(Q)$$(MUSLCC) -static -O2 -Wall -Wextra -o $$@ $$^
endef
$(foreach b,$(SKIFF_BUILTINS),$(eval $(call skiff_builtin_rule,$(b))))

# Everything `skiff run` and `skiff image` use.
.PHONY: skiff
skiff: deps kernel $(HB)/skiff $(BUILD)/apps/skiff-wasm \
        $(addprefix $(BUILD)/builtin/,$(SKIFF_BUILTINS))

UNIT_TESTS += skiff
skiff_SRCS := tests/unit/test_skiff.c tools/skiff/util.c \
        tools/skiff/cmdline.c tools/skiff/cpio.c tools/skiff/tree.c \
        tools/skiff/json.c tools/skiff/vmm.c tools/skiff/run.c \
        tools/skiff/opts.c lib/param/lex.c $(KLIB_HOST_SRCS)
UNIT_TESTS += skiff_sha256
skiff_sha256_SRCS := tests/unit/test_skiff_sha256.c tools/skiff/sha256.c
UNIT_TESTS += skiff_oci
skiff_oci_SRCS := tests/unit/test_skiff_oci.c tools/skiff/oci.c \
        tools/skiff/sha256.c tools/skiff/json.c tools/skiff/util.c
all: $(addprefix $(BUILD)/builtin/,$(SKIFF_BUILTINS))

# skiff-iso-driver: skiff_iso_write() alone, given a raw command line, for
# tests/skiff/iso.sh (GRUB's quoting, refusals, boots as CD and disk).
HOST_PROGS += skiff-iso-driver
skiff-iso-driver_PROG_SRCS := tests/skiff/iso_driver.c $(SKIFF_TOOL_SRCS)
skiff-iso-driver_PROG_CFLAGS := $(PCFLAGS) -DSKIFF_HOSTED
skiff-iso-driver_PROG_LIBS := -lm
