/*
 * Script: Traditional text is detected with ICU's "Traditional-Simplified" transliterator, one
 * character at a time, and then converted as a whole (its phrase rules need the context), so that
 * norm holds the Simplified form. Only text with Han characters outside GB2312 can be Traditional:
 * plain Simplified text never opens the transliterator.
 *
 * Speed: the GB2312 set (as a bitmap of the common Han block), the transliterator and its
 * one-character results (a table over the common block, a memo elsewhere) live in a per-scanner
 * cache (zg_scanner_slot_*), not per document. The transliterator is built from its rules in ICU's
 * data rather than by ID, from only the rules the texts seen so far can use
 * (normalize_translit.c).
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "normalize.h"
#include "rules.h"
#include "stages.h"
#include "util.h"

/* Share of changed Han characters (1 in N) from which a text counts as Traditional. */
enum { TRAD_SHARE_DIVISOR = 20, TRAD_MIN_CHANGED = 3 };
#define TRANSLIT_ID "Traditional-Simplified"

bool zg_norm_is_han(uint32_t c)
{
    if (c >= ZG_HAN_FIRST && c <= ZG_HAN_LAST) return true; /* without asking ICU */
    if (c < 0x2E80) return false;
    UErrorCode e = U_ZERO_ERROR;
    return uscript_getScript((UChar32)c, &e) == USCRIPT_HAN && u_isalpha((UChar32)c);
}

bool zg_norm_in_gb2312(const zg_norm_cache *cache, uint32_t c)
{
    if (!cache->gb2312) return false;
    if (c >= ZG_HAN_FIRST && c <= ZG_HAN_LAST) return zg_norm_common_in_gb2312(cache, c);
    return uset_contains(cache->gb2312, (UChar32)c);
}

void zg_norm_cache_free(void *p)
{
    zg_norm_cache *c = p;
    if (!c) return;
    uset_close(c->gb2312);
    free(c->runs);
    zg_translit_free(c->translit);
    free(c);
}

/* Mark the set's ranges that fall in the common block in the bitmap. */
static void mark_common_block(const USet *set, unsigned char *bits)
{
    int32_t items = uset_getItemCount(set);
    for (int32_t k = 0; k < items; k++) {
        UChar32 lo, hi;
        UErrorCode e = U_ZERO_ERROR;
        if (uset_getItem(set, k, &lo, &hi, NULL, 0, &e) != 0) continue; /* a string item */
        if (hi < ZG_HAN_FIRST || lo > ZG_HAN_LAST) continue;
        if (lo < ZG_HAN_FIRST) lo = ZG_HAN_FIRST;
        if (hi > ZG_HAN_LAST) hi = ZG_HAN_LAST;
        for (UChar32 cp = lo; cp <= hi; cp++)
            bits[(cp - ZG_HAN_FIRST) >> 3] |= (unsigned char)(1u << ((cp - ZG_HAN_FIRST) & 7));
    }
}

static void *norm_cache_new(const zg_scanner *sc)
{
    (void)sc;
    zg_norm_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open("GB2312", &e);
    USet *set = uset_openEmpty();
    if (U_SUCCESS(e) && set) ucnv_getUnicodeSet(cnv, set, UCNV_ROUNDTRIP_SET, &e);
    ucnv_close(cnv);
    if (U_SUCCESS(e) && set) {
        c->gb2312 = set;
        mark_common_block(set, c->han_gb);
    } else {
        uset_close(set);
    }
    return c;
}

zg_norm_cache *zg_norm_cache_get(zg_document *doc, zg_norm_cache **owned)
{
    *owned = NULL;
    zg_norm_cache *c = zg_scanner_slot(doc->scanner, ZG_SLOT_NORMALIZE, norm_cache_new,
                                       zg_norm_cache_free);
    return c ? c : (*owned = norm_cache_new(NULL));
}

/* Transliterate one code point; returns it unchanged when the result is not a single one. */
static uint32_t translit_one(UTransliterator *tr, uint32_t c)
{
    UChar buf[16];
    int32_t len = 0;
    UErrorCode e = U_ZERO_ERROR;
    U16_APPEND_UNSAFE(buf, len, (UChar32)c);
    int32_t limit = len;
    utrans_transUChars(tr, buf, &len, (int32_t)(sizeof buf / sizeof buf[0]), 0, &limit, &e);
    if (U_FAILURE(e) || len < 1) return c;
    UChar32 r;
    int32_t j = 0;
    U16_NEXT(buf, j, len, r);
    return j == len ? (uint32_t)r : c;
}

/* translit_one through the cache (the transliterator is deterministic); c is Han, never 0. */
static uint32_t translit_cached(zg_norm_cache *cache, uint32_t c)
{
    if (c >= ZG_HAN_FIRST && c <= ZG_HAN_LAST) {
        uint32_t *known = &cache->han_simplified[c - ZG_HAN_FIRST];
        if (!*known) *known = translit_one(cache->tr, c);
        return *known;
    }
    size_t slot = (c * 2654435761u) >> 20 & (ZG_TRANSLIT_MEMO - 1);
    if (cache->memo_key[slot] == c) return cache->memo_val[slot];
    uint32_t r = translit_one(cache->tr, c);
    cache->memo_key[slot] = c;
    cache->memo_val[slot] = r;
    return r;
}

