/* SPDX-License-Identifier: MIT */
/*
 * hv: Skiff as a Hyper-V guest. Detection (CPUID), the guest OS id and
 * hypercall page, HvCallPostMessage/HvCallSignalEvent, the SynIC message
 * and event pages, the reference TSC page, and the VMBus handshake
 * (version negotiation, offers, unload).
 *
 * All protocol logic is pure over struct hv_ops, so the same code runs in
 * the kernel (hyperv.c supplies CPUID, MSRs, the hypercall page and pages
 * of memory) and on the host against tests/unit/hv_model.c. Every wait is
 * a bounded number of ops->wait calls (about 1 ms each in the kernel).
 * Single CPU; hv_synic_isr may run in interrupt context at any time and
 * only copies messages into a small queue.
 */
#ifndef SKIFF_HV_H
#define SKIFF_HV_H
#include "arch/x86_64/io.h"
#include "drivers/hyperv/hv_hw.h"
#include <stdint.h>

struct diag;

enum hv_page_kind { HV_PAGE_DATA, HV_PAGE_CODE };

struct hv_ops {
    void *ctx;
    void (*cpuid)(void *ctx, uint32_t leaf, struct cpuid_regs *r);
    /* 0, or -EIO where the CPU would raise #GP. */
    int (*rdmsr)(void *ctx, uint32_t msr, uint64_t *v);
    int (*wrmsr)(void *ctx, uint32_t msr, uint64_t v);
    /* Call through the hypercall page (page): RCX, RDX, R8 in, RAX out. */
    uint64_t (*hypercall)(void *ctx, void *page, uint64_t control, uint64_t in,
                          uint64_t out);
    /* A zeroed 4 KiB page, its address and GPA; CODE must be executable. */
    int (*page_alloc)(void *ctx, enum hv_page_kind kind, void **va,
                      uint64_t *gpa);
    void (*wait)(void *ctx); /* about 1 ms; interrupts may arrive */
};

struct hv_info {
    char vendor[13]; /* leaf 0x40000000, e.g. "Microsoft Hv" */
    uint32_t max_leaf;
    uint32_t build, version; /* 0x40000002 EAX, EBX (major<<16|minor) */
    uint32_t features[4];    /* 0x40000003 EAX..EDX */
    uint32_t recommend, spin_retries; /* 0x40000004 EAX, EBX */
    uint32_t max_vps, max_lps;        /* 0x40000005 EAX, EBX */
    char kvm_vendor[13];              /* leaf 0x40000100 when KVM moved there */
};

/* Fill (out) from CPUID. Returns 0 when the Hyper-V interface "Hv#1" is
 * offered at 0x40000001 (whatever the vendor string says), -ENODEV when
 * not (no hypervisor bit, another interface, max leaf below 0x40000005);
 * then (out) is left untouched. */
int hv_detect(const struct hv_ops *ops, struct hv_info *out);

#define HV_QUEUE_LEN 8

struct hv_msg {
    uint32_t type; /* HV message type */
    uint8_t sint, size;
    uint8_t payload[HV_MSG_PAYLOAD_MAX];
};

struct hv_stats {
    unsigned received, oversized, dropped, eoms; /* dropped: offers */
    unsigned unknown, bad_offers, post_retries;
    unsigned timer_msgs; /* STIMER0 expiries taken by hv->timer_fn */
};

enum hv_clock_src { HV_CLOCK_NONE, HV_CLOCK_TSC_PAGE, HV_CLOCK_REF_COUNT };
enum hv_timer_mode { HV_TIMER_NONE, HV_TIMER_DIRECT, HV_TIMER_MESSAGE };

/* Skiff's clock on Hyper-V: reference time (ref0) was (ns0) ns after
 * entry; ns = ns0 + (ref - ref0) * 100, never below (last_ns). */
struct hv_time {
    enum hv_clock_src clock;
    enum hv_timer_mode timer;
    uint64_t ref0, ns0, last_ns;
};

#define HV_MAX_OFFERS 32

struct hv_offer {
    uint8_t type[16], instance[16];
    uint32_t relid, connection_id;
    uint16_t sub_index, mmio_mb;
};

