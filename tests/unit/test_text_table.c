/* Tab-separated 整改清单 tables of plain text (text_table.c) and category rows of tables
 * (extract_tables.c): what is a table, its cells and spans, its issues; what is not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "stages.h"

static zg_scanner *sc;

static zg_document *run(const char *what, const char *text, const char *format)
{
    return fixture_extract(sc, what, text, strlen(text), format);
}

/* text[span] of a cell equals want */
static void check_cell(const zg_document *doc, const zg_table *t, size_t r, size_t c,
                       const char *want)
{
    const zg_cell *z = &t->cells[r * t->n_cols + c];
    size_t n = z->span.end - z->span.start;
    if (n != strlen(want) || memcmp(doc->text + z->span.start, want, n)) {
        fprintf(stderr, "cell %zu,%zu: got '%.*s', expected '%s'\n", r, c, (int)n,
                doc->text + z->span.start, want);
        check_failures++;
    }
}

/* every value's string is the text at its span */
static void check_sref(const zg_document *doc, zg_sref v)
{
    if (!v.s) return;
    size_t n = v.span.end - v.span.start;
    CHECK(strlen(v.s) == n && !memcmp(doc->text + v.span.start, v.s, n));
}

static const char head[] =
    "中共某县卫健局党组关于县委巡察整改进展情况的通报\n\n"
    "　　一、整改工作开展情况\n\n"
    "　　局党组召开专题会议研究整改工作。\n\n"
    "　　二、巡察反馈问题整改情况\n\n";
static const char tail[] =
    "\n　　三、下一步工作打算\n\n"
    "　　局党组将持续巩固整改成果。\n\n"
    "　　　　　　　　　　中共某县卫健局党组\n"
    "　　　　　　　　　　2024年5月6日\n";

static char *notice(const char *body)
{
    size_t n = strlen(head) + strlen(body) + strlen(tail) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%s%s%s", head, body, tail);
    return s;
}

static void test_tab_table(void)
{
    /* CRLF lines, a blank line between rows, a merged category cell left empty below, an
     * indented header, a trailing tab */
    char *text = notice(
        "　　序号\t问题类别\t反馈问题\t整改措施\t整改时限\t整改进展\r\n"
        "1\t党的领导\t理论学习不深入。学习流于形式。\t（1）制定学习计划；（2）开展专题学习。\t2024年3月底前\t已完成\t\r\n"
        "\r\n"
        "2\t\t支部活动不规范。\t①建立活动台账；②开展督导检查；③通报典型问题。\t2024年6月底前\t正在整改\r\n"
        "3\t作风建设\t公车管理不严格。\t清理车辆台账。\t立行立改\t已整改到位，长期坚持\r\n");
    zg_document *doc = run("tab table", text, NULL);
    if (!doc) { check_failures++; free(text); return; }
    CHECK_INT(doc->n_tables, 1);
    if (doc->n_tables == 1) {
        const zg_table *t = &doc->tables[0];
        CHECK_INT(t->n_rows, 4);
        CHECK_INT(t->n_cols, 6);
        check_cell(doc, t, 0, 0, "序号");                 /* indent trimmed */
        check_cell(doc, t, 1, 5, "已完成");               /* no \r, no trailing tab */
        check_cell(doc, t, 2, 1, "党的领导");             /* empty under filled: covered */
        CHECK(t->cells[2 * 6 + 1].covered);
        CHECK(!t->cells[3 * 6 + 1].covered);
        const char *row0 = strstr(doc->text, "　　序号");
        CHECK_INT(t->span.start, (size_t)(row0 - doc->text));
        const char *last = strstr(doc->text, "长期坚持\r\n");
        CHECK_INT(t->span.end, (size_t)(last - doc->text) + strlen("长期坚持"));
    }
    CHECK_INT(doc->n_issues, 3);
    if (doc->n_issues == 3) {
        const zg_issue *a = &doc->issues[0], *b = &doc->issues[1], *c = &doc->issues[2];
        CHECK_STR(a->title.s, "理论学习不深入");
        CHECK_STR(a->category.s, "党的领导");
        CHECK_INT(a->n_measures, 2);
        CHECK_STR(zg_progress_status_name(a->progress.status), "completed");
        CHECK_INT(a->progress.deadline.month, 3);
        CHECK_STR(b->title.s, "支部活动不规范");
        CHECK_STR(b->category.s, "党的领导");
        CHECK_INT(b->n_measures, 3);
        CHECK_STR(zg_progress_status_name(b->progress.status), "in_progress");
        CHECK_STR(c->category.s, "作风建设");
        CHECK(c->progress.long_term);
        CHECK_INT(c->progress.deadline.precision, ZG_PREC_NONE);
        for (size_t i = 0; i < doc->n_issues; i++) {
            check_sref(doc, doc->issues[i].title);
            check_sref(doc, doc->issues[i].category);
            check_sref(doc, doc->issues[i].time_limit);
            check_sref(doc, doc->issues[i].progress.phrase);
            for (size_t m = 0; m < doc->issues[i].n_measures; m++)
                check_sref(doc, doc->issues[i].measures[m].text);
        }
    }
    /* cells are never headings: the outline is the three sections */
    CHECK_INT(doc->n_headings, 3);
    zg_document_free(doc);
    free(text);
}

