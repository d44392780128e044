/* SPDX-License-Identifier: MIT */
/*
 * pci_fake: a simulated PCI configuration space behind io_fake, reached
 * by port I/O (0xCF8/0xCFC) and by ECAM at PFAKE_ECAM. Functions hang
 * under a root bus or under a bridge function; a function's bus number is
 * whatever its bridge's secondary-bus register holds now (0 forwards
 * nothing), so bus numbers written by the enumeration take effect. BARs
 * answer sizing like hardware (writable bits above the size); hostile
 * switches make a BAR read all ones or a bridge ignore bus numbers.
 */
#ifndef SKIFF_PCI_FAKE_H
#define SKIFF_PCI_FAKE_H
#include <stdint.h>

#define PFAKE_MAX  64
#define PFAKE_ECAM 0xb0000000u

#define PFAKE_IO    1u
#define PFAKE_MEM64 4u
#define PFAKE_PREF  8u

struct pfake_fn {
    int parent; /* bridge index, -1 on the root bus */
    uint8_t dev, fn;
    uint8_t cfg[256];
    uint64_t bar_size[6]; /* the lower slot holds a 64-bit BAR's size */
    int ro_buses;         /* ignores writes to the bus numbers */
    int all_ones;         /* BARs read all ones */
};

extern struct pfake_fn pfake[PFAKE_MAX];
extern unsigned pfake_n;

/* Empty the space and install the io_fake hooks. */
void pfake_reset(void);
/* Add a function; (hdr) 0 device, 1 bridge (| 0x80 multi-function).
 * Returns its index. */
int pfake_add(int parent, unsigned dev, unsigned fn, uint16_t vendor,
              uint16_t device, uint32_t class, uint8_t hdr);
/* BAR (i) of (size) bytes with PFAKE_* (flags), at (addr). */
void pfake_bar(int idx, unsigned i, uint64_t size, unsigned flags,
               uint64_t addr);
/* A capability (id) at (off) pointing to (next); the first one added
 * becomes the list head. */
void pfake_cap(int idx, unsigned off, uint8_t id, unsigned next);
/* A bridge's bus numbers as firmware left them. */
void pfake_buses(int idx, unsigned pri, unsigned sec, unsigned sub);
uint32_t pfake_get32(int idx, unsigned off);

#endif
