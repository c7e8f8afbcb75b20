/* A small string → string hash map (duplicate digests, output-name collisions). */
#ifndef ZG_CLI_STRMAP_H
#define ZG_CLI_STRMAP_H

#include <stddef.h>

typedef struct strmap {
    char **keys;
    char **values;
    size_t cap, count;
} strmap;

/** Value stored for `key`, or NULL. */
const char *strmap_get(const strmap *m, const char *key);

/** Store copies of key and value (the key must be new). Returns 0, or -1 on no memory. */
int strmap_put(strmap *m, const char *key, const char *value);

void strmap_free(strmap *m);

#endif
