/* SPDX-License-Identifier: MIT */
/*
 * app: the built-in applications. Each takes the argv that the command line
 * gave (argv[0] is its name) and returns the VM's exit status.
 */
#ifndef SKIFF_APP_H
#define SKIFF_APP_H

#define APP_DEFAULT "inspect"

/* Run the default application with (argc, argv). */
int app_run(int argc, char **argv);

int inspect_main(int argc, char **argv);

#endif
