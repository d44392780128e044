/* SPDX-License-Identifier: MIT */
/* load: run a static ELF executable as the application (load.c). */
#ifndef SKIFF_SYS_LOAD_H
#define SKIFF_SYS_LOAD_H
#include <stddef.h>
#include <stdint.h>

/* Check, load and run the ELF file image (file, len) named (name) (its
 * AT_EXECFN and /proc/self/exe) with (argv) and (envp), both
 * NULL-terminated, and a stack of (stack_size) bytes. Returns the
 * application's exit status, TASK_STATUS_KILLED after a fault or fatal
 * signal, TASK_STATUS_NOEXEC when it could not be started (logged). */
int task_run(const char *name, const void *file, size_t len,
             const char *const *argv, const char *const *envp,
             uint64_t stack_size);

/* The same for the file at (path) in the file system. */
int task_run_path(const char *path, const char *const *argv,
                  const char *const *envp, uint64_t stack_size);

#endif
