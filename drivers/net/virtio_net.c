/*
 * Virtio network device (virtio 1.1 §5.1), polled, for booting: QEMU's
 * "-device virtio-net-pci", transitional (1AF4:1000) or modern only
 * (1AF4:1041, disable-legacy=on).  A device that offers the modern
 * capabilities is driven through them; a transitional one without them
 * through the legacy I/O BAR.  The queue and net logic reach the device
 * only through struct virtio_ops, so virtio-mmio can reuse them.
 *
 * Only VIRTIO_NET_F_MAC is negotiated (and VIRTIO_F_VERSION_1 on the
 * modern transport): no offloads, no merged receive buffers, no control
 * queue.  Receive queue 0 holds RX_BUFS buffers; transmit queue 1 has
 * TX_BUFS buffers of its own: a frame is copied into a free one and the
 * call returns once the device was notified, and a buffer is free again
 * when the device returned it through the used ring.  Waiting for each
 * frame instead would make every TFTP ACK wait for QEMU's main loop to run
 * the device's transmit handler.
 */
#include "core/clock.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "drivers/io.h"
#include "drivers/virtio/virtio_pci.h"
#include "drivers/virtio/virtqueue.h"
#include "net/ethernet.h"
#include "net/netdev.h"

#define VIRTIO_NET_F_MAC 5	/* §5.1.3: mac in the device configuration */
#define VIRTIO_NET_CFG_MAC 0	/* §5.1.4: mac is the first field */
#define RXQ 0			/* §5.1.2: receiveq1 */
#define TXQ 1			/* §5.1.2: transmitq1 */

/*
 * struct virtio_net_hdr (§5.1.6): 10 bytes for a legacy device without
 * VIRTIO_NET_F_MRG_RXBUF, 12 (with num_buffers) once VERSION_1 is
 * negotiated.  We send it all zero: no checksum offload, no GSO.
 */
#define NET_HDR_LEGACY 10
#define NET_HDR_MODERN 12
#define NET_HDR_MAX NET_HDR_MODERN
/* A frame with a VLAN tag and room to spare: 1526 bytes (§5.1.6.3.1 asks
 * for at least 1526 with the header when neither GSO nor MRG_RXBUF). */
#define RX_FRAME_MAX 1526
#define RX_BUF_SIZE 1552	/* NET_HDR_MAX + RX_FRAME_MAX, 16-byte multiple */
#define RX_BUFS 32		/* a TFTP window of 16 blocks, ARP, and room */
#define QUEUE_MAX 256
#define TX_BUFS 8
#define TX_BUF_SIZE 1536	/* NET_HDR_MAX + ETH_FRAME_MAX, 16-byte multiple */
#define TX_ALL_BUSY ((1u << TX_BUFS) - 1)
#define TX_TIMEOUT_MS 100	/* the device returns a sent buffer at once */

struct virtio_net {
	struct virtio_pci vp;
	struct virtq rx, tx;
	uint8_t *rx_buf;	/* RX_BUFS buffers of RX_BUF_SIZE */
	uint8_t *tx_buf;	/* TX_BUFS buffers of TX_BUF_SIZE */
	uint32_t tx_busy;	/* bit i: buffer i is the device's */
	uint32_t hdr_len;
};

/*
 * Chains of two segments, the header alone first: a legacy device that
 * did not negotiate VIRTIO_F_ANY_LAYOUT expects that (§5.1.6.6, legacy
 * interface note), and any layout is fine after VERSION_1 (§2.6.4).
 */
static int rx_post(struct virtio_net *vn, uint8_t *buf)
{
	const struct vq_seg seg[2] = {
		{ buf, vn->hdr_len, true },
		{ buf + vn->hdr_len, RX_FRAME_MAX, true },
	};

	return vq_add(&vn->rx, seg, 2, buf);
}

