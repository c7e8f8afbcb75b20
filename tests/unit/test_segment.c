/*
 * Segmentation: heading levels from marker types, clause positions, numbering, titles, spans,
 * measure lists; and the outline of every dev notice the loader reads against its gold file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "fixture.h"
#include "segment_util.h"
#include "stages.h"
#include "util.h"

static zg_rules *rules;

static const char *source_dir(void)
{
    const char *d = getenv("ZG_SOURCE_DIR");
    return d && *d ? d : ".";
}

static zg_scanner *scanner_with(size_t max_nodes)
{
    zg_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.max_nodes = max_nodes;
    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(rules, &lim, &sc), ZG_OK);
    return sc;
}

static zg_document *segmented(zg_scanner *sc, const char *text)
{
    zg_document *doc = calloc(1, sizeof *doc);
    if (!doc) return NULL;
    zg_arena_init(&doc->arena);
    doc->text_len = strlen(text);
    doc->text = zg_arena_strndup(&doc->arena, text, doc->text_len);
    zg_scanner_bind(sc, doc);
    zg_error err;
    CHECK_INT(zg_normalize(doc, &err), ZG_OK);
    CHECK_INT(zg_segment(doc, sc, &err), ZG_OK);
    return doc;
}

/* The outline as "level marker title|" entries, for compact comparisons. */
static const char *outline(zg_document *doc)
{
    zg_buf b = { 0 };
    for (size_t i = 0; i < doc->n_headings; i++) {
        const zg_node *n = doc->headings[i];
        zg_buf_printf(&b, "%d %s %s|", n->level, n->marker.s ? n->marker.s : "-",
                      n->title.s ? n->title.s : "-");
    }
    size_t len;
    char *s = zg_buf_take(&b, &len);
    const char *copy = zg_arena_strdup(&doc->arena, s ? s : "");
    free(s);
    return copy;
}

static void expect_outline(zg_scanner *sc, const char *text, const char *expected)
{
    zg_document *doc = segmented(sc, text);
    if (!doc) return;
    CHECK_STR(outline(doc), expected);
    zg_document_free(doc);
}

static bool has_diag(const zg_document *doc, const char *code)
{
    for (size_t i = 0; i < doc->n_diagnostics; i++)
        if (strcmp(doc->diagnostics[i].code, code) == 0) return true;
    return false;
}

static void test_levels(zg_scanner *sc)
{
    /* levels come from the marker type; full-width and ASCII markers; skipped level */
    expect_outline(sc,
                   "关于整改情况的通报\n一、总体情况\n正文。\n二、问题整改\n（一）第一类方面\n"
                   "1．第一个问题\n措施。\n2．第二个问题\n(二)第二类方面\n1.第三个问题\n"
                   "三、下一步打算\n1、加强领导\n2、完善制度\n",
                   "1 一、 总体情况|1 二、 问题整改|2 （一） 第一类方面|3 1． 第一个问题|"
                   "3 2． 第二个问题|2 (二) 第二类方面|3 1. 第三个问题|1 三、 下一步打算|"
                   "3 1、 加强领导|3 2、 完善制度|");
    expect_outline(sc, "第一部分　工作情况\n内容。\n第二部分：问题\n（一）一类\n",
                   "1 第一部分 工作情况|1 第二部分 问题|2 （一） 一类|");
    /* list markers are never outline entries */
    expect_outline(sc,
                   "一、问题\n（1）措施一；（2）措施二。\n1）做法\n①要点\n一是加强，二是完善。\n"
                   "第一，学习。第二，落实。\n⑴折叠的括号数字\n",
                   "1 一、 问题|");
    /* ⒈ folds to 1. and is a level-3 marker, printed as in the source */
    expect_outline(sc, "⒈第一项\n⒉第二项\n", "3 ⒈ 第一项|3 ⒉ 第二项|");
    /* numbering continues across sibling sections (4. under (一), 5. under (二)) */
    expect_outline(sc, "一、情况\n(一)甲方面\n1.一\n2.二\n(二)乙方面\n3.三\n4.四\n二、打算\n1.新\n",
                   "1 一、 情况|2 (一) 甲方面|3 1. 一|3 2. 二|2 (二) 乙方面|3 3. 三|3 4. 四|"
                   "1 二、 打算|3 1. 新|");
}

