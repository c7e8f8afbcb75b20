/*
 * Charset choice with bounds (encoding.h): the bound tables hold for every byte sequence ICU
 * decodes, and zg_decode gives exactly what zg_decode_reference (every candidate converted)
 * gives, on the corpora and on the same notices re-encoded, cut and mixed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unicode/ucnv.h>

#include "check.h"
#include "fixture.h"
#include "encoding.h"
#include "util.h"

static zg_scanner *scanner;
static zg_enc_common_map common;
static long compared;

/* The first character ICU decodes from bytes[0..n) (flushed), or 0 if none. */
static UChar first_char(UConverter *cv, const char *bytes, int32_t n)
{
    UChar out[8];
    UErrorCode e = U_ZERO_ERROR;
    ucnv_reset(cv);
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_SKIP, NULL, NULL, NULL, &e);
    UChar *tgt = out;
    const char *src = bytes;
    int32_t offsets[8];
    ucnv_toUnicode(cv, &tgt, out + 8, &src, bytes + n, offsets, true, &e);
    return U_SUCCESS(e) && tgt > out && offsets[0] == 0 ? out[0] : 0;
}

/* Every single byte, every pair and (for a charset with 3-byte sequences) every sequence of
 * three bytes above ASCII that decodes to a frequent character is counted by the tables. */
static void test_bound_tables(void)
{
    zg_enc_bound_tables *t = malloc(sizeof *t);
    zg_enc_bound_init(t, &common);
    CHECK(t->ascii_inert);
    long ub[ZG_ENC_BOUND_COUNT];
    long u8;
    zg_enc_bounds(t, &common, (const unsigned char *)"plain ASCII", 11, ub, &u8);
    CHECK_INT(u8, 0);
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++) CHECK_INT(ub[k], 0);
    /* a bound made while pairs are probed equals the one made from the whole table */
    UErrorCode e = U_ZERO_ERROR;
    char big5[64];
    int32_t n = ucnv_convert("Big5", "UTF-8", big5, sizeof big5, "整改問題", -1, &e);
    CHECK(U_SUCCESS(e) && n == 8);
    long lazy[ZG_ENC_BOUND_COUNT];
    zg_enc_bounds(t, &common, (const unsigned char *)big5, (size_t)n, lazy, &u8);
    CHECK(lazy[ZG_ENC_BOUND_BIG5] >= 4);
    zg_enc_bound_probe_all(t, &common);
    static const char *const names[] = { "BIG5", "Shift_JIS", "EUC-JP", "EUC-KR" };
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++) {
        CHECK_INT(zg_enc_bound_index(names[k]), k);
        CHECK(t->usable[k]);
        e = U_ZERO_ERROR;
        UConverter *cv = ucnv_open(zg_enc_icu_name(names[k]), &e);
        CHECK(U_SUCCESS(e));
        if (U_FAILURE(e)) continue;
        unsigned bit = 1u << (2 * k), prefix = 1u << (2 * k + 1);
        long commons = 0;
        for (int b0 = 0; b0 < 256; b0++) {
            char s[3] = { (char)b0 };
            if (zg_enc_is_common(&common, first_char(cv, s, 1))) CHECK(t->single[b0] & bit);
            for (int b1 = 0; b1 < 256; b1++) {
                s[1] = (char)b1;
                unsigned flags = t->pair[b0 << 8 | b1];
                if (zg_enc_is_common(&common, first_char(cv, s, 2))) {
                    CHECK(flags & bit);
                    commons++;
                }
                if (ucnv_getMaxCharSize(cv) < 3 || b0 < 0x80 || (flags & (prefix | bit)))
                    continue;
                for (int b2 = 1; b2 < 256; b2++) {
                    s[2] = (char)b2;
                    if (zg_enc_is_common(&common, first_char(cv, s, 3))) {
                        fprintf(stderr, "%s: %02X %02X %02X not bounded\n", names[k], b0, b1, b2);
                        check_failures++;
                    }
                }
            }
        }
        CHECK(commons > 300);      /* the charset reads Chinese at all: the table is not empty */
        ucnv_close(cv);
    }
    CHECK_INT(zg_enc_bound_index("GB18030"), -1);

    zg_enc_bounds(t, &common, (const unsigned char *)big5, (size_t)n, ub, &u8);
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++) CHECK_INT(ub[k], lazy[k]);
    /* the counts over 60,000 bytes (several lane chunks) are the plain per-byte sums */
    size_t big = 60000;
    unsigned char *x = malloc(big);
    for (size_t i = 0; i < big; i++) x[i] = (unsigned char)(0x81 + (i * 7919 % 126));
    for (size_t i = 0; i < big; i += 37) x[i] = 'a';
    zg_enc_bounds(t, &common, x, big, ub, &u8);
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++) {
        long plain = 0;
        for (size_t i = 0; i < big; i++) {
            plain += (t->single[x[i]] >> (2 * k)) & 1;
            if (i + 1 < big && t->starter[k][x[i]]) {
                unsigned f = t->pair[x[i] << 8 | x[i + 1]];
                plain += ((f >> (2 * k)) & 1) + ((f >> (2 * k + 1)) & 1);
            }
        }
        CHECK_INT(ub[k], plain);
        CHECK(plain > 0);
    }
    /* bounds that may stop early: never below the exact ones, and where they are not the
     * exact ones, every one is below the threshold asked for */
    unsigned char *gb = malloc(big);
    for (size_t i = 0; i < big; i += 2) {  /* GB2312 codes with some ASCII between */
        gb[i] = (unsigned char)(0xB0 + (i * 31 % 0x48));
        gb[i + 1] = (unsigned char)(0xA1 + (i * 17 % 0x5E));
        if (i % 46 == 0) gb[i] = gb[i + 1] = ' ';
    }
    static const size_t lens[] = { 0, 1, 2, 255, 256, 257, 1000, 4099, 60000 };
    static const long belows[] = { LONG_MIN, -5, 0, 1, 50, 300, 1000, 5000, 20000, LONG_MAX };
    for (int src = 0; src < 2; src++)
        for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
            for (size_t bi = 0; bi < sizeof belows / sizeof belows[0]; bi++) {
                const unsigned char *in = src ? gb : x;
                long exact[ZG_ENC_BOUND_COUNT], proven[ZG_ENC_BOUND_COUNT], e8, p8;
                zg_enc_bounds(t, &common, in, lens[li], exact, &e8);
                zg_enc_bounds_below(t, &common, in, lens[li], belows[bi], proven, &p8);
                bool same = p8 == e8;
                CHECK(p8 >= e8);
                for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++) {
                    CHECK(proven[k] >= exact[k]);
                    same = same && proven[k] == exact[k];
                }
                if (same) continue;
                CHECK(p8 < belows[bi]);
                for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++) CHECK(proven[k] < belows[bi]);
            }
    long early[ZG_ENC_BOUND_COUNT], e8;   /* text that reads as GB2312 stops early */
    zg_enc_bounds_below(t, &common, gb, big, 20000, early, &e8);
    zg_enc_bounds(t, &common, gb, big, ub, &u8);
    CHECK(e8 > u8);
    free(gb);
    free(x);
    CHECK_INT(zg_enc_utf8_bound(&common, (const unsigned char *)"整改问题 x", 14), 4);
    zg_enc_bounds(t, &common, (const unsigned char *)"整改问题 x", 14, ub, &u8);
    CHECK_INT(u8, 4);
    CHECK_INT(zg_enc_utf8_bound(&common, (const unsigned char *)"整改问", 8), 2);  /* cut */
    zg_enc_bound_free(t);
}

