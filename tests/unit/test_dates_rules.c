/*
 * The date set (rules/dates.rules) writes each family of date forms that shares a start as one
 * rule: the year-led forms (2023年…, 今年…) match their year and 年 once and then try the forms'
 * rests in the order the forms had as separate rules, the month-led forms (6月…) likewise. This
 * test keeps those forms as separate rules (the reference below, the set as it was before) and
 * checks that at every start, for subjects cut anywhere after it, the set's first matching rule
 * matches the same text with the same groups as the reference's: over every notice of corpus/
 * and $ZG_SHARED_DIR/corpus-dev and over random texts made of the pieces dates are built from.
 * (test_rules_near checks the set's trigger search against its rules; test_issues, test_meta
 * and test_progress read the dates.)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "rules.h"
#include "stages.h"
#include "util.h"

/* The forms one rule each, in their order of precedence (first match at a start wins). */
static const char reference_rules[] =
    "set date_ref\n"
    "ymd_span    -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年\\s*(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月\\s*(?<d>\\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\\s*[日号]?\\s*(?:至|到|-|—|~|～)\\s*(?<d2>\\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\\s*[日号](?!\\d)\n"
    "ymd         -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年\\s*(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月\\s*(?<d>\\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\\s*[日号](?!\\d)\n"
    "ym_xun      -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年\\s*(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月份?\\s*(?<xun>[上中下])旬\n"
    "ym_end      -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年\\s*(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月份?\\s*(?<mend>底|末)\n"
    "ym_span     -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年\\s*(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月?\\s*(?:至|到|-|—|~|～)\\s*(?<m2>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月份?(?![\\d〇○零一二三四五六七八九十])\n"
    "ym          -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年\\s*(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月份?(?![\\d〇○零一二三四五六七八九十])\n"
    "y_half      -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年\\s*(?<half>[上下])半年\n"
    "y_quarter   -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年\\s*第?(?<q>[一二三四1-4])季度(?:末|底)?\n"
    "y_end       -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年年?(?<yend>底|末)\n"
    "y_start     -  (?=[\\d〇○零OＯ一二三四五六七八九今本当明次翌去上])(?:(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})|(?<rel>今|本|当|明|次|翌|去|上))\\s*年年?(?<ystart>初)\n"
    "y           -  (?=[\\d〇○零OＯ一二三四五六七八九])(?<![\\d〇○零OＯ一二三四五六七八九十第.])(?<y>\\d{4}|[〇○零OＯ一二三四五六七八九]{4})\\s*年(?!度|\\s*[\\d〇○零一二三四五六七八九十])\n"
    "y_span      -  (?=\\d)(?<![\\d.\\-/])(?<y>\\d{4})\\s*年?\\s*(?:至|到|-|—|~|～)\\s*(?<y2>\\d{4})\\s*年(?!度)\n"
    "sep_ymd     -  (?=\\d)(?<![\\d.\\-/])(?<y>\\d{4})(?<sep>[.\\-/])(?<m>\\d{1,2})\\k<sep>(?<d>\\d{1,2})(?!\\d|\\k<sep>\\d{1,2}(?!\\d)|\\s*(?:万|亿|元|%|个|人|项|件))\n"
    "md_span     -  (?=[\\d十一二三四五六七八九元])(?<![\\d〇○零一二三四五六七八九十年第每.\\-/])(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月\\s*(?<d>\\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\\s*[日号]?\\s*(?:至|到|-|—|~|～)\\s*(?<d2>\\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\\s*[日号](?!\\d)\n"
    "md          -  (?=[\\d十一二三四五六七八九元])(?<![\\d〇○零一二三四五六七八九十年第每.\\-/])(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月\\s*(?<d>\\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\\s*[日号](?!\\d)\n"
    "m_xun       -  (?=[\\d十一二三四五六七八九元])(?<![\\d〇○零一二三四五六七八九十年第每.\\-/])(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月份?\\s*(?<xun>[上中下])旬\n"
    "m_end       -  (?=[\\d十一二三四五六七八九元])(?<![\\d〇○零一二三四五六七八九十年第每.\\-/])(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月份?\\s*(?<mend>底|末)\n"
    "m_span      -  (?=[\\d十一二三四五六七八九元])(?<![\\d〇○零一二三四五六七八九十年第每.\\-/])(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月?\\s*(?:至|到|-|—|~|～)\\s*(?<m2>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月份?(?![\\d〇○零一二三四五六七八九十])\n"
    "m           -  (?=[\\d十一二三四五六七八九元])(?<![\\d〇○零一二三四五六七八九十年第每.\\-/])(?<m>\\d{1,2}|十[一二]?|[一二三四五六七八九]|(?<![\\d〇○零一二三四五六七八九十百千万亿两余多])元(?=\\s*月))\\s*月份?(?![\\d〇○零一二三四五六七八九十])\n"
    "half        -  (?=[上下])(?<![\\d〇○零一二三四五六七八九十年每])(?<half>[上下])半年\n"
    "quarter     -  (?=[第一二三四1-4])(?<![\\d〇○零一二三四五六七八九十年每])第?(?<q>[一二三四1-4])季度(?:末|底)?\n"
    "year_end    -  (?=年)(?<![\\d〇○零一二三四五六七八九十年每])年(?<yend>底|末)\n";

