/*
 * Calling the PXE API of the ROM that chainloaded the body (PXE
 * Specification 2.1, "PXE API Service": the calling conventions).  Real
 * mode cannot reach the moved body, so each parameter block goes through
 * the low scratch area (body.ld): the block in its first PARAMS_MAX bytes,
 * and after it the data buffer of pxe_low_data() (pxe.h).
 *
 * !PXE (2.1): a far call to EntryPointSP with, above the return address,
 * the opcode, then the parameter block's offset and segment; the caller
 * removes them (real_call abandons its real-mode stack anyway).
 * PXENV+ (before 2.1): a far call to RMEntry with BX = opcode and ES:DI =
 * the parameter block.  Either returns AX = PXENV_EXIT_SUCCESS or
 * PXENV_EXIT_FAILURE, with the status in the block's first word.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/string.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/pxe.h"

/* Room for a parameter block: PXENV_UNDI_OPEN's, 136 bytes, is the largest
 * this firmware passes; a multiple of 16, so the data buffer after it
 * starts at offset 0 of its segment. */
#define PARAMS_MAX 144

static bool unloaded;

/* The block lies below 4 KiB, where GCC takes a constant address for a
 * null pointer plus an offset; the empty asm hides where it came from. */
const volatile struct pxe_info *pxe_info(void)
{
	const volatile struct pxe_info *p;

	__asm__("" : "=r"(p) : "0"((uintptr_t)PXE_INFO_ADDR));
	return p;
}

bool pxe_present(void)
{
	return pxe_info()->magic == PXE_INFO_MAGIC;
}

uint8_t *pxe_low_data(size_t *room)
{
	*room = (size_t)(__low_scratch_end - __low_scratch) - PARAMS_MAX;
	return (uint8_t *)__low_scratch + PARAMS_MAX;
}

int pxe_call(uint16_t opcode, void *params, size_t len)
{
	const volatile struct pxe_info *pi = pxe_info();
	uint8_t *low = (uint8_t *)__low_scratch;
	struct real_call c = { .regs = { 0 } };
	uint16_t status;

	if (!pxe_present() || unloaded || len < 2 || len > PARAMS_MAX)
		return -E_INVALID;
	memcpy(low, params, len);
	c.target = (uint32_t)pi->entry_seg << 16 | pi->entry_off;
	if (pi->api == PXE_API_BANG) {
		c.stack[0] = opcode;
		c.stack[1] = bios_off(low);
		c.stack[2] = bios_seg(low);
		c.stack_words = 3;
	} else {
		c.regs.ebx = opcode;
		c.regs.es = bios_seg(low);
		c.regs.edi = bios_off(low);
	}
	real_call(&c);
	memcpy(params, low, len);
	status = (uint16_t)(low[0] | low[1] << 8);
	if ((uint16_t)c.regs.eax != PXENV_EXIT_SUCCESS || status) {
		con_printf("pxe: call %04xh failed: exit %u, status %04xh\n", opcode,
			   (unsigned)(uint16_t)c.regs.eax, status);
		return -E_IO;
	}
	return 0;
}

/* PXE 2.1, PXENV_GET_CACHED_INFO: Buffer is SEGOFF16 (offset first). */
struct get_cached_info {
	uint16_t status;
	uint16_t packet_type;
	uint16_t buffer_size;
	uint16_t buffer_off, buffer_seg;
	uint16_t buffer_limit;
} __attribute__((packed));

int pxe_cached_packet(uint16_t type, uint8_t *buf, size_t cap)
{
	size_t room;
	uint8_t *data = pxe_low_data(&room);
	struct get_cached_info p = { .packet_type = type };
	int rc;

	if (cap < room)
		room = cap;
	p.buffer_size = (uint16_t)room;
	p.buffer_limit = (uint16_t)room;
	p.buffer_off = bios_off(data);
	p.buffer_seg = bios_seg(data);
	rc = pxe_call(PXENV_GET_CACHED_INFO, &p, sizeof(p));
	if (rc < 0)
		return rc;
	if (p.buffer_size > room)
		return -E_TOOBIG;
	memcpy(buf, data, p.buffer_size);
	return p.buffer_size;
}

/*
 * PXE 2.1 on PXENV_UNLOAD_STACK: it removes the PXE stack but the UNDI
 * from memory, and the NIC must be shut down first (PXENV_UNDI_SHUTDOWN);
 * PXENV_STOP_BASE before it ends the base code's services (TFTP, UDP),
 * and PXENV_STOP_UNDI after it ends the UNDI and unhooks its interrupts.
 * A ROM that refuses STOP_BASE (a parameter block of the status word
 * alone) is unloaded all the same, after saying so.  The calls run on
 * the body's real-mode stack, never the PXE stack's own.
 */
int pxe_unload(void)
{
	struct {
		uint16_t status;
	} __attribute__((packed)) shutdown = { 0 }, stop_base = { 0 }, stop = { 0 };
	struct {
		uint16_t status;
		uint8_t reserved[10];
	} __attribute__((packed)) unload = { 0 };
	int rc;

	rc = pxe_call(PXENV_UNDI_SHUTDOWN, &shutdown, sizeof(shutdown));
	if (rc < 0)
		return rc;
	if (pxe_call(PXENV_STOP_BASE, &stop_base, sizeof(stop_base)) < 0)
		con_printf("pxe: unloading the stack with its base code still running\n");
	rc = pxe_call(PXENV_UNLOAD_STACK, &unload, sizeof(unload));
	if (rc < 0)
		return rc;
	/* From here the stack is (partly) gone: no more calls into it. */
	rc = pxe_call(PXENV_STOP_UNDI, &stop, sizeof(stop));
	unloaded = true;
	return rc < 0 ? rc : 0;
}
