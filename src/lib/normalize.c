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
 *
 * Script: Traditional text is detected with ICU's "Traditional-Simplified" transliterator and
 * norm then holds the Simplified form. The transliterator is opened only when the text has Han
 * characters outside GB2312 (plain Simplified text never needs it).
 *
 * Speed: the GB2312 set (as a bitmap of the common Han block), the transliterator and a memo of
 * its one-character results live in a per-scanner cache (zg_scanner_slot_*), not per document;
 * ASCII and common-block Han characters are folded without decoding calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "stages.h"
#include "util.h"

/* Share of changed Han characters (1 in N) from which a text counts as Traditional. */
enum { TRAD_SHARE_DIVISOR = 20, TRAD_MIN_CHANGED = 3 };
#define TRANSLIT_ID "Traditional-Simplified"

static bool is_han(uint32_t c)
{
    if (c >= 0x4E00 && c <= 0x9FFF) return true; /* the common block, without asking ICU */
    if (c < 0x2E80) return false;
    UErrorCode e = U_ZERO_ERROR;
    return uscript_getScript((UChar32)c, &e) == USCRIPT_HAN && u_isalpha((UChar32)c);
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

enum { HAN_FIRST = 0x4E00, HAN_LAST = 0x9FFF, MEMO_SIZE = 4096, FOLD_MEMO = 1024 };

/* ICU objects and tables kept per scanner (one thread) across documents. */
typedef struct norm_cache {
    USet *gb2312;              /* GB2312 round-trip set; NULL when ICU has no GB2312 table */
    unsigned char han_gb[(HAN_LAST - HAN_FIRST + 1 + 7) / 8]; /* that set over the common block */
    UTransliterator *tr;       /* Traditional-Simplified, opened on first need */
    uint32_t memo_key[MEMO_SIZE], memo_val[MEMO_SIZE]; /* translit_one results (key 0 = empty) */
    uint32_t fold_key[FOLD_MEMO];   /* fold() results of non-ASCII characters (key 0 = empty) */
    unsigned char fold_len[FOLD_MEMO];
    char fold_out[FOLD_MEMO][8];
} norm_cache;

static void norm_cache_free(void *p)
{
    norm_cache *c = p;
    if (!c) return;
    uset_close(c->gb2312);
    if (c->tr) utrans_close(c->tr);
    free(c);
}

static norm_cache *norm_cache_new(void)
{
    norm_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open("GB2312", &e);
    USet *set = uset_openEmpty();
    if (U_SUCCESS(e) && set) ucnv_getUnicodeSet(cnv, set, UCNV_ROUNDTRIP_SET, &e);
    ucnv_close(cnv);
    if (U_SUCCESS(e) && set) {
        c->gb2312 = set;
        for (uint32_t cp = HAN_FIRST; cp <= HAN_LAST; cp++)
            if (uset_contains(set, (UChar32)cp))
                c->han_gb[(cp - HAN_FIRST) >> 3] |= (unsigned char)(1u << ((cp - HAN_FIRST) & 7));
    } else {
        uset_close(set);
    }
    return c;
}

/* The scanner's cache (created on first use), or a new one owned by the caller (*owned). */
static norm_cache *norm_cache_get(zg_document *doc, norm_cache **owned)
{
    *owned = NULL;
    zg_scanner *sc = doc->scanner;
    norm_cache *c = sc ? zg_scanner_slot_get(sc, ZG_SLOT_NORMALIZE) : NULL;
    if (c) return c;
    c = norm_cache_new();
    if (!c) return NULL;
    if (sc) {
        zg_scanner_slot_set(sc, ZG_SLOT_NORMALIZE, c, norm_cache_free);
        if (zg_scanner_slot_get(sc, ZG_SLOT_NORMALIZE) == c) return c;
    }
    *owned = c;
    return c;
}

static bool in_gb2312(const norm_cache *cache, uint32_t c)
{
    if (!cache->gb2312) return false; /* no GB2312 table: let the transliterator judge */
    if (c >= HAN_FIRST && c <= HAN_LAST)
        return (cache->han_gb[(c - HAN_FIRST) >> 3] >> ((c - HAN_FIRST) & 7)) & 1;
    return uset_contains(cache->gb2312, (UChar32)c);
}

/* A common-block Han character (U+4E00–U+9FFF) as 3 valid UTF-8 bytes at u[i]: its code point. */
static inline uint32_t common_han_at(const unsigned char *u, size_t n, size_t i)
{
    unsigned char b = u[i];
    if (b < 0xE4 || b > 0xE9 || i + 2 >= n) return 0;
    if ((u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80) return 0;
    if (b == 0xE4 && u[i + 1] < 0xB8) return 0;
    return ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
}

/*
 * Han characters of the text that GB2312 cannot encode: the only candidates for Traditional
 * forms (plain Simplified text has none, so the transliterator is never opened for it).
 */
static size_t count_non_gb2312_han(const zg_document *doc, const norm_cache *cache,
                                   size_t *han_total)
{
    size_t han = 0, outside = 0;
    const unsigned char *u = (const unsigned char *)doc->text;
    size_t n = doc->text_len;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t c = common_han_at(u, n, i);
        if (c) {
            i += 3;
        } else {
            c = zg_utf8_next(doc->text, n, &i);
            if (!is_han(c)) continue;
        }
        han++;
        if (!in_gb2312(cache, c)) outside++;
    }
    *han_total = han;
    return outside;
}

/* translit_one through the cache's memo (the transliterator is deterministic). */
static uint32_t translit_memo(norm_cache *cache, uint32_t c)
{
    size_t slot = (c * 2654435761u) >> 20 & (MEMO_SIZE - 1);
    if (cache->memo_key[slot] == c) return cache->memo_val[slot];
    uint32_t r = translit_one(cache->tr, c);
    cache->memo_key[slot] = c; /* c is Han, never 0 */
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

/*
 * Replace Traditional characters by Simplified ones in cp[0, n), code point for code point.
 * The whole text is transliterated at once; when the result does not line up with the source
 * (a character became several), it falls back to one character at a time.
 */
static zg_status to_simplified(UTransliterator *tr, uint32_t *cp, size_t n)
{
    size_t n16 = 0;
    for (size_t k = 0; k < n; k++) n16 += (size_t)U16_LENGTH((UChar32)cp[k]);
    size_t cap = n16 * 2 + 16;
    UChar *buf = cap <= INT32_MAX ? malloc(cap * sizeof *buf) : NULL;
    uint32_t *out = malloc((n + 1) * sizeof *out);
    bool aligned = false;
    if (buf && out) {
        int32_t len = 0;
        for (size_t k = 0; k < n; k++) U16_APPEND_UNSAFE(buf, len, (UChar32)cp[k]);
        int32_t limit = len;
        UErrorCode e = U_ZERO_ERROR;
        utrans_transUChars(tr, buf, &len, (int32_t)cap, 0, &limit, &e);
        size_t k = 0;
        aligned = U_SUCCESS(e);
        for (int32_t j = 0; aligned && j < len;) {
            UChar32 c;
            U16_NEXT(buf, j, len, c);
            /* only Han characters may change; anything else must stay where it was */
            aligned = k < n && ((uint32_t)c == cp[k] || is_han(cp[k]));
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
            if (is_han(cp[k])) cp[k] = translit_one(tr, cp[k]);
    }
    return ZG_OK;
}

/* An ID of the transliterator index that names one transliterator (no filter, no compound). */
static bool plain_translit_id(const UChar *s, int32_t len)
{
    if (len <= 0 || len >= 64) return false;
    for (int32_t i = 0; i < len; i++) {
        UChar c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '/'))
            return false;
    }
    return true;
}

/*
 * The transliterator `id` built straight from its rules in ICU's transliteration data (aliases
 * followed), or NULL when the data does not describe it that way. utrans_openU by ID would first
 * build ICU's transliterator registry: ~1,000 IDs registered in quadratic time, 137M of the 167M
 * instructions of the open. The rules are the ones the registry would parse, parsed the same way;
 * an instance parsed from rules owns its data, so transliterating takes no ICU-wide lock either.
 */
static UTransliterator *translit_open_from_data(const char *id)
{
    UErrorCode e = U_ZERO_ERROR;
    UResourceBundle *bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "translit", NULL, &e);
    UResourceBundle *index = ures_getByKey(bundle, "RuleBasedTransliteratorIDs", NULL, &e);
    UTransliterator *tr = NULL;
    char name[64];
    snprintf(name, sizeof name, "%s", id);
    for (int hops = 0; hops < 4 && U_SUCCESS(e) && !tr; hops++) {
        UResourceBundle *entry = ures_getByKey(index, name, NULL, &e);
        UResourceBundle *how = ures_getByIndex(entry, 0, NULL, &e);
        const char *kind = U_SUCCESS(e) ? ures_getKey(how) : NULL;
        int32_t len = 0;
        if (kind && strcmp(kind, "alias") == 0) {
            const UChar *target = ures_getString(how, &len, &e);
            if (U_SUCCESS(e) && plain_translit_id(target, len)) {
                u_UCharsToChars(target, name, len);
                name[len] = '\0';
            } else {
                e = U_UNSUPPORTED_ERROR;
            }
        } else if (kind && (strcmp(kind, "file") == 0 || strcmp(kind, "internal") == 0)) {
            const UChar *rules = ures_getStringByKey(how, "resource", &len, &e);
            int32_t dlen = 0;
            const UChar *dir = ures_getStringByKey(how, "direction", &dlen, &e);
            if (U_SUCCESS(e) && dlen > 0) {
                UChar uid[64];
                u_uastrncpy(uid, id, 63);
                uid[63] = 0;
                UParseError pe;
                tr = utrans_openU(uid, -1, dir[0] == 'F' ? UTRANS_FORWARD : UTRANS_REVERSE, rules,
                                  len, &pe, &e);
                if (U_FAILURE(e) && tr) {
                    utrans_close(tr);
                    tr = NULL;
                }
            }
            if (!tr) e = U_UNSUPPORTED_ERROR;
        } else {
            e = U_UNSUPPORTED_ERROR;
        }
        ures_close(how);
        ures_close(entry);
    }
    ures_close(index);
    ures_close(bundle);
    return tr;
}