/* UTF-8 input: every control byte at every offset of a word is blanked or kept as before the
 * word-at-a-time scan (tab, LF, VT, FF, CR kept); 3-byte edge cases of the validity check. */
/* Strict UTF-8 validity one character at a time (the definition zg_enc_valid_utf8 speeds up). */
static bool valid_utf8_plain(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t k;
        uint32_t cp, min;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; min = 0x10000; }
        else return false;
        if (i + k >= n) return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return false;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += k + 1;
    }
    return true;
}

/* An odd control byte by its definition: below 0x20 but tab, LF, VT, FF, CR; or DEL. */
static bool odd_plain(unsigned c)
{
    return (c < 0x20 && !(c >= 0x09 && c <= 0x0D)) || c == 0x7F;
}

static bool any_odd_plain(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (odd_plain(s[i])) return true;
    return false;
}

/* The word test of odd control bytes against the definition: every pair of byte values in
 * several lane pairs of an otherwise plain word, and each byte value alone at every lane. */
static void test_odd_control_words(void)
{
    static const unsigned lanes[][2] = { { 0, 1 }, { 3, 4 }, { 6, 7 }, { 0, 7 }, { 2, 5 } };
    static const unsigned char fill[] = { 'x', 0x0A, 0x80, 0xFF, 0x20, 0x7E };
    long tested = 0;
    for (size_t f = 0; f < sizeof fill; f++)
        for (unsigned a = 0; a < 256; a++) {
            for (unsigned lane = 0; lane < 8; lane++) {
                unsigned char w8[8];
                memset(w8, fill[f], 8);
                w8[lane] = (unsigned char)a;
                uint64_t w;
                memcpy(&w, w8, 8);
                CHECK_INT(zg_enc_word_has_odd_control(w), any_odd_plain(w8, 8));
                CHECK_INT(zg_enc_next_odd_control(w8, 0, 8), odd_plain(a) ? lane : 8);
                tested++;
            }
            CHECK_INT(zg_enc_is_odd_control(a), odd_plain(a));
            for (size_t l = 0; f == 0 && l < sizeof lanes / sizeof lanes[0]; l++)
                for (unsigned b = 0; b < 256; b++) {
                    unsigned char w8[8];
                    memset(w8, 'x', 8);
                    w8[lanes[l][0]] = (unsigned char)a;
                    w8[lanes[l][1]] = (unsigned char)b;
                    uint64_t w;
                    memcpy(&w, w8, 8);
                    CHECK_INT(zg_enc_word_has_odd_control(w), odd_plain(a) || odd_plain(b));
                    tested++;
                }
        }
    /* the 16-byte blocks of the scan: each byte value at each place of 40 bytes, after and
     * before others */
    for (size_t f = 0; f < sizeof fill; f++)
        for (unsigned a = 0; a < 256; a++)
            for (size_t at = 0; at < 40; at++) {
                unsigned char buf[40];
                memset(buf, fill[f], sizeof buf);
                buf[at] = (unsigned char)a;
                for (size_t from = 0; from <= 40; from += 7) {
                    size_t plain = 40;
                    for (size_t k = from; k < 40 && plain == 40; k++)
                        if (odd_plain(buf[k])) plain = k;
                    CHECK_INT(zg_enc_next_odd_control(buf, from, 40), plain);
                }
                tested++;
            }
    CHECK(tested > 300000);
}