/* One direction of a channel: the control page and the data pages (not
 * contiguous: each is mapped through the GPADL on its own). (index) is
 * this side's own copy of the index it owns, so the host cannot move it;
 * a ring the host corrupted is (broken) for good. */
#define HV_RING_DATA_PAGES 2
#define HV_RING_PAGES      (1 + HV_RING_DATA_PAGES)
struct hv_ring {
    volatile struct vmbus_ring_ctl *ctl;
    uint8_t *data[HV_RING_DATA_PAGES];
    uint32_t size;  /* data bytes */
    uint32_t index; /* write index (send ring) or read index (receive) */
    int broken;
};

/* An open channel: its send ring in the first HV_RING_PAGES pages of the
 * GPADL, its receive ring in the next. */
struct hv_channel {
    uint32_t relid, conn_id, gpadl;
    int open;
    struct hv_ring send, recv;
    uint64_t gpas[2 * HV_RING_PAGES];
    unsigned signals; /* SignalEvents sent to the host */
};

/* The heartbeat service on its channel. */
struct hv_heartbeat {
    struct hv_channel ch;
    int on, busy;
    uint32_t fw_version, srv_version; /* negotiated, major << 16 | minor */
    uint64_t last_seq;
    unsigned beats, negotiates, errors;
};

struct hv {
    const struct hv_ops *ops;
    struct hv_info info;
    void *hc_page, *simp, *siefp, *post_page, *ref_page;
    uint64_t post_gpa;
    uint32_t vp_index;
    uint16_t sint_mask; /* SINTs this code drains */
    volatile int in_poll;
    volatile unsigned q_head, q_tail;
    struct hv_msg queue[HV_QUEUE_LEN];
    struct hv_stats stats;
    /* VMBus */
    uint32_t vmbus_version, msg_conn_id;
    void *int_page, *monitor1, *monitor2;
    uint64_t int_gpa, mon1_gpa, mon2_gpa;
    unsigned noffers;
    struct hv_offer offers[HV_MAX_OFFERS];
    int stimer_on, stimer_direct;
    /* Called (interrupt or polling context) for each STIMER0 expiry
     * message instead of queueing it; NULL queues it like any other. */
    void (*timer_fn)(void *ctx);
    void *timer_ctx;
    struct hv_time time;
    unsigned timeout;    /* waits per response; 0 means HV_TIMEOUT_DEFAULT */
    uint32_t next_gpadl; /* the last GPADL handle used */
    struct hv_heartbeat hb;
};

#define HV_TIMEOUT_DEFAULT 1000
/* Guest OS ID (TLFS open-source encoding): bit 63 open source, bits 62:56
 * the OS type, where 1 is Linux, 2 FreeBSD, 3 Xen, 4 Illumos; Skiff has no
 * registered type, so 0, with Skiff's version 1 in bits 47:16. Nonzero, as
 * the hypercall page needs. */
#define HV_GUEST_OS_ID 0x8000000000010000ull

/* A status from RAX bits 15:0 as a negative errno: 0; -ENOSYS bad code;
 * -EINVAL bad input, alignment or parameter; -EACCES; -ENXIO bad port or
 * connection id; -EAGAIN no host buffers; -EIO anything else. */
int hv_status_errno(uint64_t result);

/* Set (hv)'s ops and info to (info), hv_detect's result (the caller
 * detected already, so no CPUID is executed again: each one is an exit on
 * Hyper-V), write the guest OS id, then enable the hypercall page and
 * read it back. Returns 0, -ENODEV ((info) NULL: not Hyper-V; or no
 * hypercall privilege in (info)), -EIO (an MSR refused or the enable did
 * not stick), -ENOMEM. */
int hv_hypercall_init(struct hv *hv, const struct hv_ops *ops,
                      const struct hv_info *info, struct diag *d);

/* HvCallPostMessage (slow; input in the post page). -EMSGSIZE over 240
 * bytes; status errors as hv_status_errno after retrying -EAGAIN. */
int hv_post_message(struct hv *hv, uint32_t conn, uint32_t type,
                    const void *payload, uint32_t size);

