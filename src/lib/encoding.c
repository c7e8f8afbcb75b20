/*
 * Bytes → UTF-8 with ICU: forced name, BOM, the document's own declaration (verified), detection.
 *
 * Declarations lie (pages that say gb2312 and are UTF-8, and the reverse), and ICU's detector
 * confuses GB18030/Big5/EUC on short Chinese texts, so every candidate is verified by converting
 * it: the one with the fewest invalid sequences wins, ties go to the one whose text holds more
 * common Chinese characters.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>

#include "encoding.h"
#include "rules.h"

/* Bytes examined when choosing between candidate encodings. */
enum { TRIAL_BYTES = ZG_ENC_TRIAL_BYTES, MAX_CANDIDATES = 8, CACHED_CONVERTERS = 12 };

zg_status zg_load_fail(zg_error *err, zg_status st, const char *fmt, ...)
{
    if (!err) return st;
    err->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return st;
}

/* ------------------------------------------------------------------ conversion */

typedef struct count_ctx {
    const char *base;          /* start of the converted input */
    size_t invalid, first;
} count_ctx;

/* ICU to-Unicode callback: count the sequence, write U+FFFD, go on. */
static void count_invalid(const void *context, UConverterToUnicodeArgs *args,
                          const char *code_units, int32_t length,
                          UConverterCallbackReason reason, UErrorCode *err)
{
    (void)code_units;
    if (reason > UCNV_IRREGULAR) return;   /* reset / close / clone */
    count_ctx *ctx = (count_ctx *)(uintptr_t)context;
    if (ctx->invalid++ == 0) {
        size_t at = (size_t)(args->source - ctx->base);
        ctx->first = at >= (size_t)length ? at - (size_t)length : 0;
    }
    static const UChar fffd = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

/* A converted text: UTF-16 in u, or (GB18030 through the table) already finished UTF-8 in u8,
 * with its length, control count and score. */
typedef struct utext {
    UChar *u;
    size_t len;                /* UTF-16 code units */
    size_t invalid, first_invalid;
    bool single_byte;          /* the charset maps one byte to one character (Latin …) */
    char *u8;                  /* NUL-terminated */
    size_t u8_len, controls;
    long score;
} utext;

static void utext_free(utext *t)
{
    free(t->u);
    free(t->u8);
    t->u = NULL;
    t->u8 = NULL;
}

/* ------------------------------------------------------------------ per-scanner cache */

/* ICU converters, the frequent-character map and the bound tables, kept per scanner (one
 * thread) across documents: opening a converter or making the tables per document cost more
 * than converting a notice. */
typedef struct enc_cache {
    zg_enc_common_map common;
    struct {
        char name[40];
        UConverter *cv;
    } conv[CACHED_CONVERTERS];
    size_t n_conv;
    zg_enc_bound_tables *bounds;   /* made on first need */
    zg_enc_gb_table *gb;           /* made on first need */
} enc_cache;

static void enc_cache_free(void *p)
{
    enc_cache *c = p;
    if (!c) return;
    for (size_t i = 0; i < c->n_conv; i++) ucnv_close(c->conv[i].cv);
    zg_enc_bound_free(c->bounds);
    zg_enc_gb_free(c->gb);
    free(c);
}

static void *enc_cache_new(const zg_scanner *sc)
{
    (void)sc;
    enc_cache *c = calloc(1, sizeof *c);
    if (c) zg_enc_common_map_init(&c->common);
    return c;
}

/* The scanner's cache (made on first use), or a new one the caller frees (*owned). */
static enc_cache *enc_cache_get(zg_document *doc, enc_cache **owned)
{
    *owned = NULL;
    enc_cache *c = zg_scanner_slot(doc ? doc->scanner : NULL, ZG_SLOT_ENCODING, enc_cache_new,
                                   enc_cache_free);
    return c ? c : (*owned = enc_cache_new(NULL));
}

/* A converter for `name`, reset, from the cache; *temp when the caller must close it (cache
 * full). NULL if ICU does not know the name. */
static UConverter *converter(enc_cache *c, const char *name, bool *temp)
{
    *temp = false;
    for (size_t i = 0; i < c->n_conv; i++)
        if (strcmp(c->conv[i].name, name) == 0) {
            ucnv_reset(c->conv[i].cv);
            return c->conv[i].cv;
        }
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(name, &e);
    if (U_FAILURE(e) || !cv) return NULL;
    if (c->n_conv < CACHED_CONVERTERS && strlen(name) < sizeof c->conv[0].name) {
        strcpy(c->conv[c->n_conv].name, name);
        c->conv[c->n_conv++].cv = cv;
    } else {
        *temp = true;
    }
    return cv;
}

/* One decoding: the cache, the mode, and the bounds of the input being decided. */
typedef struct decoder {
    enc_cache *cache;
    const zg_enc_common_map *common;
    bool exhaustive;           /* reference mode: every candidate converted */
    bool may_borrow;           /* text that needs no change may be the input itself */
    bool have_bounds;          /* ub/utf8_ub hold the bounds of the trial prefix */
    long ub[ZG_ENC_BOUND_COUNT], utf8_ub;
} decoder;

/* Convert b[0..n) with ICU converter `name` into UTF-16; flush=false ignores a cut tail. */
static zg_status to_utf16(decoder *d, const char *name, const unsigned char *b, size_t n,
                          bool flush, utext *out)
{
    memset(out, 0, sizeof *out);
    if (flush && !d->exhaustive && strcmp(name, "GB18030") == 0) {
        /* ASCII and 2-byte codes (nearly every GB18030 notice) go to UTF-8 in one pass */
        if (!d->cache->gb) d->cache->gb = zg_enc_gb_new();
        char *buf = d->cache->gb ? malloc(n + n / 2 + 4) : NULL;
        zg_enc_gb_counts counts;
        long len = buf ? zg_enc_gb_decode_utf8(d->cache->gb, d->common, b, n, buf, &counts) : -1;
        if (len >= 0) {
            buf[len] = '\0';
            out->u8 = buf;
            out->u8_len = (size_t)len;
            out->len = counts.units;
            out->controls = counts.controls;
            out->score = counts.score;
            return ZG_OK;
        }
        free(buf);
    }
    bool temp;
    UConverter *cv = converter(d->cache, name, &temp);
    if (!cv) return ZG_ERR_ENCODING;
    UErrorCode e = U_ZERO_ERROR;
    count_ctx ctx = { (const char *)b, 0, 0 };
    ucnv_setToUCallBack(cv, count_invalid, &ctx, NULL, NULL, &e);
    out->single_byte = ucnv_getMaxCharSize(cv) == 1;
    size_t cap = n + 16;
    UChar *buf = malloc(cap * sizeof *buf);
    if (!buf || U_FAILURE(e)) {
        free(buf);
        if (temp) ucnv_close(cv);
        return buf ? ZG_ERR_INTERNAL : ZG_ERR_NOMEM;
    }
    const char *src = (const char *)b, *src_end = (const char *)b + n;
    UChar *tgt = buf;
    for (;;) {
        e = U_ZERO_ERROR;
        ucnv_toUnicode(cv, &tgt, buf + cap, &src, src_end, NULL, flush, &e);
        if (e != U_BUFFER_OVERFLOW_ERROR) break;
        size_t used = (size_t)(tgt - buf);
        UChar *grown = realloc(buf, cap * 2 * sizeof *buf);
        if (!grown) {
            free(buf);
            if (temp) ucnv_close(cv);
            return ZG_ERR_NOMEM;
        }
        buf = grown;
        cap *= 2;
        tgt = buf + used;
    }
    if (temp) ucnv_close(cv);
    if (U_FAILURE(e)) { free(buf); return ZG_ERR_ENCODING; }
    out->u = buf;
    out->len = (size_t)(tgt - buf);
    out->invalid = ctx.invalid;
    out->first_invalid = ctx.first;
    return ZG_OK;
}

/* How Chinese the text looks: common characters, minus private-use ones (garbage decodings). */
static long score_text(const zg_enc_common_map *common, const utext *t)
{
    if (t->u8) return t->score;
    return zg_enc_score(common, t->u, t->len < TRIAL_BYTES ? t->len : TRIAL_BYTES);
}

/* ------------------------------------------------------------------ binary input */

static bool too_many_controls(size_t controls, size_t total)
{
    return controls > 4 && controls * 100 > total;
}

/* ------------------------------------------------------------------ finishing */

/* UTF-16 → UTF-8 into out->text; NUL → binary; other C0 controls → space (offsets unchanged).
 * A text already in UTF-8 is handed over (t->u8 NULL after). */
static zg_status finish(utext *t, zg_decoded *out, zg_error *err)
{
    if (t->u8) {
        if (too_many_controls(t->controls, t->len))
            return zg_load_fail(err, ZG_ERR_BINARY,
                                "the input is not text: %zu control characters in %zu",
                                t->controls, t->len);
        out->text = t->u8;
        out->len = t->u8_len;
        out->invalid = t->invalid;
        out->first_invalid = t->first_invalid;
        t->u8 = NULL;
        return ZG_OK;
    }
    if (t->len > INT32_MAX / 3) {
        for (size_t i = 0; i < t->len; i++)
            if (t->u[i] == 0)
                return zg_load_fail(err, ZG_ERR_BINARY,
                                    "the input is not text: it contains NUL characters (%s)",
                                    out->encoding);
        size_t controls = 0;
        for (size_t i = 0; i < t->len; i++) controls += zg_enc_is_binary_control(t->u[i]);
        if (too_many_controls(controls, t->len))
            return zg_load_fail(err, ZG_ERR_BINARY,
                                "the input is not text: %zu control characters in %zu",
                                controls, t->len);
        return zg_load_fail(err, ZG_ERR_TOO_LARGE, "input too large");
    }
    char *s = malloc(t->len * 3 + 1);
    if (!s) return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory decoding the input");
    /* one pass: UTF-8 out, controls (and ESC) as spaces, unpaired surrogates as U+FFFD */
    size_t controls = 0, subs = 0, k = 0;
    const UChar *u = t->u;
    for (size_t i = 0; i < t->len; i++) {
        unsigned c = u[i];
        /* Chinese text: runs of 3-byte characters (BMP, no surrogate) first */
        while (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            s[k] = (char)(0xE0 | c >> 12);
            s[k + 1] = (char)(0x80 | ((c >> 6) & 0x3F));
            s[k + 2] = (char)(0x80 | (c & 0x3F));
            k += 3;
            if (++i == t->len) break;
            c = u[i];
        }
        if (i == t->len) break;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F) {
                if (c == 0) {
                    free(s);
                    return zg_load_fail(err, ZG_ERR_BINARY,
                                        "the input is not text: it contains NUL characters (%s)",
                                        out->encoding);
                }
                if (zg_enc_is_binary_control(c)) {
                    controls++;
                    c = ' ';
                } else if (c == 0x1B) {
                    c = ' ';
                }
            }
            s[k++] = (char)c;
        } else if (c < 0x800) {
            s[k++] = (char)(0xC0 | c >> 6);
            s[k++] = (char)(0x80 | (c & 0x3F));
        } else if (c <= 0xDBFF && i + 1 < t->len && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
            uint32_t cp = 0x10000 + ((c - 0xD800) << 10) + (u[++i] - 0xDC00u);
            s[k++] = (char)(0xF0 | cp >> 18);
            s[k++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            s[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            s[k++] = (char)(0x80 | (cp & 0x3F));
        } else {
            subs++;
            memcpy(s + k, "\xEF\xBF\xBD", 3);
            k += 3;
        }
    }
    if (too_many_controls(controls, t->len)) {
        free(s);
        return zg_load_fail(err, ZG_ERR_BINARY,
                            "the input is not text: %zu control characters in %zu", controls,
                            t->len);
    }
    s[k] = '\0';
    out->text = s;
    out->len = k;
    out->invalid = t->invalid + subs;
    out->first_invalid = t->first_invalid;
    return ZG_OK;
}

/* Finish with a text converted by `canonical` (t: the whole input, flushed); frees t->u. */
static zg_status decode_converted(const char *canonical, const char *source, utext *t,
                                  zg_decoded *out, zg_error *err)
{
    out->encoding = canonical;
    out->source = source;
    zg_status st = finish(t, out, err);
    utext_free(t);
    return st;
}

/* Decode everything with `canonical` and finish. */
static zg_status decode_with(decoder *d, const char *canonical, const char *source,
                             const unsigned char *b, size_t n, zg_decoded *out, zg_error *err)
{
    out->encoding = canonical;
    out->source = source;
    utext t;
    zg_status st = to_utf16(d, zg_enc_icu_name(canonical), b, n, true, &t);
    if (st == ZG_ERR_ENCODING)
        return zg_load_fail(err, st, "cannot decode the input as %s", canonical);
    if (st != ZG_OK) return zg_load_fail(err, st, "decoding as %s failed", canonical);
    st = finish(&t, out, err);
    utext_free(&t);
    return st;
}

/* Valid UTF-8 needs no conversion: controls → space in a copy; text without odd control
 * bytes (odd false: zg_enc_valid_utf8_odd found none) is used as is, or copied. */
static zg_status take_utf8(const decoder *d, const unsigned char *b, size_t n, bool odd,
                           const char *source, zg_decoded *out, zg_error *err)
{
    size_t controls = 0;
    bool patch = false;        /* controls or ESC to blank out */
    for (size_t i = odd ? zg_enc_next_odd_control(b, 0, n) : n; i < n;
         i = zg_enc_next_odd_control(b, i + 1, n)) {
        if (!b[i])
            return zg_load_fail(err, ZG_ERR_BINARY,
                                "the input is not text: NUL byte at offset %zu", i);
        if (zg_enc_is_binary_control(b[i])) controls++;
        patch = true;          /* every odd control but NUL is a binary control or ESC */
    }
    if (too_many_controls(controls, n))
        return zg_load_fail(err, ZG_ERR_BINARY,
                            "the input is not text: %zu control bytes in %zu", controls, n);
    out->encoding = "UTF-8";
    out->source = source;
    out->len = n;
    if (!patch && d->may_borrow) {
        out->text = (char *)(uintptr_t)b;
        out->borrowed = true;
        return ZG_OK;
    }
    char *s = malloc(n + 1);
    if (!s) return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
    memcpy(s, b, n);
    for (size_t i = patch ? zg_enc_next_odd_control(b, 0, n) : n; i < n;
         i = zg_enc_next_odd_control(b, i + 1, n))
        s[i] = ' ';
    s[n] = '\0';
    out->text = s;
    return ZG_OK;
}

/*
 * UTF-8 text with some lines in GB18030 (a paragraph pasted from an old page): each line that
 * is not UTF-8 but decodes cleanly as GB18030 is taken as GB18030; other bad lines get U+FFFD.
 */
static zg_status decode_mixed_utf8(decoder *d, const unsigned char *b, size_t n,
                                   const char *source, zg_decoded *out, zg_error *err)
{
    zg_buf buf = { 0 };
    zg_decoded part;
    size_t invalid = 0, first = SIZE_MAX;
    out->repaired_lines = out->repaired_bytes = 0;
    for (size_t i = 0; i < n;) {
        const unsigned char *nl = memchr(b + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - b) + 1 : n;
        bool non_ascii;
        if (zg_enc_valid_utf8(b + i, end - i, &non_ascii)) {
            zg_buf_append(&buf, b + i, end - i);
            i = end;
            continue;
        }
        utext u8, gb;
        if (to_utf16(d, "UTF-8", b + i, end - i, true, &u8) != ZG_OK) {
            zg_buf_free(&buf);
            return zg_load_fail(err, ZG_ERR_INTERNAL, "UTF-8 conversion failed");
        }
        /* GB18030 only where it reads better: a UTF-8 line with a cut character often pairs
         * up into clean but meaningless GB18030 */
        bool use_gb = to_utf16(d, "GB18030", b + i, end - i, true, &gb) == ZG_OK &&
                      gb.invalid == 0 &&
                      score_text(d->common, &gb) >
                          score_text(d->common, &u8) - 4 * (long)u8.invalid;
        utext *t = use_gb ? &gb : &u8;
        if (use_gb) {
            out->repaired_lines++;
            out->repaired_bytes += u8.invalid;
        } else {
            invalid += u8.invalid;
        }
        if (first == SIZE_MAX) first = i + u8.first_invalid;
        memset(&part, 0, sizeof part);
        part.encoding = use_gb ? "GB18030" : "UTF-8";
        zg_status st = finish(t, &part, err);
        utext_free(&u8);
        utext_free(&gb);
        if (st != ZG_OK) { zg_buf_free(&buf); return st; }
        zg_buf_append(&buf, part.text, part.len);
        free(part.text);
        i = end;
    }
    if (buf.failed) {
        zg_buf_free(&buf);
        return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
    }
    out->len = buf.len;
    out->text = zg_buf_take(&buf, &out->len);
    if (!out->text) out->text = calloc(1, 1);
    out->encoding = "UTF-8";
    out->source = source;
    out->invalid = invalid;
    out->first_invalid = first == SIZE_MAX ? 0 : first;
    return out->text ? ZG_OK : zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
}

/* ------------------------------------------------------------------ choosing */

static void add_candidate(const char **list, size_t *n, const char *canonical)
{
    if (!canonical || *n >= MAX_CANDIDATES) return;
    if (strncmp(canonical, "UTF-16", 6) == 0 || strncmp(canonical, "UTF-32", 6) == 0) return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i], canonical) == 0) return;
    list[(*n)++] = canonical;
}

