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
 * Speed: one pass folds the text and counts its Han characters for the script decision at once,
 * into buffers of the text's size: no character folds longer than itself except ⑽…⒇ and
 * undecodable bytes, and when one does, the text is folded again in two passes (size, then copy).
 * ASCII runs and common-block Han characters are copied without decoding calls; the folds of
 * other characters are remembered per scanner (fold() asks ICU up to three times).
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
        unsigned char flags = 0;
        if (zg_norm_is_han(c))
            flags = ZG_FOLD_HAN | (zg_norm_in_gb2312(cache, c) ? 0 : ZG_FOLD_NOT_GB2312);
        cache->fold_flags[slot] = flags;
        cache->fold_key[slot] = c; /* c >= 0x80, never the empty key 0 */
    }
    return slot;
}

typedef struct han_count {
    size_t han;                /* Han characters */
    size_t not_gb2312;         /* of them, outside GB2312 */
} han_count;

/*
 * Fold the text (no Simplified replacement) into norm/map and count its Han characters; returns
 * the folded length. With norm NULL only count. Unless `sized` (norm and map hold the folded
 * length), norm and map hold text_len bytes: then FOLD_GREW as soon as the output would run ahead
 * of the input.
 */
static size_t fold_plain(zg_norm_cache *cache, const char *text, size_t len,
                         const UNormalizer2 *nfkc, char *norm, size_t *map, bool sized,
                         han_count *hc)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t n = 0, han = 0, not_gb = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = u[i];
        if (b < 0x80) {
            if (b == '\r') {
                /* CRLF: one '\n' at the '\r', so a span ending at the line break excludes both;
                 * a lone CR ends a line too */
                if (norm) {
                    norm[n] = '\n';
                    map[n] = i;
                }
                n++;
                i += i + 1 < len && u[i + 1] == '\n' ? 2 : 1;
                continue;
            }
            size_t j = i + 1;
            while (j < len && u[j] < 0x80 && u[j] != '\r') j++;
            if (norm) {
                memcpy(norm + n, text + i, j - i);
                for (size_t t = i; t < j; t++) map[n++] = t;
            } else {
                n += j - i;
            }
            i = j;
            continue;
        }
        uint32_t c = zg_norm_common_han_at(u, len, i);
        if (c) {
            han++;
            not_gb += !zg_norm_common_in_gb2312(cache, c);
            if (norm) {
                memcpy(norm + n, text + i, 3);
                map[n] = map[n + 1] = map[n + 2] = i;
            }
            n += 3;
            i += 3;
            continue;
        }
        size_t at = i;
        c = zg_utf8_next(text, len, &i);
        size_t slot = fold_slot(cache, nfkc, c);
        unsigned char flags = cache->fold_flags[slot];
        han += flags & ZG_FOLD_HAN;
        not_gb += (flags & ZG_FOLD_NOT_GB2312) != 0;
        size_t blen = cache->fold_len[slot];
        if (norm) {
            if (!sized && n + blen > i) return FOLD_GREW;
            memcpy(norm + n, cache->fold_out[slot], blen);
            for (size_t j = 0; j < blen; j++) map[n + j] = at;
        }
        n += blen;
    }
    hc->han = han;
    hc->not_gb2312 = not_gb;
    return n;
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
        char ascii;
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
    han_count hc;
    uint32_t *simplified = NULL;
    if (!norm_buffers(doc, len, &norm, &map)) goto done;
    n = fold_plain(cache, text, len, nfkc, norm, map, false, &hc);
    if (n == FOLD_GREW) {
        n = fold_plain(cache, text, len, nfkc, NULL, NULL, false, &hc);
        if (!norm_buffers(doc, n, &norm, &map)) goto done;
        fold_plain(cache, text, len, nfkc, norm, map, true, &hc);
    }
    st = zg_norm_detect_script(doc, cache, hc.han, hc.not_gb2312, &simplified);
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
