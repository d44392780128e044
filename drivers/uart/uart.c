/* SPDX-License-Identifier: MIT */
/*
 * 16550 UART (National Semiconductor PC16550D data sheet). Output is paced
 * by LSR.THRE, checked once per FIFO load (16 bytes) instead of per byte:
 * under KVM every port access is a VM exit.
 */
#include "drivers/uart/uart.h"
#include "arch/x86_64/io.h"
#include "skiff/errno.h"

#define THR         0 /* transmit holding (DLAB=0) */
#define DLL         0 /* divisor latch low (DLAB=1) */
#define IER         1
#define DLM         1
#define FCR         2
#define LCR         3
#define MCR         4
#define LSR         5
#define SCR         7
#define LSR_THRE    0x20
#define FIFO_DEPTH  16
#define DRAIN_SPINS 100000 /* about 100 ms at the slowest real baud rates */

static uint16_t base;
static int present;

int uart_present(void)
{
    return present;
}

int uart_init(uint16_t port)
{
    present = 0;
    base = port;
    pio_out8(port + SCR, 0x5a);
    if (pio_in8(port + SCR) != 0x5a)
        return -ENODEV;
    pio_out8(port + SCR, 0xa5);
    if (pio_in8(port + SCR) != 0xa5)
        return -ENODEV;
    pio_out8(port + IER, 0x00);
    pio_out8(port + LCR, 0x80); /* DLAB: divisor 1 = 115200 baud */
    pio_out8(port + DLL, 0x01);
    pio_out8(port + DLM, 0x00);
    pio_out8(port + LCR, 0x03); /* 8N1 */
    pio_out8(port + FCR, 0x07); /* enable and clear both FIFOs */
    pio_out8(port + MCR, 0x03); /* DTR, RTS */
    present = 1;
    return 0;
}

/* Wait until the transmitter can take a FIFO load; give up on a UART that
 * never drains rather than hang the kernel. */
static int wait_thre(void)
{
    for (int i = 0; i < DRAIN_SPINS; i++) {
        if (pio_in8(base + LSR) & LSR_THRE)
            return 0;
        cpu_relax();
    }
    present = 0;
    return -ETIMEDOUT;
}

void uart_write(const char *s, size_t n)
{
    int room = 0;
    for (size_t i = 0; i < n && present; i++) {
        int cr = s[i] == '\n';
        if (room < 1 + cr) {
            if (wait_thre())
                return;
            room = FIFO_DEPTH;
        }
        if (cr) {
            pio_out8(base + THR, '\r');
            room--;
        }
        pio_out8(base + THR, (uint8_t)s[i]);
        room--;
    }
}
