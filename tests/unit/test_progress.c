/*
 * Progress statements on hand-written text: each status, long-term and deadline convention of
 * GOLD.md, and negatives. The statements go through the real normalizer and rules/status.rules.
 * zg_extract_progress_parts, asked for any subset of the parts, finds each the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "model.h"
#include "rules.h"
#include "stages.h"

static zg_scanner *sc;
static bool dates_available;
static const zg_date *context_ref; /* doc->ref_date for run() when there is no signature */

typedef struct result {
    zg_progress_status status;
    bool long_term;
    char deadline[11];
    char phrase[128];
} result;

/* Run zg_extract_progress over the whole of `text`; `signed_on` is the signature date or NULL. */
static result run(const char *text, const zg_date *signed_on)
{
    result r;
    memset(&r, 0, sizeof r);
    zg_document doc;
    memset(&doc, 0, sizeof doc);
    doc.text_len = strlen(text);
    doc.text = zg_arena_strndup(&doc.arena, text, doc.text_len);
    doc.format = "text";
    if (signed_on) doc.date = doc.ref_date = *signed_on;
    else if (context_ref) doc.ref_date = *context_ref;
    zg_error err;
    if (!doc.text || zg_normalize(&doc, &err) != ZG_OK) {
        fprintf(stderr, "normalize failed for %s\n", text);
        r.status = ZG_ST_COUNT_;
        zg_arena_release(&doc.arena);
        return r;
    }
    zg_scanner_bind(sc, &doc);
    zg_progress p;
    memset(&p, 0, sizeof p);
    if (zg_extract_progress(&doc, sc, 0, doc.norm_len, &p) != ZG_OK) r.status = ZG_ST_COUNT_;
    else {
        r.status = p.status;
        r.long_term = p.long_term;
        zg_date_iso(&p.deadline, r.deadline);
        if (p.phrase.s) snprintf(r.phrase, sizeof r.phrase, "%s", p.phrase.s);
        /* every stored span indexes the text */
        CHECK(p.text.s == NULL || p.text.span.end <= doc.text_len);
        /* each part alone is what the whole extraction finds; the parts not asked for stay unset */
        for (unsigned parts = 1; parts <= ZG_PROGRESS_ALL; parts++) {
            zg_progress q;
            memset(&q, 0xAB, sizeof q);
            CHECK_INT(zg_extract_progress_parts(&doc, sc, 0, doc.norm_len, parts, &q), ZG_OK);
            CHECK_INT(q.status, parts & ZG_PROGRESS_STATUS ? p.status : ZG_ST_UNKNOWN);
            CHECK(q.phrase.span.start == (parts & ZG_PROGRESS_STATUS ? p.phrase.span.start : 0));
            CHECK(q.phrase.span.end == (parts & ZG_PROGRESS_STATUS ? p.phrase.span.end : 0));
            CHECK_INT(q.long_term, parts & ZG_PROGRESS_LONG_TERM ? p.long_term : false);
            zg_date none;
            memset(&none, 0, sizeof none);
            const zg_date *want = parts & ZG_PROGRESS_DEADLINE ? &p.deadline : &none;
            CHECK(q.deadline.year == want->year && q.deadline.month == want->month &&
                  q.deadline.day == want->day && q.deadline.precision == want->precision &&
                  q.deadline.inferred == want->inferred &&
                  q.deadline.span.start == want->span.start &&
                  q.deadline.span.end == want->span.end);
            CHECK(q.text.span.start == p.text.span.start && q.text.span.end == p.text.span.end);
        }
        if (p.phrase.s)
            CHECK(strncmp(doc.text + p.phrase.span.start, p.phrase.s,
                          p.phrase.span.end - p.phrase.span.start) == 0);
    }
    zg_scanner_bind(sc, NULL);
    zg_arena_release(&doc.arena);
    return r;
}

#define STATUS(text, want) do { result r_ = run(text, NULL); \
    CHECK_STR(zg_progress_status_name(r_.status), zg_progress_status_name(want)); } while (0)
#define LONG(text, want) do { result r_ = run(text, NULL); CHECK_INT(r_.long_term, want); } while (0)
#define DEADLINE(text, signed_on, want) do { if (dates_available) { \
    result r_ = run(text, signed_on); CHECK_STR(r_.deadline, want); } } while (0)

