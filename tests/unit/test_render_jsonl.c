/*
 * The two back ends of the record description print the same JSONL: the tree (zg_record_build,
 * then zg_json_print compact) and the direct writer (zg_record_jsonl) must agree byte for byte,
 * with and without the text, on every notice of corpus/ (and ../shared/corpus-dev when present),
 * on the hand-built fixture, on records full of awkward strings and on extreme numbers. Also:
 * zg_json_put_string against a plain byte-by-byte escaper written from its contract, and
 * zg_render_date_iso against zg_date_iso.
 */
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>

#include "render.h"
#include "render_fixture.h"
#include "fixture.h"
#include "stages.h"

static int compared;

/* the tree path's JSONL, or NULL with *st set */
static char *tree_jsonl(const zg_document *d, const char *text, size_t text_len, zg_status *st)
{
    zg_arena arena;
    zg_arena_init(&arena);
    cJSON *tree = NULL;
    char *out = NULL;
    size_t len = 0;
    *st = zg_record_build(d, &arena, &tree);
    if (*st == ZG_OK) *st = zg_json_print(tree, false, text, text_len, &out, &len);
    zg_arena_release(&arena);
    return out;
}

/* both back ends on d, with and without the text; `what` names d in failure messages */
static void compare_backends(const zg_document *d, const char *what)
{
    for (int with_text = 0; with_text < 2; with_text++) {
        const char *text = with_text ? (d->text ? d->text : "") : NULL;
        size_t text_len = with_text ? d->text_len : 0;
        zg_status st_tree, st_direct;
        char *a = tree_jsonl(d, text, text_len, &st_tree);
        char *b = NULL;
        size_t len_b = 0;
        st_direct = zg_record_jsonl(d, text, text_len, &b, &len_b);
        CHECK_INT(st_direct, st_tree);
        if (st_tree == ZG_OK) {
            bool same = a && b && strlen(a) == len_b && memcmp(a, b, len_b) == 0;
            if (!same) {
                size_t i = 0;
                while (a && b && a[i] && a[i] == b[i]) i++;
                fprintf(stderr, "%s (text %d): back ends differ at byte %zu\n  tree:   %.80s\n"
                        "  direct: %.80s\n", what, with_text, i, a ? a + i : "(null)",
                        b ? b + i : "(null)");
            }
            CHECK(same);
            compared++;
        } else {
            CHECK(b == NULL);
        }
        free(a);
        free(b);
    }
}

/* every notice of dir; the number compared */
static int compare_dir(zg_scanner *sc, const char *dir)
{
    char *names[1024];
    size_t n = fixture_names(dir, fixture_notice_suffixes, names, 1024);
    int done = 0;
    for (size_t k = 0; k < n; k++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        zg_document *doc = NULL;
        zg_error err;
        if (zg_extract_file(sc, path, NULL, &doc, &err) == ZG_OK) {
            compare_backends(doc, path);
            done++;
        } else {
            fprintf(stderr, "%s: %s\n", path, err.message);
            CHECK(false);
        }
        zg_document_free(doc);
        free(names[k]);
    }
    return done;
}

/* ---- zg_json_put_string against a byte-by-byte escaper written from its contract */

static void reference_escape(zg_buf *b, const unsigned char *s, size_t n)
{
    zg_buf_append(b, "\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        char tmp[8];
        if (c >= 0x80) {
            size_t k = zg_utf8_valid_len(s + i, n - i);
            if (k) zg_buf_append(b, s + i, k);
            else zg_buf_append(b, "\xEF\xBF\xBD", 3);
            i += k ? k : 1;
            continue;
        }
        if (c == '"') zg_buf_append(b, "\\\"", 2);
        else if (c == '\\') zg_buf_append(b, "\\\\", 2);
        else if (c == '\b') zg_buf_append(b, "\\b", 2);
        else if (c == '\f') zg_buf_append(b, "\\f", 2);
        else if (c == '\n') zg_buf_append(b, "\\n", 2);
        else if (c == '\r') zg_buf_append(b, "\\r", 2);
        else if (c == '\t') zg_buf_append(b, "\\t", 2);
        else if (c < 0x20) {
            snprintf(tmp, sizeof tmp, "\\u%04x", c);
            zg_buf_append(b, tmp, 6);
        } else {
            zg_buf_append(b, &c, 1);
        }
        i++;
    }
    zg_buf_append(b, "\"", 1);
}