/* The text's code points (malloc'd, *n of them); NULL on allocation failure. */
static uint32_t *code_points(const zg_document *doc, size_t *n)
{
    size_t count = 0;
    for (size_t i = 0; i < doc->text_len; count++) zg_utf8_next(doc->text, doc->text_len, &i);
    uint32_t *cp = malloc((count + 1) * sizeof *cp);
    if (!cp) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < doc->text_len;) cp[k++] = zg_utf8_next(doc->text, doc->text_len, &i);
    *n = count;
    return cp;
}

/* Runs of up to RUN_KEY code points converting to up to RUN_OUT UTF-16 units are remembered. */
enum { RUN_MEMO = 2048, RUN_KEY = 8, RUN_OUT = 16 };

struct zg_run_memo {
    uint8_t n_key, n_out;      /* n_key 0 = empty */
    uint32_t key[RUN_KEY];
    UChar out[RUN_OUT];
};

static bool in_source(const zg_norm_cache *cache, uint32_t c)
{
    if (c >= ZG_HAN_FIRST && c <= ZG_HAN_LAST)
        return (cache->han_source[(c - ZG_HAN_FIRST) >> 3] >> ((c - ZG_HAN_FIRST) & 7)) & 1;
    return uset_contains(cache->source, (UChar32)c);
}

/*
 * Append the conversion of the run cp[0, n) (all in the filter) to buf[0, *len) of capacity cap;
 * false with *e set on failure (U_BUFFER_OVERFLOW_ERROR past cap, as the whole text would fail).
 */
static bool convert_run(zg_norm_cache *cache, const uint32_t *cp, size_t n, UChar *buf,
                        int32_t *len, int32_t cap, UErrorCode *e)
{
    struct zg_run_memo *slot = NULL;
    if (n <= RUN_KEY) {
        if (!cache->runs) cache->runs = calloc(RUN_MEMO, sizeof *cache->runs);
        if (cache->runs) {
            uint32_t h = 2166136261u;
            for (size_t k = 0; k < n; k++) h = (h ^ cp[k]) * 16777619u;
            slot = &cache->runs[(h ^ h >> 15) & (RUN_MEMO - 1)];
            if (slot->n_key == n && memcmp(slot->key, cp, n * sizeof *cp) == 0) {
                if (*len + slot->n_out > cap) {
                    *e = U_BUFFER_OVERFLOW_ERROR;
                    return false;
                }
                memcpy(buf + *len, slot->out, slot->n_out * sizeof *buf);
                *len += slot->n_out;
                return true;
            }
        }
    }
    int32_t start = *len, room = cap - start, run16 = 0;
    for (size_t k = 0; k < n; k++) run16 += U16_LENGTH((UChar32)cp[k]);
    /* converted in place; in its own buffer only when the input alone would not fit there */
    UChar *text = run16 <= room ? buf + start : malloc((size_t)run16 * sizeof *text);
    if (!text) {
        *e = U_MEMORY_ALLOCATION_ERROR;
        return false;
    }
    int32_t rlen = 0;
    for (size_t k = 0; k < n; k++) U16_APPEND_UNSAFE(text, rlen, (UChar32)cp[k]);
    int32_t limit = rlen;
    utrans_transUChars(cache->tr, text, &rlen, run16 <= room ? room : run16, 0, &limit, e);
    if (U_SUCCESS(*e) && rlen > room) *e = U_BUFFER_OVERFLOW_ERROR;
    if (text != buf + start) {
        if (U_SUCCESS(*e)) memcpy(buf + start, text, (size_t)rlen * sizeof *text);
        free(text);
    }
    if (U_FAILURE(*e)) return false;
    *len = start + rlen;
    if (slot && rlen <= RUN_OUT) {
        slot->n_key = (uint8_t)n;
        memcpy(slot->key, cp, n * sizeof *cp);
        slot->n_out = (uint8_t)rlen;
        memcpy(slot->out, buf + start, (size_t)rlen * sizeof *buf);
    }
    return true;
}

/*
 * The whole-text transliteration of cp[0, n) into buf (capacity cap) as the filtered
 * transliterator makes it: characters outside the filter stay, each maximal run inside it is
 * converted on its own (and remembered). Returns the length; *e as utrans_transUChars sets it.
 */
static int32_t convert_by_runs(zg_norm_cache *cache, const uint32_t *cp, size_t n, UChar *buf,
                               int32_t cap, UErrorCode *e)
{
    int32_t len = 0;
    for (size_t k = 0; k < n;) {
        if (!in_source(cache, cp[k])) {
            if (len + U16_LENGTH((UChar32)cp[k]) > cap) {
                *e = U_BUFFER_OVERFLOW_ERROR;
                return 0;
            }
            U16_APPEND_UNSAFE(buf, len, (UChar32)cp[k]);
            k++;
            continue;
        }
        size_t m = k + 1;
        while (m < n && in_source(cache, cp[m])) m++;
        if (!convert_run(cache, cp + k, m - k, buf, &len, cap, e)) return 0;
        k = m;
    }
    return len;
}

