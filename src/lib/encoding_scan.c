/*
 * Scans of raw input bytes for decoding (encoding.h): strict UTF-8 validity, UTF-16 without a
 * byte order mark.
 */
#include <string.h>

#include "encoding.h"   /* <emmintrin.h> with SSE2 */

#if defined(__SSE2__)
/*
 * Blocks of 16 bytes holding only ASCII and 3-byte characters led by E1-EC or EE-EF (never
 * overlong nor a surrogate: most Chinese text), from i on: the index where the character-by-
 * character check must take over (the start of the character the first other block cuts, or
 * the end of the blocks). In a block, with L the lead bytes and C the continuation bytes (bit
 * per byte), each lead wants continuation bytes at the next two places: C must be exactly
 * those (L << 1 | L << 2, with the places the last block's leads want), and every byte from
 * 0x80 up a lead or a continuation. *odd_mask collects the odd control bytes of such blocks.
 */
static inline size_t utf8_blocks(const unsigned char *s, size_t i, size_t n, bool *non_ascii,
                                 unsigned *odd_mask)
{
    /* a range lo..hi of bytes in one signed compare: b + (0x80 - lo) puts it at -128 up */
    const __m128i to_lead = _mm_set1_epi8((char)(0x80 - 0xE1));
    const __m128i lead_end = _mm_set1_epi8(-128 + 15);                /* E1-EF */
    const __m128i surrogate_lead = _mm_set1_epi8((char)0xED);
    const __m128i cont_end = _mm_set1_epi8(-128 + 64);               /* 80-BF as they are */
    unsigned carry = 0, high_any = 0, odd_any = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned high = (unsigned)_mm_movemask_epi8(v);
        /* leads E1-EF but ED (the surrogate lead) */
        __m128i lead = _mm_cmplt_epi8(_mm_add_epi8(v, to_lead), lead_end);
        lead = _mm_andnot_si128(_mm_cmpeq_epi8(v, surrogate_lead), lead);
        __m128i cont = _mm_cmplt_epi8(v, cont_end);
        unsigned l = (unsigned)_mm_movemask_epi8(lead), c = (unsigned)_mm_movemask_epi8(cont);
        unsigned want = l << 1 | l << 2 | carry;
        if (c != (want & 0xFFFF) || high != (l | c)) break;
        carry = want >> 16;
        high_any |= high;
        if (odd_mask) odd_any |= zg_enc_odd_controls16(s + i);
    }
    if (high_any) *non_ascii = true;
    if (odd_mask) *odd_mask |= odd_any;
    /* a lead in the last two bytes of the last good block: go back to it */
    return i - (carry == 3 ? 1 : carry == 1 ? 2 : 0);
}
#endif

/* Strict UTF-8 validity (no overlongs, surrogates or code points past U+10FFFF). With odd, also
 * whether an odd control byte occurs: every ASCII byte is either in a word of eight ASCII bytes,
 * tested whole, or taken alone below (the bytes of multi-byte characters are never controls). */
static inline bool valid_utf8(const unsigned char *s, size_t n, bool *non_ascii, bool *odd)
{
    size_t i = 0;
    bool seen_odd = false;
    *non_ascii = false;
#if defined(__SSE2__)
    size_t blocks_from = 0;    /* after a block the blocks refused: one character at a time */
    unsigned odd_mask = 0;
#endif
    while (i < n) {
#if defined(__SSE2__)
        if (i >= blocks_from && i + 16 <= n) {
            i = utf8_blocks(s, i, n, non_ascii, odd ? &odd_mask : NULL);
            blocks_from = i + 16;
            if (i >= n) break;
        }
#endif
        unsigned char c = s[i];
        if (c < 0x80) {
            if (odd) seen_odd |= zg_enc_is_odd_control(c);
            i++;
            /* runs of ASCII, eight bytes at a time */
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080ull) break;
                if (odd) seen_odd |= zg_enc_word_has_odd_control(w);
                i += 8;
            }
            continue;
        }
        *non_ascii = true;
        /* Chinese text: two 3-byte characters at once, lead bytes E1-EF other than ED (low
         * nibble neither 0 nor D: never overlong nor a surrogate), continuation bytes after */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            w = __builtin_bswap64(w);
