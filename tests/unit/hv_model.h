/* SPDX-License-Identifier: MIT */
/*
 * hv_model: a simulated Hyper-V for host tests of drivers/hyperv. It plays
 * the hypervisor behind struct hv_ops as the TLFS and KVM/QEMU document it:
 * CPUID leaves 0x40000000-5 (and KVM's at 0x40000100), the synthetic MSRs
 * with their privilege gating, enable bits, GPA fields and #GP on misuse
 * (reserved bits changed, read-only MSRs written, SINT vector < 16), the
 * guest-OS-id-before-hypercall rule, the hypercall page with PostMessage
 * and SignalEvent and their status codes, message delivery into SIMP
 * slots with msg_pending and redelivery on EOM, event flags, the
 * reference TSC page, a VMBus host (version negotiation, offers,
 * unload), and QEMU's hyperv-testdev (SINT routes, echo and event
 * connections). "Raising" a SINT calls the guest's handler directly, the way
 * the IDT would, including from inside EOM (a message arriving while one
 * is handled). GPAs are host addresses.
 */
#ifndef SKIFF_HV_MODEL_H
#define SKIFF_HV_MODEL_H
#include "drivers/hyperv/hv.h"
#include <stdint.h>

enum hvm_hostile {
    HVM_FRIENDLY,
    HVM_SILENT,         /* INITIATE_CONTACT is never answered */
    HVM_OVERSIZE,       /* a payload_size of 241 before each response */
    HVM_UNKNOWN,        /* unknown HV and channel message types interleaved */
    HVM_GARBAGE_OFFERS, /* relid out of range, duplicate, short offers */
    HVM_NO_END,         /* offers but never ALLOFFERS_DELIVERED */
    HVM_FLOOD,          /* offers answered by unknown messages, forever */
    HVM_BUSY,           /* the first 3 posts: HV_STATUS_INSUFFICIENT_BUFFERS */
    /* Channels (hv_model_chan.c). */
    HVM_GPADL_SILENT,     /* GPADL_CREATED never comes */
    HVM_GPADL_BAD_HANDLE, /* GPADL_CREATED names another handle */
    HVM_GPADL_BAD_STATUS, /* GPADL_CREATED with a failure status */
    HVM_OPEN_FAIL,        /* OPENCHANNEL_RESULT with a failure status */
    HVM_RING_BAD_INDEX,   /* write_index beyond the receive ring */
    HVM_RING_HUGE_LEN,    /* a packet's len8 larger than the ring */
    HVM_RING_SHORT,       /* len8 larger than what was written */
    HVM_RING_BAD_OFFSET,  /* offset8 beyond len8 */
    HVM_RING_STUCK,       /* never writes its ring nor reads Skiff's */
};

/* The versions the host's heartbeat NEGOTIATE lists. */
enum hvm_hb_versions { HVM_HB_MODERN, HVM_HB_LEGACY, HVM_HB_UNKNOWN };

struct hvm_cfg {
    int not_hyperv;     /* a KVM/TCG-style hypervisor: no "Hv#1" */
    const char *vendor; /* default "Microsoft Hv" */
    uint32_t priv_eax, priv_ebx, feat_edx; /* 0x40000003 */
    uint32_t max_version; /* newest VMBus version accepted; default 5.3 */
    int no_conn4;         /* QEMU 7.2: only connection 1 exists */
    uint32_t msg_conn_id; /* in VERSION_RESPONSE for 5.x; default 4 */
    enum hvm_hostile hostile;
    int offers_qemu; /* QEMU: no offers at all */
    /* The TSC page as the hypervisor fills it when the guest enables it;
     * sequence 0 (the default) leaves it invalid. */
    uint32_t tsc_seq;
    uint64_t tsc_scale;
    int64_t tsc_offset;
    enum hvm_hb_versions hb_versions;
};

#define HVM_QLEN       48
#define HVM_PAGES      32
#define HVM_GPADL_PFNS 64

