/* Start-up of the hosted platform (rom/hosted/platform.c). */
#ifndef ROM_HOSTED_HOSTED_H
#define ROM_HOSTED_HOSTED_H

/* Route Ctrl-C and SIGTERM to platform_abort_requested(). */
void platform_hosted_init(void);

#endif
