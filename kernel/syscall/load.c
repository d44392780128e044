/* SPDX-License-Identifier: MIT */
/*
 * load: start a static ELF executable as the application and run it to its
 * end. Non-PIE executables go at their link addresses, which are frames
 * umem claims exactly (the kernel allocates from the top of memory so the
 * usual 0x400000 is free); static PIEs go wherever a free range of the
 * right size and alignment is. The stack is a separate region with a
 * PROT_NONE guard page below it, so an overflow faults instead of running
 * into a neighbouring mapping.
 */
#include "kernel/syscall/load.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/user.h"
#include "fs/fs.h"
#include "kernel/entropy.h"
#include "kernel/exec/exec.h"
#include "kernel/log.h"
#include "kernel/mm/kmem.h"
#include "kernel/syscall/task.h"
#include "lib/klib/klib.h"
#include "skiff/diag.h"
#include "skiff/errno.h"

#define KSTACK_PAGES 16 /* for system calls and interrupts from ring 3 */
#define RW           (UMEM_PROT_READ | UMEM_PROT_WRITE)

/* The kernel stack for ring-3 entries, with an unmapped guard page below,
 * set up once. */
static int kstack_init(void)
{
    static uint64_t top;
    uint64_t lo;
    if (top)
        return 0;
    if (pmm_alloc_top(&kpmm, KSTACK_PAGES + 1, 0, 0, &lo))
        return -ENOMEM;
    paging_set_user(lo, 4096, PAGING_GUARD);
    top = lo + (KSTACK_PAGES + 1) * 4096ull;
    user_init(top);
    return 0;
}

static int prot_of(unsigned p)
{
    return (p & EXEC_PROT_R ? UMEM_PROT_READ : 0) |
           (p & EXEC_PROT_W ? UMEM_PROT_WRITE : 0) |
           (p & EXEC_PROT_X ? UMEM_PROT_EXEC : 0);
}

/* A base for a static PIE: a free range of the image's size and alignment.
 * The frames are only looked up here; the segments claim them next. */
static int pie_base(const struct exec_image *img, uint64_t *base)
{
    uint64_t at, n = (img->hi - img->lo) / 4096;
    if (pmm_alloc_top(&kpmm, n, img->align, 0, &at))
        return -ENOMEM;
    pmm_free(&kpmm, at, n);
    *base = at - img->lo;
    return 0;
}

static int load_segments(const uint8_t *file, const struct exec_image *img,
                         uint64_t base, const char *name)
{
    struct umem *m = &task_current.mem;
    for (unsigned i = 0; i < img->nseg; i++) {
        struct exec_place p;
        int rc = exec_segment_place(img, base, i, &p);
        if (!rc)
            rc = umem_claim(m, p.start, p.end - p.start, RW, UMEM_IMAGE);
        if (rc) {
            log_err("app: %s: segment %u at 0x%llx-0x%llx: %s\n", name, i,
                    (unsigned long long)p.start, (unsigned long long)p.end,
                    rc == -ENOMEM ? "memory there is not free RAM (more "
                                    "memory, or a PIE build, helps)"
                                  : "bad address");
            return rc;
        }
        /* Writable until the final protection below. */
        memcpy((void *)(uintptr_t)p.copy_to, file + p.file_off, p.file_len);
        rc = (int)umem_mprotect(m, p.start, p.end - p.start, prot_of(p.prot));
        if (rc)
            return rc;
    }
    return 0;
}

static int make_stack(uint64_t size, const struct exec_stack_args *a,
                      uint64_t *rsp)
{
    struct umem *m = &task_current.mem;
    long lo = umem_take(m, size + 4096, RW, UMEM_STACK);
    if (lo < 0)
        return (int)lo;
    umem_mprotect(m, (uint64_t)lo, 4096, 0); /* the guard */
    task_current.stack_lo = (uint64_t)lo + 4096;
    task_current.stack_hi = (uint64_t)lo + 4096 + size;
    return exec_stack_build((void *)(uintptr_t)task_current.stack_lo, size,
                            task_current.stack_hi, a, rsp);
}

int task_run(const char *name, const void *file, size_t len,
             const char *const *argv, const char *const *envp,
             uint64_t stack_size)
{
    struct exec_image img;
    struct diag d = {""};
    if (exec_elf_check(file, len, &img, &d)) {
        log_err("app: %s: %s\n", name, d.msg);
        return TASK_STATUS_NOEXEC;
    }
    if (kstack_init() || task_init(stack_size)) {
        log_err("app: %s: out of memory for the process\n", name);
        return TASK_STATUS_NOEXEC;
    }
    uint64_t base = 0, rsp;
    int rc = img.type == EXEC_PIE ? pie_base(&img, &base) : 0;
    if (!rc)
        rc = load_segments(file, &img, base, name);
    if (!rc)
        umem_brk_init(&task_current.mem, base + img.hi);
    uint8_t rnd[16];
    entropy_get(rnd, sizeof(rnd));
    struct cpuid_regs r;
    cpuid(1, 0, &r);
    struct exec_stack_args a = {.argv = argv,
                                .envp = envp,
                                .execfn = name,
                                .img = &img,
                                .base = base,
                                .hwcap = r.edx,
                                .random = rnd};
    if (!rc && (rc = make_stack(stack_size, &a, &rsp)))
        log_err("app: %s: cannot build the stack (%d; app.stack is %llu "
                "bytes)\n",
                name, rc, (unsigned long long)stack_size);
    if (rc) {
        umem_release(&task_current.mem);
        return TASK_STATUS_NOEXEC;
    }
    fs_set_exe(name);
    task_arm_faults();
    log_info("app: %s: %s at 0x%llx, %llu KiB\n", name,
             img.type == EXEC_PIE ? "static PIE" : "static",
             (unsigned long long)(base + img.lo),
             (unsigned long long)((img.hi - img.lo) / 1024));
    long status = user_enter(base + img.entry, rsp);
    user_set_fs(0);
    umem_release(&task_current.mem);
    return (int)status;
}

int task_run_path(const char *path, const char *const *argv,
                  const char *const *envp, uint64_t stack_size)
{
    const void *data;
    size_t len;
    int rc = fs_map_file(path, &data, &len);
    if (rc) {
        log_err("app: %s: cannot load it (error %d%s)\n", path, rc,
                rc == -ENOENT ? ": no such file in the initrd" : "");
        return TASK_STATUS_NOEXEC;
    }
    return task_run(path, data, len, argv, envp, stack_size);
}
