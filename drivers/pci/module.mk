# pci: configuration access (port I/O, ECAM), enumeration through bridges,
# BAR sizing and assignment, capabilities, the listing; discover.c is the
# kernel glue.
PCI_SRCS := drivers/pci/cfg.c drivers/pci/enum.c drivers/pci/names.c
KSRCS += $(PCI_SRCS) drivers/pci/discover.c
