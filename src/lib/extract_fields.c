/* The labelled fields of a problem's text (整改措施：…, 整改进展：… — rules/labels.rules
 * field_label), for the issues stage (extract_issues.c). */
#include <string.h>

#include "issues.h"

static field_kind kind_of(const char *yield)
{
    static const struct { const char *name; field_kind kind; } kinds[] = {
        { "measures", FIELD_MEASURES },     { "progress", FIELD_PROGRESS },
        { "outcome", FIELD_OUTCOME },       { "time_limit", FIELD_TIME_LIMIT },
        { "responsible", FIELD_RESPONSIBLE },
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (yield[0] == kinds[i].name[0] && strcmp(yield, kinds[i].name) == 0) return kinds[i].kind;
    return FIELD_OTHER;
}

/* The labelled fields of norm[from, to). Answers are remembered per range (only those found
 * without a rule-limit failure, so that asking again would give the same fields and no new
 * diagnostic). */
size_t zg_issue_fields(issue_ctx *cx, size_t from, size_t to, zg_field *f)
{
    if (!cx->labels) return 0;
    for (size_t i = 0; i < cx->n_memo && i < FIELDS_MEMO; i++) {
        const fields_memo *e = &cx->memo[i];
        if (e->from == from && e->to == to) {
            if (e->n) memcpy(f, e->f, e->n * sizeof *f);
            return e->n;
        }
    }
    size_t n = 0, pos = from;
    zg_match m;
    int rc = 0;
    while (n < MAX_FIELDS && pos < to) {
        rc = zg_match_leftmost(cx->sc, cx->labels, cx->doc->norm, pos, to, 0, &m);
        if (rc != 1) break;
        if (m.end <= pos) break;
        /* the label word ends before the colon and spaces */
        const char *s = cx->doc->norm;
        size_t ls = m.start, le = m.end;
        while (le > ls && (s[le - 1] == ':' || s[le - 1] == ' ')) le--;
        if (le - ls >= 6 && memcmp(s + ls, "\xE3\x80\x90", 3) == 0 &&
            memcmp(s + le - 3, "\xE3\x80\x91", 3) == 0) {   /* 【label】 */
            ls += 3;
            le -= 3;
        }
        f[n] = (zg_field){ kind_of(m.rule->yield), ls, le, m.end, to };
        if (n > 0) f[n - 1].end = m.start;
        n++;
        pos = m.end;
    }
    if (rc >= 0) {
        zg_field *copy = n ? zg_arena_alloc(&cx->doc->arena, n * sizeof *copy) : NULL;
        if (copy || n == 0) {
            if (n) memcpy(copy, f, n * sizeof *copy);
            cx->memo[cx->n_memo++ % FIELDS_MEMO] = (fields_memo){ from, to, n, copy };
        }
    }
    return n;
}

const zg_field *zg_issue_field_of(const zg_field *f, size_t n, field_kind kind, size_t nth)
{
    for (size_t i = 0; i < n; i++)
        if (f[i].kind == kind && nth-- == 0) return &f[i];
    return NULL;
}

/* The progress statement's field: the first progress label, else a 整改成效 (outcome) field. */
const zg_field *zg_issue_progress_field(const zg_field *f, size_t n)
{
    const zg_field *pf = zg_issue_field_of(f, n, FIELD_PROGRESS, 0);
    return pf ? pf : zg_issue_field_of(f, n, FIELD_OUTCOME, 0);
}

zg_sref zg_issue_field_text(zg_document *doc, const zg_field *f)
{
    const char *n = doc->norm;
    size_t s = skip_space(n, f->start, f->end);
    size_t e = trim_back(n, s, f->end, true);
    /* the closing parenthesis of a parenthesised field （责任单位：办公室） */
    if (e > s && n[e - 1] == ')' && !memchr(n + s, '(', e - s)) e = trim_back(n, s, e - 1, true);
    return zg_sref_from_norm(doc, s, e);
}
