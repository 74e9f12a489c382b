/*
 * Taking over from the PXE ROM that chainloaded the body (pxe_chain.h).
 * The ROM's cached DHCP answers (PXENV_GET_CACHED_INFO) say which address
 * it had and which file it fetched, i.e. us; the boot sequence then asks
 * DHCP again with its own driver (or, in undi.pxe, through the ROM's
 * UNDI, which pxe_chain_keep() leaves loaded), and refuses a boot file of that same
 * name, which a server that cannot tell the two stages apart hands out
 * every time.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "net/dhcp_lease.h"
#include "net/ipv4.h"
#include "rom/pcbios/pxe.h"
#include "rom/pcbios/pxe_chain.h"

static struct dhcp_lease cached;
static struct dhcp_lease ack;		/* the PXE ROM's DHCPACK, if any */
static bool have_ack;
static char self_name[sizeof(cached.bootfile)];

static void describe(void)
{
	const volatile struct pxe_info *pi = pxe_info();

	con_printf("pxe: chainloaded by a PXE ROM; base memory %u KiB free at entry\n",
		   pi->base_kib);
	if (pi->bang_seg || pi->bang_off)
		con_printf("pxe: found !PXE at %04x:%04x\n", pi->bang_seg, pi->bang_off);
	if (pi->pxenv_seg || pi->pxenv_off)
		con_printf("pxe: found PXENV+ at %04x:%04x\n", pi->pxenv_seg, pi->pxenv_off);
	con_printf("pxe: API entry %04x:%04x (%s)\n", pi->entry_seg, pi->entry_off,
		   pi->api == PXE_API_BANG ? "!PXE" : "PXENV+");
}

/* The cached packet of one type, parsed into cached; false if none. */
static bool read_cached(uint16_t type)
{
	static uint8_t packet[DHCP_MSG_MAX];
	const char *why = "";
	int len = pxe_cached_packet(type, packet, sizeof(packet));

	if (len <= 0)
		return false;
	if (dhcp_lease_parse(&cached, packet, (size_t)len, &why) < 0) {
		con_printf("pxe: cached packet %u unusable: %s\n", type, why);
		return false;
	}
	return true;
}

static void remember_boot_file(void)
{
	if (read_cached(PXENV_PACKET_TYPE_DHCP_ACK)) {
		con_printf("pxe: the PXE ROM's DHCP answer: address %s, boot file %s\n",
			   ipv4_text(cached.client_ip).s,
			   cached.bootfile[0] ? cached.bootfile : "(none)");
		str_copy(self_name, cached.bootfile, sizeof(self_name));
		memcpy(&ack, &cached, sizeof(ack));
		have_ack = cached.client_ip != 0;
	}
	/* A proxyDHCP or boot server reply names the file when the ACK
	 * does not (PXE 2.1, the client's boot sequence). */
	if (read_cached(PXENV_PACKET_TYPE_CACHED_REPLY) && cached.bootfile[0] &&
	    strcmp(cached.bootfile, self_name) != 0) {
		con_printf("pxe: the PXE ROM's boot server reply names %s\n", cached.bootfile);
		str_copy(self_name, cached.bootfile, sizeof(self_name));
	}
}

void pxe_chain_take_over(void)
{
	if (!pxe_present())
		return;
	describe();
	remember_boot_file();
	if (pxe_unload() < 0) {
		con_printf("pxe: could not unload the PXE stack; its base memory stays reserved\n");
		return;
	}
	con_printf("pxe: PXE stack shut down and unloaded; probing the NIC with our own driver\n");
}

bool pxe_chain_keep(void)
{
	if (!pxe_present())
		return false;
	describe();
	remember_boot_file();
	con_printf("pxe: keeping the PXE stack; its UNDI drives the NIC\n");
	return true;
}

const char *pxe_chain_self_name(void)
{
	return pxe_present() && self_name[0] ? self_name : NULL;
}

const struct dhcp_lease *pxe_chain_dhcp_ack(void)
{
	return have_ack ? &ack : NULL;
}
