/*
 * What zg_segment relies on when it skips the search of a heading's title for markers
 * (segment.c, title_may_hold_marker): a heading_marker match in norm[.., te) searched with the
 * subject ending at a title end te (zg_seg_title_end: 。 \n \r : ! ? or a blank) is also a match
 * of the whole text at the same start, so the whole text's next match from before it starts at
 * or before it. Checked at every title end of the project's notices and the dev notices, and on
 * every marker form followed by every title end.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "encoding.h"
#include "lookup.h"
#include "segment_util.h"
#include "stages.h"
#include "util.h"

static zg_rules *rules;
static long compared;

static const char *source_dir(void)
{
    const char *d = getenv("ZG_SOURCE_DIR");
    return d && *d ? d : ".";
}

/* How far before a title end the matches of the title alone are looked for (bytes). */
enum { REACH = 60 };

/* Every match in norm[lo, te), te a title end, is found by a search of the whole text from it. */
static void check_norm(zg_scanner *sc, const zg_ruleset *set, const char *norm, size_t n)
{
    size_t pos = 0;
    while (pos < n) {
        size_t te = zg_seg_title_end(norm, pos, n);
        if (te >= n) break;
        size_t lo = te > REACH ? te - REACH : 0;
        while (lo > 0 && ((unsigned char)norm[lo] & 0xC0) == 0x80) lo++;
        zg_match m, w;
        size_t from = lo;
        while (from < te && zg_match_leftmost(sc, set, norm, from, te, 0, &m) == 1) {
            size_t start = m.start;
            from = m.end > m.start ? m.end : m.start + 1;
            int rc = zg_match_leftmost(sc, set, norm, start, n, 0, &w);
            CHECK(rc == 1 && w.start == start);
            if (rc != 1 || w.start != start)
                fprintf(stderr, "match at %zu before the title end at %zu: not one of the whole "
                        "text (%.*s)\n", start, te, (int)(te - start), norm + start);
            compared++;
        }
        pos = te + 1;
        while (pos < n && ((unsigned char)norm[pos] & 0xC0) == 0x80) pos++;
    }
}

static void check_text(zg_scanner *sc, const zg_ruleset *set, const char *text, size_t len)
{
    zg_document *doc = calloc(1, sizeof *doc);
    if (!doc) return;
    zg_arena_init(&doc->arena);
    doc->text_len = len;
    doc->text = zg_arena_strndup(&doc->arena, text, len);
    zg_scanner_bind(sc, doc);
    zg_error err;
    CHECK_INT(zg_normalize(doc, &err), ZG_OK);
    if (doc->norm) check_norm(sc, set, doc->norm, doc->norm_len);
    zg_scanner_bind(sc, NULL);
    zg_document_free(doc);
}

static void test_marker_forms(zg_scanner *sc, const zg_ruleset *set)
{
    static const char *const prefixes[] = { "", "x", "。", "\n", ":", "甲 " };
    static const char *const markers[] = { "一、",  "十二、", "一.",  "三．", "(一)",    "( 一 )",
                                           "（二）", "1.",     "12、", "3．", "第一部分", "第十部分：" };
    static const char *const stops[] = { "。", "\n", "\r", ":", "：", "!", "?", " ", "\t", "　" };
    static const char *const afters[] = { "", "标题", "1", "一" };
    char text[256];
    for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++)
        for (size_t k = 0; k < sizeof markers / sizeof *markers; k++)
            for (size_t s = 0; s < sizeof stops / sizeof *stops; s++)
                for (size_t a = 0; a < sizeof afters / sizeof *afters; a++) {
                    int n = snprintf(text, sizeof text, "%s%s%s%s%s后文", prefixes[p], markers[k],
                                     afters[a], stops[s], afters[a]);
                    check_text(sc, set, text, (size_t)n);
                }
}

static void check_file(zg_scanner *sc, const zg_ruleset *set, const char *path, int *files)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char why[256];
    if (zg_read_file(path, 0, &data, &len, why, sizeof why) != ZG_OK) return;
    bool non_ascii;
    if (zg_enc_valid_utf8(data, len, &non_ascii)) {
        check_text(sc, set, (const char *)data, len);
        (*files)++;
    }
    free(data);
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

/* the UTF-8 text notices of corpus/ and of the dev corpus */
static void test_notices(zg_scanner *sc, const zg_ruleset *set)
{
    int files = 0;
    char dirs[2][1024];
    snprintf(dirs[0], sizeof dirs[0], "%s/corpus", source_dir());
    const char *shared = getenv("ZG_SHARED_DIR");
    snprintf(dirs[1], sizeof dirs[1], "%s/corpus-dev", shared && *shared ? shared : "/nonexistent");
    for (int d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir) continue;
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (!ends_with(e->d_name, ".txt")) continue;
            char path[sizeof dirs + sizeof e->d_name];
            snprintf(path, sizeof path, "%s/%s", dirs[d], e->d_name);
            check_file(sc, set, path, &files);
        }
        closedir(dir);
    }
    CHECK(files >= 10);
    printf("notices: %d, matches before a title end compared: %ld\n", files, compared);
}

int main(void)
{
    if (fixture_rules_file("markers.rules", &rules)) return 1;
    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(rules, NULL, &sc), ZG_OK);
    const zg_ruleset *set = sc ? zg_rules_set(rules, "heading_marker") : NULL;
    CHECK(set != NULL);
    if (set) {
        test_marker_forms(sc, set);
        long forms = compared;
        printf("marker forms: %ld matches before a title end compared\n", forms);
        CHECK(forms > 1000);
        test_notices(sc, set);
        CHECK(compared > forms + 100);
    }
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
