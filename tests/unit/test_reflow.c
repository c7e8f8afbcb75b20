/*
 * Reflow (src/lib/reflow.c, rules/reflow.rules): a notice with every line break and space
 * stripped reads as the same notice printed line by line, with its spans still in the text as
 * printed; other texts are left alone.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "model.h"

/* A 巡察 notice glued into one run of characters: headings right after titles (方面1.关于),
 * a field label after a title (问题整改措施：), a list after a title (问题一是), the title run
 * into the opening (通报根据) and the signature into the last sentence (。中共…2023年9月15日).
 * 统一、 and 以下整改措施： are sentence text. */
static const char GLUED[] =
    "中共青禾县水利局党组关于巡察整改进展情况的通报根据县委统一部署，2023年3月至5月，县委第二"
    "巡察组对县水利局党组开展了常规巡察。现将整改进展情况通报如下。一、整改工作基本情况全局对"
    "县委第二巡察组反馈的2个方面3个问题全部认领，坚持统一、规范推进整改，采取了以下整改措施：建立"
    "整改台账。二、反馈问题整改落实情况（一）党的领导弱化方面1.关于理论学习不深入的问题整改措施："
    "修订党组理论学习中心组学习制度。整改进展：已完成。2.关于决策程序不规范的问题一是修订“三重一大”"
    "决策制度；二是开展专项检查。整改进展：已完成。（二）全面从严治党不力方面1.关于项目资金管理不严"
    "的问题整改措施：追回资金3.5万元。整改进展：正在整改，2024年6月底前完成。三、下一步工作打算局"
    "党组将持续巩固整改成果。欢迎监督。联系电话：0000-1234567。中共青禾县水利局党组2023年9月15日";

/* The same notice as printed line by line. */
static const char LINES[] =
    "中共青禾县水利局党组关于巡察整改进展情况的通报\n根据县委统一部署，2023年3月至5月，县委第二"
    "巡察组对县水利局党组开展了常规巡察。现将整改进展情况通报如下。\n一、整改工作基本情况\n全局对"
    "县委第二巡察组反馈的2个方面3个问题全部认领，坚持统一、规范推进整改，采取了以下整改措施：建立"
    "整改台账。\n二、反馈问题整改落实情况\n（一）党的领导弱化方面\n1.关于理论学习不深入的问题\n整改措施："
    "修订党组理论学习中心组学习制度。整改进展：已完成。\n2.关于决策程序不规范的问题\n一是修订“三重一大”"
    "决策制度；二是开展专项检查。整改进展：已完成。\n（二）全面从严治党不力方面\n1.关于项目资金管理不严"
    "的问题\n整改措施：追回资金3.5万元。整改进展：正在整改，2024年6月底前完成。\n三、下一步工作打算\n局"
    "党组将持续巩固整改成果。欢迎监督。联系电话：0000-1234567。\n中共青禾县水利局党组\n2023年9月15日\n";

static bool has_diag(const zg_document *doc, const char *code)
{
    for (size_t i = 0; i < doc->n_diagnostics; i++)
        if (strcmp(doc->diagnostics[i].code, code) == 0) return true;
    return false;
}

static size_t count_newlines(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] == '\n';
    return k;
}

/* text[span] as a string in buf */
static const char *span_text(const zg_document *doc, zg_span sp, char *buf, size_t cap)
{
    size_t n = sp.end > sp.start ? sp.end - sp.start : 0;
    if (n >= cap) n = cap - 1;
    memcpy(buf, doc->text + sp.start, n);
    buf[n] = '\0';
    return buf;
}

