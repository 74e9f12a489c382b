/*
 * Intel 8254x gigabit Ethernet, polled, for booting: the 82540EM that
 * QEMU's "-device e1000" emulates and the 82545EM of "-device
 * e1000-82545em".  Both have the register set, EERD layout and legacy
 * descriptors of Intel's "PCI/PCI-X Family of Gigabit Ethernet Controllers
 * Software Developer's Manual" (317453, "SDM"); names in e1000_regs.h.
 * The PHY is left to its own auto-negotiation (copper, internal PHY).
 *
 * Rings: RX_DESCS receive descriptors with 2 KiB buffers, enough for a
 * whole TFTP window of 16 blocks plus ARP; TX_DESCS transmit descriptors
 * sharing one buffer, since transmit waits for each frame to go.
 */
#include "core/console.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/string.h"
#include "drivers/bus/pci.h"
#include "drivers/io.h"
#include "drivers/net/e1000_regs.h"
#include "net/ethernet.h"
#include "net/netdev.h"

#define RX_DESCS 32
#define TX_DESCS 8		/* TDLEN must be a multiple of 128 bytes (SDM ch. 13, TDLEN) */
#define RX_BUF_SIZE 2048	/* matches RCTL.BSIZE */
#define TX_BUF_SIZE ETH_FRAME_MAX
/* Rings need 16-byte alignment (SDM ch. 13, RDBAL/TDBAL); 128 keeps each
 * in as few cache lines as possible. */
#define RING_ALIGN 128

#define RESET_TIMEOUT_MS 100
#define EERD_TIMEOUT_MS 10
#define LINK_TIMEOUT_MS 5000	/* auto-negotiation takes 2-3 s on a real link */
#define TX_TIMEOUT_MS 100	/* a full frame takes 1.2 ms at 10 Mb/s */

struct e1000 {
	volatile uint8_t *regs;		/* BAR0 */
	struct e1000_rx_desc *rx;
	uint8_t *rx_buf;		/* RX_DESCS buffers of RX_BUF_SIZE */
	unsigned rx_next;		/* next descriptor to look at */
	bool rx_dropping;		/* in a frame longer than a buffer */
	struct e1000_tx_desc *tx;
	uint8_t *tx_buf;
	unsigned tx_next;
};

static uint32_t rd(const struct e1000 *e, uint32_t reg)
{
	return mmio_read32(e->regs + reg);
}

static void wr(const struct e1000 *e, uint32_t reg, uint32_t v)
{
	mmio_write32(e->regs + reg, v);
}

/*
 * Global reset (SDM ch. 14, "Reset"; CTRL.RST): mask interrupts, set CTRL.RST, which the
 * device clears when done, then mask again, since the reset unmasks.
 * Stops all DMA, and receive and transmit are off afterwards.
 */
static int reset(struct e1000 *e)
{
	wr(e, E1000_IMC, E1000_IMC_ALL);
	wr(e, E1000_RCTL, 0);
	wr(e, E1000_TCTL, 0);
	wr(e, E1000_CTRL, rd(e, E1000_CTRL) | E1000_CTRL_RST);
	/* A pause before CTRL is read again while the reset runs. */
	udelay(10);
	if (io_wait32(e->regs + E1000_CTRL, E1000_CTRL_RST, 0, RESET_TIMEOUT_MS,
		      "e1000: reset (CTRL.RST to clear)"))
		return -E_IO;
	wr(e, E1000_IMC, E1000_IMC_ALL);
	rd(e, E1000_ICR);
	return 0;
}

/* One EEPROM word through EERD (SDM ch. 13, EERD), bounded. */
static int eeprom_read(struct e1000 *e, uint8_t addr, uint16_t *word)
{
	wr(e, E1000_EERD, (uint32_t)addr << E1000_EERD_ADDR_SHIFT | E1000_EERD_START);
	if (io_wait32(e->regs + E1000_EERD, E1000_EERD_DONE, E1000_EERD_DONE,
		      EERD_TIMEOUT_MS, "e1000: EEPROM read (EERD.DONE)"))
		return -E_IO;
	*word = (uint16_t)(rd(e, E1000_EERD) >> E1000_EERD_DATA_SHIFT);
	return 0;
}

