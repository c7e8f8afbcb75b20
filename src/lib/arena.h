/* One arena per document: bump allocation in chunks, released all at once (internal). */
#ifndef ZG_ARENA_H
#define ZG_ARENA_H

#include <stddef.h>
#include <string.h>

typedef struct zg_arena_chunk zg_arena_chunk;

typedef struct zg_arena {
    zg_arena_chunk *head;      /* newest chunk first */
    size_t total;              /* bytes handed out, for limits and statistics */
    unsigned char *next;       /* free room of the head chunk: `room` bytes from `next` */
    size_t room;
} zg_arena;

/** Zero-initialise (an all-zero zg_arena is also valid). */
void zg_arena_init(zg_arena *a);
/** Release every chunk. The arena can be reused afterwards. */
void zg_arena_release(zg_arena *a);
/** The out-of-line part of zg_arena_alloc_raw: a new chunk, size 0, sizes out of range. */
void *zg_arena_alloc_chunk(zg_arena *a, size_t size);

/** As zg_arena_alloc but not zeroed: for buffers the caller fills completely (text copies,
 *  offset maps), where zeroing first is wasted work. Inline: the bump is a few instructions,
 *  and documents make tens of thousands of small allocations. */
static inline void *zg_arena_alloc_raw(zg_arena *a, size_t size)
{
    size_t need = (size + 15) & ~(size_t)15;
    if (size - 1 < ((size_t)1 << 40) && need <= a->room) {
        void *p = a->next;
        a->next += need;
        a->room -= need;
        a->total += need;
        return p;
    }
    return zg_arena_alloc_chunk(a, size);
}

/** Zeroed, 16-byte aligned memory, or NULL on allocation failure. */
static inline void *zg_arena_alloc(zg_arena *a, size_t size)
{
    if (size > (size_t)-1 / 2) return NULL;   /* as zg_arena_alloc_raw; says so to memset */
    void *p = zg_arena_alloc_raw(a, size);
    if (p) memset(p, 0, size ? size : 1);
    return p;
}

/** Copy of s[0..n) with a NUL terminator, or NULL on failure. */
char *zg_arena_strndup(zg_arena *a, const char *s, size_t n);
/** Copy of a NUL-terminated string, or NULL (also for s == NULL). */
char *zg_arena_strdup(zg_arena *a, const char *s);
/** printf into the arena, or NULL on failure. */
char *zg_arena_printf(zg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* ZG_ARENA_H */