/*
 * Replace Traditional characters by Simplified ones in cp[0, n), code point for code point.
 * The whole text is transliterated at once; when the result does not line up with the source
 * (a character became several), it falls back to one character at a time.
 */
static zg_status to_simplified(zg_norm_cache *cache, uint32_t *cp, size_t n)
{
    size_t n16 = 0;
    for (size_t k = 0; k < n; k++) n16 += (size_t)U16_LENGTH((UChar32)cp[k]);
    size_t cap = n16 * 2 + 16;
    UChar *buf = cap <= INT32_MAX ? malloc(cap * sizeof *buf) : NULL;
    uint32_t *out = malloc((n + 1) * sizeof *out);
    bool aligned = false;
    if (buf && out) {
        int32_t len = 0;
        UErrorCode e = U_ZERO_ERROR;
        if (cache->source) {
            len = convert_by_runs(cache, cp, n, buf, (int32_t)cap, &e);
        } else {
            for (size_t k = 0; k < n; k++) U16_APPEND_UNSAFE(buf, len, (UChar32)cp[k]);
            int32_t limit = len;
            utrans_transUChars(cache->tr, buf, &len, (int32_t)cap, 0, &limit, &e);
        }
        size_t k = 0;
        aligned = U_SUCCESS(e);
        for (int32_t j = 0; aligned && j < len;) {
            UChar32 c;
            U16_NEXT(buf, j, len, c);
            /* only Han characters may change; anything else must stay where it was */
            aligned = k < n && ((uint32_t)c == cp[k] || zg_norm_is_han(cp[k]));
            if (aligned) out[k++] = (uint32_t)c;
        }
        aligned = aligned && k == n;
        if (aligned) memcpy(cp, out, n * sizeof *cp);
    }
    free(buf);
    free(out);
    if (!aligned) {
        if (!buf || !out) return ZG_ERR_NOMEM;
        for (size_t k = 0; k < n; k++)
            if (zg_norm_is_han(cp[k])) cp[k] = translit_cached(cache, cp[k]);
    }
    return ZG_OK;
}

/*
 * Is the text Traditional: are at least TRAD_MIN_CHANGED of its Han characters, and at least 1 in
 * TRAD_SHARE_DIVISOR, changed by the transliterator alone? Stops as soon as the Han characters
 * still to come (each at least 3 bytes) could not raise the share needed above those found.
 */
static bool enough_changed(zg_document *doc, zg_norm_cache *cache)
{
    const unsigned char *u = (const unsigned char *)doc->text;
    size_t n = doc->text_len, han = 0, changed = 0;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t c = zg_norm_common_han_at(u, n, i);
        if (c) i += 3;
        else c = zg_utf8_next(doc->text, n, &i);
        if ((c >= ZG_HAN_FIRST && c <= ZG_HAN_LAST) || zg_norm_is_han(c)) {
            han++;
            if (translit_cached(cache, c) != c && ++changed >= TRAD_MIN_CHANGED &&
                changed * TRAD_SHARE_DIVISOR >= han + (n - i) / 3)
                return true;
        }
    }
    return changed >= TRAD_MIN_CHANGED && changed * TRAD_SHARE_DIVISOR >= han;
}

zg_status zg_norm_detect_script(zg_document *doc, zg_norm_cache *cache, size_t not_gb2312,
                                uint32_t **simplified)
{
    *simplified = NULL;
    doc->script = "simplified";
    if (not_gb2312 < TRAD_MIN_CHANGED) return ZG_OK;

    if (!cache->translit) {
        cache->translit = zg_translit_new(TRANSLIT_ID);
        if (!cache->translit) {
            zg_doc_diag(doc, ZG_SEV_WARNING, "script-unknown", (zg_span){ 0, 0 },
                        "ICU transliterator Traditional-Simplified unavailable; "
                        "text treated as Simplified");
            return ZG_OK;
        }
        cache->source = zg_translit_source(cache->translit);
        if (cache->source) mark_common_block(cache->source, cache->han_source);
    }
    /* the rules this text can need (the characters of earlier texts' stay in) */
    cache->tr = zg_translit_for(cache->translit, doc->text, doc->text_len);
    if (!cache->tr) return ZG_ERR_NOMEM;
    if (!enough_changed(doc, cache)) return ZG_OK;

    doc->script = "traditional";
    size_t n = 0;
    uint32_t *cp = code_points(doc, &n);
    zg_status st = cp ? to_simplified(cache, cp, n) : ZG_ERR_NOMEM;
    if (st == ZG_OK) *simplified = cp;
    else free(cp);
    return st;
}