/*
 * The MAC address: receive address 0 when RAH.AV marks it valid (the
 * device loads it from the EEPROM at reset; SDM ch. 13, RAL/RAH), else
 * EEPROM words 0-2; then written to RAL0/RAH0 so the receive filter takes
 * our frames.
 */
static int read_mac(struct e1000 *e, uint8_t mac[ETH_ALEN], const char **from)
{
	uint32_t ral = rd(e, E1000_RAL0), rah = rd(e, E1000_RAH0);

	*from = "RAL0/RAH0";
	if (!(rah & E1000_RAH_AV)) {
		uint16_t w[3];

		for (uint8_t i = 0; i < 3; i++) {
			if (eeprom_read(e, (uint8_t)(E1000_EEPROM_MAC + i), &w[i]))
				return -E_IO;
		}
		ral = w[0] | (uint32_t)w[1] << 16;
		rah = w[2];
		*from = "the EEPROM";
	}
	for (unsigned i = 0; i < 4; i++)
		mac[i] = (uint8_t)(ral >> (8 * i));
	mac[4] = (uint8_t)rah;
	mac[5] = (uint8_t)(rah >> 8);
	if (mac[0] & 1 || !(ral | (rah & 0xFFFF))) {
		con_printf("e1000: no valid MAC address in RAL0/RAH0 or the EEPROM\n");
		return -E_IO;
	}
	wr(e, E1000_RAL0, ral);
	wr(e, E1000_RAH0, (rah & 0xFFFF) | E1000_RAH_AV);
	return 0;
}

/* Link set-up for the internal copper PHY (SDM ch. 14, "General
 * Configuration"; CTRL): auto speed
 * and duplex, no forcing, then wait for STATUS.LU. */
static void link_up(struct e1000 *e)
{
	static const char *const speeds[] = { "10", "100", "1000", "1000" };
	uint32_t ctrl = rd(e, E1000_CTRL), status;

	ctrl &= ~(E1000_CTRL_LRST | E1000_CTRL_PHY_RST | E1000_CTRL_ILOS |
		  E1000_CTRL_FRCSPD | E1000_CTRL_FRCDPLX | E1000_CTRL_VME);
	wr(e, E1000_CTRL, ctrl | E1000_CTRL_ASDE | E1000_CTRL_SLU);
	/* No flow control: its registers are zero (SDM ch. 14, same section). */
	wr(e, E1000_FCAL, 0);
	wr(e, E1000_FCAH, 0);
	wr(e, E1000_FCT, 0);
	wr(e, E1000_FCTTV, 0);
	if (io_wait32(e->regs + E1000_STATUS, E1000_STATUS_LU, E1000_STATUS_LU,
		      LINK_TIMEOUT_MS, "e1000: link (STATUS.LU)")) {
		con_printf("e1000: no link yet; carrying on, frames may be lost\n");
		return;
	}
	status = rd(e, E1000_STATUS);
	con_printf("e1000: link up, %s Mb/s %s duplex\n",
		   speeds[(status & E1000_STATUS_SPEED_MASK) >> E1000_STATUS_SPEED_SHIFT],
		   status & E1000_STATUS_FD ? "full" : "half");
}

/* Receive set-up (SDM ch. 14, "Receive Initialization"): empty multicast table, the ring, RDT one
 * short of RDH so all but one descriptor belong to the device, then
 * RCTL: broadcast accepted, 2 KiB buffers, CRC stripped.  QEMU's model
 * (hw/net/e1000.c) holds received frames for 1 s after each RCTL write,
 * so there the first DHCP reply comes about a second late. */