/*
 * Decide the script. For Traditional text *simplified receives the text's code points in their
 * Simplified form (malloc'd, one per code point of the text); otherwise it stays NULL.
 */
static zg_status detect_script(zg_document *doc, norm_cache *cache, uint32_t **simplified)
{
    *simplified = NULL;
    doc->script = "simplified";
    size_t han = 0;
    if (count_non_gb2312_han(doc, cache, &han) < TRAD_MIN_CHANGED) return ZG_OK;

    if (!cache->tr) {
        UErrorCode e = U_ZERO_ERROR;
        UTransliterator *tr = translit_open_from_data(TRANSLIT_ID);
        UChar id[32];
        u_uastrcpy(id, TRANSLIT_ID);
        if (!tr) tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
        if (U_FAILURE(e) || !tr) {
            if (tr) utrans_close(tr);
            zg_doc_diag(doc, ZG_SEV_WARNING, "script-unknown", (zg_span){ 0, 0 },
                        "ICU transliterator Traditional-Simplified unavailable (%s); "
                        "text treated as Simplified", u_errorName(e));
            return ZG_OK;
        }
        cache->tr = tr;
    }
    size_t changed = 0;
    for (size_t i = 0; i < doc->text_len;) {
        uint32_t c = zg_utf8_next(doc->text, doc->text_len, &i);
        if (is_han(c) && translit_memo(cache, c) != c) changed++;
    }
    zg_status st = ZG_OK;
    if (changed >= TRAD_MIN_CHANGED && changed * TRAD_SHARE_DIVISOR >= han) {
        doc->script = "traditional";
        size_t n = 0;
        uint32_t *cp = code_points(doc, &n);
        st = cp ? to_simplified(cache->tr, cp, n) : ZG_ERR_NOMEM;
        if (st == ZG_OK) *simplified = cp;
        else free(cp);
    }
    return st;
}

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

