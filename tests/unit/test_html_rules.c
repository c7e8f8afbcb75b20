/* html_rules.c: html.rules sets per scanner, element and furniture-line answers remembered per
 * scanner (a warm scanner gives the text a fresh one gives, also past the cache's size; limit hits
 * are not remembered), furniture rules tried at the line start only (so each must start with ^). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "html.h"
#include "stages.h"
#include "util.h"

static char *load_text(zg_scanner *sc, const char *html)
{
    zg_document *doc = calloc(1, sizeof *doc);
    zg_scanner_bind(sc, doc);
    zg_input_options o = { "t.html", NULL, NULL };
    zg_error err;
    memset(&err, 0, sizeof err);
    zg_status st = zg_load(doc, (const unsigned char *)html, strlen(html), &o,
                           zg_scanner_limits(sc), &err);
    zg_scanner_bind(sc, NULL);
    char *text = st == ZG_OK ? strdup(doc->text) : NULL;
    zg_document_free(doc);
    return text;
}

/* zg_html_furniture_line (answers of short lines remembered per scanner) gives what a fresh
 * anchored search of html_furniture gives, asked once, again, and past the cache's size; a line on
 * which a rule gives up on a PCRE2 limit is searched (and reported) every time. */
static void test_furniture_cache(const zg_rules *rules)
{
    static const char *const lines[] = {
        "【打印本页】【关闭窗口】", "分享到：", "责任编辑：张三", "整改进度：已完成整改。",
        "本网站版权所有，未经授权不得转载。", "2024年10月18日", "中共某某县委巡察办",
        ("整改措施：会议要求各单位打印本页并张贴，一是加强学习，二是完善制度，三是强化监督，"
         "四是严肃问责，五是建立长效机制。"), "上一篇：关于整改情况的通报", "相关链接", "" };
    zg_scanner *warm = NULL, *fresh = NULL;
    CHECK_INT(zg_scanner_create(rules, NULL, &warm), ZG_OK);
    CHECK_INT(zg_scanner_create(rules, NULL, &fresh), ZG_OK);
    zg_document *dw = calloc(1, sizeof *dw), *df = calloc(1, sizeof *df);
    zg_scanner_bind(warm, dw);
    zg_scanner_bind(fresh, df);
    int furniture = 0, differ = 0;
    char line[256];
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 5000; i++) {      /* more distinct lines than the cache keeps */
            const char *l = lines[i % (sizeof lines / sizeof *lines)];
            int n = i < 20 ? snprintf(line, sizeof line, "%s", l)
                           : snprintf(line, sizeof line, "%s%d", l, i % 4500);
            zg_match m;
            bool want = zg_html_match(df, HTML_FURNITURE, line, (size_t)n, ZG_MATCH_ANCHORED, &m);
            bool got = zg_html_furniture_line(dw, line, (size_t)n);
            furniture += got;
            differ += got != want;
        }
    CHECK_INT(differ, 0);
    CHECK(furniture > 0);
    zg_scanner_bind(warm, NULL);
    zg_scanner_bind(fresh, NULL);
    zg_document_free(dw);
    zg_document_free(df);
    zg_scanner_free(fresh);

    /* a match limit no search can keep: every search gives up and reports it, each time */
    zg_limits tight = { 0 };
    tight.match_limit = 1;
    zg_scanner *limited = NULL;
    CHECK_INT(zg_scanner_create(rules, &tight, &limited), ZG_OK);
    zg_document *dl = calloc(1, sizeof *dl);
    zg_scanner_bind(limited, dl);
    const char *plain = "整改进度：已完成整改。";
    CHECK(!zg_html_furniture_line(dl, plain, strlen(plain)));
    size_t after_first = dl->n_diagnostics;
    CHECK(!zg_html_furniture_line(dl, plain, strlen(plain)));
    CHECK(after_first > 0 && dl->n_diagnostics > after_first);
    zg_scanner_bind(limited, NULL);
    zg_document_free(dl);
    zg_scanner_free(limited);
    zg_scanner_free(warm);
}

