/*
 * Document metadata (title, issuer, date, kind, contact) and declared totals: hand-written
 * snippets for each form and its negatives (the inspection's in test_meta_inspection.c), then every dev notice of
 * $ZG_SHARED_DIR/corpus-dev against its gold file (skipped when the corpus is absent).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "fixture.h"
#include "stages.h"

static zg_rules *rules;
static zg_scanner *scanner;

static zg_document *extract_as(const char *text, const char *format)
{
    return fixture_extract(scanner, "snippet", text, strlen(text), format);
}

static zg_document *extract(const char *text) { return extract_as(text, "text"); }

static const char *iso(const zg_date *d, char buf[11])
{
    zg_date_iso(d, buf);
    return buf[0] ? buf : NULL;
}

/* ------------------------------------------------------------------ snippets */

static void test_title(void)
{
    zg_document *d = extract("中共某某局党组关于巡察整改进展情况的通报 | |||\n|\n|||\n"
                             "根据区委统一部署，区委第二巡察组对我局开展了巡察。\n");
    CHECK(d != NULL);
    if (d) {
        CHECK_STR(d->title.s, "中共某某局党组关于巡察整改进展情况的通报");
        CHECK(!d->title_from_page);
        /* the span points at the title as printed */
        CHECK(strncmp(d->text + d->title.span.start, "中共某某局", strlen("中共某某局")) == 0);
    }
    zg_document_free(d);

    /* a title printed over two lines (GB/T 9704 wraps long titles) is one title: broken after the
     * issuer, inside the subject, or before the document word; its span covers both lines */
    static const char *const wrapped[][2] = {
        { "中共石城市文化广电旅游局党组\n关于市委第二轮巡察反馈意见整改情况的通报\n",
          "中共石城市文化广电旅游局党组关于市委第二轮巡察反馈意见整改情况的通报" },
        { "中共某县委员会关于十四届县委第三轮巡察\n整改进展情况的通报\n",
          "中共某县委员会关于十四届县委第三轮巡察整改进展情况的通报" },
        { "溪桥县贯彻落实中央第三生态环境保护督察组\n反馈意见整改进展情况公示\n",
          "溪桥县贯彻落实中央第三生态环境保护督察组反馈意见整改进展情况公示" },
        { "　　中共某局党组关于省委巡视反馈意见　\n　　整改进展情况的通报\n",
          "中共某局党组关于省委巡视反馈意见整改进展情况的通报" },
        /* not: a masthead (…文件), a document number, a date, or a line after a blank line */
        { "中共某县委员会文件\n关于巡察整改进展情况的通报\n", "关于巡察整改进展情况的通报" },
        { "中共某县委员会\n县委发〔2024〕3号\n关于巡察整改进展情况的通报\n", "关于巡察整改进展情况的通报" },
        { "2024-05-06\n关于巡察整改进展情况的通报\n", "关于巡察整改进展情况的通报" },
        { "中共某县委员会\n\n关于巡察整改进展情况的通报\n", "关于巡察整改进展情况的通报" },
        /* a page's short heading right above the notice's own, longer one */
        { "市交通局党组关于巡察整改情况的通报\n中共石岭市交通运输局党组关于市委第三轮巡察整改情况的通报\n",
          "中共石岭市交通运输局党组关于市委第三轮巡察整改情况的通报" },
    };
    for (size_t i = 0; i < sizeof wrapped / sizeof *wrapped; i++) {
        char text[1024];
        snprintf(text, sizeof text, "%s按照市委统一部署，开展了巡察。\n", wrapped[i][0]);
        d = extract(text);
        if (!d) continue;
        CHECK_STR(d->title.s, wrapped[i][1]);
        /* the span's text is the title, line breaks and the blanks around them aside */
        char joined[1024];
        size_t n = 0;
        for (size_t k = d->title.span.start; k < d->title.span.end && n + 1 < sizeof joined; k++) {
            if (strncmp(d->text + k, "　", strlen("　")) == 0) k += strlen("　") - 1;
            else if (d->text[k] != '\n' && d->text[k] != ' ') joined[n++] = d->text[k];
        }
        joined[n] = '\0';
        CHECK_STR(joined, wrapped[i][1]);
        zg_document_free(d);
    }

    /* a site's column tag before the title is not part of it */
    d = extract("【巡察整改】中共某局党组关于巡察整改情况的通报\n正文，内容。\n");
    if (d) CHECK_STR(d->title.s, "中共某局党组关于巡察整改情况的通报");
    zg_document_free(d);

    /* a run-together body that starts with its title; the opening after it still counts */
    d = extract("中共某局党组关于2023年巡察整改情况的通报  根据区委统一部署，2023年3月1日至4月28日，"
                "区委第一巡察组对我局开展了常规巡察。  一、整改情况  正文。\n");
    if (d) {
        CHECK_STR(d->title.s, "中共某局党组关于2023年巡察整改情况的通报");
        CHECK_STR(d->inspection.body.s, "区委第一巡察组");
    }
    zg_document_free(d);
    /* a notice that starts with a heading has no title */
    d = extract("一、整改工作开展情况\n局党组高度重视，认真整改。\n");
    if (d) CHECK(d->title.s == NULL);
    zg_document_free(d);
    /* a heading that runs into its text is not a title */
    d = extract("一、整改工作基本情况 区委巡察组反馈的意见中指出3大类8个问题。\n");
    if (d) CHECK(d->title.s == NULL);
    zg_document_free(d);

    d = extract("中共某县教育局党组关于专项检查反馈问题整改情况的通报。\n正文，内容。\n");
    if (d) CHECK_STR(d->title.s, "中共某县教育局党组关于专项检查反馈问题整改情况的通报");
    zg_document_free(d);

    /* breadcrumb and 发布时间 first, then the body: no title */
    d = extract("首页 > 政务公开 > 巡察整改 > 正文\n发布时间：2024-03-18　浏览次数：312\n\n"
                "根据区委统一部署，区委第四巡察组对区民政局党组开展了巡察。现将整改进展情况通报如下。\n");
    if (d) {
        CHECK(d->title.s == NULL);
        CHECK(!d->title_from_page);
    }
    zg_document_free(d);

    /* a body sentence that ends in 通报 is not a title */
    d = extract("按照有关要求，现将巡察整改情况予以通报。\n");
    if (d) CHECK(d->title.s == NULL);
    zg_document_free(d);
}

