/*
 * Intel 8254x gigabit Ethernet controllers: the registers, bits and legacy
 * descriptors this driver uses, named as in Intel's "PCI/PCI-X Family of
 * Gigabit Ethernet Controllers Software Developer's Manual" (order number
 * 317453; "SDM" below), chapter 13 (registers) and chapter 3 (descriptors).
 * Offsets are from the start of the memory BAR (BAR0).
 */
#ifndef DRIVERS_NET_E1000_REGS_H
#define DRIVERS_NET_E1000_REGS_H

#include <stdint.h>

#define E1000_CTRL 0x0000	/* device control */
#define E1000_CTRL_LRST (1u << 3)	/* link reset: set keeps the link down */
#define E1000_CTRL_ASDE (1u << 5)	/* auto-speed detection enable */
#define E1000_CTRL_SLU (1u << 6)	/* set link up */
#define E1000_CTRL_ILOS (1u << 7)	/* invert loss-of-signal */
#define E1000_CTRL_FRCSPD (1u << 11)	/* force speed */
#define E1000_CTRL_FRCDPLX (1u << 12)	/* force duplex */
#define E1000_CTRL_RST (1u << 26)	/* device reset; self-clearing */
#define E1000_CTRL_VME (1u << 30)	/* VLAN mode enable */
#define E1000_CTRL_PHY_RST (1u << 31)	/* PHY reset */

#define E1000_STATUS 0x0008	/* device status */
#define E1000_STATUS_FD (1u << 0)	/* link is full duplex */
#define E1000_STATUS_LU (1u << 1)	/* link up */
#define E1000_STATUS_SPEED_SHIFT 6	/* bits 7:6: 00b 10, 01b 100, 1xb 1000 Mb/s */
#define E1000_STATUS_SPEED_MASK (3u << 6)

#define E1000_EERD 0x0014	/* EEPROM read (82540/82545 layout) */
#define E1000_EERD_START (1u << 0)	/* start a read of the word at ADDR */
#define E1000_EERD_DONE (1u << 4)	/* the read finished; DATA is valid */
#define E1000_EERD_ADDR_SHIFT 8		/* bits 15:8: word address */
#define E1000_EERD_DATA_SHIFT 16	/* bits 31:16: the word read */

#define E1000_FCAL 0x0028	/* flow control address low */
#define E1000_FCAH 0x002C	/* flow control address high */
#define E1000_FCT 0x0030	/* flow control type */
#define E1000_FCTTV 0x0170	/* flow control transmit timer value */

#define E1000_ICR 0x00C0	/* interrupt cause read; reading clears it */
#define E1000_IMC 0x00D8	/* interrupt mask clear: a 1 masks that cause */
#define E1000_IMC_ALL 0xFFFFFFFFu	/* every cause */

#define E1000_RCTL 0x0100	/* receive control */
#define E1000_RCTL_EN (1u << 1)		/* receiver enable */
#define E1000_RCTL_BAM (1u << 15)	/* accept broadcast frames */
#define E1000_RCTL_BSIZE_2048 (0u << 16)	/* bits 17:16 = 00b with BSEX = 0: 2048-byte buffers */
#define E1000_RCTL_SECRC (1u << 26)	/* strip the Ethernet CRC from received frames */

#define E1000_TCTL 0x0400	/* transmit control */
#define E1000_TCTL_EN (1u << 1)		/* transmitter enable */
#define E1000_TCTL_PSP (1u << 3)	/* pad short packets to 64 bytes */
#define E1000_TCTL_CT_SHIFT 4		/* bits 11:4: collision threshold */
#define E1000_TCTL_COLD_SHIFT 12	/* bits 21:12: collision distance */
#define E1000_TCTL_CT 0x0Fu		/* the manual's recommended threshold */
#define E1000_TCTL_COLD_FD 0x40u	/* 64 byte times, the SDM's value for full duplex */

#define E1000_TIPG 0x0410	/* transmit inter-packet gap */
#define E1000_TIPG_IPGT 10u		/* bits 9:0, the SDM's value for copper */
#define E1000_TIPG_IPGR1 8u		/* bits 19:10 */
#define E1000_TIPG_IPGR2 6u		/* bits 29:20 */
#define E1000_TIPG_IPGR1_SHIFT 10
#define E1000_TIPG_IPGR2_SHIFT 20

