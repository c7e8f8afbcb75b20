/* Bump allocator: chunks of at least 64 KiB, newest first; freed all at once. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct zg_arena_chunk {
    zg_arena_chunk *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_MIN_CHUNK = 64 * 1024, ARENA_ALIGN = 16 };

void zg_arena_init(zg_arena *a)
{
    a->head = NULL;
    a->total = 0;
    a->next = NULL;
    a->room = 0;
}

void zg_arena_release(zg_arena *a)
{
    zg_arena_chunk *c = a->head;
    while (c) {
        zg_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    zg_arena_init(a);
}

/* The head chunk has no room for `size` (or size is 0 or out of range): a new head chunk of at
 * least ARENA_MIN_CHUNK bytes, of its own size for larger requests. */
void *zg_arena_alloc_chunk(zg_arena *a, size_t size)
{
    if (size == 0) size = 1;
    if (size > SIZE_MAX / 2) return NULL;
    size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need <= a->room) {
        /* size 0 comes here with room to spare */
        void *p = a->next;
        a->next += need;
        a->room -= need;
        a->total += need;
        return p;
    }
    size_t csize = need > ARENA_MIN_CHUNK ? need : ARENA_MIN_CHUNK;
    zg_arena_chunk *c = malloc(sizeof *c + csize);
    if (!c) return NULL;
    c->size = csize;
    c->next = a->head;
    a->head = c;
    a->next = c->data + need;
    a->room = csize - need;
    a->total += need;
    return c->data;
}

char *zg_arena_strndup(zg_arena *a, const char *s, size_t n)
{
    char *p = zg_arena_alloc_raw(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *zg_arena_strdup(zg_arena *a, const char *s)
{
    return s ? zg_arena_strndup(a, s, strlen(s)) : NULL;
}

char *zg_arena_printf(zg_arena *a, const char *fmt, ...)
{
    /* short results (nearly all) are formatted once, into a stack buffer */
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    if ((size_t)n < sizeof small) return zg_arena_strndup(a, small, (size_t)n);
    char *p = zg_arena_alloc_raw(a, (size_t)n + 1);
    if (!p) return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
