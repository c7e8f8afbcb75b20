/*
 * Per-scanner memory of set and group lookups (lookup.h). Open-addressing tables keyed by the
 * caller's string pointer. The checked lookups compare the name with a copy kept in the entry,
 * so a reused buffer with other contents can never be answered wrongly (a mismatch is looked up
 * afresh and takes over the entry); the _static ones trust the pointer, which is safe for
 * strings that never change (literals): no other string can have their address. A full table
 * answers new keys from the rule engine directly, as does every call without a scanner slot
 * (allocation failure).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "util.h"

enum {
    SET_SLOTS = 256,           /* powers of two; filled to 3/4 at most */
    GROUP_SLOTS = 2048,
    NAME_MAX_LEN = 47,         /* longer names are not remembered (looked up every time) */
    BODY_SETS_MAX = 99,        /* inspection_body.1 … .99 */
    MEMO_SLOTS = 2048,         /* remembered searches (power of two, direct-mapped; ~0.8 MiB) */
    MEMO_KEY_MAX = 176,        /* longer texts are searched every time */
    MEMO_SETS = 32,            /* sets whose look-behind reach is known */
    MEMO_MARGIN = 2,           /* characters kept before the reach (^, \b: one is enough) */
    MEMO_PAIRS = 24            /* ovector pairs kept for zg_lookup_search_groups */
};

/* One remembered search (zg_lookup_search): the text it depends on and what it found. */
typedef struct memo_entry {
    const zg_ruleset *set;     /* NULL: empty */
    uint64_t hash;
    uint16_t key_len, lead;    /* key bytes; of them before `from` */
    uint8_t how;               /* ZG_SEARCH_* | 4 when the key starts the subject */
    uint8_t found;
    uint32_t rule;             /* index in the set */
    uint32_t start, end;       /* the match, relative to `from` */
    uint32_t n_pairs;          /* ovector pairs kept (groups asked for), 0 if not */
    uint32_t ov[2 * MEMO_PAIRS]; /* relative to `from`; UINT32_MAX: group unset */
    char key[MEMO_KEY_MAX];
} memo_entry;

/* How far back (characters) a set's rules can look before the start of a search. */
typedef struct reach_entry {
    const zg_ruleset *set;
    uint32_t chars;            /* UINT32_MAX: unknown (never remembered) */
} reach_entry;

typedef struct set_entry {
    const char *key;           /* the caller's pointer; NULL: empty */
    const zg_ruleset *set;     /* may be NULL: no such set */
    char name[NAME_MAX_LEN + 1];
} set_entry;

typedef struct group_entry {
    const zg_rule *rule;       /* NULL: empty */
    const char *key;
    int number;                /* pcre2_substring_number_from_name's answer (< 0: none) */
    char name[NAME_MAX_LEN + 1];
} group_entry;

typedef struct lookup_cache {
    set_entry sets[SET_SLOTS];
    group_entry groups[GROUP_SLOTS];
    size_t n_sets, n_groups;   /* entries in use */
    bool bodies_known;
    int n_bodies;
    const zg_ruleset *bodies[BODY_SETS_MAX];
    reach_entry reach[MEMO_SETS];
    size_t n_reach;
    memo_entry memo[MEMO_SLOTS];
    PCRE2_SIZE ov[2 * MEMO_PAIRS]; /* the ovector of a remembered match handed out */
} lookup_cache;

static void *lookup_cache_new(const zg_scanner *sc)
{
    (void)sc;
    return calloc(1, sizeof(lookup_cache));
}

static lookup_cache *cache_of(zg_scanner *sc)
{
    return zg_scanner_slot(sc, ZG_SLOT_EXTRACT, lookup_cache_new, free);
}

static size_t hash_ptr(const void *p, const void *q, size_t slots)
{
    uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15u ^
                 (uint64_t)(uintptr_t)q * 0xC2B2AE3D27D4EB4Fu;
    return (size_t)(h >> 40) & (slots - 1);
}

/* strcmp(a, b) == 0 for the short names asked for (no library call on the hot path) */
static inline bool same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        if (*a != *b) return false;
        if (!*a) return true;
    }
}

/* The set entry for `name` (found, or the empty slot to fill), or NULL without a cache. */
static const zg_ruleset *lookup_set(zg_scanner *sc, const char *name, bool check_name)
{
    if (!sc || !name) return NULL;
    lookup_cache *c = cache_of(sc);
    if (!c) return zg_rules_set(zg_scanner_rules(sc), name);
    size_t k = hash_ptr(name, NULL, SET_SLOTS);
    set_entry *e = &c->sets[k];
    while (e->key && e->key != name) e = &c->sets[k = (k + 1) & (SET_SLOTS - 1)];
    if (e->key && (!check_name || same_name(e->name, name))) return e->set;
    const zg_ruleset *set = zg_rules_set(zg_scanner_rules(sc), name);
    size_t len = strlen(name);
    if (len <= NAME_MAX_LEN && (e->key || c->n_sets < SET_SLOTS / 4 * 3)) {
        if (!e->key) c->n_sets++;
        e->key = name;
        e->set = set;
        memcpy(e->name, name, len + 1);
    }
    return set;
}

