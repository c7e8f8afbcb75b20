/*
 * Metadata searches that look at part of the text only (extract_meta.c): the signature is
 * searched from near the end first; the feedback date stops where no cue is left. Each result is
 * compared with a plain reference — the signature searched over the whole text, every rule on its
 * own (ZG_MATCH_PLAIN); every date tried for the feedback — on hand-made notices, on every notice
 * of corpus/ and $ZG_SHARED_DIR/corpus-dev, and on those notices cut short at each of their last
 * line breaks and sentence ends (so that every kind of last line comes last).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "meta.h"

static zg_rules *rules;
static zg_scanner *scanner;
static int n_compared, n_signed, n_feedback_starts, n_feedback;

/* ------------------------------------------------------------------ reference */

static bool in_table(const zg_document *doc, size_t at)
{
    size_t t = zg_norm_to_text(doc, at);
    for (size_t i = 0; i < doc->n_tables; i++)
        if (t >= doc->tables[i].span.start && t < doc->tables[i].span.end) return true;
    return false;
}

/* Leftmost match of the signature sets (signature and signature.also as one, signature first at
 * the same start), every rule searched on its own. */
static int leftmost_plain(const char *norm, size_t from, size_t to, zg_match *m)
{
    const zg_ruleset *sig = zg_rules_set(rules, "signature");
    return zg_match_leftmost(scanner, sig, norm, from, to, ZG_MATCH_PLAIN, m) == 1;
}

/* The last signature match of the whole text (not in a table): its issuer and date groups. */
static bool reference_signature(const zg_document *doc, size_t g[4])
{
    zg_match m;
    size_t pos = 0, is, ie, ds, de;
    bool found = false;
    while (pos < doc->norm_len && leftmost_plain(doc->norm, pos, doc->norm_len, &m) == 1) {
        if (zg_match_group(&m, "issuer", &is, &ie) && zg_match_group(&m, "date", &ds, &de) &&
            !in_table(doc, is)) {
            g[0] = is, g[1] = ie, g[2] = ds, g[3] = de;
            found = true;
        }
        pos = m.end > m.start ? m.end : m.start + 1;
    }
    return found;
}

/* The feedback date from every clause start of the first 4,000 bytes (up to 40), to the end of
 * the text and to 1,500 bytes after it, with and without a reference date: bounded = plain. */
static void compare_feedback(const char *what, zg_document *doc)
{
    int starts = 0;
    for (size_t i = 0; i < doc->norm_len && i < 4000 && starts < 40; i++) {
        const char *c = doc->norm + i;
        size_t from = i == 0 ? 0 : *c == '\n' || *c == ',' ? i + 1 : memcmp(c, "。", 3) == 0 ? i + 3 : SIZE_MAX;
        if (from == SIZE_MAX || from >= doc->norm_len) continue;
        starts++;
        n_feedback_starts++;
        size_t ends[2] = { doc->norm_len, from + 1500 < doc->norm_len ? from + 1500 : doc->norm_len };
        for (int k = 0; k < 4; k++) {
            const zg_date *ref = k & 1 ? &doc->ref_date : NULL;
            zg_date a, b;
            memset(&a, 0, sizeof a);
            memset(&b, 0, sizeof b);
            bool fa = zg_meta_feedback(doc, scanner, from, ends[k / 2], ref, false, &a);
            bool fb = zg_meta_feedback(doc, scanner, from, ends[k / 2], ref, true, &b);
            if (fb) n_feedback++;
            if (fa != fb || (fa && (memcmp(&a.span, &b.span, sizeof a.span) != 0 ||
                                    a.year != b.year || a.month != b.month || a.day != b.day))) {
                fprintf(stderr, "%s: feedback from %zu to %zu: bounded %d [%zu,%zu), plain %d [%zu,%zu)\n",
                        what, from, ends[k / 2], fa, a.span.start, a.span.end, fb, b.span.start,
                        b.span.end);
                check_failures++;
            }
        }
    }
}

/* ------------------------------------------------------------------ comparison */

static void compare(const char *what, const char *text, size_t len, const char *format,
                    bool feedback)
{
    zg_document *doc = fixture_extract(scanner, what, text, len, format);
    if (!doc) {
        check_failures++;
        return;
    }
    n_compared++;
    zg_scanner_bind(scanner, doc);
    size_t g[4];
    if (reference_signature(doc, g)) {
        n_signed++;
        zg_span issuer = zg_span_from_norm(doc, g[0], g[1]);
        zg_span date = zg_span_from_norm(doc, g[2], g[3]);
        bool same = doc->issuer.s && doc->issuer.span.start == issuer.start &&
                    doc->issuer.span.end == issuer.end && !doc->date_from_page &&
                    (!doc->date.precision ||
                     (doc->date.span.start >= date.start && doc->date.span.end <= date.end));
        if (!same) {
            fprintf(stderr, "%s: signature [%zu,%zu) differs from the whole-text search [%zu,%zu)\n",
                    what, doc->issuer.span.start, doc->issuer.span.end, issuer.start, issuer.end);
            check_failures++;
        }
    }
    if (feedback) compare_feedback(what, doc);
    zg_document_free(doc);
}

