/*
 * Normalization: doc->text → doc->norm, the folded copy every rule is matched against.
 *
 * Folding (one code point at a time, so norm_map stays exact and monotonic):
 *   - full-width ASCII U+FF01–FF5E → ASCII; other wide/narrow compatibility forms → their NFKC
 *     decomposition (half-width 。「」, ￥ …);
 *   - U+3000, U+00A0 and every other Unicode space separator → ' ';
 *   - ⑴…⒇ → "(n)", ⒈…⒛ → "n.";
 *   - CRLF → one '\n' (mapped to the '\r'), a lone '\r' → '\n'; U+FEFF and zero-width spaces
 *     dropped.
 * Circled numbers ①…⑳, 、。 and other Chinese punctuation stay as they are.
 * Traditional text is folded in its Simplified form (normalize_script.c decides).
 *
 * Speed: one pass folds the text into buffers of the text's size and counts its Han characters
 * outside GB2312 (the script question; the Han count itself is taken only when that is asked): no
 * character folds longer than itself except ⑽…⒇ and undecodable bytes, and when one does, the
 * text is folded again in two passes (size, then copy). ASCII and 3-byte sequences (all of CJK)
 * take one look-up each in a per-scanner table of how each 3-byte sequence folds (fold_fast);
 * the folds of other characters are remembered per scanner (fold() asks ICU up to three times).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "normalize.h"
#include "stages.h"
#include "util.h"

/* fold_plain's answer when a character folds longer than itself */
#define FOLD_GREW SIZE_MAX

/* Append the folded form of c (at most 8 bytes) to out; returns the byte count. */
static size_t fold(const UNormalizer2 *nfkc, uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = c == '\r' ? '\n' : (char)c; /* a lone CR ends a line */
        return 1;
    }
    if (c >= 0x4E00 && c <= 0x9FFF) return zg_utf8_put(c, out); /* Han: as is, quickly */
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD; /* norm stays valid UTF-8 */
    if (c >= 0xFF01 && c <= 0xFF5E) {  /* full-width ASCII */
        out[0] = (char)(c - 0xFEE0);
        return 1;
    }
    if (c == 0xFEFF || (c >= 0x200B && c <= 0x200D)) return 0;  /* BOM, zero-width spaces */
    if (c >= 0x2474 && c <= 0x2487) {  /* ⑴ … ⒇ */
        size_t n = (size_t)(c - 0x2474 + 1);
        char *o = out;
        *o++ = '(';
        if (n >= 10) *o++ = (char)('0' + n / 10);
        *o++ = (char)('0' + n % 10);
        *o++ = ')';
        return (size_t)(o - out);
    }
    if (c >= 0x2488 && c <= 0x249B) {  /* ⒈ … ⒛ */
        size_t n = (size_t)(c - 0x2488 + 1);
        char *o = out;
        if (n >= 10) *o++ = (char)('0' + n / 10);
        *o++ = (char)('0' + n % 10);
        *o++ = '.';
        return (size_t)(o - out);
    }
    if (u_charType((UChar32)c) == U_SPACE_SEPARATOR || u_isUWhiteSpace((UChar32)c)) {
        if (c == 0x2028 || c == 0x2029 || c == 0x85) {
            out[0] = '\n';
            return 1;
        }
        out[0] = ' ';
        return 1;
    }
    int dt = u_getIntPropertyValue((UChar32)c, UCHAR_DECOMPOSITION_TYPE);
    if (nfkc && (dt == U_DT_WIDE || dt == U_DT_NARROW)) {
        UChar d[8];
        UErrorCode e = U_ZERO_ERROR;
        int32_t n = unorm2_getRawDecomposition(nfkc, (UChar32)c, d, 8, &e);
        if (U_SUCCESS(e) && n > 0) {
            UChar32 r;
            int32_t j = 0;
            U16_NEXT(d, j, n, r);
            if (j == n) return zg_utf8_put((uint32_t)r, out);
        }
    }
    return zg_utf8_put(c, out);
}


