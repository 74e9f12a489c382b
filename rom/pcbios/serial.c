/*
 * COM1 console mirror: an NS16550A-compatible UART at I/O 0x3F8 (the PC's
 * first serial port), 115200 baud, 8 data bits, no parity, 1 stop bit,
 * FIFOs on, polled, no modem handshake.  Register names from the 16550
 * datasheet (TI/National PC16550D).
 */
#include "rom/pcbios/pcbios.h"
#include "rom/pcbios/x86_io.h"

#define COM1 0x3F8
#define THR 0		/* transmit holding register (DLAB = 0) */
#define DLL 0		/* divisor latch, low byte (DLAB = 1) */
#define IER 1		/* interrupt enable (DLAB = 0) */
#define DLM 1		/* divisor latch, high byte (DLAB = 1) */
#define FCR 2		/* FIFO control (write) */
#define LCR 3		/* line control */
#define MCR 4		/* modem control */
#define LSR 5		/* line status */
#define SCR 7		/* scratch */

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07	/* FIFO enable, clear receive and transmit FIFOs */
#define MCR_DTR_RTS 0x03
#define LSR_THRE 0x20		/* transmit holding register (and FIFO) empty */

/* 1.8432 MHz clock / 16 / 115200 = 1 */
#define DIVISOR_115200 1

/*
 * One character takes 87 us at 115200 8N1, and THRE waits for a whole
 * 16-byte FIFO to drain, about 1.4 ms.  An ISA port read takes about 1 us,
 * so 100000 reads give a stuck transmitter some 100 ms before we stop
 * using the port for good.  The clock is not used: the console runs before
 * it is calibrated.
 */
#define THRE_POLLS 100000

static bool present;

void serial_init(void)
{
	/* A port with no UART behind it reads back FFh, not the scratch value. */
	io_write8(COM1 + SCR, 0x5A);
	if (io_read8(COM1 + SCR) != 0x5A)
		return;
	io_write8(COM1 + IER, 0);
	io_write8(COM1 + LCR, LCR_DLAB);
	io_write8(COM1 + DLL, DIVISOR_115200 & 0xFF);
	io_write8(COM1 + DLM, DIVISOR_115200 >> 8);
	io_write8(COM1 + LCR, LCR_8N1);
	io_write8(COM1 + FCR, FCR_ENABLE_CLEAR);
	io_write8(COM1 + MCR, MCR_DTR_RTS);
	present = true;
}

bool serial_present(void)
{
	return present;
}

void serial_putc(char c)
{
	if (!present)
		return;
	for (unsigned i = 0; i < THRE_POLLS; i++) {
		if (io_read8(COM1 + LSR) & LSR_THRE) {
			io_write8(COM1 + THR, (uint8_t)c);
			return;
		}
	}
	present = false;	/* transmitter stuck: the screen carries on alone */
}
