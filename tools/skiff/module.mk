# skiff: the host tool (build/host/skiff) that runs and packages
# applications as Skiff VMs. Its pure parts are unit-tested (test_skiff),
# its commands end to end by tests/skiff/run.sh.
# iso.c lexes the command line with the kernel's own lexer (lib/param/lex.c).
SKIFF_TOOL_SRCS := tools/skiff/util.c tools/skiff/iso.c lib/param/lex.c
HOST_PROGS += skiff
skiff_PROG_SRCS := tools/skiff/main.c $(SKIFF_TOOL_SRCS)
# skiff-iso-driver: skiff_iso_write() alone, for tests/skiff/iso.sh.
HOST_PROGS += skiff-iso-driver
skiff-iso-driver_PROG_SRCS := tests/skiff/iso_driver.c $(SKIFF_TOOL_SRCS)
