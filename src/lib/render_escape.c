/*
 * JSON string escaping for every JSON printer (render_json.c, the JSONL writer): \" \\ \b \f \n
 * \r \t, other C0 controls as \u00XX, valid UTF-8 unchanged, each byte that does not start a
 * valid sequence (overlong forms and surrogates are invalid) as U+FFFD.
 *
 * With SSE2 the clean runs are found 16 bytes at a time: a block is stored at the output whatever
 * it holds (the caller has room) and the prefix that needs no change is kept; the first byte that
 * does is handled alone, as the byte-by-byte contract says, and the blocks resume after it.
 */
#include <stdint.h>
#include <string.h>

#include "render.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* one character at u[0..n), n >= 1, escaped or replaced or copied; the end of the output */
static char *put_one(char *d, const unsigned char *u, size_t n, size_t *used)
{
    static const char hex[] = "0123456789abcdef";
    unsigned c = u[0];
    *used = 1;
    if (c >= 0x80) {
        size_t k = zg_utf8_valid_len(u, n);
        if (!k) {
            memcpy(d, "\xEF\xBF\xBD", 3);
            return d + 3;
        }
        memcpy(d, u, k);
        *used = k;
        return d + k;
    }
    char e;
    switch (c) {
    case '"': e = '"'; break;
    case '\\': e = '\\'; break;
    case '\b': e = 'b'; break;
    case '\f': e = 'f'; break;
    case '\n': e = 'n'; break;
    case '\r': e = 'r'; break;
    case '\t': e = 't'; break;
    default:
        if (c >= 0x20) {
            *d = (char)c;
            return d + 1;
        }
        memcpy(d, "\\u00", 4);
        d[4] = hex[c >> 4];
        d[5] = hex[c & 15];
        return d + 6;
    }
    d[0] = '\\';
    d[1] = e;
    return d + 2;
}

#if defined(__SSE2__)

#define SPACES 0x2020202020202020ULL

static inline uint64_t load64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline uint32_t load32(const unsigned char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* p[0..r) (1 <= r < 16) in the low bytes of a vector, spaces above: no byte is read past p + r
 * (overlapping loads instead); a space is clean and ends no sequence, so a character cut at p + r
 * shows as a continuation byte missing at r */
static inline __m128i load_partial(const unsigned char *p, size_t r)
{
    uint64_t lo, hi = SPACES;
    if (r >= 8) {
        lo = load64(p);
        if (r > 8) hi = (load64(p + r - 8) >> (8 * (16 - r))) | (SPACES << (8 * (r - 8)));
    } else if (r >= 4) {
        lo = load32(p) | ((uint64_t)load32(p + r - 4) << (8 * (r - 4))) | (SPACES << (8 * r));
    } else {
        lo = p[0] | ((uint64_t)p[r >> 1] << (8 * (r >> 1))) | ((uint64_t)p[r - 1] << (8 * (r - 1))) |
             (SPACES << (8 * r));
    }
    return _mm_set_epi64x((long long)hi, (long long)lo);
}

/*
 * Copy the run from u[i] that goes out unchanged, 16 bytes at a time, to *dp (room for 16 bytes
 * past the run); the index of the first byte to handle alone, or n. u[i] starts a character.
 *
 * A block is clean up to its first "bad" byte: '"', '\\' or a control; a continuation byte no lead
 * byte asks for, or a lead byte's missing one (a lead C2–FF asks for the next byte, E0–FF for the
 * one after too); a rare byte whose sequence needs a closer look (C0, C1, E0, ED, F0–FF: overlongs,
 * surrogates, 4-byte forms), left to put_one. Clean bytes before the last character start at or
 * before the first bad byte are whole valid characters. Inline: most strings are short, and the
 * call with its constants cost as much as their blocks.
 */
static inline __attribute__((always_inline)) size_t
copy_clean(const unsigned char *u, size_t i, size_t n, char **dp)
{
    char *d = *dp;
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    const __m128i ctl = _mm_set1_epi8(0x1F);
    while (i < n) {
        size_t r = n - i;
        __m128i v = r >= 16 ? _mm_loadu_si128((const __m128i *)(u + i)) : load_partial(u + i, r);
        _mm_storeu_si128((__m128i *)d, v);
        __m128i esc = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                                   _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
        unsigned keep = r >= 16 ? 16 : (unsigned)r;
        unsigned bad;
        if (!_mm_movemask_epi8(v)) {
            /* ASCII */
            bad = (unsigned)_mm_movemask_epi8(esc);
            if (!bad) {
                i += keep;
                d += keep;
                continue;
            }
            unsigned first = (unsigned)__builtin_ctz(bad);
            *dp = d + first;
            return i + first;
        }
        if (r >= 16) {
            /* five 3-byte characters at 0, 3, 6, 9, 12 with leads other than E0, ED (which
             * need a look at the next byte): the common Chinese run */
            const __m128i shape_mask = _mm_setr_epi8(
                (char)0xF0, (char)0xC0, (char)0xC0, (char)0xF0, (char)0xC0, (char)0xC0, (char)0xF0,
                (char)0xC0, (char)0xC0, (char)0xF0, (char)0xC0, (char)0xC0, (char)0xF0, (char)0xC0,
                (char)0xC0, 0);
            const __m128i shape = _mm_setr_epi8(
                (char)0xE0, (char)0x80, (char)0x80, (char)0xE0, (char)0x80, (char)0x80, (char)0xE0,
                (char)0x80, (char)0x80, (char)0xE0, (char)0x80, (char)0x80, (char)0xE0, (char)0x80,
                (char)0x80, 0);
            unsigned fit = (unsigned)_mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_and_si128(v, shape_mask), shape));
            unsigned odd = (unsigned)_mm_movemask_epi8(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE0)),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED))));
            if ((fit & 0x7FFF) == 0x7FFF && !(odd & 0x1249)) {
                i += 15;
                d += 15;
                continue;
            }
        }
        /* continuation 80–BF (signed: below C0 and negative), lead C2–FF, lead of 3 or more
         * E0–FF (unsigned: the maximum with the bound is the byte) */
        __m128i cont = _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0));
        __m128i lead = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8((char)0xC2)), v);
        __m128i lead3 = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8((char)0xE0)), v);
        __m128i want = _mm_or_si128(_mm_slli_si128(lead, 1), _mm_slli_si128(lead3, 2));
        __m128i rare = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xFE)),
                                        _mm_set1_epi8((char)0xC0)),
                         _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8((char)0xF0)), v)),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE0)),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED))));
        bad = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(esc, rare), _mm_xor_si128(cont, want)));
        if (r >= 16) {
            /* a character cut at the end of the block: its lead byte is looked at (whether it
             * was asked for) and the block ends there */
            if (u[i + 14] >= 0xE0) keep = 14;
            else if (u[i + 15] >= 0xC0) keep = 15;
            bad &= (2u << keep) - 1;
        }
        if (!bad) {
            i += keep;
            d += keep;
            continue;
        }
        /* the last character start at or before the first bad byte: neither a continuation byte
         * nor asked for (the block starts a character) */
        unsigned first = (unsigned)__builtin_ctz(bad);
        unsigned starts = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(cont, want)) &
                          ((2u << first) - 1);
        unsigned p = starts ? 31u - (unsigned)__builtin_clz(starts) : 0;
        *dp = d + p;
        return i + p;
    }
    *dp = d;
    return i;
}