/* zg_enc_valid_utf8_odd: the validity of zg_enc_valid_utf8 and, for valid input, whether an odd
 * control byte occurs (true for invalid input). */
static void check_valid_odd(const unsigned char *buf, size_t n)
{
    bool non_ascii, non_ascii2, odd;
    bool valid = zg_enc_valid_utf8(buf, n, &non_ascii);
    CHECK_INT(zg_enc_valid_utf8_odd(buf, n, &non_ascii2, &odd), valid);
    if (valid) {
        CHECK_INT(non_ascii2, non_ascii);
        CHECK_INT(odd, any_odd_plain(buf, n));
    } else {
        CHECK(odd);
    }
}

/* zg_enc_valid_utf8 (two 3-byte characters per word) against the plain definition: every lead
 * byte E0-EF with boundary continuation bytes, and every byte value, at each offset of a run of
 * Chinese characters, whole and cut short. */
static void test_utf8_valid_words(void)
{
    const char *han = "整改问题整改问题整改问题";   /* 12 three-byte characters */
    size_t hn = strlen(han);
    static const unsigned char tails[] = { 0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF };
    size_t tested = 0;
    for (size_t at = 0; at < 18; at++) {
        for (unsigned lead = 0xE0; lead <= 0xEF; lead++)
            for (size_t t1 = 0; t1 < sizeof tails; t1++)
                for (size_t t2 = 0; t2 < sizeof tails; t2++) {
                    unsigned char buf[64];
                    memcpy(buf, han, hn);
                    buf[at] = (unsigned char)lead;
                    buf[at + 1] = tails[t1];
                    buf[at + 2] = tails[t2];
                    for (size_t n = at + 1; n <= hn; n += (n < at + 4 ? 1 : 5)) {
                        bool non_ascii;
                        CHECK_INT(zg_enc_valid_utf8(buf, n, &non_ascii), valid_utf8_plain(buf, n));
                        check_valid_odd(buf, n);
                        tested++;
                    }
                }
        for (unsigned b = 0; b < 256; b++) {
            unsigned char buf[64];
            memcpy(buf, han, hn);
            buf[at] = (unsigned char)b;
            bool non_ascii;
            CHECK_INT(zg_enc_valid_utf8(buf, hn, &non_ascii), valid_utf8_plain(buf, hn));
            check_valid_odd(buf, hn);
            tested++;
        }
    }
    CHECK(tested > 20000);
}

/* Random texts of ASCII, controls, Chinese and every other kind of UTF-8 sequence, valid and
 * not, at all offsets of the 16-byte blocks: validity and odd controls as defined, whole and
 * cut at every length. */
