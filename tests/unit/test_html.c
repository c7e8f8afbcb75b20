/* The HTML loader: main content, furniture, title, white space, tables, limits; table issues. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "stages.h"
#include "util.h"

static zg_scanner *scanner;

static zg_status load_html(const char *html, const zg_limits *limits, zg_document **out,
                           zg_error *err)
{
    zg_document *doc = calloc(1, sizeof *doc);
    zg_scanner_bind(scanner, doc);
    zg_input_options o = { "t.html", NULL, NULL };
    memset(err, 0, sizeof *err);
    zg_status st = zg_load(doc, (const unsigned char *)html, strlen(html), &o,
                           limits ? limits : zg_scanner_limits(scanner), err);
    zg_scanner_bind(scanner, NULL);
    *out = doc;
    return st;
}

static const char *cell_text(const zg_document *doc, const zg_table *t, size_t r, size_t c,
                             char *buf, size_t cap)
{
    zg_span sp = t->cells[r * t->n_cols + c].span;
    snprintf(buf, cap, "%.*s", (int)(sp.end - sp.start), doc->text + sp.start);
    return buf;
}

static void test_main_content(void)
{
    const char *page =
        "<html><head><title>关于巡察整改情况的通报_某县政府</title>"
        "<meta name=\"PubDate\" content=\"2023-08-22 09:36\"></head><body>"
        "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/a\">政务公开</a></div>"
        "<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; 巡察整改</div>"
        "<h1 class=\"article-title\">关于巡察整改情况的通报</h1>"
        "<div class=\"info\">发布时间：2023-08-22　来源：县委办</div>"
        "<div id=\"zoom\"><div class=\"TRS_Editor\">\n"
        "<p>&nbsp;&nbsp;根据县委统一部署，县委第一巡察组开展了巡察。</p>\n"
        "<p><strong>一、整改工作情况</strong></p>\n"
        "<p>整改措施：一是加强学习；\n二是完善制度。</p>\n"
        "<p>Line with  multiple   spaces and<br>a break</p>\n"
        "<script>var x=\"不应出现\";</script><style>p{color:red}</style>\n"
        "<p>【打印本页】【关闭窗口】</p>\n"
        "</div></div>"
        "<div class=\"share\">分享到：微信 微博</div>"
        "<div class=\"footer\">版权所有 ICP备12345号</div>"
        "</body></html>";
    zg_document *doc;
    zg_error err;
    CHECK_INT(load_html(page, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->format, "html");
    CHECK_STR(doc->page_title, "关于巡察整改情况的通报");       /* site name cut */
    CHECK_STR(doc->page_date, "2023-08-22");
    CHECK_STR(doc->text,
              "关于巡察整改情况的通报\n"
              "根据县委统一部署，县委第一巡察组开展了巡察。\n"
              "一、整改工作情况\n"
              "整改措施：一是加强学习；二是完善制度。\n"
              "Line with multiple spaces and\n"
              "a break\n");
    CHECK_INT(doc->n_tables, 0);
    zg_document_free(doc);
}