#else

/* the byte-by-byte run of clean characters */
static inline __attribute__((always_inline)) size_t
copy_clean(const unsigned char *u, size_t i, size_t n, char **dp)
{
    char *d = *dp;
    while (i < n) {
        unsigned c = u[i];
        size_t k = 1;
        if (c < 0x80) {
            if (c < 0x20 || c == '"' || c == '\\') break;
        } else {
            k = zg_utf8_valid_len(u + i, n - i);
            if (!k) break;
        }
        memcpy(d, u + i, k);
        d += k;
        i += k;
    }
    *dp = d;
    return i;
}

#endif

char *zg_json_escape_raw(char *d, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    *d++ = '"';
    size_t i = 0;
    for (;;) {
        i = copy_clean(u, i, n, &d);
        if (i >= n) break;
        size_t used;
        d = put_one(d, u + i, n - i, &used);
        i += used;
    }
    *d++ = '"';
    return d;
}

void zg_json_put_string(zg_buf *b, const char *s, size_t n)
{
    if (n <= ZG_JSON_RAW_MAX) {
        if (!zg_json_reserve(b, ZG_JSON_RAW_ROOM(n))) return;
        b->len = (size_t)(zg_json_escape_raw(b->data + b->len, s, n) - b->data);
        return;
    }
    /* a long string (the document text): room for it unchanged, more at each byte handled */
    const unsigned char *u = (const unsigned char *)s;
    if (!zg_json_reserve(b, n + 2 + 16)) return;
    char *d = b->data + b->len;
    *d++ = '"';
    size_t i = 0;
    for (;;) {
        i = copy_clean(u, i, n, &d);
        b->len = (size_t)(d - b->data);
        if (i >= n) break;
        if (!zg_json_reserve(b, n - i + 6 + 2 + 16)) return;
        size_t used;
        d = put_one(b->data + b->len, u + i, n - i, &used);
        i += used;
    }
    b->data[b->len++] = '"';
}
