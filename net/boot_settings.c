/* An image's settings applied to the configuration step (net/boot_settings.h). */
#include "net/boot_settings.h"
#include "net/dhcp_static.h"
#include "net/ipv4.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"

static bool has(const struct settings *s, enum settings_tag tag)
{
	return (s->present & SETTING_BIT(tag)) != 0;
}

void boot_settings_load(struct settings *s, const uint8_t *block, size_t len)
{
	int rc = settings_parse(block, len, s);

	if (rc < 0) {
		con_printf("settings: the image's settings block is damaged (%s); ignoring it\n",
			   error_text(rc));
		return;
	}
	if (!s->present)
		return;
	con_printf("settings: from the image:");
	if (has(s, SETTING_CLIENT_IP))
		con_printf(" address %s", ipv4_text(s->client_ip).s);
	if (has(s, SETTING_FILENAME))
		con_printf(" file %s", s->filename);
	if (has(s, SETTING_NEXT_SERVER))
		con_printf(" server %s", ipv4_text(s->next_server).s);
	if (has(s, SETTING_VENDOR_CLASS))
		con_printf(" vendor class \"%s\"", s->vendor_class);
	if (has(s, SETTING_DHCP_TIMEOUT))
		con_printf(" DHCP limit %u s", s->dhcp_timeout_s);
	if (has(s, SETTING_TFTP_TIMEOUT))
		con_printf(" TFTP limit %u s", s->tftp_timeout_s);
	if (has(s, SETTING_NO_CHAIN))
		con_printf(" never chain to %s", s->no_chain);
	if (has(s, SETTING_INITRD))
		con_printf(" initrd %s", s->initrd);
	if (has(s, SETTING_CMDLINE))
		con_printf(" command line \"%s\"", s->cmdline);
	con_printf("\n");
}

static int ask(struct netdev *nd, const struct settings *s, struct dhcp_settings *ds,
	       const struct dhcp_lease *earlier, struct dhcp_lease *lease)
{
	if (has(s, SETTING_CLIENT_IP)) {
		struct dhcp_static_config cfg = {
			.client_ip = s->client_ip, .netmask = s->netmask,
			.gateway = has(s, SETTING_GATEWAY) ? s->gateway : 0,
			.next_server = has(s, SETTING_NEXT_SERVER) ? s->next_server : 0,
			.bootfile = has(s, SETTING_FILENAME) ? s->filename : NULL,
		};

		return dhcp_static(nd, &cfg, lease);
	}
	if (earlier && has(s, SETTING_FILENAME)) {
		memcpy(lease, earlier, sizeof(*lease));
		con_printf("DHCP: not asked again; the PXE ROM's answer stands\n");
		dhcp_bind(nd, lease, 0);
		return 0;
	}
	if (has(s, SETTING_VENDOR_CLASS))
		ds->vendor_class = s->vendor_class;
	if (has(s, SETTING_DHCP_TIMEOUT))
		ds->give_up_ms = s->dhcp_timeout_s * 1000u;
	return dhcp_configure(nd, ds, lease);
}

int boot_settings_configure(struct netdev *nd, const struct settings *s,
			    struct dhcp_settings *ds, const struct dhcp_lease *earlier,
			    struct dhcp_lease *lease)
{
	int rc = ask(nd, s, ds, earlier, lease);

	if (rc < 0) {
		con_printf("boot: DHCP failed: %s\n", error_text(rc));
		return rc;
	}
	if (has(s, SETTING_FILENAME))
		memcpy(lease->bootfile, s->filename, strlen(s->filename) + 1);
	if (has(s, SETTING_NEXT_SERVER))
		lease->next_server = s->next_server;
	if (has(s, SETTING_FILENAME) || has(s, SETTING_NEXT_SERVER))
		con_printf("boot: the image's settings name %s on %s\n", lease->bootfile,
			   ipv4_text(lease->next_server).s);
	if (!dhcp_lease_names_boot(lease)) {
		con_printf("boot: the DHCP answer names no %s\n",
			   lease->bootfile[0] ? "TFTP server" : "boot file");
		return -E_NOTFOUND;
	}
	if (has(s, SETTING_NO_CHAIN) && !strcmp(lease->bootfile, s->no_chain)) {
		con_printf("boot: %s is the file this image must not chain to again "
			   "(settings); rename the second stage\n", lease->bootfile);
		return -E_BADIMAGE;
	}
	return 0;
}

void boot_settings_tftp(const struct settings *s, struct tftp_settings *ts)
{
	if (has(s, SETTING_TFTP_TIMEOUT))
		ts->give_up_ms = s->tftp_timeout_s * 1000u;
}