/* Every group name a date rule has (dates.c reads them by name). */
static const char *const group_names[] = { "y",  "rel",  "m",    "d",      "y2",   "m2", "d2",
                                           "xun", "mend", "yend", "ystart", "half", "q",  "sep" };
enum { N_NAMES = sizeof group_names / sizeof group_names[0], CUT_BYTES = 56, MAX_REF_RULES = 64 };

static uint8_t starts[0x10000 / 8]; /* the characters a match of either set can start with */
static bool any_start;              /* a pattern whose first characters are unknown: every start */
static long compared, matched, mismatches;
static long ref_hits[MAX_REF_RULES];

/* Add the first characters of the patterns of `set` in rule-file text (lines "NAME YIELD PATTERN"
 * after "set NAME", up to the next "set") to `starts`; false if the set is not in the text. */
static bool add_starts(const char *text, const char *set)
{
    char head[64];
    snprintf(head, sizeof head, "set %s", set);
    size_t hl = strlen(head);
    bool in = false, seen = false;
    for (const char *l = text; *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        if (len >= 4 && strncmp(l, "set ", 4) == 0) {
            in = strncmp(l, head, hl) == 0 && (len == hl || l[hl] == ' ');
            seen |= in;
        } else if (in && len > 0 && l[0] != '#') {
            char line[4096];
            if (len >= sizeof line) {
                any_start = true;
            } else {
                memcpy(line, l, len);
                line[len] = '\0';
                char *p = line;
                for (int field = 0; field < 2; field++) { /* NAME, YIELD */
                    while (*p && *p != ' ' && *p != '\t') p++;
                    while (*p == ' ' || *p == '\t') p++;
                }
                static uint8_t bm[0x10000 / 8];
                memset(bm, 0, sizeof bm);
                if (*p && zg_pattern_start_chars(p, bm))
                    for (size_t k = 0; k < sizeof bm; k++) starts[k] |= bm[k];
                else
                    any_start = true;
            }
        }
        l += len + (nl != NULL);
    }
    return seen;
}

/* Could a match start at s[p]? (a character beyond U+FFFF: yes) */
static bool may_start(const char *s, size_t n, size_t p)
{
    if (any_start) return true;
    size_t q = p;
    uint32_t c = zg_utf8_next(s, n, &q);
    return c > 0xFFFF || (starts[c >> 3] >> (c & 7) & 1);
}

