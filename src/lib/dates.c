/*
 * Date expressions: the rule sets "date", "date_tail", "date_to" and "date_open"
 * (rules/dates.rules) find them in doc->norm; this file turns a match into a zg_date.
 *
 * Decisions (documented here because the extractors rely on them):
 *   - A date printed without a year takes ref's year (inferred = true); without ref it is skipped.
 *   - 上旬/中旬/下旬: START → day 1/11/21, END → day 10/20/last day (inferred), POINT → month.
 *   - 月底/月末 → last day of the month, 年底/年末 → 12-31, for every role (inferred).
 *   - 年初: START → 01-01 (inferred), otherwise month precision YYYY-01 (inferred).
 *   - 上半年/下半年, 第N季度: START → first day, END and POINT → last day (inferred); as a point
 *     these are nearly always deadlines ("力争2024年上半年完成").
 *   - 今年/本年/当年 take ref's year, 明年/次年 the next, 去年/上年 the previous (inferred).
 *   - 2023年度 is a label, not a date. A trailing 前 (deadline cue) is not part of the span.
 *   - In a range the end takes its missing year (and month) from the start; when the end then
 *     falls before the start, it moves into the next year (2022年12月下旬至1月中旬).
 *   - A period printed in one piece (2023年1-6月, 6月21-30日, 2023—2027年) is one match: POINT and
 *     START read its first value, END its second; the range finder returns both. Their spans
 *     divide where the first value has a unit of its own (2023年10月 | 12月 of 2023年10月至12月);
 *     a compact period (2023年1-6月) gives both the whole text.
 *   - An open range (自2022年6月起, 2019年以来, 2022年3月至今) has an end of precision NONE.
 *   - An impossible month or day (2024年2月30日, 2023年2月29日, 13月) is no date: it is skipped
 *     and reported once as a warning "invalid-date" with the expression's span.
 */
#include <stdio.h>
#include <string.h>

#include "lookup.h"
#include "stages.h"
#include "util.h"

/* The named groups date_from_match reads; each is looked up once per match (date_groups). */
enum date_group {
    G_Y, G_REL, G_M, G_D, G_Y2, G_M2, G_D2, G_XUN, G_MEND, G_YEND, G_YSTART, G_HALF, G_Q,
    G_COUNT
};
/* Fixed addresses: the scanner's group lookup (lookup.h) remembers names by address. */
static const char *const group_names[G_COUNT] = {
    "y", "rel", "m", "d", "y2", "m2", "d2", "xun", "mend", "yend", "ystart", "half", "q"
};

/* One match and its groups as far as they were asked for. */
typedef struct date_groups {
    zg_scanner *sc;
    const zg_match *m;
    uint32_t known, found;     /* bit g: group g looked up / took part */
    size_t s[G_COUNT], e[G_COUNT];
} date_groups;

static void groups_init(date_groups *g, zg_scanner *sc, const zg_match *m)
{
    g->sc = sc;
    g->m = m;
    g->known = g->found = 0;
}

/* Offsets of group `name` in the match: false if it did not take part. */
static bool group_at(date_groups *g, enum date_group name, size_t *s, size_t *e)
{
    uint32_t bit = 1u << name;
    if (!(g->known & bit)) {
        g->known |= bit;
        if (zg_lookup_group_static(g->sc, g->m, group_names[name], &g->s[name], &g->e[name]))
            g->found |= bit;
    }
    if (!(g->found & bit)) return false;
    *s = g->s[name];
    *e = g->e[name];
    return true;
}

/* What a match leaves out and where it is taken from. */
typedef struct date_ctx {
    const zg_date *ref;        /* supplies a missing year (and, for tails, a missing month) */
    zg_date_role role;
    bool tail;                 /* a range end: the month may come from ref */
    int year_shift;            /* added to a year taken from ref (range roll-over) */
} date_ctx;

static bool group_present(date_groups *g, enum date_group name)
{
    size_t s, e;
    return group_at(g, name, &s, &e) && e > s;
}

static bool group_int(const zg_document *doc, date_groups *g, enum date_group name, long long *v)
{
    size_t s, e;
    if (!group_at(g, name, &s, &e) || e <= s) return false;
    *v = zg_number_int(doc->norm + s, e - s);
    return true;
}

static bool group_is(const zg_document *doc, date_groups *g, enum date_group name,
                     const char *text)
{
    size_t s, e;
    if (!group_at(g, name, &s, &e)) return false;
    size_t n = strlen(text);
    return e - s == n && memcmp(doc->norm + s, text, n) == 0;
}