static void test_signature(void)
{
    zg_document *d = extract("标题关于巡察整改情况的通报\n正文，内容。\n联系电话：0931-6123456。\n\n"
                             "中共柳溪县农业农村局党组\n2023年9月15日\n");
    char b[11];
    if (d) {
        CHECK_STR(d->issuer.s, "中共柳溪县农业农村局党组");
        CHECK_STR(iso(&d->date, b), "2023-09-15");
        CHECK(!d->date_from_page);
    }
    zg_document_free(d);

    /* run together at the end of a one-line body, crawl debris after it */
    d = extract("标题关于巡察整改情况的通报\n正文，内容。电子邮箱:bs@163.com。 中共博山区教育和体育局党组 "
                "2023年1月12日 |\n|||\n【打印本页】 【关闭窗口】 |\n");
    if (d) {
        CHECK_STR(d->issuer.s, "中共博山区教育和体育局党组");
        CHECK_STR(iso(&d->date, b), "2023-01-12");
    }
    zg_document_free(d);

    /* date in Chinese numerals */
    d = extract("标题关于巡视整改情况的通报\n正文，内容。\n中共淮岭理工大学委员会\n二〇二三年七月六日\n");
    if (d) {
        CHECK_STR(d->issuer.s, "中共淮岭理工大学委员会");
        CHECK_STR(iso(&d->date, b), "2023-07-06");
    }
    zg_document_free(d);

    /* a seal or publication note on the issuer's line or between it and the date */
    static const char *const sealed[] = {
        "中共柳溪县农业农村局党组\n（盖章）\n２０２３年９月１５日\n",
        "中共柳溪县农业农村局党组（盖章）\n2023年9月15日\n",
        "中共柳溪县农业农村局党组\n（此件公开发布）\n2023年9月15日\n",
        "中共柳溪县农业农村局党组\n2023年9月15日\n（此件公开发布）\n",
    };
    for (size_t i = 0; i < sizeof sealed / sizeof *sealed; i++) {
        char text[512];
        snprintf(text, sizeof text, "标题关于巡察整改情况的通报\n正文，内容。\n%s", sealed[i]);
        d = extract(text);
        if (!d) continue;
        CHECK_STR(d->issuer.s, "中共柳溪县农业农村局党组");
        CHECK_STR(iso(&d->date, b), "2023-09-15");
        zg_document_free(d);
    }

    /* a byline instead of a signature */
    d = extract("关于2022年度审计查出问题整改情况的报告\n"
                "——2023年11月28日在安澜区人民代表大会常务委员会会议上\n"
                "安澜区审计局局长　郑文彬\n主任、各位副主任、各位委员：\n正文，内容。\n");
    if (d) {
        CHECK_STR(d->issuer.s, "安澜区审计局");
        CHECK_STR(iso(&d->date, b), "2023-11-28");
    }
    zg_document_free(d);

    /* run together after a phone number (no sentence end): the name must look like a body */
    d = extract("标题关于巡察整改情况的通报\n正文，内容。联系电话：0736-7225566 中共南屏区民政局党组 2024年3月15日\n");
    if (d) {
        CHECK_STR(d->issuer.s, "中共南屏区民政局党组");
        CHECK_STR(iso(&d->date, b), "2024-03-15");
    }
    zg_document_free(d);
    d = extract("标题关于巡察整改情况的通报\n正文，内容。截至 2023年10月31日\n");
    if (d) CHECK(d->issuer.s == NULL);
    zg_document_free(d);

    /* a numeric date line */
    d = extract("标题关于巡察整改情况的通报\n正文，内容。\n中共某县水利局党组\n2023.12.25\n");
    if (d) {
        CHECK_STR(d->issuer.s, "中共某县水利局党组");
        CHECK_STR(iso(&d->date, b), "2023-12-25");
    }
    zg_document_free(d);

    /* 特此通报 is not a signing body */
    d = extract("标题关于巡察整改情况的通报\n正文，内容。\n特此通报\n2023年9月15日\n");
    if (d) CHECK(d->issuer.s == NULL);
    zg_document_free(d);

    /* the byline date in brackets */
    d = extract("关于2023年度审计查出问题整改情况的报告\n（2024年12月25日在县人民代表大会常务委员会会议上）\n"
                "县审计局局长　王明\n正文，内容。\n");
    if (d) {
        CHECK_STR(d->issuer.s, "县审计局");
        CHECK_STR(iso(&d->date, b), "2024-12-25");
    }
    zg_document_free(d);

    /* an attached table after the signature: a 责任单位 cell above a date cell is no signature */
    d = extract_as("<html><head><meta charset=\"utf-8\"><title>t</title></head><body><div class=\"content\">"
                   "<p>中共某中心党组关于巡察整改情况的通报</p><p>正文，内容。</p>"
                   "<p>中共某中心党组</p><p>2023年12月5日</p><p>附件：整改清单</p>"
                   "<table><tr><td>序号</td><td>问题</td><td>责任单位</td><td>完成时间</td></tr>"
                   "<tr><td>1</td><td>制度不健全</td><td>县住建局</td><td>2023年10月31日</td></tr></table>"
                   "</div></body></html>", "html");
    if (d) {
        CHECK_STR(d->issuer.s, "中共某中心党组");
        CHECK_STR(iso(&d->date, b), "2023-12-05");
    }
    zg_document_free(d);

    /* no signature: a dated sentence and a heading are not one */
    d = extract("标题关于巡视整改情况的通报\n三、下一步工作\n2023年10月12日，召开会议。\n");
    if (d) {
        CHECK(d->issuer.s == NULL);
        CHECK(d->date.precision == ZG_PREC_NONE);
    }
    zg_document_free(d);
}

