/* The DHCP client's state machine: select an offer, request it, bind. */
#include "net/dhcp.h"
#include "net/bootp.h"
#include "net/ipv4.h"
#include "net/udp.h"
#include "core/clock.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/format.h"
#include "core/heap.h"
#include "core/random.h"
#include "core/string.h"

enum phase { SELECTING, REQUESTING };

struct session {
	struct netdev *nd;
	struct dhcp_identity id;
	struct udp_socket sock;
	uint32_t wait_ms;
	uint32_t xid;
	uint32_t started;
	uint32_t give_up_ms;	/* dhcp_settings.give_up_ms; 0 = none */
	bool gave_up;
	uint16_t secs;		/* as sent in the last DISCOVER */
	enum phase phase;
	bool have_offer, have_proxy, acked, naked;
	uint32_t offer_at;
	struct dhcp_lease reply;	/* the message being looked at */
	struct dhcp_lease offer;	/* the best address offer so far */
	struct dhcp_lease proxy;	/* a proxyDHCP offer */
	struct dhcp_lease *ack;		/* the caller's lease */
};

/* Whether the configured limit on the whole exchange has passed; says so
 * once. */
static bool out_of_time(struct session *s)
{
	if (!s->give_up_ms || ms_since(s->started) < s->give_up_ms)
		return false;
	if (!s->gave_up)
		con_printf("DHCP: no lease within the configured %u s\n",
			   (unsigned)(s->give_up_ms / 1000));
	s->gave_up = true;
	return true;
}

/* Receive what has arrived: 0, or -E_ABORTED or -E_TIMEOUT (the
 * configured limit) when it is time to stop. */
static int poll_once(struct session *s)
{
	net_poll(s->nd);
	if (platform_abort_requested())
		return -E_ABORTED;
	return out_of_time(s) ? -E_TIMEOUT : 0;
}

/* The gap before the next try, varied by up to ±1/8 (RFC 2131 §4.1). */
static uint32_t jittered(uint32_t ms)
{
	return ms - ms / 8 + random_below(ms / 4 + 1);
}

static void send_message(struct session *s, uint8_t type)
{
	/* RFC 2131 §4.4.1 table 5: a REQUEST repeats the DISCOVER's secs. */
	if (type != DHCPREQUEST)
		s->secs = (uint16_t)MIN(ms_since(s->started) / 1000, 0xffffu);
	struct dhcp_request req = {
		.type = type,
		.xid = s->xid,
		.secs = s->secs,
		.requested_ip = s->offer.client_ip,
		.server_id = s->offer.server_id,
	};
	uint8_t *buf = udp_payload(s->nd);
	size_t len = dhcp_request_build(buf, udp_payload_max(s->nd), &s->id, &req);

	/* Before we have an address everything is broadcast (RFC 2131 §4.1,
	 * §4.4.1 for a REQUEST in SELECTING). */
	udp_send(s->nd, &s->sock, IPV4_BROADCAST, BOOTP_SERVER_PORT, len);
}

/* Rank address offers: one that names a boot file beats one that does
 * not; DHCP beats BOOTP (a lease, not a guess at the netmask). */
static int rank(const struct dhcp_lease *l)
{
	return (dhcp_lease_names_boot(l) ? 2 : 0) + (l->type == DHCPOFFER ? 1 : 0);
}

static void consider_offer(struct session *s)
{
	struct dhcp_lease *r = &s->reply;

	if (r->type != DHCPOFFER && r->type != DHCP_NONE)
		return;
	if (r->pxe_proxy) {
		if (!s->have_proxy || (dhcp_lease_names_boot(r) &&
				       !dhcp_lease_names_boot(&s->proxy))) {
			memcpy(&s->proxy, r, sizeof(*r));
			s->have_proxy = true;
			con_printf("DHCP: proxyDHCP answer from %s\n",
				   ipv4_text(r->server_id).s);
		}
		return;
	}
	if (!r->client_ip)
		return;
	if (s->have_offer && rank(r) <= rank(&s->offer))
		return;
	con_printf("DHCP: %s of %s from %s%s\n",
		   r->type == DHCPOFFER ? "offer" : "BOOTP reply",
		   ipv4_text(r->client_ip).s,
		   ipv4_text(r->server_id ? r->server_id : r->next_server).s,
		   dhcp_lease_names_boot(r) ? "" : " (no boot file)");
	memcpy(&s->offer, r, sizeof(*r));
	if (!s->have_offer)
		s->offer_at = clock_ms();
	s->have_offer = true;
}

