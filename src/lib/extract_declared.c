/*
 * Declared totals: the counts a notice states about itself ("3大类8个问题", "已完成整改19个",
 * "整改完成率76%"). Phrases in rules/declared.rules. Only the part of the text before the first
 * reported problem is read (the problems' own texts are full of unrelated counts), without the
 * issues section but for its opening paragraph; for each field the first statement wins.
 */
#include <stdlib.h>
#include <string.h>

#include "meta.h"

/* The span of a count group of match m in *s, *e; false if absent or empty. Read before any other
 * search: the match's groups live in the scanner's match data, which the next search reuses. */
static bool count_group(zg_scanner *sc, const zg_match *m, const char *group, size_t *s, size_t *e)
{
    return zg_lookup_group(sc, m, group, s, e) && *s < *e;
}

/* The count norm[s, e) of a statement ending at match_end; false if not a numeral. Its span is
 * the number with its unit and noun ("8个问题"), as far as the statement's match goes. */
static bool count_value(zg_document *doc, zg_scanner *sc, size_t s, size_t e, size_t match_end,
                        zg_count *out)
{
    long long v = zg_number_int(doc->norm + s, e - s);
    if (v < 0) return false;
    zg_match u;
    if (zg_match_leftmost(sc, ZG_SET(sc, "count_unit"), doc->norm, e, match_end,
                          ZG_MATCH_ANCHORED, &u) == 1 && u.end > e && u.end <= match_end)
        e = u.end;
    out->present = true;
    out->value = v;
    out->span = zg_span_from_norm(doc, s, e);
    return true;
}

/* The parts of norm read for totals: up to two ranges, in text order. */
typedef struct text_ranges {
    size_t from[2], to[2];
    int n;
} text_ranges;

/* Does the section speak for the whole notice: all issues under it, none of them taking it for
 * its category? One of several "…问题的整改情况" sections opens with its own category's totals
 * (该方面审计指出问题14个，已整改到位12个). */
static bool section_holds_all(const zg_document *doc, const zg_node *sec)
{
    for (size_t i = 0; i < doc->n_issues; i++) {
        const zg_issue *it = &doc->issues[i];
        if (it->span.start < sec->span.start || it->span.start >= sec->span.end) return false;
        if (it->category.s && it->category.span.start == sec->title.span.start) return false;
    }
    return true;
}

/* The notice's own statements: the text before the first reported problem, without the issues
 * section's heading and subtree — except the section's opening paragraph, before its first
 * sub-heading (二、…整改落实 对…反馈的4个方面15个问题，…（一）…), which speaks for the notice too. */
static text_ranges scope_of(const zg_document *doc)
{
    size_t first = doc->norm_len;
    for (size_t i = 0; i < doc->n_issues; i++) {
        size_t s = zg_meta_norm_from_text(doc, doc->issues[i].span.start);
        if (doc->issues[i].span.end > doc->issues[i].span.start && s < first) first = s;
    }
    text_ranges sc = { { 0, 0 }, { first, 0 }, 1 };
    const zg_node *sec = doc->issues_section;
    if (!sec || sec->span.end <= sec->span.start) return sc;
    size_t s = zg_meta_norm_from_text(doc, sec->span.start);
    if (s >= first) return sc;
    sc.to[0] = s;
    size_t os = zg_meta_norm_from_text(doc, sec->body.start);
    size_t oe = zg_meta_norm_from_text(doc, sec->first_child ? sec->first_child->span.start
                                                              : sec->body.end);
    if (oe > first) oe = first;
    if (os < oe && section_holds_all(doc, sec)) {
        sc.from[1] = os;
        sc.to[1] = oe;
        sc.n = 2;
    }
    return sc;
}

/* Fill categories/issues from the first matches of `set_name` in norm[from, end) (with its .also
 * set, if the rules have one: zg_match_leftmost). */
static void read_totals(zg_document *doc, zg_scanner *sc, const char *set_name, size_t from,
                        size_t end)
{
    const zg_ruleset *set = zg_meta_set(sc, set_name);
    zg_declared *dc = &doc->declared;
    zg_match m;
    size_t pos = from;
    while (pos < end && !(dc->categories.present && dc->issues.present) &&
           zg_match_leftmost(sc, set, doc->norm, pos, end, 0, &m) == 1) {
        size_t next = zg_meta_next(doc, &m), cs, ce, is, ie;
        bool cat = !dc->categories.present && count_group(sc, &m, "cat", &cs, &ce);
        bool iss = !dc->issues.present && count_group(sc, &m, "iss", &is, &ie);
        if (cat) count_value(doc, sc, cs, ce, m.end, &dc->categories);
        if (iss) count_value(doc, sc, is, ie, m.end, &dc->issues);
        pos = next;
    }
}

