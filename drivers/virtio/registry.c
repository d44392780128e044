/* SPDX-License-Identifier: MIT */
/*
 * The driver table, shared by every transport, and the device type names
 * of virtio 1.2 §5 for listings.
 */
#include "drivers/virtio/drivers.h"
#include "drivers/virtio/virtio.h"

static const struct virtio_driver *const drivers[] = {
    &virtio_net_driver,
    &virtio_blk_driver,
    &virtio_console_driver,
    &virtio_rng_driver,
};

const struct virtio_driver *virtio_driver_find(uint32_t device_id)
{
    for (unsigned i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
        if (drivers[i]->device_id == device_id)
            return drivers[i];
    return 0;
}

static const char *const names[] = {
    [1] = "net",     [2] = "blk",    [3] = "console", [4] = "rng",
    [5] = "balloon", [8] = "scsi",   [9] = "9p",      [16] = "gpu",
    [18] = "input",  [19] = "vsock", [20] = "crypto", [23] = "iommu",
    [24] = "mem",    [25] = "sound", [26] = "fs",     [27] = "pmem",
};

const char *virtio_type_name(uint32_t device_id)
{
    if (device_id < sizeof(names) / sizeof(names[0]))
        return names[device_id];
    return 0;
}
