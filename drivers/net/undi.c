/*
 * A NIC driver over the UNDI API of the PXE ROM that chainloaded the body
 * (PXE Specification 2.1, "UNDI API"), so that one image boots on any NIC
 * whose ROM speaks PXE.  Every call goes through pxe_call()
 * (rom/pcbios/pxe.c), which bounces the parameter block below 1 MiB.
 *
 * Open: PXENV_UNDI_OPEN with the receive filter (directed and broadcast
 * frames), then PXENV_UNDI_GET_INFORMATION for the MAC and the MTU.
 * Transmit: PXENV_UNDI_TRANSMIT of one whole frame, copied into the low
 * buffer of pxe_low_data() with its transmit buffer descriptor (TBD) in
 * front of it.  The spec has the UNDI queue the frame in a buffer of its
 * own, or fail with PXENV_STATUS_OUT_OF_RESOURCES when it has none, so
 * the low buffer is free again when the call returns.
 * Receive, polled without an interrupt handler: PXENV_UNDI_ISR with
 * FuncFlag START (the UNDI checks its NIC and masks its interrupt), and
 * when that answers OURS, PROCESS and then GET_NEXT until DONE; each
 * RECEIVE names a buffer of the frame (a real-mode far pointer), copied
 * from there into netdev_receive().  At most ISR_EVENTS answers per poll,
 * so poll never blocks; an unfinished round goes on with GET_NEXT at the
 * next poll, since the UNDI unmasks its interrupt only at DONE.
 * Close: PXENV_UNDI_CLOSE.  The PXE stack itself stays loaded.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "drivers/net/undi.h"
#include "net/ethernet.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/pxe.h"

/* Opcodes (PXE 2.1, the UNDI API). */
#define PXENV_UNDI_OPEN 0x0006
#define PXENV_UNDI_CLOSE 0x0007
#define PXENV_UNDI_TRANSMIT 0x0008
#define PXENV_UNDI_GET_INFORMATION 0x000C
#define PXENV_UNDI_ISR 0x0014

#define PXE_MAC_ADDR_LEN 16	/* MAC_ADDR is 16 bytes in every block */
#define ISR_EVENTS 64		/* ISR answers handled per poll */

/* A real-mode far pointer as the spec's SEGOFF16: offset first. */
struct segoff16 {
	uint16_t off, seg;
} __attribute__((packed));

/* PXENV_UNDI_OPEN: OpenFlag (adapter specific, 0), PktFilter (FLTR_*),
 * R_Mcast_Buf (a count and up to 8 multicast MACs; none here). */
#define FLTR_DIRECTED 0x0001
#define FLTR_BRDCST 0x0002
#define MAXNUM_MCADDR 8
struct undi_open {
	uint16_t status;
	uint16_t open_flag;
	uint16_t pkt_filter;
	uint16_t mcast_count;
	uint8_t mcast[MAXNUM_MCADDR][PXE_MAC_ADDR_LEN];
} __attribute__((packed));

/* PXENV_UNDI_GET_INFORMATION. */
#define ETHER_TYPE 1
struct undi_info {
	uint16_t status;
	uint16_t base_io;
	uint16_t int_number;
	uint16_t max_tran_unit;
	uint16_t hw_type;
	uint16_t hw_addr_len;
	uint8_t current_node[PXE_MAC_ADDR_LEN];
	uint8_t perm_node[PXE_MAC_ADDR_LEN];
	uint16_t rom_address;
	uint16_t rx_buf_ct;
	uint16_t tx_buf_ct;
} __attribute__((packed));

/* PXENV_UNDI_TRANSMIT: Protocol P_UNKNOWN says the frame carries its own
 * media header; XmitFlag and DestAddr then do not matter. */
#define P_UNKNOWN 0
#define XMT_DESTADDR 0
struct undi_transmit {
	uint16_t status;
	uint8_t protocol;
	uint8_t xmit_flag;
	struct segoff16 dest_addr;
	struct segoff16 tbd;
	uint32_t reserved[2];
} __attribute__((packed));

/* The transmit buffer descriptor: the immediate buffer Xmit of
 * ImmedLength bytes, then DataBlkCount further blocks (none here). */
