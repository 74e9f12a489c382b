/* RFC 1071 Internet checksum, computed in memory order (see checksum.h). */
#include "core/checksum.h"

uint32_t checksum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t wide = sum;
	uint32_t w;

	/* RFC 1071 §2(B): the sum of 16-bit words as they lie in memory is
	 * byte-order independent when stored back the same way; §2(C): it may
	 * be formed from wider words and folded, so each 32-bit word (two
	 * 16-bit ones) goes into a 64-bit sum that cannot overflow here. */
	for (; len >= 4; p += 4, len -= 4) {
		__builtin_memcpy(&w, p, sizeof(w));
		wide += w;
	}
	if (len >= 2) {
		wide += (uint32_t)(p[0] | p[1] << 8);
		p += 2;
		len -= 2;
	}
	if (len)
		wide += p[0];
	while (wide >> 31)
		wide = (wide & 0xffff) + (wide >> 16);
	return (uint32_t)wide;
}

uint16_t checksum_finish(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
