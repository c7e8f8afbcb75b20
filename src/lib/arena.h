/* One arena per document: bump allocation in chunks, released all at once (internal). */
#ifndef ZG_ARENA_H
#define ZG_ARENA_H

#include <stddef.h>

typedef struct zg_arena_chunk zg_arena_chunk;

typedef struct zg_arena {
    zg_arena_chunk *head;      /* newest chunk first */
    size_t total;              /* bytes handed out, for limits and statistics */
} zg_arena;

/** Zero-initialise (an all-zero zg_arena is also valid). */
void zg_arena_init(zg_arena *a);
/** Release every chunk. The arena can be reused afterwards. */
void zg_arena_release(zg_arena *a);
/** Zeroed, 16-byte aligned memory, or NULL on allocation failure. */
void *zg_arena_alloc(zg_arena *a, size_t size);
/** As zg_arena_alloc but not zeroed: for buffers the caller fills completely (text copies,
 *  offset maps), where zeroing first is wasted work. */
void *zg_arena_alloc_raw(zg_arena *a, size_t size);
/** Copy of s[0..n) with a NUL terminator, or NULL on failure. */
char *zg_arena_strndup(zg_arena *a, const char *s, size_t n);
/** Copy of a NUL-terminated string, or NULL (also for s == NULL). */
char *zg_arena_strdup(zg_arena *a, const char *s);
/** printf into the arena, or NULL on failure. */
char *zg_arena_printf(zg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* ZG_ARENA_H */
