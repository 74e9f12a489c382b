/*
 * The BIOS memory map: INT 15h AX=E820h (Ralf Brown's list, INT 15/AX=E820h;
 * ACPI 3.0 "System Address Map Interfaces" for the 24-byte form).
 * In:  EAX = E820h, EDX = 'SMAP', EBX = continuation (0 first),
 *      ECX = buffer size, ES:DI = buffer.
 * Out: CF clear, EAX = 'SMAP', ECX = bytes stored, EBX = next continuation,
 *      0 after the last entry.  Some BIOSes end with CF set instead.
 */
#include "core/compiler.h"
#include "core/console.h"
#include "core/errors.h"
#include "rom/pcbios/bios.h"
#include "rom/pcbios/pcbios.h"

#define SMAP 0x534D4150u	/* "SMAP" */
#define E820_MIN_SIZE 20u	/* base, length, type */
#define E820_FULL_SIZE 24u	/* ACPI 3.0: plus extended attributes */
#define E820_ATTR_VALID 0x1u	/* ACPI 3.0: clear means "ignore this entry" */
/* More calls than any real map has entries: a BIOS that never sets EBX to 0
 * cannot keep us here. */
#define E820_MAX_CALLS 128

struct e820_raw {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t attr;
} PACKED;

static void add(struct e820_map *map, const struct e820_raw *raw)
{
	if (map->count == E820_MAX) {
		map->truncated = true;
		return;
	}
	map->entry[map->count].base = raw->base;
	map->entry[map->count].length = raw->length;
	map->entry[map->count].type = raw->type;
	map->count++;
}

int e820_read(struct e820_map *map)
{
	/* The BIOS writes each entry below 1 MiB, into the low scratch area. */
	struct e820_raw *buf = (struct e820_raw *)__low_scratch;
	uint32_t next = 0;

	map->count = 0;
	map->truncated = false;
	for (unsigned call = 0; call < E820_MAX_CALLS; call++) {
		struct bios_regs r = {
			.eax = 0xE820, .ebx = next, .ecx = sizeof(*buf), .edx = SMAP,
			.es = bios_seg(buf), .edi = bios_off(buf),
		};

		buf->attr = E820_ATTR_VALID;	/* a 20-byte answer leaves it so */
		bios_call(0x15, &r);
		if ((r.eflags & EFLAGS_CF) && call > 0)
			return 0;
		if ((r.eflags & EFLAGS_CF) || r.eax != SMAP) {
			con_printf("e820: the BIOS does not give a memory map (INT 15h AX=E820h)\n");
			return -E_NOTSUP;
		}
		if (r.ecx >= E820_MIN_SIZE && buf->length != 0 &&
		    (r.ecx < E820_FULL_SIZE || (buf->attr & E820_ATTR_VALID)))
			add(map, buf);
		next = r.ebx;
		if (next == 0)
			return 0;
	}
	con_printf("e820: the BIOS did not end the map after %d calls; using what came\n",
		   E820_MAX_CALLS);
	return 0;
}

static const char *type_name(uint32_t type)
{
	static const char *const names[] = {
		[1] = "usable", [2] = "reserved", [3] = "ACPI data",
		[4] = "ACPI NVS", [5] = "unusable",
	};

	return type < ARRAY_SIZE(names) && names[type] ? names[type] : "other";
}

void e820_print(const struct e820_map *map)
{
	for (unsigned i = 0; i < map->count; i++) {
		const struct e820_entry *e = &map->entry[i];
		uint64_t last = e->base + e->length - 1;

		con_printf("e820: %08lx%08lx-%08lx%08lx %s (type %lu)\n",
			   (unsigned long)(e->base >> 32), (unsigned long)e->base,
			   (unsigned long)(last >> 32), (unsigned long)last,
			   type_name(e->type), (unsigned long)e->type);
	}
	if (map->truncated)
		con_printf("e820: more than %d entries; the rest are left out\n", E820_MAX);
}

static bool overlaps(const struct e820_entry *e, uint64_t base, uint64_t length)
{
	return base < e->base + e->length && e->base < base + length;
}

/* True when [base, base + length) is inside one RAM entry and touches no
 * entry of another type (maps may overlap). */
bool e820_is_ram(const struct e820_map *map, uint64_t base, uint64_t length)
{
	bool inside = false;

	for (unsigned i = 0; i < map->count; i++) {
		const struct e820_entry *e = &map->entry[i];

		if (e->type != E820_RAM && overlaps(e, base, length))
			return false;
		if (e->type == E820_RAM && base >= e->base &&
		    base + length <= e->base + e->length)
			inside = true;
	}
	return inside;
}
