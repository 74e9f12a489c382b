/*
 * What an ELF64 image started by the UEFI client finds (start_elf.c):
 * 64-bit mode with the firmware's identity-mapped page tables, boot
 * services exited, interrupts off, RAX = 0 and RBX = the DHCP reply (as
 * the BIOS client starts ELF64 images), and RDI = this block.  RSP is the
 * firmware's stack, in memory the memory map calls boot-services data:
 * the image should move to its own stack before it reuses that memory.
 * Addresses are physical; every field is little-endian.
 */
#ifndef ROM_EFI_EFI_HANDOFF_H
#define ROM_EFI_EFI_HANDOFF_H

#include <stdint.h>

#define EFI_HANDOFF_MAGIC 0x4645424Eu	/* "NBEF" */
#define EFI_HANDOFF_VERSION 1

struct efi_handoff {
	uint32_t magic;			/* EFI_HANDOFF_MAGIC */
	uint32_t version;		/* EFI_HANDOFF_VERSION */
	uint64_t system_table;		/* EFI_SYSTEM_TABLE; runtime services stay */
	uint64_t memory_map;		/* EFI_MEMORY_DESCRIPTORs, as ExitBootServices()
					 * accepted them (UEFI 2.10 §7.2) */
	uint64_t memory_map_size;	/* bytes */
	uint64_t descriptor_size;	/* bytes per descriptor (may exceed the struct) */
	uint32_t descriptor_version;
	uint32_t dhcp_len;		/* bytes at dhcp */
	uint64_t dhcp;			/* the DHCP reply, as RBX */
	uint64_t cmdline;		/* NUL-terminated: "<file> <settings' cmdline>" */
};

#endif
