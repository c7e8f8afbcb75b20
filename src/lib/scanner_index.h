/*
 * The scanner's per-document index (scanner_index.c): one pass over a document's norm lists
 * where the characters searches look for start, so trigger searches and window starts look
 * positions up instead of scanning the text per search (scanner.c).
 */
#ifndef ZG_SCANNER_INDEX_H
#define ZG_SCANNER_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Where, in the bound document's norm, the characters that searches look for start: list k
 * (k < 16) holds, in order, the start of every character carrying bit k of the rule set's
 * first-character table (the triggers' first characters; a character beyond U+FFFF, or a byte
 * that does not start a character, is in every list), list WHITE_LIST those of white-space
 * characters (zg_is_pcre_white). One pass over the text per document, instead of a scan per
 * search.
 */
enum { MARK_LISTS = 16, WHITE_LIST = MARK_LISTS, INDEX_LISTS = MARK_LISTS + 1 };
typedef struct doc_index {
    uint32_t *pos[INDEX_LISTS];
    uint32_t n[INDEX_LISTS], cap[INDEX_LISTS];
    uint32_t cursor[INDEX_LISTS]; /* where the last lookup ended: searches mostly move forward */
    unsigned long gen;            /* the scanner generation it belongs to; 0 = none */
    const char *norm;             /* … and the norm (a stage may replace it within a generation) */
    size_t len;
    bool failed;                  /* out of memory for this generation: searches do without */
    const uint16_t *ascii_mask;   /* the mask `ascii` was made from */
    uint32_t ascii[0x80];         /* per ASCII character: its mask bits, WHITE_LIST if white */
} doc_index;

/* PCRE2 \s with PCRE2_UCP: \p{Z}, \h and \v. */
static inline bool zg_is_pcre_white(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           c == 0x180E || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

/** Index norm[0, n) for scanner generation `gen` with the rule set's first-character table
 *  `mask` (zg_rules_first_mask); false (ix->failed) when out of memory, when n does not fit
 *  32-bit positions or without a mask. Lists keep their memory from one document to the next. */
bool zg_doc_index_build(doc_index *ix, const char *norm, size_t n, unsigned long gen,
                        const uint16_t *mask);

/** The lists' memory. */
void zg_doc_index_free(doc_index *ix);

/* The first entry of list k at or after p (n[k] if none), starting from the last answer. */
static inline __attribute__((always_inline)) uint32_t zg_doc_index_seek(doc_index *ix, int k, size_t p)
{
    const uint32_t *a = ix->pos[k];
    uint32_t n = ix->n[k], i = ix->cursor[k], lo, hi;
    if (i > n) i = n;
    if (i < n && a[i] < p) { /* forward: a few steps, then halving */
        for (int step = 0; step < 4; step++)
            if (++i == n || a[i] >= p) goto found;
        lo = i + 1;
        hi = n;
    } else { /* a[i] >= p (or i == n): the answer is at or before i */
        if (i == 0 || a[i - 1] < p) goto found;
        lo = 0;
        hi = i - 1;
    }
    while (lo < hi) { /* first index in [lo, hi] with a[index] >= p; hi is one */
        uint32_t mid = lo + (hi - lo) / 2;
        if (a[mid] >= p) hi = mid;
        else lo = mid + 1;
    }
    i = lo;
found:
    ix->cursor[k] = i;
    return i;
}

/** window_start of scanner.c read off the index (see scanner_index.c). */
size_t zg_doc_index_window_start(doc_index *ix, const char *subject, size_t lo, size_t t,
                                 size_t within);

#endif