/* The glued notice and the printed one give the same outline, issues and metadata. */
static void same_record(const zg_document *g, const zg_document *l)
{
    static const int levels[] = { 1, 1, 2, 3, 3, 2, 3, 1 };
    CHECK_INT(g->n_headings, 8);
    CHECK_INT(l->n_headings, 8);
    for (size_t i = 0; i < g->n_headings && i < l->n_headings && i < 8; i++) {
        CHECK_INT(g->headings[i]->level, levels[i]);
        CHECK_STR(g->headings[i]->title.s, l->headings[i]->title.s);
        CHECK_INT(g->headings[i]->number, l->headings[i]->number);
    }
    CHECK_STR(g->headings[0]->title.s, "整改工作基本情况");
    CHECK_STR(g->headings[7]->title.s, "下一步工作打算");
    CHECK_INT(g->n_issues, 3);
    CHECK_INT(l->n_issues, 3);
    char buf[256];
    for (size_t i = 0; i < g->n_issues && i < l->n_issues; i++) {
        CHECK_STR(g->issues[i].title.s, l->issues[i].title.s);
        CHECK_STR(g->issues[i].category.s, l->issues[i].category.s);
        CHECK_INT(g->issues[i].progress.status, l->issues[i].progress.status);
        /* the span is in the text as printed (no inferred line break in it) */
        CHECK_STR(span_text(g, g->issues[i].title.span, buf, sizeof buf), g->issues[i].title.s);
    }
    CHECK_STR(g->issues[0].title.s, "关于理论学习不深入的问题");
    /* 一是…；二是… in the body, before the progress label: the item's measures */
    if (g->n_issues >= 2 && l->n_issues >= 2) {
        CHECK(g->issues[1].measures_listed && l->issues[1].measures_listed);
        CHECK_INT(g->issues[1].n_measures, 2);
        CHECK_INT(l->issues[1].n_measures, 2);
    }
    CHECK_STR(g->title.s, "中共青禾县水利局党组关于巡察整改进展情况的通报");
    CHECK_STR(g->issuer.s, l->issuer.s);
    CHECK_STR(g->issuer.s, "中共青禾县水利局党组");
    CHECK_STR(span_text(g, g->issuer.span, buf, sizeof buf), "中共青禾县水利局党组");
    CHECK_INT(g->date.year, 2023);
    CHECK_INT(g->date.month, 9);
    CHECK_INT(g->date.day, 15);
}