static void test_utf8_random(void)
{
    static const char *const pieces[] = {
        "a", "1", " ", "\n", "\t", "\r", "\x01", "\x1B", "\x7F", "\x1F", "\x0B",
        "整", "改", "问", "题", "，", "。", "\xE1\x80\x80", "\xEC\xBF\xBF", "\xEE\x80\x80",
        "\xEF\xBF\xBF", "\xE0\xA0\x80", "\xE0\x80\x80", "\xED\x9F\xBF", "\xED\xA0\x80",
        "\xC2\xA9", "\xDF\xBF", "\xC1\xBF", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
        "\xF4\x90\x80\x80", "\xF5", "\x80", "\xBF", "\xE4", "\xE4\xB8", "\xC0", "\xFF",
    };
    const size_t n_pieces = sizeof pieces / sizeof pieces[0];
    uint64_t seed = 12345;
    long tested = 0;
    for (int round = 0; round < 4000; round++) {
        unsigned char buf[512];
        size_t n = 0;
        /* mostly Chinese with a little else, as notices are; rarer pieces by round */
        int rare = round % 8;
        while (n < 400) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            unsigned r = (unsigned)(seed >> 33);
            size_t k = r % 100 < 70 ? 11 + r % 6 : r % 100 < 70 + 3 * (size_t)rare + 5 ? r % n_pieces
                                                                              : r % 11;
            size_t len = strlen(pieces[k]);
            memcpy(buf + n, pieces[k], len);
            n += len;
        }
        for (size_t m = n; m + 40 >= n && m > 0; m--) {
            bool non_ascii;
            CHECK_INT(zg_enc_valid_utf8(buf, m, &non_ascii), valid_utf8_plain(buf, m));
            check_valid_odd(buf, m);
            tested++;
        }
        for (size_t m = 1; m < 48; m++) check_valid_odd(buf, m);
    }
    CHECK(tested > 100000);
}

static void test_utf8_scan(void)
{
    const char *base = "整改问题abcdefghij整改klmnopqrstu";
    size_t n = strlen(base);
    for (unsigned c = 1; c < 0x80; c++) {
        if (c >= 0x20 && c != 0x7F) continue;
        for (size_t at = 12; at < n; at++) {
            char buf[64];
            memcpy(buf, base, n);
            if ((buf[at] & 0xC0) == 0x80 || (unsigned char)buf[at] >= 0xC0) continue;
            buf[at] = (char)c;
            check_valid_odd((const unsigned char *)buf, n);
            zg_decoded out;
            zg_error err = { 0 };
            CHECK_INT(zg_decode(NULL, (const unsigned char *)buf, n, NULL, NULL, &out, &err), ZG_OK);
            bool kept = c >= 0x09 && c <= 0x0D;
            CHECK_INT(out.len, n);
            CHECK_INT((unsigned char)out.text[at], kept ? c : ' ');
            CHECK_STR(out.encoding, "UTF-8");
            CHECK(!out.borrowed);
            free(out.text);
            /* the borrowing form: the input itself only when nothing is blanked */
            zg_decoded lent;
            CHECK_INT(zg_decode_borrow(NULL, (const unsigned char *)buf, n, NULL, NULL, &lent,
                                       &err), ZG_OK);
            CHECK_INT(lent.len, n);
            CHECK_INT(lent.borrowed, kept);
            CHECK_INT(lent.text == buf, kept);
            CHECK_INT((unsigned char)lent.text[at], kept ? c : ' ');
            if (!lent.borrowed) free(lent.text);
        }
    }
    /* a NUL byte in valid UTF-8 is no text, borrowed or not */
    {
        char buf[64];
        memcpy(buf, base, n);
        buf[20] = 0;
        zg_decoded out;
        zg_error err = { 0 };
        CHECK_INT(zg_decode_borrow(NULL, (const unsigned char *)buf, n, NULL, NULL, &out, &err),
                  ZG_ERR_BINARY);
        CHECK_INT(zg_decode_borrow(NULL, (const unsigned char *)buf, n, "utf-8", NULL, &out,
                                   &err), ZG_ERR_BINARY);
        CHECK(strstr(err.message, "offset 20") != NULL);
    }
    static const struct { const char *bytes; bool utf8; } cases[] = {
        { "ab\xE0\x80\x80" "cd", false },        /* overlong */
        { "ab\xE0\xA0\x80" "cd", true },
        { "ab\xED\xA0\x80" "cd", false },        /* surrogate */
        { "ab\xED\x9F\xBF" "cd", true },
        { "ab\xEF\xBF\xBF" "cd", true },
        { "ab\xEC\xBF", false },               /* cut */
        { "ab\xE4\xB8\xADx\xE4\xB8", false },
        { "ab\xE4\xC8\xAD" "cd", false },        /* bad continuation */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zg_decoded out;
        zg_error err = { 0 };
        const char *b = cases[i].bytes;
        CHECK_INT(zg_decode(NULL, (const unsigned char *)b, strlen(b), NULL, NULL, &out, &err),
                  ZG_OK);
        bool clean_utf8 = !strcmp(out.encoding, "UTF-8") && out.invalid == 0 &&
                          out.repaired_lines == 0;
        CHECK_INT(clean_utf8, cases[i].utf8);
        free(out.text);
    }
}

