/*
 * Issues against the gold annotations of the development corpus (../shared/corpus-dev).
 *
 * For every dev notice whose gold says format "text" and encoding "UTF-8" (all notices with
 * ZG_ISSUES_ALL=1), doc->issues must equal gold "issues": count, order, category, title,
 * n_measures, status, long_term, deadline. Over every notice, status accuracy must reach 0.97.
 * Mismatches are printed field by field. Hand-written notices test the structural rules (issues
 * section by wording, categories, fallback, narrative closing sentences, diagnostics) always;
 * the gold comparison is left out when the corpus is absent.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "fixture.h"
#include "model.h"
#include "rules.h"
#include "stages.h"
#include "util.h"

static int compared, matched_status, status_total;
static bool dates_work;   /* zg_date_find finds dates (dates.c landed) */

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool same_str(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

/* Compare one document's issues with the gold list; returns the number of differing fields. */
static int compare(const char *name, const zg_document *doc, const cJSON *gold, bool strict)
{
    int diffs = 0;
    int n_gold = cJSON_GetArraySize(gold);
    if ((size_t)n_gold != doc->n_issues) {
        printf("%s: %zu issues, gold %d\n", name, doc->n_issues, n_gold);
        diffs++;
    }
    size_t n = doc->n_issues < (size_t)n_gold ? doc->n_issues : (size_t)n_gold;
    for (size_t i = 0; i < n; i++) {
        const zg_issue *it = &doc->issues[i];
        const cJSON *g = cJSON_GetArrayItem(gold, (int)i);
        const char *gst = jstr(g, "status");
        const char *st = zg_progress_status_name(it->progress.status);
        status_total++;
        if (same_str(st, gst)) matched_status++;
        else { printf("%s[%zu] status %s, gold %s (phrase %s)\n", name, i, st, gst,
                      it->progress.phrase.s ? it->progress.phrase.s : "-"); diffs++; }
        if (!same_str(it->title.s, jstr(g, "title"))) {
            printf("%s[%zu] title '%s', gold '%s'\n", name, i, it->title.s ? it->title.s : "(null)",
                   jstr(g, "title"));
            diffs++;
        }
        if (!same_str(it->category.s, jstr(g, "category"))) {
            printf("%s[%zu] category '%s', gold '%s'\n", name, i,
                   it->category.s ? it->category.s : "(null)",
                   jstr(g, "category") ? jstr(g, "category") : "(null)");
            diffs++;
        }
        const cJSON *gm = cJSON_GetObjectItemCaseSensitive(g, "n_measures");
        long long want = cJSON_IsNumber(gm) ? (long long)gm->valuedouble : -1;
        long long got = it->measures_listed ? (long long)it->n_measures : -1;
        if (want != got) { printf("%s[%zu] n_measures %lld, gold %lld\n", name, i, got, want); diffs++; }
        const cJSON *gl = cJSON_GetObjectItemCaseSensitive(g, "long_term");
        if (cJSON_IsTrue(gl) != it->progress.long_term) {
            printf("%s[%zu] long_term %d, gold %d\n", name, i, it->progress.long_term, cJSON_IsTrue(gl));
            diffs++;
        }
        char iso[11];
        zg_date_iso(&it->progress.deadline, iso);
        const char *gd = jstr(g, "deadline");
        if (!same_str(iso[0] ? iso : NULL, gd)) {
            printf("%s[%zu] deadline %s, gold %s\n", name, i, iso[0] ? iso : "null", gd ? gd : "null");
            diffs++;
        }
    }
    if (strict) compared++;
    return diffs;
}

/* ------------------------------------------------------------------ hand-written notices */

static zg_document *extract_text(zg_scanner *sc, const char *text)
{
    zg_input_options opts;
    memset(&opts, 0, sizeof opts);
    opts.format = "text";
    opts.encoding = "UTF-8";
    zg_document *doc = NULL;
    zg_error err;
    if (zg_extract(sc, (const unsigned char *)text, strlen(text), &opts, &doc, &err) != ZG_OK) {
        fprintf(stderr, "extract failed: %s\n", err.message);
        return NULL;
    }
    return doc;
}

static bool has_diag(const zg_document *doc, const char *code)
{
    for (size_t i = 0; i < doc->n_diagnostics; i++)
        if (strcmp(doc->diagnostics[i].code, code) == 0) return true;
    return false;
}

/* Measures printed as bullets (a crawl's list items, • ● · - at line starts) are a list: one
 * measure per item, in order, the bullet the marker; a paragraph beside them stays null. */
static void test_bullet_measures(zg_scanner *sc)
{
    zg_document *doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n二、巡察反馈问题整改情况\n"
        "1．台账不全的问题\n整改措施：\n● 补建台账；\n● 中·美对标，逐项核对。\n"
        "整改进展：已完成。\n"
        "2．制度缺失的问题\n整改措施：修订制度，中·美对标。\n整改进展：已完成。\n"
        "3．培训不足的问题\n整改措施：\n- 开展培训2次；\n- 建立考试制度；\n- 纳入考核。\n"
        "整改进展：正在整改。\n");
    CHECK(doc != NULL);
    if (!doc) return;
    CHECK_INT(doc->n_issues, 3);
    if (doc->n_issues == 3) {
        const zg_issue *it = &doc->issues[0];
        CHECK(it->measures_listed);
        CHECK_INT(it->n_measures, 2);
        if (it->n_measures == 2) {
            CHECK_STR(it->measures[0].marker.s, "●");
            CHECK_STR(it->measures[1].text.s, "中·美对标，逐项核对。");
        }
        CHECK_INT(it->progress.status, ZG_ST_COMPLETED);
        CHECK(!doc->issues[1].measures_listed);
        CHECK_INT(doc->issues[2].n_measures, 3);
        CHECK_INT(doc->issues[2].progress.status, ZG_ST_IN_PROGRESS);
    }
    zg_document_free(doc);
}

