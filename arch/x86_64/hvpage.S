/* SPDX-License-Identifier: MIT */
/*
 * The Hyper-V hypercall page: executable, page-aligned, in kernel text
 * because every other page Skiff maps is no-execute. The hypervisor
 * overlays it with its vmcall/vmmcall stub once HV_X64_MSR_HYPERCALL is
 * enabled; until then it is int3, so a premature call faults loudly.
 * link.ld puts it at the end of text, where it costs exactly a page.
 */
    .section .hvpage, "ax"
    .balign 4096
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc
