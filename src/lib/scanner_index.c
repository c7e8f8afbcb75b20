/* The scanner's per-document index: see scanner_index.h. */
#include <stdlib.h>

#include "scanner_index.h"

/* Make room for one more entry in list k of the index; false when out of memory. */
static bool index_grow(doc_index *ix, int k)
{
    uint32_t cap = ix->cap[k] ? ix->cap[k] * 2 : 256;
    if (cap <= ix->cap[k]) return false;
    uint32_t *np = realloc(ix->pos[k], (size_t)cap * sizeof *np);
    if (!np) return false;
    ix->pos[k] = np;
    ix->cap[k] = cap;
    return true;
}

/* Add p to the lists of the bits of v; false when out of memory. */
static inline bool index_add_bits(doc_index *ix, unsigned v, size_t p)
{
    for (; v; v &= v - 1) {
        int k = __builtin_ctz(v);
        if (ix->n[k] == ix->cap[k] && !index_grow(ix, k)) return false;
        ix->pos[k][ix->n[k]++] = (uint32_t)p;
    }
    return true;
}

bool zg_doc_index_build(doc_index *ix, const char *norm, size_t n, unsigned long gen,
                        const uint8_t *mask)
{
    const unsigned char *s = (const unsigned char *)norm;
    ix->gen = gen;
    ix->norm = norm;
    ix->len = n;
    ix->failed = true;
    for (int k = 0; k < INDEX_LISTS; k++) ix->n[k] = ix->cursor[k] = 0;
    if (!s || !mask || n >= UINT32_MAX) return false;
    size_t n3 = n > 2 ? n - 2 : 0; /* a 3-byte character starting before n3 is whole */
    for (size_t p = 0; p < n;) {
        uint32_t b = s[p], c;
        /* the common case first: CJK ideographs U+4000-U+9FFF, never white space */
        while (b - 0xE4 < 6 && p < n3) {
            c = (b & 0x0F) << 12 | (uint32_t)(s[p + 1] & 0x3F) << 6 | (s[p + 2] & 0x3F);
            unsigned v = mask[c];
            if (v && !index_add_bits(ix, v, p)) return false;
            p += 3;
            if (p >= n) break;
            b = s[p];
        }
        if (p >= n) break;
        size_t len;
        if (b < 0x80) {
            c = b;
            len = 1;
        } else if (b - 0xE0 < 0x10 && p < n3) {
            c = (b & 0x0F) << 12 | (uint32_t)(s[p + 1] & 0x3F) << 6 | (s[p + 2] & 0x3F);
            len = 3;
        } else if (b - 0xC0 < 0x20 && p + 1 < n) {
            c = (b & 0x1F) << 6 | (s[p + 1] & 0x3F);
            len = 2;
        } else {
            /* beyond U+FFFF, or not a lead byte: a candidate for every trigger (one byte at a
             * time, as searches never start inside a character) */
            if (!index_add_bits(ix, 0xFF, p)) return false;
            p++;
            continue;
        }
        unsigned v = mask[c];
        if (v && !index_add_bits(ix, v, p)) return false;
        /* white space: ASCII 09-0D and 20, or a character led by C2, E1, E2 or E3 */
        if ((c <= 0x20 || b - 0xC2 < 0x22) && zg_is_pcre_white(c)) {
            if (ix->n[WHITE_LIST] == ix->cap[WHITE_LIST] && !index_grow(ix, WHITE_LIST))
                return false;
            ix->pos[WHITE_LIST][ix->n[WHITE_LIST]++] = (uint32_t)p;
        }
        p += len;
    }
    ix->failed = false;
    return true;
}

void zg_doc_index_free(doc_index *ix)
{
    for (int k = 0; k < INDEX_LISTS; k++) {
        free(ix->pos[k]);
        ix->pos[k] = NULL;
        ix->n[k] = ix->cap[k] = ix->cursor[k] = 0;
    }
}

/*
 * window_start from the index's list of white space (subject is the indexed norm, lo a character
 * boundary): the same answer without walking back character by character. Between two white
 * characters every character counts; of such a run [a, w) with `budget` bytes left, the
 * characters that fit are those starting at or after w - budget, and the one before them stops
 * the walk (it counts and does not fit); a white character is passed for free.
 */
size_t zg_doc_index_window_start(doc_index *ix, const char *subject, size_t lo, size_t t,
                                 size_t within)
{
    const unsigned char *s = (const unsigned char *)subject;
    const uint32_t *white = ix->pos[WHITE_LIST];
    uint32_t i = zg_doc_index_seek(ix, WHITE_LIST, t); /* white[0, i) start before t */
    size_t w = t, budget = within;
    for (;;) {
        bool passed = i > 0 && white[i - 1] >= lo; /* a white character before w, at or after lo */
        size_t ws = passed ? white[i - 1] : lo;
        size_t a = passed ? ws + (s[ws] < 0x80 ? 1 : s[ws] < 0xE0 ? 2 : 3) : lo;
        if (w - a > budget) {
            size_t x = w - budget;
            while (x < w && (s[x] & 0xC0) == 0x80) x++;
            return x;
        }
        if (!passed) return lo;
        budget -= w - a;
        w = ws;
        i--;
    }
}
