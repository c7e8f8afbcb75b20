/*
 * The inspecting body's rule `group` is split over two sets with their own triggers,
 * inspection_body.2 (prefixes 中央, 省委 …) and inspection_body.2.also (a name ending in
 * 党委/党组/委员会/工委), searched as one set by extract_meta.c (rules/metadata.rules). Their leftmost
 * match — the earlier start, at the same start inspection_body.2's — must be the match of the
 * single rule they were split from (below, searched plainly, without a trigger): the same start,
 * end and group `body`, from every line start and every 97th character of every notice of
 * corpus/ and $ZG_SHARED_DIR/corpus-dev, to the end and to 3,000 bytes on, and on hand-made
 * texts where both kinds of prefix meet. Also: the extracted inspection.body of those texts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "meta.h"

static zg_rules *rules, *reference;
static zg_scanner *scanner, *ref_scanner;
static long n_compared, n_found;

/* The rule before the split: the prefixes as alternatives of one group. */
static const char reference_text[] =
    "set body\n"
    "group - (?<body>(?:中央|[省市县区州盟旗]委?|[^\\s\\d,，。、；;:：“”\"()（）]{1,12}?(?:党委|党组|委员会|工委))"
    "(?:生态环境保护|环境保护)?第[一二三四五六七八九十\\d]+(?:巡视|巡察|巡查|生态环境保护督察|环境保护督察|督察)组)\n";

/* The two sets as one: inspection_body.2 with its .also set (zg_match_leftmost pairs them). */
static int leftmost_split(const char *norm, size_t from, size_t to, zg_match *m)
{
    return zg_match_leftmost(scanner, zg_rules_set(rules, "inspection_body.2"), norm, from, to, 0, m);
}

static void compare_range(const char *what, const zg_document *doc, size_t from, size_t to)
{
    zg_match a, b;
    size_t as = 0, ae = 0, bs = 0, be = 0;
    int ra = leftmost_split(doc->norm, from, to, &a);
    bool ga = ra == 1 && zg_match_group(&a, "body", &as, &ae);
    int rb = zg_match_leftmost(ref_scanner, zg_rules_set(reference, "body"), doc->norm, from, to,
                               ZG_MATCH_PLAIN, &b);
    bool gb = rb == 1 && zg_match_group(&b, "body", &bs, &be);
    n_compared++;
    if (rb == 1) n_found++;
    if (ra != rb || (ra == 1 && (a.start != b.start || a.end != b.end || ga != gb || as != bs ||
                                 ae != be))) {
        fprintf(stderr, "%s: [%zu,%zu): split %d [%zu,%zu), one rule %d [%zu,%zu)\n", what, from,
                to, ra, ra == 1 ? a.start : 0, ra == 1 ? a.end : 0, rb, rb == 1 ? b.start : 0,
                rb == 1 ? b.end : 0);
        check_failures++;
    }
}

static void compare_doc(const char *what, zg_document *doc)
{
    zg_scanner_bind(scanner, doc);
    zg_scanner_bind(ref_scanner, NULL);
    size_t n = doc->norm_len;
    for (size_t i = 0; i < n; i++) {
        bool line = i == 0 || doc->norm[i - 1] == '\n';
        if (!line && (i % 97 != 0 || ((unsigned char)doc->norm[i] & 0xC0) == 0x80)) continue;
        compare_range(what, doc, i, n);
        compare_range(what, doc, i, zg_meta_char_start(doc, i + 3000 < n ? i + 3000 : n));
    }
    zg_scanner_bind(scanner, NULL);
}

static void compare_notice(const char *path, const char *bytes, size_t len, const char *format)
{
    zg_document *doc = fixture_extract(scanner, path, bytes, len, format);
    if (!doc) return;
    compare_doc(path, doc);
    zg_document_free(doc);
}

static int compare_dir(const char *dir)
{
    return fixture_each_notice(dir, compare_notice);
}

static void test_texts(void)
{
    static const struct {
        const char *text, *body;
    } cases[] = {
        { "关于整改情况的通报\n根据统一部署，市委第二巡察组对市教育局党组开展了巡察。\n", "市委第二巡察组" },
        { "关于整改情况的通报\n根据统一部署，中共某县委员会第三巡察组对县水利局开展了巡察。\n",
          "中共某县委员会第三巡察组" },
        /* a name prefix that starts earlier than a 市委 prefix of the same match */
        { "关于整改情况的通报\n根据统一部署，区委党组第一巡察组对区财政局开展了巡察。\n",
          "区委党组第一巡察组" },
        /* both kinds: the earlier one wins */
        { "关于整改情况的通报\n县委员会生态环境保护第一督察组，以及省委第二巡视组进驻。\n",
          "县委员会生态环境保护第一督察组" },
        { "关于整改情况的通报\n省委第二巡视组，以及某集团党委第一巡察组进驻。\n", "省委第二巡视组" },
        /* a working committee's own inspection teams (教育工委, 党工委) */
        { "关于整改情况的通报\n县委教育工委第一巡察组对县实验小学党支部开展了巡察。\n",
          "县委教育工委第一巡察组" },
        { "关于整改情况的通报\n开发区党工委第二巡察组对园区管委会开展了巡察。\n",
          "开发区党工委第二巡察组" },
        /* a topic's team, numbered after its name */
        { "关于整改情况的通报\n市安全生产巡查第二组对我县开展了专项巡查。\n", "市安全生产巡查第二组" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        zg_document *doc = fixture_extract(scanner, "text", cases[i].text, strlen(cases[i].text), "text");
        CHECK(doc != NULL);
        if (!doc) continue;
        CHECK(doc->inspection.body.s != NULL);
        if (doc->inspection.body.s) CHECK_STR(doc->inspection.body.s, cases[i].body);
        compare_doc(cases[i].text, doc);
        zg_document_free(doc);
    }
}

int main(void)
{
    if (fixture_open(&rules, &scanner) != 0) return 1;
    zg_error err;
    CHECK_INT(zg_rules_load_text("reference", reference_text, strlen(reference_text), &reference,
                                 &err), ZG_OK);
    if (!reference) return 1;
    CHECK_INT(zg_scanner_create(reference, NULL, &ref_scanner), ZG_OK);
    CHECK(zg_rules_set(rules, "inspection_body.2") != NULL);
    CHECK(zg_rules_set(rules, "inspection_body.2.also") != NULL);
    if (!ref_scanner || !zg_rules_set(rules, "inspection_body.2.also")) return 1;
    test_texts();
    int n = fixture_each_corpus(compare_dir);
    printf("%d notices, %ld searches compared, %ld found a body\n", n, n_compared, n_found);
    CHECK(n > 0);
    CHECK(n_found > 0);
    zg_scanner_free(ref_scanner);
    zg_rules_free(reference);
    zg_scanner_free(scanner);
    zg_rules_free(rules);
    CHECK_DONE();
}
