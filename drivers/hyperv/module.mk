# hyperv: Hyper-V guest support (detection, hypercalls, SynIC, reference
# TSC, VMBus handshake), pure over struct hv_ops; hyperv.c is the kernel
# glue. Host tests run it against the simulated Hyper-V in tests/unit.
HV_SRCS := drivers/hyperv/detect.c drivers/hyperv/hypercall.c \
        drivers/hyperv/synic.c drivers/hyperv/reftime.c drivers/hyperv/stimer.c \
        drivers/hyperv/vmbus.c drivers/hyperv/guid.c drivers/hyperv/clock.c
KSRCS += $(HV_SRCS) drivers/hyperv/hyperv.c
UNIT_TESTS += hyperv
hyperv_SRCS := tests/unit/test_hyperv.c tests/unit/hv_model.c \
        tests/unit/hv_model_host.c $(HV_SRCS) $(KLIB_HOST_SRCS)
FUZZERS += hv
hv_FUZZ_SRCS := tests/fuzz/fuzz_hv.c tests/unit/hv_model.c \
        tests/unit/hv_model_host.c $(HV_SRCS) $(KLIB_HOST_SRCS)
UNIT_TESTS += hyperv_time
hyperv_time_SRCS := tests/unit/test_hyperv_time.c tests/unit/hv_model.c \
        tests/unit/hv_model_host.c $(HV_SRCS) $(KLIB_HOST_SRCS)
# bench/hyperv: the bring-up's cost against the model (prints figures).
HOST_PROGS += hvbench
hvbench_PROG_SRCS := bench/hyperv/hvbench.c tests/unit/hv_model.c \
        tests/unit/hv_model_host.c $(HV_SRCS) $(KLIB_HOST_SRCS)
hvbench_PROG_CFLAGS := $(PCFLAGS) -DSKIFF_HOSTED
