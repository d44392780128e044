/* SPDX-License-Identifier: MIT */
/*
 * hv_hw: Hyper-V numbers and wire formats as a guest sees them: CPUID
 * leaves, synthetic MSRs, hypercall codes and status values, the SynIC
 * message slot and the VMBus channel messages used to connect and list
 * offers. Checked against the Hyper-V TLFS (6.0), Linux
 * arch/x86/include/asm/hyperv-tlfs.h, include/asm-generic/hyperv-tlfs.h and
 * include/linux/hyperv.h, and QEMU include/hw/hyperv/vmbus-proto.h.
 */
#ifndef SKIFF_HV_HW_H
#define SKIFF_HV_HW_H
#include <stddef.h>
#include <stdint.h>

/* CPUID (TLFS §2.4). */
#define HV_CPUID_VENDOR    0x40000000u
#define HV_CPUID_INTERFACE 0x40000001u
#define HV_CPUID_VERSION   0x40000002u
#define HV_CPUID_FEATURES  0x40000003u
#define HV_CPUID_RECOMMEND 0x40000004u
#define HV_CPUID_LIMITS    0x40000005u
#define HV_CPUID_KVM_MOVED 0x40000100u /* KVM's leaves when hv-* is on */
#define HV_INTERFACE_HV1   0x31237648u /* "Hv#1" */
#define HV_CPUID_MIN_MAX   HV_CPUID_LIMITS

/* 0x40000003 EAX: partition privileges (which MSRs exist). */
#define HV_PRIV_VP_RUNTIME (1u << 0)
#define HV_PRIV_TIME_REF   (1u << 1)
#define HV_PRIV_SYNIC      (1u << 2)
#define HV_PRIV_STIMER     (1u << 3)
#define HV_PRIV_APIC       (1u << 4)
#define HV_PRIV_HYPERCALL  (1u << 5)
#define HV_PRIV_VP_INDEX   (1u << 6)
#define HV_PRIV_RESET      (1u << 7)
#define HV_PRIV_REF_TSC    (1u << 9)
#define HV_PRIV_FREQ       (1u << 11)
/* 0x40000003 EBX: hypercall privileges; EDX: misc features. */
#define HV_PRIV_POST_MSG      (1u << 4)
#define HV_PRIV_SIGNAL_EVT    (1u << 5)
#define HV_FEAT_STIMER_DIRECT (1u << 19)

/* Synthetic MSRs. */
#define HV_MSR_GUEST_OS_ID    0x40000000u
#define HV_MSR_HYPERCALL      0x40000001u
#define HV_MSR_VP_INDEX       0x40000002u
#define HV_MSR_RESET          0x40000003u
#define HV_MSR_VP_RUNTIME     0x40000010u
#define HV_MSR_TIME_REF_COUNT 0x40000020u
#define HV_MSR_REFERENCE_TSC  0x40000021u
#define HV_MSR_TSC_FREQUENCY  0x40000022u
#define HV_MSR_APIC_FREQUENCY 0x40000023u
#define HV_MSR_SCONTROL       0x40000080u
#define HV_MSR_SVERSION       0x40000081u
#define HV_MSR_SIEFP          0x40000082u
#define HV_MSR_SIMP           0x40000083u
#define HV_MSR_EOM            0x40000084u
#define HV_MSR_SINT0          0x40000090u /* SINTn = SINT0 + n, n < 16 */
#define HV_MSR_STIMER0_CONFIG 0x400000b0u /* STIMERn_CONFIG = + 2n */
#define HV_MSR_STIMER0_COUNT  0x400000b1u

/* Page MSRs (HYPERCALL, SIMP, SIEFP, REFERENCE_TSC): bit 0 enable, bits
 * 11:1 reserved (preserve what was read), bits 63:12 the page's GPA. */
#define HV_MSR_ENABLE       1ull
#define HV_MSR_HC_LOCKED    2ull /* HYPERCALL only: locked */
#define HV_MSR_PAGE_MASK    (~0xfffull)
#define HV_SCONTROL_ENABLE  1ull
#define HV_SINT_VECTOR_MASK 0xffull
#define HV_SINT_MASKED      (1ull << 16)
#define HV_SINT_AUTO_EOI    (1ull << 17)
#define HV_SINT_POLLING     (1ull << 18)
#define HV_SINT_COUNT       16
#define HV_SINT_MIN_VECTOR  16 /* vectors below are #GP when unmasked */