/* A month's number: 元 (元月) is January. */
static bool group_month(const zg_document *doc, date_groups *g, enum date_group name, long long *v)
{
    if (!group_int(doc, g, name, v)) return false;
    if (*v < 0 && group_is(doc, g, name, "元")) *v = 1;
    return true;
}

/* A year read digit by digit (2023, 二〇二三, 二O二三: a letter O stands for 〇); -1 if not one. */
static long long group_year(const zg_document *doc, date_groups *g, enum date_group name)
{
    size_t s, e;
    if (!group_at(g, name, &s, &e) || e <= s) return -1;
    long long v = 0;
    for (size_t i = s; i < e;) {
        size_t at = i;
        uint32_t cp = zg_utf8_next(doc->norm, e, &i);
        /* an ASCII digit is what zg_number_int reads it as, without the call */
        long long d = (cp >= '0' && cp <= '9')       ? (long long)(cp - '0')
                      : (cp == 'O' || cp == 0xFF2F) ? 0
                                                    : zg_number_int(doc->norm + at, i - at);
        if (d < 0 || d > 9) return -1;
        v = v * 10 + d;
    }
    return v;
}

/* Offset of a relative year word (今年 0, 明年 +1, 去年 -1 …). */
static int relative_year(const zg_document *doc, date_groups *g)
{
    static const char *const next[] = { "明", "次", "翌" }, *const prev[] = { "去", "上" };
    for (size_t i = 0; i < sizeof next / sizeof next[0]; i++)
        if (group_is(doc, g, G_REL, next[i])) return 1;
    for (size_t i = 0; i < sizeof prev / sizeof prev[0]; i++)
        if (group_is(doc, g, G_REL, prev[i])) return -1;
    return 0;
}

/* Day of a period's first or last part for the role; *day = 0 means "keep month precision". */
static void set_day(zg_date *d, int first, int last, zg_date_role role)
{
    if (role == ZG_DATE_START) d->day = first;
    else if (role == ZG_DATE_END) d->day = last;
    else d->day = 0;
}

/* Report an impossible date once per span (the extractors search the same text repeatedly). */
static void report_invalid(zg_document *doc, const zg_match *m)
{
    zg_span sp = zg_span_from_norm(doc, m->start, m->end);
    for (size_t i = 0; i < doc->n_diagnostics; i++) {
        const zg_diagnostic *g = &doc->diagnostics[i];
        if (g->span.start == sp.start && g->span.end == sp.end && strcmp(g->code, "invalid-date") == 0)
            return;
    }
    zg_doc_diag(doc, ZG_SEV_WARNING, "invalid-date", sp, "impossible date '%.*s' ignored",
                (int)(sp.end - sp.start), doc->text + sp.start);
}

/* Turn the match of g into a date; false if it is not a valid one (an impossible one is
 * reported). */
