/*
 * GB18030 without ICU's converter in the common case (encoding.h): text made of ASCII and
 * 2-byte characters decodes one code at a time through a table filled from ICU's own converter
 * as codes first occur. GB18030 has no state, so the text is the concatenation of what ICU
 * gives for each code; anything else (4-byte or bad sequences, a cut end) goes to ICU whole.
 */
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "util.h"

enum { UNPROBED = 0, NOT_PLAIN = 0xFFFF };

zg_enc_gb_table *zg_enc_gb_new(void)
{
    zg_enc_gb_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    UErrorCode e = U_ZERO_ERROR;
    t->cv = ucnv_open("GB18030", &e);
    if (U_FAILURE(e) || !t->cv) {
        t->cv = NULL;
        return t;
    }
    /* ASCII must read as itself */
    char ascii[128];
    UChar out[256];
    for (int c = 0; c < 128; c++) ascii[c] = (char)c;
    int32_t n = ucnv_toUChars(t->cv, out, 256, ascii, 128, &e);
    t->usable = U_SUCCESS(e) && n == 128;
    for (int c = 0; t->usable && c < 128; c++) t->usable = out[c] == c;
    return t;
}

void zg_enc_gb_free(zg_enc_gb_table *t)
{
    if (!t) return;
    if (t->cv) ucnv_close(t->cv);
    free(t);
}

/* What ICU gives for the two bytes of `key` alone: one BMP character, or NOT_PLAIN (a bad or
 * unassigned code, the start of a 4-byte sequence, a supplementary character). */
static uint16_t probe_code(zg_enc_gb_table *t, unsigned key)
{
    char in[2] = { (char)(key >> 8), (char)(key & 0xFF) };
    UChar out[4];
    UErrorCode e = U_ZERO_ERROR;
    ucnv_reset(t->cv);
    ucnv_setToUCallBack(t->cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
    int32_t n = U_SUCCESS(e) ? ucnv_toUChars(t->cv, out, 4, in, 2, &e) : 0;
    if (U_FAILURE(e) || n != 1 || out[0] == UNPROBED || out[0] == NOT_PLAIN ||
        (out[0] >= 0xD800 && out[0] <= 0xDFFF))
        return NOT_PLAIN;
    return out[0];
}

long zg_enc_gb_decode(zg_enc_gb_table *t, const unsigned char *b, size_t n, UChar *u)
{
    if (!t->usable) return -1;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = b[i];
        if (c < 0x80) {
            u[k++] = (UChar)c;
            i++;
            continue;
        }
        if (i + 1 >= n) return -1;
        unsigned key = c << 8 | b[i + 1];
        uint16_t v = t->map[key];
        if (v == UNPROBED) v = t->map[key] = probe_code(t, key);
        if (v == NOT_PLAIN) return -1;
        u[k++] = v;
        i += 2;
    }
    return (long)k;
}

/* A code's entry in t->utf8: up to three UTF-8 bytes (low first), their count, and flags: plain
 * (one character of U+0080 up), fast (plain, three UTF-8 bytes, not private use: what the
 * two-code loop takes), and its zg_enc_score term (+1 frequent, -4 private use). U8_KNOWN alone:
 * not one plain character of U+0080 up. 0: not probed yet (no entry led by a byte below 0x80 is
 * ever filled, so a lookup at an ASCII byte finds 0 too). */
enum { U8_LEN_SHIFT = 24, U8_KNOWN = 1u << 26, U8_PLAIN = 1u << 27, U8_FAST = 1u << 28,
       U8_PRIVATE_SHIFT = 30, U8_COMMON_SHIFT = 31 };

static uint32_t utf8_entry(zg_enc_gb_table *t, const zg_enc_common_map *common, unsigned key)
{
    uint32_t v = t->map[key];
    if (v == UNPROBED) v = t->map[key] = probe_code(t, key);
    if (v == NOT_PLAIN || v < 0x80) return U8_KNOWN;
    unsigned char u[4];
    size_t len = zg_utf8_put(v, (char *)u);   /* two or three bytes: v is in the BMP */
    uint32_t e = (uint32_t)len << U8_LEN_SHIFT;
    for (size_t i = 0; i < len; i++) e |= (uint32_t)u[i] << (8 * i);
    bool private_use = v >= 0xE000 && v <= 0xF8FF;
    if (zg_enc_is_common(common, v)) e |= 1u << U8_COMMON_SHIFT;
    else if (private_use) e |= 1u << U8_PRIVATE_SHIFT;
    if (len == 3 && !private_use) e |= U8_FAST;
    return e | U8_KNOWN | U8_PLAIN;
}