/* The GB18030 table gives what ICU gives for every 2-byte code it accepts, and declines the
 * rest (bad or 4-byte sequences, a cut end). */
static void test_gb_table(void)
{
    zg_enc_gb_table *t = zg_enc_gb_new();
    CHECK(t && t->usable);
    if (!t || !t->usable) { zg_enc_gb_free(t); return; }
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cv = ucnv_open("GB18030", &e);
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
    long plain = 0;
    for (unsigned key = 0x8000; key < 0x10000; key++) {
        unsigned char in[3] = { (unsigned char)(key >> 8), (unsigned char)key, 'x' };
        UChar fast[8], ref[8];
        long n = zg_enc_gb_decode(t, in, 3, fast);
        e = U_ZERO_ERROR;
        ucnv_reset(cv);
        int32_t m = ucnv_toUChars(cv, ref, 8, (const char *)in, 3, &e);
        if (n >= 0) {
            plain++;
            CHECK(U_SUCCESS(e) && m == n && !memcmp(fast, ref, (size_t)n * sizeof *ref));
        } else {
            /* declined: ICU finds it bad, or does not read it as one BMP character + 'x' */
            CHECK(U_FAILURE(e) || m != 2 || (ref[0] >= 0xD800 && ref[0] <= 0xDFFF));
        }
    }
    CHECK(plain > 20000);
    /* straight to UTF-8: the same characters as UTF-8, their score, or declined */
    zg_enc_gb_table *t8 = zg_enc_gb_new();
    for (unsigned key = 0x8000; t8 && key < 0x10000; key++) {
        unsigned char in[5] = { 'a', (unsigned char)(key >> 8), (unsigned char)key, 0x01, 'x' };
        UChar u16[8];
        char u8[16];
        zg_enc_gb_counts counts;
        long n16 = zg_enc_gb_decode(t, in, 5, u16);
        long n8 = zg_enc_gb_decode_utf8(t8, &common, in, 5, u8, &counts);
        if (n16 < 0 || u16[1] < 0x80) {
            CHECK_INT(n8, -1);
            continue;
        }
        CHECK_INT(n16, 4);
        char want[16];
        size_t w = 0;
        want[w++] = 'a';
        unsigned v = u16[1];
        if (v < 0x800) {
            want[w++] = (char)(0xC0 | v >> 6);
            want[w++] = (char)(0x80 | (v & 0x3F));
        } else {
            want[w++] = (char)(0xE0 | v >> 12);
            want[w++] = (char)(0x80 | ((v >> 6) & 0x3F));
            want[w++] = (char)(0x80 | (v & 0x3F));
        }
        want[w++] = ' ';                        /* the control as a space */
        want[w++] = 'x';
        CHECK(n8 == (long)w && !memcmp(u8, want, w));
        CHECK_INT(counts.units, 4);
        CHECK_INT(counts.controls, 1);
        CHECK_INT(counts.score, zg_enc_score(&common, u16, 4));
    }
    if (t8) {
        zg_enc_gb_counts counts;
        char u8[32];
        CHECK_INT(zg_enc_gb_decode_utf8(t8, &common, (const unsigned char *)"a\0b", 3, u8, &counts),
                  -1);
        CHECK_INT(zg_enc_gb_decode_utf8(t8, &common, (const unsigned char *)"ab\xD5", 3, u8,
                                        &counts), -1);
        CHECK_INT(zg_enc_gb_decode_utf8(t8, &common, (const unsigned char *)"\x1B\t\x7F" "c", 4,
                                        u8, &counts), 4);
        CHECK(!memcmp(u8, " \t c", 4) && counts.controls == 1 && counts.units == 4);
    }
    zg_enc_gb_free(t8);
    CHECK_INT(zg_enc_gb_decode(t, (const unsigned char *)"\x81\x30\x81\x30", 4, (UChar[8]){ 0 }), -1);
    CHECK_INT(zg_enc_gb_decode(t, (const unsigned char *)"ab\xD5", 3, (UChar[4]){ 0 }), -1);
    ucnv_close(cv);
    zg_enc_gb_free(t);
}

