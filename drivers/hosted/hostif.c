/* Linux interface ioctls for the hosted NICs. */
#define _GNU_SOURCE
#include "drivers/hosted/hostif.h"
#include <net/if.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int ifreq_ioctl(const char *ifname, unsigned long req, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	strncpy(ifr->ifr_name, ifname, IFNAMSIZ - 1);
	int rc = ioctl(fd, req, ifr);
	close(fd);
	return rc;
}

int hostif_up(const char *ifname)
{
	struct ifreq ifr = { 0 };

	if (ifreq_ioctl(ifname, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	if (ifr.ifr_flags & IFF_UP)
		return 0;
	ifr.ifr_flags |= IFF_UP;
	return ifreq_ioctl(ifname, SIOCSIFFLAGS, &ifr);
}

int hostif_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr = { 0 };

	if (ifreq_ioctl(ifname, SIOCGIFHWADDR, &ifr) < 0)
		return -1;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

void hostif_wait_readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	poll(&p, 1, ms);
}
