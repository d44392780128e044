# virtio: split virtqueues, the core (device bring-up, driver table), the
# MMIO transport with command-line discovery, and the drivers.
VIRTIO_HOST_SRCS := drivers/virtio/vq.c drivers/virtio/core.c \
        drivers/virtio/registry.c drivers/virtio/mmio.c \
        drivers/virtio/mmio_window.c drivers/virtio/mmio_cmdline.c \
        drivers/virtio/blk.c drivers/virtio/net.c drivers/virtio/rng.c \
        drivers/virtio/console.c drivers/virtio/pci.c
KSRCS += $(VIRTIO_HOST_SRCS) drivers/virtio/mmio_discover.c \
        drivers/virtio/pci_discover.c \
        drivers/virtio/dma.c drivers/virtio/wait.c

UNIT_TESTS += virtio_cmdline virtio_vq virtio_mmio
virtio_cmdline_SRCS := tests/unit/test_virtio_cmdline.c \
        drivers/virtio/mmio_cmdline.c $(PARAM_SRCS) $(KLIB_HOST_SRCS)
virtio_vq_SRCS := tests/unit/test_virtio_vq.c drivers/virtio/vq.c \
        $(KLIB_HOST_SRCS)
# The transport and drivers against a simulated virtio-mmio device.
virtio_mmio_SRCS := tests/unit/test_virtio_mmio.c \
        tests/unit/fakes/io_fake.c tests/unit/fakes/virtio_dev_fake.c \
        $(VIRTIO_HOST_SRCS) $(PCI_SRCS) kernel/entropy.c kernel/log.c \
        tests/unit/fakes/log_capture.c \
        $(PARAM_SRCS) \
        $(KLIB_HOST_SRCS)
FUZZERS += virtio
virtio_FUZZ_SRCS := tests/fuzz/fuzz_virtio.c drivers/virtio/vq.c \
        $(KLIB_HOST_SRCS)
