/* SPDX-License-Identifier: MIT */
/*
 * uart: 16550 serial port driver, output only (the console).
 * Presence is probed through the scratch register, because monitors differ:
 * cloud-hypervisor has no serial by default and then every port reads 0xff.
 * Without a UART all output is dropped silently; a UART that stops draining
 * is given up after a bounded wait, so the console can never hang the boot.
 */
#ifndef SKIFF_UART_H
#define SKIFF_UART_H
#include <stddef.h>
#include <stdint.h>

#define UART_COM1 0x3f8

/* Probe and program the UART at (port): 115200 8N1, FIFO on, interrupts
 * off. Returns 0, or -ENODEV when nothing answers at that port. */
int uart_init(uint16_t port);

/* Write (s, n), turning "\n" into "\r\n". A no-op without a UART. */
void uart_write(const char *s, size_t n);

/* 1 when uart_init found a UART and it has not been given up. */
int uart_present(void);

#endif
