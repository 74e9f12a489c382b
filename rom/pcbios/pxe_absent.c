/*
 * pxe_chain.h for bodies that no PXE ROM starts (the compressed option ROM
 * and floppy, bin/pcbios/e1000.lzrom and .lzdsk, whose size counts most):
 * there is never a PXE stack to take over, an answer it cached or a file it
 * fetched us as, so the PXE code (pxe.c, pxe_chain.c) stays out of them.
 */
#include <stddef.h>
#include "rom/pcbios/pxe_chain.h"

void pxe_chain_take_over(void)
{
}

const struct dhcp_lease *pxe_chain_dhcp_ack(void)
{
	return NULL;
}

const char *pxe_chain_self_name(void)
{
	return NULL;
}
