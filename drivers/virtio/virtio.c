/* What every virtio transport shares above struct virtio_ops. */
#include "drivers/virtio/virtio.h"
#include "core/clock.h"
#include "core/console.h"
#include "core/errors.h"

/* A reset completes within microseconds on QEMU; 100 ms is ample. */
#define RESET_TIMEOUT_MS 100

int virtio_reset(struct virtio_dev *vd)
{
	uint32_t deadline = deadline_in(RESET_TIMEOUT_MS);

	vd->ops->set_status(vd, 0);
	for (;;) {
		/* Sample the deadline first, so the last read comes after it. */
		bool late = deadline_passed(deadline);

		if (vd->ops->get_status(vd) == 0)
			return 0;
		if (late)
			break;
	}
	con_printf("virtio (%s): reset not done (status still not 0) after %u ms\n",
		   vd->transport, RESET_TIMEOUT_MS);
	return -E_TIMEOUT;
}