/* STIMERn_CONFIG (TLFS §12.4.1). */
#define HV_STIMER_ENABLE      (1ull << 0)
#define HV_STIMER_PERIODIC    (1ull << 1)
#define HV_STIMER_LAZY        (1ull << 2)
#define HV_STIMER_AUTO_ENABLE (1ull << 3)
#define HV_STIMER_DIRECT      (1ull << 12) /* vector in bits 11:4 */
#define HV_STIMER_SINT_SHIFT  16           /* bits 19:16 */

/* Hypercall input value (RCX) and result (RAX), TLFS §3.7-3.8. */
#define HV_HC_FAST           (1ull << 16)
#define HV_HC_REP_SHIFT      32
#define HV_CALL_POST_MESSAGE 0x005cu
#define HV_CALL_SIGNAL_EVENT 0x005du

#define HV_STATUS_SUCCESS                 0x00
#define HV_STATUS_INVALID_HYPERCALL_CODE  0x02
#define HV_STATUS_INVALID_HYPERCALL_INPUT 0x03
#define HV_STATUS_INVALID_ALIGNMENT       0x04
#define HV_STATUS_INVALID_PARAMETER       0x05
#define HV_STATUS_ACCESS_DENIED           0x06
#define HV_STATUS_INVALID_PORT_ID         0x11
#define HV_STATUS_INVALID_CONNECTION_ID   0x12
#define HV_STATUS_INSUFFICIENT_BUFFERS    0x13

/* SynIC message page: one 256-byte slot per SINT (TLFS §11.8). */
#define HV_MSG_PAYLOAD_MAX   240
#define HV_MSG_PENDING       1u /* message_flags bit 0 */
#define HV_MSG_NONE          0u
#define HV_MSG_TIMER_EXPIRED 0x80000010u

struct hv_message {
    uint32_t message_type; /* 0: slot free */
    uint8_t payload_size;  /* <= 240 */
    uint8_t message_flags;
    uint16_t reserved;
    uint64_t sender; /* or port id */
    uint8_t payload[HV_MSG_PAYLOAD_MAX];
};
_Static_assert(sizeof(struct hv_message) == 256, "hv_message");
_Static_assert(offsetof(struct hv_message, payload) == 16, "hv payload");

/* Payload of HV_MSG_TIMER_EXPIRED. */
struct hv_timer_message {
    uint32_t timer_index;
    uint32_t reserved;
    uint64_t expiration_time; /* when it should have fired */
    uint64_t delivery_time;   /* when it was sent */
};
_Static_assert(sizeof(struct hv_timer_message) == 24, "timer message");

/* HvCallPostMessage input, 8-byte aligned (TLFS §11.10.1). */
struct hv_post_message_input {
    uint32_t connection_id;
    uint32_t reserved;
    uint32_t message_type;
    uint32_t payload_size;
    uint8_t payload[HV_MSG_PAYLOAD_MAX];
};
_Static_assert(sizeof(struct hv_post_message_input) == 256, "post input");

/* Reference TSC page (TLFS §12.7). */
/* Sequence 0 marks the page invalid; TLFS versions up to 4.0b say
 * 0xFFFFFFFF instead (an erratum Linux notes), so both are refused. */
#define HV_REF_TSC_INVALID     0u
#define HV_REF_TSC_INVALID_OLD 0xffffffffu
struct hv_ref_tsc_page {
    uint32_t sequence; /* 0: invalid, use TIME_REF_COUNT */
    uint32_t reserved;
    uint64_t scale;
    int64_t offset;
};
_Static_assert(offsetof(struct hv_ref_tsc_page, offset) == 16, "tsc page");

/* VMBus: channel messages ride on HV message type 1; the host answers on
 * SINT 2. Connection id 1 before protocol 5.0, 4 from 5.0 on (then the
 * VERSION_RESPONSE names the id to use). */
#define VMBUS_HV_MSG_TYPE  1u
#define VMBUS_MESSAGE_SINT 2u
#define VMBUS_CONN_ID_OLD  1u
#define VMBUS_CONN_ID_5    4u
#define VMBUS_MAX_RELID    2048u /* event-page bits per SINT */

#define VMBUS_MSG_OFFERCHANNEL        1u
#define VMBUS_MSG_RESCIND_OFFER       2u
#define VMBUS_MSG_REQUESTOFFERS       3u
#define VMBUS_MSG_ALLOFFERS_DELIVERED 4u
#define VMBUS_MSG_OPENCHANNEL         5u
#define VMBUS_MSG_OPENCHANNEL_RESULT  6u
#define VMBUS_MSG_CLOSECHANNEL        7u
#define VMBUS_MSG_GPADL_HEADER        8u
#define VMBUS_MSG_GPADL_BODY          9u
#define VMBUS_MSG_GPADL_CREATED       10u
#define VMBUS_MSG_GPADL_TEARDOWN      11u
#define VMBUS_MSG_GPADL_TORNDOWN      12u
#define VMBUS_MSG_INITIATE_CONTACT    14u
#define VMBUS_MSG_VERSION_RESPONSE    15u
#define VMBUS_MSG_UNLOAD              16u
#define VMBUS_MSG_UNLOAD_RESPONSE     17u