/* The text, and the text cut after each of its last `n` line breaks and sentence ends. */
static void compare_cuts(const char *what, const char *text, size_t len, const char *format, int n)
{
    compare(what, text, len, format, true);
    for (size_t i = len; i-- > 0 && n > 0;) {
        bool nl = text[i] == '\n', stop = i + 3 <= len && memcmp(text + i, "。", 3) == 0;
        if (!nl && !stop) continue;
        char name[300];
        snprintf(name, sizeof name, "%s cut at %zu", what, i);
        compare(name, text, nl ? i + 1 : i + 3, format, false);
        n--;
    }
}

static void test_snippets(void)
{
    static const char *const texts[] = {
        /* the issuer on its own line after a body line */
        "标题关于巡察整改情况的通报\n正文，内容。\n中共某县水利局党组\n2023年12月25日\n",
        /* a line ending in a digit before the issuer */
        "标题关于巡察整改情况的通报\n正文，内容。\n联系电话：0931-6123456\n中共某县水利局党组\n2023年12月25日\n",
        /* run together on one line, after a sentence end */
        "标题关于巡察整改情况的通报 正文，内容。中共博山区教育和体育局党组 2023年1月12日 |",
        /* a 。 inside the trailing 【…】 of an inline signature */
        "标题关于巡察整改情况的通报 正文，内容。中共某局党组 2023年1月12日 【来源。网站】",
        "标题关于巡察整改情况的通报\n正文，内容。中共某局党组 2023年1月12日 【来。源】\n",
        /* text after the signature that has sentence ends and line breaks of its own */
        "标题关于巡察整改情况的通报\n正文，内容。\n中共某局党组\n2023年1月12日\n附件：整改清单。\n说明，见附件。\n",
        "标题关于巡察整改情况的通报\n正文，内容。\n中共某局党组\n\n\n2023年1月12日\n（此件公开发布）\n",
        /* two signatures: the last one counts, the first one is cut off by the tail */
        "标题\n正文。\n中共甲局党组\n2023年1月12日\n正文，内容。\n中共乙局党组\n2023年2月3日\n",
        /* no sentence end or blocking line break at all */
        "中共某局党组\n2023年1月12日\n",
        "标题 正文 中共某局党组 2023年1月12日",
        /* none */
        "标题关于巡察整改情况的通报\n正文，内容。\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char name[32];
        snprintf(name, sizeof name, "snippet %zu", i);
        compare_cuts(name, texts[i], strlen(texts[i]), "text", 8);
    }
    /* a signature in a table after the real one */
    const char *html =
        "<html><head><meta charset=\"utf-8\"><title>t</title></head><body><div class=\"content\">"
        "<p>中共某中心党组关于巡察整改情况的通报</p><p>正文，内容。</p>"
        "<p>中共某中心党组</p><p>2023年12月5日</p><p>附件：整改清单</p>"
        "<table><tr><td>序号</td><td>问题</td><td>责任单位</td><td>完成时间</td></tr>"
        "<tr><td>1</td><td>制度不健全</td><td>县住建局</td><td>2023年10月31日</td></tr></table>"
        "</div></body></html>";
    compare("html table", html, strlen(html), "html", true);
}

/* Every notice of `dir`, whole and cut; returns how many. */
static void test_notice(const char *path, const char *bytes, size_t len, const char *format)
{
    /* cut plain texts only: a cut HTML page is still read whole by its parser */
    if (format) compare(path, bytes, len, format, true);
    else compare_cuts(path, bytes, len, NULL, 12);
}

static int test_dir(const char *dir)
{
    return fixture_each_notice(dir, test_notice);
}

int main(void)
{
    if (fixture_open(&rules, &scanner) != 0) return 1;
    test_snippets();
    int n = fixture_each_corpus(test_dir);
    printf("%d notices, %d texts compared, %d with a signature; feedback from %d starts, %d found\n",
           n, n_compared, n_signed, n_feedback_starts, n_feedback);
    CHECK(n_signed > 0);
    CHECK(n_feedback > 0);

    zg_scanner_free(scanner);
    zg_rules_free(rules);
    CHECK_DONE();
}