/* The memo slot holding fold(c) for a non-ASCII c, filled on first use. */
static size_t fold_slot(zg_norm_cache *cache, const UNormalizer2 *nfkc, uint32_t c)
{
    size_t slot = (c * 2654435761u) >> 22 & (ZG_FOLD_MEMO - 1);
    if (cache->fold_key[slot] != c) {
        cache->fold_len[slot] = (unsigned char)fold(nfkc, c, cache->fold_out[slot]);
        cache->fold_flags[slot] =
            zg_norm_is_han(c) && !zg_norm_in_gb2312(cache, c) ? ZG_FOLD_NOT_GB2312 : 0;
        cache->fold_key[slot] = c; /* c >= 0x80, never the empty key 0 */
    }
    return slot;
}

/*
 * cache->fold_class: how a 3-byte UTF-8 sequence folds, indexed by fold_key of its bytes. An
 * overlong E0 sequence or an encoded surrogate is FC_SLOW (zg_utf8_next judges those bytes), and
 * so is a Han character outside GB2312 (fold_one counts those for the script decision).
 */
enum {
    FC_UNKNOWN = 0,            /* not classified yet */
    FC_SAME = 1,               /* folds to itself (Han: in GB2312) */
    FC_SLOW = 2,               /* anything else: through fold_one */
    FC_ASCII = 0x80            /* | b: folds to the one ASCII byte b; not Han */
};

/*
 * The 16-bit table index of the 3-byte sequence in the low 3 bytes of w (little-endian; the 4th
 * byte is ignored): one-to-one on 3-byte sequences, which fix the top 4 bits of the first byte
 * and the top 2 of the others: (w ^ w >> 6) keeps the low 4 bits of the first byte, the low 6 of
 * the second and, in bits 10-15, the low 6 of the third, mixed invertibly with the fixed bits.
 * Cheaper than decoding the code point; test_normalize_fold folds every BMP character.
 */
static inline unsigned fold_key(uint32_t w)
{
    return (w ^ w >> 6) & 0xFFFF;
}

/* Classify the 3-byte sequence in w (see FC_*), remember and return its class. */
static __attribute__((noinline)) unsigned char fold_classify(zg_norm_cache *cache,
                                                             const UNormalizer2 *nfkc, uint32_t w)
{
    uint32_t c = (w & 0x0Fu) << 12 | (w >> 2 & 0xFC0u) | (w >> 16 & 0x3Fu);
    unsigned char cls = FC_SLOW;
    if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
        char out[8], self[4];
        size_t n = fold(nfkc, c, out);
        bool han = zg_norm_is_han(c);
        if (n == 3 && zg_utf8_put(c, self) == 3 && memcmp(out, self, 3) == 0) {
            if (!han || zg_norm_in_gb2312(cache, c)) cls = FC_SAME;
        } else if (n == 1 && !han && (unsigned char)out[0] < 0x80) {
            cls = (unsigned char)(FC_ASCII | (unsigned char)out[0]);
        }
    }
    cache->fold_class[fold_key(w)] = cls;
    return cls;
}

/* The 4 bytes at p as a little-endian number (p[0] in the low byte): one load. */
static inline uint32_t load_le32(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
#else
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
#endif
}

/*
 * The folded length of the text (no Simplified replacement), character by character: for text
 * that folds longer than itself, before fold_plain folds it into buffers of that size.
 */
static size_t folded_length(zg_norm_cache *cache, const char *text, size_t len,
                            const UNormalizer2 *nfkc)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x80) {
            i += u[i] == '\r' && i + 1 < len && u[i + 1] == '\n' ? 2 : 1; /* CRLF: one '\n' */
            n++;
            continue;
        }
        uint32_t c = zg_utf8_next(text, len, &i);
        n += cache->fold_len[fold_slot(cache, nfkc, c)];
    }
    return n;
}

/* Where fold_plain stands: text offset, folded length, Han characters outside GB2312. */
typedef struct fold_pos {
    size_t i, n, not_gb2312;
} fold_pos;

/*
 * Fold the one character at p->i through the fold memo (or '\r'); false when its fold would run
 * ahead of the input and the buffers are not `sized`. Out of line: the hot loop keeps its state
 * in registers.
 */