/* A partly printed signature date keeps its precision (GOLD.md: "2024-06" / "2024"); 号 = 日. */
static void test_signature_partial(void)
{
    static const struct { const char *date_line, *want; } cases[] = {
        { "2024年6月", "2024-06" },
        { "二〇二四年六月", "2024-06" },
        { "2024年6月28号", "2024-06-28" },
        { "2024年", "2024" },
        { "二〇二四年元月八日", "2024-01-08" }, /* 元月: January */
        { "2024年元月", "2024-01" },
    };
    char text[512], b[11];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(text, sizeof text, "标题关于巡察整改情况的通报\n正文，内容。\n\n中共某某局党组\n%s\n",
                 cases[i].date_line);
        zg_document *d = extract(text);
        if (d) {
            CHECK_STR(d->issuer.s, "中共某某局党组");
            CHECK_STR(iso(&d->date, b), cases[i].want);
        }
        zg_document_free(d);
    }
    /* run together at the end of a one-line body, month only */
    zg_document *d = extract("标题关于巡察整改情况的通报\n正文，内容。 中共某某区委员会 2024年6月\n");
    if (d) CHECK_STR(iso(&d->date, b), "2024-06");
    zg_document_free(d);
    d = extract("标题关于巡察整改情况的通报\n正文，内容。 中共某某区委员会 2024年元月15日\n");
    if (d) CHECK_STR(iso(&d->date, b), "2024-01-15");
    zg_document_free(d);
    /* a year alone is a signature date only on its own line, not run together */
    d = extract("标题关于巡察整改情况的通报\n正文，内容。 中共某某区委员会 2024年\n");
    if (d) CHECK(d->date.precision == ZG_PREC_NONE);
    zg_document_free(d);
}