static void rx_start(struct e1000 *e)
{
	uint64_t ring = dma_bus_addr(e->rx);

	for (unsigned i = 0; i < E1000_MTA_WORDS; i++)
		wr(e, E1000_MTA + 4 * i, 0);
	for (unsigned i = 0; i < RX_DESCS; i++)
		e->rx[i] = (struct e1000_rx_desc){
			.addr = dma_bus_addr(e->rx_buf + i * RX_BUF_SIZE) };
	dma_sync_for_device(e->rx, RX_DESCS * sizeof(*e->rx));
	e->rx_next = 0;
	e->rx_dropping = false;
	wr(e, E1000_RDBAL, (uint32_t)ring);
	wr(e, E1000_RDBAH, (uint32_t)(ring >> 32));
	wr(e, E1000_RDLEN, RX_DESCS * sizeof(*e->rx));
	wr(e, E1000_RDH, 0);
	wr(e, E1000_RDT, RX_DESCS - 1);
	wr(e, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_BSIZE_2048 |
	   E1000_RCTL_SECRC);
}

/* Transmit set-up (SDM ch. 14, "Transmit Initialization"): the ring
 * empty (TDH = TDT = 0), TCTL with short frames padded and the
 * full-duplex collision distance, and TIPG. */
static void tx_start(struct e1000 *e)
{
	uint64_t ring = dma_bus_addr(e->tx);

	memset(e->tx, 0, TX_DESCS * sizeof(*e->tx));
	dma_sync_for_device(e->tx, TX_DESCS * sizeof(*e->tx));
	e->tx_next = 0;
	wr(e, E1000_TDBAL, (uint32_t)ring);
	wr(e, E1000_TDBAH, (uint32_t)(ring >> 32));
	wr(e, E1000_TDLEN, TX_DESCS * sizeof(*e->tx));
	wr(e, E1000_TDH, 0);
	wr(e, E1000_TDT, 0);
	wr(e, E1000_TIPG, E1000_TIPG_IPGT | E1000_TIPG_IPGR1 << E1000_TIPG_IPGR1_SHIFT |
	   E1000_TIPG_IPGR2 << E1000_TIPG_IPGR2_SHIFT);
	wr(e, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
	   E1000_TCTL_CT << E1000_TCTL_CT_SHIFT | E1000_TCTL_COLD_FD << E1000_TCTL_COLD_SHIFT);
}

/* Send one frame and wait until the device has written DD back. */
static int e1000_transmit(struct netdev *nd, const void *frame, size_t len)
{
	struct e1000 *e = nd->priv;
	volatile struct e1000_tx_desc *d = &e->tx[e->tx_next];
	uint32_t deadline;

	if (len > TX_BUF_SIZE)
		return -E_TOOBIG;
	memcpy(e->tx_buf, frame, len);
	d->addr = dma_bus_addr(e->tx_buf);
	d->length = (uint16_t)len;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS;
	d->status = 0;
	dma_sync_for_device(e->tx_buf, len);
	dma_sync_for_device((const void *)d, sizeof(*d));
	e->tx_next = (e->tx_next + 1) % TX_DESCS;
	wr(e, E1000_TDT, e->tx_next);
	deadline = deadline_in(TX_TIMEOUT_MS);
	for (;;) {
		bool late = deadline_passed(deadline);

		dma_sync_for_cpu((const void *)d, sizeof(*d));
		if (d->status & E1000_TXD_STAT_DD)
			return 0;
		if (late)
			break;
	}
	con_printf("e1000: transmit descriptor %u not done (DD) after %u ms (TDH %lu, TDT %lu)\n",
		   (e->tx_next + TX_DESCS - 1) % TX_DESCS, TX_TIMEOUT_MS,
		   (unsigned long)rd(e, E1000_TDH), (unsigned long)rd(e, E1000_TDT));
	return -E_IO;
}

/*
 * Hand up every frame the device has finished (DD) since the last call,
 * at most one ring's worth, so poll never blocks.  A frame is one buffer
 * (EOP set) at our sizes; longer ones and errored ones are dropped.  Each
 * descriptor goes back to the device by moving RDT onto it.
 */