/* variants seen in archives: 一．/一. level-1 markers, a space inside brackets */
static void test_marker_variants(zg_scanner *sc)
{
    expect_outline(sc, "一．情况\n正文。\n二．问题\n（一）甲方面\n1．子项\n",
                   "1 一． 情况|1 二． 问题|2 （一） 甲方面|3 1． 子项|");
    expect_outline(sc, "一.情况\n二.打算\n", "1 一. 情况|1 二. 打算|");
    expect_outline(sc, "一、问题\n（ 一）甲方面\n（ 二 ）乙方面\n",
                   "1 一、 问题|2 （ 一） 甲方面|2 （ 二 ） 乙方面|");
    /* 第1项 items of a 督察 inspection list are level 3, with or without a colon */
    expect_outline(sc,
                   "二、整改任务进展情况\n（一）水方面\n第1项：支流总磷超标。\n整改进展：已完成。\n"
                   "第2项 管网混接。\n（二）土壤方面\n第3项：矿山未修复。\n",
                   "1 二、 整改任务进展情况|2 （一） 水方面|3 第1项 支流总磷超标|"
                   "3 第2项 管网混接|2 （二） 土壤方面|3 第3项 矿山未修复|");
    /* 第一项：… in numerals too, before a colon or a space; 第一项任务 is prose */
    expect_outline(sc,
                   "二、整改情况\n（一）责任方面\n第一项：会议频次不足。\n整改情况：已完成。\n"
                   "第二项 清单未更新。\n第三项任务已办结。\n",
                   "1 二、 整改情况|2 （一） 责任方面|3 第一项 会议频次不足|3 第二项 清单未更新|");
    /* 问题1：, 问题一：, 【问题1】 lines numbering the problems are level 3 too */
    expect_outline(sc,
                   "二、问题整改情况\n（一）甲方面\n问题1：资金滞留。\n整改情况：已完成。\n问题2：台账缺失。\n"
                   "（二）乙方面\n【问题1】制度不全。\n【问题2】执行不严。\n",
                   "1 二、 问题整改情况|2 （一） 甲方面|3 问题1 资金滞留|3 问题2 台账缺失|"
                   "2 （二） 乙方面|3 【问题1】 制度不全|3 【问题2】 执行不严|");
    expect_outline(sc, "一、问题\n问题一：混接错接。\n问题二：总氮超标。\n",
                   "1 一、 问题|3 问题一 混接错接|3 问题二 总氮超标|");
    /* not: counts and words after 问题 + number, nor 问题 before a 1． heading */
    expect_outline(sc, "一、情况\n问题10个已整改。\n问题一是资金。\n问题十分突出。\n",
                   "1 一、 情况|");
    expect_outline(sc, "一、大气环境问题\n1．扬尘管控不严\n", "1 一、 大气环境问题|3 1． 扬尘管控不严|");
    /* an attachment list (附件：1．… and its indented lines) numbers attachments, not headings;
     * a heading after it still counts */
    expect_outline(sc,
                   "一、情况\n正文。\n附件：1．整改情况明细表\n　　　2．佐证材料目录\n"
                   "　　　3．台账\n二、打算\n1．巩固\n",
                   "1 一、 情况|1 二、 打算|3 1． 巩固|");
    /* not markers: a decimal in Chinese numerals, an enumeration of section numbers */
    expect_outline(sc, "一、情况\n增长一.五倍，落实一.二.三项。\n", "1 一、 情况|");
}

static void test_false_markers(zg_scanner *sc)
{
    expect_outline(sc,
                   "一、资金情况\n共追回资金3.5万元，依据（2022）12号文件。一、二季度完成2.1项，"
                   "第1、2项已办结，金额1.2亿元，时间2023.10.12。\n二、打算\n",
                   "1 一、 资金情况|1 二、 打算|");
    /* markers inside a sentence are not headings, even with the right number */
    expect_outline(sc, "一、情况\n我们抓好二、三两项工作和1.关于的内容。\n",
                   "1 一、 情况|");
    /* an enumeration inside a sentence (：1.…；2.…；3.…) is not a run of headings */
    expect_outline(sc, "一、情况\n重点做好三项工作：1.摸清底数；2.建立台账；3.跟踪问效。\n二、打算\n",
                   "1 一、 情况|1 二、 打算|");
    expect_outline(sc, "一、情况\n1.摸清底数；2.建立台账。\n", "1 一、 情况|");
    /* 第N项 named inside a sentence, or a lone one out of sequence at a line start */
    expect_outline(sc, "一、情况\n对第1项和第3项加强调度，第2项的整改已完成。\n第3项任务已办结。\n",
                   "1 一、 情况|");
    /* the first heading of a type must be 1 */
    expect_outline(sc, "三、不是开头\n正文。\n", "");
    /* a number out of sequence in a run of text is not a heading */
    expect_outline(sc, "一、情况 正文。 三、跳过的 正文。 二、打算 正文。",
                   "1 一、 情况|1 二、 打算|");
}