static bool date_from_match(zg_document *doc, date_groups *g, const date_ctx *cx, zg_date *out)
{
    const zg_match *m = g->m;
    zg_date d;
    memset(&d, 0, sizeof d);
    long long v;
    size_t s, e;

    /* a span printed in one piece (2023年1-6月): its END reads the second value */
    bool second = cx->role == ZG_DATE_END;
    enum date_group yg = second && group_present(g, G_Y2) ? G_Y2 : G_Y;
    enum date_group mg = second && group_present(g, G_M2) ? G_M2 : G_M;
    enum date_group dg = second && group_present(g, G_D2) ? G_D2 : G_D;
    /* the end's year (and month) were printed once */
    if (mg == G_M2 || dg == G_D2) d.inferred = true;

    /* a month or day that exists in no year is impossible whether or not the year is known */
    long long pm, pd;
    if (group_month(doc, g, mg, &pm) &&
        (pm < 1 || pm > 12 ||
         (group_int(doc, g, dg, &pd) && (pd < 1 || pd > zg_days_in_month(2000, (int)pm))))) {
        report_invalid(doc, m);
        return false;
    }

    if (group_present(g, yg)) {
        v = group_year(doc, g, yg);
        if (v < 1900 || v > 2199) return false;
        d.year = (int)v;
    } else if (group_present(g, G_REL)) {
        if (!cx->ref || cx->ref->precision < ZG_PREC_YEAR) return false;
        d.year = cx->ref->year + relative_year(doc, g);
        d.inferred = true;
    } else {
        if (!cx->ref || cx->ref->precision < ZG_PREC_YEAR) return false;
        d.year = cx->ref->year + cx->year_shift;
        d.inferred = true;
    }

    bool has_month = false;
    if (group_month(doc, g, mg, &v)) {
        if (v < 1 || v > 12) return false;
        d.month = (int)v;
        has_month = true;
        long long first_month;   /* 2022年11-2月: the end month lies in the next year */
        if (mg == G_M2 && !group_present(g, G_Y2) && group_month(doc, g, G_M, &first_month) &&
            v < first_month)
            d.year++;
    } else if (cx->tail && (group_present(g, G_D) || group_present(g, G_XUN) ||
                            group_present(g, G_MEND))) {
        if (!cx->ref || cx->ref->precision < ZG_PREC_MONTH) return false;
        d.month = cx->ref->month;
        has_month = true;
        d.inferred = true;
    }

    if (has_month) {
        int last = zg_days_in_month(d.year, d.month);
        if (group_int(doc, g, dg, &v)) {
            if (v < 1 || v > last) {   /* 2月29日 of a common year */
                report_invalid(doc, m);
                return false;
            }
            d.day = (int)v;
        } else if (group_at(g, G_XUN, &s, &e) && e > s) {
            int first = group_is(doc, g, G_XUN, "上")   ? 1
                        : group_is(doc, g, G_XUN, "中") ? 11
                                                            : 21;
            int end = first == 1 ? 10 : first == 11 ? 20 : last;
            set_day(&d, first, end, cx->role);
            if (d.day) d.inferred = true;
        } else if (group_present(g, G_MEND)) {
            d.day = last;
            d.inferred = true;
        }
        d.precision = d.day ? ZG_PREC_DAY : ZG_PREC_MONTH;
    } else if (group_present(g, G_YEND)) {
        d.month = 12;
        d.day = 31;
        d.inferred = true;
        d.precision = ZG_PREC_DAY;
    } else if (group_present(g, G_YSTART)) {
        d.month = 1;
        d.day = cx->role == ZG_DATE_START ? 1 : 0;
        d.inferred = true;
        d.precision = d.day ? ZG_PREC_DAY : ZG_PREC_MONTH;
    } else if (group_present(g, G_HALF) || group_present(g, G_Q)) {
        int first_month, last_month;
        if (group_present(g, G_HALF)) {
            first_month = group_is(doc, g, G_HALF, "上") ? 1 : 7;
            last_month = first_month + 5;
        } else {
            if (!group_int(doc, g, G_Q, &v) || v < 1 || v > 4) return false;
            first_month = (int)v * 3 - 2;
            last_month = first_month + 2;
        }
        if (cx->role == ZG_DATE_START) {
            d.month = first_month;
            d.day = 1;
        } else {
            d.month = last_month;
            d.day = zg_days_in_month(d.year, last_month);
        }
        d.inferred = true;
        d.precision = ZG_PREC_DAY;
    } else {
        d.precision = ZG_PREC_YEAR;
    }
    *out = d;
    return true;
}

/*
 * Where a period printed in one piece divides into the texts of its two dates: the first value
 * with its own unit (2023年10月 of 2023年10月至12月) and the second from its value on (12月).
 * A compact period (2023年1-6月, 6月21-30日, 2023—2027年), whose first value has no unit of its
 * own, does not divide: both dates keep the whole text.
 */
static bool split_period(const zg_document *doc, date_groups *g, size_t *first_end,
                         size_t *second_start)
{
    static const struct {
        enum date_group first, second;
        const char *unit[2];
    } forms[] = { { G_Y, G_Y2, { "年", NULL } }, { G_M, G_M2, { "月", NULL } },
                  { G_D, G_D2, { "日", "号" } } };
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        size_t s1, e1, s2, e2;
        if (!group_at(g, forms[f].second, &s2, &e2) || e2 <= s2) continue;
        if (!group_at(g, forms[f].first, &s1, &e1) || e1 <= s1) return false;
        size_t p = e1;
        while (p < s2 && (doc->norm[p] == ' ' || doc->norm[p] == '\t')) p++;
        for (size_t u = 0; u < 2 && forms[f].unit[u]; u++) {
            size_t n = strlen(forms[f].unit[u]);
            if (p + n <= s2 && memcmp(doc->norm + p, forms[f].unit[u], n) == 0) {
                *first_end = p + n;
                *second_start = s2;
                return true;
            }
        }
        return false;
    }
    return false;
}

static long date_key(const zg_date *d)
{
    return (long)d->year * 10000L + (long)d->month * 100L + d->day;
}

