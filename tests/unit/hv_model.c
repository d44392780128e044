/* SPDX-License-Identifier: MIT */
/*
 * The simulated Hyper-V: CPUID, MSRs, pages and SynIC delivery. The VMBus
 * host and the hypercalls are in hv_model_host.c. See hv_model.h.
 */
#include "tests/unit/hv_model.h"
#include "skiff/errno.h"
#include <stdlib.h>
#include <string.h>

#define PAGE_RSVD 0xffeull /* bits 11:1 of SIMP, SIEFP, REFERENCE_TSC */
#define HC_RSVD   0xffcull /* bits 11:2 of HYPERCALL */
#define SINT_RSVD                                                              \
    (~(HV_SINT_VECTOR_MASK | HV_SINT_MASKED | HV_SINT_AUTO_EOI |               \
       HV_SINT_POLLING))

uint64_t hvm_hypercall(void *ctx, void *page, uint64_t control, uint64_t in,
                       uint64_t out);

void hvm_init(struct hv_model *m, const struct hvm_cfg *cfg)
{
    memset(m, 0, sizeof(*m));
    m->cfg = *cfg;
    if (!m->cfg.vendor)
        m->cfg.vendor = "Microsoft Hv";
    if (!m->cfg.priv_eax)
        m->cfg.priv_eax = HV_PRIV_TIME_REF | HV_PRIV_SYNIC | HV_PRIV_STIMER |
                          HV_PRIV_HYPERCALL | HV_PRIV_VP_INDEX |
                          HV_PRIV_REF_TSC | HV_PRIV_FREQ;
    if (!m->cfg.priv_ebx)
        m->cfg.priv_ebx = HV_PRIV_POST_MSG | HV_PRIV_SIGNAL_EVT;
    if (!m->cfg.max_version)
        m->cfg.max_version = VMBUS_VERSION(5, 3);
    if (!m->cfg.msg_conn_id)
        m->cfg.msg_conn_id = VMBUS_CONN_ID_5;
    for (unsigned i = 0; i < HV_SINT_COUNT; i++)
        m->sint[i] = HV_SINT_MASKED; /* TLFS: SINTs start masked */
    m->busy_left = cfg->hostile == HVM_BUSY ? 3 : 0;
}

void hvm_free(struct hv_model *m)
{
    for (unsigned i = 0; i < m->npages; i++)
        free(m->pages[i]);
    m->npages = 0;
}

static void sig(struct cpuid_regs *r, const char *s)
{
    char b[12] = {0};
    memcpy(b, s, strnlen(s, 12));
    memcpy(&r->ebx, b, 4);
    memcpy(&r->ecx, b + 4, 4);
    memcpy(&r->edx, b + 8, 4);
}

static void m_cpuid(void *ctx, uint32_t leaf, struct cpuid_regs *r)
{
    struct hv_model *m = ctx;
    m->cpuids++;
    *r = (struct cpuid_regs){0};
    if (leaf == 1) {
        r->ecx = 1u << 31;
    } else if (m->cfg.not_hyperv && leaf == HV_CPUID_VENDOR) {
        r->eax = 0x40000001;
        sig(r, "KVMKVMKVM");
    } else if (m->cfg.not_hyperv) {
        return;
    } else if (leaf == HV_CPUID_VENDOR) {
        r->eax = HV_CPUID_LIMITS;
        sig(r, m->cfg.vendor);
    } else if (leaf == HV_CPUID_INTERFACE) {
        r->eax = HV_INTERFACE_HV1;
    } else if (leaf == HV_CPUID_VERSION) {
        r->eax = 14393;
        r->ebx = 10u << 16;
    } else if (leaf == HV_CPUID_FEATURES) {
        r->eax = m->cfg.priv_eax;
        r->ebx = m->cfg.priv_ebx;
        r->edx = m->cfg.feat_edx;
    } else if (leaf == HV_CPUID_RECOMMEND) {
        r->eax = 1u << 5;
        r->ebx = 0xffffffffu;
    } else if (leaf == HV_CPUID_LIMITS) {
        r->eax = 1;
        r->ebx = 1;
    } else if (leaf == HV_CPUID_KVM_MOVED) {
        r->eax = 0x40000101;
        sig(r, "KVMKVMKVM");
    }
}