/* HvCallSignalEvent, fast: conn bits 23:0, flag number. */
int hv_signal_event(struct hv *hv, uint32_t conn, uint16_t flag);

/* Enable the SynIC: SIMP, SIEFP, SCONTROL, and SINT (sint) on (vector)
 * (auto-EOI when (auto_eoi)). Needs hv_hypercall_init first. Returns 0,
 * -ENODEV (no SynIC), -EINVAL (vector < 16, sint > 15), -EIO, -ENOMEM. */
int hv_synic_init(struct hv *hv, unsigned sint, uint8_t vector, int auto_eoi);

/* Interrupt entry for the SINT vector: drain the message slots of the
 * enabled SINTs into the queue (read, clear message_type, barrier, EOM if
 * msg_pending). Re-entry while draining returns at once. The caller sends
 * the LAPIC EOI unless auto-EOI is on. */
void hv_synic_isr(struct hv *hv);

/* Take the oldest queued message into (out), polling and waiting up to
 * (waits) ops->wait calls. Returns 0 or -ETIMEDOUT. */
int hv_synic_recv(struct hv *hv, struct hv_msg *out, unsigned waits);

/* Test and clear event flag (bit) of (sint)'s event slot: 1 set, 0 not. */
int hv_event_test_clear(struct hv *hv, unsigned sint, unsigned bit);

/* Reference time in 100 ns units from the TSC page (page) and (tsc):
 * ((tsc * scale) >> 64) + offset, retrying while the sequence changes.
 * Returns 0, or -EAGAIN when the page is invalid (sequence 0 or
 * 0xFFFFFFFF, or changing 16 times): read HV_MSR_TIME_REF_COUNT instead. */
int hv_ref_tsc_read(const volatile struct hv_ref_tsc_page *page,
                    uint64_t (*tsc)(void *), void *ctx, uint64_t *out);

/* Enable the reference TSC page into hv->ref_page. Returns 0, -ENODEV
 * (not offered), -EIO, -ENOMEM. */
int hv_ref_tsc_init(struct hv *hv);

/* Reference time (100 ns units): the TSC page when valid, else the
 * TIME_REF_COUNT MSR. Returns 0, -ENODEV (neither offered), -EIO. */
int hv_time_ref_read(struct hv *hv, uint64_t (*tsc)(void *), void *ctx,
                     uint64_t *out);

/* TSC and APIC timer frequencies in Hz from the frequency MSRs. Returns
 * 0, -ENODEV (not offered: CPUID 0x40000003 EAX bit 11), -EIO. */
int hv_frequencies(struct hv *hv, uint64_t *tsc_hz, uint64_t *apic_hz);

/* Set STIMER0 up as a one-shot: direct mode on (vector) when offered and
 * (vector) is not 0, else message mode on (sint), whose SynIC must be on
 * (vector 0: the caller has no vector to spare). Returns 0, -ENODEV (no
 * STIMER privilege, or message mode on a SINT hv_synic_init did not set
 * up), -EINVAL (vector 1-15 in direct mode), -EIO. */
int hv_stimer_init(struct hv *hv, unsigned sint, uint8_t vector);
/* Fire once at reference time (when) (100 ns units; 0 is taken as 1). */
int hv_stimer_arm(struct hv *hv, uint64_t when);
int hv_stimer_stop(struct hv *hv);
/* 1 when (m) is STIMER0's expiry message (*expiration set), 0 when it is
 * another message, -EINVAL for a malformed timer message. */
int hv_stimer_expired(const struct hv_msg *m, uint64_t *expiration);

/* Make reference time Skiff's clock and STIMER0 its one-shot timer:
 * enable the TSC page when offered (clock HV_CLOCK_TSC_PAGE when its
 * sequence is valid now, else HV_CLOCK_REF_COUNT: reads still try the
 * page first), then STIMER0 in direct mode on (vector) when offered and
 * (vector) is not 0, else in message mode on (sint) when hv_synic_init
 * set it up, else HV_TIMER_NONE. The clock continues from (ns_now)(), the old
 * clock, read just after the first reference time so that the switch can only
 * step forward. Needs hv_hypercall_init. Returns 0 (hv->time filled), or
 * -ENODEV when there is no reference time at all (keep the TSC). */