/* A short line without tabs between rows is a merged cell across the row: the category of the
 * rows below. Without a row after it (the next section's heading) it is no part of the table. */
static void test_group_lines(void)
{
    char *text = notice(
        "序号\t问题\t整改措施\t整改时限\t整改进展\n"
        "一、党的建设方面\n"
        "1\t组织生活不规范。\t（1）建立台账；（2）开展检查。\t\t已完成\n"
        "2\t党员教育不严格。\t开展培训。\t2024年5月底前\t正在整改\n"
        "\n（二）业务工作方面\n\n"
        "3\t工程监管不到位。\t开展巡查。\t2024年6月底前\t已完成\n"
        "各股室均已制定整改方案。\n"
        "4\t档案管理不规范。\t整理档案。\t2024年7月底前\t已完成\n");
    zg_document *doc = run("group lines", text, NULL);
    if (!doc) { check_failures++; free(text); return; }
    CHECK_INT(doc->n_tables, 1);
    if (doc->n_tables == 1) {
        const zg_table *t = &doc->tables[0];
        CHECK_INT(t->n_rows, 6);
        check_cell(doc, t, 1, 0, "一、党的建设方面");
        check_cell(doc, t, 1, 4, "一、党的建设方面");
        CHECK(!t->cells[1 * 5].covered && t->cells[1 * 5 + 4].covered);
        check_cell(doc, t, 4, 0, "（二）业务工作方面");
        /* the table ends before the sentence: a sentence is no group row */
        const char *end = strstr(doc->text, "已完成\n各股室");
        CHECK_INT(t->span.end, (size_t)(end - doc->text) + strlen("已完成"));
    }
    CHECK_INT(doc->n_issues, 3);
    if (doc->n_issues == 3) {
        CHECK_STR(doc->issues[0].category.s, "党的建设方面");
        CHECK_STR(doc->issues[1].category.s, "党的建设方面");
        CHECK_STR(doc->issues[2].category.s, "业务工作方面");
        CHECK_STR(doc->issues[2].title.s, "工程监管不到位");
        /* a row under a group row carries nothing down from it */
        CHECK(doc->issues[0].time_limit.s == NULL);
        CHECK_INT(doc->issues[0].n_measures, 2);
    }
    CHECK_INT(doc->n_headings, 3);                   /* 三、下一步工作打算 stays a heading */
    zg_document_free(doc);
    free(text);
}

/* Tab-separated lines that are no 整改清单: no table, no issue from them. */
static void test_not_tables(void)
{
    static const char *const bodies[] = {
        /* prose with a stray tab */
        "　　针对反馈的问题，\t局党组逐项制定整改措施。\n　　目前已完成整改。\n",
        /* tab-indented paragraphs */
        "\t局党组召开会议。\n\t逐项明确责任。\n",
        /* a header-like line, but its rows have another number of cells */
        "序号\t问题\t整改措施\t整改情况\n1\t作风不实。\t已完成\n",
        /* a header alone */
        "序号\t问题\t整改措施\n",
        /* header words in long cells: prose, not a header */
        "问题\t局党组对照问题逐项研究制定整改措施并明确责任领导责任部门和完成时限\n1\t2\n",
        /* a signature aligned with tabs */
        "　　（一）党的领导方面\n　　1．理论学习不深入的问题\n　　整改情况：已完成。\n"
        "中共某县卫健局党组\t\t2024年5月6日\n联系人\t电话\n张三\t0731-1234567\n",
    };
    for (size_t k = 0; k < sizeof bodies / sizeof *bodies; k++) {
        char *text = notice(bodies[k]);
        zg_document *doc = run(bodies[k], text, NULL);
        if (doc) {
            if (doc->n_tables != 0) fprintf(stderr, "case %zu\n", k);
            CHECK_INT(doc->n_tables, 0);
            zg_document_free(doc);
        } else {
            check_failures++;
        }
        free(text);
    }
    /* a tab table in a Markdown input is text there (only plain text is read so) */
    char *text = notice("序号\t问题\t整改措施\n1\t作风不实。\t开展整治。\n");
    zg_document *doc = run("markdown", text, "markdown");
    if (doc) {
        CHECK_INT(doc->n_tables, 0);
        zg_document_free(doc);
    }
    free(text);
}