/* Free every transmit buffer the device has returned. */
static void tx_reclaim(struct virtio_net *vn)
{
	uint32_t written;
	uint8_t *buf;

	while ((buf = vq_get_used(&vn->tx, &written)))
		vn->tx_busy &= ~(1u << ((size_t)(buf - vn->tx_buf) / TX_BUF_SIZE));
}

static int virtio_net_transmit(struct netdev *nd, const void *frame, size_t len)
{
	struct virtio_net *vn = nd->priv;
	uint32_t deadline = deadline_in(TX_TIMEOUT_MS);
	unsigned slot = 0;
	uint8_t *buf;

	if (len > ETH_FRAME_MAX)
		return -E_TOOBIG;
	for (tx_reclaim(vn); vn->tx_busy == TX_ALL_BUSY; tx_reclaim(vn)) {
		if (deadline_passed(deadline)) {
			con_printf("virtio-net: none of %u transmit buffers came back in %u ms\n",
				   TX_BUFS, TX_TIMEOUT_MS);
			return -E_IO;
		}
	}
	while (vn->tx_busy & 1u << slot)
		slot++;
	buf = vn->tx_buf + slot * TX_BUF_SIZE;
	memset(buf, 0, vn->hdr_len);
	memcpy(buf + vn->hdr_len, frame, len);

	const struct vq_seg seg[2] = {
		{ buf, vn->hdr_len, false },
		{ buf + vn->hdr_len, (uint32_t)len, false },
	};

	if (vq_add(&vn->tx, seg, 2, buf)) {
		con_printf("virtio-net: transmit queue full (device not returning buffers)\n");
		return -E_IO;
	}
	vn->tx_busy |= 1u << slot;
	vq_kick(&vn->tx);
	return 0;
}

/* Hand up every frame received since the last call (at most one ring's
 * worth, so poll never blocks) and give each buffer back. */
static void virtio_net_poll(struct netdev *nd)
{
	struct virtio_net *vn = nd->priv;
	unsigned done = 0;
	uint32_t len;
	uint8_t *buf;

	while (done < RX_BUFS && (buf = vq_get_used(&vn->rx, &len)) != NULL) {
		if (len > vn->hdr_len && len <= vn->hdr_len + RX_FRAME_MAX) {
			dma_sync_for_cpu(buf, len);
			netdev_receive(nd, buf + vn->hdr_len, len - vn->hdr_len);
		}
		rx_post(vn, buf);
		done++;
	}
	if (done)
		vq_kick(&vn->rx);
}

/* A reset stops the device and all its DMA (§2.1.2). */
static void virtio_net_close(struct netdev *nd)
{
	struct virtio_net *vn = nd->priv;

	if (virtio_reset(&vn->vp.vd) == 0)
		con_printf("virtio-net: stopped (device reset)\n");
}

static const struct netdev_ops virtio_net_ops = {
	.transmit = virtio_net_transmit,
	.poll = virtio_net_poll,
	.close = virtio_net_close,
};

/*
 * Device initialization (§3.1.1): reset, ACKNOWLEDGE, DRIVER, features,
 * FEATURES_OK read back (not on legacy, which has no such step: §3.1.2),
 * then the queues; DRIVER_OK comes last, from start().
 */
static int negotiate(struct virtio_dev *vd)
{
	const struct virtio_ops *ops = vd->ops;
	uint64_t want = 1ull << VIRTIO_NET_F_MAC, have;
	uint8_t status = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

	if (virtio_reset(vd))
		return -E_IO;
	ops->set_status(vd, VIRTIO_STATUS_ACKNOWLEDGE);
	ops->set_status(vd, status);
	have = ops->get_features(vd);
	if (!vd->legacy)
		want |= 1ull << VIRTIO_F_VERSION_1;
	if ((have & want) != want) {
		con_printf("virtio-net: device features %08lx%08lx lack MAC%s\n",
			   (unsigned long)(have >> 32), (unsigned long)have,
			   vd->legacy ? "" : " or VERSION_1");
		return -E_NOTSUP;
	}
	ops->set_features(vd, want);
	if (vd->legacy)
		return 0;
	status |= VIRTIO_STATUS_FEATURES_OK;
	ops->set_status(vd, status);
	if (!(ops->get_status(vd) & VIRTIO_STATUS_FEATURES_OK)) {
		con_printf("virtio-net: device refused our features (FEATURES_OK clear)\n");
		return -E_NOTSUP;
	}
	return 0;
}