int main(void)
{
    zg_rules *rules;
    zg_scanner *sc;
    if (fixture_open(&rules, &sc)) return 1;

    zg_document *g = fixture_extract(sc, "glued", GLUED, sizeof GLUED - 1, NULL);
    zg_document *l = fixture_extract(sc, "lines", LINES, sizeof LINES - 1, NULL);
    CHECK(g && l);
    if (g && l) {
        CHECK(has_diag(g, "glued-text"));
        CHECK(!has_diag(l, "glued-text"));
        same_record(g, l);
        /* the text is as given; the breaks are in norm only, and none inside sentence text */
        CHECK_INT(g->text_len, sizeof GLUED - 1);
        CHECK_INT(count_newlines(g->text, g->text_len), 0);
        CHECK(count_newlines(g->norm, g->norm_len) >= 10);
        CHECK(strstr(g->norm, "统一、规范") != NULL);
        CHECK(strstr(g->norm, "以下整改措施:") != NULL);
        CHECK(strstr(g->norm, "\n整改措施:修订") != NULL);
        /* a printed text keeps its own lines */
        CHECK_INT(count_newlines(l->norm, l->norm_len), count_newlines(l->text, l->text_len));
    }
    zg_document_free(g);
    zg_document_free(l);

    /* framed: the title and the signature on lines of their own around the glued body */
    char framed[sizeof GLUED + 8];
    const char *body = strstr(GLUED, "根据"), *sig = strstr(GLUED, "。中共青禾县") + 3;
    const char *date = strstr(sig, "2023年9月");
    snprintf(framed, sizeof framed, "%.*s\n%.*s\n%.*s\n%s\n", (int)(body - GLUED), GLUED,
             (int)(sig - body), body, (int)(date - sig), sig, date);
    zg_document *f = fixture_extract(sc, "framed", framed, strlen(framed), NULL);
    l = fixture_extract(sc, "lines", LINES, sizeof LINES - 1, NULL);
    CHECK(f && l);
    if (f && l) {
        CHECK(has_diag(f, "glued-text"));
        same_record(f, l);
    }
    zg_document_free(f);
    zg_document_free(l);

    /* a seal or publication note around the glued signature (…党组(盖章)2023年9月15日此件公开发布):
     * the same issuer and date as printed; also with the date on a line of its own */
    static const char *const seals[] = { "（盖章）", "" };
    static const char *const notes[] = { "此件公开发布", "（此件公开发布）" };
    for (int k = 0; k < 2; k++) {
        char sealed[sizeof GLUED + 64];
        const char *at = strstr(GLUED, "2023年9月15日");
        snprintf(sealed, sizeof sealed, "%.*s%s%s%s%s", (int)(at - GLUED), GLUED, seals[k],
                 k ? "\n" : "", at, notes[k]);
        zg_document *d = fixture_extract(sc, "sealed", sealed, strlen(sealed), NULL);
        CHECK(d != NULL);
        if (d) {
            CHECK(has_diag(d, "glued-text"));
            CHECK_STR(d->issuer.s, "中共青禾县水利局党组");
            CHECK_INT(d->date.day, 15);
        }
        zg_document_free(d);
    }

    /* the closing paragraphs run on from the last problem (…完成。下一步，…。附件：…), signed by a
     * 巡察办 after the attachment title; a level-1 title run into a sentence that opens with 对 and
     * a count (…整改落实对县委第二巡察组反馈的3个问题…): as printed */
    {
        char tail[sizeof GLUED + 256];
        const char *cut = strstr(GLUED, "三、下一步工作打算");
        snprintf(tail, sizeof tail, "%.*s下一步，县委巡察办将加强日常监督。欢迎监督。附件：整改台账"
                 "中共青禾县委巡察办2023年9月15日", (int)(cut - GLUED), GLUED);
        char opened[sizeof tail + 128];
        const char *h2 = strstr(tail, "二、反馈问题整改落实情况");
        snprintf(opened, sizeof opened, "%.*s二、对照反馈意见，逐项推进问题整改落实对县委第二巡察组"
                 "反馈的3个问题，逐项明确责任。%s", (int)(h2 - tail), tail,
                 h2 + strlen("二、反馈问题整改落实情况"));
        zg_document *d = fixture_extract(sc, "closing", opened, strlen(opened), NULL);
        CHECK(d != NULL);
        if (d) {
            CHECK(has_diag(d, "glued-text"));
            CHECK(strstr(d->norm, "\n下一步,县委") != NULL);
            CHECK(strstr(d->norm, "\n附件:整改台账\n中共青禾县委巡察办\n2023年9月15日") != NULL);
            CHECK_STR(d->issuer.s, "中共青禾县委巡察办");
            CHECK_INT(d->date.day, 15);
            CHECK(d->n_headings >= 2);
            if (d->n_headings >= 2) CHECK_STR(d->headings[1]->title.s, "对照反馈意见，逐项推进问题整改落实");
            CHECK_INT(d->n_issues, 3);
            if (d->n_issues == 3) { /* the last problem's statement ends before 下一步 */
                CHECK_INT(d->issues[2].progress.status, ZG_ST_IN_PROGRESS);
                const char *nx = strstr(opened, "下一步，县委");
                CHECK(d->issues[2].progress.text.s != NULL);
                CHECK(d->issues[2].progress.text.span.end <= (size_t)(nx - opened));
            }
        }
        zg_document_free(d);
    }

    /* a glued signature dated by its month only, signed by a 党总支 whose section body runs on
     * from a level-1 title (三、下一步工作措施党总支将…) */
    {
        char month[sizeof GLUED + 64];
        const char *h3 = strstr(GLUED, "三、下一步工作打算");
        snprintf(month, sizeof month, "%.*s三、下一步工作措施党总支将持续巩固整改成果。欢迎监督。"
                 "联系电话：0000-1234567。中共青禾县水利局党组2023年9月", (int)(h3 - GLUED), GLUED);
        zg_document *d = fixture_extract(sc, "month", month, strlen(month), NULL);
        CHECK(d != NULL);
        if (d) {
            CHECK_STR(d->issuer.s, "中共青禾县水利局党组");
            CHECK_INT(d->date.month, 9);
            CHECK_INT(d->date.day, 0);
            CHECK(d->n_headings >= 8);
            if (d->n_headings >= 8) CHECK_STR(d->headings[7]->title.s, "下一步工作措施");
        }
        zg_document_free(d);
    }

    /* an attachment line glued after the signature's date (…2023年9月15日附件：整改台账) */
    {
        char att[sizeof GLUED + 64];
        snprintf(att, sizeof att, "%s附件：整改台账", GLUED);
        zg_document *d = fixture_extract(sc, "attachment", att, strlen(att), NULL);
        CHECK(d != NULL);
        if (d) {
            CHECK(strstr(d->norm, "\n2023年9月15日\n附件:整改台账") != NULL);
            CHECK_STR(d->issuer.s, "中共青禾县水利局党组");
            CHECK_INT(d->date.day, 15);
        }
        zg_document_free(d);
    }

    /* a glued signature dated 元月 (January) */
    {
        char yuan[sizeof GLUED + 16];
        const char *at = strstr(GLUED, "2023年9月15日");
        snprintf(yuan, sizeof yuan, "%.*s2024年元月15日", (int)(at - GLUED), GLUED);
        zg_document *d = fixture_extract(sc, "yuan", yuan, strlen(yuan), NULL);
        CHECK(d != NULL);
        if (d) {
            CHECK(has_diag(d, "glued-text"));
            CHECK_STR(d->issuer.s, "中共青禾县水利局党组");
            CHECK_INT(d->date.month, 1);
            CHECK_INT(d->date.day, 15);
        }
        zg_document_free(d);
    }

    /* an audit report glued whole: its byline after the title (——date在…会议上 office name, then
     * the address to the meeting) gives issuer and date; or, without one, a signature right
     * after the contact line's phone number */
    {
        static const char BODY[] =
            "受县人民政府委托，我向本次会议报告审计查出问题的整改情况。一、审计查出问题的整改情况"
            "（一）财政管理方面1．预算编制不精准整改情况：已调整预算。该问题已整改完成。2．非税收入未及时"
            "缴库整改情况：已全部缴库。该问题已整改完成。（二）部门预算执行方面1．违规发放津贴补贴整改"
            "情况：已追回资金12万元。该问题已整改完成。二、下一步工作安排县审计局将持续跟踪督促整改。";
        char text[2048];
        snprintf(text, sizeof text, "关于蔺川县2023年度预算执行审计查出问题整改情况的报告——2024年12"
                 "月26日在蔺川县第十八届人民代表大会常务委员会第二十二次会议上蔺川县审计局局长韩立新"
                 "主任、各位副主任、各位委员：%s", BODY);
        zg_document *d = fixture_extract(sc, "byline", text, strlen(text), NULL);
        CHECK(d != NULL);
        if (d) {
            CHECK(has_diag(d, "glued-text"));
            CHECK(strstr(d->norm, "\n——2024年12月26日在") != NULL);
            CHECK_STR(d->issuer.s, "蔺川县审计局");
            CHECK_INT(d->date.month, 12);
            CHECK_INT(d->date.day, 26);
            CHECK_INT(d->n_issues, 3);
        }
        zg_document_free(d);
        snprintf(text, sizeof text, "关于蔺川县2023年度预算执行审计查出问题整改情况的报告%s特此报告。"
                 "联系电话：0736-7218650蔓川县交通建设投资有限公司2024年12月10日", BODY);
        d = fixture_extract(sc, "after phone", text, strlen(text), NULL);
        CHECK(d != NULL);
        if (d) {
            CHECK_STR(d->issuer.s, "蔓川县交通建设投资有限公司");
            CHECK_INT(d->date.day, 10);
        }
        zg_document_free(d);
    }

    /* a short text may be one paragraph: never reflowed */
    static const char SHORT[] = "一、基本情况局党组高度重视。二、下一步工作打算局党组将持续整改。";
    zg_document *s = fixture_extract(sc, "short", SHORT, sizeof SHORT - 1, NULL);
    CHECK(s != NULL);
    if (s) {
        CHECK(!has_diag(s, "glued-text"));
        CHECK_INT(count_newlines(s->norm, s->norm_len), 0);
    }
    zg_document_free(s);

    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
