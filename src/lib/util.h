/* Small shared helpers (internal): file reading, UTF-8 stepping, growable buffers. */
#ifndef ZG_UTIL_H
#define ZG_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zhenggai.h"

/**
 * Read a whole file (at most `max` bytes: larger → ZG_ERR_TOO_LARGE). *data is malloc'd and
 * NUL-terminated (not counted in *len). On failure `why` says what went wrong.
 */
zg_status zg_read_file(const char *path, size_t max, unsigned char **data, size_t *len,
                       char *why, size_t why_len);

/**
 * zg_read_file for a path known to name a regular file, into a buffer kept from call to call:
 * *buf (*cap bytes, NULL and 0 at first) is grown with realloc as needed and stays the caller's.
 * No fstat: the file is read until read(2) gives 0. The content is NUL-terminated in *buf (not
 * counted in *len); errors as zg_read_file's.
 */
zg_status zg_read_regular_file(const char *path, size_t max, unsigned char **buf, size_t *cap,
                               size_t *len, char *why, size_t why_len);

/** zg_utf8_next's general case (4-byte and 2-byte sequences, invalid bytes). */
uint32_t zg_utf8_next_slow(const char *s, size_t n, size_t *i);

/** Slot of pointer p in a table of 2^bits slots (1 <= bits <= 16). Multiplicative hashing: pointers
 *  into packed string pools or aligned arenas differ in bits a shift-and-mask drops or shares. */
static inline size_t zg_ptr_slot(const void *p, unsigned bits)
{
    return (size_t)(((uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull) >> (64 - bits));
}

/** 64-bit hash of s[0, n) mixed into `seed`, eight bytes at a time (for the per-scanner answer
 *  caches keyed by text; not for anything stored or compared across runs). */
static inline uint64_t zg_hash_bytes(uint64_t seed, const void *s, size_t n)
{
    const unsigned char *b = s;
    uint64_t h = seed ^ ((uint64_t)n * 0x9E3779B97F4A7C15ull);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, b + i, n - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 29);
}

/** Decode the UTF-8 code point at s[*i] (< n) and advance *i; invalid bytes give U+FFFD.
 *  Inline for ASCII and well-formed 3-byte sequences (all of CJK), the hot loops' cases. */
static inline uint32_t zg_utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    if (u[0] < 0x80) {
        *i += 1;
        return u[0];
    }
    if ((u[0] & 0xF0) == 0xE0 && *i + 2 < n && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        uint32_t c = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *i += 3;
            return c;
        }
    }
    return zg_utf8_next_slow(s, n, i);
}
/** Offset of the code point before s[i] (i > 0). */
size_t zg_utf8_prev(const char *s, size_t i);
/** Encode cp into out (4 bytes room); returns the byte count. */
size_t zg_utf8_put(uint32_t cp, char *out);

/** Growable heap byte buffer. After any failed append, `failed` stays set. */
typedef struct zg_buf {
    char *data;
    size_t len, cap;
    bool failed;
} zg_buf;

/** zg_buf_append when the buffer must grow or has failed (util.c). */
bool zg_buf_append_grow(zg_buf *b, const void *p, size_t n);
/** Append p[0, n), keeping the contents NUL-terminated; false once memory ran out. Inline: most
 *  appends fit the room there is (a page's text nodes, a record's pieces). */
static inline bool zg_buf_append(zg_buf *b, const void *p, size_t n)
{
    if (b->failed || n >= b->cap - b->len) return zg_buf_append_grow(b, p, n); /* len < cap or both 0 */
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}
bool zg_buf_puts(zg_buf *b, const char *s);
bool zg_buf_printf(zg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Hand the NUL-terminated contents to the caller (malloc'd) and reset the buffer. */
char *zg_buf_take(zg_buf *b, size_t *len);
void zg_buf_free(zg_buf *b);

/**
 * Initialise libxml2 once per process (2.9 wants xmlInitParser before use from several threads).
 * The one process-wide step of the library; every libxml2 user calls it first.
 */
void zg_xml_init(void);

/** Lower-case hex SHA-256 of data into out (65 bytes). */
void zg_sha256_hex(const unsigned char *data, size_t len, char out[65]);

#endif /* ZG_UTIL_H */
