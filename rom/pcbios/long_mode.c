/*
 * x86-64 long mode for ELF64 images: whether the CPU has it, and the
 * identity page tables that start64.asm's pcbios_enter64 switches on.
 * The machine state an image gets is documented there.
 */
#include "core/console.h"
#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"
#include "rom/pcbios/pcbios.h"

ASM_CALL _Noreturn void pcbios_enter64(uint32_t cr3, uint32_t entry, uint32_t rbx);

/* CPUID (Intel SDM Vol. 2A, "CPUID"; AMD APM Vol. 3, "CPUID Fn8000_0001"):
 * leaf 80000000h returns the highest extended leaf in EAX, leaf 80000001h
 * EDX bit 29 is LM (long mode). */
#define CPUID_EXT_MAX 0x80000000u
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_EXT_EDX_LM (1u << 29)

#define FOUR_GIB 0x100000000ull
#define PAGE 4096u
#define TWO_MIB 0x200000ull
#define ENTRIES 512u	/* 8-byte entries in a 4 KiB table */
#define PDS 4u		/* page directories: 4 x 512 x 2 MiB = 4 GiB */

/* Paging-structure entry bits (Intel SDM Vol. 3A, "Paging", 4-level
 * paging: formats of PML4, PDPT and PD entries; AMD APM Vol. 2, "Long-Mode
 * Page Translation"): present, writable, and in a PD entry PS = a 2 MiB
 * page.  User, PWT, PCD, global and NX stay 0. */
#define PTE_P (1u << 0)
#define PTE_RW (1u << 1)
#define PTE_PS (1u << 7)

static uint32_t cpuid_eax(uint32_t leaf, uint32_t *edx)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "0"(leaf), "2"(0));
	*edx = d;
	return a;
}

/* CPUID itself exists: clock_init() refused to go on without it. */
bool cpu_has_long_mode(void)
{
	uint32_t edx;

	if (cpuid_eax(CPUID_EXT_MAX, &edx) < CPUID_EXT_FEATURES)
		return false;
	cpuid_eax(CPUID_EXT_FEATURES, &edx);
	return (edx & CPUID_EXT_EDX_LM) != 0;
}

/*
 * PML4, one PDPT and four PDs in six consecutive 4 KiB pages.  They come
 * from the heap rather than .bss: only an ELF64 start needs them, so the
 * other boots keep the 24 KiB, and the heap lies inside the range the
 * images may never occupy (pcbios_image_target), so nothing loaded sits
 * there.  The heap aligns to 16 bytes only, hence one page extra to align
 * the start.  Physical = linear: paging is off until the switch.
 */
static uint64_t *identity_tables(void)
{
	uint8_t *raw = heap_alloc((2 + PDS) * PAGE + PAGE - 1);
	uint64_t *pml4, *pdpt, *pd;

	if (!raw)
		return NULL;
	pml4 = (uint64_t *)(((uintptr_t)raw + PAGE - 1) & ~(uintptr_t)(PAGE - 1));
	pdpt = pml4 + ENTRIES;
	pd = pdpt + ENTRIES;
	memset(pml4, 0, (2 + PDS) * PAGE);
	pml4[0] = (uintptr_t)pdpt | PTE_P | PTE_RW;
	for (unsigned i = 0; i < PDS; i++)
		pdpt[i] = (uintptr_t)(pd + i * ENTRIES) | PTE_P | PTE_RW;
	for (unsigned i = 0; i < PDS * ENTRIES; i++)
		pd[i] = i * TWO_MIB | PTE_P | PTE_RW | PTE_PS;
	return pml4;
}

int pcbios_start64(uint64_t entry, uint32_t rbx_value)
{
	uint64_t *pml4;

	if (!cpu_has_long_mode()) {
		con_printf("start: this CPU has no 64-bit long mode, so an ELF64 cannot run\n");
		return -E_NOTSUP;
	}
	if (entry >= FOUR_GIB) {
		con_printf("start: ELF64 entry %08lx%08lx is above 4 GiB, past the identity map\n",
			   (unsigned long)(entry >> 32), (unsigned long)entry);
		return -E_NOTSUP;
	}
	pml4 = identity_tables();
	if (!pml4) {
		con_printf("start: no memory for the long-mode page tables\n");
		return -E_NOMEM;
	}
	con_printf("start: long mode, jumping to %08lx\n", (unsigned long)entry);
	pcbios_enter64((uint32_t)(uintptr_t)pml4, (uint32_t)entry, rbx_value);
}
