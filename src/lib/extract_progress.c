/*
 * Progress statements: status, long-term flag and completion deadline of one statement.
 *
 * A small engine over rules/status.rules: the set "status" decides the status by rule order
 * (precedence), "long_term" flags long-term wording, "deadline_cue" says which dates are
 * completion deadlines. No status phrase lives here.
 */
#include "lookup.h"
#include "stages.h"

#include <string.h>

/* ASCII whitespace and the folded ideographic space (U+3000 stays 3 bytes if not folded). */
static size_t skip_space(const char *s, size_t i, size_t to)
{
    while (i < to) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { i++; continue; }
        if (c == 0xE3 && i + 2 < to && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x80) { i += 3; continue; }
        break;
    }
    return i;
}

static size_t trim_end(const char *s, size_t from, size_t to)
{
    while (to > from) {
        unsigned char c = (unsigned char)s[to - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { to--; continue; }
        if (to - from >= 3 && c == 0x80 && (unsigned char)s[to - 2] == 0x80 &&
            (unsigned char)s[to - 3] == 0xE3) { to -= 3; continue; }
        break;
    }
    return to;
}

/* The reference year for a date printed without one (bare 年底前): the signature date, else the
 * latest year printed anywhere in the text (GOLD.md "deadline"). */
static bool reference_date(zg_document *doc, zg_scanner *sc, zg_date *ref)
{
    if (doc->date.precision != ZG_PREC_NONE) {
        *ref = doc->date;
        return true;
    }
    zg_date best = {0}, d;
    size_t pos = 0, end;
    while (pos < doc->norm_len &&
           zg_date_find(doc, sc, pos, doc->norm_len, NULL, ZG_DATE_POINT, &d, &end) == 1) {
        if (!d.inferred && d.precision != ZG_PREC_NONE && d.year > best.year) best = d;
        if (end <= pos) break;
        pos = end;
    }
    if (best.precision == ZG_PREC_NONE) return false;
    *ref = best;
    return true;
}

/* Does rule r yield `yield`? (The first characters tell the cue kinds apart without a call.) */
static inline bool yields(const zg_rule *r, const char *yield)
{
    return r->yield[0] == yield[0] && strcmp(r->yield, yield) == 0;
}

/* The first rule of `set` with yield `yield` that matches anchored at `at` (within [at, to)). */
static int match_cue(zg_scanner *sc, const zg_ruleset *set, const char *yield, const char *s,
                     size_t at, size_t to, zg_match *m)
{
    if (!set) return 0;
    for (size_t i = 0; i < set->n_rules; i++) {
        const zg_rule *r = &set->rules[i];
        if (!yields(r, yield)) continue;
        int rc = zg_match_rule(sc, r, s, at, to, ZG_MATCH_ANCHORED, m);
        if (rc != 0) return rc;
    }
    return 0;
}

/* Does a cue of kind `yield` (lead: 力争/计划于/预计/将于 …; past: 已于 …) end exactly where the
 * date starts? Searched in a short window before the date, within the statement. */
static bool cue_before(zg_document *doc, zg_scanner *sc, const zg_ruleset *cues, const char *yield,
                       size_t from, size_t date_norm_start)
{
    size_t win = date_norm_start > from + 48 ? date_norm_start - 48 : from;
    while (win > from && ((unsigned char)doc->norm[win] & 0xC0) == 0x80) win--;
    for (size_t i = 0; cues && i < cues->n_rules; i++) {
        const zg_rule *r = &cues->rules[i];
        if (!yields(r, yield)) continue;
        zg_match m;
        if (zg_match_rule(sc, r, doc->norm, win, date_norm_start, 0, &m) == 1) return true;
    }
    return false;
}

/* Norm offset where a found date starts: the first norm offset mapping to its text start. */
static size_t norm_of_text(const zg_document *doc, size_t lo, size_t hi, size_t text_off)
{
    if (!doc->norm_map) return text_off;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->norm_map[mid] < text_off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The first date in norm[from, to) that the cues make a completion deadline. */
static void find_deadline(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                          zg_date *out)
{
    const zg_ruleset *cues = ZG_SET(sc, "deadline_cue");
    if (!cues) return;
    zg_date ref;
    const zg_date *refp = NULL;
    bool fallback_done = false;
    /* doc->ref_date: the signature date, else the best date of context (extract_meta.c) */
    if (doc->ref_date.precision != ZG_PREC_NONE) {
        ref = doc->ref_date;
        refp = &ref;
        fallback_done = true;
    }
    size_t pos = from;
    while (pos < to) {
        zg_date d;
        size_t end = 0;
        int rc = zg_date_find(doc, sc, pos, to, refp, ZG_DATE_END, &d, &end);
        if (rc != 1 || end <= pos) return;
        if (d.inferred && !fallback_done) {
            /* part of the date was not printed and there is no signature date: retry once
             * with the latest year of the text as reference */
            fallback_done = true;
            if (reference_date(doc, sc, &ref)) {
                refp = &ref;
                continue;
            }
        }
        zg_match m;
        size_t ds = norm_of_text(doc, pos, end, d.span.start);
        bool is_deadline = match_cue(sc, cues, "after", doc->norm, end, to, &m) == 1;
        if (!is_deadline && match_cue(sc, cues, "finish", doc->norm, end, to, &m) == 1)
            is_deadline = cue_before(doc, sc, cues, "lead", from, ds);
        /* a time limit named in the statement (整改时限为2024年12月31日) needs no finish word */
        if (!is_deadline) is_deadline = cue_before(doc, sc, cues, "limit", from, ds);
        /* 已于…前完成 reports when a finished part was done, not a deadline */
        if (is_deadline && cue_before(doc, sc, cues, "past", from, ds)) is_deadline = false;
        if (is_deadline) {
            *out = d;
            return;
        }
        pos = end;
    }
}

zg_status zg_extract_progress_parts(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                                    unsigned parts, zg_progress *out)
{
    if (!doc || !out) return ZG_ERR_ARG;
    out->status = ZG_ST_UNKNOWN;
    out->long_term = false;
    memset(&out->phrase, 0, sizeof out->phrase);
    memset(&out->deadline, 0, sizeof out->deadline);
    memset(&out->text, 0, sizeof out->text);
    if (!sc || !doc->norm || to > doc->norm_len) to = doc->norm ? doc->norm_len : 0;
    if (!sc || from >= to) return ZG_OK;

    const char *s = doc->norm;
    from = skip_space(s, from, to);
    to = trim_end(s, from, to);
    if (from >= to) return ZG_OK;
    out->text = zg_sref_from_norm(doc, from, to);

    zg_match m;
    if (parts & ZG_PROGRESS_STATUS) {
        /* statements repeat (已完成整改。): the answer is remembered by their text */
        const zg_ruleset *status = ZG_SET(sc, "status");
        if (zg_lookup_search(sc, doc, status, ZG_SEARCH_FIRST_RULE, from, to, &m) == 1) {
            zg_progress_status st;
            if (zg_progress_status_parse(m.rule->yield, &st)) {
                out->status = st;
                out->phrase = zg_sref_from_norm(doc, m.start, m.end);
            }
        }
    }
    if (parts & ZG_PROGRESS_LONG_TERM) {
        const zg_ruleset *lt = ZG_SET(sc, "long_term");
        if (zg_match_leftmost(sc, lt, s, from, to, 0, &m) == 1) out->long_term = true;
    }
    if (parts & ZG_PROGRESS_DEADLINE) find_deadline(doc, sc, from, to, &out->deadline);
    return ZG_OK;
}

zg_status zg_extract_progress(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                              zg_progress *out)
{
    return zg_extract_progress_parts(doc, sc, from, to, ZG_PROGRESS_ALL, out);
}
