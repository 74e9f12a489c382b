/*
 * Device paths (UEFI 2.10 §10): a chain of nodes, each a 4-byte header
 * (type, sub-type, 16-bit little-endian length including the header),
 * ended by the node type 7Fh sub-type FFh of length 4.  A file path node
 * is type 4 (media) sub-type 4 with a NUL-terminated UCS-2 path.
 */
#include "core/console.h"
#include "core/string.h"
#include "rom/efi/device_path.h"

#define NODE_HEADER 4
#define TYPE_MEDIA 4
#define SUBTYPE_FILE_PATH 4
#define TYPE_END 0x7F
#define SUBTYPE_END_ENTIRE 0xFF
#define PATH_MAX_BYTES 4096	/* a sane bound on a firmware path */

static size_t node_len(const EFI_DEVICE_PATH_PROTOCOL *n)
{
	return (size_t)n->Length[0] | (size_t)n->Length[1] << 8;
}

/* Bytes of the path before its end node; 0 for a path we cannot trust. */
static size_t path_body_len(const EFI_DEVICE_PATH_PROTOCOL *p)
{
	size_t len = 0;

	while (p->Type != TYPE_END) {
		size_t n = node_len(p);

		if (n < NODE_HEADER || len + n > PATH_MAX_BYTES)
			return 0;
		len += n;
		p = (const EFI_DEVICE_PATH_PROTOCOL *)((const uint8_t *)p + n);
	}
	return len;
}

static void set_node(uint8_t *at, uint8_t type, uint8_t subtype, size_t len)
{
	at[0] = type;
	at[1] = subtype;
	at[2] = (uint8_t)len;
	at[3] = (uint8_t)(len >> 8);
}

EFI_DEVICE_PATH_PROTOCOL *device_path_for_file(EFI_HANDLE dev, const char *name)
{
	EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	EFI_DEVICE_PATH_PROTOCOL *base = NULL;
	size_t body = 0, chars = strlen(name) + 1, file = NODE_HEADER + 2 * chars;
	uint8_t *p;

	if (dev && !EFI_ERROR(efi_bs->HandleProtocol(dev, &path_guid, (void **)&base)))
		body = path_body_len(base);
	if (file > PATH_MAX_BYTES ||
	    EFI_ERROR(efi_bs->AllocatePool(EfiLoaderData, body + file + NODE_HEADER, (void **)&p))) {
		con_printf("efi: no memory for the device path of %s\n", name);
		return NULL;
	}
	if (body)
		memcpy(p, base, body);
	set_node(p + body, TYPE_MEDIA, SUBTYPE_FILE_PATH, file);
	for (size_t i = 0; i < chars; i++) {
		p[body + NODE_HEADER + 2 * i] = (uint8_t)name[i];
		p[body + NODE_HEADER + 2 * i + 1] = 0;
	}
	set_node(p + body + file, TYPE_END, SUBTYPE_END_ENTIRE, NODE_HEADER);
	return (EFI_DEVICE_PATH_PROTOCOL *)p;
}

bool device_path_ends_with(const EFI_DEVICE_PATH_PROTOCOL *p, uint8_t type, uint8_t subtype)
{
	const EFI_DEVICE_PATH_PROTOCOL *last = NULL;
	size_t len = path_body_len(p);

	for (size_t off = 0; off < len; off += node_len(last))
		last = (const EFI_DEVICE_PATH_PROTOCOL *)((const uint8_t *)p + off);
	return last && last->Type == type && last->SubType == subtype;
}

bool device_path_starts_with(const EFI_DEVICE_PATH_PROTOCOL *p,
			     const EFI_DEVICE_PATH_PROTOCOL *prefix)
{
	size_t plen = path_body_len(p), flen = path_body_len(prefix);

	return flen && flen <= plen && memcmp(p, prefix, flen) == 0;
}
