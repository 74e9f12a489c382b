/* ICMP echo reply (RFC 792, RFC 1122 §3.2.2.6). */
#include "net/icmp.h"
#include "net/ipv4.h"
#include "core/checksum.h"
#include "core/string.h"

#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define ICMP_HLEN 8

void icmp_receive(struct netdev *nd, uint32_t src, uint32_t dst,
		  const uint8_t *p, size_t len)
{
	if (len < ICMP_HLEN || checksum_finish(checksum_add(0, p, len)) != 0) {
		nd->stats.rx_bad_checksum++;
		return;
	}
	/* RFC 1122 §3.2.2.6: echo to a broadcast address may be ignored. */
	if (p[0] != ICMP_ECHO_REQUEST || dst != nd->ip.addr || !nd->ip.addr)
		return;
	if (len > ipv4_payload_max(nd))
		return;
	uint8_t *r = ipv4_payload(nd);
	memcpy(r, p, len);	/* same identifier, sequence and data */
	r[0] = ICMP_ECHO_REPLY;
	r[1] = 0;
	r[2] = r[3] = 0;
	uint16_t sum = checksum_finish(checksum_add(0, r, len));
	memcpy(r + 2, &sum, 2);
	ipv4_send(nd, src, IP_PROTO_ICMP, len);
}