/* An impossible date is no date, and says so: one "invalid-date" warning with its span. */
static void test_invalid_date(void)
{
    const char *text = "标题关于巡察整改情况的通报\n正文，内容。\n\n中共某某局党组\n2024年2月30日\n";
    zg_document *d = extract(text);
    if (d) {
        CHECK(d->date.precision == ZG_PREC_NONE);
        size_t n = 0;
        for (size_t i = 0; i < d->n_diagnostics; i++) {
            if (strcmp(d->diagnostics[i].code, "invalid-date") != 0) continue;
            n++;
            zg_span sp = d->diagnostics[i].span;
            CHECK(sp.end > sp.start && sp.end <= d->text_len);
            if (sp.end > sp.start && sp.end <= d->text_len) {
                char got[64];
                snprintf(got, sizeof got, "%.*s", (int)(sp.end - sp.start), d->text + sp.start);
                CHECK_STR(got, "2024年2月30日");
            }
        }
        CHECK(n == 1);   /* searched more than once, reported once */
    }
    zg_document_free(d);
    /* 2月29日 exists only in leap years */
    d = extract("标题关于巡察整改情况的通报\n正文，内容。\n\n中共某某局党组\n2023年2月29日\n");
    if (d) {
        CHECK(d->date.precision == ZG_PREC_NONE);
        CHECK(d->n_diagnostics >= 1 && strcmp(d->diagnostics[d->n_diagnostics - 1].code, "invalid-date") == 0);
    }
    zg_document_free(d);
    /* a valid date gives no such diagnostic */
    d = extract("标题关于巡察整改情况的通报\n正文，内容。\n\n中共某某局党组\n2024年2月29日\n");
    if (d) {
        char b[11];
        CHECK_STR(iso(&d->date, b), "2024-02-29");
        for (size_t i = 0; i < d->n_diagnostics; i++) CHECK(strcmp(d->diagnostics[i].code, "invalid-date") != 0);
    }
    zg_document_free(d);
}

/* doc->ref_date: what 12月底前 is read against when there is no signature date. */
static void test_reference_date(void)
{
    char b[11];
    /* no signature: the latest full date, not a later target printed without its day */
    zg_document *d = extract("标题关于巡察整改情况的通报\n2023年3月5日召开整改会议，2023年11月8日召开推进会。"
                             "力争2025年6月全部完成，计划12月底前完成。\n");
    if (d) {
        CHECK(d->date.precision == ZG_PREC_NONE);
        CHECK_STR(iso(&d->ref_date, b), "2023-11-08");
    }
    zg_document_free(d);
    /* no full date: the feedback date */
    d = extract("标题关于巡察整改情况的通报\n区委第二巡察组于2023年3月至5月对我局进行了巡察，"
                "6月10日反馈了巡察意见。计划12月底前完成。\n");
    if (d) CHECK_STR(iso(&d->ref_date, b), "2023-06-10");
    zg_document_free(d);
    /* a signature date is the reference, even a partly printed one */
    d = extract("标题关于巡察整改情况的通报\n2023年11月8日召开推进会。\n\n中共某某局党组\n2024年6月\n");
    if (d) CHECK_STR(iso(&d->ref_date, b), "2024-06");
    zg_document_free(d);
    /* no year printed anywhere: none */
    d = extract("标题关于巡察整改情况的通报\n计划12月底前完成。\n");
    if (d) CHECK(d->ref_date.precision == ZG_PREC_NONE);
    zg_document_free(d);
}