/*
 * Fold text into norm/map (NULL: only count); returns the folded length. `simplified`, when set,
 * replaces the text's code points one for one.
 */
static size_t fold_text(norm_cache *cache, const char *text, size_t len,
                        const uint32_t *simplified, const UNormalizer2 *nfkc, char *norm,
                        size_t *map)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t n = 0;
    for (size_t i = 0, k = 0; i < len; k++) {
        if (!simplified) {
            /* fast paths: ASCII other than CR, and common-block Han, are copied as they are */
            unsigned char b = u[i];
            if (b < 0x80 && b != '\r') {
                if (norm) {
                    norm[n] = (char)b;
                    map[n] = i;
                }
                n++;
                i++;
                continue;
            }
            if (common_han_at(u, len, i)) {
                if (norm) {
                    memcpy(norm + n, text + i, 3);
                    map[n] = map[n + 1] = map[n + 2] = i;
                }
                n += 3;
                i += 3;
                continue;
            }
        }
        size_t at = i;
        uint32_t c = zg_utf8_next(text, len, &i);
        if (simplified) c = simplified[k];
        char buf[8];
        size_t blen;
        if (c == '\r' && i < len && text[i] == '\n') {
            /* CRLF: one '\n' at the '\r', so a span ending at the line break excludes both */
            i++;
            k++;
            buf[0] = '\n';
            blen = 1;
        } else if (c >= 0x80) {
            /* fold() asks ICU up to three times per character: remember its answers */
            size_t slot = (c * 2654435761u) >> 22 & (FOLD_MEMO - 1);
            if (cache->fold_key[slot] != c) {
                cache->fold_len[slot] = (unsigned char)fold(nfkc, c, cache->fold_out[slot]);
                cache->fold_key[slot] = c;
            }
            blen = cache->fold_len[slot];
            memcpy(buf, cache->fold_out[slot], sizeof buf);
        } else {
            blen = fold(nfkc, c, buf);
        }
        if (norm) {
            for (size_t j = 0; j < blen; j++) {
                norm[n + j] = buf[j];
                map[n + j] = at;
            }
        }
        n += blen;
    }
    return n;
}