static void test_run_together(zg_scanner *sc)
{
    /* whole notice on one line, ASCII spaces as gaps (d001 style) */
    expect_outline(sc,
                   "关于巡察整改进展情况的通报 根据部署,开展了巡察。 一、整改工作基本情况 反馈了3大类问题。"
                   " 二、整改进展情况 (一)学习贯彻不扎实方面。 1.关于责任落实有差距问题。 整改措施:(1)学习。"
                   "(2)规范。 整改进度:已完成。 2.关于工作推进不够扎实问题。 整改措施:(1)调度。 "
                   "三、今后打算 1.明确职责,落实责任 做好工作。",
                   "1 一、 整改工作基本情况|1 二、 整改进展情况|2 (一) 学习贯彻不扎实方面|"
                   "3 1. 关于责任落实有差距问题|3 2. 关于工作推进不够扎实问题|1 三、 今后打算|"
                   "3 1. 明确职责,落实责任|");
    /* full-width spaces as gaps, heading run together after a sentence end */
    expect_outline(sc,
                   "通报如下。　　一、总体情况　　局党组高度重视。二、问题整改情况　　（一）某方面　　"
                   "1．关于某某的问题。　　整改措施：(1)做法。　　整改进展：已完成。2．关于另一个的问题。",
                   "1 一、 总体情况|1 二、 问题整改情况|2 （一） 某方面|3 1． 关于某某的问题|"
                   "3 2． 关于另一个的问题|");
}

static void test_titles(zg_scanner *sc)
{
    /* ends at 。！？, colon, line break or gap; keeps ，、“” */
    expect_outline(sc,
                   "一、关于“三会一课”，制度、落实的问题。正文\n二、标题：正文\n三、感叹！正文\n"
                   "四、问号？正文\n五、间隔　正文\n六、到行尾\n七、 前面有空格\n",
                   "1 一、 关于“三会一课”，制度、落实的问题|1 二、 标题|1 三、 感叹|1 四、 问号|"
                   "1 五、 间隔|1 六、 到行尾|1 七、 前面有空格|");
    /* one space between ASCII words is part of the title */
    expect_outline(sc, "1.COD 200 mg以上 正文\n", "3 1. COD 200 mg以上|");

    zg_document *doc = segmented(sc, "一、标题。正文");
    if (!doc) return;
    CHECK_INT(zg_segment_title_end(doc, strlen("一、"), doc->norm_len), strlen("一、标题"));
    CHECK_INT(zg_segment_title_end(doc, strlen("一、"), strlen("一、标")), strlen("一、标"));
    zg_document_free(doc);
}

static void test_tree(zg_scanner *sc)
{
    const char *text = "前言。\n一、甲\n正文甲。\n（一）乙\n1．丙\n丙正文。\n2．丁\n二、戊\n尾。";
    zg_document *doc = segmented(sc, text);
    if (!doc) return;
    CHECK_INT(doc->n_headings, 5);
    if (doc->n_headings == 5) {
        zg_node **h = doc->headings;
        CHECK(doc->root.first_child == h[0]);
        CHECK(h[0]->next == h[4]);
        CHECK(h[1]->parent == h[0]);
        CHECK(h[2]->parent == h[1] && h[3]->parent == h[1]);
        CHECK(h[2]->next == h[3]);
        CHECK_STR(h[2]->type, "digit_dot");
        CHECK_STR(h[0]->type, "cn_dun");
        CHECK_INT(h[3]->number, 2);
        /* spans: marker to the next heading of the same or a higher level */
        CHECK_INT(h[0]->span.start, (size_t)(strstr(text, "一、甲") - text));
        CHECK_INT(h[0]->span.end, (size_t)(strstr(text, "二、戊") - text));
        CHECK_INT(h[1]->span.end, h[4]->span.start);
        CHECK_INT(h[2]->span.end, h[3]->span.start);
        CHECK_INT(h[4]->span.end, strlen(text));
        zg_sref body = zg_sref_from_span(doc, h[2]->body);
        CHECK_STR(body.s, "\n丙正文。\n");
        CHECK_INT(h[3]->body.end, h[4]->span.start);
    }
    zg_document_free(doc);

    /* a part (第一部分) is level 1 and holds the 一、 sections after it; their numbering runs on
     * across parts; a part ends at the next part, a section at the next section or part */
    text = "第一部分 情况\n正文。\n第二部分 问题整改\n一、甲方面\n（一）子项\n二、乙方面\n"
           "第三部分 打算\n（一）加强\n第四部分 其他\n三、丙方面\n";
    doc = segmented(sc, text);
    if (!doc) return;
    CHECK_INT(doc->n_headings, 9);
    if (doc->n_headings == 9) {
        zg_node **h = doc->headings;
        for (int i = 0; i < 9; i++) CHECK_INT(h[i]->level, i == 3 || i == 6 ? 2 : 1);
        CHECK(h[0]->parent == &doc->root && h[1]->parent == &doc->root);
        CHECK(h[0]->next == h[1] && h[1]->next == h[5] && h[5]->next == h[7]);
        CHECK(h[2]->parent == h[1] && h[4]->parent == h[1] && h[2]->next == h[4]);
        CHECK(h[3]->parent == h[2]);
        CHECK(h[6]->parent == h[5]);
        CHECK(h[8]->parent == h[7]);
        CHECK_INT(h[8]->number, 3);
        CHECK_INT(h[1]->span.end, h[5]->span.start);
        CHECK_INT(h[2]->span.end, h[4]->span.start);
        CHECK_INT(h[4]->span.end, h[5]->span.start);
    }
    zg_document_free(doc);
}

