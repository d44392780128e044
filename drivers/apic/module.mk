# apic: local APIC, IOAPIC, 8259 PIC and PIT channel 2.
KSRCS += drivers/apic/pic.c drivers/apic/lapic.c drivers/apic/ioapic.c
