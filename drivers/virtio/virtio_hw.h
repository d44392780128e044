/* SPDX-License-Identifier: MIT */
/*
 * virtio wire formats (virtio 1.2): device status bits, feature bits, the
 * split virtqueue layout (§2.7), the MMIO register block (§4.2.2, and
 * §4.2.4 for the legacy version 1 registers) and the request headers of
 * the block and network devices (§5.2.6, §5.1.6). All little-endian; x86
 * is too, so plain C fields are used.
 */
#ifndef SKIFF_VIRTIO_HW_H
#define SKIFF_VIRTIO_HW_H
#include <stddef.h>
#include <stdint.h>

/* Device status (§2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER      2u
#define VIRTIO_STATUS_DRIVER_OK   4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED      128u

/* Interrupt causes, as the ISR / InterruptStatus registers give them
 * (§4.1.4.5, §4.2.2). */
#define VIRTIO_ISR_QUEUE  1u
#define VIRTIO_ISR_CONFIG 2u

/* Transport-level feature bits (§6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX     29
#define VIRTIO_F_VERSION_1     32

/* Device types (§5). */
#define VIRTIO_ID_NET     1
#define VIRTIO_ID_BLOCK   2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG     4

/* Split virtqueue (§2.7). */
#define VRING_DESC_F_NEXT          1u
#define VRING_DESC_F_WRITE         2u
#define VRING_DESC_F_INDIRECT      4u
#define VRING_AVAIL_F_NO_INTERRUPT 1u
#define VRING_USED_F_NO_NOTIFY     1u

struct vring_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
_Static_assert(sizeof(struct vring_desc) == 16, "virtio 1.2 §2.7.5");

struct vring_used_elem {
    uint32_t id, len;
};
_Static_assert(sizeof(struct vring_used_elem) == 8, "virtio 1.2 §2.7.8");

/* The avail ring is flags, idx, ring[size], used_event; the used ring is
 * flags, idx, ring[size], avail_event. Both are addressed through the
 * vq code's pointers, so their variable size needs no struct here. */

/* MMIO register block (§4.2.2); legacy-only offsets marked v1. */
#define VMMIO_MAGIC           0x000
#define VMMIO_VERSION         0x004
#define VMMIO_DEVICE_ID       0x008
#define VMMIO_VENDOR_ID       0x00c
#define VMMIO_DEV_FEATURES    0x010
#define VMMIO_DEV_FEAT_SEL    0x014
#define VMMIO_DRV_FEATURES    0x020
#define VMMIO_DRV_FEAT_SEL    0x024
#define VMMIO_GUEST_PAGE_SIZE 0x028 /* v1 */
#define VMMIO_QUEUE_SEL       0x030
#define VMMIO_QUEUE_NUM_MAX   0x034
#define VMMIO_QUEUE_NUM       0x038
#define VMMIO_QUEUE_ALIGN     0x03c /* v1 */
#define VMMIO_QUEUE_PFN       0x040 /* v1 */
#define VMMIO_QUEUE_READY     0x044
#define VMMIO_QUEUE_NOTIFY    0x050
#define VMMIO_INT_STATUS      0x060
#define VMMIO_INT_ACK         0x064
#define VMMIO_STATUS          0x070
#define VMMIO_QUEUE_DESC_LO   0x080
#define VMMIO_QUEUE_DESC_HI   0x084
#define VMMIO_QUEUE_DRV_LO    0x090
#define VMMIO_QUEUE_DRV_HI    0x094
#define VMMIO_QUEUE_DEV_LO    0x0a0
#define VMMIO_QUEUE_DEV_HI    0x0a4
#define VMMIO_CONFIG_GEN      0x0fc
#define VMMIO_CONFIG          0x100
#define VMMIO_MAGIC_VALUE     0x74726976u /* "virt" */
#define VMMIO_INT_VRING       1u
#define VMMIO_INT_CONFIG      2u

/* virtio-blk (§5.2). */
#define VIRTIO_BLK_F_SIZE_MAX   1
#define VIRTIO_BLK_F_SEG_MAX    2
#define VIRTIO_BLK_F_RO         5
#define VIRTIO_BLK_F_BLK_SIZE   6
#define VIRTIO_BLK_F_FLUSH      9
#define VIRTIO_BLK_T_IN         0u
#define VIRTIO_BLK_T_OUT        1u
#define VIRTIO_BLK_T_FLUSH      4u
#define VIRTIO_BLK_S_OK         0u
#define VIRTIO_BLK_S_IOERR      1u
#define VIRTIO_BLK_S_UNSUPP     2u
#define VIRTIO_BLK_CFG_CAPACITY 0  /* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SEG_MAX  12 /* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE 20 /* le32 */

struct virtio_blk_req_hdr {
    uint32_t type, reserved;
    uint64_t sector;
};
_Static_assert(sizeof(struct virtio_blk_req_hdr) == 16, "virtio 1.2 §5.2.6");

/* virtio-net (§5.1). */
#define VIRTIO_NET_F_MAC      5
#define VIRTIO_NET_F_STATUS   16
#define VIRTIO_NET_S_LINK_UP  1u
#define VIRTIO_NET_CFG_MAC    0 /* 6 bytes */
#define VIRTIO_NET_CFG_STATUS 6 /* le16 */

/* The header in front of every frame: 10 bytes for a legacy device without
 * MRG_RXBUF, 12 (with num_buffers) once VERSION_1 is negotiated (§5.1.6). */
struct virtio_net_hdr {
    uint8_t flags, gso_type;
    uint16_t hdr_len, gso_size, csum_start, csum_offset;
    uint16_t num_buffers;
};
_Static_assert(offsetof(struct virtio_net_hdr, num_buffers) == 10,
               "virtio 1.2 §5.1.6");

#endif
