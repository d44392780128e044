# apps tests: the system-call test programs (tests/apps/t_*.c), built with
# musl-gcc -static into $(BUILD)/apps/, plus t_proc as a musl static PIE
# (t_proc-pie). "make apps-tests" builds them; "make apps-host" runs them
# on this Linux against the committed .expected files (tests/apps/host.sh);
# "make apps-initrd" packs them with busybox and the fixtures into
# $(BUILD)/apps/initrd.cpio (tests/apps/initrd.sh).
APPS_PROGS := t_files t_dirs t_mem t_time t_proc t_exit t_fault_rodata \
        t_fault_text t_fault_jump t_fault_stack t_fault_mmap
APPS_BINS := $(addprefix $(BUILD)/apps/,$(APPS_PROGS)) $(BUILD)/apps/t_proc-pie \
        $(BUILD)/apps/x_dynamic $(BUILD)/apps/x_enosys
APPS_CFLAGS := -std=gnu11 -static -O2 -Wall -Wextra -Werror

$(BUILD)/apps/t_%: tests/apps/t_%.c tests/apps/t.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MUSLCC  $@")
	$(Q)$(MUSLCC) $(APPS_CFLAGS) $< -o $@

$(BUILD)/apps/x_%: tests/apps/x_%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MUSLCC  $@")
	$(Q)$(MUSLCC) $(APPS_CFLAGS) $< -o $@

# A dynamically linked program, which Skiff must refuse by name.
$(BUILD)/apps/x_dynamic: tests/apps/t_exit.c tests/apps/t.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MUSLCC  $@")
	$(Q)$(MUSLCC) $(filter-out -static,$(APPS_CFLAGS)) $< -o $@

$(BUILD)/apps/t_proc-pie: tests/apps/t_proc.c tests/apps/t.h \
        tests/apps/static-pie.sh
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  PIE     $@")
	$(Q)tests/apps/static-pie.sh $@ $< $(filter-out -static,$(APPS_CFLAGS))

.PHONY: apps-tests apps-host apps-initrd
apps-tests: $(APPS_BINS)
apps-host: $(APPS_BINS)
	$(Q)tests/apps/host.sh $(BUILD)/apps
apps-initrd: $(APPS_BINS)
	$(Q)tests/apps/initrd.sh $(BUILD)/apps/initrd.cpio $(BUILD)/apps \
	    $(BUILD)/wasi

# WebAssembly inside Skiff: the host's skiff-wasm, a static musl program
# (/bin/skiff-wasm in the initrd) and the WASI test modules of
# tests/wasm/wasi/ (/wasm/NAME.wasm), built as tests/wasm/wasi.sh builds
# them, into the same $(BUILD)/wasi/ it uses.
WASI_MODS := $(addprefix $(BUILD)/wasi/,$(addsuffix .wasm,files dirs \
        args_env clocks exit misc sandbox))
$(BUILD)/apps/skiff-wasm: $(HB)/skiff-wasm
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(BUILD)/wasi/%.wasm: tests/wasm/wasi/%.c tests/wasm/wasi/wasi_test.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  WASMCC  $@")
	$(Q)clang --target=wasm32-wasi --sysroot=/usr -O2 -s -o $@ $<

apps-initrd: $(BUILD)/apps/skiff-wasm $(WASI_MODS)
