/* SPDX-License-Identifier: MIT */
/* The built-in applications: one today, chosen by default. */
#include "kernel/app.h"

int app_run(int argc, char **argv)
{
    return inspect_main(argc, argv);
}