static void test_escaper(void)
{
    static const char *const pieces[] = {
        "a", "Zq", " ", "\x01", "\x1f", "\x7f", "\"", "\\", "\n", "\t", "\0", "abcdefgh",
        "0123456789abcdef", "中", "文字", "\xe4\xb8", "\xed\xa0\x80", "\xef\xbf\xbd",
        "\xf0\x9f\x98\x80", "\xc3\xa9", "\xc0\xaf", "\xff", "\xe0\x80\x80", "\xe0\xa0\x80",
        "\xf4\x90\x80\x80", "\xee\x80\x80", "]]>",
    };
    static const size_t piece_len[] = {
        1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 8, 16, 3, 6, 2, 3, 3, 4, 2, 2, 1, 3, 3, 4, 3, 3,
    };
    unsigned seed = 777;
    for (int round = 0; round < 3000; round++) {
        unsigned char s[512];
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        int parts = (int)((seed >> 16) % 40);
        for (int i = 0; i < parts; i++) {
            seed = seed * 1103515245u + 12345u;
            size_t p = (seed >> 16) % (sizeof pieces / sizeof pieces[0]);
            memcpy(s + n, pieces[p], piece_len[p]);
            n += piece_len[p];
        }
        zg_buf want = { 0 }, got = { 0 };
        reference_escape(&want, s, n);
        /* a prefix already in the buffer must stay */
        zg_buf_append(&got, "x", 1);
        zg_json_put_string(&got, (const char *)s, n);
        CHECK(got.len == want.len + 1 && memcmp(got.data + 1, want.data, want.len) == 0);
        zg_buf_free(&want);
        zg_buf_free(&got);
    }
}

/*
 * Runs of Chinese with one byte changed: the escaper tests several characters at once (a word of
 * two, two words of five), so every position of such a group gets every lead byte E0–EF and
 * some others, and every continuation byte some wrong values, after 0–8 ASCII bytes (every
 * alignment) and with 0–2 bytes cut from the end.
 */
static void test_escaper_runs(void)
{
    static const unsigned char subst[] = { 0x00, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0xa0, 0xbf, 0xc0,
                                           0xc3, 0xe0, 0xe1, 0xe4, 0xec, 0xed, 0xee, 0xef, 0xf0,
                                           0xf4, 0xff };
    const unsigned char han[3] = { 0xe4, 0xb8, 0xad }; /* 中 */
    for (size_t lead = 0; lead <= 8; lead++) {
        for (size_t cut = 0; cut <= 2; cut++) {
            for (size_t pos = 0; pos < 7 * 3; pos++) {
                for (size_t k = 0; k < sizeof subst; k++) {
                    unsigned char s[64];
                    size_t n = 0;
                    for (size_t j = 0; j < lead; j++) s[n++] = (unsigned char)('a' + j);
                    for (int c = 0; c < 7; c++) {
                        memcpy(s + n, han, 3);
                        n += 3;
                    }
                    s[lead + pos] = subst[k];
                    n -= cut;
                    zg_buf want = { 0 }, got = { 0 };
                    reference_escape(&want, s, n);
                    zg_json_put_string(&got, (const char *)s, n);
                    CHECK(got.len == want.len && memcmp(got.data, want.data, want.len) == 0);
                    zg_buf_free(&want);
                    zg_buf_free(&got);
                }
            }
        }
    }
}

/*
 * Random strings of every length up to 80 (both sides of the 16-byte blocks) and a few past
 * ZG_JSON_RAW_MAX (the path that grows the buffer at each escape), drawn from bytes that matter
 * to the blocks: ASCII, the escaped bytes, continuation bytes of each range, every kind of lead
 * byte; also through zg_json_escape_raw into exactly ZG_JSON_RAW_ROOM(n) bytes (valgrind and
 * ASan see an overrun).
 */
