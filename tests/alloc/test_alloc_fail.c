/*
 * Allocation failure: the library's malloc/calloc/realloc calls are wrapped (-Wl,--wrap) so that
 * the Nth one fails. For every N over a small run (rules, scanner, extraction, every renderer),
 * the call must report ZG_ERR_NOMEM (or succeed) — never crash, abort or leak (the suite runs this
 * under ASan/LeakSanitizer and valgrind).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhenggai.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);

static long alloc_count, fail_at = -1;

static int should_fail(void) { return fail_at >= 0 && ++alloc_count == fail_at; }

void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return should_fail() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return should_fail() ? NULL : __real_realloc(p, n); }

static const char notice[] =
    "中共某县审计局党组关于巡察整改进展情况的通报\n"
    "根据县委统一部署，2023年3月上旬至5月下旬，县委第一巡察组对县审计局开展了巡察。6月8日反馈了意见。\n"
    "一、整改工作基本情况\n县委巡察组反馈2大类3个问题。\n"
    "二、反馈问题整改情况\n（一）学习贯彻不到位方面。\n1．学习不深入问题。\n"
    "整改措施：（1）制定学习计划。（2）开展专题学习。\n整改进度：已完成整改并长期坚持。\n"
    "2．调研不够问题。\n整改措施：一是开展调研。二是形成报告。\n整改进度：正在整改，2023年12月底前完成。\n"
    "（二）作风建设方面。\n1．会议过多问题。\n整改措施：精简会议。\n整改进度：已完成。\n"
    "联系电话：0000-1234567；电子邮箱：sj@example.cn\n中共某县审计局党组\n2023年9月1日\n";

/* One run; returns the number of allocations it made, or -1 on a wrong status. */
static long run_once(long fail, int *failed_status)
{
    alloc_count = 0;
    fail_at = fail;
    *failed_status = 0;
    const char *dir = getenv("ZHENGGAI_RULES") ? getenv("ZHENGGAI_RULES") : zg_rules_default_dir();
    zg_rules *rules = NULL;
    zg_scanner *sc = NULL;
    zg_document *doc = NULL;
    zg_error err;
    zg_status st = zg_rules_load_dir(dir, &rules, &err);
    if (st == ZG_OK) st = zg_scanner_create(rules, NULL, &sc);
    if (st == ZG_OK) {
        zg_input_options o;
        memset(&o, 0, sizeof o);
        o.path = "alloc.txt";
        st = zg_extract(sc, (const unsigned char *)notice, sizeof notice - 1, &o, &doc, &err);
        if (st != ZG_OK && doc) {
            fprintf(stderr, "N=%ld: failed extract returned a document\n", fail);
            *failed_status = 1;
        }
    }
    for (int f = 0; st == ZG_OK && f < ZG_FORMAT_COUNT_; f++) {
        char *out = NULL;
        size_t len = 0;
        zg_status rs = zg_render(doc, (zg_format)f, ZG_RENDER_WITH_TEXT, &out, &len);
        if (rs != ZG_OK && rs != ZG_ERR_NOMEM && rs != ZG_ERR_ARG) {
            fprintf(stderr, "N=%ld: render %d gave %s\n", fail, f, zg_status_name(rs));
            *failed_status = 1;
        }
        if (rs != ZG_OK && out) {
            fprintf(stderr, "N=%ld: failed render returned output\n", fail);
            *failed_status = 1;
        }
        zg_string_free(out);
    }
    if (st != ZG_OK && st != ZG_ERR_NOMEM) {
        fprintf(stderr, "N=%ld: expected success or out of memory, got %s (%s)\n", fail,
                zg_status_name(st), err.message);
        *failed_status = 1;
    }
    zg_document_free(doc);
    zg_scanner_free(sc);
    zg_rules_free(rules);
    long n = alloc_count;
    fail_at = -1;
    return n;
}

int main(void)
{
    int bad = 0;
    long total = run_once(0, &bad); /* fail_at 0 never triggers: count the allocations */
    if (bad) return 1;
    if (total <= 0) {
        fprintf(stderr, "no allocations were counted: is the --wrap link option missing?\n");
        return 1;
    }
    long failures = 0;
    for (long n = 1; n <= total; n++) {
        int wrong = 0;
        run_once(n, &wrong);
        if (wrong) failures++;
    }
    printf("failed each of %ld allocations in turn: %ld wrong outcomes\n", total, failures);
    printf("%ld passed, %ld failed\n", total - failures, failures);
    return failures ? 1 : 0;
}