/* ICU's detector, as canonical names in its order of confidence. */
static void detector_candidates(const unsigned char *b, size_t n, const char **list, size_t *k)
{
    UErrorCode e = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&e);
    if (U_FAILURE(e) || !det) return;
    ucsdet_setText(det, (const char *)b, (int32_t)(n < TRIAL_BYTES ? n : TRIAL_BYTES), &e);
    int32_t found = 0;
    const UCharsetMatch **m = U_SUCCESS(e) ? ucsdet_detectAll(det, &found, &e) : NULL;
    for (int32_t i = 0; m && U_SUCCESS(e) && i < found && i < 4; i++) {
        UErrorCode e2 = U_ZERO_ERROR;
        const char *name = ucsdet_getName(m[i], &e2);
        if (U_SUCCESS(e2) && name) add_candidate(list, k, zg_encoding_canonical(name));
    }
    ucsdet_close(det);
}

/* One candidate tried on the prefix b[0..m) of the n input bytes: false if ICU cannot convert
 * with it. With keep (and m == n) the converted text is handed over in *keep. */
static bool trial(decoder *d, const char *canonical, const unsigned char *b, size_t n, size_t m,
                  long *quality, size_t *invalid, utext *keep)
{
    utext t;
    if (to_utf16(d, zg_enc_icu_name(canonical), b, m, m == n, &t) != ZG_OK) return false;
    long q = score_text(d->common, &t) - 4 * (long)(t.invalid > 1000000 ? 1000000 : t.invalid);
    if (t.single_byte) {
        size_t high = 0;
        for (size_t j = 0; j < m; j++) high += b[j] >= 0x80;
        q -= (long)(high / 2);
    }
    *quality = q;
    *invalid = t.invalid;
    if (keep && m == n) *keep = t;
    else utext_free(&t);
    return true;
}

