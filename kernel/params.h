/* SPDX-License-Identifier: MIT */
/*
 * params: the kernel's use of lib/param. Parses the command line once, early
 * (before the console exists; its messages wait in the log buffer), keeps
 * the application's argv, and after boot acts on param.help and
 * param.strict.
 */
#ifndef SKIFF_KERNEL_PARAMS_H
#define SKIFF_KERNEL_PARAMS_H

#define PARAMS_ARGV_MAX 64

/* Parse (cmdline) into every declared parameter and the argv of (app).
 * Problems are logged. Returns the number of errors plus warnings. */
unsigned kernel_params_parse(const char *cmdline, const char *app);

/* With param.help: print the table and stop the VM with status 0.
 * With param.strict and any problem: say so and stop the VM with
 * SHUTDOWN_STATUS_USAGE. Otherwise return. Call once the console and the
 * clock are up. */
void kernel_params_enforce(void);

int kernel_argc(void);
char **kernel_argv(void);

#endif
