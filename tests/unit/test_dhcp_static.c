/*
 * A lease from a static configuration (net/dhcp_static.c): the same lease
 * and reply DHCP would give, the address bound, bad configurations
 * refused before anything changes.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "net/bootp.h"
#include "net/dhcp_static.h"
#include "core/byteorder.h"
#include "core/errors.h"
#include <string.h>

static struct dhcp_lease lease;

TEST(static_configuration_makes_a_lease_and_a_reply)
{
	struct dhcp_static_config cfg = {
		.client_ip = 0x0a000105u, .netmask = 0xffffff00u, .gateway = 0x0a000101u,
		.next_server = 0x0a000102u, .bootfile = "kernel.nbi",
	};

	fake_reset();
	CHECK_EQ(dhcp_static(&fake_nd, &cfg, &lease), 0);
	CHECK_EQ(fake_nd.ip.addr, 0x0a000105u);
	CHECK_EQ(fake_nd.ip.netmask, 0xffffff00u);
	CHECK_EQ(fake_nd.ip.gateway, 0x0a000101u);
	CHECK_EQ(lease.type, DHCP_NONE);
	CHECK_EQ(lease.client_ip, 0x0a000105u);
	CHECK_EQ(lease.next_server, 0x0a000102u);
	CHECK(strcmp(lease.bootfile, "kernel.nbi") == 0);
	CHECK(dhcp_lease_names_boot(&lease));
	CHECK_EQ(lease.raw[BOOTP_OP], BOOTREPLY);
	CHECK_EQ(get_be32(lease.raw + BOOTP_YIADDR), 0x0a000105u);
	CHECK_EQ(get_be32(lease.raw + BOOTP_COOKIE), 0x63825363u);
	CHECK(memcmp(lease.raw + BOOTP_CHADDR, fake_nd.mac, 6) == 0);
	CHECK(fake_console_has("DHCP: not asked; static address from the image's settings"));
	CHECK(fake_console_has("DHCP: 10.0.1.5/24 gateway 10.0.1.1\n"));
	CHECK(fake_console_has("DHCP: boot file kernel.nbi on 10.0.1.2\n"));
}

TEST(static_configuration_without_gateway_or_file)
{
	struct dhcp_static_config cfg = { .client_ip = 0xc0a80007u, .netmask = 0xffff0000u };

	fake_reset();
	CHECK_EQ(dhcp_static(&fake_nd, &cfg, &lease), 0);
	CHECK_EQ(fake_nd.ip.gateway, 0);
	CHECK_EQ(lease.netmask, 0xffff0000u);
	CHECK(!dhcp_lease_names_boot(&lease));
}

TEST(static_configuration_refuses_bad_values)
{
	char long_name[BOOTP_FILE_LEN + 1];
	struct dhcp_static_config cfg = { .client_ip = 0x0a000105u, .netmask = 0xff00ff00u };

	fake_reset();
	CHECK_EQ(dhcp_static(&fake_nd, &cfg, &lease), -E_INVALID);
	cfg.netmask = 0;
	CHECK_EQ(dhcp_static(&fake_nd, &cfg, &lease), -E_INVALID);
	cfg.netmask = 0xffffff00u;
	cfg.client_ip = 0;
	CHECK_EQ(dhcp_static(&fake_nd, &cfg, &lease), -E_INVALID);
	cfg.client_ip = 0x0a000105u;
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = 0;
	cfg.bootfile = long_name;
	CHECK_EQ(dhcp_static(&fake_nd, &cfg, &lease), -E_INVALID);
	CHECK_EQ(fake_nd.ip.addr, 0);
	CHECK(fake_console_has("DHCP: the static configuration is incomplete or invalid"));
}
