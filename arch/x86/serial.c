// SPDX-License-Identifier: GPL-2.0-only
/*
 * COM1 (ttyS0) console, 115200 8N1, polled. A missing UART reads back 0xff,
 * whose "transmitter empty" bit is set, so writing never hangs.
 */
#include <kernel/types.h>
#include <asm/io.h>
#include <asm/setup.h>
#include <arch/cpu.h>

#define COM1		0x3F8
#define UART_THR	0	/* transmit holding */
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define UART_DLL	0	/* with LCR.DLAB */
#define UART_DLM	1

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80);		/* DLAB */
	outb(COM1 + UART_DLL, 1);		/* 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, 0x03);		/* 8N1 */
	outb(COM1 + UART_FCR, 0xC7);		/* FIFO on, cleared */
	outb(COM1 + UART_MCR, 0x0B);
}

static void serial_putc(char c)
{
	unsigned int spins = 0;

	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE) && ++spins < 1000000)
		cpu_relax();
	outb(COM1 + UART_THR, (u8)c);
}

void serial_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}
