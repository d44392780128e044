/* SPDX-License-Identifier: MIT */
/* files: mount the file system for the application (see files.c). */
#ifndef SKIFF_FILES_H
#define SKIFF_FILES_H
#include <stddef.h>

/* Mount the initrd (cpio, or none when len is 0), /tmp, /dev with the
 * virtio-blk disks. A corrupt initrd is logged and replaced by an empty
 * root. Returns 0 or a negative errno. */
int files_init(const void *initrd, size_t len);

#endif