/* The host's view of the last GPADL and of the open channel (one). */
struct hvm_chan {
    uint32_t gpadl_relid, gpadl; /* the GPADL being built or created */
    unsigned pfns_want, npfns;
    uint64_t pfn[HVM_GPADL_PFNS];
    int created;
    unsigned gpadl_msgs, bodies, created_n, torndown, bad;
    int open;
    uint32_t relid, conn_id, ring_off; /* ring_off: receive ring's page */
    unsigned opens, closes, signals_in, events_out;
    uint32_t host_r; /* the host's read index in Skiff's send ring */
    /* heartbeat as the host sees it */
    uint64_t trans, seq; /* the last request's id and heartbeat seq_num */
    unsigned requests, answers, bad_answers, negotiated;
    uint32_t fw, srv; /* versions the negotiate answer chose, 0: none */
    uint32_t status;  /* of the last answer */
    uint8_t flags;    /* icflags of the last answer */
    uint16_t type;    /* icmsgtype of the last answer */
    uint64_t answer_trans, answer_seq;
};

struct hv_model {
    struct hvm_cfg cfg;
    uint64_t os_id, hypercall, simp, siefp, scontrol, ref_tsc;
    uint64_t sint[HV_SINT_COUNT];
    struct hv_message q[HV_SINT_COUNT][HVM_QLEN];
    unsigned qn[HV_SINT_COUNT];
    void (*isr)(void *ctx); /* the guest's SINT handler */
    void *isr_ctx;
    /* what the guest did, for assertions */
    unsigned gp, hypercalls, waits, raised, eoms, busy_left, bad_calls;
    unsigned cpuids;
    unsigned ncontacts;
    uint32_t contact_version[16], contact_conn[16];
    int connected, unloaded;
    uint32_t version;
    uint64_t time_ref, tsc, stimer_cfg, stimer_count;
    unsigned direct_fired;
    uint8_t direct_vector;
    /* The guest's handler for a direct-mode timer vector, called as the
     * IDT would; NULL only counts. */
    void (*vector_isr)(void *ctx, uint8_t vector);
    void *pages[HVM_PAGES];
    unsigned npages;
    /* QEMU's hyperv-testdev: connection -> SINT + 1 (0: none), routes. */
    uint8_t td_msg[256], td_evt[256];
    uint16_t td_route;
    unsigned td_bad; /* a destroy of what was never created: QEMU aborts */
    struct hvm_chan ch;
};

void hvm_init(struct hv_model *m, const struct hvm_cfg *cfg);
void hvm_free(struct hv_model *m);
/* Ops that route every access to (m). */
struct hv_ops hvm_ops(struct hv_model *m);
/* hv_detect, then hv_hypercall_init with its result, as the kernel does.
 * Returns hv_hypercall_init's result, or -ENODEV when not detected. */
int hvm_hypercall_up(struct hv *hv, const struct hv_ops *ops, struct diag *d);
/* A command word written to hyperv-testdev's port 0x3000 (QEMU
 * hw/misc/hyperv_testdev.c): conn << 24 | ctl << 16 | vp << 8 | sint. */
void hvm_testdev(struct hv_model *m, uint32_t word);
/* Queue a message for (sint) and deliver it if the slot is free. */
void hvm_send(struct hv_model *m, unsigned sint, uint32_t type,
              const void *payload, unsigned size);
/* Call the guest's handler unless (sint) is masked. */
void hvm_raise(struct hv_model *m, unsigned sint);
/* Set a flag in (sint)'s event slot and raise the SINT. */
void hvm_event(struct hv_model *m, unsigned sint, unsigned bit);
/* Set the reference time (100 ns units) and fire STIMER0 if due: a
 * vector in direct mode (counted, then vector_isr), else an expiry
 * message. Writing a count that is already due fires at once (KVM's
 * stimer_start). */
void hvm_advance(struct hv_model *m, uint64_t now);
/* Write the reference TSC page the guest enabled. */
void hvm_ref_tsc_set(struct hv_model *m, uint32_t seq, uint64_t scale,
                     int64_t offset);

/* Channels (hv_model_chan.c). A VMBus channel message from the guest:
 * returns 1 when it was one of the channel messages (handled). */
int hvm_chan_msg(struct hv_model *m, uint32_t type, const uint8_t *p,
                 uint32_t size);
/* SignalEvent on (conn) with (flag): -1 when (conn) is not the open
 * channel's, else an HV status (the host then reads Skiff's send ring). */
int hvm_chan_signal(struct hv_model *m, uint32_t conn, uint32_t flag);
/* The host sends a heartbeat request (seq_num (seq)) on the channel. */
void hvm_heartbeat(struct hv_model *m, uint64_t seq);
/* The host sends an IC message of (type) with (body, len) after the IC
 * headers, claiming (claim) bytes in the packet (0: the real size). */
void hvm_ic_send(struct hv_model *m, uint16_t type, const void *body,
                 uint32_t len, uint32_t claim);

#endif