static void compare_at(zg_scanner *sc_now, const zg_ruleset *now, zg_scanner *sc_ref,
                       const zg_ruleset *ref, const char *s, size_t p, size_t to, const char *what)
{
    zg_match a, b;
    int ra = zg_match_first_rule(sc_now, now, s, p, to, ZG_MATCH_ANCHORED, &a);
    int rb = zg_match_first_rule(sc_ref, ref, s, p, to, ZG_MATCH_ANCHORED, &b);
    compared++;
    bool same = ra == rb;
    if (same && ra == 1) {
        matched++;
        if (b.rule->index >= 0 && b.rule->index < MAX_REF_RULES) ref_hits[b.rule->index]++;
        same = a.start == b.start && a.end == b.end;
        for (size_t k = 0; k < N_NAMES && same; k++) {
            size_t as = 0, ae = 0, bs = 0, be = 0;
            bool ga = zg_match_group(&a, group_names[k], &as, &ae);
            bool gb = zg_match_group(&b, group_names[k], &bs, &be);
            same = ga == gb && (!ga || (as == bs && ae == be));
        }
    }
    if (!same && ++mismatches <= 10) {
        size_t show = to - p < 80 ? to - p : 80;
        fprintf(stderr, "%s: at %zu, cut at %zu: set %d (%s), reference %d (%s): '%.*s'\n", what,
                p, to, ra, ra == 1 ? a.rule->name : "-", rb, rb == 1 ? b.rule->name : "-",
                (int)show, s + p);
    }
}

/* Every start of s[0, n), the whole subject and every cut up to CUT_BYTES after the start. */
static void compare_text(zg_scanner *sc_now, const zg_ruleset *now, zg_scanner *sc_ref,
                         const zg_ruleset *ref, const char *s, size_t n, const char *what)
{
    for (size_t p = 0; p < n;) {
        size_t next = p;
        zg_utf8_next(s, n, &next);
        if (may_start(s, n, p)) {
            compare_at(sc_now, now, sc_ref, ref, s, p, n, what);
            for (size_t to = next; to < n && to <= p + CUT_BYTES;) {
                compare_at(sc_now, now, sc_ref, ref, s, p, to, what);
                zg_utf8_next(s, n, &to);
            }
        }
        p = next;
    }
}

static unsigned long lcg(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* Texts made of the pieces of date expressions and of what the rules refuse next to them. */
static void compare_random(zg_scanner *sc_now, const zg_ruleset *now, zg_scanner *sc_ref,
                           const zg_ruleset *ref)
{
    static const char *const pieces[] = {
        "2023", "2022", "二〇二三", "二O二三", "12", "1", "6", "30", "十", "十二", "二十一", "三十",
        "一",   "四",   "年",       "月",     "日", "号", "份", "至", "到", "-",  "—",    "~",
        "～",   ".",    "/",        " ",      "上", "中", "下", "旬", "底", "末", "初",   "半年",
        "第",   "季度", "今",       "明",     "去", "本", "度", "每", "起", "，", "万",   "元",
        "以来", "个",   "年底",     "1月",    "2024年", "6月30日", "上旬", "季度末", "3",
        "6月21", "-30日", "至8日", "日至", "11-2月", "2023年6月1", "今年3月",
        /* the quarter forms, which no corpus/ notice prints (without ../shared they were met
         * nowhere) */
        "第一季度", "年第四季度", "2季度",
        /* 元月 (January) and the currency 元 before 月 */
        "元月", "万元月", "元月底"
    };
    enum { N_PIECES = sizeof pieces / sizeof pieces[0], TEXTS = 4000 };
    unsigned long st = 20231112;
    char text[512];
    for (int t = 0; t < TEXTS; t++) {
        size_t n = 0, k = 3 + lcg(&st) % 10;
        for (size_t i = 0; i < k; i++) {
            const char *piece = pieces[lcg(&st) % N_PIECES];
            size_t len = strlen(piece);
            memcpy(text + n, piece, len);
            n += len;
        }
        text[n] = '\0';
        compare_text(sc_now, now, sc_ref, ref, text, n, "random text");
    }
}

static int notices;

static void compare_dir(zg_scanner *sc_now, const zg_ruleset *now, zg_scanner *sc_ref,
                        const zg_ruleset *ref, const char *dir)
{
    static const char *const suffixes[] = { ".txt", ".html", ".md", NULL };
    char *names[512];
    size_t n = fixture_names(dir, suffixes, names, 512);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        free(names[i]);
        unsigned char *bytes = NULL;
        size_t len = 0;
        char why[256];
        if (zg_read_file(path, (size_t)16 << 20, &bytes, &len, why, sizeof why) != ZG_OK) continue;
        zg_document *doc = fixture_extract(sc_now, path, (const char *)bytes, len, NULL);
        free(bytes);
        if (doc && doc->norm) {
            notices++;
            compare_text(sc_now, now, sc_ref, ref, doc->norm, doc->norm_len, path);
        }
        zg_document_free(doc);
    }
}

