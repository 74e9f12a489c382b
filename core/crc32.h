/* CRC-32 as Ethernet, zip and zlib compute it (reflected polynomial
 * 04C11DB7h, initial value and final XOR FFFFFFFFh): a check value for
 * downloads that a test can compare with Python's zlib.crc32. */
#ifndef CORE_CRC32_H
#define CORE_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continue crc (0 to start) over data; the result is the CRC so far. */
uint32_t crc32_update(uint32_t crc, const void *data, size_t len);

#endif
