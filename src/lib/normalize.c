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
 * characters outside GB2312 (plain Simplified text never needs it). Opening it per document is
 * cheap after the first time in a process (ICU caches the compiled rules: ~44 ms once, then
 * ~0.1 ms), so no per-thread cache is kept.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "stages.h"
#include "util.h"

/* Share of changed Han characters (1 in N) from which a text counts as Traditional. */
enum { TRAD_SHARE_DIVISOR = 20, TRAD_MIN_CHANGED = 3 };

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

/*
 * Han characters of the text that GB2312 cannot encode: the only candidates for Traditional
 * forms (plain Simplified text has none, so the transliterator is never opened for it).
 */
static size_t count_non_gb2312_han(const zg_document *doc, size_t *han_total)
{
    size_t han = 0, outside = 0;
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open("GB2312", &e);
    USet *set = uset_openEmpty();
    if (U_SUCCESS(e) && set) ucnv_getUnicodeSet(cnv, set, UCNV_ROUNDTRIP_SET, &e);
    bool have_set = U_SUCCESS(e) && set;
    for (size_t i = 0; i < doc->text_len;) {
        uint32_t c = zg_utf8_next(doc->text, doc->text_len, &i);
        if (!is_han(c)) continue;
        han++;
        /* no GB2312 table: let the transliterator judge every Han character */
        if (!have_set || !uset_contains(set, (UChar32)c)) outside++;
    }
    uset_close(set);
    ucnv_close(cnv);
    *han_total = han;
    return outside;
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

/*
 * Decide the script. For Traditional text *simplified receives the text's code points in their
 * Simplified form (malloc'd, one per code point of the text); otherwise it stays NULL.
 */
static zg_status detect_script(zg_document *doc, uint32_t **simplified)
{
    *simplified = NULL;
    doc->script = "simplified";
    size_t han = 0;
    if (count_non_gb2312_han(doc, &han) < TRAD_MIN_CHANGED) return ZG_OK;

    UErrorCode e = U_ZERO_ERROR;
    UChar id[32];
    u_uastrcpy(id, "Traditional-Simplified");
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    if (U_FAILURE(e) || !tr) {
        zg_doc_diag(doc, ZG_SEV_WARNING, "script-unknown", (zg_span){ 0, 0 },
                    "ICU transliterator Traditional-Simplified unavailable (%s); "
                    "text treated as Simplified", u_errorName(e));
        return ZG_OK;
    }
    size_t changed = 0;
    for (size_t i = 0; i < doc->text_len;) {
        uint32_t c = zg_utf8_next(doc->text, doc->text_len, &i);
        if (is_han(c) && translit_one(tr, c) != c) changed++;
    }
    zg_status st = ZG_OK;
    if (changed >= TRAD_MIN_CHANGED && changed * TRAD_SHARE_DIVISOR >= han) {
        doc->script = "traditional";
        size_t n = 0;
        uint32_t *cp = code_points(doc, &n);
        st = cp ? to_simplified(tr, cp, n) : ZG_ERR_NOMEM;
        if (st == ZG_OK) *simplified = cp;
        else free(cp);
    }
    utrans_close(tr);
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

zg_status zg_normalize(zg_document *doc, zg_error *err)
{
    (void)err;
    uint32_t *simplified = NULL;
    zg_status st = detect_script(doc, &simplified);
    if (st != ZG_OK) return st;

    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
    if (U_FAILURE(e)) nfkc = NULL;

    /* two passes over the text: the exact size (⑴ grows, \r and BOMs vanish), then the copy */
    char *norm = NULL;
    size_t *map = NULL;
    size_t n = 0;
    const char *text = doc->text;
    for (int pass = 0; pass < 2; pass++) {
        n = 0;
        for (size_t i = 0, k = 0; i < doc->text_len; k++) {
            size_t at = i;
            uint32_t c = zg_utf8_next(text, doc->text_len, &i);
            if (simplified) c = simplified[k];
            char buf[8];
            size_t len;
            if (c == '\r' && i < doc->text_len && text[i] == '\n') {
                /* CRLF: one '\n' at the '\r', so a span ending at the line break excludes both */
                i++;
                k++;
                buf[0] = '\n';
                len = 1;
            } else {
                len = fold(nfkc, c, buf);
            }
            if (pass == 1) {
                for (size_t j = 0; j < len; j++) {
                    norm[n + j] = buf[j];
                    map[n + j] = at;
                }
            }
            n += len;
        }
        if (pass == 0) {
            norm = zg_arena_alloc(&doc->arena, n + 1);
            map = zg_arena_alloc(&doc->arena, (n + 1) * sizeof *map);
            if (!norm || !map) {
                free(simplified);
                return ZG_ERR_NOMEM;
            }
        }
    }
    free(simplified);
    norm[n] = '\0';
    map[n] = doc->text_len;
    doc->norm = norm;
    doc->norm_len = n;
    doc->norm_map = map;
    return ZG_OK;
}