static char *read_text(const char *path)
{
    unsigned char *bytes = NULL;
    size_t len = 0;
    char why[256];
    if (zg_read_file(path, (size_t)1 << 20, &bytes, &len, why, sizeof why) != ZG_OK) return NULL;
    char *t = realloc(bytes, len + 1);
    if (!t) {
        free(bytes);
        return NULL;
    }
    t[len] = '\0';
    return t;
}

int main(void)
{
    zg_rules *rules = NULL, *ref_rules = NULL;
    zg_scanner *sc_now = NULL, *sc_ref = NULL;
    if (fixture_open(&rules, &sc_now) != 0) return 1;
    zg_error err;
    CHECK_INT(zg_rules_load_text("reference.rules", reference_rules, strlen(reference_rules),
                                 &ref_rules, &err),
              ZG_OK);
    if (!ref_rules) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        CHECK_DONE();
    }
    CHECK_INT(zg_scanner_create(ref_rules, NULL, &sc_ref), ZG_OK);
    const zg_ruleset *now = zg_rules_set(rules, "date"), *ref = zg_rules_set(ref_rules, "date_ref");
    CHECK(now != NULL && ref != NULL && sc_ref != NULL);
    if (!now || !ref || !sc_ref) CHECK_DONE();
    CHECK(now->n_rules < ref->n_rules); /* the families are one rule each */
    CHECK(ref->n_rules <= MAX_REF_RULES);

    const char *src = getenv("ZG_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/rules/dates.rules", src ? src : ".");
    char *text = read_text(path);
    CHECK(text != NULL);
    CHECK(add_starts(reference_rules, "date_ref"));
    CHECK(text && add_starts(text, "date"));
    free(text);

    compare_random(sc_now, now, sc_ref, ref);
    snprintf(path, sizeof path, "%s/corpus", src ? src : ".");
    compare_dir(sc_now, now, sc_ref, ref, path);
    CHECK(notices > 0);
    const char *shared = getenv("ZG_SHARED_DIR");
    if (shared) {
        snprintf(path, sizeof path, "%s/corpus-dev", shared);
        compare_dir(sc_now, now, sc_ref, ref, path);
    }
    printf("%d notices; %ld starts and cuts compared, %ld matched, %ld differed\n", notices,
           compared, matched, mismatches);
    CHECK_INT(mismatches, 0);
    /* every form of the reference was met, so each was compared */
    for (size_t i = 0; i < ref->n_rules; i++)
        if (ref_hits[i] == 0) {
            fprintf(stderr, "reference rule %s never matched\n", ref->rules[i].name);
            CHECK(ref_hits[i] > 0);
        }
    zg_scanner_free(sc_ref);
    zg_rules_free(ref_rules);
    zg_scanner_free(sc_now);
    zg_rules_free(rules);
    CHECK_DONE();
}