static void test_escaper_random(void)
{
    static const unsigned char bytes[] = {
        'a', '0', ' ', '"', '\\', 0x00, 0x01, 0x0a, 0x1f, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
        0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xe4, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf3, 0xf4,
        0xf5, 0xff,
    };
    static const unsigned char han[] = { 0xe4, 0xb8, 0xad };
    unsigned seed = 4242;
    for (int round = 0; round < 40000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = round < 39990 ? (seed >> 16) % 81 : ZG_JSON_RAW_MAX - 5 + (seed >> 16) % 400;
        unsigned char *s = malloc(n + 1);
        seed = seed * 1103515245u + 12345u;
        unsigned odd = 4 + (seed >> 16) % 60; /* one byte in `odd` is not from a clean run */
        for (size_t i = 0; i < n;) {
            seed = seed * 1103515245u + 12345u;
            unsigned x = seed >> 16;
            if (x % odd == 0) {
                s[i++] = bytes[(x / odd) % sizeof bytes];
            } else if (x & 1) {
                for (size_t j = 0; j < 3 && i < n; j++) s[i++] = han[j];
            } else {
                s[i++] = (unsigned char)('a' + x % 26);
            }
        }
        zg_buf want = { 0 }, got = { 0 };
        reference_escape(&want, s, n);
        zg_json_put_string(&got, (const char *)s, n);
        CHECK(got.len == want.len && memcmp(got.data, want.data, want.len) == 0);
        if (n <= ZG_JSON_RAW_MAX) {
            char *room = malloc(ZG_JSON_RAW_ROOM(n));
            char *end = zg_json_escape_raw(room, (const char *)s, n);
            CHECK((size_t)(end - room) == want.len && memcmp(room, want.data, want.len) == 0);
            free(room);
        }
        zg_buf_free(&want);
        zg_buf_free(&got);
        free(s);
    }
}

/* ---- dates */

static void test_date_iso(void)
{
    static const int years[] = { 0, 7, 999, 2024, 9999, 10000, 12345, -1, -2024, INT_MAX, INT_MIN };
    static const int parts[] = { 0, 1, 9, 10, 12, 31, 99, 100, 123, -1, -31, INT_MAX, INT_MIN };
    static const zg_precision precs[] = { ZG_PREC_NONE, ZG_PREC_YEAR, ZG_PREC_MONTH, ZG_PREC_DAY };
    for (size_t y = 0; y < sizeof years / sizeof years[0]; y++)
        for (size_t m = 0; m < sizeof parts / sizeof parts[0]; m++)
            for (size_t dd = 0; dd < sizeof parts / sizeof parts[0]; dd++)
                for (size_t p = 0; p < 4; p++) {
                    zg_date d = { years[y], parts[m], parts[dd], precs[p], false, { 0, 0 } };
                    char want[11], got[11];
                    zg_date_iso(&d, want);
                    zg_render_date_iso(&d, got);
                    CHECK_STR(got, want);
                }
}

/* ---- hand-built records */

