/*
 * A first-fit heap over one region the platform hands over at start-up.
 * Blocks are 16-byte aligned (enough for any DMA descriptor ring we use);
 * neighbouring free blocks merge on free.
 */
#ifndef CORE_HEAP_H
#define CORE_HEAP_H

#include <stddef.h>

void heap_init(void *base, size_t size);
void *heap_alloc(size_t size);		/* NULL when it does not fit */
void *heap_zalloc(size_t size);		/* zeroed */
void heap_free(void *ptr);		/* NULL is ignored */
size_t heap_free_bytes(void);
size_t heap_largest_free(void);

#endif
