/* SPDX-License-Identifier: MIT */
/*
 * 8259A PIC (Intel 8259A data sheet) and the PIT's channel 0 (Intel 8254).
 * Channel 0 rather than 2: channel 2's gate sits behind port 0x61, which
 * QEMU microvm does not have. Its IRQ 0 is masked at both PICs and IOAPIC.
 * The PIC is remapped before masking so that a spurious IRQ 7/15 arriving
 * anyway lands on 0x27/0x2f, never on an exception vector.
 */
#include "arch/x86_64/io.h"
#include "drivers/apic/apic.h"

#define PIC1    0x20
#define PIC2    0xa0
#define PIT_CH0 0x40
#define PIT_CMD 0x43

void pic_disable(void)
{
    pio_out8(PIC1, 0x11); /* ICW1: edge, cascade, ICW4 follows */
    pio_out8(PIC2, 0x11);
    pio_out8(PIC1 + 1, 0x20); /* ICW2: vector base */
    pio_out8(PIC2 + 1, 0x28);
    pio_out8(PIC1 + 1, 0x04); /* ICW3: slave on IRQ 2 */
    pio_out8(PIC2 + 1, 0x02);
    pio_out8(PIC1 + 1, 0x01); /* ICW4: 8086 mode */
    pio_out8(PIC2 + 1, 0x01);
    pio_out8(PIC1 + 1, 0xff); /* mask all */
    pio_out8(PIC2 + 1, 0xff);
}

void pit_ref_start(void)
{
    pio_out8(PIT_CMD, 0x30); /* channel 0, lo/hi byte, mode 0, binary */
    pio_out8(PIT_CH0, 0xff);
    pio_out8(PIT_CH0, 0xff);
}

int pit_ref_elapsed(void)
{
    /* Read-back command (8254 data sheet): latch channel 0's status and
     * count together. Status bit 7 is OUT, which mode 0 raises at terminal
     * count: the counter wrapped. A missing PIT reads all ones, which also
     * looks wrapped. */
    pio_out8(PIT_CMD, 0xc2);
    uint8_t status = pio_in8(PIT_CH0);
    uint16_t lo = pio_in8(PIT_CH0);
    uint16_t hi = pio_in8(PIT_CH0);
    if (status & 0x80)
        return -1;
    return 0xffff - (int)(lo | hi << 8);
}
