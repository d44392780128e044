# The spec-test runner: optimised, and under ASan/UBSan for make test.
SPEC_RUNNER_SRCS := tests/wasm/spec_runner.c tests/wasm/spec_host.c \
        $(WASM_SRCS)
HOST_PROGS += spec-runner spec-runner-san
spec-runner_PROG_SRCS := $(SPEC_RUNNER_SRCS)
spec-runner_PROG_LIBS := -lm
spec-runner-san_PROG_SRCS := $(SPEC_RUNNER_SRCS)
spec-runner-san_PROG_CFLAGS := $(HCFLAGS)
spec-runner-san_PROG_LIBS := -lm $(SAN)
