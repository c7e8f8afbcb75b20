/*
 * Set triggers (`set NAME near PATTERN within N`, rules/README.md) and the combined-pattern search:
 * the declaration's syntax and errors, that the trigger really limits the search (a false
 * declaration loses matches), and that every set of rules/ finds exactly what the plain
 * rule-by-rule search finds over every notice of corpus/ and $ZG_SHARED_DIR/corpus-dev.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stages.h"
#include "util.h"

static zg_status load(const char *text, zg_rules **r, zg_error *err)
{
    return zg_rules_load_text("t.rules", text, strlen(text), r, err);
}

/* Rules from text and a scanner bound to no document; NULL (failures checked, all freed) if not. */
static zg_scanner *scanner_for(const char *text, zg_rules **r)
{
    zg_error err;
    CHECK_INT(load(text, r, &err), ZG_OK);
    zg_scanner *sc = NULL;
    if (*r) CHECK_INT(zg_scanner_create(*r, NULL, &sc), ZG_OK);
    if (!sc) {
        zg_rules_free(*r);
        *r = NULL;
        return NULL;
    }
    zg_scanner_bind(sc, NULL);
    return sc;
}

static void test_syntax(void)
{
    zg_rules *r = NULL;
    zg_error err;
    CHECK_INT(load("set d near 年|月 within 12\nx - \\d+年\n", &r, &err), ZG_OK);
    const zg_ruleset *d = zg_rules_set(r, "d");
    CHECK(d != NULL);
    if (d) {
        CHECK_STR(d->near, "年|月");
        CHECK_INT(d->within, 12);
    }
    zg_rules_free(r);
    r = NULL;

    /* a set without a trigger */
    CHECK_INT(load("set d\nx - a\n", &r, &err), ZG_OK);
    if (r) CHECK(zg_rules_set(r, "d")->near == NULL);
    zg_rules_free(r);
    r = NULL;

    CHECK_INT(load("set d near 年\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK(strstr(err.message, "within N") != NULL);
    CHECK_INT(err.line, 1);
    CHECK_INT(load("set d near within 3\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(load("set d near a within x\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(load("set d nearby a within 3\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK(strstr(err.message, "unexpected text") != NULL);
    CHECK_INT(load("set d near a* within 3\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK(strstr(err.message, "empty string") != NULL);
    CHECK_INT(load("set d near a( within 3\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(err.line, 1);
    CHECK_INT(load("set d near a within 3\nx - a\nset d near b within 3\ny - b\n", &r, &err),
              ZG_ERR_RULES);
    CHECK_INT(err.line, 3);
    CHECK(strstr(err.message, "already declares") != NULL);
    CHECK_INT(load("set d near a within 3\nset e\nx - a\n", &r, &err), ZG_ERR_RULES);
    CHECK(strstr(err.message, "no rules") != NULL);
    /* rules that cannot be one alternative of a combined pattern cannot have a trigger */
    CHECK_INT(load("set d near a within 3\nx - (a)\\1\n", &r, &err), ZG_ERR_RULES);
    CHECK(strstr(err.message, "numbered reference") != NULL);
    CHECK_INT(load("set d near a within 3\nx - \\Ga\n", &r, &err), ZG_ERR_RULES);
    CHECK_INT(load("set d near a within 3\nx - a(*COMMIT)b\n", &r, &err), ZG_ERR_RULES);
    CHECK(r == NULL);
    /* an escaped parenthesis before ?0 is no reference */
    CHECK_INT(load("set d near 1 within 3\nx - \\(?0?1\n", &r, &err), ZG_OK);
    zg_rules_free(r);
}

/* The rule, start, end and every group of a match, for comparisons. */
typedef struct seen {
    int rc;
    const zg_rule *rule;
    size_t start, end;
    uint32_t n_pairs;
    size_t ov[64];
} seen;

static seen leftmost(zg_scanner *sc, const zg_ruleset *set, const char *s, size_t from, size_t to,
                     unsigned flags)
{
    seen x;
    memset(&x, 0, sizeof x);
    zg_match m;
    x.rc = zg_match_leftmost(sc, set, s, from, to, flags, &m);
    if (x.rc == 1) {
        x.rule = m.rule;
        x.start = m.start;
        x.end = m.end;
        x.n_pairs = m.n_pairs < 32 ? m.n_pairs : 32;
        for (uint32_t i = 0; i < 2 * x.n_pairs; i++) x.ov[i] = m.ovector[i];
    }
    return x;
}

static bool same(const seen *a, const seen *b)
{
    if (a->rc != b->rc || a->rule != b->rule || a->start != b->start || a->end != b->end)
        return false;
    if (a->rc != 1) return true;
    /* groups of the rule's own pattern: both runs end in an ovector of the same rule (the fast
     * search may read it off the combined pattern's, from the rule's first group on) */
    uint32_t caps = 0;
    pcre2_pattern_info(a->rule->code, PCRE2_INFO_CAPTURECOUNT, &caps);
    if (a->n_pairs < caps + 1 && a->n_pairs < 32) return false;
    if (b->n_pairs < caps + 1 && b->n_pairs < 32) return false;
    for (uint32_t i = 0; i <= caps && i < 32; i++)
        if (a->ov[2 * i] != b->ov[2 * i] || a->ov[2 * i + 1] != b->ov[2 * i + 1]) return false;
    return true;
}

static int mismatches;

/* Find-all over [from, to) both ways; the next search starts one character after a match's
 * start (as the date finder does), which also exercises overlapping candidates. */
static size_t compare_range(zg_scanner *sc, const zg_ruleset *set, const char *s, size_t from,
                            size_t to, const char *where)
{
    size_t found = 0;
    for (size_t pos = from; pos < to;) {
        seen fast = leftmost(sc, set, s, pos, to, 0);
        seen plain = leftmost(sc, set, s, pos, to, ZG_MATCH_PLAIN);
        if (!same(&fast, &plain)) {
            if (mismatches++ < 10)
                fprintf(stderr, "%s: set %s [%zu,%zu): fast rc %d %s@%zu-%zu, plain rc %d %s@%zu-%zu\n",
                        where, set->name, pos, to, fast.rc, fast.rule ? fast.rule->name : "-",
                        fast.start, fast.end, plain.rc, plain.rule ? plain.rule->name : "-",
                        plain.start, plain.end);
            CHECK(same(&fast, &plain));
            break;
        }
        if (plain.rc != 1) break;
        found++;
        pos = plain.start;
        zg_utf8_next(s, to, &pos);
    }
    return found;
}

/* The trigger really narrows the search: a declaration that does not hold loses matches. */
static void test_trigger_is_used(void)
{
    zg_rules *r = NULL;
    zg_scanner *sc = scanner_for("set w near c within 2\nabc - ab+c\n"
                                 "set ws near 年 within 6\ny - \\d{4}\\s*年\n", &r);
    if (!sc) return;
    const char *s = "xabbbbc abc";
    seen plain = leftmost(sc, zg_rules_set(r, "w"), s, 0, strlen(s), ZG_MATCH_PLAIN);
    seen fast = leftmost(sc, zg_rules_set(r, "w"), s, 0, strlen(s), 0);
    CHECK_INT(plain.start, 1);
    CHECK_INT(fast.rc, 1);
    CHECK_INT(fast.start, 8); /* abbbbc starts 6 bytes before its c: outside the window */
    /* white space does not count towards `within` (here 4 digits + lots of spaces) */
    const char *t = "第2023                                            年 2024年";
    fast = leftmost(sc, zg_rules_set(r, "ws"), t, 0, strlen(t), 0);
    plain = leftmost(sc, zg_rules_set(r, "ws"), t, 0, strlen(t), ZG_MATCH_PLAIN);
    CHECK(same(&fast, &plain));
    CHECK_INT(fast.start, 3);
    /* from the middle of the window, and with `to` cutting the text */
    fast = leftmost(sc, zg_rules_set(r, "ws"), t, 4, strlen(t), 0);
    CHECK_INT(fast.rc, 1);
    CHECK(fast.start > 4);
    fast = leftmost(sc, zg_rules_set(r, "ws"), t, 0, 10, 0);
    CHECK_INT(fast.rc, 0);
    zg_scanner_free(sc);
    zg_rules_free(r);
}

/* zg_match_first_rule anchored at every character: the combined pattern picks the same rule. */
static void compare_anchored(zg_scanner *sc, const zg_ruleset *set, const char *s, size_t n,
                             const char *where)
{
    for (size_t at = 0; at < n; zg_utf8_next(s, n, &at)) {
        seen fast, plain;
        memset(&fast, 0, sizeof fast);
        memset(&plain, 0, sizeof plain);
        zg_match m;
        fast.rc = zg_match_first_rule(sc, set, s, at, n, ZG_MATCH_ANCHORED, &m);
        if (fast.rc == 1) {
            fast.rule = m.rule;
            fast.start = m.start;
            fast.end = m.end;
            fast.n_pairs = m.n_pairs;
            for (uint32_t i = 0; i < 2 * m.n_pairs && i < 64; i++) fast.ov[i] = m.ovector[i];
        }
        plain.rc = zg_match_first_rule(sc, set, s, at, n, ZG_MATCH_ANCHORED | ZG_MATCH_PLAIN, &m);
        if (plain.rc == 1) {
            plain.rule = m.rule;
            plain.start = m.start;
            plain.end = m.end;
            plain.n_pairs = m.n_pairs;
            for (uint32_t i = 0; i < 2 * m.n_pairs && i < 64; i++) plain.ov[i] = m.ovector[i];
        }
        if (!same(&fast, &plain)) {
            if (mismatches++ < 10)
                fprintf(stderr, "%s: set %s anchored at %zu: fast %s, plain %s\n", where, set->name,
                        at, fast.rule ? fast.rule->name : "-", plain.rule ? plain.rule->name : "-");
            CHECK(same(&fast, &plain));
            return;
        }
    }
}

/* Rules sharing a leading look-ahead guard are combined under one test of it; a rule with a
 * top-level alternation keeps its own (its guard covers only its first branch). */
static void test_shared_guard(void)
{
    zg_rules *r = NULL;
    zg_scanner *sc = scanner_for("set g near [xy] within 0\n"
                                 "a - (?=[x(])x(?<n>1)\n"
                                 "b - (?=[x(])x(?<n>2)|y\n"
                                 "c - (?=[x(])x(?<n>3)\n"
                                 "d - (?=[x(])x(?<n>[3-4])\n", &r);
    if (!sc) return;
    const zg_ruleset *g = zg_rules_set(r, "g");
    const char *s = "x2 y x3 x1 x4";
    static const char *const want[] = { "b", "b", "c", "a", "d" };
    static const size_t at[] = { 0, 3, 5, 8, 11 };
    size_t pos = 0;
    for (int k = 0; k < 5; k++) {
        seen fast = leftmost(sc, g, s, pos, strlen(s), 0);
        seen plain = leftmost(sc, g, s, pos, strlen(s), ZG_MATCH_PLAIN);
        CHECK(same(&fast, &plain));
        CHECK_INT(fast.rc, 1);
        if (fast.rc != 1) break;
        CHECK_STR(fast.rule->name, want[k]);
        CHECK_INT(fast.start, at[k]);
        zg_match m;
        CHECK_INT(zg_match_first_rule(sc, g, s, at[k], strlen(s), ZG_MATCH_ANCHORED, &m), 1);
        CHECK_STR(m.rule->name, want[k]);
        pos = fast.start + 1;
    }
    zg_scanner_free(sc);
    zg_rules_free(r);
}

/* The groups of the rule that matched, read off the combined pattern's match (scanner.c,
 * alternative_match): named and numbered groups of rules with different group counts, one that
 * did not take part, a look-behind before the match. */
static void test_groups_read_off(void)
{
    zg_rules *r = NULL;
    zg_scanner *sc = scanner_for("set g near [=:-] within 8\n"
                                 "two - (?<k>[a-z]+)(=)(?<v>\\d+)\n"
                                 "none - [A-Z]+:\n"
                                 "opt - (?<k>[A-Z]+)(?:(?<dash>-)|=)(?<v>[a-z]+)\n"
                                 "behind - (?<=#)(?<k>[a-z]+)(?<v>:)\n", &r);
    if (!sc) return;
    const zg_ruleset *g = zg_rules_set(r, "g");
    const char *s = "x ab=12 CD: EF=gh #ij: KL-mn";
    size_t n = strlen(s), a = 0, b = 0;
    zg_match m;
    CHECK_INT(zg_match_leftmost(sc, g, s, 0, n, 0, &m), 1);
    CHECK_STR(m.rule->name, "two");
    CHECK(zg_match_group(&m, "k", &a, &b) && a == 2 && b == 4);
    CHECK(zg_match_group_n(&m, 2, &a, &b) && a == 4 && b == 5);
    CHECK(zg_match_group(&m, "v", &a, &b) && a == 5 && b == 7);
    CHECK(!zg_match_group_n(&m, 4, &a, &b)); /* the rule has 3 groups */
    CHECK_INT(zg_match_leftmost(sc, g, s, 7, n, 0, &m), 1);
    CHECK_STR(m.rule->name, "none");
    CHECK(m.start == 8 && m.end == 11);
    CHECK(!zg_match_group_n(&m, 1, &a, &b));
    CHECK_INT(zg_match_leftmost(sc, g, s, 11, n, 0, &m), 1);
    CHECK_STR(m.rule->name, "opt");
    CHECK(zg_match_group(&m, "k", &a, &b) && a == 12 && b == 14);
    CHECK(!zg_match_group(&m, "dash", &a, &b));
    CHECK(zg_match_group(&m, "v", &a, &b) && a == 15 && b == 17);
    CHECK_INT(zg_match_leftmost(sc, g, s, 17, n, 0, &m), 1);
    CHECK_STR(m.rule->name, "behind");
    CHECK(m.start == 19 && m.end == 22);
    CHECK(zg_match_group(&m, "k", &a, &b) && a == 19 && b == 21);
    CHECK_INT(zg_match_leftmost(sc, g, s, 22, n, 0, &m), 1);
    CHECK_STR(m.rule->name, "opt");
    CHECK(zg_match_group(&m, "dash", &a, &b) && a == 25 && b == 26);
    CHECK(zg_match_group(&m, "v", &a, &b) && a == 26 && b == 28);
    /* anchored: the same groups */
    CHECK_INT(zg_match_first_rule(sc, g, s, 12, n, ZG_MATCH_ANCHORED, &m), 1);
    CHECK_STR(m.rule->name, "opt");
    CHECK(zg_match_group(&m, "v", &a, &b) && a == 15 && b == 17);
    CHECK_INT(zg_match_first_rule(sc, g, s, 2, n, ZG_MATCH_ANCHORED, &m), 1);
    CHECK(zg_match_group(&m, "v", &a, &b) && a == 5 && b == 7);
    for (size_t from = 0; from < n; from++) compare_range(sc, g, s, from, n, "groups");
    compare_anchored(sc, g, s, n, "groups");
    zg_scanner_free(sc);
    zg_rules_free(r);
}

static bool has_char(const uint8_t *bm, uint32_t c) { return bm[c >> 3] >> (c & 7) & 1; }

/* The characters a rule's match can start with (rules_pattern.c, zg_pattern_start_chars). */
static void test_start_chars(void)
{
    static uint8_t bm[0x10000 / 8];
    memset(bm, 0, sizeof bm);
    CHECK(zg_pattern_start_chars("(?<=^|[\\s。])(?:通讯地址|邮寄)地址", bm));
    CHECK(has_char(bm, 0x901A) && has_char(bm, 0x90AE)); /* 通 邮 */
    CHECK(!has_char(bm, 0x5730) && !has_char(bm, 0x3002)); /* 地, and 。 of the look-behind */
    memset(bm, 0, sizeof bm);
    CHECK(zg_pattern_start_chars("(?<cat>\\d+|[一二])\\h*个", bm));
    CHECK(has_char(bm, '5') && has_char(bm, 0x4E00) && has_char(bm, 0x4E8C));
    CHECK(!has_char(bm, 0x4E2A) && !has_char(bm, ' ')); /* 个, and \h that follows */
    memset(bm, 0, sizeof bm);
    CHECK(zg_pattern_start_chars("x?y|(?:a|b)*c|d{0,2}e|f{2}g|\\bh|(?<!z)i|(?=[jk])\\w", bm));
    for (const char *c = "xyabcdefhijk"; *c; c++) CHECK(has_char(bm, (unsigned char)*c));
    CHECK(!has_char(bm, 'g') && !has_char(bm, 'z') && !has_char(bm, 'w'));
    memset(bm, 0, sizeof bm);
    CHECK(zg_pattern_start_chars("(?m)^[\\h|]*(?!特此)联系", bm));
    CHECK(has_char(bm, '|') && has_char(bm, '\t') && has_char(bm, 0x8054) && !has_char(bm, 0x7279));
    /* not known: a branch that can match nothing, any character, a negated class, options,
     * \w and the like, {,n} */
    static const char *const unknown[] = { "x*", "a|", "a|(?:b)?", ".b", "[^a]b", "(?i)abc",
                                           "a(?i)b|c", "\\wa", "a{,2}b", "\\Qab\\E", "(?x) a",
                                           "[[:alpha:]]", "(?=a)?b", "(?<=a)", "" };
    for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
        memset(bm, 0, sizeof bm);
        if (zg_pattern_start_chars(unknown[k], bm)) {
            fprintf(stderr, "start chars of '%s' should be unknown\n", unknown[k]);
            CHECK(0);
        }
    }
}

/* \d, \h and \s as the start-character analysis reads them are PCRE2's own (PCRE2_UCP), on
 * every BMP character. */
static void test_start_chars_escapes(void)
{
    static const char *const esc[] = { "\\d", "\\h", "\\s" };
    static uint8_t bm[0x10000 / 8];
    for (size_t k = 0; k < 3; k++) {
        memset(bm, 0, sizeof bm);
        CHECK(zg_pattern_start_chars(esc[k], bm));
        int ec = 0;
        PCRE2_SIZE eo = 0;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)esc[k], PCRE2_ZERO_TERMINATED,
                                         PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &ec, &eo, NULL);
        pcre2_match_data *md = code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
        CHECK(code && md);
        int wrong = 0;
        for (uint32_t c = 0; md && c < 0x10000; c++) {
            if (c >= 0xD800 && c <= 0xDFFF) continue;
            char u[4];
            size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (n == 1) u[0] = (char)c;
            else if (n == 2) u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F));
            else
                u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | (c >> 6 & 0x3F)),
                u[2] = (char)(0x80 | (c & 0x3F));
            bool pcre = pcre2_match(code, (PCRE2_SPTR)u, n, 0, 0, md, NULL) >= 0;
            if (pcre != has_char(bm, c) && wrong++ < 5)
                fprintf(stderr, "%s: U+%04X pcre2 %d, start chars %d\n", esc[k], c, pcre,
                        has_char(bm, c));
        }
        CHECK_INT(wrong, 0);
        pcre2_match_data_free(md);
        pcre2_code_free(code);
    }
}

/* A set whose rules' first characters are known starts each window search at the first of them
 * (scanner.c, leftmost_near); the same matches as the plain search at every start and end. */
static void test_window_first_chars(void)
{
    zg_rules *r = NULL;
    zg_scanner *sc = scanner_for("set f near [年月] within 12\n"
                                 "y - (?<=^|[\\s,])(?:公元)?[0-9]{4}年\n"
                                 "m - (?<![\\d])[一二三四五六七八九十]{1,2}月\n"
                                 "o - x?y+年\n", &r);
    if (!sc) return;
    const zg_ruleset *f = zg_rules_set(r, "f");
    static const char *const texts[] = { "公元2024年 三月 ,2023年 xyy年 yy年2年 十二月", "月年",
                                         "abc 1999年 z一月", "  公元 2024年" };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const char *s = texts[t];
        size_t n = strlen(s);
        for (size_t from = 0; from < n; zg_utf8_next(s, n, &from))
            for (size_t to = from;; zg_utf8_next(s, n, &to)) {
                compare_range(sc, f, s, from, to, "window_first_chars");
                if (to >= n) break;
            }
    }
    seen m = leftmost(sc, f, texts[0], 0, strlen(texts[0]), 0);
    CHECK_INT(m.rc, 1);
    CHECK_INT(m.start, 0);
    CHECK_STR(m.rule->name, "y");
    zg_scanner_free(sc);
    zg_rules_free(r);
}

/* A trigger starting with a class or a guard of one is tried only where one of its characters
 * starts (scanner.c, find_trigger): digits of other scripts (2 and 4 bytes), a CJK character,
 * an escaped ASCII mark, \h, subjects ending anywhere, and patterns whose first class is
 * optional or covers one branch only (no shortcut) all find what the plain search finds. */
static void test_trigger_first_chars(void)
{
    zg_rules *r = NULL;
    zg_scanner *sc = scanner_for("set g near (?=[一\\d\\.\\x{5E74}])(?:一|\\d|\\.|年) within 4\n"
                                 "n - [一\\d]+[.年]?\n"
                                 "set c near [\\h,] within 6\nw - [a-z]+[\\h,]\n"
                                 "set o near [x]?y within 3\nxy - x?y\n"
                                 "set b near [x]|y within 3\nxy - x|y\n", &r);
    if (!sc) return;
    static const char *const texts[] = {
        "abc 一年 x ٣٤ y 𝟘𝟙 z 2024.5 end",   /* U+0663 (2 bytes), U+1D7D8 (4 bytes) */
        "甲乙丙丁", "五一", "x one,two\u3000three\u00a0four", "ay by xy", "y"
    };
    static const char *const sets[] = { "g", "c", "o", "b" };
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        const zg_ruleset *set = zg_rules_set(r, sets[k]);
        CHECK(set != NULL);
        if (!set) continue;
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            size_t n = strlen(texts[t]);
            for (size_t to = 0;; zg_utf8_next(texts[t], n, &to)) { /* every `to` */
                compare_range(sc, set, texts[t], 0, to, "first_chars");
                if (to >= n) break;
            }
        }
    }
    const char *s = texts[0];
    seen m = leftmost(sc, zg_rules_set(r, "g"), s, 0, strlen(s), 0);
    CHECK_INT(m.rc, 1);
    CHECK_INT(m.start, 4); /* 一年 */
    m = leftmost(sc, zg_rules_set(r, "g"), s, 12, strlen(s), 0);
    CHECK_INT(m.rc, 1);
    CHECK_INT(m.start, 13); /* ٣٤ */
    m = leftmost(sc, zg_rules_set(r, "g"), s, 19, strlen(s), 0);
    CHECK_INT(m.rc, 1);
    CHECK_INT(m.start, 20); /* 𝟘𝟙 */
    zg_scanner_free(sc);
    zg_rules_free(r);
}

static unsigned long lcg(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

static int files_checked;

static void compare_document(zg_scanner *sc, const zg_rules *rules, const char *path)
{
    unsigned char *bytes = NULL;
    size_t len = 0;
    char why[256];
    if (zg_read_file(path, (size_t)16 << 20, &bytes, &len, why, sizeof why) != ZG_OK) return;
    zg_input_options o = { path, NULL, NULL };
    zg_document *doc = NULL;
    zg_error err;
    if (zg_extract(sc, bytes, len, &o, &doc, &err) != ZG_OK || !doc || !doc->norm) {
        free(bytes);
        zg_document_free(doc);
        return;
    }
    free(bytes);
    files_checked++;
    zg_scanner_bind(sc, doc);
    const char *s = doc->norm;
    size_t n = doc->norm_len;
    for (size_t i = 0; i < zg_rules_n_sets(rules); i++) {
        const zg_ruleset *set = zg_rules_set_at(rules, i);
        compare_range(sc, set, s, 0, n, path);
        if (set->n_rules >= 2) compare_anchored(sc, set, s, n, path);
        if (!set->near) continue;
        /* lines, and ranges cut anywhere (dates are searched in clauses, issues, lines …) */
        for (size_t a = 0; a < n;) {
            const char *nl = memchr(s + a, '\n', n - a);
            size_t b = nl ? (size_t)(nl - s) : n;
            compare_range(sc, set, s, a, b, path);
            a = b + 1;
        }
        unsigned long st = 12345;
        for (int k = 0; k < 200 && n > 0; k++) {
            size_t a = lcg(&st) % n, b = a + lcg(&st) % 400;
            if (b > n) b = n;
            while (a < n && ((unsigned char)s[a] & 0xC0) == 0x80) a++;
            while (b < n && ((unsigned char)s[b] & 0xC0) == 0x80) b++;
            if (a < b) compare_range(sc, set, s, a, b, path);
        }
    }
    zg_scanner_bind(sc, NULL);
    zg_document_free(doc);
}

static bool is_notice(const char *name)
{
    size_t n = strlen(name);
    if (strstr(name, ".gold.") || strstr(name, ".expected")) return false;
    return (n > 4 && strcmp(name + n - 4, ".txt") == 0) || (n > 5 && strcmp(name + n - 5, ".html") == 0) ||
           (n > 3 && strcmp(name + n - 3, ".md") == 0);
}

static void compare_dir(zg_scanner *sc, const zg_rules *rules, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !is_notice(e->d_name)) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        compare_document(sc, rules, path);
    }
    closedir(d);
}

