# uart: 16550 console output.
KSRCS += drivers/uart/uart.c