static void test_kind(void)
{
    static const struct { const char *text, *kind; } cases[] = {
        { "中共某局党组关于区委巡察整改进展情况的通报\n按照《中国共产党巡视工作条例》，现予公布。\n", "xuncha" },
        { "中共某厅党组关于省委巡视整改进展情况的通报\n正文。\n", "xunshi" },
        { "某县卫生健康局关于预算执行审计发现问题整改情况的报告\n正文。\n", "audit" },
        { "某市关于中央生态环境保护督察反馈问题整改落实情况的公告\n正文。\n", "environmental" },
        { "某局党组关于选人用人工作专项检查反馈问题整改情况的通报\n正文。\n", "other" },
        /* a work-safety patrol is no party 巡察, though its findings are 巡查反馈问题 */
        { "某县关于市安全生产巡查反馈问题整改落实情况的公示\n成立巡查反馈问题整改工作领导小组。\n", "other" },
        /* no title: the opening decides */
        { "首页 > 正文\n根据区委统一部署，区委第四巡察组对区民政局党组开展了巡察。\n", "xuncha" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zg_document *d = extract(cases[i].text);
        if (d) CHECK_STR(d->kind, cases[i].kind);
        zg_document_free(d);
    }
}

static void test_contact(void)
{
    zg_document *d = extract("标题关于巡察整改情况的通报\n正文，内容。\n"
                             "欢迎监督。联系电话：0558-86012345、0558-86012346；电子邮箱：sq_xc@163.com；"
                             "邮政地址：北京市海淀区华远路18号巡视办；邮编：100048。\n"
                             "中共某公司党组\n2023年8月20日\n"
                             "主办单位：某市政府　　地址：某市行政中心3号楼　联系电话：0558-1111111\n");
    if (d) {
        CHECK_INT(d->contact.n_phones, 2);
        if (d->contact.n_phones == 2) {
            CHECK_STR(d->contact.phones[0].s, "0558-86012345");
            CHECK_STR(d->contact.phones[1].s, "0558-86012346");
        }
        CHECK_INT(d->contact.n_emails, 1);
        if (d->contact.n_emails == 1) CHECK_STR(d->contact.emails[0].s, "sq_xc@163.com");
        CHECK_STR(d->contact.address.s, "北京市海淀区华远路18号巡视办");
    }
    zg_document_free(d);

    /* phones joined by ，; 监督电话 counts */
    d = extract("标题关于巡察整改情况的通报\n联系电话：0916-3381234，0916-3381235。\n"
                "欢迎社会各界监督，监督电话：0775-5212369。\n");
    if (d) CHECK_INT(d->contact.n_phones, 3);
    zg_document_free(d);

    /* labels with a note before the colon; a mobile number; 来信请寄 */
    d = extract("标题关于巡察整改情况的通报\n监督举报电话（传真）：0931-6551023或13812345678；"
                "电子邮箱（Email）：a.b@x.org.cn；来信请寄：柳溪县石门镇政府大院，邮政编码：736000。\n");
    if (d) {
        CHECK_INT(d->contact.n_phones, 2);
        if (d->contact.n_phones == 2) CHECK_STR(d->contact.phones[1].s, "13812345678");
        CHECK_INT(d->contact.n_emails, 1);
        if (d->contact.n_emails == 1) CHECK_STR(d->contact.emails[0].s, "a.b@x.org.cn");
        CHECK_STR(d->contact.address.s, "柳溪县石门镇政府大院");
    }
    zg_document_free(d);

    /* an extension stays with its number (as printed, one entry); several e-mails after one label
     * (、 or ，) are each an entry; a 转 not followed by digits is no extension */
    d = extract("标题关于巡察整改情况的通报\n联系电话：0731-88881234转8021、0731-88885678（分机 602），"
                "13912345678转入；电子邮箱：a@x.com、b_2@y.org.cn，c@z.net。\n");
    if (d) {
        CHECK_INT(d->contact.n_phones, 3);
        if (d->contact.n_phones == 3) {
            CHECK_STR(d->contact.phones[0].s, "0731-88881234转8021");
            CHECK_STR(d->contact.phones[1].s, "0731-88885678（分机 602）");
            CHECK_STR(d->contact.phones[2].s, "13912345678");
        }
        CHECK_INT(d->contact.n_emails, 3);
        if (d->contact.n_emails == 3) {
            CHECK_STR(d->contact.emails[0].s, "a@x.com");
            CHECK_STR(d->contact.emails[1].s, "b_2@y.org.cn");
            CHECK_STR(d->contact.emails[2].s, "c@z.net");
        }
    }
    zg_document_free(d);

    /* the postcode in brackets after the address is left out */
    d = extract("标题关于巡察整改情况的通报\n通信地址：石城市人民大道1号市文广旅局办公室（邮编：341000）。\n");
    if (d) CHECK_STR(d->contact.address.s, "石城市人民大道1号市文广旅局办公室");
    zg_document_free(d);

    /* no colon after the label */
    d = extract("标题关于巡察整改情况的通报\n欢迎监督。联系电话0931-6551023，电子邮箱lxsmz@163.com。\n");
    if (d) {
        CHECK_INT(d->contact.n_phones, 1);
        CHECK_INT(d->contact.n_emails, 1);
    }
    zg_document_free(d);

    /* "X 主办" footer line */
    d = extract("标题关于巡察整改情况的通报\n安澜区市场监督管理局 主办　　地址：安澜区中山东路1号\n");
    if (d) CHECK(d->contact.address.s == NULL);
    zg_document_free(d);

    /* no signature: a site footer line is still not the contact; a phone in a sentence is not one */
    d = extract("标题关于审计查出问题整改情况的报告\n设立监督电话和意见箱，拨打12345热线。\n"
                "主办：安澜区人民政府办公室　　联系电话：0574-87001234\n");
    if (d) {
        CHECK_INT(d->contact.n_phones, 0);
        CHECK_INT(d->contact.n_emails, 0);
        CHECK(d->contact.address.s == NULL);
    }
    zg_document_free(d);
}

/* ------------------------------------------------------------------ gold */

static const char *gstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int gold_failures;

static void cmp_str(const char *file, const char *field, const char *got, const char *want)
{
    if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
        fprintf(stderr, "%s: %s: got %s, gold %s\n", file, field, got ? got : "null",
                want ? want : "null");
        gold_failures++;
    }
}