/* Whether quality_bound can bound `canonical` at all. */
static bool has_bound(const decoder *d, const char *canonical)
{
    return !d->exhaustive &&
           (zg_enc_bound_index(canonical) >= 0 || strcmp(canonical, "UTF-8") == 0);
}

/* An upper bound on the quality `canonical` can reach on the trial prefix b[0..m)
 * (ZG_ENC_NO_BOUND: unknown, convert it). Penalties only lower a quality, so the frequent
 * characters its bytes can give bound it. The bounds of every charset are made in one pass on
 * first use, which may stop once they are all proven below `below` (the quality the caller
 * needs beaten; LONG_MIN: exact counts): later calls get those, upper bounds all the same. */
static long quality_bound(decoder *d, const char *canonical, const unsigned char *b, size_t m,
                          long below)
{
    if (!has_bound(d, canonical)) return ZG_ENC_NO_BOUND;
    int k = zg_enc_bound_index(canonical);
    bool utf8 = k < 0;
    if (!d->have_bounds) {
        enc_cache *c = d->cache;
        if (!c->bounds) {
            c->bounds = malloc(sizeof *c->bounds);
            if (!c->bounds) return ZG_ENC_NO_BOUND;
            zg_enc_bound_init(c->bounds, &c->common);
        }
        zg_enc_bounds_below(c->bounds, &c->common, b, m, below, d->ub, &d->utf8_ub);
        d->have_bounds = true;
    }
    return utf8 ? d->utf8_ub : d->ub[k];
}