/* Leftmost valid date of `set` in norm[from, to); invalid matches are skipped. */
static int find_in_set(zg_document *doc, zg_scanner *sc, const zg_ruleset *set, size_t from,
                       size_t to, const date_ctx *cx, zg_date *out, size_t *ms, size_t *me,
                       zg_date *span_end, size_t split[2])
{
    size_t pos = from;
    while (pos < to) {
        zg_match m;
        /* statements repeat (…2024年12月底前完成。): answers are remembered by their text */
        int rc = zg_lookup_search_groups(sc, doc, set, ZG_SEARCH_LEFTMOST, pos, to, &m);
        if (rc <= 0) return rc;
        date_groups g;
        groups_init(&g, sc, &m);
        if (date_from_match(doc, &g, cx, out)) {
            *ms = m.start;
            *me = m.end;
            /* a span printed in one piece (2023年1-6月) also gives the end of the period */
            if (span_end) {
                memset(span_end, 0, sizeof *span_end);
                if (group_present(&g, G_Y2) || group_present(&g, G_M2) || group_present(&g, G_D2)) {
                    date_ctx end_cx = *cx;
                    end_cx.role = ZG_DATE_END;
                    /* a span cannot run backwards (2022年6月30-21日): no end then */
                    if (!date_from_match(doc, &g, &end_cx, span_end) ||
                        date_key(span_end) < date_key(out))
                        memset(span_end, 0, sizeof *span_end);
                    else if (!split_period(doc, &g, &split[0], &split[1]))
                        split[0] = m.end, split[1] = m.start;
                }
            }
            return 1;
        }
        size_t next = m.start;
        zg_utf8_next(doc->norm, to, &next);
        pos = next;
    }
    return 0;
}

/*
 * A date of `set` starting exactly at `at`. With `leftmost` the set is searched from `at` and a
 * match elsewhere is ignored: the leftmost match starting at `at` is the first rule matching
 * there, as the anchored search has it, and the date set's anchored combined pattern (22 long
 * rules) costs more to compile than the few range ends of a run ever save.
 */
static int date_at(zg_document *doc, zg_scanner *sc, const zg_ruleset *set, bool leftmost,
                   size_t at, size_t to, const date_ctx *cx, zg_date *out, size_t *me)
{
    if (!set) return 0;
    zg_match m;
    int rc = leftmost ? zg_match_leftmost(sc, set, doc->norm, at, to, 0, &m)
                      : zg_match_first_rule(sc, set, doc->norm, at, to, ZG_MATCH_ANCHORED, &m);
    if (rc <= 0) return rc;
    if (m.start != at) return 0;
    date_groups g;
    groups_init(&g, sc, &m);
    if (!date_from_match(doc, &g, cx, out)) return 0;
    *me = m.end;
    return 1;
}

/* Clamp [from, to) to the text and to whole UTF-8 characters (PCRE2 runs without UTF checks). */
static bool clamp_range(const zg_document *doc, size_t *from, size_t *to)
{
    if (!doc || !doc->norm) return false;
    if (*to > doc->norm_len) *to = doc->norm_len;
    while (*to > *from && ((unsigned char)doc->norm[*to] & 0xC0) == 0x80) (*to)--;
    while (*from < *to && ((unsigned char)doc->norm[*from] & 0xC0) == 0x80) (*from)++;
    return *from < *to;
}

int zg_date_find(zg_document *doc, zg_scanner *sc, size_t from, size_t to, const zg_date *ref,
                 zg_date_role role, zg_date *out, size_t *norm_end)
{
    if (out) memset(out, 0, sizeof *out);
    if (!sc || !out || !clamp_range(doc, &from, &to)) return 0;
    const zg_ruleset *set = ZG_SET(sc, "date");
    if (!set) return 0;
    date_ctx cx = { ref, role, false, 0 };
    size_t ms, me;
    int rc = find_in_set(doc, sc, set, from, to, &cx, out, &ms, &me, NULL, NULL);
    if (rc != 1) return rc;
    out->span = zg_span_from_norm(doc, ms, me);
    if (norm_end) *norm_end = me;
    return 1;
}

/* The end of a range at norm offset `at`: a full date, or a tail taking parts from `start`. */
static int range_end_at(zg_document *doc, zg_scanner *sc, size_t at, size_t to,
                        const zg_date *start, zg_date *end, size_t *me)
{
    for (int shift = 0; shift <= 1; shift++) {
        date_ctx cx = { start, ZG_DATE_END, false, shift };
        int rc = date_at(doc, sc, ZG_SET(sc, "date"), true, at, to, &cx, end, me);
        if (rc == 0) {
            cx.tail = true;
            rc = date_at(doc, sc, ZG_SET(sc, "date_tail"), false, at, to, &cx, end, me);
        }
        if (rc != 1) return rc;
        /* only a year taken from the start can roll over into the next year */
        bool year_from_start = end->inferred && end->year == start->year + shift;
        if (shift == 0 && year_from_start && date_key(end) < date_key(start)) continue;
        return 1;
    }
    return 0; /* (reached only after a roll-over that failed: 2月29日 in the next year) */
}

