/* Interface helpers shared by the hosted NICs (Linux ioctls). */
#ifndef DRIVERS_HOSTED_HOSTIF_H
#define DRIVERS_HOSTED_HOSTIF_H

#include <stdint.h>

/* Bring ifname up; 0 or -1 with errno. */
int hostif_up(const char *ifname);
/* Read ifname's MAC address; 0 or -1 with errno. */
int hostif_mac(const char *ifname, uint8_t mac[6]);
/* Wait up to ms for fd to become readable; used so an idle poll does not
 * spin a host CPU at 100 %. */
void hostif_wait_readable(int fd, int ms);

#endif