static void test_status(void)
{
    /* the mapping */
    STATUS("已完成。", ZG_ST_COMPLETED);
    STATUS("已整改完成。", ZG_ST_COMPLETED);
    STATUS("整改到位。", ZG_ST_COMPLETED);
    STATUS("已整改到位，长期坚持。", ZG_ST_COMPLETED);
    STATUS("巡视交办的信访件已全部办结，并建立常态化化解机制。", ZG_ST_COMPLETED);
    STATUS("基本完成。", ZG_ST_BASICALLY_COMPLETED);
    STATUS("目前，该问题已基本完成整改。", ZG_ST_BASICALLY_COMPLETED);
    STATUS("取得阶段性成效。", ZG_ST_PARTIALLY_COMPLETED);
    STATUS("阶段性完成。", ZG_ST_PARTIALLY_COMPLETED);
    STATUS("部分完成。", ZG_ST_PARTIALLY_COMPLETED);
    STATUS("该问题部分整改。", ZG_ST_PARTIALLY_COMPLETED);
    STATUS("正在整改。", ZG_ST_IN_PROGRESS);
    STATUS("持续整改中。", ZG_ST_IN_PROGRESS);
    STATUS("整改中。", ZG_ST_IN_PROGRESS);
    STATUS("正在推进。", ZG_ST_IN_PROGRESS);
    STATUS("持续推进。", ZG_ST_IN_PROGRESS);
    STATUS("达到序时进度。", ZG_ST_IN_PROGRESS);
    STATUS("未完成。", ZG_ST_IN_PROGRESS);
    STATUS("尚未完成。", ZG_ST_IN_PROGRESS);
    STATUS("尚未启动。", ZG_ST_NOT_STARTED);
    STATUS("未开工。", ZG_ST_NOT_STARTED);
    STATUS("尚未开展。", ZG_ST_NOT_STARTED);
    STATUS("尚未整改。", ZG_ST_NOT_STARTED);
    /* 正在X is in progress whatever X is */
    STATUS("正在清理历史欠款。", ZG_ST_IN_PROGRESS);
    /* Traditional text is folded to Simplified before matching (needs enough Traditional text) */
    STATUS("關於幹部隊伍建設統籌謀劃不夠的問題，黨組織認真組織學習，推進機關黨建與業務工作融合發展，已完成整改，長期堅持。", ZG_ST_COMPLETED);
    STATUS("關於幹部隊伍建設統籌謀劃不夠的問題，黨組織認真組織學習，推進機關黨建與業務工作融合發展，取得階段性成效。", ZG_ST_PARTIALLY_COMPLETED);

    /* precedence */
    STATUS("已完成阶段性任务并长期坚持。", ZG_ST_PARTIALLY_COMPLETED);
    STATUS("该问题已完成阶段性整改，将持续推进。", ZG_ST_PARTIALLY_COMPLETED);
    STATUS("除职业教育方面取得阶段性成效，2023年9月10日前完成，其他方面已全部整改完成并长期坚持。",
           ZG_ST_PARTIALLY_COMPLETED);
    STATUS("除信息化平台建设外，其他已全部完成。", ZG_ST_PARTIALLY_COMPLETED);
    STATUS("基本完成，剩余交流任务正在推进。", ZG_ST_BASICALLY_COMPLETED);
    STATUS("未完成。项目尚未开工。", ZG_ST_NOT_STARTED);
    STATUS("正在推进。已完成排查监测和溯源工作，已完成整治298个。", ZG_ST_IN_PROGRESS);
    STATUS("正在推进，已完成80%。", ZG_ST_IN_PROGRESS);
    STATUS("达到序时进度。已淘汰营运柴油货车1862辆，占目标任务的78%。", ZG_ST_IN_PROGRESS);
    STATUS("部分整改。已完成资产清查和台账建立，资产报废核销手续正在审批中。",
           ZG_ST_PARTIALLY_COMPLETED);
    STATUS("已整改完成，持续推进。", ZG_ST_COMPLETED);
    STATUS("已清理收回往来款项21.05万元，正在会同县财政局核实处理。该问题正在整改。",
           ZG_ST_IN_PROGRESS);

    /* wider wording */
    STATUS("已按要求完成整改。", ZG_ST_COMPLETED);
    STATUS("完成整改。", ZG_ST_COMPLETED);
    STATUS("已整改完毕。", ZG_ST_COMPLETED);
    STATUS("已基本整改。", ZG_ST_BASICALLY_COMPLETED);
    STATUS("暂未启动。", ZG_ST_NOT_STARTED);
    STATUS("未能按期完成，正在协调。", ZG_ST_IN_PROGRESS);
    STATUS("有序推进中。", ZG_ST_IN_PROGRESS);
    STATUS("长期坚持。", ZG_ST_IN_PROGRESS);
    STATUS("序时推进。", ZG_ST_IN_PROGRESS);
    STATUS("未整改。", ZG_ST_NOT_STARTED);
    STATUS("未整改到位，正在推进。", ZG_ST_IN_PROGRESS);
    STATUS("已于6月底完成。", ZG_ST_COMPLETED);
    STATUS("已于2023年6月整改完成。", ZG_ST_COMPLETED);
    STATUS("已完成整改，长期坚持。", ZG_ST_COMPLETED);
    /* a share below 100% is still open; 100% or a rate word is not a share of the task */
    STATUS("已完成年度任务的78%。", ZG_ST_IN_PROGRESS);
    STATUS("已完成100%。", ZG_ST_COMPLETED);
    STATUS("整改完成率达到85%。", ZG_ST_UNKNOWN);
    /* 整改中 in "整改中形成的…" is not a state; a plan to finish is not a completion */
    STATUS("整改中形成的制度成果已在全省推广。", ZG_ST_UNKNOWN);
    STATUS("计划于2024年完成整改。", ZG_ST_UNKNOWN);

    STATUS("除信息化平台建设外，其他问题全部整改完成。", ZG_ST_PARTIALLY_COMPLETED);
    STATUS("目前全部完成整改。", ZG_ST_COMPLETED);
    STATUS("目前整改到位。", ZG_ST_COMPLETED);
    /* a goal is not an achievement */
    STATUS("确保2024年6月底前整改到位。", ZG_ST_UNKNOWN);
    STATUS("将于2024年底前全部完成整改。", ZG_ST_UNKNOWN);

    /* no statement, or no status word in it */
    STATUS("", ZG_ST_UNKNOWN);
    STATUS("加强学习，提高认识，建立健全制度。", ZG_ST_UNKNOWN);
    STATUS("计划于2024年启动。", ZG_ST_UNKNOWN);

    /* the deciding phrase is reported */
    result r = run("已完成阶段性任务并长期坚持。", NULL);
    CHECK_STR(r.phrase, "阶段性");
    r = run("整改情况良好，已整改到位。", NULL);
    CHECK_STR(r.phrase, "已整改到位");
    r = run("无进展描述。", NULL);
    CHECK_STR(r.phrase, "");
}

