# hyperv: Hyper-V guest support (detection, hypercalls, SynIC, reference
# time and STIMER0 as Skiff's clock and timer, VMBus handshake, channels
# over GPADL ring buffers and the heartbeat service), pure over
# struct hv_ops; bringup.c decides the boot order and fallbacks; hyperv.c
# is the kernel glue (hooks and log lines). Host tests, the fuzzer and
# bench/hyperv run it against the simulated Hyper-V in tests/unit.
HV_SRCS := drivers/hyperv/detect.c drivers/hyperv/hypercall.c \
        drivers/hyperv/synic.c drivers/hyperv/reftime.c drivers/hyperv/stimer.c \
        drivers/hyperv/vmbus.c drivers/hyperv/guid.c drivers/hyperv/clock.c \
        drivers/hyperv/bringup.c drivers/hyperv/testdev.c \
        drivers/hyperv/gpadl.c drivers/hyperv/ring.c drivers/hyperv/channel.c \
        drivers/hyperv/heartbeat.c
KSRCS += $(HV_SRCS) drivers/hyperv/hyperv.c
HV_MODEL_SRCS := tests/unit/hv_model.c tests/unit/hv_model_host.c \
        tests/unit/hv_model_chan.c \
        $(HV_SRCS) $(KLIB_HOST_SRCS)
UNIT_TESTS += hyperv hyperv_time hyperv_boot hyperv_chan
hyperv_SRCS := tests/unit/test_hyperv.c $(HV_MODEL_SRCS)
hyperv_time_SRCS := tests/unit/test_hyperv_time.c $(HV_MODEL_SRCS)
hyperv_boot_SRCS := tests/unit/test_hyperv_boot.c $(HV_MODEL_SRCS)
hyperv_chan_SRCS := tests/unit/test_hyperv_chan.c $(HV_MODEL_SRCS)
FUZZERS += hv
hv_FUZZ_SRCS := tests/fuzz/fuzz_hv.c $(HV_MODEL_SRCS)
FUZZERS += hv_ring
hv_ring_FUZZ_SRCS := tests/fuzz/fuzz_hv_ring.c drivers/hyperv/ring.c \
        $(KLIB_HOST_SRCS)
# bench/hyperv: the bring-up's cost against the model (prints figures).
HOST_PROGS += hvbench
hvbench_PROG_SRCS := bench/hyperv/hvbench.c $(HV_MODEL_SRCS)
hvbench_PROG_CFLAGS := $(PCFLAGS) -DSKIFF_HOSTED
