# param: typed kernel command-line parameters and the application's argv.
PARAM_SRCS := lib/param/lex.c lib/param/value.c lib/param/apply.c \
        lib/param/parse.c lib/param/suggest.c lib/param/help.c
KSRCS += $(PARAM_SRCS)
UNIT_TESTS += param_grammar param_values
param_grammar_SRCS := tests/unit/test_param_grammar.c $(PARAM_SRCS) \
        $(KLIB_HOST_SRCS)
param_values_SRCS := tests/unit/test_param_values.c $(PARAM_SRCS) \
        $(KLIB_HOST_SRCS)
FUZZERS += param
param_FUZZ_SRCS := tests/fuzz/fuzz_param.c $(PARAM_SRCS) $(KLIB_HOST_SRCS)
