# syscall: the Linux system-call layer and the application's process.
KSRCS += kernel/syscall/dispatch.c kernel/syscall/names.c \
         kernel/syscall/mem.c kernel/syscall/proc.c kernel/syscall/clock.c \
         kernel/syscall/signal.c kernel/syscall/poll.c \
         kernel/syscall/uaccess.c kernel/syscall/ucopy.c \
         kernel/syscall/task.c kernel/syscall/load.c
