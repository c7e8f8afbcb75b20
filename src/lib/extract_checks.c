/*
 * Consistency checks: what the notice declares about itself against what was found — the number
 * of problems, of categories, of completed / basically completed / in-progress problems, and the
 * completion rate recomputed from the counts. Only declared values that are present are checked.
 */
#include <math.h>
#include <string.h>

#include "meta.h"

static size_t distinct_categories(const zg_document *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->n_issues; i++) {
        const char *c = doc->issues[i].category.s;
        if (!c) continue;
        bool earlier = false;
        for (size_t j = 0; j < i && !earlier; j++)
            earlier = doc->issues[j].category.s && strcmp(doc->issues[j].category.s, c) == 0;
        if (!earlier) n++;
    }
    return n;
}

static long long count_status(const zg_document *doc, zg_progress_status st)
{
    long long n = 0;
    for (size_t i = 0; i < doc->n_issues; i++)
        if (doc->issues[i].progress.status == st) n++;
    return n;
}

static bool check(zg_document *doc, const char *name, const zg_count *c, long long found,
                  const char *what)
{
    if (!c->present) return true;
    const char *msg = zg_arena_printf(&doc->arena, "the notice declares %lld %s, %lld found",
                                      c->value, what, found);
    return msg && zg_doc_check(doc, name, c->value, found, msg);
}

zg_status zg_extract_checks(zg_document *doc)
{
    const zg_declared *dc = &doc->declared;
    bool ok = check(doc, "declared.issues", &dc->issues, (long long)doc->n_issues, "problems") &&
              check(doc, "declared.categories", &dc->categories,
                    (long long)distinct_categories(doc), "categories of problems") &&
              check(doc, "declared.completed", &dc->completed,
                    count_status(doc, ZG_ST_COMPLETED), "completed problems") &&
              check(doc, "declared.basically_completed", &dc->basically_completed,
                    count_status(doc, ZG_ST_BASICALLY_COMPLETED), "basically completed problems") &&
              check(doc, "declared.in_progress", &dc->in_progress,
                    count_status(doc, ZG_ST_IN_PROGRESS), "problems in progress");
    if (!ok) return ZG_ERR_NOMEM;

    if (dc->rate_present) {
        /* recompute from the declared counts when both are stated, else from what was found */
        long long done = dc->completed.present ? dc->completed.value : count_status(doc, ZG_ST_COMPLETED);
        long long total = dc->issues.present ? dc->issues.value : (long long)doc->n_issues;
        if (total > 0) {
            /* a printed rate is rounded (19 of 29 → 65.5%, 2 of 3 → 66.7% or 67%): it agrees when
             * it is within half a percentage point of the exact quotient. The integer fields are
             * whole percents; the message gives both values exactly. */
            double exact = 100.0 * (double)done / (double)total;
            bool agrees = fabs(exact - dc->rate_percent) <= 0.5 + 1e-9;
            long long declared = llround(dc->rate_percent);
            long long found = llround(exact);
            const char *msg = zg_arena_printf(&doc->arena,
                                              "declared completion rate %g%%, %lld of %lld is %.4g%%%s",
                                              dc->rate_percent, done, total, exact,
                                              agrees ? "" : " (more than 0.5 points apart)");
            if (!msg || !zg_doc_check(doc, "declared.rate", declared, found, msg)) return ZG_ERR_NOMEM;
            doc->checks[doc->n_checks - 1].ok = agrees;
        }
    }
    return ZG_OK;
}