static int start(struct virtio_net *vn, struct netdev *nd)
{
	struct virtio_dev *vd = &vn->vp.vd;
	int rc = negotiate(vd);

	if (rc)
		return rc;
	for (unsigned i = 0; i < ETH_ALEN; i++)
		nd->mac[i] = vd->ops->config_read8(vd, VIRTIO_NET_CFG_MAC + i);
	vn->hdr_len = vd->legacy ? NET_HDR_LEGACY : NET_HDR_MODERN;
	if (!vn->rx_buf) {
		vn->rx_buf = dma_alloc(RX_BUFS * RX_BUF_SIZE, 16);
		vn->tx_buf = dma_alloc(TX_BUFS * TX_BUF_SIZE, 16);
	}
	if (!vn->rx_buf || !vn->tx_buf) {
		con_printf("virtio-net: no memory for the buffers\n");
		return -E_NOMEM;
	}
	rc = vq_init(&vn->rx, vd, RXQ, QUEUE_MAX);
	if (!rc)
		rc = vq_init(&vn->tx, vd, TXQ, QUEUE_MAX);
	if (rc)
		return rc;
	vn->tx_busy = 0;
	if (vn->rx.size < 2 * RX_BUFS || vn->tx.size < 2 * TX_BUFS) {
		con_printf("virtio-net: queues of %u and %u entries are too small\n",
			   vn->rx.size, vn->tx.size);
		return -E_NOTSUP;
	}
	for (unsigned i = 0; i < RX_BUFS; i++)
		rx_post(vn, vn->rx_buf + i * RX_BUF_SIZE);
	vd->ops->set_status(vd, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			    (vd->legacy ? 0 : VIRTIO_STATUS_FEATURES_OK) |
			    VIRTIO_STATUS_DRIVER_OK);
	vq_kick(&vn->rx);
	return 0;
}

static int virtio_net_probe(struct pci_device *pci, struct netdev *nd)
{
	static struct virtio_net vn;
	int rc;

	/* Prefer the modern interface; only 1AF4:1000 has a legacy one. */
	rc = virtio_pci_modern_init(&vn.vp, pci);
	if (rc && pci->device == 0x1000)
		rc = virtio_pci_legacy_init(&vn.vp, pci);
	if (rc) {
		con_printf("virtio-net: no usable virtio PCI interface\n");
		return -E_NODEV;
	}
	rc = start(&vn, nd);
	if (rc) {
		vn.vp.vd.ops->set_status(&vn.vp.vd, VIRTIO_STATUS_FAILED);
		return rc;
	}
	nd->name = "virtio-net";
	nd->ops = &virtio_net_ops;
	nd->priv = &vn;
	nd->mtu = ETH_MTU;
	con_printf("virtio-net: %s transport, MAC %s, %u RX buffers, queues of %u and %u entries\n",
		   vn.vp.vd.transport, mac_text(nd->mac).s, RX_BUFS, vn.rx.size, vn.tx.size);
	return 0;
}

static const struct pci_id virtio_net_ids[] = {
	{ 0x1AF4, 0x1000, "transitional virtio-net" },
	{ 0x1AF4, 0x1041, "virtio-net 1.0" },
};

static const struct pci_driver virtio_net_driver = {
	.name = "virtio-net",
	.ids = virtio_net_ids,
	.id_count = ARRAY_SIZE(virtio_net_ids),
	.probe = virtio_net_probe,
};

PCI_DRIVER(virtio_net_driver);
