# skiff: the host tool (build/host/skiff) that runs and packages
# applications as Skiff VMs. Its pure parts are unit-tested (test_skiff,
# test_skiff_sha256, test_skiff_oci), its commands end to end by
# tests/skiff/run.sh.
SKIFF_TOOL_SRCS := tools/skiff/util.c tools/skiff/sha256.c tools/skiff/oci.c
HOST_PROGS += skiff
skiff_PROG_SRCS := tools/skiff/main.c $(SKIFF_TOOL_SRCS)
UNIT_TESTS += skiff_sha256
skiff_sha256_SRCS := tests/unit/test_skiff_sha256.c tools/skiff/sha256.c
UNIT_TESTS += skiff_oci
skiff_oci_SRCS := tests/unit/test_skiff_oci.c tools/skiff/oci.c \
        tools/skiff/sha256.c tools/skiff/util.c
