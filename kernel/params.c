/* SPDX-License-Identifier: MIT */
/* params: see params.h. */
#include "kernel/params.h"
#include "kernel/log.h"
#include "kernel/shutdown.h"
#include "lib/klib/klib.h"
#include "lib/param/param.h"

static struct param_result res; /* about 7 KiB: static, not on the stack */
static char *argv[PARAMS_ARGV_MAX];
static char args[4096];

int kernel_argc(void)
{
    return res.argc;
}
char **kernel_argv(void)
{
    return argv;
}

/* Linux parameters that monitors write on every command line (Firecracker's
 * defaults, its "pci=off", and the usual console settings): Skiff has no
 * use for them, and warning about each would bury real mistakes. */
static const char *const linux_params[] = {
    "reboot",  "panic",       "nomodule", "swiotlb", "pci",
    "console", "earlyprintk", "8250.",    "i8042.",  NULL,
};

unsigned kernel_params_parse(const char *cmdline, const char *app)
{
    struct param_argv av = {app, argv, PARAMS_ARGV_MAX, args, sizeof(args)};
    param_set_foreign(linux_params);
    param_parse(cmdline, strlen(cmdline), PARAM_SECTION_BEGIN,
                PARAM_SECTION_END, &av, &res, NULL);
    for (unsigned i = 0; i < res.nmsgs; i++)
        log_printf(res.msgs[i].level == PARAM_ERROR ? LOG_ERR : LOG_WARN,
                   "param: %s\n", res.msgs[i].text);
    if (res.lost)
        log_err("param: %u more messages not kept\n", res.lost);
    if (res.foreign)
        log_info("param: %u Linux parameters ignored (reboot, panic, "
                 "8250.*, i8042.* ...)\n",
                 res.foreign);
    return res.errors + res.warnings;
}

static void emit(void *ctx, const char *line)
{
    (void)ctx;
    log_raw("%s\n", line);
}

void kernel_params_enforce(void)
{
    if (res.help) {
        param_print_table(PARAM_SECTION_BEGIN, PARAM_SECTION_END, emit, NULL);
        shutdown(0);
    }
    if (res.strict && (res.errors || res.warnings)) {
        log_err("param: strict mode: %u errors and %u warnings on the "
                "command line; stopping (exit status %d)\n",
                res.errors, res.warnings, SHUTDOWN_STATUS_USAGE);
        shutdown(SHUTDOWN_STATUS_USAGE);
    }
}