static void test_synthetic(zg_scanner *sc)
{
    /* categories (一) with 1. problems under a worded section; outlook 1. items are not problems;
     * bracketed labels */
    zg_document *doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n"
        "一、整改工作基本情况\n局党组高度重视。\n"
        "（一）统一思想认识\n召开会议3次。\n"
        "二、巡察反馈问题整改落实情况\n"
        "（一）党建工作方面\n"
        "1.组织生活不规范的问题\n整改措施：（1）制定计划；（2）规范记录。\n整改进展：已完成整改，长期坚持。\n"
        "2.发展党员不规范的问题\n整改措施：加强审核。\n整改进展：正在整改，计划于2024年6月底前完成。\n"
        "以上问题中，1个问题尚未启动。\n"
        "（二）作风建设方面\n"
        "1.会风文风不实的问题\n【整改措施】（1）精简会议；（2）精简文件。\n【整改进展】已完成。\n"
        "三、下一步工作打算\n1.巩固成果。坚持不懈。\n2.建立机制。持续推进。\n"
        "中共某局党组\n2023年11月1日\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 3);
        if (doc->n_issues == 3) {
            CHECK_STR(doc->issues[2].category.s, "作风建设方面");
            CHECK_INT(doc->issues[2].n_measures, 2);
            CHECK_INT(doc->issues[2].progress.status, ZG_ST_COMPLETED);
            CHECK_STR(doc->issues[2].progress.label.s, "整改进展");
            CHECK_STR(doc->issues[0].title.s, "组织生活不规范的问题");
            CHECK_STR(doc->issues[0].category.s, "党建工作方面");
            CHECK_INT(doc->issues[0].n_measures, 2);
            CHECK(doc->issues[0].measures_listed);
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_COMPLETED);
            CHECK(doc->issues[0].progress.long_term);
            CHECK_STR(doc->issues[0].progress.label.s, "整改进展");
            CHECK(!doc->issues[1].measures_listed);
            CHECK_STR(doc->issues[1].measures_text.s, "加强审核");
            /* the summary paragraph after the last problem is not its statement */
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_IN_PROGRESS);
            CHECK(!doc->issues[1].progress.long_term);
        }
        CHECK(doc->issues_section && doc->issues_section->level == 1);
        zg_document_free(doc);
    }

    /* audit: one "…方面问题的整改情况" section per category, problems as (一) items; the status of
     * a paragraph holding ①② measures comes from its closing clause, not from 未完成 inside */
    doc = extract_text(sc,
        "关于审计发现问题整改情况的报告\n"
        "一、整改工作开展情况\n成立领导小组。\n"
        "二、预算管理方面问题的整改情况\n"
        "（一）关于项目未经论证即开工的问题。\n整改情况：①补充论证；②规定未完成论证的项目不得开工。该问题已整改到位。\n"
        "三、资产管理方面问题的整改情况\n"
        "（一）关于资产未入账的问题。\n整改情况：已登记入账。剩余资产预计2024年3月底前核销。该问题正在整改。\n"
        "四、下一步工作措施\n继续抓好整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 2);
        if (doc->n_issues == 2) {
            CHECK_STR(doc->issues[0].category.s, "预算管理方面问题的整改情况");
            CHECK_INT(doc->issues[0].n_measures, 2);
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_COMPLETED);
            CHECK_STR(doc->issues[1].category.s, "资产管理方面问题的整改情况");
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_IN_PROGRESS);
            CHECK(!doc->issues[1].measures_listed);
        }
        zg_document_free(doc);
    }

    /* narrative items: the closing sentence is the statement, unless the last sentence is the
     * last measure itself; problems directly under a generic section have no category */
    doc = extract_text(sc,
        "关于巡视整改进展情况的通报\n"
        "一、提高政治站位\n（一）深化认识。召开会议。\n"
        "二、具体问题整改进展\n"
        "1.关于学习不深入的问题。一是健全制度。二是加强检查。目前，该问题已完成阶段性整改，将持续推进。\n"
        "2.关于监督不力的问题。一是开展专项检查，已经完成。二是完善制度。\n"
        "3.关于制度不全的问题。一是修订制度。二是加强培训。目前已整改完成。（责任单位：办公室）\n"
        "三、下一步打算\n继续整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 3);
        if (doc->n_issues >= 2) {
            CHECK(doc->issues[0].category.s == NULL);
            CHECK_INT(doc->issues[0].n_measures, 2);
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_PARTIALLY_COMPLETED);
            CHECK(doc->issues[0].progress.long_term);
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_UNKNOWN);
            CHECK(!doc->issues[1].progress.long_term);
        }
        if (doc->n_issues == 3) {
            CHECK_INT(doc->issues[2].progress.status, ZG_ST_COMPLETED);
            CHECK_STR(doc->issues[2].responsible.s, "办公室");
        }
        zg_document_free(doc);
    }

    /* audit items: the findings listed under 审计发现的问题 are no measures; the 整改情况
     * paragraph is the statement (its own 一是 list, if any, holds the measures) */
    doc = extract_text(sc,
        "关于审计发现问题整改情况的报告\n"
        "一、审计发现问题的整改情况\n"
        "（一）国有资产出租收益流失的问题\n"
        "审计发现的问题：一是商铺低价出租，少收租金96万元；二是部分租赁合同到期未续签。\n"
        "整改情况：已重新评估租金并公开招租，收回租金差额42万元。目前，该问题部分整改。\n"
        "（二）融资成本控制不力的问题\n"
        "审计发现的问题：融资成本明显偏高。\n"
        "整改情况：一是提前偿还高成本融资；二是建立融资成本监测机制。该问题已整改完成。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 2);
        if (doc->n_issues == 2) {
            CHECK_INT(doc->issues[0].n_measures, 0);
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_PARTIALLY_COMPLETED);
            CHECK_INT(doc->issues[1].n_measures, 2);
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_COMPLETED);
        }
        zg_document_free(doc);
    }

    /* a 整改时限 field's date is the deadline without a cue word (前, 底前) */
    doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n二、巡察反馈问题整改情况\n"
        "1．资金滞留的问题\n整改时限：2024年12月31日。\n整改进展：正在整改。\n"
        "2．台账缺失的问题\n整改时限：2025年上半年。\n整改进展：正在整改。\n"
        "3．制度不全的问题\n整改时限：立行立改，长期坚持。\n整改进展：已完成。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 3);
        if (doc->n_issues == 3) {
            char b[11];
            zg_date_iso(&doc->issues[0].progress.deadline, b);
            CHECK_STR(b, "2024-12-31");
            zg_date_iso(&doc->issues[1].progress.deadline, b);
            CHECK_STR(b, "2025-06-30");
            CHECK_INT(doc->issues[2].progress.deadline.precision, ZG_PREC_NONE);
            CHECK(doc->issues[2].progress.long_term);
        }
        zg_document_free(doc);
    }

    /* the plans after the last problem, without a 下一步 heading, are not its statement */
    doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n"
        "一、巡察反馈问题整改情况\n"
        "（一）村级财务管理不规范的问题\n整改情况：已完成。\n"
        "（二）农村人居环境整治成效不明显的问题\n"
        "整改情况：一是制定行动方案；二是新建公厕6座。目前持续整改中，于2025年底前完成。\n"
        "下一步，县委巡察办将加强日常监督，对整改不力的严肃追责问责。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 2);
        if (doc->n_issues == 2) {
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_IN_PROGRESS);
            CHECK_INT(doc->issues[1].progress.deadline.year, 2025);
            CHECK(strstr(doc->issues[1].progress.text.s, "下一步") == NULL);
        }
        zg_document_free(doc);
    }

    /* two headings worded as the issues section: the one whose headings show no problem is
     * left out (with a diagnostic), the other's problems are found */
    doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n"
        "一、巡察反馈问题整改工作的组织领导\n（一）成立领导小组。召开会议。\n（二）制定整改方案。明确责任。\n"
        "二、巡察反馈问题整改落实情况\n"
        "（一）关于党组织领导作用发挥不充分的问题\n整改措施：（1）修订规则；（2）加强学习。\n整改进度：已完成。\n"
        "（二）关于财务管理不规范的问题\n整改措施：（1）开展自查；（2）完善制度。\n整改进度：基本完成。\n"
        "三、下一步工作打算\n继续整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 2);
        CHECK(has_diag(doc, "ambiguous-issues-section"));
        if (doc->n_issues == 2) {
            CHECK_STR(doc->issues[0].title.s, "关于党组织领导作用发挥不充分的问题");
            CHECK(doc->issues[0].category.s == NULL);
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_BASICALLY_COMPLETED);
        }
        zg_document_free(doc);
    }

    /* a measures block without a progress label: its closing sentence is the statement */
    doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n"
        "二、巡察反馈问题整改情况\n"
        "（一）关于会议制度执行不严的问题\n整改措施：（1）修订议事规则；（2）规范会议记录。目前，该问题已整改完成。\n"
        "（二）关于培训不足的问题\n整改措施：（1）制定培训计划；（2）开展业务培训，已完成培训3期\n"
        "三、下一步工作打算\n继续整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 2);
        if (doc->n_issues == 2) {
            CHECK_INT(doc->issues[0].n_measures, 2);
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_COMPLETED);
            /* a completion inside the last measure's own sentence is not a statement */
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_UNKNOWN);
        }
        zg_document_free(doc);
    }

    /* 整改成效 is the statement only without a progress label: beside one (before or after it) it
     * tells achievements (整改成果正在持续巩固), neither the status nor a conflict */
    doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n"
        "二、巡察反馈问题整改情况\n"
        "（一）关于会议制度执行不严的问题\n整改措施：（1）修订议事规则；（2）规范会议记录。\n"
        "整改成效：正在整改，2024年12月底前完成。\n"
        "（二）关于培训不足的问题\n整改措施：（1）制定培训计划；（2）开展业务培训。\n"
        "整改进展：已完成整改。\n整改成效：干部能力明显提升，整改成果正在持续巩固。\n"
        "（三）关于台账不全的问题\n整改措施：（1）补建台账；（2）定期核对。\n"
        "整改成效：整改成果正在持续巩固。\n整改进展：已完成整改。\n"
        "三、下一步工作打算\n继续整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 3);
        if (doc->n_issues == 3) {
            CHECK_INT(doc->issues[0].n_measures, 2);
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_IN_PROGRESS);
            CHECK_STR(doc->issues[0].progress.label.s, "整改成效");
            char iso[11];
            zg_date_iso(&doc->issues[0].progress.deadline, iso);
            CHECK_STR(iso, "2024-12-31");
            for (size_t i = 1; i < 3; i++) {
                CHECK_INT(doc->issues[i].n_measures, 2);
                CHECK_INT(doc->issues[i].progress.status, ZG_ST_COMPLETED);
                CHECK_STR(doc->issues[i].progress.label.s, "整改进展");
            }
        }
        CHECK(!has_diag(doc, "status-conflict"));
        zg_document_free(doc);
    }

    /* problems as （一） items whose numbered measures look like sub-headings */
    doc = extract_text(sc,
        "关于审计整改情况的报告\n"
        "二、审计发现问题整改情况\n"
        "（一）关于预算编制不细的问题。\n整改措施：\n1.细化项目支出。\n2.压减代编预算。\n整改结果：已整改完成。\n"
        "（二）关于资金闲置的问题。\n整改措施：\n1.收回闲置资金。\n2.统筹使用。\n3.建立通报制度。\n整改结果：部分整改。\n"
        "三、下一步工作\n继续整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 2);
        if (doc->n_issues == 2) {
            CHECK_STR(doc->issues[0].title.s, "关于预算编制不细的问题");
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_COMPLETED);
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_PARTIALLY_COMPLETED);
            CHECK(doc->issues[1].measures_listed);
            CHECK_INT(doc->issues[1].n_measures, 3);
        }
        zg_document_free(doc);
    }

    /* no section worded as one and no labels: top-level sections without a heading worded as a
     * problem are overview sections */
    doc = extract_text(sc,
        "关于巡视整改进展情况的通报\n"
        "一、提高政治站位\n（一）深化思想认识，切实抓好整改。召开会议。\n（二）加强组织领导。成立小组。\n"
        "二、聚焦重点任务\n（一）关于学习不深入的问题。一是健全制度。二是加强检查。目前已完成整改。\n"
        "（二）关于监督不力的问题。一是开展检查。二是完善制度。目前正在整改。\n"
        "三、下一步打算\n（一）巩固成果。继续推进。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 2);
        if (doc->n_issues == 2) {
            CHECK_STR(doc->issues[0].title.s, "关于学习不深入的问题");
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_COMPLETED);
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_IN_PROGRESS);
        }
        zg_document_free(doc);
    }

    /* no section worded as one: problems from the structure, with a diagnostic; two progress
     * statements that disagree are reported; 整改时限 gives the deadline and 长期坚持 */
    doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n"
        "一、党的建设方面\n"
        "1.关于支部建设的问题。\n整改时限：2023年9月底前，长期坚持。\n整改进度：已完成。\n"
        "2.关于干部培训的问题。\n整改进度：已完成。\n整改情况：正在整改。\n"
        "二、下一步工作打算\n（一）巩固成果。继续推进。\n"
        "某党组\n2023年10月1日\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 2);
        CHECK(has_diag(doc, "no-issues-section"));
        CHECK(has_diag(doc, "status-conflict"));
        if (doc->n_issues == 2) {
            CHECK_STR(doc->issues[0].category.s, "党的建设方面");
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_COMPLETED);
            CHECK(doc->issues[0].progress.long_term);
            CHECK_STR(doc->issues[0].time_limit.s, "2023年9月底前，长期坚持");
            if (dates_work) {
                char iso[11];
                zg_date_iso(&doc->issues[0].progress.deadline, iso);
                CHECK_STR(iso, "2023-09-30");
            }
        }
        zg_document_free(doc);
    }

    /* a text that is no rectification notice (kind other, no 整改 … in its opening): its
     * headings are not problems; the same headings under a title that says 整改, or in a text
     * of a known kind, are */
    static const char *const bulletin_body =
        "一、综合\n（一）全年地区生产总值增长5.2%。\n（二）居民消费价格上涨0.8%。\n"
        "二、农业\n（一）粮食播种面积稳定。\n（二）全年粮食总产量增长1.1%。\n";
    static const char *const titles[] = { "某县2022年国民经济和社会发展统计公报\n",
                                          "某县统计局关于统计执法检查发现问题整改情况的通报\n",
                                          "某县2022年巡察工作统计公报\n",
                                          "某区卫健委关于市委督查室督查问题落实情况的报告\n" };
    for (size_t t = 0; t < sizeof titles / sizeof titles[0]; t++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s", titles[t], bulletin_body);
        doc = extract_text(sc, text);
        CHECK(doc != NULL);
        if (!doc) continue;
        bool notice = t > 0;
        CHECK_STR(doc->kind, t == 2 ? "xuncha" : "other");
        CHECK_INT(doc->n_issues, notice ? 4 : 0);
        CHECK(has_diag(doc, "not-a-notice") == !notice);
        CHECK(has_diag(doc, "no-issues-section") == notice);
        CHECK(!has_diag(doc, "no-issues"));
        zg_document_free(doc);
    }
}

