/*
 * Payload (c): a 32-bit NBI program (flag bit 31), called as Etherboot
 * called them: entry(ebinfo, header, bootp), cdecl, flat protected mode.
 * Checks the three pointers, then its data and .bss.  When its header says
 * it may return (flag bit 8; mkimage.py nbi --returns), a passing run
 * returns 42 to the firmware instead of ending QEMU.
 */
#include "tests/payloads/payload.h"
#include "loaders/nbi_format.h"

int nbi_main(const uint8_t *ebinfo, const struct nbi_header *hdr, const uint8_t *bootp);

static const char *check_args(const uint8_t *ebinfo, const struct nbi_header *hdr,
			      const uint8_t *bootp)
{
	const char *why;

	if (ebinfo[0] != 5 || ebinfo[1] != 4)
		return "ebinfo is not version 5.4";
	if (hdr->magic != NBI_MAGIC)
		return "header pointer does not point at the NBI magic";
	if (!(hdr->flags_len & NBI_LINEAR_EXEC))
		return "header copy lacks flag bit 31";
	why = check_reply(bootp);
	return why ? why : check_memory();
}

__attribute__((section(".text.start")))
int nbi_main(const uint8_t *ebinfo, const struct nbi_header *hdr, const uint8_t *bootp)
{
	const char *why = check_args(ebinfo, hdr, bootp);

	if (!why && (hdr->flags_len & NBI_RETURNS)) {
		put("payload nbi32: pass, returning 42\n");
		return 42;
	}
	verdict("nbi32", why);
}