/* Random runs of codes and ASCII, as the two-codes-at-a-time loop meets them (any alignment,
 * characters of two and three UTF-8 bytes, private use, a trail byte below 0x80, controls, a
 * cut end, a 4-byte lead, texts past the score's end): zg_enc_gb_decode_utf8 gives what the
 * checked UTF-16 table decoding, finished as zg_decode finishes, gives. */
static void test_gb_utf8_runs(void)
{
    zg_enc_gb_table *t = zg_enc_gb_new(), *t8 = zg_enc_gb_new();
    CHECK(t && t8 && t->usable && t8->usable);
    if (!t || !t8 || !t->usable || !t8->usable) {
        zg_enc_gb_free(t);
        zg_enc_gb_free(t8);
        return;
    }
    static const uint16_t codes[] = {
        0xD6D0, 0xB9FA, 0xB5C4, 0xD7F7, 0xA3AC, 0xA1A3, 0xA1A1, 0xA2A1,  /* 3 UTF-8 bytes */
        0xA1A4, 0xA8A6, 0xA6A1,                                          /* 2 UTF-8 bytes */
        0xAAA1, 0xAAA2,                                                  /* private use */
        0x8140, 0x817E,                                                  /* trail below 0x80 */
    };
    static const char ascii[] = "a1 \n\t\r\x01\x1b\x7f~";
    uint32_t seed = 12345;
    for (int trial = 0; trial < 4000; trial++) {
        bool long_text = trial % 500 == 499;
        size_t items = long_text ? 40000 : (size_t)(trial % 37);
        unsigned char *in = malloc(items * 2 + 4);
        size_t n = 0;
        for (size_t i = 0; i < items; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            if (r % 5 == 0) {
                in[n++] = (unsigned char)ascii[(r / 5) % (sizeof ascii - 1)];
            } else {
                uint16_t code = codes[(r / 5) % (sizeof codes / sizeof codes[0])];
                in[n++] = (unsigned char)(code >> 8);
                in[n++] = (unsigned char)code;
            }
        }
        if (trial % 97 == 5) in[n++] = 0xD6;                 /* a cut code */
        if (trial % 89 == 7 && n > 2) in[n / 2] = 0x81, in[n / 2 + 1] = 0x30;   /* 4-byte */
        UChar *u16 = malloc((n + 1) * sizeof *u16);
        char *want = malloc(n * 3 + 1), *got = malloc(n + n / 2 + 4);
        long n16 = zg_enc_gb_decode(t, in, n, u16);
        zg_enc_gb_counts counts;
        long n8 = zg_enc_gb_decode_utf8(t8, &common, in, n, got, &counts);
        if (n16 < 0) {
            CHECK_INT(n8, -1);
        } else {
            size_t w = 0, controls = 0;
            for (long i = 0; i < n16; i++) {
                unsigned c = u16[i];
                if (c < 0x80) {
                    controls += zg_enc_is_binary_control(c);
                    want[w++] = zg_enc_is_odd_control(c) ? ' ' : (char)c;
                } else {
                    w += zg_utf8_put(c, want + w);
                }
            }
            size_t scored = n16 < ZG_ENC_TRIAL_BYTES ? (size_t)n16 : ZG_ENC_TRIAL_BYTES;
            CHECK(n8 == (long)w && !memcmp(got, want, w));
            CHECK_INT(counts.units, (size_t)n16);
            CHECK_INT(counts.controls, controls);
            CHECK_INT(counts.score, zg_enc_score(&common, u16, scored));
        }
        free(in);
        free(u16);
        free(want);
        free(got);
    }
    zg_enc_gb_free(t);
    zg_enc_gb_free(t8);
}

/* ------------------------------------------------------------------ bounded = reference */

static zg_document *new_doc(void)
{
    zg_document *doc = calloc(1, sizeof *doc);
    zg_scanner_bind(scanner, doc);
    return doc;
}

static void free_doc(zg_document *doc)
{
    zg_scanner_bind(scanner, NULL);
    zg_document_free(doc);
}

