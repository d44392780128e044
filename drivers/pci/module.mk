# pci: configuration access (port I/O, ECAM), enumeration through bridges,
# BAR sizing and assignment, capabilities, the listing; discover.c is the
# kernel glue.
PCI_SRCS := drivers/pci/cfg.c drivers/pci/enum.c drivers/pci/names.c \
        drivers/pci/intx.c
KSRCS += $(PCI_SRCS) drivers/pci/discover.c
UNIT_TESTS += pci
pci_SRCS := tests/unit/test_pci.c tests/unit/fakes/pci_fake.c $(PCI_SRCS) \
        tests/unit/fakes/io_fake.c $(KLIB_HOST_SRCS)
# INTx routing (intx.c) per chipset over the same simulated space.
UNIT_TESTS += pci_intx
pci_intx_SRCS := tests/unit/test_pci_intx.c tests/unit/fakes/pci_fake.c \
        $(PCI_SRCS) tests/unit/fakes/io_fake.c $(KLIB_HOST_SRCS)
FUZZERS += pci
pci_FUZZ_SRCS := tests/fuzz/fuzz_pci.c tests/unit/fakes/pci_fake.c \
        $(PCI_SRCS) tests/unit/fakes/io_fake.c $(KLIB_HOST_SRCS)
# The virtio-pci identification over the same simulated space.
UNIT_TESTS += virtio_pci
virtio_pci_SRCS := tests/unit/test_virtio_pci.c tests/unit/fakes/pci_fake.c \
        drivers/virtio/pci.c $(PCI_SRCS) tests/unit/fakes/io_fake.c \
        kernel/log.c tests/unit/fakes/log_capture.c $(PARAM_SRCS) \
        $(KLIB_HOST_SRCS)
