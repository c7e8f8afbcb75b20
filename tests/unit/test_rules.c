/* The rule engine: file format, error positions, set lookup, matching, limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "model.h"
#include "rules.h"

static char tmpdir[] = "/tmp/zg-test-rules-XXXXXX";

static const char *write_rules(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

static zg_status load_text(const char *text, zg_rules **r, zg_error *err)
{
    const char *p = write_rules("t.rules", text);
    return zg_rules_load_file(p, r, err);
}

static void test_errors(void)
{
    zg_rules *r = NULL;
    zg_error err;

    CHECK_INT(load_text("set s\nok - a(b\n", &r, &err), ZG_ERR_RULES);
    CHECK(r == NULL);
    CHECK_INT(err.line, 2);
    CHECK_INT(err.column, 9); /* just after "a(b": PCRE2 points at the end of the pattern */
    CHECK(strstr(err.message, "ok") != NULL);
    CHECK(strstr(err.file, "t.rules") != NULL);

    CHECK_INT(load_text("# c\n\nx - abc\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 3);
    CHECK(strstr(err.message, "before any 'set") != NULL);

    CHECK_INT(load_text("set s\nx -\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 2);

    CHECK_INT(load_text("set s\nx - a\nx - b\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 3);
    CHECK(strstr(err.message, "duplicate") != NULL);

    CHECK_INT(load_text("set s\nbad/name - a\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.column, 1);

    CHECK_INT(load_text("set\n", &r, &err), ZG_ERR_RULES);

    /* a column counts characters, not bytes */
    CHECK_INT(load_text("set s\nx - 整改(\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.column, 8);

    /* \C (one byte of a UTF-8 character) is refused, in rules and triggers: a match ending
     * inside a character would make the next search read invalid UTF-8 (a crash in JIT code) */
    CHECK_INT(load_text("set s\nx - a\nbyte - 整\\C\n", &r, &err), ZG_ERR_RULES);
    CHECK(r == NULL);
    CHECK_INT(err.line, 3);
    CHECK(strstr(err.message, "\\C") != NULL);
    CHECK_INT(load_text("set s near \\C within 3\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK(r == NULL);
    CHECK_INT(err.line, 1);

    CHECK_INT(zg_rules_load_dir("/nonexistent-zg-dir", &r, &err), ZG_ERR_IO);
}

/* `format N`: optional, N the format this loader reads (1); files put together keep theirs. */
static void test_format_line(void)
{
    zg_rules *r = NULL;
    zg_error err;
    CHECK_INT(load_text("# header\n\nformat 1\nset s\nx - a\n", &r, &err), ZG_OK);
    CHECK(r != NULL && zg_rules_set(r, "s") != NULL);
    zg_rules_free(r);
    r = NULL;

    CHECK_INT(load_text("format 2\nset s\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK(r == NULL);
    CHECK_INT(err.line, 1);
    CHECK_INT(err.column, 8);
    CHECK(strstr(err.message, "format 2") != NULL && strstr(err.message, "format 1") != NULL);

    /* two files run together: each one's line stays valid */
    CHECK_INT(load_text("format 1\nset s\nx - a\nformat 1\nset t\ny - b\n", &r, &err), ZG_OK);
    CHECK(r != NULL && zg_rules_set(r, "t") != NULL);
    zg_rules_free(r);
    r = NULL;
    CHECK_INT(load_text("format 1\nset s\nx - a\nformat 3\nset t\ny - b\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 4);

    CHECK_INT(load_text("format one\nset s\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 1);
    CHECK(strstr(err.message, "version number") != NULL);
    CHECK_INT(load_text("format\nset s\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(load_text("format 1 x\nset s\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(load_text("format 99999999999999999999\nset s\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK(r == NULL);
}

static void test_sets_and_matching(void)
{
    zg_rules *r = NULL;
    zg_error err;
    zg_status st = load_text("# status words\n"
                             "set status\n"
                             "partial  partially_completed  阶段性\n"
                             "done     completed            已(?:全部)?完成\n"
                             "set num\n"
                             "arabic   n   (?<num>\\d+)\\.(?!\\d)\n"
                             "set status\n"
                             "doing    in_progress          正在整改\n",
                             &r, &err);
    CHECK_INT(st, ZG_OK);
    if (st != ZG_OK) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        return;
    }
    CHECK_INT(zg_rules_count(r), 4);
    const zg_ruleset *status = zg_rules_set(r, "status");
    CHECK(status != NULL);
    CHECK_INT(status->n_rules, 3); /* continued set keeps file order */
    CHECK_STR(status->rules[2].name, "doing");
    CHECK_INT(status->rules[2].line, 8);
    CHECK(zg_rules_set(r, "nope") == NULL);
    CHECK_STR(zg_ruleset_by_yield(status, "completed")->name, "done");

    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(r, NULL, &sc), ZG_OK);
    const char *s = "目前已完成阶段性整改，正在整改";
    zg_match m;
    /* leftmost: 已完成 starts before 阶段性 */
    CHECK_INT(zg_match_leftmost(sc, status, s, 0, strlen(s), 0, &m), 1);
    CHECK_STR(m.rule->name, "done");
    CHECK_INT(m.start, strlen("目前"));
    /* first rule in order that matches anywhere: partial */
    CHECK_INT(zg_match_first_rule(sc, status, s, 0, strlen(s), 0, &m), 1);
    CHECK_STR(m.rule->name, "partial");
    /* find-all loop through the cache gives every match in order */
    size_t pos = 0;
    const char *seen[4];
    int n = 0;
    while (n < 4 && zg_match_leftmost(sc, status, s, pos, strlen(s), 0, &m) == 1) {
        seen[n++] = m.rule->name;
        pos = m.end;
    }
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(seen[0], "done");
        CHECK_STR(seen[1], "partial");
        CHECK_STR(seen[2], "doing");
    }
    /* anchored */
    CHECK_INT(zg_match_leftmost(sc, status, s, 0, strlen(s), ZG_MATCH_ANCHORED, &m), 0);
    CHECK_INT(zg_match_leftmost(sc, status, s, strlen("目前"), strlen(s), ZG_MATCH_ANCHORED, &m), 1);
    /* the range end limits the subject */
    CHECK_INT(zg_match_leftmost(sc, status, s, 0, strlen("目前已完"), 0, &m), 0);

    const zg_ruleset *num = zg_rules_set(r, "num");
    const char *t = "共3.5万元，1.关于问题";
    CHECK_INT(zg_match_leftmost(sc, num, t, 0, strlen(t), 0, &m), 1);
    size_t a, b;
    CHECK(zg_match_group(&m, "num", &a, &b));
    CHECK_INT(b - a, 1);
    CHECK(t[a] == '1');
    CHECK(!zg_match_group(&m, "nope", &a, &b));
    zg_scanner_free(sc);
    zg_rules_free(r);
}

/* `define NAME PATTERN` and {{NAME}}: expanded as text into (?:PATTERN), for the rest of the file */
static void test_defines(void)
{
    zg_rules *r = NULL;
    zg_error err;
    zg_status st = load_text("define DIGITS \\d{1,2}\n"
                             "define MONTH {{DIGITS}}月\n"       /* a define may use the ones above */
                             "define DASH 至|到|-\n"
                             "set span near 月 within 6\n"
                             "m_span - (?<m>{{MONTH}}){{DASH}}(?<m2>{{MONTH}})\n"
                             "m - (?<m>{{DIGITS}})月份?\n",
                             &r, &err);
    CHECK_INT(st, ZG_OK);
    if (st != ZG_OK) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        return;
    }
    const zg_ruleset *span = zg_rules_set(r, "span");
    CHECK(span != NULL && span->n_rules == 2);
    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(r, NULL, &sc), ZG_OK);
    zg_match m;
    /* the alternation of DASH stays inside its group: 1月至3月 is one match, not 1月至 */
    const char *s = "自1月至3月底";
    CHECK_INT(zg_match_first_rule(sc, span, s, 0, strlen(s), 0, &m), 1);
    CHECK_STR(m.rule->name, "m_span");
    CHECK_INT(m.start, strlen("自"));
    CHECK_INT(m.end, strlen("自1月至3月"));
    size_t a, b;
    CHECK(zg_match_group(&m, "m2", &a, &b) && b - a == strlen("3月"));
    /* a quantifier after a reference applies to the whole piece: (?:\d{1,2}) then 月 */
    const char *t = "12月份";
    CHECK_INT(zg_match_leftmost(sc, span, t, 0, strlen(t), 0, &m), 1);
    CHECK_STR(m.rule->name, "m");
    CHECK_INT(m.end, strlen(t));
    zg_scanner_free(sc);
    zg_rules_free(r);

    /* the trigger may use defines too */
    CHECK_INT(load_text("define MARK [年月]\nset d near {{MARK}} within 4\nx - \\d+{{MARK}}\n", &r, &err),
              ZG_OK);
    const zg_ruleset *d = r ? zg_rules_set(r, "d") : NULL;
    CHECK(d != NULL && d->near != NULL && strcmp(d->near, "(?:[年月])") == 0);
    zg_rules_free(r);
    r = NULL;

    /* errors name the line and the column of the reference */
    CHECK_INT(load_text("set s\nx - ab{{NOPE}}\n", &r, &err), ZG_ERR_RULES);
    CHECK(r == NULL);
    CHECK_INT(err.line, 2);
    CHECK_INT(err.column, 7);
    CHECK(strstr(err.message, "NOPE") != NULL && strstr(err.message, "not defined") != NULL);
    /* a define holds below it only */
    CHECK_INT(load_text("set s\nx - {{A}}\ndefine A a\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 2);
    CHECK_INT(load_text("define A a\ndefine A b\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 2);
    CHECK(strstr(err.message, "already defined") != NULL);
    CHECK_INT(load_text("define A\n", &r, &err), ZG_ERR_RULES);
    CHECK(strstr(err.message, "needs a pattern") != NULL);
    CHECK_INT(load_text("define a/b x\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.column, 8);
    CHECK_INT(load_text("set s\nx - a{{b\n", &r, &err), ZG_ERR_RULES);
    CHECK(strstr(err.message, "literal brace") != NULL);
    /* a compile error inside an expanded pattern points at the pattern and says so */
    CHECK_INT(load_text("define BAD a(b\nset s\nx - z{{BAD}}\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 3);
    CHECK_INT(err.column, 5);
    CHECK(strstr(err.message, "expanded") != NULL);
    /* an expansion is bounded like any pattern */
    char big[9000];
    int n = snprintf(big, sizeof big, "define A aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
                                      "define B {{A}}{{A}}{{A}}{{A}}{{A}}{{A}}{{A}}{{A}}\n"
                                      "define C {{B}}{{B}}{{B}}{{B}}{{B}}{{B}}{{B}}{{B}}\n"
                                      "set s\nx - {{C}}{{C}}\n");
    CHECK(n > 0 && (size_t)n < sizeof big);
    CHECK_INT(load_text(big, &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 5);
    CHECK(strstr(err.message, "longer than") != NULL);
    /* defines do not reach into the next file */
    CHECK(write_rules("a.rules", "define A a\nset s\nx - {{A}}\n") != NULL);
    CHECK(write_rules("b.rules", "set s\ny - {{A}}\n") != NULL);
    CHECK_INT(zg_rules_load_dir(tmpdir, &r, &err), ZG_ERR_RULES);
    CHECK(strstr(err.file, "b.rules") != NULL);
    CHECK_INT(err.line, 2);
    unlink(write_rules("a.rules", ""));
    unlink(write_rules("b.rules", ""));
}

/* A set NAME.also is linked to its set NAME; one without its main set, or of an .also set, is
 * an error at its first rule (nothing would search it). */
static void test_also_sets(void)
{
    zg_rules *r = NULL;
    zg_error err;
    CHECK_INT(load_text("set total\nx - 共(\\d+)个\nset total.also\ny - 涉及(\\d+)个\n"
                        "set other\nz - 其他\n", &r, &err), ZG_OK);
    const zg_ruleset *total = zg_rules_set(r, "total"), *also = zg_rules_set(r, "total.also");
    CHECK(total != NULL && also != NULL);
    if (total && also) {
        CHECK(total->also == also);
        CHECK(also->also == NULL);
    }
    const zg_ruleset *other = zg_rules_set(r, "other");
    CHECK(other != NULL && other->also == NULL);

    /* searched as one set: the earlier start wins (with its groups), at one start the main set */
    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(r, NULL, &sc), ZG_OK);
    const char *text = "涉及12个，共3个问题，涉及4个";
    size_t n = strlen(text);
    for (unsigned flags = 0; sc && total && flags <= ZG_MATCH_PLAIN; flags += ZG_MATCH_PLAIN) {
        zg_match m;
        size_t gs = 0, ge = 0;
        CHECK_INT(zg_match_leftmost(sc, total, text, 0, n, flags, &m), 1);
        CHECK(strcmp(m.rule->name, "y") == 0 && m.start == 0);
        CHECK(zg_match_group_n(&m, 1, &gs, &ge) && ge - gs == 2 && memcmp(text + gs, "12", 2) == 0);
        size_t after = m.end;
        CHECK_INT(zg_match_leftmost(sc, total, text, after, n, flags, &m), 1);
        CHECK(strcmp(m.rule->name, "x") == 0);
        CHECK(zg_match_group_n(&m, 1, &gs, &ge) && text[gs] == '3');
        CHECK_INT(zg_match_leftmost(sc, total, text, m.end, n, flags, &m), 1);
        CHECK(strcmp(m.rule->name, "y") == 0 && text[m.end - 4] == '4');
        CHECK_INT(zg_match_leftmost(sc, total, text, m.end, n, flags, &m), 0);
        CHECK_INT(zg_match_leftmost(sc, also, text, after, n, flags, &m), 1); /* .also alone */
        CHECK(strcmp(m.rule->name, "y") == 0 && text[m.end - 4] == '4');
        /* first rule: the set's own rules first, then the .also set's, each wherever it matches */
        CHECK_INT(zg_match_first_rule(sc, total, text, 0, n, flags, &m), 1);
        CHECK(strcmp(m.rule->name, "x") == 0 && text[m.start] != text[0]);
        CHECK_INT(zg_match_first_rule(sc, total, text, 0, after, flags, &m), 1); /* 涉及12个 only */
        CHECK(strcmp(m.rule->name, "y") == 0 && m.start == 0);
        CHECK(zg_match_group_n(&m, 1, &gs, &ge) && ge - gs == 2 && memcmp(text + gs, "12", 2) == 0);
        /* anchored: at 0 only the .also rule matches, after 涉及12个， only the set's own */
        CHECK_INT(zg_match_first_rule(sc, total, text, 0, n, flags | ZG_MATCH_ANCHORED, &m), 1);
        CHECK(strcmp(m.rule->name, "y") == 0 && m.start == 0);
        CHECK_INT(zg_match_first_rule(sc, total, text, after + 3, n, flags | ZG_MATCH_ANCHORED, &m), 1);
        CHECK(strcmp(m.rule->name, "x") == 0);
        CHECK_INT(zg_match_first_rule(sc, total, text, 1, n, flags | ZG_MATCH_ANCHORED, &m), 0);
    }
    zg_scanner_free(sc);
    zg_rules_free(r);
    r = NULL;
    /* at the same start the main set's match wins, even when the .also match is longer */
    CHECK_INT(load_text("set t\nshort - 共3\nset t.also\nlong - 共3个问题\n", &r, &err), ZG_OK);
    sc = NULL;
    CHECK_INT(zg_scanner_create(r, NULL, &sc), ZG_OK);
    if (sc) {
        zg_match m;
        CHECK_INT(zg_match_leftmost(sc, zg_rules_set(r, "t"), "共3个问题", 0, 13, 0, &m), 1);
        CHECK(strcmp(m.rule->name, "short") == 0);
    }
    zg_scanner_free(sc);
    zg_rules_free(r);

    r = NULL;
    CHECK_INT(load_text("set total\nx - a\n\nset totals.also\ny - b\n", &r, &err), ZG_ERR_RULES);
    CHECK(r == NULL);
    CHECK_INT(err.line, 5);
    CHECK_INT(err.column, 1);
    CHECK(strstr(err.message, "'totals.also'") != NULL && strstr(err.message, "'totals'") != NULL);

    CHECK_INT(load_text("set t\nx - a\nset t.also\ny - b\nset t.also.also\nz - c\n", &r, &err),
              ZG_ERR_RULES);
    CHECK(r == NULL);
    CHECK_INT(err.line, 6);
    CHECK(strstr(err.message, "t.also.also") != NULL);
}

static void test_limits(void)
{
    zg_rules *r = NULL;
    zg_error err;
    CHECK_INT(load_text("set evil\nredos - ^(a+)+$\n", &r, &err), ZG_OK);
    zg_limits lim = { 0 };
    lim.match_limit = 10000;
    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(r, &lim, &sc), ZG_OK);
    zg_document doc;
    memset(&doc, 0, sizeof doc);
    char subject[64];
    memset(subject, 'a', 40);
    subject[40] = 'b';
    subject[41] = '\0';
    doc.text = doc.norm = subject;
    doc.text_len = doc.norm_len = 41;
    zg_scanner_bind(sc, &doc);
    zg_match m;
    CHECK_INT(zg_match_leftmost(sc, zg_rules_set(r, "evil"), subject, 0, 41, 0, &m), -1);
    CHECK_INT(doc.n_diagnostics, 1);
    if (doc.n_diagnostics) {
        CHECK_STR(doc.diagnostics[0].code, "rule-limit");
        CHECK(strstr(doc.diagnostics[0].message, "evil/redos") != NULL);
        CHECK(strstr(doc.diagnostics[0].message, "t.rules:2") != NULL);
    }
    zg_scanner_bind(sc, NULL);
    zg_arena_release(&doc.arena);
    zg_scanner_free(sc);
    zg_rules_free(r);
}

static void test_project_rules(void)
{
    const char *src = getenv("ZG_SOURCE_DIR");
    if (!src) return;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/rules", src);
    zg_rules *r = NULL;
    zg_error err;
    zg_status st = zg_rules_load_dir(dir, &r, &err);
    if (st != ZG_OK) fprintf(stderr, "%s:%d:%d: error: %s\n", err.file, err.line, err.column, err.message);
    CHECK_INT(st, ZG_OK);
    CHECK(zg_rules_count(r) > 0);
    zg_rules_free(r);
    zg_rules_free(NULL);
    zg_scanner_free(NULL);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_errors();
    test_format_line();
    test_sets_and_matching();
    test_defines();
    test_also_sets();
    test_limits();
    test_project_rules();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "warning: could not remove %s\n", tmpdir);
    CHECK_DONE();
}
