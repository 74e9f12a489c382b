/* A lease from a configuration given in advance (net/dhcp_static.h). */
#include "net/dhcp_static.h"
#include "net/bootp.h"
#include "net/dhcp.h"
#include "core/byteorder.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"

static bool contiguous(uint32_t mask)
{
	return mask && (~mask & (~mask + 1)) == 0;
}

/* The reply a BOOTP server would have sent (RFC 951 §3, RFC 2131 §3 for
 * the cookie): yiaddr, siaddr, file, and options 1 and 3 (RFC 2132 §3.3,
 * §3.5). */
static size_t build_reply(uint8_t *m, const uint8_t mac[ETH_ALEN],
			  const struct dhcp_static_config *cfg)
{
	uint8_t *o = m + BOOTP_OPTIONS;

	memset(m, 0, BOOTP_MIN_LEN);
	m[BOOTP_OP] = BOOTREPLY;
	m[BOOTP_HTYPE] = HTYPE_ETHERNET;
	m[BOOTP_HLEN] = ETH_ALEN;
	put_be32(m + BOOTP_YIADDR, cfg->client_ip);
	put_be32(m + BOOTP_SIADDR, cfg->next_server);
	memcpy(m + BOOTP_CHADDR, mac, ETH_ALEN);
	if (cfg->bootfile)
		memcpy(m + BOOTP_FILE, cfg->bootfile, strlen(cfg->bootfile));
	put_be32(m + BOOTP_COOKIE, 0x63825363u);
	*o++ = OPT_NETMASK;
	*o++ = 4;
	put_be32(o, cfg->netmask);
	o += 4;
	if (cfg->gateway) {
		*o++ = OPT_ROUTER;
		*o++ = 4;
		put_be32(o, cfg->gateway);
		o += 4;
	}
	*o = OPT_END;
	return BOOTP_MIN_LEN;
}

int dhcp_static(struct netdev *nd, const struct dhcp_static_config *cfg,
		struct dhcp_lease *lease)
{
	uint8_t reply[BOOTP_MIN_LEN];
	const char *why;

	/* build_reply() relies on the checks before it; the reply it makes
	 * parses, and dhcp_lease_parse() fills *lease from it. */
	if (!cfg->client_ip || !contiguous(cfg->netmask) ||
	    (cfg->bootfile && strlen(cfg->bootfile) >= BOOTP_FILE_LEN) ||
	    dhcp_lease_parse(lease, reply, build_reply(reply, nd->mac, cfg), &why) < 0) {
		con_printf("DHCP: the static configuration is incomplete or invalid\n");
		return -E_INVALID;
	}
	con_printf("DHCP: not asked; static address from the image's settings\n");
	dhcp_bind(nd, lease, 0);
	return 0;
}