/*
 * A range closed later in its sentence (…自2023年9月12日起对…开展巡视，至11月10日结束; …于3月11日进驻…，
 * 至5月10日结束): after a start that ends at `after`, a date_close connector, the end date, and
 * date_close_end right after it. 1 with *end and *me (norm end of the end date), else 0 or -1.
 */
static int closed_later(zg_document *doc, zg_scanner *sc, size_t after, size_t to,
                        const zg_date *start, zg_date *end, size_t *es, size_t *me)
{
    const zg_ruleset *close = ZG_SET(sc, "date_close"), *close_end = ZG_SET(sc, "date_close_end");
    zg_match m;
    if (!close || !close_end || zg_match_leftmost(sc, close, doc->norm, after, to, 0, &m) != 1)
        return 0;
    *es = m.end;
    int rc = range_end_at(doc, sc, m.end, to, start, end, me);
    if (rc != 1) return rc;
    if (zg_match_first_rule(sc, close_end, doc->norm, *me, to, ZG_MATCH_ANCHORED, &m) == 1) return 1;
    memset(end, 0, sizeof *end);
    return 0;
}

int zg_date_find_range(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                       const zg_date *ref, zg_date *start, zg_date *end, size_t *norm_end)
{
    if (start) memset(start, 0, sizeof *start);
    if (end) memset(end, 0, sizeof *end);
    if (!sc || !start || !end || !clamp_range(doc, &from, &to)) return 0;
    const zg_ruleset *set = ZG_SET(sc, "date");
    const zg_ruleset *to_set = ZG_SET(sc, "date_to");
    const zg_ruleset *open_set = ZG_SET(sc, "date_open");
    if (!set) return 0;
    date_ctx cx = { ref, ZG_DATE_START, false, 0 };
    size_t pos = from;
    while (pos < to) {
        size_t ms, me, split[2] = { 0, 0 };
        int rc = find_in_set(doc, sc, set, pos, to, &cx, start, &ms, &me, end, split);
        if (rc != 1) {
            memset(start, 0, sizeof *start);
            return rc;
        }
        if (end->precision != ZG_PREC_NONE) {
            start->span = zg_span_from_norm(doc, ms, split[0]);
            end->span = zg_span_from_norm(doc, split[1], me);
            if (norm_end) *norm_end = me;
            return 1;
        }
        zg_match m;
        if (to_set && zg_match_first_rule(sc, to_set, doc->norm, me, to, ZG_MATCH_ANCHORED, &m) == 1) {
            size_t ee;
            if (range_end_at(doc, sc, m.end, to, start, end, &ee) == 1) {
                start->span = zg_span_from_norm(doc, ms, me);
                end->span = zg_span_from_norm(doc, m.end, ee);
                if (norm_end) *norm_end = ee;
                return 1;
            }
            memset(end, 0, sizeof *end);
        }
        size_t es, ee;
        if (closed_later(doc, sc, me, to, start, end, &es, &ee) == 1) {
            start->span = zg_span_from_norm(doc, ms, me);
            end->span = zg_span_from_norm(doc, es, ee);
            if (norm_end) *norm_end = ee;
            return 1;
        }
        memset(end, 0, sizeof *end);
        if (open_set && zg_match_first_rule(sc, open_set, doc->norm, me, to, ZG_MATCH_ANCHORED, &m) == 1) {
            start->span = zg_span_from_norm(doc, ms, me);
            if (norm_end) *norm_end = m.end;
            return 1;
        }
        size_t next = ms;
        zg_utf8_next(doc->norm, to, &next);
        pos = next;
    }
    memset(start, 0, sizeof *start);
    return 0;
}

void zg_date_iso(const zg_date *d, char buf[11])
{
    if (!d) {
        buf[0] = '\0';
        return;
    }
    unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u, dd = (unsigned)d->day % 100u;
    switch (d->precision) {
    case ZG_PREC_DAY: snprintf(buf, 11, "%04u-%02u-%02u", y, m, dd); break;
    case ZG_PREC_MONTH: snprintf(buf, 11, "%04u-%02u", y, m); break;
    case ZG_PREC_YEAR: snprintf(buf, 11, "%04u", y); break;
    default: buf[0] = '\0';
    }
}

int zg_days_in_month(int year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (month < 1 || month > 12) return 0;
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[month - 1];
}