/* Decode with both and compare everything the loader keeps. */
static void compare(const char *what, const unsigned char *b, size_t n, const char *declared)
{
    zg_document *d1 = new_doc();
    zg_decoded r1;
    zg_error e1 = { 0 };
    zg_status s1 = zg_decode(d1, b, n, NULL, declared, &r1, &e1);
    free_doc(d1);
    zg_document *d2 = new_doc();
    zg_decoded r2;
    zg_error e2 = { 0 };
    zg_status s2 = zg_decode_reference(d2, b, n, NULL, declared, &r2, &e2);
    bool same = s1 == s2;
    if (same && s1 == ZG_OK)
        same = !strcmp(r1.encoding, r2.encoding) && !strcmp(r1.source, r2.source) &&
               r1.len == r2.len && !memcmp(r1.text, r2.text, r1.len) &&
               r1.invalid == r2.invalid && r1.first_invalid == r2.first_invalid &&
               r1.repaired_lines == r2.repaired_lines && r1.repaired_bytes == r2.repaired_bytes;
    if (same && s1 != ZG_OK) same = !strcmp(e1.message, e2.message);
    if (!same) {
        fprintf(stderr, "%s (declared %s): bounded %s/%s, reference %s/%s\n", what,
                declared ? declared : "-", s1 == ZG_OK ? r1.encoding : "error",
                s1 == ZG_OK ? r1.source : e1.message, s2 == ZG_OK ? r2.encoding : "error",
                s2 == ZG_OK ? r2.source : e2.message);
        check_failures++;
    }
    free_doc(d2);
    if (s1 == ZG_OK) free(r1.text);
    if (s2 == ZG_OK) free(r2.text);
    compared++;
}

/* UTF-8 → charset with ICU (unmappable characters substituted); NULL on failure. */
static unsigned char *convert(const char *charset, const char *utf8, size_t len, size_t *out_len)
{
    UErrorCode e = U_ZERO_ERROR;
    size_t cap = len * 4 + 16;
    char *out = malloc(cap);
    int32_t n = ucnv_convert(charset, "UTF-8", out, (int32_t)cap, utf8, (int32_t)len, &e);
    if (U_FAILURE(e)) { free(out); return NULL; }
    *out_len = (size_t)n;
    return (unsigned char *)out;
}

/* One file as it is, and (variants) its text re-encoded, cut mid-character, with a stray
 * byte, and as UTF-8 with one GB18030 line; each without and with declarations. */
static void compare_file(const char *path, bool variants)
{
    size_t n;
    unsigned char *b = NULL;
    char why[256];
    if (zg_read_file(path, 64u << 20, &b, &n, why, sizeof why) != ZG_OK) return;
    char decl[64];
    compare(path, b, n, NULL);
    if (zg_html_sniff_charset(b, n, decl, sizeof decl)) compare(path, b, n, decl);
    if (variants) {
        static const char *const charsets[] = { "GB18030", "Big5", "Shift_JIS", "EUC-JP",
                                                "EUC-KR", "windows-1252" };
        static const char *const declared[] = { "gb2312", "big5", "iso-8859-1", "utf-8" };
        for (size_t c = 0; c < sizeof charsets / sizeof charsets[0]; c++) {
            size_t m;
            unsigned char *x = convert(charsets[c], (const char *)b, n, &m);
            if (!x) continue;
            char what[1200];
            snprintf(what, sizeof what, "%s as %s", path, charsets[c]);
            compare(what, x, m, NULL);
            for (size_t d = 0; d < sizeof declared / sizeof declared[0]; d++)
                compare(what, x, m, declared[d]);
            if (m > 7) compare(what, x, m / 2 | 1, NULL);               /* cut */
            if (m > 100) compare(what, x, 97, NULL);                      /* short */
            if (m > 40) {                                                 /* stray byte */
                unsigned char keep = x[m / 3];
                x[m / 3] = 0xFF;
                compare(what, x, m, NULL);
                x[m / 3] = keep;
                /* an ESC or SO byte: ICU's detector may name an ISO-2022 charset */
                keep = x[m / 5];
                x[m / 5] = 0x1B;
                compare(what, x, m, NULL);
                x[m / 5] = 0x0E;
                compare(what, x, m, NULL);
                x[m / 5] = keep;
            }
            free(x);
        }
        /* UTF-8 with its first non-ASCII line in GB18030 */
        const unsigned char *hi = b;
        while (hi < b + n && *hi < 0x80) hi++;
        if (hi < b + n) {
            const unsigned char *start = hi, *end = memchr(hi, '\n', (size_t)(b + n - hi));
            while (start > b && start[-1] != '\n') start--;
            if (!end) end = b + n;
            size_t gm;
            unsigned char *g = convert("GB18030", (const char *)start, (size_t)(end - start), &gm);
            if (g) {
                zg_buf mixed = { 0 };
                zg_buf_append(&mixed, b, (size_t)(start - b));
                zg_buf_append(&mixed, g, gm);
                zg_buf_append(&mixed, end, (size_t)(b + n - end));
                compare(path, (const unsigned char *)mixed.data, mixed.len, NULL);
                compare(path, (const unsigned char *)mixed.data, mixed.len, "utf-8");
                zg_buf_free(&mixed);
                free(g);
            }
        }
    }
    free(b);
}