/* Try each candidate on a prefix; the best is the most Chinese-looking text. An invalid
 * sequence costs as much as 4 common characters; a single-byte charset (which decodes anything
 * without errors but never scores) pays for every byte above ASCII, so it wins only for text
 * with few of them (Western text). Ties go to the earlier candidate. With keep, the winner's
 * text when the prefix is the whole input (keep->u NULL otherwise; the caller frees it).
 *
 * Candidates without a bound are tried first, in order; then a candidate is tried only if its
 * bound could beat (or, earlier in the list, tie) the best so far. Skipped ones could not have
 * won, so the winner is the one trying all of them gives. */
static const char *choose(decoder *d, const unsigned char *b, size_t n, const char **list,
                          size_t k, size_t *invalid_out, long *quality_out, utext *keep)
{
    size_t m = n < TRIAL_BYTES ? n : TRIAL_BYTES;
    const char *best = NULL;
    size_t best_at = 0, best_invalid = SIZE_MAX;
    long best_quality = 0;
    if (keep) memset(keep, 0, sizeof *keep);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < k; i++) {
            bool bounded = k > 1 && has_bound(d, list[i]);
            if (bounded != (pass == 1)) continue;
            /* made after the unbounded trials, so the bounds need only be proven below the
             * best quality so far (a bound below it skips the candidate, as the exact one would) */
            long bound = bounded ? quality_bound(d, list[i], b, m, best ? best_quality : LONG_MIN)
                                 : ZG_ENC_NO_BOUND;
            if (best && (bound < best_quality || (bound == best_quality && i > best_at)))
                continue;
            long quality;
            size_t invalid;
            utext t = { 0 };
            if (!trial(d, list[i], b, n, m, &quality, &invalid, keep ? &t : NULL)) continue;
            if (!best || quality > best_quality || (quality == best_quality && i < best_at)) {
                best = list[i];
                best_at = i;
                best_invalid = invalid;
                best_quality = quality;
                if (keep) {
                    utext_free(keep);
                    *keep = t;
                    t.u = NULL;
                    t.u8 = NULL;
                }
            }
            utext_free(&t);
        }
    if (invalid_out) *invalid_out = best_invalid;
    if (quality_out) *quality_out = best_quality;
    return best;
}

