/*
 * An image's settings block applied to the configuration step
 * (net/boot_settings.c), on the static path, which needs no server: the
 * lease and the NIC's address come from the block, its file and server
 * win, the no-chain guard refuses, a damaged block is ignored with a
 * message.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fakes.h"
#include "net/boot_settings.h"
#include "core/byteorder.h"
#include "core/errors.h"
#include <string.h>

static uint8_t block[SETTINGS_BLOCK_SIZE];
static struct settings s;
static struct dhcp_lease lease;

static void set_ip(enum settings_tag tag, uint32_t ip)
{
	uint8_t v[4];

	put_be32(v, ip);
	CHECK_EQ(settings_set(block, tag, v, 4), 0);
}

static void static_block(const char *file, const char *no_chain)
{
	settings_init(block);
	set_ip(SETTING_CLIENT_IP, 0x0a000105u);
	set_ip(SETTING_NETMASK, 0xffffff00u);
	set_ip(SETTING_NEXT_SERVER, 0x0a000102u);
	CHECK_EQ(settings_set(block, SETTING_FILENAME, file, strlen(file)), 0);
	if (no_chain)
		CHECK_EQ(settings_set(block, SETTING_NO_CHAIN, no_chain, strlen(no_chain)), 0);
	settings_finish(block);
}

static int configure(void)
{
	struct dhcp_settings ds = { 0 };

	memset(&lease, 0, sizeof(lease));
	return boot_settings_configure(&fake_nd, &s, &ds, NULL, &lease);
}

TEST(static_settings_configure_without_dhcp)
{
	fake_reset();
	static_block("kernel.nbi", NULL);
	boot_settings_load(&s, block, sizeof(block));
	CHECK(fake_console_has("settings: from the image: address 10.0.1.5 file kernel.nbi server 10.0.1.2"));
	CHECK_EQ(configure(), 0);
	CHECK_EQ(fake_tx_count(), 0);
	CHECK_EQ(fake_nd.ip.addr, 0x0a000105u);
	CHECK(strcmp(lease.bootfile, "kernel.nbi") == 0);
	CHECK_EQ(lease.next_server, 0x0a000102u);
	CHECK(fake_console_has("boot: the image's settings name kernel.nbi on 10.0.1.2"));
}

TEST(no_chain_guard_refuses_the_named_file)
{
	fake_reset();
	static_block("e1000.pxe", "e1000.pxe");
	boot_settings_load(&s, block, sizeof(block));
	CHECK_EQ(configure(), -E_BADIMAGE);
	CHECK(fake_console_has("boot: e1000.pxe is the file this image must not chain to again"));
}

TEST(damaged_block_is_ignored_with_a_message)
{
	fake_reset();
	static_block("kernel.nbi", NULL);
	block[SETTINGS_HEADER_SIZE + 3] ^= 1;
	boot_settings_load(&s, block, sizeof(block));
	CHECK_EQ(s.present, 0);
	CHECK(fake_console_has("settings: the image's settings block is damaged"));
}

TEST(empty_block_says_nothing_and_sets_nothing)
{
	struct tftp_settings ts = { 0 };

	fake_reset();
	settings_init(block);
	settings_finish(block);
	boot_settings_load(&s, block, sizeof(block));
	CHECK_EQ(s.present, 0);
	CHECK(!fake_console_has("settings:"));
	boot_settings_tftp(&s, &ts);
	CHECK_EQ(ts.give_up_ms, 0);
}

/* An earlier answer (a PXE ROM's) is used when the settings name the file,
 * with no DHCP message sent. */
TEST(earlier_answer_stands_when_the_settings_name_the_file)
{
	struct dhcp_settings ds = { 0 };
	struct dhcp_lease earlier = {
		.client_ip = 0x0a000109u, .netmask = 0xffffff00u, .router = 0x0a000101u,
		.next_server = 0x0a000102u, .bootfile = "e1000.pxe",
	};

	fake_reset();
	settings_init(block);
	CHECK_EQ(settings_set(block, SETTING_FILENAME, "kernel.nbi", 10), 0);
	settings_finish(block);
	boot_settings_load(&s, block, sizeof(block));
	memset(&lease, 0, sizeof(lease));
	CHECK_EQ(boot_settings_configure(&fake_nd, &s, &ds, &earlier, &lease), 0);
	CHECK_EQ(fake_tx_count(), 0);
	CHECK_EQ(fake_nd.ip.addr, 0x0a000109u);
	CHECK_EQ(fake_nd.ip.gateway, 0x0a000101u);
	CHECK(strcmp(lease.bootfile, "kernel.nbi") == 0);
	CHECK_EQ(lease.next_server, 0x0a000102u);
	CHECK(fake_console_has("DHCP: not asked again; the PXE ROM's answer stands"));
}