#define VMBUS_VERSION(maj, min) (((uint32_t)(maj) << 16) | (min))
#define VMBUS_V5_0              VMBUS_VERSION(5, 0)

struct vmbus_hdr {
    uint32_t msgtype;
    uint32_t padding;
};

struct vmbus_initiate_contact {
    struct vmbus_hdr hdr;
    uint32_t version;
    uint32_t target_vcpu;
    union {
        uint64_t interrupt_page; /* before 5.0 */
        struct {                 /* 5.0 on */
            uint8_t msg_sint;
            uint8_t msg_vtl;
            uint8_t reserved[6];
        };
    };
    uint64_t monitor_page1;
    uint64_t monitor_page2;
};
_Static_assert(sizeof(struct vmbus_initiate_contact) == 40, "contact");

struct vmbus_version_response {
    struct vmbus_hdr hdr;
    uint8_t version_supported;
    uint8_t connection_state;
    uint16_t padding;
    uint32_t msg_conn_id; /* 5.0 on */
};
_Static_assert(sizeof(struct vmbus_version_response) == 16, "version resp");

struct vmbus_offer {
    struct vmbus_hdr hdr;
    uint8_t if_type[16];
    uint8_t if_instance[16];
    uint64_t reserved1, reserved2;
    uint16_t chn_flags;
    uint16_t mmio_megabytes;
    uint8_t user_defined[120];
    uint16_t sub_channel_index;
    uint16_t reserved3;
    uint32_t child_relid;
    uint8_t monitor_id;
    uint8_t monitor_allocated;
    uint16_t is_dedicated_interrupt;
    uint32_t connection_id;
} __attribute__((packed));
_Static_assert(sizeof(struct vmbus_offer) == 196, "offer");
_Static_assert(offsetof(struct vmbus_offer, chn_flags) == 56, "offer flags");
_Static_assert(offsetof(struct vmbus_offer, child_relid) == 184, "relid");
_Static_assert(offsetof(struct vmbus_offer, connection_id) == 192, "conn");

/* GPADL (guest physical address descriptor list): the pages of a buffer
 * the host may map, one range of whole pages here. The header carries as
 * many PFNs as fit in 240 bytes, GPADL_BODY messages the rest (Linux
 * include/linux/hyperv.h, channel.c). */
struct vmbus_gpadl_header {
    struct vmbus_hdr hdr;
    uint32_t child_relid;
    uint32_t gpadl;
    uint16_t range_buflen; /* bytes of the range: 8 + 8 * PFNs */
    uint16_t rangecount;
    uint32_t byte_count; /* the one range: its length, offset in page 0 */
    uint32_t byte_offset;
    uint64_t pfn[]; /* 26 fit */
} __attribute__((packed));
_Static_assert(sizeof(struct vmbus_gpadl_header) == 28, "gpadl header");
/* PFNs that fit in one message after a header of type (t). */
#define VMBUS_PFNS_AFTER(t) ((HV_MSG_PAYLOAD_MAX - sizeof(t)) / 8)

struct vmbus_gpadl_body {
    struct vmbus_hdr hdr;
    uint32_t msgnumber;
    uint32_t gpadl;
    uint64_t pfn[]; /* 28 fit */
};
_Static_assert(sizeof(struct vmbus_gpadl_body) == 16, "gpadl body");

/* GPADL_CREATED (id: the gpadl handle, status: creation_status) and
 * OPENCHANNEL_RESULT (id: the open id) share one layout. */
struct vmbus_result {
    struct vmbus_hdr hdr;
    uint32_t child_relid;
    uint32_t id;
    uint32_t status; /* 0: done */
};
_Static_assert(sizeof(struct vmbus_result) == 20, "result");

struct vmbus_gpadl_teardown {
    struct vmbus_hdr hdr;
    uint32_t child_relid;
    uint32_t gpadl;
};

struct vmbus_gpadl_torndown {
    struct vmbus_hdr hdr;
    uint32_t gpadl;
};
_Static_assert(sizeof(struct vmbus_gpadl_torndown) == 12, "torndown");