zg_status zg_normalize(zg_document *doc, zg_error *err)
{
    (void)err;
    norm_cache *owned = NULL;
    norm_cache *cache = norm_cache_get(doc, &owned);
    if (!cache) return ZG_ERR_NOMEM;
    uint32_t *simplified = NULL;
    zg_status st = detect_script(doc, cache, &simplified);
    if (st != ZG_OK) {
        norm_cache_free(owned);
        return st;
    }

    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
    if (U_FAILURE(e)) nfkc = NULL;

    /* two passes over the text: the exact size (⑴ grows, \r and BOMs vanish), then the copy */
    size_t n = fold_text(cache, doc->text, doc->text_len, simplified, nfkc, NULL, NULL);
    char *norm = zg_arena_alloc(&doc->arena, n + 1);
    size_t *map = zg_arena_alloc(&doc->arena, (n + 1) * sizeof *map);
    if (!norm || !map) {
        free(simplified);
        norm_cache_free(owned);
        return ZG_ERR_NOMEM;
    }
    fold_text(cache, doc->text, doc->text_len, simplified, nfkc, norm, map);
    free(simplified);
    norm_cache_free(owned);
    norm[n] = '\0';
    map[n] = doc->text_len;
    doc->norm = norm;
    doc->norm_len = n;
    doc->norm_map = map;
    return ZG_OK;
}
