/*
 * Normalization: doc->text → doc->norm, the folded copy every rule is matched against.
 *
 * Folding (one code point at a time, so norm_map stays exact and monotonic):
 *   - full-width ASCII U+FF01–FF5E → ASCII; other wide/narrow compatibility forms → their NFKC
 *     decomposition (half-width 。「」, ￥ …);
 *   - U+3000, U+00A0 and every other Unicode space separator → ' ';
 *   - ⑴…⒇ → "(n)", ⒈…⒛ → "n.";
 *   - '\r' dropped before '\n' (a lone '\r' becomes '\n'); U+FEFF and zero-width spaces dropped.
 * Circled numbers ①…⑳, 、。 and other Chinese punctuation stay as they are.
 *
 * Script: Traditional text is detected with ICU's "Traditional-Simplified" transliterator and
 * norm then holds the Simplified form. The transliterator is opened only when the text has Han
 * characters outside GB2312 (plain Simplified text never needs it).
 */
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

typedef struct cps {
    uint32_t *cp;              /* code points of doc->text */
    size_t *off;               /* their byte offsets in doc->text */
    size_t n;
} cps;

static bool is_han(uint32_t c)
{
    UErrorCode e = U_ZERO_ERROR;
    return uscript_getScript((UChar32)c, &e) == USCRIPT_HAN && u_isalpha((UChar32)c);
}

