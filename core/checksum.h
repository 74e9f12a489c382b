/* The Internet checksum (RFC 1071), as used by IPv4, ICMP and UDP. */
#ifndef CORE_CHECKSUM_H
#define CORE_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/* Add data to a running 32-bit one's-complement sum (start with 0).  Every
 * chunk but the last must have an even length. */
uint32_t checksum_add(uint32_t sum, const void *data, size_t len);

/* Fold a running sum and complement it: the value to put in a header, in
 * network byte order as stored by a plain 16-bit memory write.  A packet
 * whose checksum field is included verifies when this returns 0. */
uint16_t checksum_finish(uint32_t sum);

#endif