/* A row of one cell spanning the problem column and all after it names the category of the
 * rows below it: <td colspan="5">一、党的建设方面</td>, or a number cell and the label. */
static void test_category_rows(void)
{
    const char *page =
        "<html><head><meta charset=\"utf-8\"></head><body>"
        "<p>中共某县水利局党组关于县委巡察整改进展情况的通报</p>"
        "<p>一、整改工作基本情况</p><p>局党组高度重视。</p>"
        "<p>二、巡察反馈问题整改情况</p>"
        "<table><tr><td>序号</td><td>问题</td><td>整改措施</td><td>整改时限</td><td>完成情况</td></tr>"
        "<tr><td colspan=\"5\">一、党的建设方面</td></tr>"
        "<tr><td>1</td><td>组织生活不规范。</td><td>（1）建立台账；（2）开展检查。</td>"
        "<td>2024年3月底前</td><td>已完成</td></tr>"
        "<tr><td>2</td><td>党员教育不严格。</td><td>开展培训。</td><td>2024年5月底前</td>"
        "<td>正在整改</td></tr>"
        "<tr><td>二</td><td colspan=\"4\">业务工作方面：</td></tr>"
        "<tr><td>3</td><td>工程监管不到位。</td><td>开展巡查。</td><td>2024年6月底前</td>"
        "<td>已完成</td></tr>"
        "<tr><td colspan=\"5\">注：以上问题均已制定整改方案。</td></tr>"
        "<tr><td>4</td><td>档案管理不规范。</td><td>整理档案。</td><td>2024年7月底前</td>"
        "<td>已完成</td></tr>"
        "</table><p>中共某县水利局党组</p><p>2024年7月1日</p></body></html>";
    zg_document *doc = run("category rows", page, "html");
    if (!doc) { check_failures++; return; }
    CHECK_INT(doc->n_issues, 4);
    if (doc->n_issues == 4) {
        CHECK_STR(doc->issues[0].category.s, "党的建设方面");
        CHECK_STR(doc->issues[1].category.s, "党的建设方面");
        CHECK_STR(doc->issues[1].title.s, "党员教育不严格");
        CHECK_STR(doc->issues[2].category.s, "业务工作方面");   /* after a number cell; no colon */
        /* a sentence spanning the row is a note, not a category */
        CHECK_STR(doc->issues[3].category.s, "业务工作方面");
        for (size_t i = 0; i < doc->n_issues; i++) check_sref(doc, doc->issues[i].category);
    }
    zg_document_free(doc);

    /* a rowspan from above spanning the problem column is no category row */
    const char *rowspan =
        "<html><body><p>关于巡察整改进展情况的通报</p><p>二、巡察反馈问题整改情况</p>"
        "<table><tr><td>序号</td><td>问题</td><td>整改措施</td><td>完成情况</td></tr>"
        "<tr><td>1</td><td rowspan=\"2\" colspan=\"3\">作风不实，已完成。</td></tr>"
        "<tr><td>2</td></tr></table></body></html>";
    doc = run("rowspan", rowspan, "html");
    if (doc) {
        for (size_t i = 0; i < doc->n_issues; i++) CHECK(doc->issues[i].category.s == NULL);
        zg_document_free(doc);
    }
}

int main(void)
{
    zg_rules *rules = NULL;
    if (fixture_open(&rules, &sc)) return 1;
    test_tab_table();
    test_group_lines();
    test_not_tables();
    test_category_rows();
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
