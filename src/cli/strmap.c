/* Open addressing with linear probing; grows at 50% load. Each slot keeps its key's hash, so
 * probes compare hashes before strings and growing does not hash again. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a over 8-byte words (then the tail bytes), with a final mix so the low bits, which pick
 * the slot, depend on every byte. Keys are digests and paths: tens of bytes. */
static uint64_t hash_key(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 1099511628211ull;
    }
    for (; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

/* The slot holding key, or the empty slot where it would go. */
static strmap_slot *find(const strmap *m, const char *key, uint64_t h)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        strmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && strcmp(s->key, key) == 0)) return s;
    }
}

const char *strmap_get(const strmap *m, const char *key)
{
    if (!m->cap) return NULL;
    strmap_slot *s = find(m, key, hash_key(key, strlen(key)));
    return s->key ? s->value : NULL;
}

static int grow(strmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    strmap_slot *ns = calloc(ncap, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key) continue;
        size_t j = m->slots[i].hash & (ncap - 1);
        while (ns[j].key) j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

/* Blocks of the pool: a batch stores one digest and path per input, tens of bytes each. */
struct strmap_block {
    strmap_block *next;
    size_t size;
    char data[];
};

enum { POOL_BLOCK = 64 * 1024 };

/* Room for n bytes in the pool, or NULL on no memory. */
static char *pool_take(strmap *m, size_t n)
{
    if (n > m->pool_room) {
        size_t size = n > POOL_BLOCK ? n : POOL_BLOCK;
        strmap_block *b = malloc(sizeof *b + size);
        if (!b) return NULL;
        b->next = m->pool;
        b->size = size;
        m->pool = b;
        m->pool_room = size;
    }
    char *p = m->pool->data + (m->pool->size - m->pool_room);
    m->pool_room -= n;
    return p;
}

int strmap_insert(strmap *m, const char *key, const char *value, const char **existing)
{
    if ((m->count + 1) * 2 > m->cap && grow(m) != 0) return -1;
    size_t kn = strlen(key);
    uint64_t h = hash_key(key, kn);
    strmap_slot *s = find(m, key, h);
    if (s->key) {
        if (existing) *existing = s->value;
        return 0;
    }
    if (!value) value = "";
    size_t vn = strlen(value);
    char *k = pool_take(m, kn + vn + 2);
    if (!k) return -1;
    memcpy(k, key, kn + 1);
    memcpy(k + kn + 1, value, vn + 1);
    s->hash = h;
    s->key = k;
    s->value = k + kn + 1;
    m->count++;
    return 1;
}

int strmap_put(strmap *m, const char *key, const char *value)
{
    return strmap_insert(m, key, value, NULL) < 0 ? -1 : 0;
}

void strmap_free(strmap *m)
{
    for (strmap_block *b = m->pool; b;) {
        strmap_block *next = b->next;
        free(b);
        b = next;
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}
