/*
 * The BOOTP/DHCP message (RFC 951 §3, RFC 2131 §2) and the option codes we
 * use (RFC 2132, RFC 4578 for PXE).  Offsets are into the UDP payload.
 */
#ifndef NET_BOOTP_H
#define NET_BOOTP_H

#define BOOTP_SERVER_PORT 67
#define BOOTP_CLIENT_PORT 68
#define PXE_PROXY_PORT 4011	/* PXE 2.1 §2.2.3: proxyDHCP on port 4011 */

#define BOOTP_OP 0
#define BOOTP_HTYPE 1
#define BOOTP_HLEN 2
#define BOOTP_XID 4
#define BOOTP_SECS 8
#define BOOTP_FLAGS 10
#define BOOTP_CIADDR 12
#define BOOTP_YIADDR 16
#define BOOTP_SIADDR 20
#define BOOTP_GIADDR 24
#define BOOTP_CHADDR 28
#define BOOTP_SNAME 44
#define BOOTP_SNAME_LEN 64
#define BOOTP_FILE 108
#define BOOTP_FILE_LEN 128
#define BOOTP_FIXED_LEN 236
#define BOOTP_COOKIE 236	/* RFC 2131 §3: 99.130.83.99 */
#define BOOTP_OPTIONS 240
/* RFC 951 §3 fixes the vendor area at 64 bytes, so a BOOTP message is at
 * least 300 bytes; RFC 1542 §2.1 asks clients to send no less. */
#define BOOTP_MIN_LEN 300

#define BOOTP_FLAG_BROADCAST 0x8000	/* RFC 2131 §2, figure 2 */

#define BOOTREQUEST 1
#define BOOTREPLY 2
#define HTYPE_ETHERNET 1

/* DHCP message types, option 53 (RFC 2132 §9.6); 0 stands for BOOTP. */
enum dhcp_type {
	DHCP_NONE = 0,
	DHCPDISCOVER = 1,
	DHCPOFFER = 2,
	DHCPREQUEST = 3,
	DHCPDECLINE = 4,
	DHCPACK = 5,
	DHCPNAK = 6,
};

enum dhcp_option {
	OPT_PAD = 0,
	OPT_NETMASK = 1,
	OPT_ROUTER = 3,
	OPT_DNS = 6,
	OPT_HOSTNAME = 12,
	OPT_DOMAIN = 15,
	OPT_ROOT_PATH = 17,
	OPT_MTU = 26,
	OPT_VENDOR = 43,
	OPT_REQUESTED_IP = 50,
	OPT_LEASE_TIME = 51,
	OPT_OVERLOAD = 52,
	OPT_MSG_TYPE = 53,
	OPT_SERVER_ID = 54,
	OPT_PARAM_LIST = 55,
	OPT_MAX_SIZE = 57,
	OPT_VENDOR_CLASS = 60,
	OPT_CLIENT_ID = 61,
	OPT_TFTP_SERVER = 66,
	OPT_BOOTFILE = 67,
	OPT_USER_CLASS = 77,	/* RFC 3004 */
	OPT_CLIENT_ARCH = 93,	/* RFC 4578 §2.1 */
	OPT_CLIENT_NDI = 94,	/* RFC 4578 §2.2 */
	OPT_CLIENT_UUID = 97,	/* RFC 4578 §2.3 */
	OPT_END = 255,
};

/* Option 52 values (RFC 2132 §9.3): which fixed fields carry options. */
#define OVERLOAD_FILE 1
#define OVERLOAD_SNAME 2

#endif
