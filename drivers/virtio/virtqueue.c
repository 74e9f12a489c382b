/*
 * Split virtqueues (virtio 1.1 §2.6).  Ring fields are little-endian for a
 * VERSION_1 device and guest-endian for a legacy one (§2.4.3); both of our
 * targets (x86, arm64) are little-endian, so they are stored as they are.
 *
 * Layout: a legacy device takes one physically contiguous area, the
 * descriptor table and available ring from its start and the used ring at
 * the next 4096-byte boundary (§2.6.2, "Legacy Interfaces: A Note on
 * Virtqueue Layout").  A modern device takes the three parts anywhere,
 * aligned to 16, 2 and 4 bytes (§2.6, "Alignment" table).
 */
#include "core/console.h"
#include "core/errors.h"
#include "drivers/io.h"
#include "drivers/virtio/virtqueue.h"

#define LEGACY_ALIGN 4096	/* §2.6.2: QUEUE_ALIGN of the legacy layout */
#define DESC_ALIGN 16		/* §2.6 alignment table */
#define AVAIL_ALIGN 2
#define USED_ALIGN 4
#define MODERN_MAX_SIZE 256	/* our cap; each queue's size must be a power of 2 (§2.6) */

/* The full barrier the spec asks for between ring writes and the index or
 * notification that publishes them, and between reading used->idx and
 * reading the entries it covers (§2.6.13.3, §2.6.13.6, §2.6.14). */
static void vq_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static size_t desc_bytes(uint16_t size)
{
	return sizeof(struct vring_desc) * size;
}

/* flags, idx, ring[size], used_event (§2.6.6). */
static size_t avail_bytes(uint16_t size)
{
	return sizeof(uint16_t) * (3u + size);
}

/* flags, idx, ring[size], avail_event (§2.6.8). */
static size_t used_bytes(uint16_t size)
{
	return sizeof(uint16_t) * 3u + sizeof(struct vring_used_elem) * size;
}

static size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) & ~(a - 1);
}

static int alloc_rings(struct virtq *vq)
{
	uint16_t n = vq->size;

	if (vq->vd->legacy) {
		size_t used_off = align_up(desc_bytes(n) + avail_bytes(n), LEGACY_ALIGN);
		uint8_t *area = dma_alloc(used_off + used_bytes(n), LEGACY_ALIGN);

		if (!area)
			return -E_NOMEM;
		vq->desc = (void *)area;
		vq->avail = (void *)(area + desc_bytes(n));
		vq->used = (void *)(area + used_off);
	} else {
		vq->desc = dma_alloc(desc_bytes(n), DESC_ALIGN);
		vq->avail = dma_alloc(avail_bytes(n), AVAIL_ALIGN);
		vq->used = dma_alloc(used_bytes(n), USED_ALIGN);
		if (!vq->desc || !vq->avail || !vq->used)
			return -E_NOMEM;
	}
	vq->token = dma_alloc(sizeof(void *) * n, sizeof(void *));
	return vq->token ? 0 : -E_NOMEM;
}

int vq_init(struct virtq *vq, struct virtio_dev *vd, uint16_t index,
	    uint16_t max_size)
{
	uint16_t size = vd->ops->queue_max(vd, index);
	int rc;

	if (size == 0 || (size & (size - 1))) {
		con_printf("virtio: queue %u has size %u, not a power of 2\n", index, size);
		return -E_NODEV;
	}
	/* A legacy device's queue size is fixed (§4.1.4.8, Queue Size is
	 * read-only); a modern one accepts any smaller power of 2 (§4.1.4.3). */
	if (!vd->legacy) {
		if (max_size > MODERN_MAX_SIZE)
			max_size = MODERN_MAX_SIZE;
		while (size > max_size)
			size /= 2;
	}
	*vq = (struct virtq){ .vd = vd, .index = index, .size = size };
	rc = alloc_rings(vq);
	if (rc) {
		con_printf("virtio: no memory for queue %u (%u entries)\n", index, size);
		return rc;
	}
	for (uint16_t i = 0; i < size; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	vq->num_free = size;
	dma_sync_for_device((const void *)vq->desc, desc_bytes(size));
	dma_sync_for_device((const void *)vq->avail, avail_bytes(size));
	dma_sync_for_device((const void *)vq->used, used_bytes(size));
	return vd->ops->queue_enable(vd, index, size, dma_bus_addr((const void *)vq->desc),
				     dma_bus_addr((const void *)vq->avail),
				     dma_bus_addr((const void *)vq->used));
}

int vq_add(struct virtq *vq, const struct vq_seg *seg, unsigned n, void *token)
{
	uint16_t head = vq->free_head, i = head, last = head;

	if (n == 0 || n > vq->num_free)
		return -E_NOMEM;
	for (unsigned k = 0; k < n; k++) {
		volatile struct vring_desc *d = &vq->desc[i];

		dma_sync_for_device(seg[k].buf, seg[k].len);
		d->addr = dma_bus_addr(seg[k].buf);
		d->len = seg[k].len;
		d->flags = (uint16_t)((seg[k].device_writes ? VRING_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VRING_DESC_F_NEXT : 0));
		last = i;
		i = d->next;
	}
	dma_sync_for_device((const void *)vq->desc, desc_bytes(vq->size));
	vq->free_head = vq->desc[last].next;
	vq->num_free = (uint16_t)(vq->num_free - n);
	vq->token[head] = token;
	/* The ring entry goes in now; avail->idx publishes it in vq_kick
	 * (§2.6.13.2). */
	vq->avail->ring[vq->avail_idx % vq->size] = head;
	vq->avail_idx++;
	return 0;
}

void vq_kick(struct virtq *vq)
{
	vq_mb();
	vq->avail->idx = vq->avail_idx;
	dma_sync_for_device((const void *)vq->avail, avail_bytes(vq->size));
	vq_mb();
	vq->vd->ops->notify(vq->vd, vq->index);
}

void *vq_get_used(struct virtq *vq, uint32_t *len)
{
	volatile struct vring_used_elem *e;
	uint16_t head, i, n = 1;
	void *token;

	dma_sync_for_cpu((const void *)vq->used, used_bytes(vq->size));
	if (vq->used->idx == vq->last_used)
		return NULL;
	vq_mb();
	e = &vq->used->ring[vq->last_used % vq->size];
	head = (uint16_t)e->id;
	*len = e->len;
	vq->last_used++;
	if (head >= vq->size || !vq->token[head]) {
		con_printf("virtio: queue %u: device returned descriptor %u, not a chain we gave it\n",
			   vq->index, head);
		return NULL;
	}
	for (i = head; vq->desc[i].flags & VRING_DESC_F_NEXT; i = vq->desc[i].next)
		n++;
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->num_free = (uint16_t)(vq->num_free + n);
	token = vq->token[head];
	vq->token[head] = NULL;
	return token;
}
