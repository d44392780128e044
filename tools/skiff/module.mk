# skiff: the host tool (build/host/skiff) that runs and packages
# applications as Skiff VMs. Its pure parts are unit-tested (test_skiff),
# its commands end to end by tests/skiff/run.sh.
SKIFF_TOOL_SRCS := tools/skiff/util.c
HOST_PROGS += skiff
skiff_PROG_SRCS := tools/skiff/main.c $(SKIFF_TOOL_SRCS)
