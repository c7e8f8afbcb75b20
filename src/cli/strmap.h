/* A small string → string hash map (duplicate digests, output-name collisions). */
#ifndef ZG_CLI_STRMAP_H
#define ZG_CLI_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct strmap_slot {
    uint64_t hash;
    char *key;                 /* NULL = empty; the value follows the key in the pool */
    const char *value;
} strmap_slot;

typedef struct strmap_block strmap_block;

typedef struct strmap {
    strmap_slot *slots;
    size_t cap, count;
    strmap_block *pool;        /* the keys and values, newest block first (no malloc per entry) */
    size_t pool_room;          /* free bytes at the end of the newest block */
} strmap;

/** Value stored for `key`, or NULL. */
const char *strmap_get(const strmap *m, const char *key);

/** Store copies of key and value (the key must be new). Returns 0, or -1 on no memory. */
int strmap_put(strmap *m, const char *key, const char *value);

/**
 * Store copies of key and value unless the key is there: 1 = stored, 0 = the key was there
 * (*existing = its value, nothing stored), -1 = no memory. One lookup for get-then-put.
 */
int strmap_insert(strmap *m, const char *key, const char *value, const char **existing);

void strmap_free(strmap *m);

#endif
