# exec-run: kernel/exec's loader plan run on Linux (build/host/exec-run),
# and tests/exec/run.sh, which starts the tests/apps programs through it.
HOST_PROGS += exec-run
exec-run_PROG_SRCS := tests/exec/exec-run.c $(EXEC_SRCS) $(KLIB_HOST_SRCS)
# SKIFF_HOSTED: klib then leaves memcpy & co to the host's libc.
exec-run_PROG_CFLAGS := $(PCFLAGS) -DSKIFF_HOSTED

.PHONY: exec-run-tests
exec-run-tests: $(HB)/exec-run $(APPS_BINS)
	$(Q)tests/exec/run.sh $(HB)/exec-run $(BUILD)/apps