const zg_ruleset *zg_lookup_set(zg_scanner *sc, const char *name)
{
    return lookup_set(sc, name, true);
}

const zg_ruleset *zg_lookup_set_static(zg_scanner *sc, const char *name)
{
    return lookup_set(sc, name, false);
}

const zg_ruleset *zg_lookup_body_set(zg_scanner *sc, int n)
{
    lookup_cache *c = cache_of(sc);
    if (n < 1 || n > BODY_SETS_MAX) return NULL;
    if (c && c->bodies_known) return n <= c->n_bodies ? c->bodies[n - 1] : NULL;
    char name[32];
    if (!c) {
        snprintf(name, sizeof name, "inspection_body.%d", n);
        return sc ? zg_rules_set(zg_scanner_rules(sc), name) : NULL;
    }
    const zg_rules *rules = zg_scanner_rules(sc);
    c->n_bodies = 0;
    for (int i = 1; i <= BODY_SETS_MAX; i++) {
        snprintf(name, sizeof name, "inspection_body.%d", i);
        const zg_ruleset *set = zg_rules_set(rules, name);
        if (!set) break;
        c->bodies[c->n_bodies++] = set;
    }
    c->bodies_known = true;
    return n <= c->n_bodies ? c->bodies[n - 1] : NULL;
}

static bool lookup_group(zg_scanner *sc, const zg_match *m, const char *group, size_t *start,
                         size_t *end, bool check_name)
{
    if (!m || !m->rule || !group) return false;
    lookup_cache *c = cache_of(sc);
    if (!c) return zg_match_group(m, group, start, end);
    size_t k = hash_ptr(m->rule, group, GROUP_SLOTS);
    group_entry *e = &c->groups[k];
    while (e->rule && (e->rule != m->rule || e->key != group))
        e = &c->groups[k = (k + 1) & (GROUP_SLOTS - 1)];
    int n;
    if (e->rule && (!check_name || same_name(e->name, group))) {
        n = e->number;
    } else {
        n = pcre2_substring_number_from_name(m->rule->code, (PCRE2_SPTR)group);
        size_t len = strlen(group);
        if (len <= NAME_MAX_LEN && (e->rule || c->n_groups < GROUP_SLOTS / 4 * 3)) {
            if (!e->rule) c->n_groups++;
            e->rule = m->rule;
            e->key = group;
            e->number = n;
            memcpy(e->name, group, len + 1);
        }
    }
    if (n < 0) return false;
    return zg_match_group_n(m, (uint32_t)n, start, end);
}

bool zg_lookup_group(zg_scanner *sc, const zg_match *m, const char *group, size_t *start,
                     size_t *end)
{
    return lookup_group(sc, m, group, start, end, true);
}

bool zg_lookup_group_static(zg_scanner *sc, const zg_match *m, const char *group, size_t *start,
                            size_t *end)
{
    return lookup_group(sc, m, group, start, end, false);
}

/* ------------------------------------------------------------------ remembered searches */

/* The longest look-behind of the set's rules in characters (PCRE2_INFO_MAXLOOKBEHIND: look-behind
 * assertions, \b, \B, \A), or UINT32_MAX if unknown or the table is full. */
static uint32_t set_reach(lookup_cache *c, const zg_ruleset *set)
{
    for (size_t i = 0; i < c->n_reach; i++)
        if (c->reach[i].set == set) return c->reach[i].chars;
    uint32_t chars = 0;
    for (size_t i = 0; i < set->n_rules && chars != UINT32_MAX; i++) {
        uint32_t lb = 0;
        if (!set->rules[i].code ||
            pcre2_pattern_info(set->rules[i].code, PCRE2_INFO_MAXLOOKBEHIND, &lb) != 0 ||
            lb > 64)
            chars = UINT32_MAX;
        else if (lb > chars)
            chars = lb;
    }
    if (c->n_reach < MEMO_SETS) c->reach[c->n_reach++] = (reach_entry){ set, chars };
    else chars = UINT32_MAX;
    return chars;
}

static uint64_t memo_hash(const zg_ruleset *set, const char *key, size_t len, unsigned lead,
                          unsigned how)
{
    uint64_t seed = (uint64_t)(uintptr_t)set * 0x9E3779B97F4A7C15u ^ ((uint64_t)lead << 16) ^ how;
    return zg_hash_bytes(seed, key, len);
}

/* Has the document a rule-limit diagnostic? The scanner reports at most a few per document and
 * then hits limits silently: from then on a search cannot tell whether it hit one. */
static bool limit_reported(const zg_document *doc)
{
    for (size_t i = 0; i < doc->n_diagnostics; i++)
        if (doc->diagnostics[i].code && strcmp(doc->diagnostics[i].code, "rule-limit") == 0)
            return true;
    return false;
}