int hv_time_setup(struct hv *hv, unsigned sint, uint8_t vector,
                  uint64_t (*tsc)(void *), void *ctx, uint64_t (*ns_now)(void));
/* ns since entry on the clock hv_time_setup chose; never goes back. */
uint64_t hv_time_ns(struct hv *hv, uint64_t (*tsc)(void *), void *ctx);
/* The first reference time (100 ns units) at or after (ns). */
uint64_t hv_time_ref_at(const struct hv *hv, uint64_t ns);
/* Arm STIMER0 for (deadline_ns) (a past deadline fires at once). Returns
 * 0, -ENODEV (no timer set up), -EIO. */
int hv_time_arm(struct hv *hv, uint64_t deadline_ns);
const char *hv_clock_name(enum hv_clock_src c);
const char *hv_timer_name(enum hv_timer_mode t);

/* VMBus: negotiate downward from 5.3 (5.x on connection 4, older on 1).
 * Returns 0 (hv->vmbus_version, msg_conn_id set), -ETIMEDOUT (no
 * response), -EOPNOTSUPP (no version accepted), other errors. */
int hv_vmbus_connect(struct hv *hv, struct diag *d);

/* REQUESTOFFERS, then collect OFFERCHANNEL until ALLOFFERS_DELIVERED into
 * hv->offers. Bad offers are counted and skipped. Returns 0, -ETIMEDOUT,
 * -EIO (more than 256 messages without the end marker). */
int hv_vmbus_request_offers(struct hv *hv, struct diag *d);

/* UNLOAD and wait for UNLOAD_RESPONSE. Returns 0 or -ETIMEDOUT. */
int hv_vmbus_unload(struct hv *hv);

/* The next VMBus channel message of type (want) and at least (min) bytes
 * into (m); others are counted in stats.unknown and skipped. Returns 0,
 * -ETIMEDOUT, -EIO (256 messages of other kinds). */
int hv_vmbus_recv(struct hv *hv, uint32_t want, unsigned min, struct hv_msg *m);
/* Wait for the struct vmbus_result of (type) naming (relid) and (id)
 * (GPADL_CREATED, OPENCHANNEL_RESULT); results for others are counted in
 * stats.unknown. (reply) and (req) name the result and what it answers
 * in the diag ("OPENCHANNEL_RESULT", "open"). Returns 0, -EIO
 * (a non-zero status, or 16 results for others, or 256 messages of other
 * kinds), -ETIMEDOUT. */
int hv_vmbus_await(struct hv *hv, uint32_t type, uint32_t relid, uint32_t id,
                   const char *reply, const char *req, struct diag *d);

/* Describe the (npages) pages at (gpas) (each 4 KiB aligned) to the host
 * for channel (relid): GPADL_HEADER, GPADL_BODY messages for the PFNs
 * that do not fit, then wait for GPADL_CREATED naming (relid) and the new
 * handle (*gpadl). Returns 0; -EINVAL (0 or more than 65535/8 pages, or a
 * GPA not page aligned); -ETIMEDOUT (no matching GPADL_CREATED); -EIO
 * (created with a non-zero status; see diag); hv_post_message errors. */
int hv_gpadl_create(struct hv *hv, uint32_t relid, const uint64_t *gpas,
                    unsigned npages, uint32_t *gpadl, struct diag *d);
/* GPADL_TEARDOWN and wait for GPADL_TORNDOWN of (gpadl). Returns 0,
 * -ETIMEDOUT, hv_post_message errors. */
int hv_gpadl_teardown(struct hv *hv, uint32_t relid, uint32_t gpadl);

/* Ring buffers (ring.c): pure over memory, so tests play the host side.
 * Set (r) over a control page and data pages (HV_RING_DATA_PAGES). */
void hv_ring_init(struct hv_ring *r, void *ctl, void *const data[]);
/* Write one packet of (type, flags, trans_id) carrying (len) bytes.
 * Sets *signal when the host must be told (the ring was empty before and
 * the host has not masked interrupts). Returns 0; -EAGAIN no room now;
 * -EMSGSIZE never fits; -EPROTO the host's read index is out of range. */