static void cmp_count(const char *file, const char *field, const zg_count *c, const cJSON *gold)
{
    bool want = cJSON_IsNumber(gold);
    if (c->present != want || (want && c->value != (long long)gold->valuedouble)) {
        fprintf(stderr, "%s: declared.%s: got %lld%s, gold %s%d\n", file, field, c->value,
                c->present ? "" : " (absent)", want ? "" : "null ", want ? gold->valueint : 0);
        gold_failures++;
    }
}

static void cmp_list(const char *file, const char *field, const zg_sref *got, size_t n,
                     const cJSON *want)
{
    size_t wn = (size_t)cJSON_GetArraySize(want);
    bool same = n == wn;
    for (size_t i = 0; same && i < n; i++) {
        const cJSON *w = cJSON_GetArrayItem(want, (int)i);
        same = cJSON_IsString(w) && got[i].s && strcmp(got[i].s, w->valuestring) == 0;
    }
    if (!same) {
        fprintf(stderr, "%s: contact.%s: got [", file, field);
        for (size_t i = 0; i < n; i++) fprintf(stderr, "%s%s", i ? ", " : "", got[i].s);
        char *w = cJSON_PrintUnformatted(want);
        fprintf(stderr, "], gold %s\n", w ? w : "?");
        free(w);
        gold_failures++;
    }
}

