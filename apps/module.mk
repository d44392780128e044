# apps: the built-in applications.
KSRCS += apps/inspect/inspect.c apps/inspect/fault.c