#endif
            if ((w & 0xC0C0F0C0C0F0ULL) != 0x8080E08080E0ULL) break;
            unsigned l0 = (unsigned)w & 0xF, l3 = (unsigned)(w >> 24) & 0xF;
            if (l0 == 0 || l0 == 0xD || l3 == 0 || l3 == 0xD) break;
            i += 6;
        }
        if (i >= n) break;
        c = s[i];
        if (c < 0x80) continue;
        /* the common case, a 3-byte character E1-EC/EE-EF: never overlong nor a surrogate */
        if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && i + 2 < n &&
            (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        size_t k;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; }
        else return false;
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += k + 1;
    }
#if defined(__SSE2__)
    seen_odd |= odd_mask != 0;
#endif
    if (odd) *odd = seen_odd;
    return true;
}

bool zg_enc_valid_utf8(const unsigned char *s, size_t n, bool *non_ascii)
{
    return valid_utf8(s, n, non_ascii, NULL);
}

bool zg_enc_valid_utf8_odd(const unsigned char *s, size_t n, bool *non_ascii, bool *odd)
{
    *odd = true;               /* until the whole input is known valid */
    return valid_utf8(s, n, non_ascii, odd);
}

/* NUL bytes mostly on one parity, as ASCII gives in UTF-16: "UTF-16LE"/"UTF-16BE"/NULL. Only a
 * hint (Chinese text has few such NULs, and U+xx00 characters put some on the other parity). */
const char *zg_enc_utf16_by_nuls(const unsigned char *b, size_t n)
{
    size_t even = 0, odd = 0, m = n < ZG_ENC_TRIAL_BYTES ? n : ZG_ENC_TRIAL_BYTES;
    for (size_t i = 0; i < m; i++)
        if (!b[i]) { if (i & 1) odd++; else even++; }
    if (odd + even < 2) return NULL;
    if (odd >= 2 && even * 4 <= odd) return "UTF-16LE";
    if (even >= 2 && odd * 4 <= even) return "UTF-16BE";
    return NULL;
}

/* A UTF-16 code unit that Chinese (or ASCII) text is made of. */
static bool text_unit(unsigned u)
{
    return u == '\t' || u == '\n' || u == '\r' || (u >= 0x20 && u <= 0x7E) ||
           (u >= 0xA0 && u <= 0x2FF) || (u >= 0x2000 && u <= 0x2BFF) ||
           (u >= 0x3000 && u <= 0x33FF) || (u >= 0x3400 && u <= 0x4DBF) ||
           (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF) ||
           (u >= 0xFE30 && u <= 0xFE4F) || (u >= 0xFF00 && u <= 0xFFEF);
}

/* How many code units of b (as UTF-16, little or big endian) read as text; pairs count. */
static size_t utf16_text_units(const unsigned char *b, size_t units, bool le)
{
    size_t good = 0;
    for (size_t i = 0; i < units; i++) {
        unsigned u = le ? b[2 * i] | (unsigned)b[2 * i + 1] << 8 : (unsigned)b[2 * i] << 8 | b[2 * i + 1];
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
            unsigned v = le ? b[2 * i + 2] | (unsigned)b[2 * i + 3] << 8
                            : (unsigned)b[2 * i + 2] << 8 | b[2 * i + 3];
            if (v >= 0xDC00 && v <= 0xDFFF) { good += 2; i++; }
            continue;
        }
        if (text_unit(u)) good++;
    }
    return good;
}

/* UTF-16 without a BOM: bytes with NULs whose code units (in one byte order) are nearly all
 * ASCII, CJK or CJK punctuation. Returns "UTF-16LE"/"UTF-16BE"/NULL. */
const char *zg_enc_utf16_by_content(const unsigned char *b, size_t n)
{
    size_t m = n < ZG_ENC_TRIAL_BYTES ? n : ZG_ENC_TRIAL_BYTES, units = m / 2;
    if (units < 4) return NULL;
    size_t le = utf16_text_units(b, units, true), be = utf16_text_units(b, units, false);
    size_t best = le >= be ? le : be;
    if (best * 100 < units * 97) return NULL;
    if (le == be) {                    /* the ASCII NULs tell the byte order */
        const char *by_nuls = zg_enc_utf16_by_nuls(b, n);
        if (by_nuls) return by_nuls;
    }
    return le >= be ? "UTF-16LE" : "UTF-16BE";
}
