# virtio: devices named on the command line (transports come later).
KSRCS += drivers/virtio/mmio_cmdline.c
UNIT_TESTS += virtio_cmdline
virtio_cmdline_SRCS := tests/unit/test_virtio_cmdline.c \
        drivers/virtio/mmio_cmdline.c kernel/log.c $(PARAM_SRCS) \
        $(KLIB_HOST_SRCS)
