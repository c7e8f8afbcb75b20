/*
 * zg_lookup_search (extract_lookup.c) answers what zg_match_leftmost / zg_match_first_rule answer:
 * over every clause, sentence and heading title of every notice of corpus/ and corpus-dev, and
 * over ranges starting inside them, for the sets the extractors search that way and others with
 * look-behinds; each range is asked twice without and twice with groups (the later answers come
 * from memory; the groups must equal the engine's) and the memory
 * is shared by all notices, so answers found in one notice are reused in another; each notice's
 * clauses are asked once more after the rest of it. Two texts that
 * differ only in the character before the searched range (a look-behind sees it) get their own
 * answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "lookup.h"
#include "model.h"
#include "stages.h"

static zg_scanner *sc;
static const zg_rules *rules;
static long compared, found;

/* The sets compared: those searched through zg_lookup_search, and others whose rules look behind
 * (dates, markers, declared counts) or are searched with a trigger. */
static const char *const set_names[] = {
    "status", "issues_section", "not_issues_section", "problem_title", "category_class",
    "long_term", "date", "heading_marker", "declared_status", "closing_part", "field_label",
    /* sets searched with their .also set: a match of that set is not remembered */
    "declared_total", "inspection_body.2",
};
enum { N_SETS = sizeof set_names / sizeof set_names[0] };

static void compare(zg_document *doc, const zg_ruleset *set, unsigned how, size_t from, size_t to)
{
    zg_match want, got;
    int rw = how == ZG_SEARCH_FIRST_RULE
                 ? zg_match_first_rule(sc, set, doc->norm, from, to, 0, &want)
                 : zg_match_leftmost(sc, set, doc->norm, from, to, 0, &want);
    /* the engine's groups, kept before the next search */
    PCRE2_SIZE wov[2 * 64];
    uint32_t wpairs = rw == 1 && want.ovector ? want.rule->n_captures + 1 : 0;
    if (wpairs > 64) wpairs = 64;
    for (uint32_t k = 0; k < 2 * wpairs; k++) wov[k] = want.ovector[k];
    for (int round = 0; round < 4; round++) {
        memset(&got, 0, sizeof got);
        bool groups = round >= 2;
        int rg = groups ? zg_lookup_search_groups(sc, doc, set, how, from, to, &got)
                        : zg_lookup_search(sc, doc, set, how, from, to, &got);
        compared++;
        CHECK_INT(rg, rw);
        if (rg != rw || rw != 1) continue;
        found++;
        CHECK(got.rule == want.rule);
        CHECK_INT(got.start, want.start);
        CHECK_INT(got.end, want.end);
        if (groups) {
            /* every group of the rule as the engine has it */
            CHECK(got.ovector != NULL);
            for (uint32_t g = 0; got.ovector && g < wpairs; g++) {
                size_t s1 = 1, e1 = 1;
                bool have = zg_match_group_n(&got, g, &s1, &e1);
                bool want_set = wov[2 * g] != PCRE2_UNSET;
                CHECK(have == want_set);
                if (have && want_set) {
                    CHECK_INT(s1, wov[2 * g]);
                    CHECK_INT(e1, wov[2 * g + 1]);
                }
            }
        }
        if (got.rule != want.rule || got.start != want.start || got.end != want.end)
            fprintf(stderr, "  set %s how %u range [%zu, %zu) round %d\n", set->name, how, from,
                    to, round);
    }
}

static void compare_range(zg_document *doc, size_t from, size_t to)
{
    if (from >= to) return;
    for (int i = 0; i < N_SETS; i++) {
        const zg_ruleset *set = zg_rules_set(rules, set_names[i]);
        if (!set) continue;
        compare(doc, set, ZG_SEARCH_LEFTMOST, from, to);
        compare(doc, set, ZG_SEARCH_FIRST_RULE, from, to);
    }
}