static int search(zg_scanner *sc, const zg_ruleset *set, unsigned how, const char *subject,
                  size_t from, size_t to, zg_match *m)
{
    return how == ZG_SEARCH_FIRST_RULE
               ? zg_match_first_rule(sc, set, subject, from, to, 0, m)
               : zg_match_leftmost(sc, set, subject, from, to, 0, m);
}

static int plain_search(zg_scanner *sc, const zg_ruleset *set, unsigned how, const char *s,
                        size_t from, size_t to, bool groups, zg_match *m)
{
    int rc = search(sc, set, how, s, from, to, m);
    if (!groups) {
        m->ovector = NULL;
        m->n_pairs = 0;
    }
    return rc;
}

static int lookup_search(zg_scanner *sc, zg_document *doc, const zg_ruleset *set, unsigned how,
                         size_t from, size_t to, bool groups, zg_match *m)
{
    if (!sc || !doc || !doc->norm || !set || !m || from > to || to > doc->norm_len) return 0;
    const char *s = doc->norm;
    lookup_cache *c = cache_of(sc);
    uint32_t reach = c ? set_reach(c, set) : UINT32_MAX;
    if (reach == UINT32_MAX || to - from > MEMO_KEY_MAX)
        return plain_search(sc, set, how, s, from, to, groups, m);
    /* the key: the searched text and the characters before it the rules can look at */
    size_t ks = from;
    for (uint32_t k = 0; k < reach + MEMO_MARGIN && ks > 0; k++) {
        ks--;
        while (ks > 0 && ((unsigned char)s[ks] & 0xC0) == 0x80) ks--;
    }
    size_t len = to - ks;
    unsigned lead = (unsigned)(from - ks), tag = how | (ks == 0 ? 4u : 0u);
    if (len > MEMO_KEY_MAX) return plain_search(sc, set, how, s, from, to, groups, m);
    uint64_t h = memo_hash(set, s + ks, len, lead, tag);
    memo_entry *e = &c->memo[h & (MEMO_SLOTS - 1)];
    if (e->set == set && e->hash == h && e->key_len == len && e->lead == lead && e->how == tag &&
        (!groups || !e->found || e->n_pairs) && memcmp(e->key, s + ks, len) == 0) {
        if (!e->found) return 0;
        *m = (zg_match){ &set->rules[e->rule], from + e->start, from + e->end, NULL, 0 };
        if (groups) {
            for (uint32_t k = 0; k < 2 * e->n_pairs; k++)
                c->ov[k] = e->ov[k] == UINT32_MAX ? PCRE2_UNSET : from + e->ov[k];
            m->ovector = c->ov;
            m->n_pairs = e->n_pairs;
        }
        return 1;
    }
    size_t diags = doc->n_diagnostics;
    int rc = plain_search(sc, set, how, s, from, to, groups, m);
    /* a search that hit a limit (or reported anything) is not remembered: asking again reports
     * it again, as the search itself would; nor one that may have hit a limit silently */
    if (rc < 0 || doc->n_diagnostics != diags || (diags && limit_reported(doc))) return rc;
    if (rc == 1 && (m->start < from || m->end < m->start || m->end > to ||
                    m->rule < set->rules || m->rule >= set->rules + set->n_rules))
        return rc;
    uint32_t pairs = 0;
    if (rc == 1 && groups) {
        /* the rule's own groups: no group number of the rule is beyond them */
        pairs = m->rule->n_captures + 1;
        if (pairs > MEMO_PAIRS || !m->ovector || pairs > m->n_pairs) return rc;
        for (uint32_t k = 0; k < 2 * pairs; k++) {
            PCRE2_SIZE v = m->ovector[k];
            if (v != PCRE2_UNSET && (v < from || v > to)) return rc;
            e->ov[k] = v == PCRE2_UNSET ? UINT32_MAX : (uint32_t)(v - from);
        }
    }
    e->set = set;
    e->hash = h;
    e->key_len = (uint16_t)len;
    e->lead = (uint16_t)lead;
    e->how = (uint8_t)tag;
    e->found = rc == 1;
    e->rule = rc == 1 ? (uint32_t)(m->rule - set->rules) : 0;
    e->start = rc == 1 ? (uint32_t)(m->start - from) : 0;
    e->end = rc == 1 ? (uint32_t)(m->end - from) : 0;
    e->n_pairs = pairs;
    memcpy(e->key, s + ks, len);
    return rc;
}

int zg_lookup_search(zg_scanner *sc, zg_document *doc, const zg_ruleset *set, unsigned how,
                     size_t from, size_t to, zg_match *m)
{
    return lookup_search(sc, doc, set, how, from, to, false, m);
}

int zg_lookup_search_groups(zg_scanner *sc, zg_document *doc, const zg_ruleset *set,
                            unsigned how, size_t from, size_t to, zg_match *m)
{
    return lookup_search(sc, doc, set, how, from, to, true, m);
}