#define MAX_DATA_BLKS 8
struct undi_tbd {
	uint16_t immed_length;
	struct segoff16 xmit;
	uint16_t data_blk_count;
	struct {
		uint8_t ptr_type;
		uint8_t reserved;
		uint16_t len;
		struct segoff16 ptr;
	} __attribute__((packed)) blk[MAX_DATA_BLKS];
} __attribute__((packed));

/* PXENV_UNDI_ISR: FuncFlag in, and its answer out. */
#define ISR_IN_START 1
#define ISR_IN_PROCESS 2
#define ISR_IN_GET_NEXT 3
#define ISR_OUT_OURS 0		/* else NOT_OURS (1): nothing to do */
#define ISR_OUT_DONE 0
#define ISR_OUT_TRANSMIT 2
#define ISR_OUT_RECEIVE 3
#define ISR_OUT_BUSY 4
struct undi_isr {
	uint16_t status;
	uint16_t func_flag;
	uint16_t buffer_length;
	uint16_t frame_length;
	uint16_t frame_header_length;
	struct segoff16 frame;
	uint8_t prot_type;
	uint8_t pkt_type;
} __attribute__((packed));

/* The closing block holds the status alone. */
struct undi_status {
	uint16_t status;
} __attribute__((packed));

/* The TBD, then the frame 16-byte aligned after it, in the low buffer. */
#define TBD_ROOM ((sizeof(struct undi_tbd) + 15) & ~(size_t)15)

struct undi {
	struct undi_tbd *tbd;	/* below 1 MiB */
	uint8_t *frame;		/* below 1 MiB, ETH_FRAME_MAX bytes */
	bool in_isr;		/* ISR said OURS; DONE not yet seen */
	uint16_t rx_have;	/* bytes of a multi-buffer frame so far */
	uint16_t rx_length;	/* the length its first buffer announced */
	uint8_t rx[ETH_FRAME_MAX];
	uint32_t tx_done;	/* TRANSMIT answers (completions) */
};

static int undi_transmit(struct netdev *nd, const void *frame, size_t len)
{
	struct undi *u = nd->priv;
	struct undi_transmit t = { .protocol = P_UNKNOWN, .xmit_flag = XMT_DESTADDR };

	if (len > ETH_FRAME_MAX)
		return -E_TOOBIG;
	memcpy(u->frame, frame, len);
	memset(u->tbd, 0, sizeof(*u->tbd));
	u->tbd->immed_length = (uint16_t)len;
	u->tbd->xmit.off = bios_off(u->frame);
	u->tbd->xmit.seg = bios_seg(u->frame);
	t.tbd.off = bios_off(u->tbd);
	t.tbd.seg = bios_seg(u->tbd);
	return pxe_call(PXENV_UNDI_TRANSMIT, &t, sizeof(t));
}

/* The linear address of a far pointer the UNDI returned. */
static const uint8_t *far_to_linear(struct segoff16 p)
{
	return (const uint8_t *)(uintptr_t)((uint32_t)p.seg * 16 + p.off);
}

/* One RECEIVE answer: a buffer of a frame of frame_length bytes, which
 * goes up once all its buffers are in. */
static void receive_buffer(struct netdev *nd, const struct undi_isr *isr)
{
	struct undi *u = nd->priv;
	const uint8_t *buf = far_to_linear(isr->frame);

	if (isr->frame_length > ETH_FRAME_MAX ||
	    (u->rx_have && isr->frame_length != u->rx_length) ||
	    u->rx_have + isr->buffer_length > isr->frame_length) {
		con_printf("undi: dropped a frame of %u bytes (buffer of %u after %u)\n",
			   isr->frame_length, isr->buffer_length, u->rx_have);
		u->rx_have = 0;
		return;
	}
	if (u->rx_have == 0 && isr->buffer_length == isr->frame_length) {
		netdev_receive(nd, buf, isr->frame_length);
		return;
	}
	memcpy(u->rx + u->rx_have, buf, isr->buffer_length);
	u->rx_length = isr->frame_length;
	u->rx_have = (uint16_t)(u->rx_have + isr->buffer_length);
	if (u->rx_have == isr->frame_length) {
		u->rx_have = 0;
		netdev_receive(nd, u->rx, isr->frame_length);
	}
}