/*
 * Could a charset named by ICU's detector beat `quality`, the best of UTF-8, GB18030 and Big5?
 * It is appended after them and wins only with a strictly higher quality, so when none can,
 * the detector (its n-gram recognizers are most of the cost of a GB18030 notice) need not run.
 * What ICU 72 can name (test_load checks the list): UTF-8, GB18030, Big5 (already tried),
 * UTF-16/32 (never candidates), single-byte charsets (no Han: quality <= 0), ISO-2022-JP/KR/CN
 * (no Han without an ESC or SO byte) and Shift_JIS, EUC-JP, EUC-KR, which are tried here
 * (unless their bound is no better than `quality`).
 */
static bool detector_may_win(decoder *d, const unsigned char *b, size_t n, long quality,
                             bool odd)
{
    size_t m = n < TRIAL_BYTES ? n : TRIAL_BYTES;
    if (quality < 0) return true;
    /* ESC and SO are odd control bytes: without any (odd false), neither occurs */
    if (odd && (memchr(b, 0x1B, m) || memchr(b, 0x0E, m))) return true;
    static const char *const han_charsets[] = { "Shift_JIS", "EUC-JP", "EUC-KR" };
    for (size_t i = 0; i < sizeof han_charsets / sizeof han_charsets[0]; i++) {
        long q;
        size_t invalid;
        if (quality_bound(d, han_charsets[i], b, m, quality + 1) <= quality) continue;
        if (trial(d, han_charsets[i], b, n, m, &q, &invalid, NULL) && q > quality) return true;
    }
    return false;
}