/* An entry's zg_enc_score term. */
static inline long entry_score(uint32_t e)
{
    return (long)(e >> U8_COMMON_SHIFT) - 4 * (long)((e >> U8_PRIVATE_SHIFT) & 1);
}

/* An ASCII byte as zg_decode finishes a text: NUL is no text (-1: ICU's path says so), other
 * binary controls and ESC become spaces. */
static inline int ascii_out(unsigned c, size_t *controls)
{
    if (c >= 0x20 && c != 0x7F) return (int)c;
    if (c == 0) return -1;
    if (zg_enc_is_binary_control(c)) (*controls)++;
    return zg_enc_is_odd_control(c) ? ' ' : (int)c;
}

/* zg_enc_gb_decode_utf8; long_text: the input may have more than ZG_ENC_TRIAL_BYTES units,
 * so the score stops there (a shorter one cannot: a unit takes a byte at least). Every byte
 * is ASCII (one unit) or half of a 2-byte code (-1 otherwise), so the units are counted from
 * the ASCII bytes at the end; a long text also counts them as it goes, for the score's end. */
static inline long decode_utf8(zg_enc_gb_table *t, const zg_enc_common_map *common,
                               const unsigned char *b, size_t n, char *out,
                               zg_enc_gb_counts *counts, bool long_text)
{
    size_t k = 0, units = 0, ascii = 0, controls = 0, i = 0;
    long score = 0;
    while (i + 1 < n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* two 2-byte codes at a time while both are fast entries (a 3-byte character each):
         * six bytes kept of eight written (room: at most 1.5 bytes out per byte in, and four
         * bytes of input left); an ASCII byte in either lead finds no entry and stops it */
        while (i + 4 <= n && (!long_text || units + 2 <= ZG_ENC_TRIAL_BYTES)) {
            uint32_t w;
            memcpy(&w, b + i, 4);
            uint32_t e0 = t->utf8[w & 0xFFFF], e1 = t->utf8[w >> 16];
            if (!(e0 & e1 & U8_FAST)) break;
            uint64_t v = (e0 & 0xFFFFFFu) | (uint64_t)e1 << 24;
            memcpy(out + k, &v, 8);
            k += 6;
            score += (long)(e0 >> U8_COMMON_SHIFT) + (long)(e1 >> U8_COMMON_SHIFT);
            if (long_text) units += 2;
            i += 4;
        }
        if (i + 1 >= n) break;
#endif
        unsigned c = b[i];
        if (c < 0x80) {        /* a run of ASCII */
            size_t from = i;
            do {
                int a = ascii_out(c, &controls);
                if (a < 0) return -1;
                out[k++] = (char)a;
            } while (++i < n && (c = b[i]) < 0x80);
            ascii += i - from;
            if (long_text) units += i - from;
            continue;
        }
        unsigned key = c << 8 | b[i + 1], byte_order = c | (unsigned)b[i + 1] << 8;
        uint32_t e = t->utf8[byte_order];
        if (!(e & U8_PLAIN)) {
            if (!e) e = t->utf8[byte_order] = utf8_entry(t, common, key);
            if (!(e & U8_PLAIN)) return -1;
        }
        /* three bytes written, two or three kept (out has room: at most 1.5 bytes a byte) */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(out + k, &e, 4);    /* the fourth byte too: overwritten next, or past the end */
#else
        out[k] = (char)e;
        out[k + 1] = (char)(e >> 8);
        out[k + 2] = (char)(e >> 16);
#endif
        k += (e >> U8_LEN_SHIFT) & 3;
        if (!long_text || units < ZG_ENC_TRIAL_BYTES) score += entry_score(e);
        if (long_text) units++;
        i += 2;
    }
    if (i < n) {               /* a last byte alone: ASCII, or a cut code */
        int a = b[i] < 0x80 ? ascii_out(b[i], &controls) : -1;
        if (a < 0) return -1;
        out[k++] = (char)a;
        ascii++;
    }
    counts->units = ascii + (n - ascii) / 2;
    counts->controls = controls;
    counts->score = score;
    return (long)k;
}

long zg_enc_gb_decode_utf8(zg_enc_gb_table *t, const zg_enc_common_map *common,
                           const unsigned char *b, size_t n, char *out, zg_enc_gb_counts *counts)
{
    if (!t->usable || n > (size_t)INT32_MAX / 3) return -1;
    return n <= ZG_ENC_TRIAL_BYTES ? decode_utf8(t, common, b, n, out, counts, false)
                                   : decode_utf8(t, common, b, n, out, counts, true);
}