static void test_tables(zg_scanner *sc)
{
    const char *text = "一、甲\n序号\t问题\n1.\t某个问题。\n2.\t另一个问题。\n二、乙\n";
    /* without a table the rows would be headings … */
    expect_outline(sc, text, "1 一、 甲|3 1. 某个问题|3 2. 另一个问题|1 二、 乙|");
    /* … but table cells are never outline entries */
    zg_document *doc = calloc(1, sizeof *doc);
    if (!doc) return;
    zg_arena_init(&doc->arena);
    doc->text_len = strlen(text);
    doc->text = zg_arena_strndup(&doc->arena, text, doc->text_len);
    zg_table *t = zg_arena_push(&doc->arena, (void **)&doc->tables, &doc->n_tables, sizeof *t);
    if (t) {
        t->span.start = (size_t)(strstr(text, "序号") - text);
        t->span.end = (size_t)(strstr(text, "二、") - text);
    }
    zg_scanner_bind(sc, doc);
    zg_error err;
    CHECK_INT(zg_normalize(doc, &err), ZG_OK);
    CHECK_INT(zg_segment(doc, sc, &err), ZG_OK);
    CHECK_STR(outline(doc), "1 一、 甲|1 二、 乙|");
    zg_document_free(doc);
}

static void test_diagnostics(zg_scanner *sc)
{
    /* a line-initial marker one step ahead: taken, with a numbering-gap diagnostic */
    zg_document *doc = segmented(sc, "一、甲\n正文。\n三、丙\n正文。\n");
    if (!doc) return;
    CHECK_STR(outline(doc), "1 一、 甲|1 三、 丙|");
    CHECK(has_diag(doc, "numbering-gap"));
    zg_document_free(doc);

    /* also in run-together text, after a blank gap, but not after mere punctuation */
    doc = segmented(sc, "一、甲 正文。 1.子一 正文。 2.子二 正文。 4.子四 正文。 5.子五 正文。");
    if (!doc) return;
    CHECK_STR(outline(doc), "1 一、 甲|3 1. 子一|3 2. 子二|3 4. 子四|3 5. 子五|");
    CHECK(has_diag(doc, "numbering-gap"));
    zg_document_free(doc);
    expect_outline(sc, "一、甲\n1.子一。2.子二。4.子四。\n", "1 一、 甲|3 1. 子一|3 2. 子二|");
    /* a skipped number that does come later makes the early marker out of order, not a gap */
    doc = segmented(sc, "一、甲\n正文。\n三、丙\n正文。\n二、乙\n");
    if (!doc) return;
    CHECK_STR(outline(doc), "1 一、 甲|1 二、 乙|");
    CHECK(!has_diag(doc, "numbering-gap"));
    CHECK(has_diag(doc, "ambiguous-heading"));
    zg_document_free(doc);

    /* a line-initial marker far out of sequence: not taken, flagged as ambiguous */
    doc = segmented(sc, "一、甲\n正文。\n5.某项\n");
    if (!doc) return;
    CHECK_STR(outline(doc), "1 一、 甲|");
    CHECK(has_diag(doc, "ambiguous-heading"));
    zg_document_free(doc);

    /* a numbered run restarted inside a heading of the same type is a list, not headings */
    doc = segmented(sc, "（一）甲方面\n1.第一个问题\n整改措施：\n1.学习。\n2.落实。\n3.检查。\n"
                        "2.第二个问题\n措施。\n3.第三个问题\n");
    if (!doc) return;
    CHECK_STR(outline(doc), "2 （一） 甲方面|3 1. 第一个问题|3 2. 第二个问题|3 3. 第三个问题|");
    CHECK(has_diag(doc, "ambiguous-heading"));
    zg_document_free(doc);

    /* a "title" with no end within ~400 characters is a sentence: no heading */
    zg_buf b = { 0 };
    zg_buf_puts(&b, "一、开头\n正文。\n二、");
    for (int i = 0; i < 500; i++) zg_buf_puts(&b, "长");
    zg_buf_puts(&b, "。");
    size_t len;
    char *long_title = zg_buf_take(&b, &len);
    doc = long_title ? segmented(sc, long_title) : NULL;
    free(long_title);
    if (!doc) return;
    CHECK_STR(outline(doc), "1 一、 开头|");
    zg_document_free(doc);

    /* the node limit stops the outline with a diagnostic instead of failing */
    zg_scanner *small = scanner_with(2);
    if (!small) return;
    doc = segmented(small, "一、甲\n二、乙\n三、丙\n四、丁\n");
    if (doc) {
        CHECK_INT(doc->n_headings, 2);
        CHECK(has_diag(doc, "node-limit"));
        zg_document_free(doc);
    }
    zg_scanner_free(small);
}

