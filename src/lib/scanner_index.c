/* The scanner's per-document index: see scanner_index.h. */
#include <stdlib.h>

#include "scanner_index.h"

/* Room for `more` entries past the end of every list; false when out of memory. */
static bool index_reserve(doc_index *ix, uint32_t more)
{
    for (int k = 0; k < INDEX_LISTS; k++) {
        if (ix->cap[k] - ix->n[k] >= more) continue;
        uint64_t want = (uint64_t)ix->n[k] + more, cap = ix->cap[k] ? ix->cap[k] : 256;
        while (cap < want) cap *= 2;
        if (cap > UINT32_MAX) return false;
        uint32_t *np = realloc(ix->pos[k], (size_t)cap * sizeof *np);
        if (!np) return false;
        ix->pos[k] = np;
        ix->cap[k] = (uint32_t)cap;
    }
    return true;
}

/* The ASCII part of the mask with white space as bit WHITE_LIST, made when the mask changes. */
static void index_ascii_table(doc_index *ix, const uint16_t *mask)
{
    if (ix->ascii_mask == mask) return;
    for (uint32_t c = 0; c < 0x80; c++)
        ix->ascii[c] = mask[c] | (zg_is_pcre_white(c) ? 1u << WHITE_LIST : 0);
    ix->ascii_mask = mask;
}

/* Positions are added a chunk of text at a time, with room for one entry per byte of the chunk
 * in every list made first: no capacity test per entry. */
enum { INDEX_CHUNK = 4096 };

/* Add p to the lists of the bits of v (room is made: index_reserve). */
#define INDEX_ADD(v, p)                                                                        \
    for (unsigned bits_ = (v); bits_; bits_ &= bits_ - 1) {                                    \
        int k_ = __builtin_ctz(bits_);                                                         \
        ix->pos[k_][ix->n[k_]++] = (uint32_t)(p);                                              \
    }

bool zg_doc_index_build(doc_index *ix, const char *norm, size_t n, unsigned long gen,
                        const uint16_t *mask)
{
    const unsigned char *s = (const unsigned char *)norm;
    ix->gen = gen;
    ix->norm = norm;
    ix->len = n;
    ix->failed = true;
    for (int k = 0; k < INDEX_LISTS; k++) ix->n[k] = ix->cursor[k] = 0;
    if (!s || !mask || n >= UINT32_MAX - INDEX_CHUNK) return false;
    index_ascii_table(ix, mask);
    size_t n3 = n > 2 ? n - 2 : 0; /* a 3-byte character starting before n3 is whole */
    for (size_t p = 0; p < n;) {
        if (!index_reserve(ix, INDEX_CHUNK)) return false;
        size_t stop = n - p > INDEX_CHUNK ? p + INDEX_CHUNK : n; /* characters starting here */
        size_t stop3 = stop < n3 ? stop : n3;
        while (p < stop) {
            uint32_t b;
            /* the common case first: CJK ideographs U+4000-U+9FFF, never white space. For a
             * 3-byte character, (b0 << 12) + (b1 << 6) + b2 is its code point plus 0xE2080
             * (the lead's E0 and the continuation bytes' 80 bits): no masking */
            while (p < stop3 && (b = s[p]) - 0xE4 < 6) {
                unsigned v = mask[(b << 12) + ((uint32_t)s[p + 1] << 6) + s[p + 2] - 0xE2080];
                if (v) INDEX_ADD(v, p);
                p += 3;
            }
            if (p >= stop) break;
            b = s[p];
            if (b < 0x80) {
                unsigned v = ix->ascii[b];
                if (v) INDEX_ADD(v, p);
                p++;
                continue;
            }
            uint32_t c;
            size_t len;
            if (b - 0xE0 < 0x10 && p < n3) {
                c = (b & 0x0F) << 12 | (uint32_t)(s[p + 1] & 0x3F) << 6 | (s[p + 2] & 0x3F);
                len = 3;
            } else if (b - 0xC0 < 0x20 && p + 1 < n) {
                c = (b & 0x1F) << 6 | (s[p + 1] & 0x3F);
                len = 2;
            } else {
                /* beyond U+FFFF, or not a lead byte: a candidate for every trigger (one byte at a
                 * time, as searches never start inside a character) */
                INDEX_ADD((1u << MARK_LISTS) - 1, p);
                p++;
                continue;
            }
            unsigned v = mask[c] | (zg_is_pcre_white(c) ? 1u << WHITE_LIST : 0);
            if (v) INDEX_ADD(v, p);
            p += len;
        }
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
