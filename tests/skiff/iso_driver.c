/* SPDX-License-Identifier: MIT */
/*
 * skiff-iso-driver: a test driver (not installed, not a skiff command) that
 * calls skiff_iso_write() once, so tests/skiff/iso.sh can check the ISO it
 * makes before `skiff image --iso` exists.
 * Usage: skiff-iso-driver OUT.iso KERNEL INITRD|- CMDLINE
 * Exits with skiff_iso_write()'s status.
 */
#include "tools/skiff/skiff.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 5) {
        fputs("usage: skiff-iso-driver OUT.iso KERNEL INITRD|- CMDLINE\n",
              stderr);
        return SKIFF_EXIT_ERROR;
    }
    struct skiff_iso iso = {
        .out = argv[1],
        .kernel = argv[2],
        .initrd = strcmp(argv[3], "-") ? argv[3] : NULL,
        .cmdline = argv[4],
    };
    int rc = skiff_iso_write(&iso);
    skiff_cleanup();
    return rc;
}