/* List items of the whole text, as "marker text|". */
static const char *list_of(zg_scanner *sc, const char *text, int *count)
{
    static char out[4096];
    out[0] = '\0';
    zg_document *doc = segmented(sc, text);
    if (!doc) return out;
    zg_list_item *items = NULL;
    *count = zg_segment_list(doc, sc, 0, doc->norm_len, &items);
    for (int i = 0; i < *count; i++) {
        size_t len = strlen(out);
        snprintf(out + len, sizeof out - len, "%s %s|", items[i].marker.s,
                 items[i].text.s ? items[i].text.s : "-");
    }
    zg_document_free(doc);
    return out;
}

static void test_lists(zg_scanner *sc)
{
    int n = 0;
    /* spans run from the marker to the end of the trimmed text */
    const char *text = "措施：（1）学习。 （2）落实。\n";
    zg_document *doc = segmented(sc, text);
    if (doc) {
        zg_list_item *items = NULL;
        CHECK_INT(zg_segment_list(doc, sc, 0, doc->norm_len, &items), 2);
        if (items) {
            CHECK_STR(zg_sref_from_span(doc, items[0].span).s, "（1）学习。");
            CHECK_STR(zg_sref_from_span(doc, items[1].span).s, "（2）落实。");
            CHECK_STR(items[1].type, "digit_paren");
            CHECK_INT(items[1].number, 2);
        }
        /* a range that starts inside the text: only items in [from, to) */
        size_t from = (size_t)(strstr(doc->norm, "(2)") - doc->norm);
        CHECK_INT(zg_segment_list(doc, sc, from, doc->norm_len, &items), 0); /* (2) is not 1 */
        zg_document_free(doc);
    }
    /* 一是 nested inside （1） stays inside its item */
    CHECK_STR(list_of(sc, "整改措施：（1）加强学习。一是学理论，二是学业务。（2）完善制度。 ", &n),
              "（1） 加强学习。一是学理论，二是学业务。|（2） 完善制度。|");
    CHECK_INT(n, 2);
    CHECK_STR(list_of(sc, "①建立台账；②逐项销号；③定期通报。", &n),
              "① 建立台账；|② 逐项销号；|③ 定期通报。|");
    CHECK_INT(n, 3);
    /* a one-item list counts */
    CHECK_STR(list_of(sc, "整改措施：1）开展专项检查。", &n), "1） 开展专项检查。|");
    CHECK_INT(n, 1);
    CHECK_STR(list_of(sc, "第一，加强学习。第二，压实责任。第三，强化监督。", &n),
              "第一， 加强学习。|第二， 压实责任。|第三， 强化监督。|");
    CHECK_INT(n, 3);
    CHECK_STR(list_of(sc, "一是统一思想；二是加强领导，统一是前提；三是督查。", &n),
              "一是 统一思想；|二是 加强领导，统一是前提；|三是 督查。|");
    CHECK_INT(n, 3);
    /* the block's first item after a short subject (县财政局一是…；二是…); not after a clause
     * nor deep inside a sentence */
    CHECK_STR(list_of(sc, "县财政局一是逐笔清理；二是建立通报制度。", &n),
              "一是 逐笔清理；|二是 建立通报制度。|");
    CHECK_INT(n, 2);
    list_of(sc, "县财政局按照要求认真组织开展了全面清理工作一是逐笔清理；二是建立制度。", &n);
    CHECK_INT(n, 0);
    list_of(sc, "经核实，局里一是逐笔清理；二是建立制度。", &n);
    CHECK_INT(n, 0);
    /* case numbers and numbers out of sequence are not items */
    CHECK_STR(list_of(sc, "依据（2022）12号文件处理。（1）立案。（3）不是。（2）结案。", &n),
              "（1） 立案。（3）不是。|（2） 结案。|");
    CHECK_INT(n, 2);
    /* ⑴ folds to (1) */
    CHECK_STR(list_of(sc, "⑴学习；⑵落实。", &n), "⑴ 学习；|⑵ 落实。|");
    CHECK_INT(n, 2);
    /* no list at all */
    CHECK_STR(list_of(sc, "认真整改，已完成。", &n), "");
    CHECK_INT(n, 0);
}

