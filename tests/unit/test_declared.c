/*
 * Declared totals (each form of rules/declared.rules and the counts that must not be taken for
 * totals), quantified facts and the declared-vs-found checks, on hand-written snippets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "meta.h"
#include "stages.h"

static zg_scanner *scanner;

static zg_document *extract(const char *text)
{
    return fixture_extract(scanner, "snippet", text, strlen(text), "text");
}

/* expected value of a count, -1 = absent */
static void check_count(const char *what, const zg_count *c, long long want, int line)
{
    bool ok = want < 0 ? !c->present : (c->present && c->value == want);
    if (!ok) {
        fprintf(stderr, "%s:%d: %s: got %s%lld, expected %lld\n", __FILE__, line, what,
                c->present ? "" : "absent ", c->value, want);
        check_failures++;
    }
}

#define COUNTS(d, cat, iss, done, prog) do { \
    check_count("categories", &(d)->declared.categories, cat, __LINE__); \
    check_count("issues", &(d)->declared.issues, iss, __LINE__); \
    check_count("completed", &(d)->declared.completed, done, __LINE__); \
    check_count("in_progress", &(d)->declared.in_progress, prog, __LINE__); } while (0)

static void test_totals(void)
{
    static const struct {
        const char *text;
        long long cat, iss, done, prog;
    } cases[] = {
        { "区委巡察组反馈的意见中指出3大类8个问题，我们完全接受。\n", 3, 8, -1, -1 },
        { "对县委第三巡察组反馈的3个方面9个问题照单全收。截至目前，9个问题中已完成整改6个，基本完成1个，正在整改2个。\n", 3, 9, 6, 2 },
        { "对反馈的三个方面9个问题照单全收。\n", 3, 9, -1, -1 },
        { "审计工作报告反映了财政管理、部门预算执行三个方面的问题12个。截至10月31日，已整改到位8个，部分整改2个，正在整改2个。\n", 3, 12, 8, 2 },
        { "对省委第二巡视组反馈的3个方面9个具体问题逐条认领。\n", 3, 9, -1, -1 },
        { "审计报告指出问题4类11项，涉及金额356.27万元。截至2023年10月31日，11项问题中已整改到位9项，正在整改2项。\n", 4, 11, 9, 2 },
        { "审计指出问题3个方面10项。截至2023年9月30日，已整改完成7项，部分整改1项，正在整改2项。\n", 3, 10, 7, 2 },
        { "巡察“回头看”反馈问题3个方面7个。局党组明确整改措施17条，截至目前已完成整改5个，正在整改2个。\n", 3, 7, 5, 2 },
        { "对区委巡察组反馈的4个方面问题逐项认领。截至2023年9月30日，巡察反馈问题25个，已完成整改19个，正在整改6个，整改完成率76%。\n", 4, 25, 19, 6 },
        { "截至2023年10月底，8个问题已完成整改6个，2个正在整改中。\n", -1, -1, 6, 2 },
        { "中心党组对市委巡察组反馈的10个问题逐项研究。截至11月30日，已完成整改7个，基本完成1个，正在整改1个，尚未启动1个。\n", -1, 10, 7, 1 },
        { "审计报告指出问题6个，涉及金额47.93万元。\n", -1, 6, -1, -1 },
        { "督察组反馈了督察意见，涉及我市需整改的问题共7个。截至2024年9月30日，已完成整改4个，其余3个正在推进。\n", -1, 7, 4, 3 },
        { "对反馈的3个方面共12个问题逐项整改，目前完成整改10个，尚未完成整改2个，整改完成率为83.3%。\n", 3, 12, 10, -1 },
        { "巡察组反馈问题共计15个，已办结13个，剩余2个问题正在整改。\n", -1, 15, 13, 2 },
        { "涉及我县的问题共5个，截至2024年10月底，已完成整改3个，其余2个按序时推进。\n", -1, 5, 3, 2 },
        /* breakdowns into measures or tasks are not totals of problems */
        { "将反馈的4个方面问题细化为整改任务103项，明确整改措施23条。\n", 4, -1, -1, -1 },
        { "将反馈问题细化为整改任务34项。截至目前，34项整改任务中已完成30项，正在推进4项。\n", -1, -1, -1, -1 },
        { "明确综合立体交通网建设等6大类42项重点任务。建立完善制度23项。\n", -1, -1, -1, -1 },
        { "已完成5处矿山修复，相关任务已完成84%，已清理收回资金386.5万元。\n", -1, -1, -1, -1 },
        { "我局高度重视巡察整改工作，逐项抓好落实。\n", -1, -1, -1, -1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zg_document *d = extract(cases[i].text);
        CHECK(d != NULL);
        if (!d) continue;
        size_t before = (size_t)check_failures;
        COUNTS(d, cases[i].cat, cases[i].iss, cases[i].done, cases[i].prog);
        if ((size_t)check_failures != before) fprintf(stderr, "  in case %zu: %s", i, cases[i].text);
        zg_document_free(d);
    }

    /* the span of a count is the number with its unit, as printed */
    zg_document *d = extract("反馈的３个方面９个问题，已完成整改６个，２个正在整改。\n");
    if (d) {
        zg_span sp = d->declared.categories.span;
        CHECK(sp.end - sp.start == strlen("３个方面") && strncmp(d->text + sp.start, "３个方面", sp.end - sp.start) == 0);
        sp = d->declared.issues.span;
        CHECK(sp.end - sp.start == strlen("９个问题") && strncmp(d->text + sp.start, "９个问题", sp.end - sp.start) == 0);
        sp = d->declared.completed.span;
        CHECK(sp.end - sp.start == strlen("６个") && strncmp(d->text + sp.start, "６个", sp.end - sp.start) == 0);
        sp = d->declared.in_progress.span;
        CHECK(sp.end - sp.start == strlen("２个") && strncmp(d->text + sp.start, "２个", sp.end - sp.start) == 0);
    }
    zg_document_free(d);
}

/* Totals stated in the issues section's opening paragraph, after its heading and before its
 * first sub-heading, are the notice's; a category's or a problem's own counts are not. */
static void test_section_opening(void)
{
    zg_document *d = extract("中共某市委关于巡视整改进展情况的通报\n"
        "一、提高政治站位，抓好巡视整改\n市委召开会议6次。\n"
        "二、对照反馈意见，逐项推进问题整改落实\n"
        "对巡视组反馈的4个方面15个问题逐条梳理。截至6月30日，已完成整改11个，其余4个正在推进。\n"
        "（一）党的建设方面\n1．主体责任不实的问题\n整改措施：制定清单。\n整改情况：已完成。\n"
        "（二）作风建设方面\n1．会议过多的问题\n整改措施：精简会议。\n整改情况：已完成。\n");
    if (d) {
        CHECK_INT(d->n_issues, 2);
        COUNTS(d, 4, 15, 11, 4);
    }
    zg_document_free(d);

    /* a category's summary (该方面…问题14个) is not the notice's total */
    d = extract("关于审计查出问题整改情况的报告\n"
        "一、审计查出问题的整改情况\n"
        "（一）财政管理审计查出问题的整改情况\n该方面审计指出问题14个，已整改到位12个，正在整改2个。\n"
        "1．预算编制不精准。已修订办法。该问题已整改到位。\n"
        "（二）部门预算审计查出问题的整改情况\n1．违规发放津贴。已清退。该问题已整改到位。\n");
    if (d) {
        CHECK_INT(d->n_issues, 2);
        COUNTS(d, -1, -1, -1, -1);
    }
    zg_document_free(d);

    /* one of several sibling sections: its opening sums up its own category */
    d = extract("关于审计发现问题整改情况的报告\n"
        "一、预算管理方面问题的整改情况\n审计指出问题5个，已整改到位4个，正在整改1个。\n"
        "（一）关于项目未经论证即开工的问题\n整改情况：已整改到位。\n"
        "二、资产管理方面问题的整改情况\n（一）关于资产未入账的问题\n整改情况：正在整改。\n");
    if (d) {
        CHECK_INT(d->n_issues, 2);
        COUNTS(d, -1, -1, -1, -1);
    }
    zg_document_free(d);
}

static void test_environmental_tasks(void)
{
    /* an environmental notice: its 整改任务 are the feedback problems */
    zg_document *d = extract("石泉市关于中央生态环境保护督察反馈问题整改落实情况的公告\n"
                             "按照督察整改方案，涉及我市的整改任务共12项。截至2023年12月20日，"
                             "12项整改任务中已完成整改7项，其余5项正在按序时进度推进。\n");
    if (d) {
        CHECK_STR(d->kind, "environmental");
        COUNTS(d, -1, 12, 7, 5);
    }
    zg_document_free(d);

    d = extract("梧桐县关于省生态环境保护督察反馈问题整改进展情况的公告\n督察反馈意见明确我县整改任务8项。"
                "截至2024年2月底，已完成4项，其余4项正在推进（其中达到序时进度3项）。\n");
    if (d) COUNTS(d, -1, 8, 4, 4);
    zg_document_free(d);

    /* and their grouping in the same sentence */
    d = extract("兰亭县关于省生态环境保护督察反馈问题整改情况的公示\n涉及我县的整改任务共7项，分为水环境、"
                "大气环境、土壤和固体废物3个方面。截至2024年11月30日，已完成整改4项。\n");
    if (d) COUNTS(d, 3, 7, 4, -1);
    zg_document_free(d);

    /* the same words in a 巡视 notice count tasks, not problems */
    d = extract("中共某厅党组关于省委巡视整改进展情况的通报\n明确整改任务12项。截至目前，12项整改任务中已完成整改7项。\n");
    if (d) COUNTS(d, -1, -1, -1, -1);
    zg_document_free(d);
}

static void test_rate(void)
{
    zg_document *d = extract("巡察反馈问题25个，已完成整改19个，正在整改6个，整改完成率76%。\n");
    if (d) {
        CHECK(d->declared.rate_present);
        CHECK(d->declared.rate_percent > 75.99 && d->declared.rate_percent < 76.01);
        zg_span sp = d->declared.rate_span;
        CHECK(sp.end - sp.start == 3 && strncmp(d->text + sp.start, "76%", 3) == 0);
        /* the rate check recomputes 19/25 */
        bool found = false;
        for (size_t i = 0; i < d->n_checks; i++) {
            if (strcmp(d->checks[i].name, "declared.rate") == 0) {
                found = true;
                CHECK(d->checks[i].ok);
                CHECK_INT(d->checks[i].found, 76);
            }
        }
        CHECK(found);
    }
    zg_document_free(d);

    d = extract("反馈问题10个，已完成整改7个，整改完成率80%。\n");
    if (d) {
        for (size_t i = 0; i < d->n_checks; i++)
            if (strcmp(d->checks[i].name, "declared.rate") == 0) {
                CHECK(!d->checks[i].ok);
                CHECK_INT(d->checks[i].declared, 80);
                CHECK_INT(d->checks[i].found, 70);
            }
    }
    zg_document_free(d);
}

static const zg_check *find_check(const zg_document *d, const char *name)
{
    for (size_t i = 0; i < d->n_checks; i++)
        if (strcmp(d->checks[i].name, name) == 0) return &d->checks[i];
    return NULL;
}

/* A printed rate is rounded: it agrees within half a point; the message gives both exactly. */
static void test_rate_rounding(void)
{
    static const struct { const char *text; bool ok; const char *in_message; } cases[] = {
        { "反馈问题3个，已完成整改2个，整改完成率66.7%。\n", true, "rate 66.7%, 2 of 3 is 66.67%" },
        { "反馈问题3个，已完成整改2个，整改完成率67%。\n", true, "rate 67%, 2 of 3 is 66.67%" },
        /* 66.5 and 66.4 round to different whole percents but are 0.1 apart */
        { "反馈问题1000个，已完成整改664个，整改完成率66.5%。\n", true, "rate 66.5%, 664 of 1000 is 66.4%" },
        { "反馈问题3个，已完成整改2个，整改完成率66%。\n", false, "rate 66%, 2 of 3 is 66.67%" },
        { "反馈问题29个，已完成整改19个，整改完成率65%。\n", false, "rate 65%, 19 of 29 is 65.52% (more than 0.5 points apart)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zg_document *d = extract(cases[i].text);
        const zg_check *c = d ? find_check(d, "declared.rate") : NULL;
        CHECK(c != NULL);
        if (c) {
            if (c->ok != cases[i].ok) fprintf(stderr, "case %zu: %s\n", i, c->message);
            CHECK(c->ok == cases[i].ok);
            CHECK(c->message && strstr(c->message, cases[i].in_message) != NULL);
            if (c->message && !strstr(c->message, cases[i].in_message))
                fprintf(stderr, "case %zu message: %s\n", i, c->message);
        }
        if (d && i == 0) CHECK(d->declared.rate_percent > 66.69 && d->declared.rate_percent < 66.71);
        zg_document_free(d);
    }
}

static void test_checks(void)
{
    /* a notice with two problems listed under one category but declaring 3 problems */
    zg_document *d = extract("中共某镇委员会关于巡察整改情况的通报\n"
                             "一、整改工作基本情况\n镇党委对反馈的1个方面3个问题高度重视，已完成整改2个。\n"
                             "二、反馈问题整改落实情况\n（一）落实上级决策部署方面\n"
                             "1、产业发展基础薄弱的问题。\n整改措施：(1)制定方案；(2)盘活资产。\n整改进度：已完成整改。\n"
                             "2、集体经济收入偏低的问题。\n整改措施：(1)成立公司；(2)发展项目。\n整改进度：正在整改。\n");
    if (!d) return;
    const zg_check *c = find_check(d, "declared.issues");
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(c->declared, 3);
        CHECK_INT(c->found, (long long)d->n_issues);
        CHECK(c->ok == (d->n_issues == 3));
        CHECK(c->message != NULL);
    }
    c = find_check(d, "declared.categories");
    CHECK(c != NULL);
    if (c) CHECK_INT(c->declared, 1);
    c = find_check(d, "declared.completed");
    CHECK(c != NULL);
    if (c) CHECK_INT(c->declared, 2);
    /* nothing declared → no check */
    CHECK(find_check(d, "declared.in_progress") == NULL);
    CHECK(find_check(d, "declared.rate") == NULL);
    if (d->n_issues == 2) {
        CHECK(!find_check(d, "declared.issues")->ok);
        CHECK(find_check(d, "declared.categories")->ok);
    }
    zg_document_free(d);

    d = extract("我局认真整改。\n");
    if (d) CHECK_INT(d->n_checks, 0);
    zg_document_free(d);
}

static const zg_fact *find_fact(const zg_document *d, const char *kind)
{
    for (size_t i = 0; i < d->n_facts; i++)
        if (strcmp(d->facts[i].kind, kind) == 0) return &d->facts[i];
    return NULL;
}

static void test_facts(void)
{
    zg_document *d = extract("共问责12人，给予党纪政务处分3人，约谈提醒近20人，立案5件，开展谈话3000余人次，"
                             "建立完善制度23项，召开专题会议8次，清退资金12.35万元。\n");
    if (!d) return;
    const zg_fact *f = find_fact(d, "accountability");
    CHECK(f != NULL);
    if (f) {
        CHECK_STR(f->value, "12");
        CHECK_STR(f->unit, "人");
        CHECK(!f->approximate);
        CHECK_STR(f->text.s, "问责12人");
    }
    f = find_fact(d, "discipline");
    CHECK(f != NULL);
    if (f) CHECK_STR(f->value, "3");
    f = find_fact(d, "case");
    CHECK(f != NULL);
    if (f) {
        CHECK_STR(f->value, "5");
        CHECK_STR(f->unit, "件");
    }
    f = find_fact(d, "regulation");
    CHECK(f != NULL);
    if (f) CHECK_STR(f->value, "23");
    f = find_fact(d, "meeting");
    CHECK(f != NULL);
    if (f) CHECK_STR(f->unit, "次");
    /* approximate: 近 before and 余 after the number */
    int approx = 0;
    for (size_t i = 0; i < d->n_facts; i++)
        if (strcmp(d->facts[i].kind, "interview") == 0) {
            CHECK(d->facts[i].approximate);
            approx++;
        }
    CHECK_INT(approx, 2);
    /* money: the printed number times 万, unit 元 (needs decimal numerals in zg_number_parse) */
    f = find_fact(d, "recovery");
    CHECK(f != NULL);
    if (f) {
        CHECK_STR(f->value, "123500");
        CHECK_STR(f->unit, "元");
    }
    zg_document_free(d);

    /* no quantified outcome */
    d = extract("局党组召开专题会议研究部署，对整改不力的负责人进行约谈。资金1200万元用于奖补。\n");
    if (d) CHECK_INT(d->n_facts, 0);
    zg_document_free(d);
}

/* ------------------------------------------------------------------ split set */

/* declared_total's rules are split over two sets, declared_total and declared_total.also, each
 * searched near its own trigger and both as one set by extract_declared.c (rules/declared.rules).
 * Their find-all chains (from 0, from each match's end) over [0, to) must be the chains of one set
 * holding all those rules, searched rule by rule without a trigger, over every corpus notice, to
 * its end and to each line end of its first 8 KB (the declared scope ends at a line). */
static zg_rules *reference_rules;
static zg_scanner *reference_scanner;
static long chains_compared;

/* "set reference" and the rules of declared_total and declared_total.also from
 * rules/declared.rules; NULL if the file cannot be read. */
static char *reference_text(int *n_rules)
{
    const char *src = getenv("ZG_SOURCE_DIR");
    char path[1100];
    snprintf(path, sizeof path, "%s/rules/declared.rules", src ? src : ".");
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(cap, 1), line[4096];
    bool keep = false;
    *n_rules = 0;
    if (out) len += (size_t)snprintf(out, cap, "set reference\n");
    while (out && fgets(line, sizeof line, f)) {
        if (strncmp(line, "set ", 4) == 0) {
            keep = strncmp(line + 4, "declared_total ", 15) == 0 ||
                   strncmp(line + 4, "declared_total.also ", 20) == 0;
            continue;
        }
        if (!keep || line[0] == '#' || line[0] == '\n' || len + strlen(line) + 1 >= cap) continue;
        len += (size_t)snprintf(out + len, cap - len, "%s", line);
        (*n_rules)++;
    }
    fclose(f);
    return out;
}

static void compare_chains(zg_document *doc, size_t to, const char *what)
{
    const zg_rules *r = zg_scanner_rules(scanner);
    const zg_ruleset *set = zg_rules_set(r, "declared_total");
    const zg_ruleset *also = zg_rules_set(r, "declared_total.also");
    CHECK(also != NULL && set->also == also); /* the loader links them */
    const zg_ruleset *ref = zg_rules_set(reference_rules, "reference");
    for (size_t pos = 0; pos < to;) {
        zg_match a, b;
        int ra = zg_match_leftmost(scanner, set, doc->norm, pos, to, 0, &a); /* with its .also set */
        int rb = zg_match_leftmost(reference_scanner, ref, doc->norm, pos, to, ZG_MATCH_PLAIN, &b);
        if (ra != rb || (ra == 1 && (a.start != b.start || a.end != b.end ||
                                     strcmp(a.rule->name, b.rule->name) != 0))) {
            fprintf(stderr, "%s: from %zu to %zu: split %d %s [%zu,%zu), one set %d %s [%zu,%zu)\n",
                    what, pos, to, ra, ra == 1 ? a.rule->name : "-", ra == 1 ? a.start : 0,
                    ra == 1 ? a.end : 0, rb, rb == 1 ? b.rule->name : "-", rb == 1 ? b.start : 0,
                    rb == 1 ? b.end : 0);
            check_failures++;
            return;
        }
        chains_compared++;
        if (ra != 1) break;
        pos = zg_meta_next(doc, &a);
    }
}

static void compare_notice(const char *path, const char *bytes, size_t len, const char *format)
{
    zg_document *doc = fixture_extract(scanner, path, bytes, len, format);
    if (!doc || !doc->norm) {
        zg_document_free(doc);
        return;
    }
    zg_scanner_bind(scanner, doc);
    zg_scanner_bind(reference_scanner, NULL);
    compare_chains(doc, doc->norm_len, path);
    for (size_t i = 0; i < doc->norm_len && i < 8192; i++)
        if (doc->norm[i] == '\n') compare_chains(doc, i, path);
    zg_scanner_bind(scanner, NULL);
    zg_document_free(doc);
}

static int compare_dir(const char *dir)
{
    return fixture_each_notice(dir, compare_notice);
}

static void test_split_total(void)
{
    int n_rules = 0;
    char *text = reference_text(&n_rules);
    CHECK(text != NULL);
    if (!text) return;
    CHECK(n_rules >= 5);
    zg_error err;
    CHECK_INT(zg_rules_load_text("reference", text, strlen(text), &reference_rules, &err), ZG_OK);
    free(text);
    const zg_rules *r = zg_scanner_rules(scanner);
    CHECK(zg_rules_set(r, "declared_total.also") != NULL);
    if (!reference_rules || !zg_rules_set(r, "declared_total.also")) return;
    CHECK_INT(zg_scanner_create(reference_rules, NULL, &reference_scanner), ZG_OK);
    if (!reference_scanner) return;
    int notices = fixture_each_corpus(compare_dir);
    CHECK(notices > 0);
    printf("split declared_total: %d notices, %ld searches compared\n", notices, chains_compared);
    zg_scanner_free(reference_scanner);
    zg_rules_free(reference_rules);
}

int main(void)
{
    zg_rules *rules = NULL;
    if (fixture_open(&rules, &scanner) != 0) return 1;
    test_totals();
    test_section_opening();
    test_environmental_tasks();
    test_rate();
    test_rate_rounding();
    test_checks();
    test_facts();
    test_split_total();
    zg_scanner_free(scanner);
    zg_rules_free(rules);
    CHECK_DONE();
}
