/* Open addressing with linear probing, FNV-1a hashes; grows at 50% load. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

const char *strmap_get(const strmap *m, const char *key)
{
    if (!m->cap) return NULL;
    for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return NULL;
        if (strcmp(m->keys[i], key) == 0) return m->values[i];
    }
}

static void insert(char **keys, char **values, size_t cap, char *key, char *value)
{
    size_t i = hash(key) & (cap - 1);
    while (keys[i]) i = (i + 1) & (cap - 1);
    keys[i] = key;
    values[i] = value;
}

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

int strmap_put(strmap *m, const char *key, const char *value)
{
    if ((m->count + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 64;
        char **nk = calloc(ncap, sizeof *nk);
        char **nv = calloc(ncap, sizeof *nv);
        if (!nk || !nv) {
            free(nk);
            free(nv);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) insert(nk, nv, ncap, m->keys[i], m->values[i]);
        free(m->keys);
        free(m->values);
        m->keys = nk;
        m->values = nv;
        m->cap = ncap;
    }
    char *k = dup_string(key);
    char *v = dup_string(value ? value : "");
    if (!k || !v) {
        free(k);
        free(v);
        return -1;
    }
    insert(m->keys, m->values, m->cap, k, v);
    m->count++;
    return 0;
}

void strmap_free(strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->keys[i]);
        free(m->values[i]);
    }
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}