/* The privilege bit that makes (msr) exist; 0 for unknown MSRs. */
static uint32_t priv_of(uint32_t msr)
{
    if (msr == HV_MSR_GUEST_OS_ID || msr == HV_MSR_HYPERCALL)
        return HV_PRIV_HYPERCALL;
    if (msr == HV_MSR_VP_INDEX)
        return HV_PRIV_VP_INDEX;
    if (msr == HV_MSR_TIME_REF_COUNT)
        return HV_PRIV_TIME_REF;
    if (msr == HV_MSR_REFERENCE_TSC)
        return HV_PRIV_REF_TSC;
    if (msr == HV_MSR_TSC_FREQUENCY || msr == HV_MSR_APIC_FREQUENCY)
        return HV_PRIV_FREQ;
    if (msr == HV_MSR_STIMER0_CONFIG || msr == HV_MSR_STIMER0_COUNT)
        return HV_PRIV_STIMER; /* STIMER1-3 are not modelled */
    if (msr >= HV_MSR_SCONTROL && msr <= HV_MSR_SINT0 + 15)
        return msr < HV_MSR_SINT0 && msr > HV_MSR_EOM ? 0 : HV_PRIV_SYNIC;
    return 0;
}

static int rdmsr(void *ctx, uint32_t msr, uint64_t *v)
{
    struct hv_model *m = ctx;
    uint32_t p = priv_of(msr);
    if (!p || !(m->cfg.priv_eax & p))
        return m->gp++, -EIO;
    switch (msr) {
    case HV_MSR_GUEST_OS_ID: *v = m->os_id; break;
    case HV_MSR_HYPERCALL: *v = m->hypercall; break;
    case HV_MSR_VP_INDEX: *v = 0; break;
    case HV_MSR_TIME_REF_COUNT: *v = m->time_ref; break;
    case HV_MSR_STIMER0_CONFIG: *v = m->stimer_cfg; break;
    case HV_MSR_STIMER0_COUNT: *v = m->stimer_count; break;
    case HV_MSR_REFERENCE_TSC: *v = m->ref_tsc; break;
    case HV_MSR_TSC_FREQUENCY: *v = 2000000000ull; break;
    case HV_MSR_APIC_FREQUENCY: *v = 200000000ull; break;
    case HV_MSR_SCONTROL: *v = m->scontrol; break;
    case HV_MSR_SVERSION: *v = 1; break;
    case HV_MSR_SIEFP: *v = m->siefp; break;
    case HV_MSR_SIMP: *v = m->simp; break;
    case HV_MSR_EOM: *v = 0; break;
    default: *v = m->sint[msr - HV_MSR_SINT0]; break;
    }
    return 0;
}

static void *gpa_page(uint64_t v)
{
    return (void *)(uintptr_t)(v & HV_MSR_PAGE_MASK);
}

static void deliver(struct hv_model *m, unsigned sint);

static void deliver_all(struct hv_model *m)
{
    for (unsigned s = 0; s < HV_SINT_COUNT; s++)
        deliver(m, s);
}

/* A page MSR: reserved bits must keep their value or #GP. */
static int page_msr(struct hv_model *m, uint64_t *reg, uint64_t v)
{
    if ((v & PAGE_RSVD) != (*reg & PAGE_RSVD))
        return m->gp++, -EIO;
    *reg = v;
    return 0;
}

static int wr_hypercall(struct hv_model *m, uint64_t v)
{
    if ((v & HC_RSVD) != (m->hypercall & HC_RSVD))
        return m->gp++, -EIO;
    if (!m->os_id || (m->hypercall & HV_MSR_HC_LOCKED))
        return 0; /* KVM: ignored until the guest OS id is set */
    m->hypercall = v;
    if (v & HV_MSR_ENABLE) /* the overlay: vmcall; ret */
        memcpy(gpa_page(v), "\x0f\x01\xc1\xc3", 4);
    return 0;
}