static void consider_ack(struct session *s)
{
	struct dhcp_lease *r = &s->reply;

	if (r->pxe_proxy || (s->offer.server_id && r->server_id != s->offer.server_id))
		return;
	if (r->type == DHCPACK && r->client_ip == s->offer.client_ip) {
		memcpy(s->ack, r, sizeof(*r));
		s->acked = true;
	} else if (r->type == DHCPNAK) {
		s->naked = true;
	}
}

static void on_reply(void *ctx, const struct udp_meta *from,
		     const uint8_t *data, size_t len)
{
	struct session *s = ctx;
	const char *why;

	if (from->src_port != BOOTP_SERVER_PORT && from->src_port != PXE_PROXY_PORT)
		return;
	if (dhcp_lease_parse(&s->reply, data, len, &why) < 0) {
		con_printf("DHCP: ignoring a bad reply from %s: %s\n",
			   ipv4_text(from->src_ip).s, why);
		return;
	}
	/* Not ours: another client's exchange on the same wire. */
	if (s->reply.xid != s->xid ||
	    memcmp(data + BOOTP_CHADDR, s->id.mac, 6) != 0)
		return;
	if (s->phase == SELECTING)
		consider_offer(s);
	else
		consider_ack(s);
}

static bool offer_complete(const struct session *s)
{
	if (!s->have_offer)
		return false;
	return dhcp_lease_names_boot(&s->offer) ||
	       (s->have_proxy && dhcp_lease_names_boot(&s->proxy)) ||
	       ms_since(s->offer_at) >= s->wait_ms;
}

static int select_offer(struct session *s)
{
	uint32_t gap = 1000, next = clock_ms();
	int sent = 0;

	s->phase = SELECTING;
	s->have_offer = s->have_proxy = false;
	s->xid = random_u32();
	for (;;) {
		if (offer_complete(s))
			return 0;
		if (deadline_passed(next)) {
			if (sent == DHCP_DISCOVER_TRIES) {
				if (s->have_offer)
					return 0;
				con_printf("DHCP: no offer after %d DISCOVERs (%u s)\n",
					   sent, DHCP_DISCOVER_LIMIT_S);
				return -E_TIMEOUT;
			}
			send_message(s, DHCPDISCOVER);
			if (sent)
				send_message(s, DHCP_NONE);
			sent++;
			next = deadline_in(jittered(gap));
			gap = MIN(gap * 2, (uint32_t)DHCP_BACKOFF_CAP_MS);
		}
		int rc = poll_once(s);
		if (rc == -E_TIMEOUT && s->have_offer)
			return 0;	/* out of time: take what we have */
		if (rc < 0)
			return rc;
	}
}

static int request_offer(struct session *s)
{
	uint32_t gap = 1000;
	struct ipv4_text server = ipv4_text(s->offer.server_id);

	s->phase = REQUESTING;
	s->acked = s->naked = false;
	con_printf("DHCP: requesting %s from %s\n", ipv4_text(s->offer.client_ip).s,
		   server.s);
	for (int sent = 0; sent < DHCP_REQUEST_TRIES; sent++) {
		send_message(s, DHCPREQUEST);
		uint32_t next = deadline_in(jittered(gap));
		gap *= 2;
		while (!deadline_passed(next)) {
			int rc = poll_once(s);
			if (s->acked)
				return 0;
			if (s->naked) {
				con_printf("DHCP: %s refused the request (NAK)\n",
					   server.s);
				return -E_REFUSED;
			}
			if (rc < 0)
				return rc;
		}
	}
	con_printf("DHCP: no ACK from %s after %d REQUESTs (%u s)\n",
		   server.s, DHCP_REQUEST_TRIES,
		   DHCP_REQUEST_LIMIT_S);
	return -E_TIMEOUT;
}