static bool is_stop(const char *s, size_t i, bool clause)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '\n' || c == ';' || c == '!' || c == '?') return true;
    if (clause && c == ',') return true;
    return c == 0xE3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82;   /* 。 */
}

static size_t next_char(const char *s, size_t i, size_t n)
{
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    return i;
}

/* Clauses and sentences (with and without their stop), and ranges from inside them. */
static void compare_pieces(zg_document *doc, bool clause)
{
    const char *s = doc->norm;
    size_t n = doc->norm_len, start = 0;
    for (size_t i = 0; i < n; i = next_char(s, i, n)) {
        if (!is_stop(s, i, clause)) continue;
        size_t end = next_char(s, i, n);
        compare_range(doc, start, i);
        compare_range(doc, start, end);
        /* from the second and third character: the one before is seen by look-behinds */
        size_t a = start < i ? next_char(s, start, n) : i;
        compare_range(doc, a, end);
        if (a < i) compare_range(doc, next_char(s, a, n), i);
        start = end;
    }
    compare_range(doc, start, n);
}

static void each(const char *path, const char *bytes, size_t len, const char *format)
{
    zg_document *doc = fixture_extract(sc, path, bytes, len, format);
    CHECK(doc != NULL);
    if (!doc) return;
    zg_scanner_bind(sc, doc);
    compare_pieces(doc, true);
    compare_pieces(doc, false);
    /* the clauses again: thousands of answers were remembered since, in the same buckets as
     * some of these (kept, replaced or asked again, each must still be the engine's) */
    compare_pieces(doc, true);
    for (size_t i = 0; i < doc->n_headings; i++) {
        const zg_node *h = doc->headings[i];
        if (!h->title.s) continue;
        size_t ns = 0, ne = 0;
        while (ns < doc->norm_len && zg_norm_to_text(doc, ns) < h->title.span.start) ns++;
        ne = ns;
        while (ne < doc->norm_len && zg_norm_to_text(doc, ne) < h->title.span.end) ne++;
        compare_range(doc, ns, ne);
    }
    zg_scanner_bind(sc, NULL);
    zg_document_free(doc);
}

static int each_dir(const char *dir)
{
    return fixture_each_notice(dir, each);
}

/* One text searched from `at`: the answer of status for the same range after another
 * character. */
static int status_after(const char *text, size_t at, zg_match *m)
{
    zg_document *doc = fixture_extract(sc, text, text, strlen(text), NULL);
    CHECK(doc != NULL);
    if (!doc) return -2;
    zg_scanner_bind(sc, doc);
    const zg_ruleset *set = zg_rules_set(rules, "status");
    zg_match want;
    int rw = zg_match_first_rule(sc, set, doc->norm, at, doc->norm_len, 0, &want);
    int rc = zg_lookup_search(sc, doc, set, ZG_SEARCH_FIRST_RULE, at, doc->norm_len, m);
    CHECK_INT(rc, rw);
    if (rc == 1 && rw == 1) CHECK(m->rule == want.rule);
    zg_scanner_bind(sc, NULL);
    zg_document_free(doc);
    return rc;
}

int main(void)
{
    zg_rules *r = NULL;
    if (fixture_open(&r, &sc) != 0) return 1;
    rules = r;

    /* (?<!尚)未整改: the character before the range decides */
    zg_match m;
    CHECK_INT(status_after("再未整改", 3, &m), 1);
    CHECK(m.rule && strcmp(m.rule->yield, "not_started") == 0);
    CHECK(status_after("尚未整改", 3, &m) != 1 || strcmp(m.rule->yield, "not_started") != 0);
    CHECK_INT(status_after("再未整改", 3, &m), 1);
    CHECK(m.rule && strcmp(m.rule->yield, "not_started") == 0);

    int notices = fixture_each_corpus(each_dir);
    CHECK(notices > 0);
    CHECK(found > 0);
    printf("%d notices, %ld answers compared, %ld matches\n", notices, compared, found);
    zg_scanner_free(sc);
    zg_rules_free(r);
    CHECK_DONE();
}
