/*
 * The inspection of a notice's metadata (who inspected, the period, the feedback date):
 * hand-written snippets for each form and its negatives, and the order in which the
 * inspection_body sets are tried (rules/metadata.rules).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "stages.h"

static zg_rules *rules;
static zg_scanner *scanner;

static zg_document *extract(const char *text)
{
    return fixture_extract(scanner, "snippet", text, strlen(text), "text");
}

static const char *iso(const zg_date *d, char buf[11])
{
    zg_date_iso(d, buf);
    return buf[0] ? buf : NULL;
}

/* The inspection read from text: body, start, end and feedback date (NULL: none expected). */
static void expect_inspection(const char *text, const char *body, const char *start,
                              const char *end, const char *feedback)
{
    char b[11];
    zg_document *d = extract(text);
    if (d) {
        CHECK_STR(d->inspection.body.s, body);
        CHECK_STR(iso(&d->inspection.start, b), start);
        CHECK_STR(iso(&d->inspection.end, b), end);
        CHECK_STR(iso(&d->inspection.feedback, b), feedback);
    }
    zg_document_free(d);
}

static void test_inspection(void)
{
    char b[11];
    zg_document *d;
    expect_inspection("标题关于巡察整改进展情况的通报\n"
                      "根据区委统一部署,2022年6月下旬至8月下旬,区委第二巡察组对区教体局开展了专项巡察。"
                      "10月12日,区委巡察组向区教体局党组反馈了巡察意见。2022年10月12日至2023年1月12日,"
                      "我单位进行了认真整改。\n中共某局党组\n2023年1月12日\n",
                      "区委第二巡察组", "2022-06-21", "2022-08-31", "2022-10-12");
    /* across a year end; feedback month before the period's end month → next year */
    expect_inspection("标题关于巡视整改情况的通报\n"
                      "2022年10月下旬至12月中旬，省委第五巡视组对学校党委开展了常规巡视。"
                      "1月5日，省委第五巡视组向学校党委反馈了巡视意见。\n",
                      "省委第五巡视组", "2022-10-21", "2022-12-20", "2023-01-05");

    /* audit: the office that carried it out (not the addressee line), its report date */
    d = extract("某局关于审计发现问题整改情况的报告\n县审计局：\n"
                "2023年4月17日至6月16日，县审计局对我局2022年度预算执行情况进行了审计，"
                "并于2023年7月10日出具了《审计报告》。\n");
    if (d) {
        CHECK_STR(d->inspection.body.s, "县审计局");
        CHECK(d->inspection.body.span.start > strlen("某局关于审计发现问题整改情况的报告\n县审计局："));
        CHECK_STR(iso(&d->inspection.start, b), "2023-04-17");
        CHECK_STR(iso(&d->inspection.end, b), "2023-06-16");
        CHECK_STR(iso(&d->inspection.feedback, b), "2023-07-10");
    }
    zg_document_free(d);

    /* the same when the office first sends a team or acts 依法 (words between it and 对) */
    static const char *const sends[] = { "县审计局派出审计组，对", "县审计局依法对", "县审计局派出审计组对" };
    for (size_t i = 0; i < sizeof sends / sizeof *sends; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "某局关于审计发现问题整改情况的报告\n县审计局：\n2024年3月上旬至4月下旬，%s"
                 "我局2023年度预算执行情况进行了审计，并于2024年6月3日出具了审计报告。\n", sends[i]);
        d = extract(text);
        if (!d) continue;
        CHECK_STR(d->inspection.body.s, "县审计局");
        CHECK(d->inspection.body.span.start > strlen("某局关于审计发现问题整改情况的报告\n县审计局："));
        CHECK_STR(iso(&d->inspection.start, b), "2024-03-01");
        CHECK_STR(iso(&d->inspection.end, b), "2024-04-30");
        CHECK_STR(iso(&d->inspection.feedback, b), "2024-06-03");
        zg_document_free(d);
    }

    /* the feedback date alone, in its forms */
    static const struct { const char *text, *feedback; } feedbacks[] = {
        /* no period printed: the year comes from the signature, later in the year */
        { "标题关于巡察整改情况的通报\n根据县委统一部署，县委第三巡察组对县住建局党组开展了常规巡察，"
          "5月28日向局党组反馈了巡察意见。\n中共某局党组\n2024年9月20日\n", "2024-05-28" },
        /* the feedback meeting named before its date */
        { "标题关于巡察整改情况的通报\n2023年3月13日至5月12日，县委第三巡察组对县农业农村局党组开展了常规巡察。"
          "巡察反馈会于2023年6月8日召开。\n", "2023-06-08" },
        /* an audit's report sent to the government (向市人民政府报送了审计报告) */
        { "某市审计局关于审计发现问题整改情况的公告\n2024年3月11日至5月24日，市审计局对专项债券资金进行了"
          "专项审计，并于2024年6月20日向市人民政府报送了审计报告。\n", "2024-06-20" },
        /* an audit's report named before its delivery date */
        { "某县审计局关于审计查出问题整改情况的报告\n2024年3月至6月，县审计局依法对县级预算执行情况进行了"
          "审计，审计结果报告于2024年7月16日报送县人民政府。\n", "2024-07-16" },
        /* an audit office's report heard by the people's congress */
        { "标题关于审计查出问题整改情况的报告\n县审计局于2024年4月至7月对2023年度县级预算执行情况进行了审计。"
          "2024年8月28日，县十八届人大常委会第二十次会议审议了审计工作报告。\n", "2024-08-28" },
    };
    for (size_t i = 0; i < sizeof feedbacks / sizeof *feedbacks; i++) {
        d = extract(feedbacks[i].text);
        if (d) CHECK_STR(iso(&d->inspection.feedback, b), feedbacks[i].feedback);
        zg_document_free(d);
    }

    /* month-only dates keep month precision */
    d = extract("标题关于巡察整改情况的通报\n根据县委统一部署，2023年5月至6月，县委第二巡察组对局党组进行了常规巡察。"
                "2023年7月，县委第二巡察组向局党组反馈了巡察意见。\n");
    if (d) {
        CHECK_STR(iso(&d->inspection.start, b), "2023-05");
        CHECK_STR(iso(&d->inspection.end, b), "2023-06");
        CHECK_STR(iso(&d->inspection.feedback, b), "2023-07");
    }
    zg_document_free(d);

    /* the period given by its start alone, opening the clause right before the inspectors */
    static const struct { const char *text, *start, *feedback; } opening[] = {
        { "2024年3月，县委第三巡察组对县住建局党组开展了常规巡察，5月28日向局党组反馈了巡察意见。",
          "2024-03", "2024-05-28" },
        { "根据县委统一部署，2024年3月上旬，县委第三巡察组对县住建局党组开展了常规巡察。", "2024-03-01", NULL },
        { "根据区委统一部署,2023年3月区委第一巡察组对青石镇党委开展了巡察。", "2023-03", NULL },
        { "2024年3月18日，县委第三巡察组进驻县住建局开展巡察。", "2024-03-18", NULL },
        { "2024年3月，市审计局对我局2023年度预算执行情况进行了审计。", "2024-03", NULL },
        /* no start: a feedback, an unrelated sentence or clause, 截至, a later visit */
        { "2024年5月28日，县委第三巡察组向局党组反馈了巡察意见。", NULL, NULL },
        { "2024年3月，县委召开常委会会议。县委第三巡察组对县住建局党组开展了常规巡察。", NULL, NULL },
        { "2024年3月，局党组传达县委第三巡察组反馈意见，研究部署整改工作。", NULL, NULL },
        { "截至2024年3月，县委第三巡察组对县住建局党组开展了常规巡察。", NULL, NULL },
        { "2024年4月，县委第三巡察组对局党组开展整改督查。", NULL, NULL },
    };
    for (size_t i = 0; i < sizeof opening / sizeof opening[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "标题关于巡察整改情况的通报\n%s\n中共某局党组\n2024年9月20日\n",
                 opening[i].text);
        d = extract(text);
        if (!d) continue;
        if (opening[i].start) CHECK_STR(iso(&d->inspection.start, b), opening[i].start);
        else CHECK(d->inspection.start.precision == ZG_PREC_NONE);
        CHECK(d->inspection.end.precision == ZG_PREC_NONE);
        if (opening[i].feedback) CHECK_STR(iso(&d->inspection.feedback, b), opening[i].feedback);
        zg_document_free(d);
    }

    /* environmental and special-check bodies */
    d = extract("标题关于督察反馈问题整改进展情况的公告\n2023年5月下旬至6月下旬，省第四生态环境保护督察组对我县开展了督察。\n");
    if (d) CHECK_STR(d->inspection.body.s, "省第四生态环境保护督察组");
    zg_document_free(d);
    d = extract("标题关于专项检查反馈问题整改情况的通报\n2023年6月5日至6月16日，市委组织部选人用人专项检查组对县教育局党组进行了专项检查。\n");
    if (d) CHECK_STR(d->inspection.body.s, "市委组织部选人用人专项检查组");
    zg_document_free(d);

    static const struct { const char *text, *body; } bodies[] = {
        { "2023年3月至5月，十四届省委第三轮巡视第二巡视组对我厅进行了常规巡视。", "十四届省委第三轮巡视第二巡视组" },
        { "2022年6月至8月，审计署驻南京特派员办事处对我省进行了审计。", "审计署驻南京特派员办事处" },
        { "2023年5月，中央生态环境保护督察组对我省开展了督察。", "中央生态环境保护督察组" },
        { "2023年5月，省生态环境保护第三督察组对我市开展了督察。", "省生态环境保护第三督察组" },
        { "2023年5月，县委巡察二组对我局开展了巡察。", "县委巡察二组" },
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "标题关于整改情况的通报\n%s\n", bodies[i].text);
        d = extract(text);
        if (d) CHECK_STR(d->inspection.body.s, bodies[i].body);
        zg_document_free(d);
    }

    /* nothing stated: all null */
    d = extract("标题关于整改情况的通报\n我局高度重视，认真整改。\n");
    if (d) {
        CHECK(d->inspection.body.s == NULL);
        CHECK(d->inspection.start.precision == ZG_PREC_NONE);
        CHECK(d->inspection.feedback.precision == ZG_PREC_NONE);
    }
    zg_document_free(d);
}