/* Decode doc->text once (the loader guarantees UTF-8; anything invalid reads as U+FFFD). */
static bool decode_text(zg_document *doc, cps *out)
{
    size_t n = doc->text_len;
    out->cp = zg_arena_alloc(&doc->arena, (n + 1) * sizeof *out->cp);
    out->off = zg_arena_alloc(&doc->arena, (n + 1) * sizeof *out->off);
    if (!out->cp || !out->off) return false;
    size_t i = 0, k = 0;
    while (i < n) {
        out->off[k] = i;
        out->cp[k++] = zg_utf8_next(doc->text, n, &i);
    }
    out->off[k] = n;
    out->n = k;
    return true;
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

/* Han characters that GB2312 cannot encode: the only candidates for Traditional forms. */
static size_t count_non_gb2312_han(const cps *t, size_t *han_total, zg_status *st)
{
    *han_total = 0;
    *st = ZG_OK;
    size_t han = 0, outside = 0;
    for (size_t k = 0; k < t->n; k++)
        if (t->cp[k] >= 0x2E80 && is_han(t->cp[k])) han++;
    *han_total = han;
    if (han == 0) return 0;
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open("GB2312", &e);
    USet *set = uset_openEmpty();
    if (U_SUCCESS(e) && set) ucnv_getUnicodeSet(cnv, set, UCNV_ROUNDTRIP_SET, &e);
    if (U_FAILURE(e) || !set) {
        /* no GB2312 table: let the transliterator decide for every Han character */
        outside = han;
    } else {
        for (size_t k = 0; k < t->n; k++)
            if (t->cp[k] >= 0x2E80 && !uset_contains(set, (UChar32)t->cp[k]) && is_han(t->cp[k]))
                outside++;
    }
    uset_close(set);
    ucnv_close(cnv);
    return outside;
}

/*
 * Replace Traditional characters by Simplified ones in t->cp, code point for code point.
 * The whole text is transliterated at once; when the result does not line up with the source
 * (a character became several), it falls back to one character at a time.
 */
static zg_status to_simplified(zg_document *doc, UTransliterator *tr, cps *t)
{
    size_t n16 = 0;
    for (size_t k = 0; k < t->n; k++) n16 += U16_LENGTH((UChar32)t->cp[k]);
    size_t cap = n16 * 2 + 16;
    if (cap > INT32_MAX) goto per_char;
    UChar *buf = zg_arena_alloc(&doc->arena, cap * sizeof *buf);
    if (!buf) return ZG_ERR_NOMEM;
    int32_t len = 0;
    for (size_t k = 0; k < t->n; k++) U16_APPEND_UNSAFE(buf, len, (UChar32)t->cp[k]);
    int32_t limit = len;
    UErrorCode e = U_ZERO_ERROR;
    utrans_transUChars(tr, buf, &len, (int32_t)cap, 0, &limit, &e);
    if (U_FAILURE(e)) goto per_char;
    uint32_t *out = zg_arena_alloc(&doc->arena, (t->n + 1) * sizeof *out);
    if (!out) return ZG_ERR_NOMEM;
    size_t k = 0;
    for (int32_t j = 0; j < len;) {
        UChar32 c;
        U16_NEXT(buf, j, len, c);
        if (k >= t->n) goto per_char;
        /* only Han characters may change; anything else must be where it was */
        if ((uint32_t)c != t->cp[k] && !is_han(t->cp[k])) goto per_char;
        out[k++] = (uint32_t)c;
    }
    if (k != t->n) goto per_char;
    t->cp = out;
    return ZG_OK;
per_char:
    for (size_t i = 0; i < t->n; i++)
        if (t->cp[i] >= 0x2E80 && is_han(t->cp[i])) t->cp[i] = translit_one(tr, t->cp[i]);
    return ZG_OK;
}

/* Decide the script; for Traditional text rewrite t->cp into Simplified. */
static zg_status detect_script(zg_document *doc, cps *t)
{
    doc->script = "simplified";
    size_t han = 0;
    zg_status st;
    size_t outside = count_non_gb2312_han(t, &han, &st);
    if (st != ZG_OK) return st;
    if (outside < TRAD_MIN_CHANGED) return ZG_OK;

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
    for (size_t k = 0; k < t->n; k++)
        if (t->cp[k] >= 0x2E80 && is_han(t->cp[k]) && translit_one(tr, t->cp[k]) != t->cp[k])
            changed++;
    if (changed >= TRAD_MIN_CHANGED && changed * TRAD_SHARE_DIVISOR >= han) {
        doc->script = "traditional";
        st = to_simplified(doc, tr, t);
    }
    utrans_close(tr);
    return st;
}

/* Append the folded form of c (at most 8 bytes) to out; returns the byte count. */
static size_t fold(const UNormalizer2 *nfkc, uint32_t c, uint32_t next, char *out)
{
    if (c < 0x80) {
        if (c == '\r') {
            if (next == '\n') return 0; /* the '\n' of a CRLF stands for both */
            out[0] = '\n';
            return 1;
        }
        out[0] = (char)c;
        return 1;
    }
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
    doc->script = "simplified";
    cps t;
    if (!decode_text(doc, &t)) return ZG_ERR_NOMEM;
    zg_status st = detect_script(doc, &t);
    if (st != ZG_OK) return st;

    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
    if (U_FAILURE(e)) nfkc = NULL;

    /* first pass: the exact size (⑴ grows, \r and BOMs vanish) */
    size_t total = 0;
    for (size_t k = 0; k < t.n; k++) {
        char buf[8];
        total += fold(nfkc, t.cp[k], k + 1 < t.n ? t.cp[k + 1] : 0, buf);
    }
    char *norm = zg_arena_alloc(&doc->arena, total + 1);
    size_t *map = zg_arena_alloc(&doc->arena, (total + 1) * sizeof *map);
    if (!norm || !map) return ZG_ERR_NOMEM;
    size_t n = 0;
    for (size_t k = 0; k < t.n; k++) {
        char buf[8];
        size_t len = fold(nfkc, t.cp[k], k + 1 < t.n ? t.cp[k + 1] : 0, buf);
        size_t at = t.off[k];
        if (t.cp[k] == '\r' && len == 0) {
            /* CRLF: the '\n' maps to the '\r', so a span that ends at the line break excludes both */
            norm[n] = '\n';
            map[n++] = at;
            k++;
            continue;
        }
        for (size_t j = 0; j < len; j++) {
            norm[n] = buf[j];
            map[n++] = at;
        }
    }
    norm[n] = '\0';
    map[n] = doc->text_len;
    doc->norm = norm;
    doc->norm_len = n;
    doc->norm_map = map;
    return ZG_OK;
}