static __attribute__((noinline)) bool fold_one(zg_norm_cache *cache, const UNormalizer2 *nfkc,
                                               const char *text, size_t len, char *norm,
                                               size_t *map, bool sized, fold_pos *p)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t i = p->i, at = i, n = p->n;
    if (u[i] < 0x80) {
        if (u[i] == '\r') {
            /* CRLF: one '\n' at the '\r', so a span ending at the line break excludes both;
             * a lone CR ends a line too */
            norm[n] = '\n';
            i += i + 1 < len && u[i + 1] == '\n' ? 2 : 1;
        } else {
            norm[n] = (char)u[i++];
        }
        map[n] = at;
        p->i = i;
        p->n = n + 1;
        return true;
    }
    uint32_t c = zg_utf8_next(text, len, &i);
    size_t slot = fold_slot(cache, nfkc, c);
    size_t blen = cache->fold_len[slot];
    if (!sized && n + blen > i) return false;
    p->not_gb2312 += (cache->fold_flags[slot] & ZG_FOLD_NOT_GB2312) != 0;
    memcpy(norm + n, cache->fold_out[slot], blen);
    for (size_t j = 0; j < blen; j++) map[n + j] = at;
    p->i = i;
    p->n = n + blen;
    return true;
}

/*
 * The common characters from text offset i (norm offset *n) on, one table look-up each: ASCII
 * and 3-byte sequences (all of CJK) by
 * fold_class: those that fold to themselves are copied (four bytes are stored, the fourth is
 * overwritten next: the output never runs ahead of the input, or the buffer holds the folded
 * length + 1), full-width ASCII and spaces become their byte. Returns the offset of the first
 * character it leaves to the caller (a '\r', an FC_SLOW or FC_UNKNOWN class, another length, or
 * the last three bytes). A leaf function: its state stays in registers.
 */
static __attribute__((noinline)) size_t fold_fast(const unsigned char *u, size_t len, size_t i,
                                                  size_t *n_io, char *norm, size_t *map,
                                                  const unsigned char *fold_class)
{
    if (len < 4) return i;
    size_t n = *n_io, last = len - 4; /* the last offset with four bytes to load */
    while (i <= last) {
        uint32_t w = load_le32(u + i);
        if ((w & 0xC0C0F0u) == 0x8080E0u) { /* a 3-byte sequence */
            unsigned cls = fold_class[fold_key(w)];
            if (cls == FC_SAME) {
                memcpy(norm + n, u + i, 4);
                map[n] = map[n + 1] = map[n + 2] = i;
                n += 3;
                i += 3;
            } else if (cls & FC_ASCII) {
                norm[n] = (char)(cls & 0x7F);
                map[n++] = i;
                i += 3;
            } else {
                break;
            }
        } else if (!(w & 0x80) && (w & 0xFF) != '\r') { /* ASCII */
            norm[n] = (char)(w & 0x7F);
            map[n++] = i++;
        } else {
            break;
        }
    }
    *n_io = n;
    return i;
}

/*
 * Fold the text (no Simplified replacement) into norm/map and count its Han characters outside
 * GB2312 (*not_gb2312); returns the folded length. Unless `sized` (norm and map hold the folded
 * length, + 1), norm and map hold text_len + 1 entries: then FOLD_GREW as soon as the output
 * would run ahead of the input. fold_fast takes the common characters, a character it leaves is
 * classified (first time seen) or folded by fold_one.
 */
static size_t fold_plain(zg_norm_cache *cache, const char *text, size_t len,
                         const UNormalizer2 *nfkc, char *norm, size_t *map, bool sized,
                         size_t *not_gb2312)
{
    const unsigned char *u = (const unsigned char *)text;
    fold_pos p = { 0, 0, 0 };
    for (;;) {
        p.i = fold_fast(u, len, p.i, &p.n, norm, map, cache->fold_class);
        if (p.i >= len) break;
        if (p.i + 4 <= len) {
            uint32_t w = load_le32(u + p.i);
            if ((w & 0xC0C0F0u) == 0x8080E0u && cache->fold_class[fold_key(w)] == FC_UNKNOWN) {
                fold_classify(cache, nfkc, w);
                continue;
            }
        }
        if (!fold_one(cache, nfkc, text, len, norm, map, sized, &p)) return FOLD_GREW;
    }
    *not_gb2312 = p.not_gb2312;
    return p.n;
}