static void e1000_poll(struct netdev *nd)
{
	struct e1000 *e = nd->priv;
	unsigned done = 0;

	for (; done < RX_DESCS; done++) {
		volatile struct e1000_rx_desc *d = &e->rx[e->rx_next];
		uint8_t *buf = e->rx_buf + e->rx_next * RX_BUF_SIZE;
		uint8_t status, errors;
		uint16_t len;

		dma_sync_for_cpu((const void *)d, sizeof(*d));
		status = d->status;
		if (!(status & E1000_RXD_STAT_DD))
			break;
		errors = d->errors;
		len = d->length;
		if (!(status & E1000_RXD_STAT_EOP)) {
			e->rx_dropping = true;
		} else if (e->rx_dropping || (errors & E1000_RXD_ERR_FRAME) ||
			   len > RX_BUF_SIZE) {
			/* The length is what the device wrote into this
			 * buffer (SDM ch. 3, "Receive Descriptor Format",
			 * Length), so never more than RCTL.BSIZE from a
			 * working device; a larger one is dropped, not read
			 * past the buffer. */
			e->rx_dropping = false;
		} else {
			dma_sync_for_cpu(buf, len);
			netdev_receive(nd, buf, len);
		}
		d->status = 0;
		dma_sync_for_device((const void *)d, sizeof(*d));
		wr(e, E1000_RDT, e->rx_next);
		e->rx_next = (e->rx_next + 1) % RX_DESCS;
	}
}

/* Stop receive and transmit and reset the chip, so no DMA reaches memory
 * once an image runs. */
static void e1000_close(struct netdev *nd)
{
	struct e1000 *e = nd->priv;

	wr(e, E1000_RCTL, 0);
	wr(e, E1000_TCTL, 0);
	reset(e);
	con_printf("e1000: stopped (receive and transmit off, chip reset)\n");
}

static const struct netdev_ops e1000_ops = {
	.transmit = e1000_transmit,
	.poll = e1000_poll,
	.close = e1000_close,
};

static int e1000_probe(struct pci_device *pci, struct netdev *nd)
{
	static struct e1000 e;
	const char *mac_from;

	if (pci->bar[0].io || !pci->bar[0].base || pci->bar[0].base >> 32) {
		con_printf("e1000: BAR0 is not a memory BAR below 4 GiB\n");
		return -E_NODEV;
	}
	e.regs = (volatile uint8_t *)(uintptr_t)pci->bar[0].base;
	if (reset(&e) || read_mac(&e, nd->mac, &mac_from))
		return -E_IO;
	if (!e.rx) {
		e.rx = dma_alloc(RX_DESCS * sizeof(*e.rx), RING_ALIGN);
		e.rx_buf = dma_alloc(RX_DESCS * RX_BUF_SIZE, 16);
		e.tx = dma_alloc(TX_DESCS * sizeof(*e.tx), RING_ALIGN);
		e.tx_buf = dma_alloc(TX_BUF_SIZE, 16);
	}
	if (!e.rx || !e.rx_buf || !e.tx || !e.tx_buf) {
		con_printf("e1000: no memory for the descriptor rings\n");
		return -E_NOMEM;
	}
	link_up(&e);
	rx_start(&e);
	tx_start(&e);
	nd->name = "e1000";
	nd->ops = &e1000_ops;
	nd->priv = &e;
	nd->mtu = ETH_MTU;
	con_printf("e1000: registers at %p, MAC %s from %s, %u RX and %u TX descriptors\n",
		   (void *)e.regs, mac_text(nd->mac).s, mac_from, RX_DESCS, TX_DESCS);
	return 0;
}

static const struct pci_id e1000_ids[] = {
	{ 0x8086, 0x100E, "82540EM" },
	{ 0x8086, 0x100F, "82545EM copper" },
};

static const struct pci_driver e1000_driver = {
	.name = "e1000",
	.ids = e1000_ids,
	.id_count = ARRAY_SIZE(e1000_ids),
	.probe = e1000_probe,
};

PCI_DRIVER(e1000_driver);
