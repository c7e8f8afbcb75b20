/*
 * The per-scanner lookups of extract_lookup.c (lookup.h) answer exactly what the rule engine
 * answers: zg_lookup_set = zg_rules_set for every set of rules/ and for missing names,
 * zg_lookup_group = zg_match_group for every rule and group name of the date and marker sets,
 * also when a caller's buffer is reused with another name, and so do the unchecked _static forms
 * for literals; zg_utf8_next's inline fast path decodes like the general decoder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lookup.h"
#include "stages.h"
#include "util.h"

static void test_sets(zg_scanner *sc, const zg_rules *r)
{
    size_t n = zg_rules_n_sets(r);
    CHECK(n > 10);
    for (int round = 0; round < 2; round++) {   /* the second round is answered from memory */
        for (size_t i = 0; i < n; i++) {
            const zg_ruleset *set = zg_rules_set_at(r, i);
            CHECK(zg_lookup_set(sc, set->name) == set);
            /* the same name from another pointer */
            char copy[128];
            snprintf(copy, sizeof copy, "%s", set->name);
            CHECK(zg_lookup_set(sc, copy) == set);
        }
        CHECK(zg_lookup_set(sc, "no_such_set") == NULL);
        CHECK(zg_lookup_set(sc, "date") == zg_rules_set(r, "date"));
        CHECK(ZG_SET(sc, "no_such_set") == NULL);
        CHECK(ZG_SET(sc, "date") == zg_rules_set(r, "date"));
        CHECK(ZG_SET(sc, "heading_marker") == zg_rules_set(r, "heading_marker"));
    }
    /* one buffer, different contents: never the answer for the old contents */
    char buf[64];
    strcpy(buf, "date");
    CHECK(zg_lookup_set(sc, buf) == zg_rules_set(r, "date"));
    strcpy(buf, "status");
    CHECK(zg_lookup_set(sc, buf) == zg_rules_set(r, "status"));
    strcpy(buf, "nothing");
    CHECK(zg_lookup_set(sc, buf) == NULL);
    strcpy(buf, "date");
    CHECK(zg_lookup_set(sc, buf) == zg_rules_set(r, "date"));

    /* inspection_body.N in order, NULL from the first missing one on */
    int k = 1;
    for (; k < 100; k++) {
        char name[32];
        snprintf(name, sizeof name, "inspection_body.%d", k);
        const zg_ruleset *want = zg_rules_set(r, name);
        CHECK(zg_lookup_body_set(sc, k) == want);
        if (!want) break;
    }
    CHECK(k > 1);
    CHECK(zg_lookup_body_set(sc, k + 1) == NULL);
    CHECK(zg_lookup_body_set(sc, 0) == NULL);
}

/* Every rule of `set_name` that matches somewhere in `text`: each group name gives what
 * zg_match_group gives, through a literal and through a reused buffer. */
static int compare_groups(zg_scanner *sc, const zg_rules *r, const char *set_name,
                          const char *text, const char *const *groups, size_t n_groups)
{
    const zg_ruleset *set = zg_rules_set(r, set_name);
    CHECK(set != NULL);
    if (!set) return 0;
    int matched = 0;
    for (size_t i = 0; i < set->n_rules; i++) {
        zg_match m;
        if (zg_match_rule(sc, &set->rules[i], text, 0, strlen(text), 0, &m) != 1) continue;
        matched++;
        for (int round = 0; round < 2; round++) {
            for (size_t g = 0; g < n_groups; g++) {
                size_t s1 = 1, e1 = 1, s2 = 2, e2 = 2;
                bool want = zg_match_group(&m, groups[g], &s1, &e1);
                CHECK(zg_lookup_group(sc, &m, groups[g], &s2, &e2) == want);
                if (want) {
                    CHECK_INT(s2, s1);
                    CHECK_INT(e2, e1);
                }
                char buf[32];
                snprintf(buf, sizeof buf, "%s", groups[g]);
                CHECK(zg_lookup_group(sc, &m, buf, &s2, &e2) == want);
                if (want) CHECK_INT(s2, s1);
                /* groups[] holds literals: the unchecked form answers alike */
                CHECK(zg_lookup_group_static(sc, &m, groups[g], &s2, &e2) == want);
                if (want) CHECK_INT(e2, e1);
            }
        }
    }
    return matched;
}

