/*
 * The fast fold (table look-ups, bulk ASCII) against a straightforward reference: one code point
 * at a time, as the rules at the top of normalize.c state them. norm and norm_map must agree byte
 * for byte on every character of the BMP, on random mixes of widths, compatibility characters,
 * CR/LF and invalid bytes, and on every notice of the corpora (Simplified ones: the reference
 * does not convert Traditional text).
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include "check.h"
#include "fixture.h"
#include "normalize.h"
#include "stages.h"
#include "util.h"

/* The reference fold of one code point (not '\r') into out; returns the byte count. */
static size_t ref_fold_cp(uint32_t c, char *out)
{
    if (c >= 0xFF01 && c <= 0xFF5E) {
        out[0] = (char)(c - 0xFEE0);
        return 1;
    }
    if (c == 0xFEFF || c == 0x200B || c == 0x200C || c == 0x200D) return 0;
    if (c >= 0x2474 && c <= 0x2487) return (size_t)sprintf(out, "(%u)", (unsigned)(c - 0x2473));
    if (c >= 0x2488 && c <= 0x249B) return (size_t)sprintf(out, "%u.", (unsigned)(c - 0x2487));
    if (c >= 0x80 && (u_charType((UChar32)c) == U_SPACE_SEPARATOR || u_isUWhiteSpace((UChar32)c))) {
        out[0] = c == 0x2028 || c == 0x2029 || c == 0x85 ? '\n' : ' ';
        return 1;
    }
    if (c >= 0x80) {
        int dt = u_getIntPropertyValue((UChar32)c, UCHAR_DECOMPOSITION_TYPE);
        if (dt == U_DT_WIDE || dt == U_DT_NARROW) {
            UErrorCode e = U_ZERO_ERROR;
            const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
            UChar d[8];
            int32_t n = U_SUCCESS(e) ? unorm2_getRawDecomposition(nfkc, (UChar32)c, d, 8, &e) : 0;
            if (U_SUCCESS(e) && n > 0) {
                UChar32 r;
                int32_t j = 0;
                U16_NEXT(d, j, n, r);
                if (j == n) return zg_utf8_put((uint32_t)r, out);
            }
        }
    }
    return zg_utf8_put(c, out);
}

/* The reference fold of text[0, len) into norm/map (each of capacity 4 * len + 1). */
static size_t ref_fold(const char *text, size_t len, char *norm, size_t *map)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        char out[16];
        size_t k;
        if (text[i] == '\r') {
            out[0] = '\n';
            k = 1;
            i += i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
        } else {
            k = ref_fold_cp(zg_utf8_next(text, len, &i), out);
        }
        for (size_t j = 0; j < k; j++) {
            norm[n] = out[j];
            map[n++] = at;
        }
    }
    map[n] = len;
    norm[n] = '\0';
    return n;
}

static size_t compared, traditional;

/* Normalize text[0, len) and compare norm and its map with the reference (Simplified text). */
static void check_fold(const char *text, size_t len, const char *what)
{
    zg_document *doc = calloc(1, sizeof *doc);
    CHECK(doc != NULL);
    if (!doc) return;
    zg_arena_init(&doc->arena);
    doc->text_len = len;
    doc->text = zg_arena_strndup(&doc->arena, text, len);
    zg_error err;
    CHECK(doc->text != NULL && zg_normalize(doc, &err) == ZG_OK);
    char *norm = malloc(4 * len + 1);
    size_t *map = malloc((4 * len + 1) * sizeof *map);
    CHECK(norm && map);
    if (norm && map && doc->norm && doc->script && strcmp(doc->script, "simplified") == 0) {
        size_t n = ref_fold(text, len, norm, map);
        bool same = doc->norm_len == n && memcmp(doc->norm, norm, n + 1) == 0 &&
                    memcmp(doc->norm_map, map, (n + 1) * sizeof *map) == 0;
        if (!same) {
            size_t k = 0;
            while (k < n && k < doc->norm_len && doc->norm[k] == norm[k] &&
                   doc->norm_map[k] == map[k])
                k++;
            fprintf(stderr, "%s: fold differs from the reference at norm byte %zu (text byte %zu)"
                    " of %zu/%zu\n", what, k, k < n ? map[k] : len, doc->norm_len, n);
        }
        CHECK(same);
        compared++;
    } else if (doc->script) {
        traditional++;
    }
    free(norm);
    free(map);
    zg_document_free(doc);
}

/* A growing byte buffer. */
typedef struct buf {
    char *s;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s) abort();
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
}

static void put_cp(buf *b, uint32_t c)
{
    char u[4];
    put(b, u, zg_utf8_put(c, u));
}

/* Every 3-byte code point (U+0800–U+FFFF without surrogates) once, each 3-byte lead byte also as
 * the last character, with enough 的 that the text stays Simplified. */
static void test_every_bmp_char(void)
{
    buf b = { 0 };
    for (uint32_t c = 0x800; c <= 0xFFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        put_cp(&b, c);
        if (c % 61 == 0) put(&b, "a\r\nb", 4); /* ASCII between, short of eight bytes */
    }
    for (int k = 0; k < 20 * 30000; k++) put_cp(&b, 0x7684); /* 的 */
    check_fold(b.s, b.len, "every BMP character");
    /* the same characters as the last one of a text (the tail goes one character at a time) */
    for (uint32_t c = 0x3000; c <= 0x3040; c++) {
        b.len = 0;
        put(&b, "ab", 2);
        put_cp(&b, c);
        check_fold(b.s, b.len, "tail");
    }
    free(b.s);
}