/*
 * Fold text whose code points are replaced one for one by `simplified` into norm/map (NULL: only
 * count); returns the folded length.
 */
static size_t fold_simplified(zg_norm_cache *cache, const char *text, size_t len,
                              const uint32_t *simplified, const UNormalizer2 *nfkc, char *norm,
                              size_t *map)
{
    size_t n = 0;
    for (size_t i = 0, k = 0; i < len; k++) {
        size_t at = i;
        zg_utf8_next(text, len, &i);
        uint32_t c = simplified[k];
        const char *out;
        char ascii, han[3];
        size_t blen;
        if (c == '\r' && i < len && text[i] == '\n') {
            /* CRLF: one '\n' at the '\r' */
            i++;
            k++;
            ascii = '\n';
            out = &ascii;
            blen = 1;
        } else if (c < 0x80) {
            ascii = c == '\r' ? '\n' : (char)c;
            out = &ascii;
            blen = 1;
        } else if (c >= ZG_HAN_FIRST && c <= ZG_HAN_LAST) {
            /* the common Han block folds to itself (fold()): no memo */
            han[0] = (char)(0xE0 | c >> 12);
            han[1] = (char)(0x80 | (c >> 6 & 0x3F));
            han[2] = (char)(0x80 | (c & 0x3F));
            out = han;
            blen = 3;
        } else {
            size_t slot = fold_slot(cache, nfkc, c);
            out = cache->fold_out[slot];
            blen = cache->fold_len[slot];
        }
        if (norm) {
            for (size_t j = 0; j < blen; j++) {
                norm[n + j] = out[j];
                map[n + j] = at;
            }
        }
        n += blen;
    }
    return n;
}

/* Arena buffers for a norm of n bytes (and its map), not zeroed: every byte up to the folded
 * length is written; false on allocation failure. */
static bool norm_buffers(zg_document *doc, size_t n, char **norm, size_t **map)
{
    *norm = zg_arena_alloc_raw(&doc->arena, n + 1);
    *map = zg_arena_alloc_raw(&doc->arena, (n + 1) * sizeof **map);
    return *norm && *map;
}

zg_status zg_normalize(zg_document *doc, zg_error *err)
{
    (void)err;
    zg_norm_cache *owned = NULL;
    zg_norm_cache *cache = zg_norm_cache_get(doc, &owned);
    if (!cache) return ZG_ERR_NOMEM;
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
    if (U_FAILURE(e)) nfkc = NULL;

    const char *text = doc->text;
    size_t len = doc->text_len;
    zg_status st = ZG_ERR_NOMEM;
    char *norm;
    size_t *map, n;
    size_t not_gb2312;
    uint32_t *simplified = NULL;
    if (!norm_buffers(doc, len, &norm, &map)) goto done;
    n = fold_plain(cache, text, len, nfkc, norm, map, false, &not_gb2312);
    if (n == FOLD_GREW) {
        n = folded_length(cache, text, len, nfkc);
        if (!norm_buffers(doc, n, &norm, &map)) goto done;
        fold_plain(cache, text, len, nfkc, norm, map, true, &not_gb2312);
    }
    st = zg_norm_detect_script(doc, cache, not_gb2312, &simplified);
    if (st != ZG_OK) goto done;
    if (simplified) {
        /* Traditional: fold again, in the Simplified form */
        st = ZG_ERR_NOMEM;
        n = fold_simplified(cache, text, len, simplified, nfkc, NULL, NULL);
        if (!norm_buffers(doc, n, &norm, &map)) goto done;
        fold_simplified(cache, text, len, simplified, nfkc, norm, map);
        st = ZG_OK;
    }
    norm[n] = '\0';
    map[n] = len;
    doc->norm = norm;
    doc->norm_len = n;
    doc->norm_map = map;
done:
    free(simplified);
    zg_norm_cache_free(owned);
    return st;
}
