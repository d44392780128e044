# klib: freestanding string functions and the printf engine.
KSRCS += lib/klib/string.c lib/klib/fmt.c lib/klib/diag.c
KLIB_HOST_SRCS := lib/klib/string.c lib/klib/fmt.c lib/klib/diag.c
UNIT_TESTS += klib
klib_SRCS := tests/unit/test_klib.c $(KLIB_HOST_SRCS)