/* Bullets (rules without `num`): numbered by position, only at a line start (or first in the
 * range), one glyph family per list, deeper-indented bullets nested. */
static void test_bullet_lists(zg_scanner *sc)
{
    int n = 0;
    /* the Markdown/HTML loaders' • ; the marker is the glyph, the text without it */
    CHECK_STR(list_of(sc, "整改措施：\n• 制定方案；\n• 开展巡河。\n", &n),
              "• 制定方案；|• 开展巡河。|");
    CHECK_INT(n, 2);
    zg_document *doc = segmented(sc, "措施：\n· 建台账；\n· 中·美对标。\n");
    if (doc) {
        zg_list_item *items = NULL;
        CHECK_INT(zg_segment_list(doc, sc, 0, doc->norm_len, &items), 2);
        if (items) {
            CHECK_STR(items[1].type, "bullet");
            CHECK_INT(items[1].number, 2);
            CHECK_STR(zg_sref_from_span(doc, items[1].span).s, "· 中·美对标。");
        }
        zg_document_free(doc);
    }
    /* a · inside a sentence is no item; a single bullet line is a list of one */
    CHECK_STR(list_of(sc, "加强中·美合作，\n● 修订制度。", &n), "● 修订制度。|");
    CHECK_INT(n, 1);
    CHECK_STR(list_of(sc, "加强中·美合作，深化交流。", &n), "");
    CHECK_INT(n, 0);
    /* first in the range, after a label on the same line (not a line start: it fixes no
     * indentation), then indented lines; over the whole text the first is no item */
    doc = segmented(sc, "整改措施：■ 清理台账；\n　　■ 核查项目；\n　　■ 约谈企业。");
    if (doc) {
        zg_list_item *items = NULL;
        size_t from = (size_t)(strchr(doc->norm, ':') - doc->norm) + 1;
        CHECK_INT(zg_segment_list(doc, sc, from, doc->norm_len, &items), 3);
        CHECK_INT(zg_segment_list(doc, sc, 0, doc->norm_len, &items), 2);
        zg_document_free(doc);
    }
    /* nested: another glyph, or the same one indented deeper, stays in its item */
    CHECK_STR(list_of(sc, "• 甲；\n◦ 甲一；\n• 乙。", &n), "• 甲；\n◦ 甲一；|• 乙。|");
    CHECK_INT(n, 2);
    CHECK_STR(list_of(sc, "- 甲；\n    - 甲一；\n- 乙。", &n), "- 甲；\n    - 甲一；|- 乙。|");
    CHECK_INT(n, 2);
    /* a - only before a blank and not in a page number; 2024-01 is no bullet */
    CHECK_STR(list_of(sc, "- 清理台账；\n- 3 -\n-核查\n- 2024-01完成。", &n),
              "- 清理台账；\n- 3 -\n-核查|- 2024-01完成。|");
    CHECK_INT(n, 2);
    /* the first marker fixes the type: (1)(2) inside bullets stay in their items, and bullets
     * under a numbered list stay in theirs */
    CHECK_STR(list_of(sc, "• 甲：（1）学；（2）做。\n• 乙。", &n), "• 甲：（1）学；（2）做。|• 乙。|");
    CHECK_INT(n, 2);
    CHECK_STR(list_of(sc, "（1）甲：\n• 学；\n• 做。\n（2）乙。", &n),
              "（1） 甲：\n• 学；\n• 做。|（2） 乙。|");
    CHECK_INT(n, 2);
}

/* ----------------------------------------------------------- corpus check against gold */

static char *read_all(const char *path)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char why[256];
    if (zg_read_file(path, 0, &data, &len, why, sizeof why) != ZG_OK) return NULL;
    return (char *)data;
}

static int corpus_checked;