static void check_gold(const char *dir, const char *gold_name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, gold_name);
    FILE *f = fopen(path, "rb");
    if (!f) return;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cJSON *g = cJSON_Parse(buf);
    if (!g) {
        fprintf(stderr, "%s: bad gold json\n", gold_name);
        gold_failures++;
        return;
    }
    const char *file = gstr(g, "file");
    snprintf(path, sizeof path, "%s/%s", dir, file ? file : "");
    zg_document *d = NULL;
    zg_error err;
    if (!file || zg_extract_file(scanner, path, NULL, &d, &err) != ZG_OK) {
        fprintf(stderr, "%s: extraction failed\n", file ? file : gold_name);
        gold_failures++;
        cJSON_Delete(g);
        return;
    }
    char b[11];
    cmp_str(file, "title", d->title_from_page ? NULL : d->title.s, gstr(g, "title"));
    cmp_str(file, "issuer", d->issuer.s, gstr(g, "issuer"));
    cmp_str(file, "date", d->date_from_page ? NULL : iso(&d->date, b), gstr(g, "date"));
    cmp_str(file, "kind", d->kind, gstr(g, "kind"));
    const cJSON *insp = cJSON_GetObjectItemCaseSensitive(g, "inspection");
    cmp_str(file, "inspection.body", d->inspection.body.s, gstr(insp, "body"));
    cmp_str(file, "inspection.start", iso(&d->inspection.start, b), gstr(insp, "start"));
    cmp_str(file, "inspection.end", iso(&d->inspection.end, b), gstr(insp, "end"));
    cmp_str(file, "inspection.feedback_date", iso(&d->inspection.feedback, b),
            gstr(insp, "feedback_date"));
    const cJSON *dec = cJSON_GetObjectItemCaseSensitive(g, "declared");
    cmp_count(file, "categories", &d->declared.categories, cJSON_GetObjectItemCaseSensitive(dec, "categories"));
    cmp_count(file, "issues", &d->declared.issues, cJSON_GetObjectItemCaseSensitive(dec, "issues"));
    cmp_count(file, "completed", &d->declared.completed, cJSON_GetObjectItemCaseSensitive(dec, "completed"));
    cmp_count(file, "in_progress", &d->declared.in_progress, cJSON_GetObjectItemCaseSensitive(dec, "in_progress"));
    const cJSON *con = cJSON_GetObjectItemCaseSensitive(g, "contact");
    cmp_list(file, "phone", d->contact.phones, d->contact.n_phones, cJSON_GetObjectItemCaseSensitive(con, "phone"));
    cmp_list(file, "email", d->contact.emails, d->contact.n_emails, cJSON_GetObjectItemCaseSensitive(con, "email"));
    cmp_str(file, "contact.address", d->contact.address.s, gstr(con, "address"));
    zg_document_free(d);
    cJSON_Delete(g);
}

/* Every *.gold.json of `dir` against its notice; returns the number of gold files. */
static int test_gold(const char *dir)
{
    char *names[512];
    size_t n = fixture_names(dir, fixture_gold_suffixes, names, 512);
    for (size_t i = 0; i < n; i++) {
        if (names[i]) check_gold(dir, names[i]);
        free(names[i]);
    }
    if (gold_failures) {
        fprintf(stderr, "%s: %d metadata field(s) differ from the gold files\n", dir, gold_failures);
        check_failures++;
        gold_failures = 0;
    }
    return (int)n;
}

int main(void)
{
    if (fixture_open(&rules, &scanner) != 0) return 1;
    const char *src = getenv("ZG_SOURCE_DIR");

    test_title();
    test_signature();
    test_signature_partial();
    test_invalid_date();
    test_reference_date();
    test_kind();
    test_contact();
    /* the project's own corpus (always there) and the shared dev corpus (may be absent) */
    char corpus[1100];
    snprintf(corpus, sizeof corpus, "%s/corpus", src ? src : ".");
    test_gold(corpus);
    const char *shared = getenv("ZG_SHARED_DIR");
    snprintf(corpus, sizeof corpus, "%s/corpus-dev", shared ? shared : "../shared");
    int n_gold = test_gold(corpus);

    zg_scanner_free(scanner);
    zg_rules_free(rules);
    if (n_gold == 0 && !check_failures) SKIP("snippets pass; gold corpus absent (ZG_SHARED_DIR)");
    CHECK_DONE();
}