static void test_fixture_and_extremes(void)
{
    fixture f;
    build(&f);
    compare_backends(&f.doc, "fixture");

    /* numbers the direct writer prints itself (integers below 2^53) and those it hands to
     * zg_render_number, on both sides of every boundary */
    static const long long values[] = {
        0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, 1001, 9999, 10000, 10001, -9999, -10000, 12345,
        -12345, 4294967295LL, 4294967296LL, -4294967296LL,
        9007199254740991LL, 9007199254740992LL, 9007199254740993LL, -9007199254740991LL,
        -9007199254740992LL, -9007199254740993LL, LLONG_MAX, LLONG_MIN,
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        build(&f);
        f.doc.declared.categories = (zg_count){ true, values[i], { 0, 0 } };
        f.doc.declared.completed = (zg_count){ true, values[i], { 43, 49 } };
        f.check.declared = (int)(values[i] % 1000000);
        f.doc.invalid_sequences = (size_t)values[i];
        f.doc.src_bytes = (size_t)values[i];
        f.n1.span = (zg_span){ (size_t)values[i], (size_t)values[i] + 5 };
        f.doc.declared.rate_present = true;
        f.doc.declared.rate_percent = (double)values[i] / 3.0;
        f.doc.declared.rate_span = (zg_span){ 1, 2 };
        compare_backends(&f.doc, "extreme numbers");
    }
    static const double rates[] = { 0.0, -0.0, 66.7, 100.0, 1e300, 1.0 / 3.0, 1e-7 };
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        build(&f);
        f.doc.declared.rate_present = true;
        f.doc.declared.rate_percent = rates[i];
        compare_backends(&f.doc, "rates");
    }

    /* spans outside the text, NUL bytes inside the text, dates of every precision */
    build(&f);
    static const char with_nul[] = "ab\0cd 2023年";
    f.doc.text = (char *)with_nul;
    f.doc.text_len = sizeof with_nul - 1;
    f.doc.date.span = (zg_span){ 0, 5 };
    f.doc.inspection.start = (zg_date){ 2023, 0, 0, ZG_PREC_YEAR, true, { 6, 13 } };
    f.doc.inspection.end = (zg_date){ 2023, 7, 0, ZG_PREC_MONTH, false, { 0, 0 } };
    f.fact.text = (zg_sref){ NULL, { 0, 0 } };
    f.fact.span = (zg_span){ 2, 500 };
    compare_backends(&f.doc, "nul and spans");

    /* slices and strings longer than ZG_JSON_RAW_MAX (the growing path) with bytes to escape */
    build(&f);
    size_t long_len = 3 * ZG_JSON_RAW_MAX;
    char *long_text = malloc(long_len + 1);
    for (size_t i = 0; i < long_len; i++) long_text[i] = "ab\"c\\\n\001d"[i % 8];
    long_text[long_len] = '\0';
    f.doc.text = long_text;
    f.doc.text_len = long_len;
    f.doc.date.span = (zg_span){ 3, long_len - 2 };
    f.doc.inspection.start.span = (zg_span){ 0, ZG_JSON_RAW_MAX + 1 };
    f.doc.declared.completed = (zg_count){ true, 7, { 1, long_len } };
    f.doc.title = (zg_sref){ long_text + 5, { 5, long_len } };
    compare_backends(&f.doc, "long strings");
    free(long_text);

    /* an outline nested too deep: both back ends refuse */
    build(&f);
    enum { DEEP = 20 };
    zg_node chain[DEEP];
    for (int i = 0; i < DEEP; i++) {
        chain[i] = (zg_node){ .level = 3, .marker = sref("1.", 41, 43), .number = 1 };
        if (i) chain[i - 1].first_child = &chain[i];
    }
    f.doc.root.first_child = &chain[0];
    compare_backends(&f.doc, "deep outline");
    char *out = NULL;
    size_t len = 0;
    CHECK_INT(zg_record_jsonl(&f.doc, NULL, 0, &out, &len), ZG_ERR_LIMIT);
    CHECK(out == NULL);

    /* an empty document */
    zg_document *d = calloc(1, sizeof *d);
    compare_backends(d, "empty");
    free(d);
}

static void test_awkward_strings(void)
{
    static const char *const pieces[] = {
        "a", " ", "\x01", "\x1f", "\"", "\\", "<", "\r", "\n", "\t", "\x7f", "\xff", "\xc3\xa9",
        "\xe4\xb8\xad", "\xed\xa0\x80", "\xf0\x9f\x98\x80", "\xe4\xb8", "\xc0\xaf", "abcdefghij",
    };
    unsigned seed = 4242;
    for (int round = 0; round < 300; round++) {
        char path[512] = "", title[512] = "";
        for (int which = 0; which < 2; which++) {
            char *dst = which ? title : path;
            seed = seed * 1103515245u + 12345u;
            int n = (int)((seed >> 16) % 20);
            for (int i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                strcat(dst, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
            }
        }
        zg_document *d = calloc(1, sizeof *d);
        d->text = title;
        d->text_len = strlen(title);
        d->path = path;
        d->title = sref(title, 0, strlen(title));
        d->date = (zg_date){ 2024, 2, 3, ZG_PREC_DAY, false, { 0, strlen(title) } };
        compare_backends(d, "awkward strings");
        free(d);
    }
}

int main(void)
{
    test_escaper();
    test_escaper_runs();
    test_escaper_random();
    test_date_iso();
    test_fixture_and_extremes();
    test_awkward_strings();

    const char *src = getenv("ZG_SOURCE_DIR"), *shared = getenv("ZG_SHARED_DIR");
    if (!src) SKIP("ZG_SOURCE_DIR not set");
    char dir[1024];
    zg_rules *rules = NULL;
    zg_scanner *sc = NULL;
    CHECK_INT(fixture_open(&rules, &sc), 0);
    if (sc) {
        snprintf(dir, sizeof dir, "%s/corpus", src);
        int n = compare_dir(sc, dir);
        printf("corpus/: %d notices\n", n);
        CHECK(n >= 30);
        if (shared) {
            snprintf(dir, sizeof dir, "%s/corpus-dev", shared);
            printf("corpus-dev: %d notices\n", compare_dir(sc, dir));
        }
    }
    printf("%d records compared\n", compared);
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
