/*
 * zg_seg_next_clause_match (segment_util.c), the segmenter's search for markers: the set matched
 * anchored at clause starts only. It must give what the leftmost search of the set gives when
 * its matches that start inside a clause are skipped (the search resumed after each match, as
 * the segmenter and the list finder did): compared for heading_marker and list_marker from every
 * start (many starts in long texts), over snippets and over every notice of corpus/ and
 * $ZG_SHARED_DIR/corpus-dev; and zg_segment_list against the list finder as it was, over lines,
 * heading bodies and random ranges of those notices.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "lookup.h"
#include "segment_util.h"
#include "stages.h"
#include "util.h"

static zg_scanner *sc;
static int compared;

/* The reference: leftmost matches from pos, each search resumed at the previous match's end,
 * the first whose start opens a clause. */
static int reference_next(const zg_ruleset *set, const char *s, size_t n, size_t pos, bool items,
                          zg_match *m)
{
    while (pos < n) {
        int rc = zg_match_leftmost(sc, set, s, pos, n, 0, m);
        if (rc != 1) return rc;
        zg_seg_pos where = items ? zg_seg_item_start(s, m->start) : zg_seg_clause_start(s, m->start);
        if (where != ZG_SEG_INSIDE) return 1;
        pos = m->end > m->start ? m->end : m->start + 1;
    }
    return 0;
}

/* Both searches from pos and on after each match found; false at the first difference. */
static bool same_from(const zg_ruleset *set, const char *s, size_t n, size_t pos, unsigned flags,
                      const char *what, bool report)
{
    const uint8_t *first = zg_seg_first_chars(sc, set);
    for (;;) {
        zg_match a, b;
        size_t as = 0, ae = 0, bs = 0, be = 0;
        /* (a match's groups live in the scanner until its next search: read them first) */
        int ra = reference_next(set, s, n, pos, flags & ZG_SEG_SCAN_ITEMS, &a);
        bool ga = ra == 1 && ZG_GROUP(sc, &a, "num", &as, &ae);
        int rb = zg_seg_next_clause_match(sc, set, first, s, n, pos, flags, &b);
        bool gb = rb == 1 && ZG_GROUP(sc, &b, "num", &bs, &be);
        compared++;
        bool same = ra == rb && (ra != 1 || (a.start == b.start && a.end == b.end &&
                                             a.rule == b.rule && ga == gb && as == bs &&
                                             ae == be));
        if (!same) {
            if (!report) return false;
            fprintf(stderr, "%s: set %s from %zu: leftmost %d [%zu,%zu) %s, clause scan %d "
                    "[%zu,%zu) %s\n", what, set->name, pos, ra, ra == 1 ? a.start : 0,
                    ra == 1 ? a.end : 0, ra == 1 ? a.rule->name : "-", rb, rb == 1 ? b.start : 0,
                    rb == 1 ? b.end : 0, rb == 1 ? b.rule->name : "-");
            return false;
        }
        if (ra != 1) return true;
        pos = a.end > a.start ? a.end : a.start + 1;
    }
}

/* The list finder as it was (the leftmost search of list_marker, resumed after each match). */
static int reference_list(zg_document *doc, size_t from, size_t to, zg_list_item **items)
{
    *items = NULL;
    const zg_ruleset *set = ZG_SET(sc, "list_marker");
    if (to > doc->norm_len) to = doc->norm_len;
    if (!set || from >= to) return 0;
    zg_list_item *list = NULL;
    size_t n = 0, text_start = 0, pos = from;
    const char *type = NULL;
    int last = 0;
    zg_match m;
    while (pos < to) {
        if (zg_match_leftmost(sc, set, doc->norm, pos, to, 0, &m) != 1) break;
        pos = m.end > m.start ? m.end : m.start + 1;
        if (type && strcmp(type, m.rule->name) != 0) continue;
        size_t ns, ne;
        if (!ZG_GROUP(sc, &m, "num", &ns, &ne)) continue;
        int number = zg_seg_number(doc->norm + ns, ne - ns);
        if (number != last + 1) continue;
        if (m.start > from && zg_seg_item_start(doc->norm, m.start) == ZG_SEG_INSIDE) continue;
        if (n > 0) list[n - 1].span.end = m.start; /* (norm offsets here) */
        zg_list_item *it = zg_arena_push(&doc->arena, (void **)&list, &n, sizeof *it);
        if (!it) return -1;
        type = m.rule->name;
        last = number;
        it->type = type;
        it->number = number;
        it->span.start = m.start;
        it->span.end = to;
        text_start = m.end;
    }
    (void)text_start;
    *items = list;
    return (int)n;
}

/* zg_segment_list over norm[from, to) against reference_list: the same items at the same
 * markers (zg_segment_list's spans are text offsets: compared through zg_norm_to_text). */
static bool same_list(zg_document *doc, size_t from, size_t to, const char *what)
{
    zg_list_item *a = NULL, *b = NULL;
    int na = reference_list(doc, from, to, &a);
    int nb = zg_segment_list(doc, sc, from, to, &b);
    bool same = na == nb;
    for (int i = 0; same && i < na; i++)
        same = a[i].type == b[i].type && a[i].number == b[i].number &&
               zg_norm_to_text(doc, a[i].span.start) == b[i].span.start;
    if (!same)
        fprintf(stderr, "%s: lists of [%zu,%zu) differ: %d items, %d items\n", what, from, to, na,
                nb);
    return same;
}