/* Deterministic pseudo-random numbers (xorshift). */
static uint32_t rnd(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return (uint32_t)(x >> 32);
}

/* Random texts: ASCII runs, CR/LF, common Han, full-width forms, CJK punctuation, compatibility
 * and enclosed characters, zero-width characters, 2- and 4-byte characters, invalid bytes. */
static void test_random(void)
{
    static const uint32_t pool[] = {
        0x4E00, 0x7684, 0x6574, 0x6539, 0x9F99, 0x1F600, 0xFF01, 0xFF0C, 0xFF08, 0xFF09, 0xFF11, 0xFF5E, 0xFF5F, 0xFF61,
        0xFF64, 0xFF71, 0xFFE5, 0xFFE0, 0xFFFD, 0xFFFE, 0x3000, 0x3001, 0x3002, 0x300A, 0x201C,
        0x2014, 0x2026, 0x2028, 0x2029, 0x00A0, 0x0085, 0x00B7, 0x2003, 0x200B, 0x200D, 0xFEFF,
        0x2460, 0x2473, 0x2474, 0x2487, 0x2488, 0x249B, 0x2160, 0x0800, 0x0FFF, 0x1000, 0xE000,
        0xD7FF, 0x0101, 0x03B1,
    };
    /* Han outside GB2312 (Traditional, extensions, compatibility): rare, or the text would be
     * Traditional */
    static const uint32_t rare[] = { 0x95DC, 0x554F, 0x984C, 0x3400, 0x4DB5, 0xF900, 0xFA0E,
                                     0x20000, 0x2A6D6, 0x9FA5, 0x9FFF };
    zg_norm_cache *owned = NULL;
    zg_document none = { 0 };
    zg_norm_cache *cache = zg_norm_cache_get(&none, &owned);
    CHECK(cache != NULL);
    if (!cache) return;
    static const char *const raw[] = {
        "\x80", "\xBF", "\xC0\xAF", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xED\xA0\x80",
        "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF5", "\xFF", "\xE4\xB8", "\xE4", "\xF0\x9F\x98",
        "\r", "\r\n", "\n", "\t", "       ", "2024年", "abcdefghijklmnop",
    };
    uint64_t state = 0x9E3779B97F4A7C15u;
    buf b = { 0 };
    for (int t = 0; t < 3000; t++) {
        b.len = 0;
        size_t items = rnd(&state) % 120;
        for (size_t k = 0; k < items; k++) {
            uint32_t r = rnd(&state) % 100;
            if (r < 1) {
                put_cp(&b, rare[rnd(&state) % (sizeof rare / sizeof rare[0])]);
            } else if (r < 40) {
                put_cp(&b, pool[rnd(&state) % (sizeof pool / sizeof pool[0])]);
            } else if (r < 70) {
                uint32_t c;
                do c = 0x4E00 + rnd(&state) % 0x5200; /* common Han in GB2312 */
                while (cache->gb2312 && !zg_norm_in_gb2312(cache, c));
                put_cp(&b, c);
            } else if (r < 90) {
                char c = (char)(0x20 + rnd(&state) % 0x5F);
                size_t run = rnd(&state) % 20;
                for (size_t j = 0; j < run; j++) put(&b, &c, 1);
            } else {
                const char *s = raw[rnd(&state) % (sizeof raw / sizeof raw[0])];
                put(&b, s, strlen(s));
            }
        }
        char what[32];
        snprintf(what, sizeof what, "random text %d", t);
        check_fold(b.s ? b.s : "", b.len, what);
    }
    free(b.s);
    zg_norm_cache_free(owned);
}

/* Every notice of a corpus directory, as its bytes. */
static int check_dir(const char *dir)
{
    char *names[512];
    size_t count = fixture_names(dir, fixture_notice_suffixes, names, 512);
    for (size_t k = 0; k < count; k++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        size_t len = 0;
        char *text = NULL;
        FILE *f = fopen(path, "rb");
        if (f && fseek(f, 0, SEEK_END) == 0) {
            long size = ftell(f);
            rewind(f);
            text = size >= 0 ? malloc((size_t)size + 1) : NULL;
            if (text) len = fread(text, 1, (size_t)size, f);
        }
        if (f) fclose(f);
        CHECK(text != NULL);
        if (text) check_fold(text, len, path);
        free(text);
        free(names[k]);
    }
    return (int)count;
}

static void test_corpora(void)
{
    printf("%d corpus notices folded\n", fixture_each_corpus(check_dir));
}

int main(void)
{
    test_every_bmp_char();
    size_t before = compared;
    test_random();
    size_t random_compared = compared - before;
    test_corpora();
    printf("compared %zu texts with the reference (%zu random), %zu Traditional not compared\n",
           compared, random_compared, traditional);
    CHECK(random_compared > 2900); /* the random texts are (almost all) Simplified */
    CHECK_DONE();
}
