/* SPDX-License-Identifier: MIT */
/*
 * ksyms: address-to-symbol lookup for backtraces, over the table that the
 * second link pass embeds (tools/ksyms.sh). Read-only; any context.
 */
#ifndef SKIFF_KSYMS_H
#define SKIFF_KSYMS_H
#include <stdint.h>

/* Find the text symbol containing (addr). Returns its name and sets
 * (*offset) to addr minus its start, or returns NULL when addr is outside
 * the table. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

#endif