static void undi_poll(struct netdev *nd)
{
	struct undi *u = nd->priv;
	struct undi_isr isr;

	if (!u->in_isr) {
		memset(&isr, 0, sizeof(isr));
		isr.func_flag = ISR_IN_START;
		if (pxe_call(PXENV_UNDI_ISR, &isr, sizeof(isr)) < 0 ||
		    isr.func_flag != ISR_OUT_OURS)
			return;
		u->in_isr = true;
		u->rx_have = 0;		/* a frame never spans rounds */
		memset(&isr, 0, sizeof(isr));
		isr.func_flag = ISR_IN_PROCESS;
	} else {
		memset(&isr, 0, sizeof(isr));
		isr.func_flag = ISR_IN_GET_NEXT;
	}
	for (unsigned n = 0; n < ISR_EVENTS; n++) {
		if (pxe_call(PXENV_UNDI_ISR, &isr, sizeof(isr)) < 0) {
			u->in_isr = false;
			return;
		}
		switch (isr.func_flag) {
		case ISR_OUT_DONE:
			u->in_isr = false;
			return;
		case ISR_OUT_RECEIVE:
			receive_buffer(nd, &isr);
			break;
		case ISR_OUT_TRANSMIT:
			u->tx_done++;
			break;
		case ISR_OUT_BUSY:
			return;
		default:
			con_printf("undi: PXENV_UNDI_ISR answered FuncFlag %u\n", isr.func_flag);
			u->in_isr = false;
			return;
		}
		memset(&isr, 0, sizeof(isr));
		isr.func_flag = ISR_IN_GET_NEXT;
	}
}

static void undi_close(struct netdev *nd)
{
	struct undi *u = nd->priv;
	struct undi_status c = { 0 };

	if (pxe_call(PXENV_UNDI_CLOSE, &c, sizeof(c)) == 0)
		con_printf("undi: closed (%lu transmit completions seen); the PXE stack stays loaded\n",
			   (unsigned long)u->tx_done);
}

static const struct netdev_ops undi_ops = {
	.transmit = undi_transmit,
	.poll = undi_poll,
	.close = undi_close,
};

int undi_probe(struct netdev *nd)
{
	static struct undi u;
	struct undi_open o = { .pkt_filter = FLTR_DIRECTED | FLTR_BRDCST };
	struct undi_info info = { 0 };
	size_t room;
	uint8_t *low = pxe_low_data(&room);

	if (room < TBD_ROOM + ETH_FRAME_MAX) {
		con_printf("undi: %zu bytes of low memory for transmit; need %zu\n", room,
			   TBD_ROOM + ETH_FRAME_MAX);
		return -E_NOMEM;
	}
	u.tbd = (struct undi_tbd *)low;
	u.frame = low + TBD_ROOM;
	if (pxe_call(PXENV_UNDI_OPEN, &o, sizeof(o)) < 0 ||
	    pxe_call(PXENV_UNDI_GET_INFORMATION, &info, sizeof(info)) < 0)
		return -E_IO;
	if (info.hw_type != ETHER_TYPE || info.hw_addr_len != ETH_ALEN) {
		con_printf("undi: not Ethernet (hardware type %u, address length %u)\n",
			   info.hw_type, info.hw_addr_len);
		return -E_NODEV;
	}
	memcpy(nd->mac, info.current_node, ETH_ALEN);
	nd->mtu = info.max_tran_unit && info.max_tran_unit < ETH_MTU ? info.max_tran_unit
								      : ETH_MTU;
	nd->name = "undi";
	nd->ops = &undi_ops;
	nd->priv = &u;
	con_printf("undi: NIC driver is the PXE ROM's UNDI: MAC %s, MTU %u, I/O %04xh, IRQ %u, "
		   "ROM segment %04xh\n", mac_text(nd->mac).s, nd->mtu, info.base_io,
		   info.int_number, info.rom_address);
	return 0;
}
