/* RFC 1071 Internet checksum, computed in memory order (see checksum.h). */
#include "core/checksum.h"

uint32_t checksum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	/* Sum 16-bit words as they lie in memory; RFC 1071 §2(B) shows the
	 * result is byte-order independent when stored back the same way. */
	while (len >= 2) {
		sum += (uint32_t)(p[0] | p[1] << 8);
		p += 2;
		len -= 2;
		if (sum & 0x80000000u)
			sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len)
		sum += p[0];
	return sum;
}

uint16_t checksum_finish(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