/* All *.rules files of `dir` in one text (name order, as zg_rules_load_dir reads them). */
static char *rules_text(const char *dir)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    size_t len = 0, cap = 1;
    char *text = calloc(1, 1);
    for (int i = 0; i < n; i++) {
        size_t nl = strlen(names[i]->d_name);
        if (text && nl > 6 && strcmp(names[i]->d_name + nl - 6, ".rules") == 0) {
            char path[1400];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
            FILE *f = fopen(path, "rb");
            char buf[65536];
            size_t k;
            while (f && (k = fread(buf, 1, sizeof buf, f)) > 0) {
                if (len + k + 2 > cap) {
                    cap = (len + k + 2) * 2;
                    char *nt = realloc(text, cap);
                    if (!nt) { free(text); text = NULL; break; }
                    text = nt;
                }
                memcpy(text + len, buf, k);
                len += k;
                text[len++] = '\n';
                text[len] = '\0';
            }
            if (f) fclose(f);
        }
        free(names[i]);
    }
    free(names);
    return text;
}

/* The inspecting body is the first RULE in order that matches, not the leftmost match: the rules
 * sit in one-rule sets inspection_body.1, .2 … (each searched near its own trigger); a rule folder
 * with the older single set `inspection_body` gives the same answers. */
static void test_inspection_order(const char *rules_dir)
{
    static const char *const texts[] = {
        /* a special-check group (rule 5) printed before an inspection group (rule 2) */
        "标题关于整改情况的通报\n2023年3月，市委组织部选人用人专项检查组对我局进行了检查；"
        "2023年5月，县委第二巡察组对我局开展了巡察。\n",
        /* an audit office (rule 3) before a numbered round (rule 1) */
        "标题关于整改情况的通报\n县审计局于2023年对我厅进行了审计，十四届省委第三轮巡视第二巡视组"
        "对我厅进行了常规巡视。\n",
        "标题关于整改情况的通报\n2023年5月，县委巡察二组对我局开展了巡察。\n",
        "标题关于整改情况的通报\n我局高度重视，认真整改。\n",
    };
    static const char *const want[] = { "县委第二巡察组", "十四届省委第三轮巡视第二巡视组", "县委巡察二组", NULL };

    /* the same rules with the bodies in one set, as rule folders had them before */
    char *text = rules_text(rules_dir);
    CHECK(text != NULL);
    if (!text) return;
    size_t len = strlen(text), w = 0;
    for (size_t r = 0; r < len;) {
        const char *nl = memchr(text + r, '\n', len - r);
        size_t e = nl ? (size_t)(nl - text) + 1 : len;
        const char *pfx = "set inspection_body.";
        if (strncmp(text + r, pfx, strlen(pfx)) == 0) {
            bool first = strncmp(text + r, "set inspection_body.1 ", 22) == 0;
            if (first) {
                memcpy(text + w, "set inspection_body\n", 20);
                w += 20;
            }
        } else {
            memmove(text + w, text + r, e - r);
            w += e - r;
        }
        r = e;
    }
    zg_rules *single = NULL;
    zg_scanner *single_sc = NULL;
    zg_error err;
    CHECK(zg_rules_load_text("single-set.rules", text, w, &single, &err) == ZG_OK);
    free(text);
    if (!single || zg_scanner_create(single, NULL, &single_sc) != ZG_OK) {
        zg_rules_free(single);
        return;
    }
    CHECK(zg_rules_set(single, "inspection_body") != NULL);
    CHECK(zg_rules_set(single, "inspection_body.1") == NULL);
    CHECK(zg_rules_set(rules, "inspection_body.1") != NULL);

    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        for (int k = 0; k < 2; k++) {
            zg_input_options o;
            memset(&o, 0, sizeof o);
            o.format = "text";
            o.path = "snippet.txt";
            zg_document *d = NULL;
            zg_status st = zg_extract(k ? single_sc : scanner, (const unsigned char *)texts[i],
                                      strlen(texts[i]), &o, &d, &err);
            CHECK(st == ZG_OK);
            if (d && want[i]) CHECK_STR(d->inspection.body.s, want[i]);
            if (d && !want[i]) CHECK(d->inspection.body.s == NULL);
            zg_document_free(d);
        }
    }
    zg_scanner_free(single_sc);
    zg_rules_free(single);
}

int main(void)
{
    if (fixture_open(&rules, &scanner) != 0) return 1;
    const char *src = getenv("ZG_SOURCE_DIR");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/rules", src ? src : ".");
    test_inspection();
    test_inspection_order(dir);
    zg_scanner_free(scanner);
    zg_rules_free(rules);
    CHECK_DONE();
}
