/* First-fit heap with address-ordered blocks (see core/heap.h). */
#include "core/heap.h"
#include "core/string.h"
#include <stdint.h>
#include <stdbool.h>

#define ALIGN 16

/* Each block starts with this header; size counts header and payload. */
struct block {
	size_t size;
	bool free;
	struct block *next;	/* next block in address order */
} __attribute__((aligned(ALIGN)));

static struct block *first;

static size_t round_up(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

void heap_init(void *base, size_t size)
{
	uintptr_t start = ((uintptr_t)base + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
	size_t lost = (size_t)(start - (uintptr_t)base);

	first = NULL;
	if (size < lost + 2 * sizeof(struct block))
		return;
	first = (struct block *)start;
	first->size = (size - lost) & ~(size_t)(ALIGN - 1);
	first->free = true;
	first->next = NULL;
}

void *heap_alloc(size_t size)
{
	if (!size || size > SIZE_MAX / 2)
		return NULL;
	size_t need = sizeof(struct block) + round_up(size);

	for (struct block *b = first; b; b = b->next) {
		if (!b->free || b->size < need)
			continue;
		if (b->size - need >= 2 * sizeof(struct block)) {
			struct block *rest = (struct block *)((char *)b + need);
			rest->size = b->size - need;
			rest->free = true;
			rest->next = b->next;
			b->size = need;
			b->next = rest;
		}
		b->free = false;
		return b + 1;
	}
	return NULL;
}

void *heap_zalloc(size_t size)
{
	void *p = heap_alloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void heap_free(void *ptr)
{
	if (!ptr)
		return;
	struct block *target = (struct block *)ptr - 1;
	struct block *prev = NULL;

	for (struct block *b = first; b; prev = b, b = b->next) {
		if (b != target)
			continue;
		b->free = true;
		if (b->next && b->next->free) {
			b->size += b->next->size;
			b->next = b->next->next;
		}
		if (prev && prev->free) {
			prev->size += b->size;
			prev->next = b->next;
		}
		return;
	}
}

static size_t walk_free(bool largest)
{
	size_t total = 0;

	for (struct block *b = first; b; b = b->next) {
		if (!b->free)
			continue;
		size_t usable = b->size - sizeof(struct block);
		total = largest ? (usable > total ? usable : total) : total + usable;
	}
	return total;
}

size_t heap_free_bytes(void)
{
	return walk_free(false);
}

size_t heap_largest_free(void)
{
	return walk_free(true);
}