static bool is_stop(const char *c, bool comma)
{
    if (*c == '\n' || *c == ';' || strncmp(c, "。", 3) == 0 || strncmp(c, "；", 3) == 0) return true;
    return comma && (*c == ',' || strncmp(c, "，", 3) == 0);
}

/* Offset after the previous stop character before `at` (sentence, or clause with `comma`). */
static size_t back_to_stop(const zg_document *doc, size_t at, bool comma)
{
    size_t s = at;
    while (s > 0) {
        size_t p = zg_meta_char_start(doc, s - 1);
        if (is_stop(doc->norm + p, comma)) break;
        s = p;
    }
    return s;
}

/* True if the count at norm offset `at` counts tasks or measures, not problems: read from the
 * last "N个…中" scope of its sentence, else from the clause just before it. */
static bool about_tasks(zg_document *doc, zg_scanner *sc, size_t at)
{
    const zg_ruleset *scope = ZG_SET(sc, "declared_scope");
    const zg_ruleset *tasks = ZG_SET(sc, "declared_task_clause");
    size_t from = back_to_stop(doc, at, false), pos = from;
    size_t ss = 0, se = 0;
    zg_match m;
    while (pos < at && zg_match_leftmost(sc, scope, doc->norm, pos, at, 0, &m) == 1) {
        ss = m.start;
        se = m.end;
        pos = zg_meta_next(doc, &m);
    }
    if (se <= ss) {
        ss = back_to_stop(doc, at, true);
        se = at;
    }
    return zg_match_leftmost(sc, tasks, doc->norm, ss, se, 0, &m) == 1;
}

static zg_count *status_field(zg_declared *dc, const char *yield)
{
    if (strcmp(yield, "completed") == 0) return &dc->completed;
    if (strcmp(yield, "basically_completed") == 0) return &dc->basically_completed;
    if (strcmp(yield, "in_progress") == 0) return &dc->in_progress;
    if (strcmp(yield, "not_completed") == 0) return &dc->not_completed;
    return NULL;
}

static void read_status_counts(zg_document *doc, zg_scanner *sc, size_t from, size_t end,
                               bool tasks_are_problems)
{
    const zg_ruleset *set = ZG_SET(sc, "declared_status");
    zg_match m;
    size_t pos = from;
    while (pos < end && zg_match_leftmost(sc, set, doc->norm, pos, end, 0, &m) == 1) {
        size_t next = zg_meta_next(doc, &m), ns, ne;
        zg_count *field = status_field(&doc->declared, m.rule->yield);
        if (field && !field->present && count_group(sc, &m, "num", &ns, &ne) &&
            (tasks_are_problems || !about_tasks(doc, sc, m.start)))
            count_value(doc, sc, ns, ne, m.end, field);
        pos = next;
    }
}

static void read_rate(zg_document *doc, zg_scanner *sc, size_t from, size_t end)
{
    zg_match m;
    size_t s, e;
    if (doc->declared.rate_present ||
        zg_match_leftmost(sc, ZG_SET(sc, "declared_rate"), doc->norm, from, end, 0, &m) != 1 ||
        !ZG_GROUP(sc, &m, "rate", &s, &e))
        return;
    char buf[32];
    size_t n = e - s < sizeof buf - 1 ? e - s : sizeof buf - 1;
    memcpy(buf, doc->norm + s, n);
    buf[n] = '\0';
    doc->declared.rate_present = true;
    doc->declared.rate_percent = strtod(buf, NULL);
    doc->declared.rate_span = zg_span_from_norm(doc, s, m.end);   /* "76%" as printed */
}

zg_status zg_extract_declared(zg_document *doc, zg_scanner *sc)
{
    if (!doc->norm || !sc) return ZG_OK;
    text_ranges sp = scope_of(doc);
    bool environmental = doc->kind && strcmp(doc->kind, "environmental") == 0;
    /* each field keeps its first statement: every range is read in text order */
    for (int r = 0; r < sp.n; r++) read_totals(doc, sc, "declared_total", sp.from[r], sp.to[r]);
    /* environmental inspections hand down their findings as 整改任务, one task per problem */
    for (int r = 0; environmental && r < sp.n && !doc->declared.issues.present; r++)
        read_totals(doc, sc, "declared_tasks", sp.from[r], sp.to[r]);
    for (int r = 0; r < sp.n; r++)
        read_status_counts(doc, sc, sp.from[r], sp.to[r], environmental);
    for (int r = 0; r < sp.n; r++) read_rate(doc, sc, sp.from[r], sp.to[r]);
    return ZG_OK;
}