/* Every rule line of `set html_furniture` in the file has a pattern starting with ^. */
static void test_furniture_anchored(const char *path)
{
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f) return;
    char line[4096];
    bool in_set = false;
    int rules = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "set ", 4)) {
            in_set = !strncmp(line, "set html_furniture", 18) &&
                     (line[18] == '\n' || line[18] == ' ');
            continue;
        }
        if (!in_set || line[0] == '#' || line[0] == '\n') continue;
        char name[128], yield[128], pattern[2048];
        if (sscanf(line, "%127s %127s %2047s", name, yield, pattern) != 3) continue;
        rules++;
        if (pattern[0] != '^') fprintf(stderr, "html_furniture rule %s does not start with ^\n", name);
        CHECK(pattern[0] == '^');
    }
    fclose(f);
    CHECK(rules > 0);
}

static void test_furniture_lines(zg_scanner *sc)
{
    char *t = load_text(sc, "<html><body><div id=\"zoom\">"
                            "<p>根据县委统一部署，县委第一巡察组开展了巡察，现将整改情况通报如下。</p>"
                            "<p>【打印本页】【关闭窗口】</p>"
                            "<p> [ 字号 大 中 小 ] </p>"
                            "<p>【 收藏 】 【 打印 】 【 关闭 】</p>"
                            "<p>本网站版权所有，未经授权不得转载。</p>"
                            "<p>未经许可 , 不得转载</p>"
                            "<p>版权所有：某某县人民政府办公室</p>"
                            "<p>责任编辑：张三</p>"
                            "<p>整改措施：会议要求各单位打印本页并张贴。</p>"
                            /* 版权所有 after more than 80 characters: not a copyright line */
                            "<p>整改措施：一是加强学习，二是完善制度，三是强化监督，四是严肃问责，五是"
                            "建立长效机制，六是开展专项检查，七是组织回头看，八是公开整改情况，九是接受"
                            "群众监督，十是定期通报进展，十一是纳入年度考核，本文版权所有。</p>"
                            "</div></body></html>");
    CHECK_STR(t, "根据县委统一部署，县委第一巡察组开展了巡察，现将整改情况通报如下。\n"
                 "整改措施：会议要求各单位打印本页并张贴。\n"
                 "整改措施：一是加强学习，二是完善制度，三是强化监督，四是严肃问责，五是"
                 "建立长效机制，六是开展专项检查，七是组织回头看，八是公开整改情况，九是接受"
                 "群众监督，十是定期通报进展，十一是纳入年度考核，本文版权所有。\n");
    free(t);
}

static void build_page(zg_buf *page, int round)
{
    page->len = 0;
    zg_buf_puts(page, "<html><body><div class=\"menu\"><a href=\"/\">首页</a></div>"
                      "<div id=\"zoom\">");
    for (int i = 0; i < 2500; i++)
        zg_buf_printf(page, "<span class=\"c%d-%d\">字%d</span>%s", round, i, i,
                      i % 500 == 0 ? "<div class=\"share\">分享到微信</div>" : "");
    zg_buf_puts(page, "<p>整改工作正在推进。</p></div></body></html>");
}

/* Pages with many distinct class strings (more than the cache keeps) read the same on a warm
 * scanner as on a fresh one; furniture (class share, menu) and the container (id zoom) work. */
static void test_cache(const zg_rules *rules)
{
    zg_scanner *warm = NULL, *fresh = NULL;
    CHECK_INT(zg_scanner_create(rules, NULL, &warm), ZG_OK);
    zg_buf page = { 0 };
    char *first = NULL;
    for (int round = 0; round < 3; round++) {
        build_page(&page, round);
        char *a = load_text(warm, page.data);
        CHECK_INT(zg_scanner_create(rules, NULL, &fresh), ZG_OK);
        char *b = load_text(fresh, page.data);
        zg_scanner_free(fresh);
        CHECK(a && b && !strcmp(a, b));
        CHECK(a && !strstr(a, "分享") && !strstr(a, "首页") && strstr(a, "字2499") &&
              strstr(a, "整改工作正在推进。"));
        if (round == 0) first = a; else free(a);
        free(b);
    }
    build_page(&page, 0);                  /* the first page again, on the well-used scanner */
    char *again = load_text(warm, page.data);
    CHECK(first && again && !strcmp(first, again));
    free(first);
    free(again);
    zg_buf_free(&page);
    zg_scanner_free(warm);
}

int main(void)
{
    const char *src = getenv("ZG_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/rules/html.rules", src ? src : ".");
    zg_rules *rules = NULL;
    if (fixture_rules_file("html.rules", &rules)) return 1;
    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(rules, NULL, &sc), ZG_OK);
    test_furniture_anchored(path);
    test_furniture_lines(sc);
    test_cache(rules);
    test_furniture_cache(rules);
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
