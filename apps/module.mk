# apps: the built-in applications.
KSRCS += apps/app.c apps/inspect/inspect.c apps/inspect/fault.c \
        apps/inspect/devices.c apps/inspect/net.c apps/inspect/bench.c