/* Headings between the issues section and its problems that are not problems. */
static void test_structure(zg_scanner *sc)
{
    /* a childless heading among category headings is a category with nothing listed (its
     * paragraph sums up referrals), not a problem */
    zg_document *doc = extract_text(sc,
        "关于审计查出问题整改情况的报告\n"
        "一、审计查出问题的整改情况\n"
        "（一）财政管理审计查出问题的整改情况\n"
        "1．预算编制不够精准。已修订办法。该问题已整改到位。\n"
        "2．非税收入未及时缴库。已全部缴库。该问题已整改完成。\n"
        "（二）部门预算执行审计查出问题的整改情况\n"
        "1．违规发放津贴补贴。已清退。该问题已整改到位。\n"
        "（三）审计移送问题线索的查处情况\n"
        "审计移送问题线索8件，已立案查处5件，其余3件正在调查核实中。\n"
        "二、下一步工作\n持续跟踪督促整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 3);
        for (size_t i = 0; i < doc->n_issues; i++)
            CHECK(strstr(doc->issues[i].title.s, "移送") == NULL);
        zg_document_free(doc);
    }

    /* childless headings are problems where most of their siblings are childless too: one
     * problem's numbered measures taken for sub-headings do not make the level a category level */
    doc = extract_text(sc,
        "关于审计发现问题整改情况的报告\n"
        "一、审计发现问题的整改情况\n"
        "（一）项目未经论证即开工\n1．补充论证。\n2．建立制度。\n该问题已整改到位。\n"
        "（二）资产未入账\n已登记入账。该问题已整改到位。\n"
        "（三）违规发放津贴补贴\n已清退。该问题正在整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 4);
        if (doc->n_issues == 4) {
            CHECK_STR(doc->issues[2].title.s, "资产未入账");
            CHECK_STR(doc->issues[3].title.s, "违规发放津贴补贴");
        }
        zg_document_free(doc);
    }

    /* no section worded as the issues section: a slogan over the problems is no category; a
     * title in the same form that states a shortfall (推进整改不力) is one */
    doc = extract_text(sc,
        "中共某镇委员会关于县委巡察整改进展情况的通报\n"
        "一、提高认识，扛牢整改政治责任\n镇党委召开会议专题研究。\n"
        "二、聚焦问题，逐项抓好整改落实\n"
        "（一）村级集体经济薄弱的问题\n整改措施：（1）盘活资产；（2）发展产业。\n整改进展：已完成。\n"
        "（二）耕地保护不到位的问题\n整改措施：开展排查。\n整改进展：正在整改。\n"
        "三、上轮巡察问题，推进整改不力\n"
        "（一）上轮巡察问题整改不彻底\n整改措施：重新梳理。\n整改进展：已完成。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK(has_diag(doc, "no-issues-section"));
        CHECK_INT(doc->n_issues, 3);
        if (doc->n_issues == 3) {
            CHECK(doc->issues[0].category.s == NULL);
            CHECK(doc->issues[1].category.s == NULL);
            CHECK_STR(doc->issues[2].category.s, "上轮巡察问题，推进整改不力");
        }
        zg_document_free(doc);
    }

    /* an audit report whose sibling sections each report one audit's problems: each section
     * names its class by the audit's scope and is its problems' category; with one such section
     * (审计查出问题的整改情况, no scope) there is none */
    doc = extract_text(sc,
        "关于2023年度预算执行审计查出问题整改情况的报告\n"
        "一、县级财政管理审计查出问题的整改情况\n"
        "1．部分项目支出预算编制不精准\n整改情况：已调整预算。该问题已整改完成。\n"
        "2．非税收入未及时缴库\n整改情况：已缴库。该问题已整改完成。\n"
        "二、部门预算执行审计查出问题的整改情况\n"
        "1．违规发放津贴补贴\n整改情况：已追回。该问题已整改完成。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 3);
        if (doc->n_issues == 3) {
            CHECK_STR(doc->issues[0].category.s, "县级财政管理审计查出问题的整改情况");
            CHECK_STR(doc->issues[2].category.s, "部门预算执行审计查出问题的整改情况");
        }
        zg_document_free(doc);
    }
    /* （1） items that each carry their own 整改措施/整改进展 under 1． headings are the problems,
     * and the 1． headings their categories; （1） items without labels of their own under a
     * labelled heading stay its measures */
    doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n二、巡察反馈问题整改情况\n"
        "1．党的领导方面\n"
        "（1）理论学习不深入。\n整改措施：第一，修订制度；第二，开展学习。\n整改进展：已完成整改。\n"
        "（2）决策程序不规范。\n整改措施：修订议事规则。\n整改进展：正在整改，2025年6月底前完成。\n"
        "2．作风建设方面\n"
        "（1）公务接待不规范。\n整改措施：清理接待台账。\n整改进展：已完成整改。\n"
        "3．资金管理不严的问题\n"
        "整改措施：（1）追回资金；（2）建立台账。\n整改进展：已完成整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 4);
        if (doc->n_issues == 4) {
            CHECK_STR(doc->issues[0].title.s, "理论学习不深入");
            CHECK_STR(doc->issues[0].marker.s, "（1）");
            CHECK_STR(doc->issues[0].category.s, "党的领导方面");
            CHECK_INT(doc->issues[0].n_measures, 2);
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_COMPLETED);
            CHECK_STR(doc->issues[1].title.s, "决策程序不规范");
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_IN_PROGRESS);
            CHECK_INT(doc->issues[1].progress.deadline.month, 6);
            CHECK_STR(doc->issues[2].category.s, "作风建设方面");
            CHECK(doc->issues[2].node == NULL);
            CHECK_STR(doc->issues[3].title.s, "资金管理不严的问题");
            CHECK_INT(doc->issues[3].n_measures, 2);
        }
        CHECK_INT(doc->n_headings, 4);   /* the （1） items are no headings */
        zg_document_free(doc);
    }
    /* 整改情况 tells what was done, 整改结果 how the item stands: the status, deadline and
     * long-term flag come from the later statement when the first has none */
    doc = extract_text(sc,
        "关于审计发现问题整改情况的公告\n二、审计发现问题及整改情况\n"
        "问题一：资金闲置。\n整改情况：（1）加快支出；（2）调整用途。\n整改结果：已整改。\n"
        "问题二：前期工作不充分。\n整改情况：市自然资源局加快办理用地审批手续。\n"
        "整改结果：正在整改，预计2025年6月底前办结。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 2);
        if (doc->n_issues == 2) {
            CHECK_INT(doc->issues[0].progress.status, ZG_ST_COMPLETED);
            CHECK_INT(doc->issues[0].n_measures, 2);
            CHECK_STR(doc->issues[0].progress.label.s, "整改结果");
            CHECK_INT(doc->issues[1].progress.status, ZG_ST_IN_PROGRESS);
            CHECK_INT(doc->issues[1].progress.deadline.month, 6);
        }
        zg_document_free(doc);
    }
    /* the same items run on after a sentence end (glued text: （1）…。整改措施：…。（2）…) */
    doc = extract_text(sc,
        "关于巡察整改进展情况的通报\n二、巡察反馈问题整改情况\n"
        "1．党的领导方面\n"
        "（1）理论学习不深入。整改措施：第一，修订制度；第二，开展学习。整改进展：已完成整改。"
        "（2）决策程序不规范。整改措施：修订议事规则。整改进展：正在整改。\n"
        "2．资金管理不严的问题\n整改措施：追回资金，（1）个人退缴；（2）单位退缴。整改进展：已完成整改。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 3);
        if (doc->n_issues == 3) {
            CHECK_STR(doc->issues[1].title.s, "决策程序不规范");
            CHECK_STR(doc->issues[1].category.s, "党的领导方面");
            CHECK_STR(doc->issues[2].title.s, "资金管理不严的问题");
        }
        zg_document_free(doc);
    }
    doc = extract_text(sc,
        "关于2023年度预算执行审计查出问题整改情况的报告\n"
        "一、审计查出问题的整改情况\n"
        "1．部分项目支出预算编制不精准\n整改情况：已调整预算。该问题已整改完成。\n"
        "二、下一步工作安排\n持续跟踪。\n");
    CHECK(doc != NULL);
    if (doc) {
        CHECK_INT(doc->n_issues, 1);
        if (doc->n_issues == 1) CHECK(doc->issues[0].category.s == NULL);
        zg_document_free(doc);
    }
}

