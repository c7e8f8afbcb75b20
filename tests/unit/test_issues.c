/*
 * Issues against the gold annotations of the development corpus (../shared/corpus-dev).
 *
 * For every dev notice whose gold says format "text" and encoding "UTF-8" (all notices with
 * ZG_ISSUES_ALL=1), doc->issues must equal gold "issues": count, order, category, title,
 * n_measures, status, long_term, deadline. Over every notice, status accuracy must reach 0.97.
 * Mismatches are printed field by field. Skips (77) when the corpus is absent.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "model.h"
#include "rules.h"
#include "stages.h"
#include "util.h"

static int compared, matched_status, status_total;

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

static char *read_text(const char *path)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char why[128];
    if (zg_read_file(path, 1u << 24, &data, &len, why, sizeof why) != ZG_OK) return NULL;
    return (char *)data;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    const char *src = getenv("ZG_SOURCE_DIR"), *shared = getenv("ZG_SHARED_DIR");
    if (!src || !shared) SKIP("ZG_SOURCE_DIR / ZG_SHARED_DIR not set");
    char dir[1024], rules_dir[1024];
    snprintf(dir, sizeof dir, "%s/corpus-dev", shared);
    snprintf(rules_dir, sizeof rules_dir, "%s/rules", src);
    DIR *d = opendir(dir);
    if (!d) SKIP("no ../shared/corpus-dev");
    bool all = getenv("ZG_ISSUES_ALL") != NULL;

    char *names[512];
    size_t n_names = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n_names < 512) {
        size_t l = strlen(e->d_name);
        if (l > 10 && strcmp(e->d_name + l - 10, ".gold.json") == 0) names[n_names++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n_names, sizeof *names, cmp_names);
    if (n_names == 0) SKIP("no gold files");

    zg_rules *rules = NULL;
    zg_scanner *sc = NULL;
    zg_error err;
    CHECK_INT(zg_rules_load_dir(rules_dir, &rules, &err), ZG_OK);
    if (!rules) { fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.message); CHECK_DONE(); }
    CHECK_INT(zg_scanner_create(rules, NULL, &sc), ZG_OK);

    int strict_diffs = 0;
    for (size_t k = 0; k < n_names; k++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        char *text = read_text(path);
        cJSON *gold = text ? cJSON_Parse(text) : NULL;
        free(text);
        if (!gold) { printf("%s: unreadable gold\n", names[k]); continue; }
        const char *file = jstr(gold, "file");
        bool strict = all || (same_str(jstr(gold, "format"), "text") &&
                              same_str(jstr(gold, "encoding"), "UTF-8"));
        snprintf(path, sizeof path, "%s/%s", dir, file ? file : "");
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
    CHECK(status_total > 0 && matched_status >= 0.97 * status_total);
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
