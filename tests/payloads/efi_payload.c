/*
 * The self-verifying UEFI test payload (test glue, never shipped): an
 * x86-64 EFI application built with gnu-efi (mk/payloads_efi.mk).  It
 *   - says it started, on COM1 (port 3F8h, written directly, so the lines
 *     are clean) and on ConOut (which OVMF also copies to its serial
 *     console, with terminal escape sequences);
 *   - prints its load options, the UCS-2 command line its starter gave
 *     LoadImage's child through EFI_LOADED_IMAGE_PROTOCOL, as
 *     `payload: load options "<text>"` (units outside printable ASCII as
 *     \uXXXX, a quote or backslash escaped with a backslash);
 *   - checks the CRC-32 of the random bytes efi_mkblob.py put in its .data;
 *   - reports "payload efi: pass" or "payload efi: FAIL: <why>" and writes
 *     0x10 (pass, QEMU exit status 33) or 0x11 (fail, 35) to QEMU's
 *     isa-debug-exit at port F4h, as tests/payloads/payload.h does.
 * Where that write does not end the machine (no such device), or when the
 * word "return" is among its load options, it returns EFI_SUCCESS or
 * EFI_CRC_ERROR to its starter instead.
 */
#include <efi.h>

#include "core/crc32.h"
#include "tests/payloads/payload.h"

/* Laid out by efi_mkblob.py: a marker, the data's length and CRC-32, then
 * the data itself 32 bytes after the marker. */
struct efi_blob {
	char marker[16];
	uint32_t len, crc;
	uint64_t zero;
	uint8_t data[];
};
extern const struct efi_blob efi_blob;

/* At most this many UCS-2 units of the load options are shown. */
#define OPTIONS_SHOWN 200

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

static EFI_SYSTEM_TABLE *sys;

/* One line of text on COM1 and on ConOut ("\n" becomes "\r\n" there). */
static void say(const char *s)
{
	CHAR16 buf[128];
	unsigned n = 0;

	put(s);
	for (; *s; s++) {
		if (*s == '\n')
			buf[n++] = '\r';
		buf[n++] = (CHAR16)(uint8_t)*s;
		if (n >= sizeof(buf) / sizeof(buf[0]) - 2 || !s[1]) {
			buf[n] = 0;
			sys->ConOut->OutputString(sys->ConOut, buf);
			n = 0;
		}
	}
}

/* v in hex into out (17 bytes), without leading zeros. */
static const char *hex64(uint64_t v, char *out)
{
	char tmp[16];
	int n = 0, k = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		out[k++] = tmp[--n];
	out[k] = 0;
	return out;
}

static const char *dec(uint64_t v, char *out)
{
	char tmp[20];
	int n = 0, k = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out[k++] = tmp[--n];
	out[k] = 0;
	return out;
}

/* Appends s to the line in out, which has room for size bytes. */
static void append(char *out, size_t size, const char *s)
{
	size_t n = 0;

	while (n < size - 1 && out[n])
		n++;
	while (n < size - 1 && *s)
		out[n++] = *s++;
	out[n] = 0;
}

/* Whether word is one of the space-separated words of the load options. */
static bool has_word(const CHAR16 *opt, uint32_t units, const char *word)
{
	uint32_t i = 0, start, k;

	while (opt && i < units && opt[i]) {
		while (i < units && opt[i] == ' ')
			i++;
		start = i;
		while (i < units && opt[i] && opt[i] != ' ')
			i++;
		for (k = 0; word[k] && start + k < i && opt[start + k] == (CHAR16)word[k]; k++)
			;
		if (!word[k] && start + k == i && k)
			return true;
	}
	return false;
}

/* The load options as a line of text (see the top of this file) into out,
 * which has room for size bytes. */
static void show_options(const CHAR16 *opt, uint32_t units, char *out, size_t size)
{
	uint32_t i;
	char one[8];

	out[0] = 0;
	append(out, size, "payload: load options \"");
	for (i = 0; opt && i < units && opt[i] && i < OPTIONS_SHOWN; i++) {
		CHAR16 c = opt[i];

		if (c == '"' || c == '\\') {
			one[0] = '\\';
			one[1] = (char)c;
			one[2] = 0;
		} else if (c >= 0x20 && c < 0x7F) {
			one[0] = (char)c;
			one[1] = 0;
		} else {
			one[0] = '\\';
			one[1] = 'u';
			for (int k = 0; k < 4; k++)
				one[2 + k] = "0123456789abcdef"[(c >> (12 - 4 * k)) & 15];
			one[6] = 0;
		}
		append(out, size, one);
	}
	append(out, size, opt && i < units && opt[i] ? "\"...\n" : "\"\n");
}

static const char *check_blob(void)
{
	static const char marker[16] = "EFITEST-BLOB-v1";
	char line[96], num[24];

	for (unsigned i = 0; i < sizeof(marker); i++)
		if (efi_blob.marker[i] != marker[i])
			return "the data's marker is damaged";
	line[0] = 0;
	append(line, sizeof(line), "payload: checking CRC-32 of ");
	append(line, sizeof(line), dec(efi_blob.len, num));
	append(line, sizeof(line), " bytes\n");
	say(line);
	if (crc32_update(0, efi_blob.data, efi_blob.len) != efi_blob.crc)
		return "the data's CRC-32 differs";
	return NULL;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_GUID loaded_image_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = NULL;
	static char line[OPTIONS_SHOWN * 6 + 64];
	char num[24];
	const char *why;
	bool stay = false;

	sys = st;
	/* The newline ends whatever line the firmware left unfinished on COM1. */
	put("\n");
	say("payload efi: started\n");
	if (st->BootServices->HandleProtocol(image, &loaded_image_guid, (void **)&li) != EFI_SUCCESS ||
	    !li) {
		why = "no EFI_LOADED_IMAGE_PROTOCOL on the image handle";
	} else {
		line[0] = 0;
		append(line, sizeof(line), "payload: image at 0x");
		append(line, sizeof(line), hex64((uintptr_t)li->ImageBase, num));
		append(line, sizeof(line), ", ");
		append(line, sizeof(line), dec(li->ImageSize, num));
		append(line, sizeof(line), " bytes; load options ");
		append(line, sizeof(line), dec(li->LoadOptionsSize, num));
		append(line, sizeof(line), " bytes\n");
		say(line);
		show_options(li->LoadOptions, li->LoadOptionsSize / 2, line, sizeof(line));
		say(line);
		stay = has_word(li->LoadOptions, li->LoadOptionsSize / 2, "return");
		why = check_blob();
	}
	line[0] = 0;
	append(line, sizeof(line), why ? "payload efi: FAIL: " : "payload efi: pass");
	append(line, sizeof(line), why ? why : "");
	append(line, sizeof(line), "\n");
	say(line);
	if (!stay)
		outb(DEBUG_EXIT, why ? 0x11 : 0x10);
	line[0] = 0;
	append(line, sizeof(line), stay ? "payload: asked to return;" :
					  "payload: no isa-debug-exit at port f4h;");
	append(line, sizeof(line), why ? " returning EFI_CRC_ERROR\n" : " returning EFI_SUCCESS\n");
	say(line);
	return why ? EFI_CRC_ERROR : EFI_SUCCESS;
}
