# arch/x86_64: entry points, descriptor tables, paging, trap stubs.
KSRCS += arch/x86_64/entry.S arch/x86_64/traps.S arch/x86_64/cpu.c \
         arch/x86_64/trap.c arch/x86_64/paging.c \
         arch/x86_64/user_entry.S arch/x86_64/user.c arch/x86_64/hvpage.S