static void test_long_term(void)
{
    LONG("已完成整改并长期坚持。", true);
    LONG("持续推进。", true);
    LONG("已整改完成，持续推进。", true);
    LONG("已整改完成，医德医风教育常态化开展。", true);
    LONG("已完成整改，建立长效机制。", true);
    LONG("關於幹部隊伍建設統籌謀劃不夠的問題，黨組織認真組織學習，推進機關黨建與業務工作融合發展，已完成，長期堅持。", true);
    LONG("持续整改中。", false);
    LONG("已整改完成。", false);
    LONG("正在整改，计划于2024年6月底前完成。", false);
    LONG("", false);
}

static void test_deadline(void)
{
    zg_date signed_2023 = { 2023, 11, 28, ZG_PREC_DAY, false, {0, 0} };
    DEADLINE("正在整改，计划于2024年6月底前完成。", NULL, "2024-06-30");
    DEADLINE("取得阶段性成效，将于2024年6月底前全部完成。", NULL, "2024-06-30");
    DEADLINE("正在整改，年底前完成。", &signed_2023, "2023-12-31");
    /* no signature: the reference date of the context (doc->ref_date) gives the year */
    zg_date feedback_2024 = { 2024, 3, 8, ZG_PREC_DAY, false, {0, 0} };
    context_ref = &feedback_2024;
    DEADLINE("正在整改，12月底前完成。", NULL, "2024-12-31");
    context_ref = NULL;
    DEADLINE("取得阶段性成效，将于2024年底前全部完成。", NULL, "2024-12-31");
    DEADLINE("正在整改，计划于2024年2月底前完成。", NULL, "2024-02-29");
    DEADLINE("2023年12月31日前。", NULL, "2023-12-31");
    DEADLINE("除职业教育方面取得阶段性成效，2023年9月10日前完成，其他方面已全部整改完成。",
             NULL, "2023-09-10");
    DEADLINE("基本完成，剩余交流任务将于2024年8月底前完成。", NULL, "2024-08-31");
    DEADLINE("2023年9月底前，长期坚持。", NULL, "2023-09-30");
    DEADLINE("力争2024年10月完成。", NULL, "2024-10");   /* month precision, as printed */
    DEADLINE("正在整改，预计2024年3月底前完成安装验收。", NULL, "2024-03-31");
    DEADLINE("已于2023年5月底前完成清理，剩余部分将于2024年6月底前完成。", NULL, "2024-06-30");
    /* not deadlines */
    DEADLINE("立行立改，长期坚持。", NULL, "");
    DEADLINE("计划2024年启动。", NULL, "");
    DEADLINE("已于2023年7月28日将资金全部拨付到位。", NULL, "");
    DEADLINE("已整改完成。", NULL, "");
}

int main(void)
{
    if (!getenv("ZG_SOURCE_DIR")) SKIP("ZG_SOURCE_DIR not set");
    zg_rules *rules = NULL;
    if (fixture_open(&rules, &sc) != 0) return 1;
    CHECK(zg_rules_set(rules, "status") && zg_rules_set(rules, "long_term") &&
          zg_rules_set(rules, "deadline_cue"));

    /* deadlines need the date normalizer (dates.c); skip those checks while it finds nothing */
    result probe = run("2024年6月底前", NULL);
    (void)probe;
    {
        zg_document doc;
        memset(&doc, 0, sizeof doc);
        doc.text = zg_arena_strdup(&doc.arena, "2024年6月30日");
        doc.text_len = strlen(doc.text);
        doc.format = "text";
        zg_date d;
        size_t end;
        zg_error err;
        if (zg_normalize(&doc, &err) == ZG_OK)
            dates_available = zg_date_find(&doc, sc, 0, doc.norm_len, NULL, ZG_DATE_END, &d, &end) == 1;
        zg_arena_release(&doc.arena);
    }
    if (!dates_available) printf("note: zg_date_find finds no dates yet; deadline checks skipped\n");

    test_status();
    test_long_term();
    test_deadline();
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