static void test_corpus(void)
{
    const char *src = getenv("ZG_SOURCE_DIR");
    if (!src) src = ".";
    char path[4096];
    snprintf(path, sizeof path, "%s/rules", src);
    zg_rules *rules = NULL;
    zg_error err;
    if (zg_rules_load_dir(path, &rules, &err) != ZG_OK) {
        fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.message);
        CHECK(0);
        return;
    }
    int with_trigger = 0;
    for (size_t i = 0; i < zg_rules_n_sets(rules); i++) {
        const zg_ruleset *set = zg_rules_set_at(rules, i);
        if (set->near) with_trigger++;
        CHECK(zg_rules_set(rules, set->name) == set); /* lookup by name (binary search) */
    }
    CHECK(zg_rules_set(rules, "") == NULL);
    CHECK(zg_rules_set(rules, "zzzz-no-such-set") == NULL);
    CHECK(with_trigger >= 1);
    CHECK(zg_rules_set(rules, "date")->near != NULL);
    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(rules, NULL, &sc), ZG_OK);
    snprintf(path, sizeof path, "%s/corpus", src);
    compare_dir(sc, rules, path);
    CHECK(files_checked > 0);
    const char *shared = getenv("ZG_SHARED_DIR");
    if (shared) {
        snprintf(path, sizeof path, "%s/corpus-dev", shared);
        compare_dir(sc, rules, path);
    }
    printf("%d notices, %d sets with a trigger\n", files_checked, with_trigger);
    zg_scanner_free(sc);
    zg_rules_free(rules);
}

int main(void)
{
    test_syntax();
    test_trigger_is_used();
    test_shared_guard();
    test_groups_read_off();
    test_start_chars();
    test_start_chars_escapes();
    test_window_first_chars();
    test_trigger_first_chars();
    test_corpus();
    CHECK_DONE();
}