/* <title> as a fallback title: white space collapsed, trailing site names cut. */
static void test_page_title(void)
{
    static const struct { const char *title, *want; } cases[] = {
        { "\n\t\t\t宜春市2022年国民经济和社会发展统计公报 |\n\t\t\t中国宜春\n\t\t",
          "宜春市2022年国民经济和社会发展统计公报" },
        { "山西品牌丝路行（南美站）正式启动 - 山西省人民政府门户网站 ",
          "山西品牌丝路行（南美站）正式启动" },
        { "爱戴掀起红盖头 庆东南劲爆音乐颁奖七周年(图)_影音娱乐_新浪网",
          "爱戴掀起红盖头 庆东南劲爆音乐颁奖七周年(图)" },
        { "关于2023-2024年度\t整改工作的通报", "关于2023-2024年度 整改工作的通报" },
        { "新浪网 | 关于巡察整改进展情况的通报", "新浪网 | 关于巡察整改进展情况的通报" },
        { "通报_某县", "通报_某县" },                     /* the rest would be shorter */
        { "关于批准调整2007　年末国债余额限额的决议__2007年第23号国务院公报_中国政府网",
          "关于批准调整2007 年末国债余额限额的决议" },
        { "安徽司法行政系训诫预警：“揪揪耳朵”防腐败--时政--人民网 ",
          "安徽司法行政系训诫预警：“揪揪耳朵”防腐败" },
        { "法国全国大罢工再次严重影响交通-新华网", "法国全国大罢工再次严重影响交通" },
        { "1-10月德清县固定资产投资结构趋稳趋优", "1-10月德清县固定资产投资结构趋稳趋优" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char page[1024];
        snprintf(page, sizeof page,
                 "<html><head><title>%s</title></head><body><div id=\"zoom\">"
                 "<p>根据县委统一部署，县委第一巡察组开展了巡察。</p></div></body></html>",
                 cases[i].title);
        zg_document *doc;
        zg_error err;
        CHECK_INT(load_html(page, NULL, &doc, &err), ZG_OK);
        CHECK_STR(doc->page_title, cases[i].want);
        zg_document_free(doc);
    }
}

static void test_density_fallback(void)
{
    const char *page =
        "<html><body><div id=\"top\"><ul><li><a href=\"/1\">首页</a></li>"
        "<li><a href=\"/2\">新闻中心</a></li></ul></div>"
        "<div id=\"main\"><div id=\"left\">"
        "<p>第一段正文内容，关于整改工作的详细说明，共有若干文字。</p>"
        "<p>第二段正文内容，继续说明整改措施和整改成效。</p></div>"
        "<div id=\"right\"><a href=\"/x\">相关链接一</a><br><a href=\"/y\">相关链接二</a></div>"
        "</div><p>发布日期：2024-3-5</p></body></html>";
    zg_document *doc;
    zg_error err;
    CHECK_INT(load_html(page, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "第一段正文内容，关于整改工作的详细说明，共有若干文字。\n"
                         "第二段正文内容，继续说明整改措施和整改成效。\n");
    CHECK_STR(doc->page_date, "2024-03-05");      /* from the page text */
    CHECK(doc->page_title == NULL);
    zg_document_free(doc);
}

static void test_br_layout(void)
{
    /* old table layout: the title in a <b> whose text occurs in <title>; <br> lines, &nbsp; */
    const char *page =
        "<html><head><title>某县政府--中共某县某局党组关于巡察整改情况的通报</title></head><body>"
        "<table><tr><td class=\"lj\">您现在的位置：<a href=\"/\">首页</a></td></tr>"
        "<tr><td><font><b>中共某县某局党组关于巡察整改情况的通报</b></font></td></tr>"
        "<tr><td class=\"content\"><div id=\"zoom\"><font>"
        "&nbsp;&nbsp;&nbsp;&nbsp;根据县委统一部署，开展了常规巡察。<br />"
        "&nbsp;&nbsp;&nbsp;&nbsp;<b>一、整改工作情况</b><br />"
        "&nbsp;&nbsp;&nbsp;&nbsp;1．关于学习不深入的问题。整改进度：已完成。<br />"
        "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;中共某县某局党组<br />"
        "</font></div></td></tr>"
        "<tr><td>【<a href=\"javascript:window.print()\">打印本页</a>】 "
        "【<a href=\"javascript:CloseWin()\">关闭窗口</a>】</td></tr></table></body></html>";
    zg_document *doc;
    zg_error err;
    CHECK_INT(load_html(page, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "中共某县某局党组关于巡察整改情况的通报\n"
                         "根据县委统一部署，开展了常规巡察。\n"
                         "一、整改工作情况\n"
                         "1．关于学习不深入的问题。整改进度：已完成。\n"
                         "中共某县某局党组\n");
    zg_document_free(doc);

    /* Word's downlevel-revealed conditionals (kept as text by the parser) are markup, not
     * content; a lone < and a <![ that does not close soon stay */
    const char *word =
        "<html><body><div class=\"WordSection1\">"
        "<p class=MsoListParagraph><![if !supportLists]>1. <![endif]>"
        "河湖长制责任落实不够到位的问题</p>"
        "<p>图<![if !vml]><img src=\"a.png\"><![endif]>示，a&lt;b，<![ 不是条件注释</p>"
        "</div></body></html>";
    CHECK_INT(load_html(word, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "1. 河湖长制责任落实不够到位的问题\n图示，a<b，<![ 不是条件注释\n");
    zg_document_free(doc);
}

/* A list's items print a bullet (• top level, ◦ nested) before their first text, an <ol>'s
 * too (its numbers are not in the page); an item without text prints none; an item of links only is still dropped as a link
 * line; an item that begins with a bullet of its own gets no second one; none in a table cell. */
static void test_list_items(void)
{
    const char *page =
        "<html><body><div id=\"zoom\">"
        "<p>根据县委统一部署，开展了常规巡察，现将整改情况通报如下。</p>"
        "<p>整改措施：</p>"
        "<ul><li>制定方案；</li>"
        "<li><p>开展巡河</p><ul><li>每月一次；</li></ul></li>"
        "<li> </li><li>● 已有圆点。</li>"
        "<li><a href=\"/x\">相关链接</a></li></ul>"
        "<ol><li>编号项</li></ol>"
        "<table><tr><td><ul><li>格内</li><li>两项</li></ul></td></tr></table>"
        "<p>整改进展：已完成。</p>"
        "</div></body></html>";
    zg_document *doc;
    zg_error err;
    CHECK_INT(load_html(page, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "根据县委统一部署，开展了常规巡察，现将整改情况通报如下。\n"
                         "整改措施：\n"
                         "• 制定方案；\n"
                         "• 开展巡河\n"
                         "◦ 每月一次；\n"
                         "● 已有圆点。\n"
                         "• 编号项\n"
                         "格内 两项\n"
                         "整改进展：已完成。\n");
    zg_document_free(doc);
}

static void test_tables(void)
{
    const char *page =
        "<html><body><div class=\"TRS_Editor\"><p>整改清单如下：</p>"
        "<table><tr><th>序号</th><th>类别</th><th>问题</th><th colspan=\"2\">措施</th></tr>"
        "<tr><td>1</td><td rowspan=\"2\">甲类</td><td>问题一</td><td>措施一</td>"
        "<td>措施<br>二</td></tr>"
        "<tr><td>2</td><td>问题二</td><td colspan=\"2\">措施三</td></tr>"
        "<tr><td></td><td></td><td></td></tr>"
        "</table><p>以上为全部整改事项。</p></div></body></html>";
    zg_document *doc;
    zg_error err;
    char buf[256];
    CHECK_INT(load_html(page, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "整改清单如下：\n"
                         "序号\t类别\t问题\t措施\n"
                         "1\t甲类\t问题一\t措施一\t措施 二\n"
                         "2\t问题二\t措施三\n"
                         "以上为全部整改事项。\n");
    CHECK_INT(doc->n_tables, 1);
    if (doc->n_tables == 1) {
        const zg_table *t = &doc->tables[0];
        CHECK_INT(t->n_rows, 4);
        CHECK_INT(t->n_cols, 5);
        const char *start = strstr(doc->text, "序号"), *end = strstr(doc->text, "措施三");
        CHECK_INT(t->span.start, start - doc->text);
        CHECK_INT(t->span.end, end - doc->text + strlen("措施三"));
        CHECK_STR(cell_text(doc, t, 0, 3, buf, sizeof buf), "措施");
        CHECK(!t->cells[0 * 5 + 3].covered);
        CHECK(t->cells[0 * 5 + 4].covered);        /* colspan */
        CHECK_STR(cell_text(doc, t, 0, 4, buf, sizeof buf), "措施");
        CHECK(t->cells[2 * 5 + 1].covered);        /* rowspan carried down */
        CHECK_STR(cell_text(doc, t, 2, 1, buf, sizeof buf), "甲类");
        CHECK_STR(cell_text(doc, t, 2, 2, buf, sizeof buf), "问题二");
        CHECK_STR(cell_text(doc, t, 1, 4, buf, sizeof buf), "措施 二");
        CHECK(t->cells[2 * 5 + 4].covered);
        CHECK_STR(cell_text(doc, t, 2, 4, buf, sizeof buf), "措施三");
        CHECK_STR(cell_text(doc, t, 3, 0, buf, sizeof buf), "");
    }
    zg_document_free(doc);
}

static void test_limits_and_broken(void)
{
    zg_buf b = { 0 };
    for (int i = 0; i < 200; i++) zg_buf_puts(&b, "<div>");
    zg_buf_puts(&b, "很深的正文内容，用来检查嵌套层数的限制。");
    zg_document *doc;
    zg_error err;
    zg_limits lim = *zg_scanner_limits(scanner);
    lim.max_html_depth = 100;
    CHECK_INT(load_html(b.data, &lim, &doc, &err), ZG_ERR_LIMIT);
    CHECK(strstr(err.message, "100") != NULL);
    zg_document_free(doc);
    zg_limits deep = *zg_scanner_limits(scanner);   /* default 256 */
    CHECK_INT(load_html(b.data, &deep, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "很深的正文内容，用来检查嵌套层数的限制。\n");
    zg_document_free(doc);
    zg_buf_free(&b);

    const char *broken = "<p>第一段<b>加粗文字<p>第二段</div></span><table><tr><td>单元格"
                         "</table>结尾的文字&nbsp;&amp;&lt;符号";
    CHECK_INT(load_html(broken, NULL, &doc, &err), ZG_OK);
    const char *a = strstr(doc->text, "第一段加粗文字"), *c = strstr(doc->text, "第二段"),
               *d = strstr(doc->text, "单元格"), *e = strstr(doc->text, "结尾的文字\xC2\xA0&<符号");
    CHECK(a && c && d && e && a < c && c < d && d < e);
    zg_document_free(doc);
}

/* Table rows become issues (whole pipeline with the project's rules). */
/* A page that is only a 整改清单 table: the whole table (header row included) is the text. */
static void test_table_only_page(zg_scanner *sc)
{
    const char *page =
        "<html><head><meta charset=\"utf-8\"><title>整改清单</title></head><body>"
        "<table><tr><td>序号</td><td>问题</td><td>整改措施</td><td>整改时限</td>"
        "<td>责任单位</td><td>完成情况</td></tr>"
        "<tr><td>1</td><td>理论学习不深入，学习流于形式，专题研讨不够。</td>"
        "<td>制定年度学习计划，开展专题学习研讨。</td><td>2023年6月底前</td><td>办公室</td>"
        "<td>已完成</td></tr>"
        "<tr><td>2</td><td>基层组织建设薄弱，支部设置不规范。</td>"
        "<td>调整支部设置，开展支部书记培训。</td><td>2023年12月底前</td><td>人事科</td>"
        "<td>正在整改</td></tr>"
        "</table></body></html>";
    zg_document *doc = NULL;
    zg_error err;
    zg_input_options o = { "t.html", NULL, NULL };
    CHECK_INT(zg_extract(sc, (const unsigned char *)page, strlen(page), &o, &doc, &err), ZG_OK);
    if (doc) {
        CHECK(strstr(doc->text, "序号") != NULL);
        CHECK(strstr(doc->text, "完成情况") != NULL);
        CHECK_INT(doc->n_tables, 1);
        if (doc->n_tables == 1) CHECK_INT(doc->tables[0].n_rows, 3);
        CHECK_INT(doc->n_issues, 2);
        if (doc->n_issues == 2) {
            CHECK_STR(doc->issues[0].title.s, "理论学习不深入，学习流于形式，专题研讨不够");
            CHECK_STR(doc->issues[1].responsible.s, "人事科");
        }
    }
    zg_document_free(doc);
}

/* 责任科室/责任股室/责任处室 head the responsible column as 责任单位 does */
static void test_table_responsible(zg_scanner *sc)
{
    const char *page =
        "<html><body><p>关于巡察整改情况的通报</p><p>二、具体问题整改情况</p>"
        "<table><tr><td>序号</td><td>问题</td><td>责任科室</td><td>完成情况</td></tr>"
        "<tr><td>1</td><td>作风不实。</td><td>医务科</td><td>已完成</td></tr>"
        "<tr><td>2</td><td>制度不全。</td><td>财务科</td><td>正在整改</td></tr>"
        "</table></body></html>";
    zg_document *doc = NULL;
    zg_error err;
    zg_input_options o = { "t.html", NULL, NULL };
    CHECK_INT(zg_extract(sc, (const unsigned char *)page, strlen(page), &o, &doc, &err), ZG_OK);
    if (!doc) return;
    CHECK_INT(doc->n_issues, 2);
    if (doc->n_issues == 2) {
        CHECK_STR(doc->issues[0].responsible.s, "医务科");
        CHECK_STR(doc->issues[1].responsible.s, "财务科");
    }
    zg_document_free(doc);
}

static void test_table_issues(const char *rules_dir)
{
    zg_rules *rules = NULL;
    zg_error err;
    if (zg_rules_load_dir(rules_dir, &rules, &err) != ZG_OK) {
        fprintf(stderr, "rules: %s:%d: %s\n", err.file, err.line, err.message);
        check_failures++;
        return;
    }
    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(rules, NULL, &sc), ZG_OK);
    const char *page =
        "<html><head><meta charset=\"utf-8\"><title>通报</title></head><body>"
        "<div class=\"TRS_Editor\">"
        "<p>中共某局党组关于巡察整改情况的通报</p>"
        "<p>一、整改工作开展情况</p><p>局党组对反馈的3个问题逐项制定整改措施。</p>"
        "<p>二、具体问题整改情况</p>"
        "<table><tr><td>序号</td><td>类别</td><td>问题</td><td>整改措施</td><td>整改时限</td>"
        "<td>责任单位</td><td>完成情况</td></tr>"
        "<tr><td>1</td><td rowspan=\"3\">党的建设</td><td>理论学习不深入。学习流于形式。</td>"
        "<td>（1）制定学习计划；（2）开展专题学习。</td><td>2023年6月底前</td><td>办公室</td>"
        "<td>已完成</td></tr>"
        "<tr><td rowspan=\"2\">2</td><td rowspan=\"2\">基层组织建设薄弱</td><td>调整支部设置。</td>"
        "<td rowspan=\"2\">长期坚持</td><td rowspan=\"2\">人事科</td><td rowspan=\"2\">正在整改</td></tr>"
        "<tr><td>开展支部书记培训。</td></tr>"
        "<tr><td>3</td><td>作风建设</td><td>招投标监管不严。</td>"
        "<td>1.开展专项整治；<br>2.推行远程异地评标；<br>3.建立信用评价制度。</td>"
        "<td>2023年9月底前</td><td>财务科</td><td>已完成</td></tr>"
        "</table>"
        "<p>中共某局党组</p><p>2023年8月20日</p></div></body></html>";
    zg_document *doc = NULL;
    zg_input_options o = { "t.html", NULL, NULL };
    CHECK_INT(zg_extract(sc, (const unsigned char *)page, strlen(page), &o, &doc, &err), ZG_OK);
    if (doc) {
        CHECK_INT(doc->n_issues, 3);
        if (doc->n_issues == 3) {
            const zg_issue *a = &doc->issues[0], *b = &doc->issues[1], *c = &doc->issues[2];
            CHECK_STR(a->title.s, "理论学习不深入");
            CHECK_STR(a->category.s, "党的建设");
            CHECK_INT(a->number, 1);
            CHECK(a->measures_listed);
            CHECK_INT(a->n_measures, 2);
            CHECK_STR(zg_progress_status_name(a->progress.status), "completed");
            CHECK_INT(a->progress.deadline.year, 2023);
            CHECK_INT(a->progress.deadline.month, 6);
            CHECK_INT(a->progress.deadline.day, 30);
            CHECK_STR(a->responsible.s, "办公室");
            CHECK_STR(a->time_limit.s, "2023年6月底前");
            CHECK(a->node == NULL);

            CHECK_STR(b->title.s, "基层组织建设薄弱");
            CHECK_STR(b->category.s, "党的建设");
            CHECK_INT(b->n_measures, 2);            /* two rows of one problem */
            CHECK_STR(b->measures[1].text.s, "开展支部书记培训。");
            CHECK_STR(zg_progress_status_name(b->progress.status), "in_progress");
            CHECK(b->progress.long_term);          /* 长期坚持 in 整改时限 */
            CHECK_INT(b->progress.deadline.precision, ZG_PREC_NONE);
            CHECK_STR(b->responsible.s, "人事科");
            CHECK(b->span.start > a->span.start);
            /* its span starts at its own row, not at the category cell spanning down into it */
            CHECK_INT(b->span.start, b->marker.span.start);
            CHECK(b->span.start >= a->span.end);

            /* 1.…2.…3. in a cell number measures (a cell holds no headings) */
            CHECK_STR(c->title.s, "招投标监管不严");
            CHECK_INT(c->n_measures, 3);
            if (c->n_measures == 3) {
                CHECK_STR(c->measures[0].marker.s, "1.");
                CHECK_STR(c->measures[2].text.s, "建立信用评价制度。");
            }
        }
    }
    zg_document_free(doc);
    test_table_only_page(sc);
    test_table_responsible(sc);
    zg_scanner_free(sc);
    zg_rules_free(rules);
}

int main(void)
{
    const char *src = getenv("ZG_SOURCE_DIR");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/rules", src ? src : ".");
    zg_rules *rules = NULL;
    if (fixture_rules_file("html.rules", &rules)) return 1;
    CHECK_INT(zg_scanner_create(rules, NULL, &scanner), ZG_OK);
    test_main_content();
    test_page_title();
    test_density_fallback();
    test_br_layout();
    test_list_items();
    test_tables();
    test_limits_and_broken();
    zg_scanner_free(scanner);
    zg_rules_free(rules);
    test_table_issues(dir);
    CHECK_DONE();
}