static zg_status decode(decoder *d, zg_document *doc, const unsigned char *b, size_t n,
                        const char *forced, const char *declared, zg_decoded *out, zg_error *err)
{
    if (forced && *forced) {
        const char *canonical = zg_encoding_canonical(forced);
        if (!canonical)
            return zg_load_fail(err, ZG_ERR_ENCODING, "unknown encoding '%s'", forced);
        size_t skip = 0;
        if (strcmp(canonical, "UTF-8") == 0 && n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) skip = 3;
        if (strncmp(canonical, "UTF-16", 6) == 0 && n >= 2 &&
            ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
            skip = 2;
        bool non_ascii, odd;
        if (strcmp(canonical, "UTF-8") == 0 &&
            zg_enc_valid_utf8_odd(b + skip, n - skip, &non_ascii, &odd))
            return take_utf8(d, b + skip, n - skip, odd, "forced", out, err);
        return decode_with(d, canonical, "forced", b + skip, n - skip, out, err);
    }

    /* byte order marks */
    if (n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
        bool non_ascii, odd;
        if (zg_enc_valid_utf8_odd(b + 3, n - 3, &non_ascii, &odd))
            return take_utf8(d, b + 3, n - 3, odd, "bom", out, err);
        return decode_with(d, "UTF-8", "bom", b + 3, n - 3, out, err);
    }
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        return decode_with(d, "UTF-16LE", "bom", b + 2, n - 2, out, err);
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        return decode_with(d, "UTF-16BE", "bom", b + 2, n - 2, out, err);

    /* NUL bytes: UTF-16 without a BOM, or not text at all */
    if (memchr(b, 0, n)) {
        const char *u16 = zg_enc_utf16_by_content(b, n);
        if (u16) return decode_with(d, u16, "detected", b, n, out, err);
        const unsigned char *z = memchr(b, 0, n);
        const char *like = zg_enc_utf16_by_nuls(b, n);
        if (like)
            return zg_load_fail(err, ZG_ERR_BINARY,
                                "the input is not text: NUL byte at offset %zu (the NUL bytes "
                                "sit where %s text has them; if it is text, try --encoding %s)",
                                (size_t)(z - b), like, like);
        return zg_load_fail(err, ZG_ERR_BINARY, "the input is not text: NUL byte at offset %zu",
                            (size_t)(z - b));
    }
    /* validity first (no side effect): valid text without odd control bytes has no control
     * to count; other text is scanned for them, which also tells whether any occurs at all
     * (odd exact from here on) */
    bool non_ascii = false, odd;
    bool utf8_ok = zg_enc_valid_utf8_odd(b, n, &non_ascii, &odd);
    size_t odd_at = odd ? zg_enc_next_odd_control(b, 0, n) : n;
    odd = odd_at < n;
    size_t controls = 0;
    for (size_t i = odd_at; i < n; i = zg_enc_next_odd_control(b, i + 1, n))
        controls += zg_enc_is_binary_control(b[i]);
    if (too_many_controls(controls, n))
        return zg_load_fail(err, ZG_ERR_BINARY,
                            "the input is not text: %zu control bytes in %zu", controls, n);

    const char *decl = declared ? zg_encoding_canonical(declared) : NULL;
    if (decl && strncmp(decl, "UTF-16", 6) == 0) decl = NULL;   /* we just read it as ASCII */

    if (decl) {
        if (strcmp(decl, "UTF-8") == 0 && utf8_ok) return take_utf8(d, b, n, odd, "declared", out, err);
        if (strcmp(decl, "UTF-8") != 0 && utf8_ok && non_ascii) {
            /* legacy text is practically never valid UTF-8 */
            zg_doc_diag(doc, ZG_SEV_WARNING, "wrong-declared-charset", (zg_span){ 0, 0 },
                        "the page declares charset %s but its bytes are UTF-8", declared);
            return take_utf8(d, b, n, odd, "detected", out, err);
        }
        /* the declaration holds if it decodes cleanly and no Chinese charset reads the bytes
         * as clearly better text (pages that declare iso-8859-1 over GBK bytes) */
        const char *list[MAX_CANDIDATES];
        size_t k = 0, invalid = 0, alt_invalid = 0;
        long quality = 0, alt_quality = 0;
        add_candidate(list, &k, decl);
        bool decl_clean = choose(d, b, n, list, k, &invalid, &quality, NULL) && invalid == 0;
        k = 0;
        add_candidate(list, &k, "GB18030");
        add_candidate(list, &k, "BIG5");
        const char *alt = choose(d, b, n, list, k, &alt_invalid, &alt_quality, NULL);
        bool alt_better = alt && alt_invalid == 0 && strcmp(alt, decl) != 0 &&
                          (!decl_clean || alt_quality > quality + 16);
        if (alt_better) {
            zg_doc_diag(doc, ZG_SEV_WARNING, "wrong-declared-charset", (zg_span){ 0, 0 },
                        "the page declares charset %s but its bytes are %s", declared, alt);
            return decode_with(d, alt, "detected", b, n, out, err);
        }
        if (strcmp(decl, "UTF-8") == 0)
            return decode_mixed_utf8(d, b, n, "declared", out, err);
        return decode_with(d, decl, "declared", b, n, out, err);
    }

    if (utf8_ok) return take_utf8(d, b, n, odd, non_ascii ? "detected" : "default", out, err);

    const char *list[MAX_CANDIDATES];
    size_t k = 0;
    add_candidate(list, &k, "UTF-8");
    add_candidate(list, &k, "GB18030");
    add_candidate(list, &k, "BIG5");
    long quality = 0;
    utext kept;
    const char *best = choose(d, b, n, list, k, NULL, &quality, &kept);
    if (!best || detector_may_win(d, b, n, quality, odd)) {
        utext_free(&kept);
        detector_candidates(b, n, list, &k);
        best = choose(d, b, n, list, k, NULL, NULL, &kept);
    }
    if (!best || !strcmp(best, "UTF-8")) {
        utext_free(&kept);
        return decode_mixed_utf8(d, b, n, "detected", out, err);
    }
    if (kept.u || kept.u8) return decode_converted(best, "detected", &kept, out, err);
    return decode_with(d, best, "detected", b, n, out, err);
}

/* Decode with the scanner's cache (or a temporary one); exhaustive: the reference mode. */
static zg_status decode_mode(zg_document *doc, const unsigned char *b, size_t n,
                             const char *forced, const char *declared, zg_decoded *out,
                             zg_error *err, bool exhaustive, bool may_borrow)
{
    memset(out, 0, sizeof *out);
    enc_cache *owned;
    decoder d = { 0 };
    d.cache = enc_cache_get(doc, &owned);
    if (!d.cache) return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
    d.common = &d.cache->common;
    d.exhaustive = exhaustive;
    d.may_borrow = may_borrow;
    zg_status st = decode(&d, doc, b, n, forced, declared, out, err);
    enc_cache_free(owned);
    return st;
}

zg_status zg_decode(zg_document *doc, const unsigned char *b, size_t n, const char *forced,
                    const char *declared, zg_decoded *out, zg_error *err)
{
    return decode_mode(doc, b, n, forced, declared, out, err, false, false);
}

zg_status zg_decode_borrow(zg_document *doc, const unsigned char *b, size_t n, const char *forced,
                           const char *declared, zg_decoded *out, zg_error *err)
{
    return decode_mode(doc, b, n, forced, declared, out, err, false, true);
}

zg_status zg_decode_reference(zg_document *doc, const unsigned char *b, size_t n,
                              const char *forced, const char *declared, zg_decoded *out,
                              zg_error *err)
{
    return decode_mode(doc, b, n, forced, declared, out, err, true, false);
}
