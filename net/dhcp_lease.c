/* Turning a BOOTP/DHCP reply into a struct dhcp_lease. */
#include "net/dhcp_lease.h"
#include "net/dhcp_options.h"
#include "net/bootp.h"
#include "net/ipv4.h"
#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"

/* The network mask a classful address implies (RFC 791 §2.3), used when a
 * BOOTP server sends no option 1, as RFC 1122 §3.3.1.1 allows. */
static uint32_t class_netmask(uint32_t ip)
{
	if (ip >> 31 == 0)
		return 0xff000000u;
	if (ip >> 30 == 2)
		return 0xffff0000u;
	return 0xffffff00u;
}

/* A fixed-size field as text, up to its first NUL. */
static void field_text(char *out, size_t max, const uint8_t *field, size_t len)
{
	size_t n = strnlen((const char *)field, len);

	if (n >= max)
		n = max - 1;
	memcpy(out, field, n);
	out[n] = '\0';
}

static void read_addresses(struct dhcp_lease *l, const struct dhcp_msg *m)
{
	uint8_t list[255];	/* one whole option: RFC 2132 §3.5 sets no limit */
	int n;

	if (!dhcp_option_uint(m, OPT_NETMASK, 4, &l->netmask))
		l->netmask = class_netmask(l->client_ip);
	if ((n = dhcp_option(m, OPT_ROUTER, list, sizeof(list))) >= 4)
		l->router = get_be32(list);
	if ((n = dhcp_option(m, OPT_DNS, list, sizeof(list))) >= 4) {
		l->dns[0] = get_be32(list);
		if (n >= 8)
			l->dns[1] = get_be32(list + 4);
	}
	dhcp_option_uint(m, OPT_SERVER_ID, 4, &l->server_id);
	dhcp_option_uint(m, OPT_LEASE_TIME, 4, &l->lease_secs);
	uint32_t mtu;
	/* RFC 2132 §5.1: the smallest legal MTU is 68. */
	if (dhcp_option_uint(m, OPT_MTU, 2, &mtu) && mtu >= 68)
		l->mtu = (uint16_t)mtu;
}

static void read_names(struct dhcp_lease *l, const struct dhcp_msg *m)
{
	char vendor[10];

	if (!(m->overload & OVERLOAD_SNAME))
		field_text(l->server_name, sizeof(l->server_name),
			   m->data + BOOTP_SNAME, BOOTP_SNAME_LEN);
	if (!(m->overload & OVERLOAD_FILE))
		field_text(l->bootfile, sizeof(l->bootfile),
			   m->data + BOOTP_FILE, BOOTP_FILE_LEN);
	if (!l->bootfile[0])
		dhcp_option_text(m, OPT_BOOTFILE, l->bootfile, sizeof(l->bootfile));
	dhcp_option_text(m, OPT_TFTP_SERVER, l->server_name, sizeof(l->server_name));
	dhcp_option_text(m, OPT_HOSTNAME, l->hostname, sizeof(l->hostname));
	dhcp_option_text(m, OPT_DOMAIN, l->domain, sizeof(l->domain));
	dhcp_option_text(m, OPT_ROOT_PATH, l->root_path, sizeof(l->root_path));
	/* PXE 2.1 §2.2.2: a proxyDHCP offer has no address and names itself
	 * "PXEClient" in option 60. */
	l->pxe_proxy = !l->client_ip &&
		       dhcp_option(m, OPT_VENDOR_CLASS, (uint8_t *)vendor, 9) == 9 &&
		       memcmp(vendor, "PXEClient", 9) == 0;
}

int dhcp_lease_parse(struct dhcp_lease *l, const uint8_t *data, size_t len,
		     const char **why)
{
	struct dhcp_msg m;
	uint32_t type;

	memset(l, 0, sizeof(*l) - sizeof(l->raw));
	if (len > DHCP_MSG_MAX) {
		*why = "longer than the 1472 bytes we asked for";
		return -E_BADPKT;
	}
	if (dhcp_msg_open(&m, data, len) < 0) {
		*why = len < BOOTP_FIXED_LEN ? "truncated header" :
		       "an option runs past the end of its field";
		return -E_BADPKT;
	}
	if (data[BOOTP_OP] != BOOTREPLY || data[BOOTP_HTYPE] != HTYPE_ETHERNET ||
	    data[BOOTP_HLEN] != 6) {
		*why = "not a BOOTREPLY for Ethernet";
		return -E_BADPKT;
	}
	if (dhcp_option_uint(&m, OPT_MSG_TYPE, 1, &type))
		l->type = (uint8_t)type;
	l->xid = get_be32(data + BOOTP_XID);
	l->client_ip = get_be32(data + BOOTP_YIADDR);
	l->relay = get_be32(data + BOOTP_GIADDR);
	read_addresses(l, &m);
	read_names(l, &m);
	l->next_server = get_be32(data + BOOTP_SIADDR);
	if (!l->next_server)
		ipv4_parse(l->server_name, &l->next_server);
	memcpy(l->raw, data, len);
	/* Images get the whole buffer: nothing of an earlier reply behind it. */
	memset(l->raw + len, 0, sizeof(l->raw) - len);
	l->raw_len = len;
	return 0;
}