/* Where the ACK is silent on booting, the offer or a proxyDHCP may say. */
static void fill_boot(struct dhcp_lease *lease, const struct dhcp_lease *from)
{
	if (dhcp_lease_names_boot(lease) || !from->bootfile[0])
		return;
	memcpy(lease->bootfile, from->bootfile, sizeof(lease->bootfile));
	/* The file lives on the server that named it, not the one that gave
	 * the address. */
	if (from->next_server || from->server_id)
		lease->next_server = from->next_server ? from->next_server :
				     from->server_id;
}

static int prefix_length(uint32_t mask)
{
	int n = 0;

	while (mask & 0x80000000u) {
		n++;
		mask <<= 1;
	}
	return n;
}

void dhcp_bind(struct netdev *nd, const struct dhcp_lease *l, uint32_t ms)
{
	nd->ip.addr = l->client_ip;
	nd->ip.netmask = l->netmask;
	/* Without option 3, a relay agent (giaddr) is the way off the subnet. */
	nd->ip.gateway = l->router ? l->router : l->relay;
	if (l->mtu && l->mtu < nd->mtu && l->mtu >= 576)
		nd->mtu = l->mtu;
	con_printf("DHCP: %s/%d", ipv4_text(l->client_ip).s, prefix_length(l->netmask));
	if (nd->ip.gateway)
		con_printf(" gateway %s", ipv4_text(nd->ip.gateway).s);
	if (l->lease_secs)
		con_printf(" lease %u s", l->lease_secs);
	if (ms)		/* 0: not asked for (a static or earlier answer) */
		con_printf(" in %s s", secs_text(ms).s);
	con_printf("\n");
	if (l->bootfile[0])
		con_printf("DHCP: boot file %s on %s\n", l->bootfile,
			   ipv4_text(l->next_server).s);
}

int dhcp_configure(struct netdev *nd, const struct dhcp_settings *settings,
		   struct dhcp_lease *lease)
{
	struct session *s = heap_zalloc(sizeof(*s));
	int rc = -E_TIMEOUT;

	if (!s)
		return -E_NOMEM;
	s->nd = nd;
	s->ack = lease;
	s->started = clock_ms();
	s->wait_ms = settings->offer_wait_ms ? settings->offer_wait_ms : DHCP_OFFER_WAIT_MS;
	s->give_up_ms = settings->give_up_ms;
	memcpy(s->id.mac, nd->mac, 6);
	memcpy(s->id.uuid, settings->uuid, 16);
	s->id.arch = settings->arch;
	s->id.vendor_class = settings->vendor_class;
	s->id.max_msg = (uint16_t)MIN(nd->mtu - 28, DHCP_MSG_MAX);	/* 28: IP+UDP */
	if (udp_open(nd, &s->sock, BOOTP_CLIENT_PORT, on_reply, s) < 0) {
		heap_free(s);
		return -E_INVALID;
	}
	con_printf("DHCP: asking on %s\n", nd->name);
	for (int round = 0; round < DHCP_ROUNDS; round++) {
		rc = select_offer(s);
		if (rc < 0)
			break;
		if (s->offer.type == DHCP_NONE) {	/* BOOTP: no REQUEST */
			memcpy(lease, &s->offer, sizeof(*lease));
			break;
		}
		rc = request_offer(s);
		if (rc == 0) {
			fill_boot(lease, &s->offer);
			break;
		}
		if (rc == -E_ABORTED || s->gave_up)
			break;
	}
	udp_close(nd, &s->sock);
	if (rc == 0) {
		if (s->have_proxy)
			fill_boot(lease, &s->proxy);
		dhcp_bind(nd, lease, ms_since(s->started));
	}
	heap_free(s);
	return rc;
}
