/*
 * Spec tests ("normalize every value"): tables of inputs and expected values in tests/spec/NAME.tsv,
 * run through the library on a document built from each input with zg_extract.
 *
 *   test_spec              dates and numbers (must pass)
 *   test_spec NAME …       the named tables: dates, numbers, statuses, totals
 *
 * TSV: '#' lines and blank lines are comments; "\n" and "\t" in a cell are a line break and a tab.
 * An empty expected cell is a NEGATIVE case: nothing may be found. Columns per table:
 *   dates.tsv     mode  input  ref  expected  [span]
 *                 mode point|start|end (zg_date_find with that role) or range (zg_date_find_range);
 *                 ref an ISO date or "-"; expected "ISO precision inferred|exact" (precision
 *                 year|month|day); a range is "START ~ END" with END "-" for an open end; span is
 *                 the printed text of the (first) date, or for a range "START ~ END" the texts of
 *                 both dates.
 *   numbers.tsv   input  expected  [range]
 *                 expected the exact decimal of zg_number_parse; range "LO..HI" of zg_number_range
 *                 with "-" for an open end.
 *   statuses.tsv  input  ref  expected
 *                 zg_extract_progress over the whole text, the signature date set to ref;
 *                 expected "status|long_term|deadline" (long_term true/false, deadline ISO or -).
 *   totals.tsv    input  expected
 *                 zg_extract_declared; expected "key=value" pairs of the totals present, in the
 *                 order categories issues completed in_progress rate (the totals GOLD.md scores;
 *                 基本完成N个/未完成N个 are not scored, so they are not compared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rules.h"
#include "stages.h"

#define MAX_COLS 8

typedef struct runner {
    zg_scanner *sc;
    int passed, failed;
    const char *file;
    int line;
} runner;

static void fail(runner *r, const char *input, const char *fmt, const char *got, const char *expected)
{
    (void)fmt;
    r->failed++;
    fprintf(stderr, "%s:%d: FAIL %s\n  got:      %s\n  expected: %s\n", r->file, r->line, input,
            got, expected);
}

static void compare(runner *r, const char *input, const char *got, const char *expected)
{
    if (strcmp(got, expected) == 0) r->passed++;
    else fail(r, input, NULL, got, expected);
}

/* Unescape \n and \t in place. */
static void unescape(char *s)
{
    char *w = s;
    for (char *p = s; *p; p++) {
        if (p[0] == '\\' && (p[1] == 'n' || p[1] == 't')) {
            *w++ = p[1] == 'n' ? '\n' : '\t';
            p++;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
}

static int split(char *line, char **cols)
{
    int n = 0;
    char *p = line;
    cols[n++] = p;
    while ((p = strchr(p, '\t')) != NULL && n < MAX_COLS) {
        *p++ = '\0';
        cols[n++] = p;
    }
    for (int i = 0; i < n; i++) unescape(cols[i]);
    return n;
}

static zg_document *make_doc(runner *r, const char *input)
{
    zg_input_options o;
    memset(&o, 0, sizeof o);
    o.format = "text";
    zg_document *doc = NULL;
    zg_error err;
    zg_status st = zg_extract(r->sc, (const unsigned char *)input, strlen(input), &o, &doc, &err);
    if (st != ZG_OK) {
        fail(r, input, NULL, err.message, "a document");
        return NULL;
    }
    zg_scanner_bind(r->sc, doc);
    return doc;
}

static void free_doc(runner *r, zg_document *doc)
{
    zg_scanner_bind(r->sc, NULL);
    zg_document_free(doc);
}

static bool parse_ref(const char *s, zg_date *d)
{
    memset(d, 0, sizeof *d);
    if (!s || !*s || strcmp(s, "-") == 0) return false;
    int n = sscanf(s, "%d-%d-%d", &d->year, &d->month, &d->day);
    d->precision = n == 3 ? ZG_PREC_DAY : n == 2 ? ZG_PREC_MONTH : n == 1 ? ZG_PREC_YEAR : ZG_PREC_NONE;
    return d->precision != ZG_PREC_NONE;
}

static const char *precision_name(zg_precision p)
{
    switch (p) {
    case ZG_PREC_YEAR: return "year";
    case ZG_PREC_MONTH: return "month";
    case ZG_PREC_DAY: return "day";
    default: return "none";
    }
}

static void describe_date(const zg_date *d, char *buf, size_t n)
{
    char iso[11];
    zg_date_iso(d, iso);
    if (d->precision == ZG_PREC_NONE) snprintf(buf, n, "-");
    else snprintf(buf, n, "%s %s %s", iso, precision_name(d->precision), d->inferred ? "inferred" : "exact");
}

static void span_text(const zg_document *doc, zg_span sp, char *buf, size_t n)
{
    size_t len = sp.end > sp.start && sp.end <= doc->text_len ? sp.end - sp.start : 0;
    if (len >= n) len = n - 1;
    memcpy(buf, doc->text + sp.start, len);
    buf[len] = '\0';
}

static void run_date_row(runner *r, char **cols, int n)
{
    if (n < 4) {
        fail(r, cols[0], NULL, "a row of 4 or 5 columns", "mode input ref expected [span]");
        return;
    }
    const char *mode = cols[0], *input = cols[1], *expected = cols[3];
    zg_date ref;
    bool has_ref = parse_ref(cols[2], &ref);
    zg_document *doc = make_doc(r, input);
    if (!doc) return;
    char got[192] = "", first_span[256] = "", end_span[256] = "";
    zg_date d, e;
    size_t end = 0;
    int rc;
    if (strcmp(mode, "range") == 0) {
        rc = zg_date_find_range(doc, r->sc, 0, doc->norm_len, has_ref ? &ref : NULL, &d, &e, &end);
        if (rc == 1) {
            char a[64], b[64];
            describe_date(&d, a, sizeof a);
            describe_date(&e, b, sizeof b);
            snprintf(got, sizeof got, "%s ~ %s", a, b);
        }
    } else {
        zg_date_role role = strcmp(mode, "start") == 0 ? ZG_DATE_START
                          : strcmp(mode, "end") == 0 ? ZG_DATE_END : ZG_DATE_POINT;
        rc = zg_date_find(doc, r->sc, 0, doc->norm_len, has_ref ? &ref : NULL, role, &d, &end);
        if (rc == 1) describe_date(&d, got, sizeof got);
    }
    if (rc < 0) snprintf(got, sizeof got, "error %d", rc);
    if (rc == 1) span_text(doc, d.span, first_span, sizeof first_span);
    /* "START ~ END" in the span column: a range's two texts */
    if (rc == 1 && n >= 5 && strstr(cols[4], " ~ ") && strcmp(mode, "range") == 0) {
        span_text(doc, e.span, end_span, sizeof end_span);
        size_t len = strlen(first_span);
        snprintf(first_span + len, sizeof first_span - len, " ~ %s", end_span);
    }
    if (n >= 5 && cols[4][0] && rc == 1 && strcmp(got, expected) == 0) {
        char g[512], x[512];
        snprintf(g, sizeof g, "%s [%s]", got, first_span);
        snprintf(x, sizeof x, "%s [%s]", expected, cols[4]);
        compare(r, input, g, x);
    } else {
        compare(r, input, got, expected);
    }
    free_doc(r, doc);
}

static void run_number_row(runner *r, char **cols, int n)
{
    if (n < 2) {
        fail(r, cols[0], NULL, "a row of 2 or 3 columns", "input expected [range]");
        return;
    }
    zg_arena a;
    zg_arena_init(&a);
    const char *value = NULL;
    bool ok = zg_number_parse(&a, cols[0], strlen(cols[0]), &value);
    compare(r, cols[0], ok && value ? value : "", cols[1]);
    if (n >= 3 && cols[2][0]) {
        const char *lo = NULL, *hi = NULL;
        bool approx = false;
        char got[128] = "";
        if (zg_number_range(&a, cols[0], strlen(cols[0]), &lo, &hi, &approx))
            snprintf(got, sizeof got, "%s..%s", lo ? lo : "-", hi ? hi : "-");
        compare(r, cols[0], got, cols[2]);
    }
    zg_arena_release(&a);
}

static void run_status_row(runner *r, char **cols, int n)
{
    if (n < 3) {
        fail(r, cols[0], NULL, "a row of 3 columns", "input ref expected");
        return;
    }
    zg_document *doc = make_doc(r, cols[0]);
    if (!doc) return;
    zg_date ref;
    /* the reference date stands for the signature date, which is also the context's ref_date */
    if (parse_ref(cols[1], &ref)) doc->date = doc->ref_date = ref;
    else {
        memset(&doc->date, 0, sizeof doc->date);
        memset(&doc->ref_date, 0, sizeof doc->ref_date);
    }
    zg_progress p;
    memset(&p, 0, sizeof p);
    char got[128];
    zg_status st = zg_extract_progress(doc, r->sc, 0, doc->norm_len, &p);
    if (st != ZG_OK) {
        snprintf(got, sizeof got, "status %s", zg_status_name(st));
    } else {
        char iso[11];
        zg_date_iso(&p.deadline, iso);
        const char *name = zg_progress_status_name(p.status);
        snprintf(got, sizeof got, "%s|%s|%s", name ? name : "?", p.long_term ? "true" : "false",
                 iso[0] ? iso : "-");
    }
    compare(r, cols[0], got, cols[2]);
    free_doc(r, doc);
}

static void add_count(char *buf, size_t n, const char *key, const zg_count *c)
{
    if (!c->present) return;
    size_t len = strlen(buf);
    snprintf(buf + len, n - len, "%s%s=%lld", len ? " " : "", key, c->value);
}

static void run_total_row(runner *r, char **cols, int n)
{
    if (n < 2) {
        fail(r, cols[0], NULL, "a row of 2 columns", "input expected");
        return;
    }
    zg_document *doc = make_doc(r, cols[0]);
    if (!doc) return;
    memset(&doc->declared, 0, sizeof doc->declared);
    char got[256] = "";
    zg_status st = zg_extract_declared(doc, r->sc);
    if (st != ZG_OK) {
        snprintf(got, sizeof got, "status %s", zg_status_name(st));
    } else {
        const zg_declared *d = &doc->declared;
        add_count(got, sizeof got, "categories", &d->categories);
        add_count(got, sizeof got, "issues", &d->issues);
        add_count(got, sizeof got, "completed", &d->completed);
        add_count(got, sizeof got, "in_progress", &d->in_progress);
        if (d->rate_present) {
            size_t len = strlen(got);
            snprintf(got + len, sizeof got - len, "%srate=%g", len ? " " : "", d->rate_percent);
        }
    }
    compare(r, cols[0], got, cols[1]);
    free_doc(r, doc);
}

/* Contract checks of the date API that a table row cannot express (offsets, bounds, NULLs). */
static void check(runner *r, bool ok, const char *what)
{
    if (ok) {
        r->passed++;
    } else {
        r->failed++;
        fprintf(stderr, "%s: FAIL %s\n", __FILE__, what);
    }
}

static void run_date_api_checks(runner *r)
{
    check(r, zg_days_in_month(2024, 2) == 29 && zg_days_in_month(2023, 2) == 28 &&
             zg_days_in_month(1900, 2) == 28 && zg_days_in_month(2000, 2) == 29 &&
             zg_days_in_month(2023, 13) == 0 && zg_days_in_month(2023, 4) == 30,
          "zg_days_in_month: leap years and bad months");
    zg_date d;
    memset(&d, 0, sizeof d);
    char iso[11];
    zg_date_iso(&d, iso);
    check(r, iso[0] == '\0', "zg_date_iso of an absent date is empty");
    d.year = 2023;
    d.precision = ZG_PREC_YEAR;
    zg_date_iso(&d, iso);
    check(r, strcmp(iso, "2023") == 0, "zg_date_iso of a year");

    const char *text = "完成时限：2023年9月10日前，巡察组于2022年6月21日至8月31日进驻。";
    r->file = "date API";
    zg_document *doc = make_doc(r, text);
    if (!doc) return;
    size_t end = 0;
    int rc = zg_date_find(doc, r->sc, 0, doc->norm_len, NULL, ZG_DATE_POINT, &d, &end);
    check(r, rc == 1 && end <= doc->norm_len && strncmp(doc->norm + end, "前", strlen("前")) == 0,
          "norm_end stops before the deadline cue 前");
    check(r, rc == 1 && strncmp(doc->text + d.span.start, "2023年9月10日", d.span.end - d.span.start) == 0,
          "span covers the date as printed");
    /* the search starts at `from` and stops at `to` */
    size_t second = 0;
    rc = zg_date_find(doc, r->sc, end, doc->norm_len, NULL, ZG_DATE_POINT, &d, &second);
    check(r, rc == 1 && d.year == 2022 && d.month == 6 && d.day == 21, "the next date from norm_end");
    const char *day = strstr(doc->norm, "10日前");
    rc = day ? zg_date_find(doc, r->sc, 0, (size_t)(day - doc->norm), NULL, ZG_DATE_POINT, &d, &second) : -1;
    check(r, rc == 1 && d.precision == ZG_PREC_MONTH && d.month == 9,
          "a date cut by `to` after its month is a month");
    rc = zg_date_find(doc, r->sc, 0, end - 1, NULL, ZG_DATE_POINT, &d, &second);
    check(r, rc == 0, "a date cut inside its day (mid-character `to`) is no date");
    rc = zg_date_find(doc, r->sc, end, end, NULL, ZG_DATE_POINT, &d, &second);
    check(r, rc == 0 && d.precision == ZG_PREC_NONE, "an empty range finds nothing");
    zg_date s, e;
    rc = zg_date_find_range(doc, r->sc, 0, doc->norm_len, NULL, &s, &e, &end);
    check(r, rc == 1 && s.day == 21 && e.month == 8 && e.day == 31 && end <= doc->norm_len &&
             strncmp(doc->norm + end, "进驻", strlen("进驻")) == 0,
          "a range skips a single date and ends after its end date");
    check(r, zg_date_find(NULL, r->sc, 0, 10, NULL, ZG_DATE_POINT, &d, &end) == 0 &&
             zg_date_find(doc, NULL, 0, 10, NULL, ZG_DATE_POINT, &d, &end) == 0 &&
             zg_date_find_range(doc, r->sc, 10, 5, NULL, &s, &e, &end) == 0,
          "NULL handles and reversed bounds find nothing");
    free_doc(r, doc);
}

static bool run_table(runner *r, const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/spec/%s.tsv", dir, name);
    void (*row)(runner *, char **, int) =
        strcmp(name, "dates") == 0 ? run_date_row : strcmp(name, "numbers") == 0 ? run_number_row
        : strcmp(name, "statuses") == 0 ? run_status_row : strcmp(name, "totals") == 0 ? run_total_row : NULL;
    if (!row) {
        fprintf(stderr, "unknown table %s\n", name);
        return false;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return false;
    }
    r->file = path;
    r->line = 0;
    int before_pass = r->passed, before_fail = r->failed;
    char buf[8192];
    while (fgets(buf, sizeof buf, f)) {
        r->line++;
        size_t len = strlen(buf);
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) buf[--len] = '\0';
        if (len == 0 || buf[0] == '#') continue;
        char *cols[MAX_COLS];
        int n = split(buf, cols);
        row(r, cols, n);
    }
    fclose(f);
    printf("%s: %d passed, %d failed\n", name, r->passed - before_pass, r->failed - before_fail);
    return true;
}

int main(int argc, char **argv)
{
    const char *dir = getenv("ZG_SOURCE_DIR");
    if (!dir) {
        printf("SKIP: ZG_SOURCE_DIR not set\n");
        return 77;
    }
    char rules_dir[1024];
    snprintf(rules_dir, sizeof rules_dir, "%s/rules", dir);
    zg_rules *rules = NULL;
    zg_error err;
    if (zg_rules_load_dir(rules_dir, &rules, &err) != ZG_OK) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        return 1;
    }
    runner r;
    memset(&r, 0, sizeof r);
    if (zg_scanner_create(rules, NULL, &r.sc) != ZG_OK) {
        zg_rules_free(rules);
        return 1;
    }
    bool ok = true;
    if (argc < 2) {
        run_date_api_checks(&r);
        ok = run_table(&r, dir, "dates") && ok;
        ok = run_table(&r, dir, "numbers") && ok;
    }
    for (int i = 1; i < argc; i++) ok = run_table(&r, dir, argv[i]) && ok;
    printf("%d passed, %d failed\n", r.passed, r.failed);
    zg_scanner_free(r.sc);
    zg_rules_free(rules);
    return ok && r.failed == 0 ? 0 : 1;
}
