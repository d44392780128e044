/* SPDX-License-Identifier: MIT */
/*
 * app: the built-in applications and the kernel settings read from the
 * command line before they run.
 */
#ifndef SKIFF_APP_H
#define SKIFF_APP_H

/* Apply the kernel's own settings from (cmdline): log level, quiet, boot
 * timeline verbosity. Unknown or malformed values are reported. */
void kernel_settings(const char *cmdline);
int kernel_verbose_timeline(void);

/* Find the value of "key=value" in (cmdline); copies it to (out) and returns
 * 0, or -ENOENT. A bare "key" yields "". */
int kernel_setting(const char *cmdline, const char *key, char *out,
                   unsigned size);

/* Run the application named by the command line (default: inspect) and
 * return its exit status. */
int app_run(const char *cmdline);

/* The built-in applications. */
int inspect_main(const char *cmdline);

#endif
