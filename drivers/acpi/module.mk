# acpi: RSDP/XSDT/RSDT walk, MADT, MCFG, FADT, DSDT/SSDT (_S5, LNRO0005) parsers,
# power-off/reset registers; acpi.c is the kernel glue.
ACPI_PARSE_SRCS := drivers/acpi/tables.c drivers/acpi/madt.c \
        drivers/acpi/mcfg.c drivers/acpi/fadt.c drivers/acpi/aml.c drivers/acpi/s5.c
ACPI_SRCS := $(ACPI_PARSE_SRCS) drivers/acpi/power.c
KSRCS += $(ACPI_SRCS) drivers/acpi/acpi.c
UNIT_TESTS += acpi
acpi_SRCS := tests/unit/test_acpi.c $(ACPI_SRCS) tests/unit/fakes/io_fake.c \
        $(KLIB_HOST_SRCS)
UNIT_TESTS += acpi_power
acpi_power_SRCS := tests/unit/test_acpi_power.c $(ACPI_SRCS) \
        tests/unit/fakes/io_fake.c $(KLIB_HOST_SRCS)
FUZZERS += acpi
acpi_FUZZ_SRCS := tests/fuzz/fuzz_acpi.c $(ACPI_SRCS) \
        tests/unit/fakes/io_fake.c $(KLIB_HOST_SRCS)
