# kernel: boot sequence, log, time, memory, shutdown.
KSRCS += kernel/main.c kernel/params.c kernel/log.c kernel/ksyms.c \
         kernel/shutdown.c kernel/time.c kernel/timer.c kernel/timeline.c \
         kernel/cpuinfo.c kernel/irq.c kernel/entropy.c kernel/mm/pmm.c \
         kernel/vmware.c kernel/rtc.c kernel/files.c \
         kernel/mm/heap.c kernel/mm/kmem.c

UNIT_TESTS += mm
mm_SRCS := tests/unit/test_mm.c kernel/mm/pmm.c kernel/mm/heap.c \
           $(KLIB_HOST_SRCS)

# Hardware-facing code against the simulated devices of tests/unit/fakes.
UNIT_TESTS += hw
hw_SRCS := tests/unit/test_hw.c tests/unit/fakes/io_fake.c \
           drivers/uart/uart.c drivers/apic/ioapic.c drivers/apic/pic.c \
           kernel/cpuinfo.c kernel/vmware.c kernel/log.c $(KLIB_HOST_SRCS)
