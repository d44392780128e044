/* SPDX-License-Identifier: MIT */
/*
 * The application: a static ELF executable from the initrd when app.path
 * names one, else the one linked into the image at build time
 * (`make APP=apps/<name>`, apps/builtin.S), else `inspect`. ELF programs
 * get argv[0] = their path (or name) and the arguments after `--`, and the
 * environment from app.env.
 */
#include "kernel/app.h"
#include "kernel/files.h"
#include "kernel/kernel.h"
#include "kernel/log.h"
#include "kernel/syscall/load.h"
#include "lib/param/param.h"
#include <stdint.h>

#define ENV_MAX 16

PARAM_STRING(app, path, 256, "",
             "static ELF executable in the initrd to run (e.g. /bin/hello)");
PARAM_ARRAY_STRING(app, env, ENV_MAX, 128,
                   "environment of the application, K=V (repeatable)");
PARAM_SIZE(app, stack, 1024 * 1024, "stack size of the application");

/* From apps/builtin.S: the ELF linked in by `make APP=...`, or nothing. */
extern const char app_builtin_start[];
extern const uint64_t app_builtin_size;
extern const char app_builtin_name[];

/* The file system is the ELF program's alone (inspect never opens a
 * file), so boot does not pay for mounting the initrd without one. */
static void mount_files(void)
{
    const struct bootinfo *b = &kernel_state()->boot;
    if (files_init((const void *)(uintptr_t)b->initrd_base,
                   (size_t)b->initrd_size))
        log_err("files: no file system for the application\n");
}

int app_run(int argc, char **argv)
{
    const char *env[ENV_MAX + 1];
    for (unsigned i = 0; i < param_app_env_count; i++)
        env[i] = param_app_env[i];
    env[param_app_env_count] = 0;
    size_t builtin = (size_t)app_builtin_size;
    if (param_app_path[0] || builtin)
        mount_files();
    if (param_app_path[0]) {
        argv[0] = param_app_path;
        return task_run_path(param_app_path, (const char *const *)argv, env,
                             param_app_stack);
    }
    if (builtin) {
        argv[0] = (char *)(uintptr_t)app_builtin_name;
        return task_run(app_builtin_name, app_builtin_start, builtin,
                        (const char *const *)argv, env, param_app_stack);
    }
    return inspect_main(argc, argv);
}
