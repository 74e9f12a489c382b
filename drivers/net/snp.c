/*
 * A netdev over the UEFI Simple Network Protocol (UEFI 2.10 §24.1).
 *
 * Transmit() only queues a frame: the buffer stays the NIC's until
 * GetStatus() hands its address back (§24.1, "GetStatus", TxBuf).  The
 * stack reuses its frame buffer as soon as transmit returns, so each frame
 * is copied into one of TX_SLOTS buffers of our own, and a slot is used
 * again only after GetStatus() returned it.  Receive() copies a whole
 * frame, media header included, into our buffer and says EFI_NOT_READY
 * when none is waiting.
 */
#include "core/clock.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "drivers/net/snp.h"

#define TX_SLOTS 8
#define TX_RECLAIM_MS 100	/* how long a full queue may stay full */
#define RX_PER_POLL 32		/* frames per poll, so a flood cannot pin us */
#define SNP_FILTERS (EFI_SIMPLE_NETWORK_RECEIVE_UNICAST | EFI_SIMPLE_NETWORK_RECEIVE_BROADCAST)

struct snp_nic {
	EFI_SIMPLE_NETWORK_PROTOCOL *snp;
	bool busy[TX_SLOTS];
	uint8_t tx[TX_SLOTS][ETH_FRAME_MAX];
	uint8_t rx[ETH_FRAME_MAX + 4];	/* room for a stray FCS */
};

static struct snp_nic nic;

/* Mark every transmit buffer the NIC has finished with as free. */
static void reclaim(struct snp_nic *n)
{
	for (unsigned guard = 0; guard < TX_SLOTS * 2; guard++) {
		void *done = NULL;
		UINT32 irq;

		if (EFI_ERROR(n->snp->GetStatus(n->snp, &irq, &done)) || !done)
			return;
		for (unsigned i = 0; i < TX_SLOTS; i++)
			if (done == n->tx[i])
				n->busy[i] = false;
	}
}

static int free_slot(struct snp_nic *n)
{
	for (unsigned i = 0; i < TX_SLOTS; i++)
		if (!n->busy[i])
			return (int)i;
	return -1;
}

static int snp_transmit(struct netdev *nd, const void *frame, size_t len)
{
	struct snp_nic *n = nd->priv;
	uint32_t deadline = deadline_in(TX_RECLAIM_MS);
	EFI_STATUS st;
	int slot;

	if (len > ETH_FRAME_MAX)
		return -E_TOOBIG;
	reclaim(n);
	while ((slot = free_slot(n)) < 0) {
		if (deadline_passed(deadline)) {
			con_printf("snp: the NIC returned none of its %u transmit buffers in %u ms\n",
				   TX_SLOTS, TX_RECLAIM_MS);
			return -E_TIMEOUT;
		}
		reclaim(n);
	}
	memcpy(n->tx[slot], frame, len);
	for (;;) {
		st = n->snp->Transmit(n->snp, 0, len, n->tx[slot], NULL, NULL, NULL);
		if (st != EFI_NOT_READY)
			break;
		if (deadline_passed(deadline)) {
			con_printf("snp: the NIC's transmit queue stayed full for %u ms\n", TX_RECLAIM_MS);
			return -E_TIMEOUT;
		}
		reclaim(n);
	}
	if (EFI_ERROR(st)) {
		con_printf("snp: Transmit of %zu bytes failed: status %lx\n", len, (unsigned long)st);
		return -E_IO;
	}
	n->busy[slot] = true;
	return 0;
}

static void snp_poll(struct netdev *nd)
{
	struct snp_nic *n = nd->priv;

	for (unsigned i = 0; i < RX_PER_POLL; i++) {
		UINTN len = sizeof(n->rx);
		EFI_STATUS st = n->snp->Receive(n->snp, NULL, &len, n->rx, NULL, NULL, NULL);

		if (st == EFI_NOT_READY)
			return;
		/* An error ends this round; EFI_BUFFER_TOO_SMALL (a frame
		 * longer than Ethernet's) may leave that frame queued, and
		 * asking again at once would only find it again. */
		if (EFI_ERROR(st))
			return;
		netdev_receive(nd, n->rx, len);
	}
}

static void snp_close(struct netdev *nd)
{
	struct snp_nic *n = nd->priv;

	n->snp->Shutdown(n->snp);
	n->snp->Stop(n->snp);
}

static const struct netdev_ops snp_ops = {
	.transmit = snp_transmit,
	.poll = snp_poll,
	.close = snp_close,
};

int snp_probe(struct netdev *nd, EFI_SIMPLE_NETWORK_PROTOCOL *snp)
{
	EFI_SIMPLE_NETWORK_MODE *m = snp->Mode;
	EFI_STATUS st = EFI_SUCCESS;
	UINT32 filters;

	if (m->State == EfiSimpleNetworkStopped)
		st = snp->Start(snp);
	if (!EFI_ERROR(st) && m->State == EfiSimpleNetworkStarted)
		st = snp->Initialize(snp, 0, 0);
	if (EFI_ERROR(st) || m->State != EfiSimpleNetworkInitialized) {
		con_printf("snp: cannot start the firmware's network interface (state %u, status %lx)\n",
			   (unsigned)m->State, (unsigned long)st);
		return -E_NODEV;
	}
	/* §24.1.2: media type 1 is Ethernet (RFC 1700 hardware types). */
	if (m->IfType != 1 || m->HwAddressSize != ETH_ALEN || m->MediaHeaderSize != ETH_HLEN) {
		con_printf("snp: the interface is not Ethernet (type %u, address %u bytes)\n",
			   (unsigned)m->IfType, (unsigned)m->HwAddressSize);
		return -E_NODEV;
	}
	filters = SNP_FILTERS & m->ReceiveFilterMask;
	if (filters != SNP_FILTERS)
		con_printf("snp: the interface cannot receive %s frames\n",
			   filters & EFI_SIMPLE_NETWORK_RECEIVE_UNICAST ? "broadcast" : "unicast");
	st = snp->ReceiveFilters(snp, filters, m->ReceiveFilterSetting & ~filters, FALSE, 0, NULL);
	if (EFI_ERROR(st))
		con_printf("snp: ReceiveFilters refused (status %lx); keeping the firmware's\n",
			   (unsigned long)st);
	memset(&nic, 0, sizeof(nic));
	nic.snp = snp;
	nd->name = "snp";
	nd->ops = &snp_ops;
	nd->priv = &nic;
	memcpy(nd->mac, m->CurrentAddress.Addr, ETH_ALEN);
	nd->mtu = m->MaxPacketSize < ETH_MTU ? (uint16_t)m->MaxPacketSize : ETH_MTU;
	con_printf("snp: firmware network interface %02x:%02x:%02x:%02x:%02x:%02x, MTU %u, "
		   "media %s\n", nd->mac[0], nd->mac[1], nd->mac[2], nd->mac[3], nd->mac[4],
		   nd->mac[5], (unsigned)nd->mtu, !m->MediaPresentSupported ? "not reported" :
		   m->MediaPresent ? "present" : "ABSENT (no link?)");
	return 0;
}
