/* DHCPDISCOVER, DHCPREQUEST and plain BOOTREQUEST messages (RFC 951,
 * RFC 2131 §4.4.1 table 5, RFC 4578 for the PXE options). */
#include "net/dhcp_request.h"
#include "net/bootp.h"
#include "core/byteorder.h"
#include "core/format.h"
#include "core/string.h"

/* What we ask servers to send (option 55, RFC 2132 §9.8). */
static const uint8_t wanted[] = {
	OPT_NETMASK, OPT_ROUTER, OPT_DNS, OPT_HOSTNAME, OPT_DOMAIN,
	OPT_ROOT_PATH, OPT_MTU, OPT_VENDOR, OPT_LEASE_TIME, OPT_SERVER_ID,
	OPT_VENDOR_CLASS, OPT_TFTP_SERVER, OPT_BOOTFILE,
};

struct writer {
	uint8_t *p;
	size_t len, max;
	bool full;
};

static void put_option(struct writer *w, uint8_t code, const void *val, size_t len)
{
	if (w->full || len > 255 || w->len + 2 + len + 1 > w->max) {
		w->full = true;		/* +1 keeps room for OPT_END */
		return;
	}
	w->p[w->len] = code;
	w->p[w->len + 1] = (uint8_t)len;
	memcpy(w->p + w->len + 2, val, len);
	w->len += 2 + len;
}

static void put_be(struct writer *w, uint8_t code, uint32_t v, size_t size)
{
	uint8_t b[4];

	put_be32(b, v);
	put_option(w, code, b + 4 - size, size);
}

static void put_identity(struct writer *w, const struct dhcp_identity *id)
{
	char vendor[40];
	uint8_t client_id[7] = { HTYPE_ETHERNET };
	/* RFC 4578 §2.2: network interface type 1 (UNDI), version 2.1. */
	static const uint8_t ndi[3] = { 1, 2, 1 };
	uint8_t uuid[17] = { 0 };	/* RFC 4578 §2.3: type 0, then 16 */

	put_be(w, OPT_MAX_SIZE, id->max_msg, 2);
	memcpy(client_id + 1, id->mac, 6);
	put_option(w, OPT_CLIENT_ID, client_id, sizeof(client_id));
	put_option(w, OPT_PARAM_LIST, wanted, sizeof(wanted));
	/* PXE 2.1 §2.2.1: "PXEClient:Arch:xxxxx:UNDI:yyyzzz", UNDI 2.1. */
	const char *vc = id->vendor_class;
	if (!vc) {
		format_buf(vendor, sizeof(vendor), "PXEClient:Arch:%05u:UNDI:002001",
			   (unsigned)id->arch);
		vc = vendor;
	}
	put_option(w, OPT_VENDOR_CLASS, vc, strlen(vc));
	put_option(w, OPT_USER_CLASS, DHCP_USER_CLASS, sizeof(DHCP_USER_CLASS) - 1);
	put_be(w, OPT_CLIENT_ARCH, id->arch, 2);
	put_option(w, OPT_CLIENT_NDI, ndi, sizeof(ndi));
	memcpy(uuid + 1, id->uuid, 16);
	put_option(w, OPT_CLIENT_UUID, uuid, sizeof(uuid));
}

size_t dhcp_request_build(uint8_t *buf, size_t max,
			  const struct dhcp_identity *id,
			  const struct dhcp_request *req)
{
	static const uint8_t cookie[4] = { 99, 130, 83, 99 };

	if (max < BOOTP_MIN_LEN)
		return 0;
	memset(buf, 0, BOOTP_MIN_LEN);
	buf[BOOTP_OP] = BOOTREQUEST;
	buf[BOOTP_HTYPE] = HTYPE_ETHERNET;
	buf[BOOTP_HLEN] = 6;
	put_be32(buf + BOOTP_XID, req->xid);
	put_be16(buf + BOOTP_SECS, req->secs);
	/* RFC 2131 §4.1: ask for broadcast replies.  We could take unicast,
	 * but some servers then ARP for the address they are offering, which
	 * nobody can answer yet, and the offer never arrives. */
	put_be16(buf + BOOTP_FLAGS, BOOTP_FLAG_BROADCAST);
	memcpy(buf + BOOTP_CHADDR, id->mac, 6);
	memcpy(buf + BOOTP_COOKIE, cookie, 4);

	struct writer w = { buf + BOOTP_OPTIONS, 0, max - BOOTP_OPTIONS, false };
	if (req->type)
		put_be(&w, OPT_MSG_TYPE, req->type, 1);
	if (req->type == DHCPREQUEST) {
		put_be(&w, OPT_REQUESTED_IP, req->requested_ip, 4);
		put_be(&w, OPT_SERVER_ID, req->server_id, 4);
	}
	put_identity(&w, id);
	if (w.full)
		return 0;
	w.p[w.len++] = OPT_END;
	/* Short options end in the zeroed minimum-length part. */
	return MAX(BOOTP_OPTIONS + w.len, (size_t)BOOTP_MIN_LEN);
}
