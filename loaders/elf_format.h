/*
 * The parts of ELF (System V gABI, "ELF-64 Object File Format" 1.5) and of
 * Multiboot (Multiboot Specification 0.6.96) the loaders need.  The
 * structures match the files' little-endian layout byte for byte on the
 * little-endian machines we run on (core/byteorder.h asserts that).
 */
#ifndef LOADERS_ELF_FORMAT_H
#define LOADERS_ELF_FORMAT_H

#include <stdint.h>
#include "core/compiler.h"

/* e_ident: magic 7F 'E' 'L' 'F', then class, data encoding, version. */
#define EI_NIDENT 16
#define ELF_MAGIC 0x464C457Fu	/* 7F 'E' 'L' 'F' as a little-endian word */
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1	/* little-endian */
#define EV_CURRENT 1	/* both e_ident[EI_VERSION] and e_version */

#define ET_EXEC 2	/* fixed-address executable; ET_DYN (3) is not loaded */

#define EM_386 3
#define EM_X86_64 62
#define EM_AARCH64 183

#define PT_LOAD 1	/* other program header types are ignored */

struct elf32_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;	/* ET_* */
	uint16_t e_machine;	/* EM_* */
	uint32_t e_version;	/* EV_CURRENT */
	uint32_t e_entry;	/* entry point, a physical address for us */
	uint32_t e_phoff;	/* file offset of the program header table */
	uint32_t e_shoff;	/* section headers: not used for loading */
	uint32_t e_flags;
	uint16_t e_ehsize;	/* size of this header */
	uint16_t e_phentsize;	/* size of one program header */
	uint16_t e_phnum;	/* number of program headers */
	uint16_t e_shentsize, e_shnum, e_shstrndx;
};
_Static_assert(sizeof(struct elf32_ehdr) == 52, "ELF32 header is 52 bytes");

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum;
	uint16_t e_shentsize, e_shnum, e_shstrndx;
};
_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");

/* e_phnum of 0xffff (PN_XNUM) means the count is kept in section 0. */
#define PN_XNUM 0xffffu

struct elf32_phdr {
	uint32_t p_type;	/* PT_* */
	uint32_t p_offset;	/* file offset of the segment's bytes */
	uint32_t p_vaddr;	/* virtual address (ignored: we load by p_paddr) */
	uint32_t p_paddr;	/* physical load address */
	uint32_t p_filesz;	/* bytes in the file */
	uint32_t p_memsz;	/* bytes in memory; past p_filesz they are zero */
	uint32_t p_flags, p_align;
};
_Static_assert(sizeof(struct elf32_phdr) == 32, "ELF32 phdr is 32 bytes");

/* The same fields, 64-bit, and p_flags moved up next to p_type. */
struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 phdr is 56 bytes");

/*
 * Multiboot 0.6.96 §3.1: the OS image carries this header, 32-bit aligned,
 * wholly inside its first 8192 bytes.
 */
#define MULTIBOOT_MAGIC 0x1BADB002u
#define MULTIBOOT_SEARCH 8192
#define MULTIBOOT_ALIGN 4
/* EAX holds this when the loader enters the OS (§3.2). */
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u

struct multiboot_header {
	uint32_t magic;		/* MULTIBOOT_MAGIC */
	uint32_t flags;		/* MB_FLAG_* */
	uint32_t checksum;	/* magic + flags + checksum == 0 mod 2^32 */
	/* Valid when flags has MB_FLAG_ADDRESSES (the "a.out kludge"); an
	 * ELF image's own program headers take precedence for us. */
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
	/* Valid when flags has MB_FLAG_VIDEO: preferred video mode. */
	uint32_t mode_type, width, height, depth;
};
_Static_assert(sizeof(struct multiboot_header) == 48, "multiboot header");
#define MULTIBOOT_HEADER_MIN 12	/* magic, flags, checksum */

/* Bits 0-15 are requirements: a loader that cannot meet one must refuse
 * the image.  Bits 16-31 are optional features. */
#define MB_FLAG_PAGE_ALIGN (1u << 0)	/* modules 4 KiB aligned (we load none) */
#define MB_FLAG_MEMINFO (1u << 1)	/* mem_* and mmap_* in the info block */
#define MB_FLAG_VIDEO (1u << 2)		/* video mode table: not offered */
#define MB_FLAG_ADDRESSES (1u << 16)	/* header_addr .. entry_addr valid */
#define MB_REQUIRED_MASK 0xffffu
#define MB_SUPPORTED (MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMINFO)

/* The information block the loader builds; EBX points at it (§3.3).
 * Only fields whose MBI_FLAG_* bit is set in flags are valid. */
struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;	/* MBI_FLAG_MEM: KiB below 1 MiB */
	uint32_t mem_upper;	/* MBI_FLAG_MEM: KiB from 1 MiB to the first hole */
	uint32_t boot_device;
	uint32_t cmdline;	/* MBI_FLAG_CMDLINE: address of a C string */
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;	/* MBI_FLAG_MMAP: bytes of the map */
	uint32_t mmap_addr;	/* MBI_FLAG_MMAP: address of the first entry */
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name; /* MBI_FLAG_LOADER_NAME: C string */
	uint32_t apm_table;
	uint32_t vbe_control_info, vbe_mode_info;
	uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
};
_Static_assert(sizeof(struct multiboot_info) == 88, "multiboot info block");

#define MBI_FLAG_MEM (1u << 0)
#define MBI_FLAG_CMDLINE (1u << 2)
#define MBI_FLAG_MMAP (1u << 6)
#define MBI_FLAG_LOADER_NAME (1u << 9)

/* One memory map entry; "size" counts the bytes after itself (20), so the
 * next entry starts size + 4 bytes on.  base_addr sits at offset 4. */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;		/* 1 = usable RAM, as E820 type 1 */
} PACKED;
_Static_assert(sizeof(struct multiboot_mmap_entry) == 24, "multiboot mmap entry");

#endif