static void check_notice(zg_scanner *sc, const char *dir, const cJSON *gold)
{
    const cJSON *file = cJSON_GetObjectItem(gold, "file");
    const cJSON *fmt = cJSON_GetObjectItem(gold, "format");
    const cJSON *enc = cJSON_GetObjectItem(gold, "encoding");
    const cJSON *gout = cJSON_GetObjectItem(gold, "outline");
    if (!cJSON_IsString(file) || !cJSON_IsString(fmt) || !cJSON_IsString(enc) || !cJSON_IsArray(gout))
        return;
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, file->valuestring);
    unsigned char *bytes = NULL;
    size_t len = 0;
    char why[256];
    if (zg_read_file(path, 0, &bytes, &len, why, sizeof why) != ZG_OK) return;

    zg_document *doc = calloc(1, sizeof *doc);
    zg_input_options opts;
    memset(&opts, 0, sizeof opts);
    opts.path = path;
    zg_error err;
    memset(&err, 0, sizeof err);
    zg_arena_init(&doc->arena);
    zg_scanner_bind(sc, doc);
    zg_status st = zg_load(doc, bytes, len, &opts, zg_scanner_limits(sc), &err);
    free(bytes);
    /* only notices the loader reads in their own format and encoding are checked: text/UTF-8
     * always, the others once the loader handles them */
    bool loaded = st == ZG_OK && doc->format && strcmp(doc->format, fmt->valuestring) == 0 &&
                  doc->encoding && strcmp(doc->encoding, enc->valuestring) == 0;
    bool required = strcmp(fmt->valuestring, "text") == 0 && strcmp(enc->valuestring, "UTF-8") == 0;
    if (required) CHECK(loaded);
    if (!loaded) {
        zg_scanner_bind(sc, NULL);
        zg_document_free(doc);
        return;
    }
    CHECK_INT(zg_normalize(doc, &err), ZG_OK);
    CHECK_INT(zg_segment(doc, sc, &err), ZG_OK);
    corpus_checked++;
    int n_gold = cJSON_GetArraySize(gout);
    bool same = (size_t)n_gold == doc->n_headings;
    for (int i = 0; same && i < n_gold; i++) {
        const cJSON *e = cJSON_GetArrayItem(gout, i);
        const zg_node *h = doc->headings[i];
        same = cJSON_GetArrayItem(e, 0)->valueint == h->level &&
               h->marker.s && strcmp(cJSON_GetArrayItem(e, 1)->valuestring, h->marker.s) == 0 &&
               h->title.s && strcmp(cJSON_GetArrayItem(e, 2)->valuestring, h->title.s) == 0;
        if (!same)
            fprintf(stderr, "%s: outline entry %d: got [%d, %s, %s], gold [%d, %s, %s]\n",
                    file->valuestring, i, h->level, h->marker.s, h->title.s,
                    cJSON_GetArrayItem(e, 0)->valueint, cJSON_GetArrayItem(e, 1)->valuestring,
                    cJSON_GetArrayItem(e, 2)->valuestring);
    }
    if (!same && (size_t)n_gold != doc->n_headings)
        fprintf(stderr, "%s: %zu headings, gold has %d\n", file->valuestring, doc->n_headings, n_gold);
    CHECK(same);
    zg_scanner_bind(sc, NULL);
    zg_document_free(doc);
}