static char *read_text(const char *path)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char why[128];
    if (zg_read_file(path, 1u << 24, &data, &len, why, sizeof why) != ZG_OK) return NULL;
    return (char *)data;
}

int main(void)
{
    const char *src = getenv("ZG_SOURCE_DIR"), *shared = getenv("ZG_SHARED_DIR");
    if (!src) SKIP("ZG_SOURCE_DIR not set");
    char dir[1024], rules_dir[1024];
    snprintf(dir, sizeof dir, "%s/corpus-dev", shared ? shared : "/nonexistent");
    snprintf(rules_dir, sizeof rules_dir, "%s/rules", src);
    bool all = getenv("ZG_ISSUES_ALL") != NULL;

    zg_rules *rules = NULL;
    zg_scanner *sc = NULL;
    zg_error err;
    CHECK_INT(zg_rules_load_dir(rules_dir, &rules, &err), ZG_OK);
    if (!rules) { fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.message); CHECK_DONE(); }
    CHECK_INT(zg_scanner_create(rules, NULL, &sc), ZG_OK);
    zg_document *probe = extract_text(sc, "2024年6月30日\n");
    if (probe) {
        zg_date dd;
        size_t end;
        dates_work = zg_date_find(probe, sc, 0, probe->norm_len, NULL, ZG_DATE_END, &dd, &end) == 1;
    }
    zg_document_free(probe);
    test_synthetic(sc);
    test_structure(sc);
    test_bullet_measures(sc);

    DIR *d = opendir(dir);
    if (!d) {
        printf("no ../shared/corpus-dev: gold comparison skipped\n");
        zg_scanner_free(sc);
        zg_rules_free(rules);
        CHECK_DONE();
    }

    closedir(d);
    char *names[512];
    size_t n_names = fixture_names(dir, fixture_gold_suffixes, names, 512);
    if (n_names == 0) printf("no gold files\n");

    int strict_diffs = 0;
    for (size_t k = 0; k < n_names; k++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        char *text = read_text(path);
        cJSON *gold = text ? cJSON_Parse(text) : NULL;
        free(text);
        if (!gold) { printf("%s: unreadable gold\n", names[k]); continue; }
        const char *file = jstr(gold, "file");
        if (!file) file = names[k];
        bool strict = all || (same_str(jstr(gold, "format"), "text") &&
                              same_str(jstr(gold, "encoding"), "UTF-8"));
        snprintf(path, sizeof path, "%s/%s", dir, file);
        zg_document *doc = NULL;
        zg_status st = zg_extract_file(sc, path, NULL, &doc, &err);
        if (st != ZG_OK) {
            printf("%s: %s (%s)\n", file, zg_status_name(st), err.message);
            if (strict) strict_diffs++;
        } else {
            int diffs = compare(file, doc, cJSON_GetObjectItemCaseSensitive(gold, "issues"), strict);
            if (strict) strict_diffs += diffs;
        }
        zg_document_free(doc);
        cJSON_Delete(gold);
        free(names[k]);
    }
    printf("status %d/%d; %d strictly compared notices, %d differing fields\n", matched_status,
           status_total, compared, strict_diffs);
    CHECK_INT(strict_diffs, 0);
    CHECK(status_total == 0 || matched_status >= 0.97 * status_total);
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