/* ISO-2022-JP text (seven bits, escape sequences) after one GB18030 character: not UTF-8, and
 * GB18030 reads it with a positive quality, so only ICU's detector, run because the text holds
 * ESC bytes, finds the charset that reads it best. The same with the ESC bytes turned into
 * spaces: no ESC, no detector, GB18030. */
static void test_escape_text(const char *dir)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/adv-dongling-education.txt", dir);
    size_t n, m;
    unsigned char *b = NULL;
    char why[256];
    if (zg_read_file(path, 64u << 20, &b, &n, why, sizeof why) != ZG_OK) {
        CHECK(!"corpus notice missing");
        return;
    }
    unsigned char *iso = convert("ISO-2022-JP", (const char *)b, n, &m);
    CHECK(iso != NULL);
    if (iso) {
        unsigned char *x = malloc(m + 2);
        memcpy(x, "\xD6\xD0", 2);                /* 中 */
        memcpy(x + 2, iso, m);
        for (size_t i = 2; i < m + 2; i++)      /* ICU's substitute (SUB) for kanji JIS lacks */
            if (x[i] == 0x1A) x[i] = '?';
        CHECK(memchr(x, 0x1B, m + 2) != NULL);
        compare("ISO-2022-JP after a GB18030 character", x, m + 2, NULL);
        zg_decoded out;
        zg_error err = { 0 };
        zg_document *doc = new_doc();
        zg_status st = zg_decode(doc, x, m + 2, NULL, NULL, &out, &err);
        CHECK_INT(st, ZG_OK);
        if (st == ZG_OK) {
            CHECK(strcmp(out.encoding, "ISO-2022-JP") == 0);
            free(out.text);
        }
        free_doc(doc);
        for (size_t i = 0; i < m + 2; i++)
            if (x[i] == 0x1B) x[i] = ' ';
        compare("the same without ESC", x, m + 2, NULL);
        doc = new_doc();
        st = zg_decode(doc, x, m + 2, NULL, NULL, &out, &err);
        CHECK_INT(st, ZG_OK);
        if (st == ZG_OK) {
            CHECK(strcmp(out.encoding, "GB18030") == 0);
            free(out.text);
        }
        free_doc(doc);
        free(x);
        free(iso);
    }
    free(b);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* Every notice (.txt/.html/.md) under dir, recursively; `every`: only each every-th file. */
static long compare_dir(const char *dir, bool variants, long every)
{
    struct dirent **names = NULL;
    int k = scandir(dir, &names, NULL, alphasort);
    long files = 0;
    static long seen;
    for (int i = 0; i < k; i++) {
        const char *name = names[i]->d_name;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        struct stat st;
        if (name[0] != '.' && stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                files += compare_dir(path, variants, every);
            } else if (has_suffix(name, ".txt") || has_suffix(name, ".html") ||
                       has_suffix(name, ".md")) {
                if (seen++ % every == 0) {
                    compare_file(path, variants);
                    files++;
                }
            }
        }
        free(names[i]);
    }
    free(names);
    return files;
}

int main(void)
{
    const char *src = getenv("ZG_SOURCE_DIR");
    const char *shared = getenv("ZG_SHARED_DIR");
    char path[1024];
    zg_rules *rules = NULL;
    if (fixture_rules_file("html.rules", &rules)) return 1;
    CHECK_INT(zg_scanner_create(rules, NULL, &scanner), ZG_OK);
    zg_enc_common_map_init(&common);
    test_bound_tables();
    test_odd_control_words();
    test_utf8_random();
    test_utf8_scan();
    test_utf8_valid_words();
    test_gb_table();
    test_gb_utf8_runs();

    snprintf(path, sizeof path, "%s/corpus", src ? src : ".");
    test_escape_text(path);
    CHECK(compare_dir(path, true, 1) > 0);
    if (shared) {
        snprintf(path, sizeof path, "%s/corpus-dev", shared);
        if (!compare_dir(path, true, 1)) printf("note: %s absent\n", path);
    }
    /* the bench corpus (tools/bench writes it; git-ignored): a sample, all of it with
     * ZG_ENCODING_FULL set */
    long every = getenv("ZG_ENCODING_FULL") ? 1 : 25;
    for (int f = 0; f < 3; f++) {
        static const char *const forms[] = { "gb18030", "utf8", "html" };
        snprintf(path, sizeof path, "%s/tools/bench-corpus/%s", src ? src : ".", forms[f]);
        compare_dir(path, false, every);
    }
    printf("%ld decodings compared\n", compared);
    zg_scanner_free(scanner);
    zg_rules_free(rules);
    CHECK_DONE();
}
