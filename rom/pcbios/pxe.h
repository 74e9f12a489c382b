/*
 * The PXE API of the ROM that chainloaded the body (rom/pcbios/pxe_prefix.asm),
 * after PXE Specification 2.1: the information block the prefix leaves, the
 * opcodes and parameter blocks this firmware uses, and the calls.
 */
#ifndef ROM_PCBIOS_PXE_H
#define ROM_PCBIOS_PXE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The PXE information block (layout: pxe_prefix.asm, PXE_INFO_*). */
#define PXE_INFO_ADDR 0x0600u
#define PXE_INFO_MAGIC 0x424E5850u	/* "PXNB" */

enum pxe_api {
	PXE_API_BANG = 1,	/* !PXE: opcode, far pointer on the stack */
	PXE_API_PXENV = 2,	/* PXENV+: BX = opcode, ES:DI = parameters */
};

struct pxe_info {
	uint32_t magic;
	uint16_t bang_off, bang_seg;
	uint16_t pxenv_off, pxenv_seg;
	uint16_t entry_off, entry_seg;
	uint16_t api;
	uint16_t caller_sp, caller_ss;
	uint16_t base_kib;
};

_Static_assert(offsetof(struct pxe_info, bang_off) == 4, "PXE_INFO_BANG");
_Static_assert(offsetof(struct pxe_info, pxenv_off) == 8, "PXE_INFO_PXENV");
_Static_assert(offsetof(struct pxe_info, entry_off) == 12, "PXE_INFO_ENTRY");
_Static_assert(offsetof(struct pxe_info, api) == 16, "PXE_INFO_API");
_Static_assert(offsetof(struct pxe_info, caller_sp) == 18, "PXE_INFO_SP");
_Static_assert(offsetof(struct pxe_info, base_kib) == 22, "PXE_INFO_KIB");
_Static_assert(sizeof(struct pxe_info) == 24, "PXE_INFO_SIZE");

/* Opcodes (PXE 2.1, the API's opcode table; UNDI_SHUTDOWN in the UNDI
 * API, STOP_UNDI, UNLOAD_STACK, GET_CACHED_INFO and STOP_BASE in the
 * preboot API). */
#define PXENV_UNDI_SHUTDOWN 0x0005
#define PXENV_STOP_UNDI 0x0015
#define PXENV_UNLOAD_STACK 0x0070
#define PXENV_GET_CACHED_INFO 0x0071
#define PXENV_STOP_BASE 0x0076

/* Every parameter block starts with the 16-bit status; AX comes back as
 * PXENV_EXIT_SUCCESS (0) or PXENV_EXIT_FAILURE (1). */
#define PXENV_EXIT_SUCCESS 0

/* PXENV_GET_CACHED_INFO's PacketType. */
#define PXENV_PACKET_TYPE_DHCP_DISCOVER 1
#define PXENV_PACKET_TYPE_DHCP_ACK 2
#define PXENV_PACKET_TYPE_CACHED_REPLY 3	/* proxyDHCP or boot server reply */

/* True when a PXE prefix started the body and left a valid block. */
bool pxe_present(void);

/* The block itself (pxe_present() must be true). */
const volatile struct pxe_info *pxe_info(void);

/* The low buffer (below 1 MiB) for the data of the calls in progress,
 * after the parameter block that pxe_call() copies: *room bytes, about
 * 2.9 KiB.  One user at a time: GET_CACHED_INFO's packet while the body
 * takes over, then the UNDI driver's transmit descriptor and frame
 * (drivers/net/undi.c). */
uint8_t *pxe_low_data(size_t *room);

/* Call the PXE API with opcode and the len-byte parameter block params,
 * which is copied below 1 MiB and back.  0, or -E_IO after saying which
 * call failed and with what status; -E_INVALID without a PXE stack, or
 * after pxe_unload(). */
int pxe_call(uint16_t opcode, void *params, size_t len);

/* The PXE ROM's cached DHCP packet of the given type into buf; its length,
 * or a negative error. */
int pxe_cached_packet(uint16_t type, uint8_t *buf, size_t cap);

static inline int pxe_cached_dhcp_ack(uint8_t *buf, size_t cap)
{
	return pxe_cached_packet(PXENV_PACKET_TYPE_DHCP_ACK, buf, cap);
}

/* Shut the NIC down and unload the PXE stack, UNDI included, so that a
 * driver of our own can take the NIC; 0, or the first call's error. */
int pxe_unload(void);

#endif