#define E1000_RDBAL 0x2800	/* receive descriptor base, low 32 bits */
#define E1000_RDBAH 0x2804	/* receive descriptor base, high 32 bits */
#define E1000_RDLEN 0x2808	/* receive ring length in bytes, a multiple of 128 */
#define E1000_RDH 0x2810	/* receive head: next descriptor the device fills */
#define E1000_RDT 0x2818	/* receive tail: the device stops before it */

#define E1000_TDBAL 0x3800	/* transmit descriptor base, low 32 bits */
#define E1000_TDBAH 0x3804	/* transmit descriptor base, high 32 bits */
#define E1000_TDLEN 0x3808	/* transmit ring length in bytes, a multiple of 128 */
#define E1000_TDH 0x3810	/* transmit head: next descriptor the device sends */
#define E1000_TDT 0x3818	/* transmit tail: one past the last one to send */

#define E1000_MTA 0x5200	/* multicast table array, 128 dwords */
#define E1000_MTA_WORDS 128
#define E1000_RAL0 0x5400	/* receive address 0, low: MAC bytes 0-3 */
#define E1000_RAH0 0x5404	/* receive address 0, high: MAC bytes 4-5 */
#define E1000_RAH_AV (1u << 31)		/* address valid: the filter uses this entry */

/* EEPROM words 0-2 hold the MAC address, low byte first (SDM ch. 5,
 * EEPROM address map). */
#define E1000_EEPROM_MAC 0

/* Legacy receive descriptor (SDM ch. 3, "Receive Descriptor Format"):
 * 16 bytes, written back by the device. */
struct e1000_rx_desc {
	uint64_t addr;		/* buffer address */
	uint16_t length;	/* bytes stored in the buffer */
	uint16_t checksum;	/* packet checksum */
	uint8_t status;
	uint8_t errors;
	uint16_t special;	/* VLAN tag */
};

#define E1000_RXD_STAT_DD (1u << 0)	/* descriptor done */
#define E1000_RXD_STAT_EOP (1u << 1)	/* end of packet: last buffer of a frame */
#define E1000_RXD_ERR_CE (1u << 0)	/* CRC or alignment error */
#define E1000_RXD_ERR_SE (1u << 1)	/* symbol error */
#define E1000_RXD_ERR_SEQ (1u << 2)	/* sequence error */
#define E1000_RXD_ERR_CXE (1u << 4)	/* carrier extension error */
#define E1000_RXD_ERR_RXE (1u << 7)	/* RX data error */
#define E1000_RXD_ERR_FRAME (E1000_RXD_ERR_CE | E1000_RXD_ERR_SE | \
	E1000_RXD_ERR_SEQ | E1000_RXD_ERR_CXE | E1000_RXD_ERR_RXE)

/* Legacy transmit descriptor (SDM ch. 3, "Legacy Transmit Descriptor Format"): 16 bytes. */
struct e1000_tx_desc {
	uint64_t addr;		/* buffer address */
	uint16_t length;	/* bytes to send from the buffer */
	uint8_t cso;		/* checksum offset (unused) */
	uint8_t cmd;
	uint8_t status;		/* bits 3:0 STA, the device writes DD here */
	uint8_t css;		/* checksum start (unused) */
	uint16_t special;	/* VLAN tag */
};

#define E1000_TXD_CMD_EOP (1u << 0)	/* end of packet */
#define E1000_TXD_CMD_IFCS (1u << 1)	/* insert the FCS */
#define E1000_TXD_CMD_RS (1u << 3)	/* report status: write DD back */
#define E1000_TXD_STAT_DD (1u << 0)	/* descriptor done */

_Static_assert(sizeof(struct e1000_rx_desc) == 16, "SDM ch. 3: 16-byte receive descriptor");
_Static_assert(sizeof(struct e1000_tx_desc) == 16, "SDM ch. 3: 16-byte transmit descriptor");

#endif