static int wr_sint(struct hv_model *m, unsigned n, uint64_t v)
{
    if ((v & SINT_RSVD) ||
        (!(v & HV_SINT_MASKED) && (v & 0xff) < HV_SINT_MIN_VECTOR))
        return m->gp++, -EIO;
    m->sint[n] = v;
    deliver(m, n);
    return 0;
}

/* Direct mode only when offered (KVM: #GP otherwise); bits 63:20 and
 * 15:13 reserved. Message mode with SINT 0 leaves the timer disabled. */
static int wr_stimer_cfg(struct hv_model *m, uint64_t v)
{
    if ((v & ~0xf1fffull) ||
        ((v & HV_STIMER_DIRECT) && !(m->cfg.feat_edx & HV_FEAT_STIMER_DIRECT)))
        return m->gp++, -EIO;
    if (!(v & HV_STIMER_DIRECT) && !((v >> HV_STIMER_SINT_SHIFT) & 15))
        v &= ~HV_STIMER_ENABLE;
    m->stimer_cfg = v;
    return 0;
}

static int wr_stimer_count(struct hv_model *m, uint64_t v)
{
    m->stimer_count = v;
    if (!v) /* a count of 0 stops the timer */
        m->stimer_cfg &= ~HV_STIMER_ENABLE;
    else if (m->stimer_cfg & HV_STIMER_AUTO_ENABLE)
        m->stimer_cfg |= HV_STIMER_ENABLE;
    hvm_advance(m, m->time_ref);
    return 0;
}

static int wrmsr(void *ctx, uint32_t msr, uint64_t v)
{
    struct hv_model *m = ctx;
    uint32_t p = priv_of(msr);
    int e = 0;
    if (!p || !(m->cfg.priv_eax & p))
        return m->gp++, -EIO;
    switch (msr) {
    case HV_MSR_GUEST_OS_ID:
        m->os_id = v;
        if (!v) /* KVM: clearing the id disables the hypercall page */
            m->hypercall &= ~HV_MSR_ENABLE;
        return 0;
    case HV_MSR_HYPERCALL: return wr_hypercall(m, v);
    case HV_MSR_STIMER0_CONFIG: return wr_stimer_cfg(m, v);
    case HV_MSR_STIMER0_COUNT: return wr_stimer_count(m, v);
    case HV_MSR_REFERENCE_TSC:
        if ((e = page_msr(m, &m->ref_tsc, v)) || !(v & HV_MSR_ENABLE))
            return e;
        hvm_ref_tsc_set(m, m->cfg.tsc_seq, m->cfg.tsc_scale, m->cfg.tsc_offset);
        return 0;
    case HV_MSR_SIMP: e = page_msr(m, &m->simp, v); break;
    case HV_MSR_SIEFP: return page_msr(m, &m->siefp, v);
    case HV_MSR_SCONTROL:
        if (v & ~HV_SCONTROL_ENABLE)
            return m->gp++, -EIO;
        m->scontrol = v;
        break;
    case HV_MSR_EOM:
        m->eoms++;
        if (m->cfg.hostile == HVM_FLOOD) { /* a host that never stops */
            uint32_t junk[2] = {99, 0};
            hvm_send(m, VMBUS_MESSAGE_SINT, VMBUS_HV_MSG_TYPE, junk, 8);
        }
        break;
    case HV_MSR_VP_INDEX:
    case HV_MSR_TIME_REF_COUNT:
    case HV_MSR_SVERSION:
    case HV_MSR_TSC_FREQUENCY:
    case HV_MSR_APIC_FREQUENCY: return m->gp++, -EIO; /* read-only */
    default:
        if (msr >= HV_MSR_SINT0)
            return wr_sint(m, msr - HV_MSR_SINT0, v);
        return 0;
    }
    if (!e)
        deliver_all(m);
    return e;
}