/* corpus/neg-*.txt: notices full of numbers that look like markers; only the real headings count */
static void test_negatives(zg_scanner *sc)
{
    static const struct { const char *file, *outline; } cases[] = {
        { "neg-inline-numbers.txt",
          "1 一、 整改工作基本情况|1 二、 巡察反馈问题整改情况|2 （一） 统计数据质量管控不严方面|"
          "3 1． 关于基层统计基础工作薄弱的问题|3 2． 关于统计执法检查不到位的问题|"
          "2 （二） 全面从严治党责任落实不到位方面|3 1． 关于“三重一大”制度执行不严格的问题|"
          "3 2． 关于公务用车管理不规范的问题|3 3． 关于干部教育培训不系统的问题|1 三、 下一步工作打算|" },
        { "neg-run-together.txt",
          "1 一、 整改工作基本情况|1 二、 巡察反馈问题整改情况|2 (一) 落实上级决策部署有差距方面|"
          "3 1. 关于乡村振兴项目推进缓慢的问题|3 2. 关于人居环境整治不彻底的问题|"
          "2 (二) 基层党建工作薄弱方面|3 1. 关于党组织生活不规范的问题|1 三、 下一步工作打算|"
          "3 1. 持续巩固整改成果|3 2. 健全长效机制|" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/corpus/%s", source_dir(), cases[i].file);
        char *text = read_all(path);
        CHECK(text != NULL);
        if (!text) continue;
        zg_document *doc = segmented(sc, text);
        free(text);
        if (!doc) continue;
        CHECK_STR(outline(doc), cases[i].outline);
        zg_document_free(doc);
    }
}

static void test_corpus(zg_scanner *sc)
{
    const char *shared = getenv("ZG_SHARED_DIR");
    if (!shared || !*shared) return;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/corpus-dev", shared);
    for (int i = 1; i <= 999; i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/d%03d.gold.json", dir, i);
        char *json = read_all(path);
        if (!json) continue;
        cJSON *gold = cJSON_Parse(json);
        free(json);
        if (gold) check_notice(sc, dir, gold);
        cJSON_Delete(gold);
    }
    printf("corpus: %d notices checked\n", corpus_checked);
}

/* Title ends one byte at a time: the definition zg_seg_title_end's block scan must equal. */
static size_t title_end_plain(const char *norm, size_t start, size_t limit)
{
    for (size_t i = start; i < limit; i++) {
        unsigned char c = (unsigned char)norm[i];
        if (c == 0xE3 && i + 3 <= limit && (unsigned char)norm[i + 1] == 0x80 &&
            (unsigned char)norm[i + 2] == 0x82)
            return i;
        if (c == '\n' || c == '\r' || c == ':' || c == '!' || c == '?') return i;
        if (c == ' ' || c == '\t') {
            bool alnum_before = i > 0 && ((norm[i - 1] >= '0' && norm[i - 1] <= '9') ||
                                          (norm[i - 1] >= 'a' && norm[i - 1] <= 'z') ||
                                          (norm[i - 1] >= 'A' && norm[i - 1] <= 'Z'));
            bool alnum_after = i + 1 < limit && ((norm[i + 1] >= '0' && norm[i + 1] <= '9') ||
                                                 (norm[i + 1] >= 'a' && norm[i + 1] <= 'z') ||
                                                 (norm[i + 1] >= 'A' && norm[i + 1] <= 'Z'));
            if (!(alnum_before && alnum_after)) return i;
        }
    }
    return limit;
}

/* Random texts of title pieces (。 and other E3 characters, stops, blanks between ASCII words):
 * the title end from every start, with limits anywhere (also inside 。). */
static void test_title_end_scan(void)
{
    static const char *const pieces[] = { "\xE3\x80\x82", "\xE3\x80\x81", "\xE3\x81\x82",
                                          "中", "整改", "a", "Z", "7", " ", "\t", "\n", "\r",
                                          ":", "!", "?", ";", ",", "(", "COD 200" };
    char text[512];
    unsigned long seed = 12345;
    long compared = 0;
    for (int round = 0; round < 400; round++) {
        size_t n = 0;
        int pieces_wanted = 1 + round % 60;
        for (int p = 0; p < pieces_wanted; p++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            /* mostly Han text, so blocks without a stop occur */
            size_t k = (seed >> 33) % 40;
            const char *piece = k < (sizeof pieces / sizeof pieces[0]) ? pieces[k] : "问题";
            size_t len = strlen(piece);
            if (n + len >= sizeof text) break;
            memcpy(text + n, piece, len);
            n += len;
        }
        text[n] = '\0';
        for (size_t start = 0; start <= n; start++)
            for (size_t limit = start; limit <= n; limit += 1 + (limit - start) / 8) {
                size_t want = title_end_plain(text, start, limit);
                size_t got = zg_seg_title_end(text, start, limit);
                if (got != want) {
                    fprintf(stderr, "title end of [%zu, %zu): %zu, expected %zu\n", start,
                            limit, got, want);
                    check_failures++;
                    return;
                }
                compared++;
            }
    }
    CHECK(compared > 100000);
}

int main(void)
{
    if (fixture_rules_file("markers.rules", &rules)) return 1;
    zg_scanner *sc = scanner_with(0);
    if (!sc) CHECK_DONE();
    test_levels(sc);
    test_marker_variants(sc);
    test_false_markers(sc);
    test_run_together(sc);
    test_titles(sc);
    test_tree(sc);
    test_tables(sc);
    test_diagnostics(sc);
    test_lists(sc);
    test_bullet_lists(sc);
    test_negatives(sc);
    test_title_end_scan();
    zg_scanner_free(sc);

    /* the corpus goes through the real loader, which uses the other rule files too */
    zg_rules *all = NULL;
    zg_scanner *full = NULL;
    if (fixture_open(&all, &full)) CHECK(!"rules load");
    else test_corpus(full);
    zg_scanner_free(full);
    zg_rules_free(all);
    zg_rules_free(rules);
    CHECK_DONE();
}
