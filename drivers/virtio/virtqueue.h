/*
 * Split virtqueues (virtio 1.1 §2.6), polled: the driver adds buffer
 * chains to the available ring, kicks, and later reaps them from the used
 * ring.  Notification suppression is not used; interrupts stay off.
 */
#ifndef DRIVERS_VIRTIO_VIRTQUEUE_H
#define DRIVERS_VIRTIO_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/compiler.h"
#include "drivers/virtio/virtio.h"

/* Descriptor (§2.6.5); flags below. */
struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

#define VRING_DESC_F_NEXT 1	/* next is valid */
#define VRING_DESC_F_WRITE 2	/* the device writes this buffer */

/* Available ring (§2.6.6): flags, idx, ring[size], used_event. */
struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

/* Used ring element and ring (§2.6.8): flags, idx, ring[size], avail_event. */
struct vring_used_elem {
	uint32_t id;		/* head of the chain */
	uint32_t len;		/* bytes the device wrote into it */
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
};

/* One segment of a chain. */
struct vq_seg {
	void *buf;
	uint32_t len;
	bool device_writes;
};

struct virtq {
	struct virtio_dev *vd;
	uint16_t index, size;
	volatile struct vring_desc *desc;
	volatile struct vring_avail *avail;
	volatile struct vring_used *used;
	void **token;		/* per chain head, given back by vq_get_used */
	uint16_t free_head, num_free;
	uint16_t avail_idx;	/* our copy of avail->idx, published by vq_kick */
	uint16_t last_used;	/* used->idx up to which we have reaped */
};

/* Set up queue index on vd with at most max_size entries (the device's
 * own size on a legacy transport) and enable it; 0 or a negative error
 * after saying why. */
int vq_init(struct virtq *vq, struct virtio_dev *vd, uint16_t index,
	    uint16_t max_size);

/* Put a chain of n segments on the available ring (not yet visible to the
 * device); -E_NOMEM when too few descriptors are free. */
int vq_add(struct virtq *vq, const struct vq_seg *seg, unsigned n, void *token);

/* Publish what vq_add put on the ring and notify the device. */
void vq_kick(struct virtq *vq);

/* The token of the next chain the device has finished, with the bytes it
 * wrote in *len, its descriptors freed; NULL when there is none yet. */
void *vq_get_used(struct virtq *vq, uint32_t *len);

#endif