int hv_ring_write(struct hv_ring *r, uint16_t type, uint16_t flags,
                  uint64_t trans_id, const void *buf, uint32_t len,
                  int *signal);
/* Read one packet: its descriptor into (*desc), its payload (from
 * offset8 * 8 to len8 * 8) into (buf) of (cap) bytes, its size into
 * (*len). Every index, length and offset the host wrote is checked
 * against the ring and what it wrote. Sets *signal when the host waits
 * for room (pending_send_sz) that this read made. Returns 0; -EAGAIN
 * empty; -EMSGSIZE the payload exceeds (cap) (the packet is dropped);
 * -EPROTO the host broke the ring (it stays broken). */
int hv_ring_read(struct hv_ring *r, struct vmbus_packet_desc *desc, void *buf,
                 uint32_t cap, uint32_t *len, int *signal);

/* Open the channel of offer (o): ring pages, a GPADL over them,
 * OPENCHANNEL (open id = relid) and wait for OPENCHANNEL_RESULT. Returns
 * 0; -EIO (result status non-zero; see diag); -ETIMEDOUT; -ENOMEM;
 * -EOPNOTSUPP (VMBus protocol before 2.4, which signals differently);
 * hv_gpadl_create errors. The pages stay allocated after a failure or a
 * close (there is no page free in struct hv_ops). */
int hv_channel_open(struct hv *hv, const struct hv_offer *o,
                    struct hv_channel *ch, struct diag *d);
/* CLOSECHANNEL, then tear the GPADL down. Returns 0, -ENODEV (not
 * open), -ETIMEDOUT, hv_post_message errors. */
int hv_channel_close(struct hv *hv, struct hv_channel *ch);
/* Send one in-band packet, waiting up to (waits) for room, and signal
 * the host when the ring was empty. Returns 0, -ETIMEDOUT (no room: the
 * host does not read), hv_ring_write's errors. */
int hv_channel_send(struct hv *hv, struct hv_channel *ch, uint64_t trans_id,
                    const void *buf, uint32_t len, unsigned waits);
/* Receive one packet (hv_ring_read) without waiting. */
int hv_channel_recv(struct hv *hv, struct hv_channel *ch,
                    struct vmbus_packet_desc *desc, void *buf, uint32_t cap,
                    uint32_t *len);

/* Heartbeat (heartbeat.c): open the heartbeat offer's channel and answer
 * what is already in it (the host's NEGOTIATE). Returns 0, -ENODEV (not
 * offered), hv_channel_open's errors. */
int hv_heartbeat_open(struct hv *hv, struct diag *d);
/* Answer every request in the receive ring: NEGOTIATE (the newest
 * framework and service versions both sides know) and HEARTBEAT
 * (seq_num + 1). Safe from the SINT interrupt (re-entry returns 0).
 * Returns the number answered, or a negative errno (-EPROTO: the host
 * broke the ring or sent a malformed message). */
int hv_heartbeat_poll(struct hv *hv);
/* Wait up to (waits) for a request and answer it. Returns the number
 * answered (> 0), -ETIMEDOUT, or hv_heartbeat_poll's errors. */
int hv_heartbeat_wait(struct hv *hv, unsigned waits);
/* Close the heartbeat channel if open. Returns 0 or hv_channel_close's
 * errors. */
int hv_heartbeat_close(struct hv *hv);

/* The name of a class GUID ("network", "scsi", ...) or NULL. */
const char *hv_vmbus_class_name(const uint8_t guid[16]);

/* Format a GUID as text (37 bytes with the NUL). */
void hv_guid_format(const uint8_t guid[16], char out[37]);

