/*
 * Document metadata: title (extract_title.c), signature (issuer and date), kind, the inspection
 * (body, period, feedback date) and — through extract_contact.c — the contact channel.
 * Phrases live in rules/metadata.rules; this file decides where to look and which match counts.
 */
#include <stdio.h>
#include <string.h>

#include "meta.h"
#include "util.h"

enum {
    KIND_BYTES = 1200,
    BYLINE_BYTES = 2000
};

/* ------------------------------------------------------------------ helpers */

const zg_ruleset *zg_meta_set(zg_scanner *sc, const char *name)
{
    return zg_lookup_set(sc, name);
}

size_t zg_meta_norm_from_text(const zg_document *doc, size_t text_off)
{
    if (!doc->norm_map) return text_off < doc->norm_len ? text_off : doc->norm_len;
    size_t lo = 0, hi = doc->norm_len;    /* norm_map is non-decreasing */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->norm_map[mid] < text_off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

size_t zg_meta_char_start(const zg_document *doc, size_t off)
{
    if (off >= doc->norm_len) return doc->norm_len;
    while (off > 0 && ((unsigned char)doc->norm[off] & 0xC0) == 0x80) off--;
    return off;
}

size_t zg_meta_next(const zg_document *doc, const zg_match *m)
{
    if (m->end > m->start) return m->end;
    size_t i = m->start;
    if (i >= doc->norm_len) return doc->norm_len + 1;
    zg_utf8_next(doc->norm, doc->norm_len, &i);
    return i;
}

zg_sref zg_meta_group_sref(zg_document *doc, const zg_match *m, const char *group)
{
    size_t s, e;
    zg_sref none = { NULL, { 0, 0 } };
    if (!zg_lookup_group(doc->scanner, m, group, &s, &e) || s >= e) return none;
    return zg_sref_from_norm(doc, s, e);
}

static size_t clamp_end(const zg_document *doc, size_t from, size_t bytes)
{
    if (bytes >= doc->norm_len - from) return doc->norm_len;
    return zg_meta_char_start(doc, from + bytes);
}


/* ------------------------------------------------------------------ signature */

static bool read_date(zg_document *doc, zg_scanner *sc, const zg_match *m, const zg_date *ref,
                      zg_date *out)
{
    size_t s, e, ne;
    if (!ZG_GROUP(sc, m, "date", &s, &e)) return false;
    zg_date d;
    memset(&d, 0, sizeof d);
    if (zg_date_find(doc, sc, s, e, ref, ZG_DATE_POINT, &d, &ne) != 1) return false;
    *out = d;
    return true;
}

/* The page's 发布时间 ("2023-11-08…") as a flagged fallback: never the signature date. */
static void page_date_fallback(zg_document *doc)
{
    int y = 0, mo = 0, d = 0;
    int n = sscanf(doc->page_date, "%4d-%2d-%2d", &y, &mo, &d);
    if (n < 1 || y < 1000) return;
    memset(&doc->date, 0, sizeof doc->date);
    doc->date.year = y;
    doc->date.precision = ZG_PREC_YEAR;
    if (n >= 2 && mo >= 1 && mo <= 12) {
        doc->date.month = mo;
        doc->date.precision = ZG_PREC_MONTH;
        if (n >= 3 && d >= 1 && d <= zg_days_in_month(y, mo)) {
            doc->date.day = d;
            doc->date.precision = ZG_PREC_DAY;
        }
    }
    doc->date_from_page = true;
}

/* True if norm offset `at` lies inside a table (cells are never a signature). */
static bool in_table(const zg_document *doc, size_t at)
{
    size_t t = zg_norm_to_text(doc, at);
    for (size_t i = 0; i < doc->n_tables; i++)
        if (t >= doc->tables[i].span.start && t < doc->tables[i].span.end) return true;
    return false;
}

/*
 * True if no signature match (rules/metadata.rules, sets signature and signature.also) can hold
 * the line break norm[nl] with text after it, read off the character before it. Only `lines`
 * crosses lines, and only through the \n after its issuer (issuer characters, then \h*) or after
 * a blank line ([\h|]*, or nothing after the previous \n); inline and inline_space hold no \n
 * at all. A character that is none of these — excluded from the issuer class, not \h, not |,
 * not \n — ends every such run: a match cannot continue past this line break.
 */
static bool signature_break_before(const zg_document *doc, size_t nl)
{
    if (nl == 0) return false;
    const unsigned char c = (unsigned char)doc->norm[nl - 1];
    if (c < 0x80) return (c >= '0' && c <= '9') || (c != 0 && strchr(",:;()[]>\"\r", c));
    static const char *const stops[] = { "。", "，", "：", "；", "、", "）", "】", "》", "”" };
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
        if (nl >= 3 && memcmp(doc->norm + nl - 3, stops[i], 3) == 0) return true;
    return false;
}

/* True if none of the 20 characters before norm offset `at` is 【 (a signature's trailing 【…】
 * holds at most 20 characters). */
static bool no_bracket_before(const zg_document *doc, size_t at)
{
    for (int n = 0; n < 20 && at > 0; n++) {
        at = zg_meta_char_start(doc, at - 1);
        if (memcmp(doc->norm + at, "【", 3) == 0) return false;
    }
    return true;
}

/*
 * Where the signature search may start instead of 0: the last place before the trailing white
 * space that no signature match can cross (else 0), either
 *   - a line start whose line break no match can cross (signature_break_before), or
 *   - the start of a 。 with no 【 in the 20 characters before it: inside a match a 。 is either
 *     its first character (inline starts at one) or inside its trailing 【…】 (at most 20
 *     characters), every other part of the three rules excludes it.
 * The signature is the LAST match of a find-all chain; a chain started at such a place meets the
 * chain from 0 at its first match starting there or later (every match of the chain from 0 ends
 * at or before it or starts at or after it, and the search from the end of the one before found
 * nothing starting earlier), so both have the same matches from there on.
 */
static size_t signature_tail_start(const zg_document *doc)
{
    size_t end = doc->norm_len;
    while (end > 0 && (doc->norm[end - 1] == '\n' || doc->norm[end - 1] == ' ' ||
                       doc->norm[end - 1] == '\t' || doc->norm[end - 1] == '\r'))
        end--;
    for (size_t i = end; i-- > 0;) {
        if (doc->norm[i] == '\n' && signature_break_before(doc, i)) return i + 1;
        if (i + 3 <= end && memcmp(doc->norm + i, "。", 3) == 0 && no_bracket_before(doc, i))
            return i;
    }
    return 0;
}

/* A signature match: where it starts and ends, its issuer and its date (norm offsets). */
typedef struct signature_at {
    size_t start, end, issuer_start, issuer_end, date_start, date_end;
} signature_at;

/* True if norm[from, len) holds only ASCII white space: no signature match lies there (each has
 * an issuer of at least 2 characters outside \s). */
static bool only_white_after(const zg_document *doc, size_t from)
{
    for (size_t i = from; i < doc->norm_len; i++)
        if (!strchr(" \t\n\r\f\v", doc->norm[i]) || doc->norm[i] == '\0') return false;
    return true;
}

/* The last match of the find-all chain of the signature sets from `from` whose issuer is not in
 * a table, stopping at a match that starts at or after `stop`. False if none. */
static bool last_signature(zg_document *doc, zg_scanner *sc, size_t from, size_t stop,
                           signature_at *last)
{
    /* with its .also set, searched near its own trigger (rules/metadata.rules) */
    const zg_ruleset *sig = ZG_SET(sc, "signature");
    zg_match m;
    size_t pos = from, is = 0, ie = 0, ds = 0, de = 0;
    bool found = false;
    while (pos < doc->norm_len && !only_white_after(doc, pos) &&
           zg_match_leftmost(sc, sig, doc->norm, pos, doc->norm_len, 0, &m) == 1 &&
           m.start < stop) {
        if (ZG_GROUP(sc, &m, "issuer", &is, &ie) && ZG_GROUP(sc, &m, "date", &ds, &de) &&
            !in_table(doc, is)) {
            *last = (signature_at){ m.start, m.end, is, ie, ds, de };
            found = true;
        }
        pos = zg_meta_next(doc, &m);
    }
    return found;
}

/* The last issuer + date pair of the text; else a dated byline near the top. Returns the norm
 * offset where the signature starts (the contact channel is looked for before it). The chain is
 * searched from near the end first (signature_tail_start); only when nothing there qualifies is
 * the text before searched, up to the first match of the tail's chain. */
static size_t find_signature(zg_document *doc, zg_scanner *sc)
{
    zg_match m;
    signature_at last;
    size_t tail = signature_tail_start(doc);
    if ((tail > 0 && last_signature(doc, sc, tail, SIZE_MAX, &last)) ||
        last_signature(doc, sc, 0, tail > 0 ? tail : SIZE_MAX, &last)) {
        if (last.issuer_start < last.issuer_end)
            doc->issuer = zg_sref_from_norm(doc, last.issuer_start, last.issuer_end);
        zg_date d;
        size_t ne;
        memset(&d, 0, sizeof d);
        if (zg_date_find(doc, sc, last.date_start, last.date_end, NULL, ZG_DATE_POINT, &d, &ne) == 1)
            doc->date = d;
        return last.issuer_start;
    }
    const zg_ruleset *by = ZG_SET(sc, "byline");
    if (zg_match_leftmost(sc, by, doc->norm, 0, clamp_end(doc, 0, BYLINE_BYTES), 0, &m) == 1) {
        doc->issuer = zg_meta_group_sref(doc, &m, "issuer");
        read_date(doc, sc, &m, NULL, &doc->date);
    }
    if (!doc->date.precision && doc->page_date) page_date_fallback(doc);
    return doc->norm_len;
}

/* ------------------------------------------------------------------ kind */

static void find_kind(zg_document *doc, zg_scanner *sc, size_t title_end)
{
    const zg_ruleset *kind = ZG_SET(sc, "kind");
    zg_match m;
    doc->kind = "other";
    if (doc->title.s && !doc->title_from_page) {
        size_t ts = zg_meta_norm_from_text(doc, doc->title.span.start);
        size_t te = zg_meta_norm_from_text(doc, doc->title.span.end);
        if (zg_match_leftmost(sc, kind, doc->norm, ts, te, 0, &m) == 1) {
            doc->kind = m.rule->yield;
            return;
        }
    }
    if (zg_match_leftmost(sc, kind, doc->norm, title_end, clamp_end(doc, title_end, KIND_BYTES), 0,
                          &m) == 1)
        doc->kind = m.rule->yield;
}

/* ------------------------------------------------------------------ inspection */

/* 。 (E3 80 82) and ； (EF BC 9B) start at s[i]; s is NUL-terminated, so the bytes after a lead
 * byte can be read. A lead byte never occurs inside another character: testing every byte finds
 * exactly the characters that start there, as a walk over the characters would. */
static bool is_full_stop(const char *s, size_t i)
{
    return (unsigned char)s[i] == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
           (unsigned char)s[i + 2] == 0x82;
}

static bool is_full_semicolon(const char *s, size_t i)
{
    return (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
           (unsigned char)s[i + 2] == 0x9B;
}

static bool is_full_comma(const char *s, size_t i)
{
    return (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
           (unsigned char)s[i + 2] == 0x8C;
}

/* Start of the sentence holding norm offset i (not before `from`): just after the last sentence
 * end that starts in [from, i), else `from`. A byte scan back: every character that can end a
 * sentence starts with a byte that starts no other (see is_full_stop). */
static size_t sentence_start(const zg_document *doc, size_t from, size_t i)
{
    const char *s = doc->norm;
    for (size_t p = i; p-- > from;) {
        unsigned char c = (unsigned char)s[p];
        if (c == '\n') return p + 1;
        if (c == 0xE3 && is_full_stop(s, p)) return p + 3 < i ? p + 3 : i;
    }
    return from;
}

static size_t next_end(const zg_document *doc, size_t i, size_t to, bool clause)
{
    const char *s = doc->norm;
    for (; i < to; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '\n' || (clause && c == ';')) return i;
        } else if ((c == 0xE3 && is_full_stop(s, i)) || (clause && c == 0xEF && is_full_semicolon(s, i))) {
            return i;
        }
    }
    return to;
}

/* A clause end (\n ; 。 ；) or a comma (, ，) starts at p. */
static bool is_clause_or_comma(const char *s, size_t p)
{
    unsigned char c = (unsigned char)s[p];
    return c == '\n' || c == ';' || c == ',' || (c == 0xE3 && is_full_stop(s, p)) ||
           (c == 0xEF && (is_full_semicolon(s, p) || is_full_comma(s, p)));
}

/* Start of the comma-delimited clause holding norm offset i (not before `from`): just after the
 * last clause end or comma (, ，) that starts in [from, i), else `from` (a byte scan back, as in
 * sentence_start); a `from` inside a character: that character too, where it ends after from. */
static size_t clause_start(const zg_document *doc, size_t from, size_t i)
{
    const char *s = doc->norm;
    for (size_t p = i; p-- > from;)
        if (is_clause_or_comma(s, p)) return (unsigned char)s[p] < 0x80 ? p + 1 : p + 3 < i ? p + 3 : i;
    if (i > from && from < doc->norm_len && ((unsigned char)s[from] & 0xC0) == 0x80) {
        size_t q = zg_meta_char_start(doc, from);
        if (is_clause_or_comma(s, q)) return q + 3 < i ? q + 3 : i; /* a 3-byte stop: from is inside it */
    }
    return from;
}

static int date_cmp(const zg_date *a, const zg_date *b)
{
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    if (a->month != b->month) return a->month < b->month ? -1 : 1;
    return a->day < b->day ? -1 : a->day > b->day;
}

/*
 * End of the last match of the find-all chain of `set` in norm[from, to): no match of the set in
 * norm[0, to) starts in [from, to) at or after it (one starting at or after the end of the chain's
 * last match would have been the chain's next). `from` if there is none, SIZE_MAX if a search
 * gave up (no bound).
 */
static size_t matches_end(zg_scanner *sc, const zg_ruleset *set, const zg_document *doc,
                          size_t from, size_t to)
{
    zg_match m;
    size_t pos = from, end = from;
    int rc = 0;
    while (pos < to && (rc = zg_match_leftmost(sc, set, doc->norm, pos, to, 0, &m)) == 1) {
        end = m.end;
        pos = zg_meta_next(doc, &m);
    }
    return rc < 0 ? SIZE_MAX : end;
}

/*
 * The first date after `from` whose clause says the findings were handed over. When the first
 * date is not it, the cues left in the opening bound the search: the cue after a date is looked
 * for from its end, the cue before it from the start of its clause, and those searches (which
 * end earlier) find only matches that a search over the rest of the opening finds too (the cue
 * rules look neither ahead nor behind, rules/metadata.rules). Once the next date cannot end
 * before the last cue's end nor have its clause start before the last preceding cue's end, no
 * later date can be the one: the dates after it are not looked for.
 */
bool zg_meta_feedback(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                      const zg_date *ref, bool plain, zg_date *out)
{
    const zg_ruleset *cue = ZG_SET(sc, "feedback_cue");
    const zg_ruleset *cue_before = ZG_SET(sc, "feedback_cue_before");
    zg_date d, other;
    size_t dne, one;
    zg_match m;
    const size_t start = from;
    size_t cue_end = SIZE_MAX, before_end = SIZE_MAX;
    bool bounded = false;
    while (from < to) {
        if (from > start && !plain) {
            /* every later date starts at or after lo (in norm, through its text span), so its
             * clause starts at or after cs, and it ends after `from` */
            size_t lo = zg_meta_norm_from_text(doc, zg_norm_to_text(doc, from));
            size_t cs = clause_start(doc, start, lo);
            if (!bounded) {
                cue_end = matches_end(sc, cue, doc, from, to);
                before_end = matches_end(sc, cue_before, doc, cs, to);
                bounded = true;
            }
            if (from >= cue_end && cs >= before_end) return false;
        }
        memset(&d, 0, sizeof d);
        if (zg_date_find(doc, sc, from, to, ref, ZG_DATE_POINT, &d, &dne) != 1 || dne <= from)
            return false;
        size_t ce = next_end(doc, dne, to, true);
        size_t ds = zg_meta_norm_from_text(doc, d.span.start);
        bool said_after = zg_match_leftmost(sc, cue, doc->norm, dne, ce, 0, &m) == 1 &&
                          zg_date_find(doc, sc, dne, m.start, ref, ZG_DATE_POINT, &other, &one) != 1;
        bool said_before = !said_after && ds <= dne &&
                           zg_match_leftmost(sc, cue_before, doc->norm,
                                             clause_start(doc, start, ds), ds, 0, &m) == 1;
        if (said_after || said_before) {
            /* a year taken from the period cannot put the feedback before the period's end;
             * one taken from the signature (no period printed, ref is doc->date) can */
            if (d.inferred && ref && ref != &doc->date && ref->precision &&
                d.precision >= ZG_PREC_MONTH &&
                date_cmp(&d, ref) < 0 && d.month < ref->month)
                d.year++;
            *out = d;
            return true;
        }
        from = dne;
    }
    return false;
}

/*
 * The inspecting body in norm[from, to): the leftmost match of the first of the sets
 * inspection_body.1, .2 … (rules/metadata.rules) that has one, each searched with its companion
 * inspection_body.N.also if there is one (zg_match_leftmost does). One rule per set makes that
 * the first rule in order that matches, as zg_match_first_rule would find it, but each set is
 * searched through its own trigger. A rule folder with a single set `inspection_body` is searched
 * rule by rule.
 */
static int find_body(zg_scanner *sc, const char *norm, size_t from, size_t to, zg_match *m)
{
    const zg_ruleset *all = ZG_SET(sc, "inspection_body");
    if (all) return zg_match_first_rule(sc, all, norm, from, to, 0, m);
    int status = 0;
    for (int i = 1; i < 100; i++) {
        const zg_ruleset *set = zg_lookup_body_set(sc, i);
        if (!set) break;
        int rc = zg_match_leftmost(sc, set, norm, from, to, 0, m); /* with its .also set */
        if (rc == 1) return 1;
        if (rc < 0) status = -1;
    }
    return status;
}

/* Only blanks (norm has folded U+3000 to a space) and, with `comma`, commas in norm[from, to)? */
static bool only_blanks(const zg_document *doc, size_t from, size_t to, bool comma)
{
    for (size_t i = from; i < to;) {
        char c = doc->norm[i];
        if (c == ' ' || c == '\t' || (comma && c == ',')) i++;
        else if (comma && is_full_comma(doc->norm, i)) i += 3;
        else return false;
    }
    return true;
}

/*
 * A period given by its start alone (2024年3月，县委第三巡察组对…开展巡察): a date opening its
 * clause in norm[ss, bs), followed by nothing but blanks or a comma up to the body at bs, whose
 * clause after the body says the inspection was carried out (inspection_act) and says nothing of
 * feedback (2024年5月28日，县委第三巡察组向局党组反馈了巡察意见 is no start).
 */
static bool opening_start(zg_document *doc, zg_scanner *sc, size_t ss, size_t bs, size_t be,
                          size_t to, const zg_date *sig, zg_date *out)
{
    const zg_ruleset *act = ZG_SET(sc, "inspection_act"), *cue = ZG_SET(sc, "feedback_cue");
    zg_date d;
    size_t pos = ss, ne;
    while (act && pos < bs && zg_date_find(doc, sc, pos, bs, sig, ZG_DATE_START, &d, &ne) == 1 &&
           ne > pos) {
        pos = ne;
        size_t ds = zg_meta_norm_from_text(doc, d.span.start);
        if (!only_blanks(doc, ne, bs, true) || !only_blanks(doc, clause_start(doc, ss, ds), ds, false))
            continue;
        size_t ce = be;
        while (ce < to && !is_clause_or_comma(doc->norm, ce)) ce++;
        zg_match m;
        if (zg_match_leftmost(sc, act, doc->norm, be, ce, 0, &m) != 1) return false;
        if (cue && zg_match_leftmost(sc, cue, doc->norm, ne, ce, 0, &m) == 1) return false;
        *out = d;
        return true;
    }
    return false;
}

static void find_inspection(zg_document *doc, zg_scanner *sc, size_t title_end)
{
    size_t open_to = clamp_end(doc, title_end, ZG_META_OPENING_BYTES);
    zg_match m;
    if (find_body(sc, doc->norm, title_end, open_to, &m) != 1) return;
    size_t bs, be;
    if (!ZG_GROUP(sc, &m, "body", &bs, &be)) return;
    doc->inspection.body = zg_sref_from_norm(doc, bs, be);

    /* the period is in the sentence that names the inspectors */
    size_t ss = sentence_start(doc, title_end, bs), se = next_end(doc, be, open_to, false);
    const zg_date *sig = doc->date.precision ? &doc->date : NULL;
    zg_date start, end;
    memset(&start, 0, sizeof start);
    memset(&end, 0, sizeof end);
    size_t after = be, ne;
    if (zg_date_find_range(doc, sc, ss, se, sig, &start, &end, &ne) == 1) {
        doc->inspection.start = start;
        doc->inspection.end = end;
        if (ne > after) after = ne;
    } else if (opening_start(doc, sc, ss, bs, be, se, sig, &start)) {
        doc->inspection.start = start;
    }
    const zg_date *ref = end.precision ? &end : start.precision ? &start : sig;
    zg_date fb;
    if (zg_meta_feedback(doc, sc, after, open_to, ref, false, &fb)) doc->inspection.feedback = fb;
}

/* ------------------------------------------------------------------ reference date */

/* doc->ref_date (model.h): what a date printed without its year is read against. Full dates
 * (2023年11月8日) mostly report events (meetings, feedback), while dates printed with their year
 * but no day are often targets (2025年6月), so a full date is preferred. */
static void find_reference_date(zg_document *doc, zg_scanner *sc)
{
    if (doc->date.precision) {
        doc->ref_date = doc->date;
        return;
    }
    zg_date full, any, d;
    memset(&full, 0, sizeof full);
    memset(&any, 0, sizeof any);
    size_t pos = 0, end;
    while (pos < doc->norm_len &&
           zg_date_find(doc, sc, pos, doc->norm_len, NULL, ZG_DATE_POINT, &d, &end) == 1) {
        if (!d.inferred && d.precision) {
            if (d.precision == ZG_PREC_DAY && date_cmp(&d, &full) > 0) full = d;
            if (date_cmp(&d, &any) > 0) any = d;
        }
        if (end <= pos) break;
        pos = end;
    }
    if (full.precision) doc->ref_date = full;
    else if (doc->inspection.feedback.precision) doc->ref_date = doc->inspection.feedback;
    else if (doc->inspection.end.precision) doc->ref_date = doc->inspection.end;
    else doc->ref_date = any;
}

/* ------------------------------------------------------------------ driver */

zg_status zg_extract_metadata(zg_document *doc, zg_scanner *sc)
{
    doc->kind = "other";
    if (!doc->norm || !sc) return ZG_OK;
    size_t title_end = 0;
    zg_meta_find_title(doc, sc, &title_end);
    size_t sig_start = find_signature(doc, sc);
    find_kind(doc, sc, title_end);
    find_inspection(doc, sc, title_end);
    find_reference_date(doc, sc);
    return zg_extract_contact(doc, sc, sig_start);
}