struct vmbus_open_channel {
    struct vmbus_hdr hdr;
    uint32_t child_relid;
    uint32_t openid;
    uint32_t ringbuffer_gpadl;
    uint32_t target_vp;
    uint32_t downstream_page_offset; /* first page of the receive ring */
    uint8_t user_data[120];
};
_Static_assert(sizeof(struct vmbus_open_channel) == 148, "open channel");

struct vmbus_close_channel {
    struct vmbus_hdr hdr;
    uint32_t child_relid;
};

/* A channel's ring: a control page, then the data area. The writer owns
 * write_index, the reader read_index (byte offsets into the data area);
 * equal means empty, so a ring never fills completely. The reader sets
 * interrupt_mask while it polls anyway; a writer waiting for room puts
 * the bytes it needs in pending_send_sz (Linux hyperv.h hv_ring_buffer). */
struct vmbus_ring_ctl {
    uint32_t write_index;
    uint32_t read_index;
    uint32_t interrupt_mask;
    uint32_t pending_send_sz;
    uint32_t reserved[12];
    uint32_t feature_bits; /* bit 0: pending_send_sz honoured */
};
_Static_assert(offsetof(struct vmbus_ring_ctl, feature_bits) == 64, "ring");
#define VMBUS_RING_FEAT_PENDING_SZ 1u

/* Each packet: this descriptor, the payload at offset8 * 8, padding to
 * 8 bytes (len8 * 8 in all), then 8 bytes the writer fills with its
 * write index at the start of the packet. */
struct vmbus_packet_desc {
    uint16_t type;
    uint16_t offset8;
    uint16_t len8;
    uint16_t flags;
    uint64_t trans_id;
};
_Static_assert(sizeof(struct vmbus_packet_desc) == 16, "packet desc");
#define VMBUS_PKT_DATA_INBAND     6u
#define VMBUS_PKT_FLAG_COMPLETION 1u /* completion requested */

/* Integration-component (IC) messages, e.g. heartbeat: a pipe header,
 * then the IC header, then the message (Linux hyperv.h icmsg_hdr). */
struct vmbus_pipe_hdr {
    uint32_t flags;
    uint32_t msgsize;
};

struct ic_version {
    uint16_t major;
    uint16_t minor;
};

struct icmsg_hdr {
    struct ic_version icverframe;
    uint16_t icmsgtype;
    struct ic_version icvermsg;
    uint16_t icmsgsize;
    uint32_t status;
    uint8_t ictransaction_id;
    uint8_t icflags;
    uint8_t reserved[2];
} __attribute__((packed));
_Static_assert(sizeof(struct icmsg_hdr) == 20, "icmsg hdr");
#define ICMSG_HDR_LEN (sizeof(struct vmbus_pipe_hdr) + sizeof(struct icmsg_hdr))

#define ICMSGTYPE_NEGOTIATE      0u
#define ICMSGTYPE_HEARTBEAT      1u
#define ICMSGHDRFLAG_TRANSACTION 1u
#define ICMSGHDRFLAG_REQUEST     2u
#define ICMSGHDRFLAG_RESPONSE    4u
#define ICMSG_E_FAIL             0x80004005u /* HV_E_FAIL: no version */

/* Negotiate: counts, then the framework versions, then the service's. */
struct icmsg_negotiate {
    uint16_t icframe_vercnt;
    uint16_t icmsg_vercnt;
    uint32_t reserved;
    struct ic_version icversion_data[];
};
_Static_assert(sizeof(struct icmsg_negotiate) == 8, "negotiate");

struct heartbeat_msg_data {
    uint64_t seq_num;
    uint32_t reserved[8];
};
_Static_assert(sizeof(struct heartbeat_msg_data) == 40, "heartbeat");

/* QEMU's hyperv-testdev (hw/misc/hyperv_testdev.c), an ISA device that
 * lets the guest drive SynIC delivery: a 32-bit write to its port of
 * conn << 24 | ctl << 16 | vp << 8 | sint. Message connections echo each
 * PostMessage to (conn) into (sint)'s slot; event connections turn
 * SignalEvent(conn, flag 0) into event flag (conn) of (sint). Destroying
 * what does not exist aborts QEMU. */
#define HV_TESTDEV_PORT 0x3000
enum hv_testdev_ctl {
    HV_TESTDEV_ROUTE_CREATE = 1,
    HV_TESTDEV_ROUTE_DESTROY,
    HV_TESTDEV_ROUTE_FIRE,
    HV_TESTDEV_MSG_CONN_CREATE,
    HV_TESTDEV_MSG_CONN_DESTROY,
    HV_TESTDEV_EVT_CONN_CREATE,
    HV_TESTDEV_EVT_CONN_DESTROY,
};

#endif