/* What the boot bring-up needs from the kernel besides struct hv_ops. */
struct hv_bringup_env {
    void *ctx;
    /* A free interrupt vector (16-255) calling (fn)(arg), or a negative
     * errno when none is left. */
    int (*vector_alloc)(void *ctx, void (*fn)(void *), void *arg);
    uint64_t (*tsc)(void *ctx);
    uint64_t (*ns_now)(void);   /* the clock before the switch */
    void (*sint_isr)(void *hv); /* the SINT vector: calls hv_synic_isr */
    /* STIMER0 expired (its direct vector, or its message; arg ctx). */
    void (*timer_isr)(void *ctx);
    /* Install hv_time_ns as the kernel clock, STIMER0 as its timer. */
    void (*clock_use)(void *ctx, struct hv *hv);
    void (*timer_use)(void *ctx, struct hv *hv);
};

/* What hv_bringup did: each phase's result (0 or a negative errno). */
struct hv_bringup {
    int hypercall; /* hv_hypercall_init's; nothing else ran unless 0 */
    int freq;      /* hv_frequencies' (tsc_hz, apic_hz) */
    uint64_t tsc_hz, apic_hz;
    int ref_tsc;            /* hv_ref_tsc_init's */
    int ref_read;           /* the first reference time (ref_now) */
    uint64_t ref_now;       /* 100 ns units */
    int sint_vector, synic; /* VMBus's SINT: its vector and hv_synic_init's */
    int timer_vector;       /* STIMER0's direct vector, 0 when none */
    int time;               /* hv_time_setup's: 0 when the clock switched */
    int vmbus;              /* connect + offers; -ENODEV without the SynIC */
    int heartbeat;          /* hv_heartbeat_open's; -ENODEV not offered */
};

/* The boot bring-up on detection's result (info), in this order: the
 * hypercall page, frequencies, the TSC page, the SynIC on
 * VMBUS_MESSAGE_SINT (a vector only when offered), then hv_time_setup:
 * STIMER0 in direct mode when the STIMER privilege and direct mode are
 * offered and a vector is free, else expiry messages on the same SINT;
 * clock_use when it succeeds and timer_use when there is a timer; last
 * the VMBus handshake when the SynIC is on, and the heartbeat channel
 * when offered. Fills (r). Returns 0, or
 * r->hypercall when the hypercall page failed (then nothing else ran). */
int hv_bringup(struct hv *hv, const struct hv_ops *ops,
               const struct hv_info *info, const struct hv_bringup_env *env,
               struct hv_bringup *r, struct diag *d);
/* Before power-off: close the heartbeat channel if open, then UNLOAD
 * VMBus, with (waits) waits for each answer. Returns 0, -ENODEV (VMBus never
 * connected, or (hv) NULL: nothing is sent), -ETIMEDOUT, other hv_post_message
 * errors. */
int hv_shutdown(struct hv *hv, unsigned waits);

/* Write one command word to hyperv-testdev's port (HV_TESTDEV_PORT). */
typedef void (*hv_testdev_fn)(void *ctx, uint32_t word);
/* SynIC self-test through QEMU's hyperv-testdev on (sint) (not VMBus's,
 * whose SynIC hv_bringup must have set up): a PostMessage echoed into
 * (sint)'s slot and a SignalEvent flag in its event slot, polled.
 * Returns 0, -ENODEV (no SynIC), -ETIMEDOUT (no echo), -EPROTO (wrong
 * echo or flag; see diag), hypercall errors. */
int hv_testdev_run(struct hv *hv, unsigned sint, hv_testdev_fn cmd, void *ctx,
                   struct diag *d);

/* Kernel only (hyperv.c): bring Hyper-V up when detected, log `hyperv:`
 * lines and the VMBus offers; make reference time the clock and STIMER0
 * the one-shot timer. A no-op elsewhere. Boot context, interrupts off. */
void hv_boot_init(void);
/* The TSC frequency from HV_MSR_TSC_FREQUENCY when on Hyper-V and
 * offered (CPUID 0x40000003 EAX bit 11), else 0. For time_init, before
 * hv_boot_init. */
uint64_t hv_boot_tsc_hz(void);
/* The local APIC timer frequency from HV_MSR_APIC_FREQUENCY, likewise. */
uint64_t hv_boot_apic_hz(void);
/* UNLOAD VMBus before power-off (bounded, polled). */
void hv_boot_shutdown(void);
/* The state hv_boot_init left, NULL when Hyper-V was not found. */
const struct hv *hv_boot_state(void);

#endif