/* From the start, and from every character boundary (some hundred in long texts). */
static void compare_text(const char *s, size_t n, const char *what)
{
    const zg_ruleset *sets[2] = { ZG_SET(sc, "heading_marker"), ZG_SET(sc, "list_marker") };
    const unsigned flags[2] = { 0, ZG_SEG_SCAN_ITEMS | ZG_SEG_SCAN_CHECK_GAPS };
    for (int k = 0; k < 2; k++) {
        CHECK(sets[k] != NULL);
        if (!sets[k]) continue;
        if (!same_from(sets[k], s, n, 0, flags[k], what, true)) {
            CHECK(0);
            continue;
        }
        size_t step = n > 4000 ? n / 400 : 1;
        for (size_t p = 1; p < n; p += step) {
            size_t q = p;
            while (q < n && ((unsigned char)s[q] & 0xC0) == 0x80) q++;
            if (q < n && !same_from(sets[k], s, n, q, flags[k], what, true)) {
                CHECK(0);
                break;
            }
        }
    }
}

static unsigned long lcg(unsigned long *st)
{
    *st = *st * 6364136223846793005UL + 1442695040888963407UL;
    return *st >> 33;
}

/* First norm offset whose text offset is >= text_off. */
static size_t norm_of_text(const zg_document *doc, size_t text_off)
{
    size_t lo = 0, hi = doc->norm_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (zg_norm_to_text(doc, mid) < text_off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Lists of every line, of every heading's body and of random ranges of a document. */
static void compare_lists(zg_document *doc, const char *what)
{
    const char *s = doc->norm;
    size_t n = doc->norm_len;
    bool ok = same_list(doc, 0, n, what);
    for (size_t a = 0; ok && a < n;) {
        const char *nl = memchr(s + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - s) : n;
        ok = same_list(doc, a, b, what);
        a = b + 1;
    }
    for (size_t i = 0; ok && i < doc->n_headings; i++) {
        const zg_node *h = doc->headings[i];
        size_t a = norm_of_text(doc, h->body.start), b = norm_of_text(doc, h->body.end);
        if (a < b) ok = same_list(doc, a, b, what);
    }
    unsigned long st = 4242;
    for (int k = 0; ok && k < 300 && n > 0; k++) {
        size_t a = lcg(&st) % n, b = a + lcg(&st) % 1500;
        if (b > n) b = n;
        while (a < n && ((unsigned char)s[a] & 0xC0) == 0x80) a++;
        while (b < n && ((unsigned char)s[b] & 0xC0) == 0x80) b++;
        if (a < b) ok = same_list(doc, a, b, what);
    }
    CHECK(ok);
}

/* Snippets: the norm text as the scanner sees it (already folded). */
static void test_snippets(void)
{
    static const char *const texts[] = {
        "一、总体情况\n(一)工作开展\n1.第一项。2.第二项;3.第三项\n二、问题整改",
        "一、 ( 一)加强领导 ( 1)措施 x( 1)措施二 2)其他,3)再一项 (二 )其三 ( 三 )",
        "巡视反馈的问题:一是整改。二是落实,三是完善。第一,加强;第二,推进",
        "   (一)缩进  1、空格之后 3.5万元 (2022)12号 一、二季度",
        "①完成②推进。③落实\n④ 第一部分:总体  第二部分 情况",
        "",
        "1",
        "。",
        "x\n(",
        /* heading markers holding a gap, starting inside a clause */
        "措施( 1)加强 措施( 一)推进 措施( 一、二 措施( 二 )三、",
    };
    zg_scanner_bind(sc, NULL);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        compare_text(texts[i], strlen(texts[i]), texts[i]);
    /* the condition matters: list_marker's "( 1)" starting inside a clause holds the gap before
     * "1)", where the clause scan finds a match the leftmost search steps over, unless it checks
     * matches after gaps (as compare_text does) */
    const char *gap = "措施( 1)加强";
    const zg_ruleset *list = ZG_SET(sc, "list_marker");
    CHECK(list != NULL);
    if (list) CHECK(!same_from(list, gap, strlen(gap), 0, ZG_SEG_SCAN_ITEMS, gap, false));
}

static int files;

static void compare_file(const char *path)
{
    unsigned char *bytes = NULL;
    size_t len = 0;
    char why[256];
    if (zg_read_file(path, (size_t)16 << 20, &bytes, &len, why, sizeof why) != ZG_OK) return;
    zg_input_options o = { path, NULL, NULL };
    zg_document *doc = NULL;
    zg_error err;
    if (zg_extract(sc, bytes, len, &o, &doc, &err) == ZG_OK && doc && doc->norm) {
        files++;
        zg_scanner_bind(sc, doc);
        compare_text(doc->norm, doc->norm_len, path);
        compare_lists(doc, path);
        zg_scanner_bind(sc, NULL);
    }
    free(bytes);
    zg_document_free(doc);
}

static void compare_dir(const char *dir)
{
    char *names[2048];
    size_t n = fixture_names(dir, fixture_notice_suffixes, names, 2048);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        compare_file(path);
        free(names[i]);
    }
}

int main(void)
{
    zg_rules *rules = NULL;
    if (fixture_open(&rules, &sc) != 0) return 1;
    test_snippets();
    const char *src = getenv("ZG_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus", src ? src : ".");
    compare_dir(dir);
    CHECK(files > 0);
    const char *shared = getenv("ZG_SHARED_DIR");
    if (shared) {
        snprintf(dir, sizeof dir, "%s/corpus-dev", shared);
        compare_dir(dir);
    }
    printf("%d notices, %d searches compared\n", files, compared);
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