static int page_alloc(void *ctx, enum hv_page_kind kind, void **va,
                      uint64_t *gpa)
{
    struct hv_model *m = ctx;
    (void)kind;
    if (m->npages == HVM_PAGES)
        return -ENOMEM;
    void *p = aligned_alloc(4096, 4096);
    if (!p)
        return -ENOMEM;
    memset(p, 0, 4096);
    m->pages[m->npages++] = p;
    *va = p;
    *gpa = (uint64_t)(uintptr_t)p;
    return 0;
}

static void wait_ms(void *ctx)
{
    struct hv_model *m = ctx;
    m->waits++;
}

struct hv_ops hvm_ops(struct hv_model *m)
{
    return (struct hv_ops){m,          m_cpuid, rdmsr, wrmsr, hvm_hypercall,
                           page_alloc, wait_ms};
}

int hvm_hypercall_up(struct hv *hv, const struct hv_ops *ops, struct diag *d)
{
    struct hv_info info;
    if (hv_detect(ops, &info))
        return -ENODEV;
    return hv_hypercall_init(hv, ops, &info, d);
}

void hvm_raise(struct hv_model *m, unsigned sint)
{
    if ((m->sint[sint] & HV_SINT_MASKED) || !m->isr)
        return;
    m->raised++;
    m->isr(m->isr_ctx);
}

/* Put the next queued message of (sint) into its slot if free; if the
 * slot is busy, flag msg_pending so the guest's EOM asks again. */
static void deliver(struct hv_model *m, unsigned sint)
{
    if (!(m->scontrol & 1) || !(m->simp & 1) || !m->qn[sint])
        return;
    struct hv_message *slot = (struct hv_message *)gpa_page(m->simp) + sint;
    if (slot->message_type != HV_MSG_NONE) {
        slot->message_flags |= HV_MSG_PENDING;
        return;
    }
    *slot = m->q[sint][0];
    memmove(&m->q[sint][0], &m->q[sint][1],
            --m->qn[sint] * sizeof(m->q[sint][0]));
    if (m->qn[sint])
        slot->message_flags |= HV_MSG_PENDING;
    hvm_raise(m, sint);
}

void hvm_send(struct hv_model *m, unsigned sint, uint32_t type,
              const void *payload, unsigned size)
{
    if (m->qn[sint] == HVM_QLEN)
        return;
    struct hv_message *q = &m->q[sint][m->qn[sint]++];
    memset(q, 0, sizeof(*q));
    q->message_type = type;
    q->payload_size = (uint8_t)size; /* hostile: may claim > 240 */
    memcpy(q->payload, payload, size < HV_MSG_PAYLOAD_MAX ? size : 240);
    deliver(m, sint);
}

void hvm_event(struct hv_model *m, unsigned sint, unsigned bit)
{
    if (!(m->siefp & 1))
        return;
    uint32_t *w = (uint32_t *)gpa_page(m->siefp) + sint * 64 + bit / 32;
    *w |= 1u << (bit % 32);
    hvm_raise(m, sint);
}

void hvm_ref_tsc_set(struct hv_model *m, uint32_t seq, uint64_t scale,
                     int64_t offset)
{
    struct hv_ref_tsc_page *p = gpa_page(m->ref_tsc);
    p->sequence = seq;
    p->scale = scale;
    p->offset = offset;
}

void hvm_advance(struct hv_model *m, uint64_t now)
{
    m->time_ref = now;
    if (!(m->stimer_cfg & HV_STIMER_ENABLE) || !m->stimer_count ||
        now < m->stimer_count)
        return;
    m->stimer_cfg &= ~HV_STIMER_ENABLE; /* one-shot: expired */
    if (m->stimer_cfg & HV_STIMER_DIRECT) {
        m->direct_vector = (uint8_t)(m->stimer_cfg >> 4);
        m->direct_fired++;
        if (m->vector_isr)
            m->vector_isr(m->isr_ctx, m->direct_vector);
        return;
    }
    struct hv_timer_message t = {0, 0, m->stimer_count, now};
    hvm_send(m, (m->stimer_cfg >> HV_STIMER_SINT_SHIFT) & 15,
             HV_MSG_TIMER_EXPIRED, &t, sizeof(t));
}