static void test_groups(zg_scanner *sc, const zg_rules *r)
{
    static const char *const date_groups[] = { "y", "rel", "m", "d", "y2", "m2", "d2", "xun",
                                               "mend", "yend", "ystart", "half", "q", "sep",
                                               "num", "missing" };
    const size_t n = sizeof date_groups / sizeof date_groups[0];
    int hits = 0;
    hits += compare_groups(sc, r, "date", "2023年6月21日至30日", date_groups, n);
    hits += compare_groups(sc, r, "date", "今年6月下旬", date_groups, n);
    hits += compare_groups(sc, r, "date", "2024年上半年前", date_groups, n);
    hits += compare_groups(sc, r, "date", "2022.6.21", date_groups, n);
    hits += compare_groups(sc, r, "date", "2023-2027年，第三季度、年底", date_groups, n);
    hits += compare_groups(sc, r, "date_tail", "8月底", date_groups, n);
    hits += compare_groups(sc, r, "heading_marker", "（三）", date_groups, n);
    hits += compare_groups(sc, r, "list_marker", "（2）", date_groups, n);
    CHECK(hits >= 7);
    const zg_ruleset *dates = zg_rules_set(r, "date");
    zg_match m;
    const char *text = "2023年6月21日";
    if (dates && zg_match_leftmost(sc, dates, text, 0, strlen(text), 0, &m) == 1) {
        size_t s1, e1, s2, e2;
        CHECK(ZG_GROUP(sc, &m, "d", &s2, &e2) == zg_match_group(&m, "d", &s1, &e1));
        CHECK_INT(s2, strlen("2023年6月"));
        CHECK(!ZG_GROUP(sc, &m, "nothing", &s2, &e2));
    } else {
        CHECK(!"a date in 2023年6月21日");
    }

    /* a match without a rule, a NULL group: false as zg_match_group */
    zg_match none;
    memset(&none, 0, sizeof none);
    size_t s, e;
    CHECK(!zg_lookup_group(sc, &none, "y", &s, &e));
    CHECK(!zg_lookup_group(NULL, &none, "y", &s, &e));
}

static void test_utf8_next(void)
{
    /* the inline fast path agrees with the general decoder: every lead byte with interesting
     * continuation bytes, cut at every length */
    static const unsigned char conts[] = { 0x80, 0x9F, 0xA0, 0xBF, 0x00, 0x41, 0xC0, 0xE4 };
    int errors = 0;
    for (unsigned lead = 0; lead < 256; lead++) {
        for (size_t a = 0; a < sizeof conts; a++) {
            for (size_t b = 0; b < sizeof conts; b++) {
                for (size_t c = 0; c < sizeof conts; c++) {
                    unsigned char buf[5] = { (unsigned char)lead, conts[a], conts[b], conts[c], 0 };
                    for (size_t n = 1; n <= 4; n++) {
                        size_t i1 = 0, i2 = 0;
                        uint32_t want = zg_utf8_next_slow((const char *)buf, n, &i1);
                        uint32_t got = zg_utf8_next((const char *)buf, n, &i2);
                        if (want != got || i1 != i2) errors++;
                    }
                }
            }
        }
    }
    CHECK_INT(errors, 0);
    size_t i = 0;
    const char *s = "a整改";
    CHECK_INT(zg_utf8_next(s, strlen(s), &i), 'a');
    CHECK_INT(zg_utf8_next(s, strlen(s), &i), 0x6574);
    CHECK_INT(i, 4);
}

int main(void)
{
    test_utf8_next();
    const char *src = getenv("ZG_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/rules", src ? src : ".");
    zg_rules *r = NULL;
    zg_error err;
    if (zg_rules_load_dir(dir, &r, &err) != ZG_OK) SKIP("rules/ not found (set ZG_SOURCE_DIR)");
    zg_scanner *sc = NULL;
    CHECK_INT(zg_scanner_create(r, NULL, &sc), ZG_OK);
    if (sc) {
        zg_scanner_bind(sc, NULL);
        test_sets(sc, r);
        test_groups(sc, r);
    }
    zg_scanner_free(sc);
    zg_rules_free(r);
    CHECK_DONE();
}
