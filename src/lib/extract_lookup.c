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
    MEMO_BUCKETS = 4096,       /* remembered searches: buckets of MEMO_WAYS entries (power of
                                  two; the bench's ~2,500 distinct texts thrashed 2,048 slots) */
    MEMO_WAYS = 2,
    MEMO_SLOTS = MEMO_BUCKETS * MEMO_WAYS,
    MEMO_KEY_MAX = 176,        /* longer texts are searched every time (< 255: offsets are bytes) */
    MEMO_INLINE = 111,         /* key bytes kept in the entry; the rest in memo_tail */
    MEMO_TAIL = MEMO_KEY_MAX - MEMO_INLINE,
    MEMO_SETS = 32,            /* sets whose look-behind reach is known */
    MEMO_MARGIN = 2,           /* characters kept before the reach (^, \b: one is enough) */
    MEMO_PAIRS = 24,           /* ovector pairs kept for zg_lookup_search_groups */
    MEMO_UNSET = 0xFF          /* a group offset for "unset" (offsets are <= MEMO_KEY_MAX) */
};

/*
 * One remembered search (zg_lookup_search): the text it depends on and what it found, in two
 * cache lines (the first holds the header and the key's first 47 bytes, all of most keys).
 * Offsets are relative to `from` and at most MEMO_KEY_MAX, so they fit a byte. The hashes live
 * apart in memo_tag (a bucket's side by side): a search that is not remembered reads no entry
 * (unless a tag happens to match), and a remembered one reads one. The groups and the key bytes
 * past MEMO_INLINE live apart too (memo_ov, memo_tail), read only by the searches that need them.
 */
typedef struct memo_entry {
    const zg_ruleset *set;     /* NULL: empty */
    uint16_t rule;             /* index in the set */
    uint8_t key_len, lead;     /* key bytes; of them before `from` */
    uint8_t how;               /* ZG_SEARCH_* | 4 when the key starts the subject */
    uint8_t found;
    uint8_t start, end;        /* the match */
    uint8_t n_pairs;           /* ovector pairs kept in memo_ov (groups asked for), 0 if not */
    char key[MEMO_INLINE];
} memo_entry;

_Static_assert(sizeof(memo_entry) == 128, "a memo entry is two cache lines");

/* How far back (characters) a set's rules can look before the start of a search. */
typedef struct reach_entry {
    const zg_ruleset *set;
    uint32_t chars;            /* UINT32_MAX: unknown (never remembered) */
} reach_entry;

/* The set and group entries hold no name (the checked lookups read it from a table of their
 * own): the tables the hot loops read stay small (4 KiB and 48 KiB) and mostly in cache. */
typedef struct set_entry {
    const char *key;           /* the caller's pointer; NULL: empty */
    const zg_ruleset *set;     /* may be NULL: no such set */
} set_entry;

typedef struct group_entry {
    const zg_rule *rule;       /* NULL: empty */
    const char *key;
    int number;                /* pcre2_substring_number_from_name's answer (< 0: none) */
} group_entry;

typedef struct lookup_cache {
    _Alignas(64) memo_entry memo[MEMO_SLOTS]; /* bucket b: memo[b * MEMO_WAYS ...] */
    uint32_t memo_tag[MEMO_SLOTS];             /* the high half of each entry's hash */
    uint8_t memo_recent[MEMO_BUCKETS];         /* the way a bucket used last */
    uint8_t memo_ov[MEMO_SLOTS][2 * MEMO_PAIRS]; /* MEMO_UNSET: group unset */
    char memo_tail[MEMO_SLOTS][MEMO_TAIL];
    void *block;               /* what calloc returned (the cache is aligned inside it) */
    set_entry sets[SET_SLOTS];
    group_entry groups[GROUP_SLOTS];
    char set_names[SET_SLOTS][NAME_MAX_LEN + 1];     /* the name each entry was asked by */
    char group_names[GROUP_SLOTS][NAME_MAX_LEN + 1];
    size_t n_sets, n_groups;   /* entries in use */
    bool bodies_known;
    int n_bodies;
    const zg_ruleset *bodies[BODY_SETS_MAX];
    reach_entry reach[MEMO_SETS];
    size_t n_reach;
    PCRE2_SIZE ov[2 * MEMO_PAIRS]; /* the ovector of a remembered match handed out */
} lookup_cache;

/* calloc'd (the pages of unused entries are never touched), entries on cache-line boundaries */
static void *lookup_cache_new(const zg_scanner *sc)
{
    (void)sc;
    void *block = calloc(1, sizeof(lookup_cache) + 64);
    if (!block) return NULL;
    lookup_cache *c = (lookup_cache *)(((uintptr_t)block + 63) & ~(uintptr_t)63);
    c->block = block;
    return c;
}

static void lookup_cache_free(void *p)
{
    if (p) free(((lookup_cache *)p)->block);
}

static lookup_cache *cache_of(zg_scanner *sc)
{
    return zg_scanner_slot(sc, ZG_SLOT_EXTRACT, lookup_cache_new, lookup_cache_free);
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
    if (e->key && (!check_name || same_name(c->set_names[k], name))) return e->set;
    const zg_ruleset *set = zg_rules_set(zg_scanner_rules(sc), name);
    size_t len = strlen(name);
    if (len <= NAME_MAX_LEN && (e->key || c->n_sets < SET_SLOTS / 4 * 3)) {
        if (!e->key) c->n_sets++;
        e->key = name;
        e->set = set;
        memcpy(c->set_names[k], name, len + 1);
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
    if (e->rule && (!check_name || same_name(c->group_names[k], group))) {
        n = e->number;
    } else {
        n = pcre2_substring_number_from_name(m->rule->code, (PCRE2_SPTR)group);
        size_t len = strlen(group);
        if (len <= NAME_MAX_LEN && (e->rule || c->n_groups < GROUP_SLOTS / 4 * 3)) {
            if (!e->rule) c->n_groups++;
            e->rule = m->rule;
            e->key = group;
            e->number = n;
            memcpy(c->group_names[k], group, len + 1);
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

/* The longest look-behind of the set's rules, and of its .also set's (searched with it), in
 * characters (PCRE2_INFO_MAXLOOKBEHIND: look-behind assertions, \b, \B, \A), or UINT32_MAX if
 * unknown or the table is full. */
static uint32_t set_reach(lookup_cache *c, const zg_ruleset *set)
{
    for (size_t i = 0; i < c->n_reach; i++)
        if (c->reach[i].set == set) return c->reach[i].chars;
    uint32_t chars = 0;
    for (const zg_ruleset *part = set; part && chars != UINT32_MAX; part = part->also) {
        for (size_t i = 0; i < part->n_rules && chars != UINT32_MAX; i++) {
            uint32_t lb = 0;
            if (!part->rules[i].code ||
                pcre2_pattern_info(part->rules[i].code, PCRE2_INFO_MAXLOOKBEHIND, &lb) != 0 ||
                lb > 64)
                chars = UINT32_MAX;
            else if (lb > chars)
                chars = lb;
        }
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
    size_t bucket = (size_t)h & (MEMO_BUCKETS - 1);
    uint32_t htag = (uint32_t)(h >> 32) | 1u; /* 0: an empty entry */
    size_t slot = bucket * MEMO_WAYS;
    while (slot < (bucket + 1) * MEMO_WAYS && c->memo_tag[slot] != htag) slot++;
    if (slot < (bucket + 1) * MEMO_WAYS) {
        memo_entry *e = &c->memo[slot];
        if (e->set == set && e->key_len == len && e->lead == lead && e->how == tag &&
            (!groups || !e->found || e->n_pairs) &&
            memcmp(e->key, s + ks, len < MEMO_INLINE ? len : MEMO_INLINE) == 0 &&
            (len <= MEMO_INLINE ||
             memcmp(c->memo_tail[slot], s + ks + MEMO_INLINE, len - MEMO_INLINE) == 0)) {
            c->memo_recent[bucket] = (uint8_t)(slot - bucket * MEMO_WAYS);
            if (!e->found) return 0;
            *m = (zg_match){ &set->rules[e->rule], from + e->start, from + e->end, NULL, 0 };
            if (groups) {
                const uint8_t *ov = c->memo_ov[slot];
                for (uint32_t k = 0; k < 2 * e->n_pairs; k++)
                    c->ov[k] = ov[k] == MEMO_UNSET ? PCRE2_UNSET : from + ov[k];
                m->ovector = c->ov;
                m->n_pairs = e->n_pairs;
            }
            return 1;
        }
    }
    size_t diags = doc->n_diagnostics;
    int rc = plain_search(sc, set, how, s, from, to, groups, m);
    /* a search that hit a limit (or reported anything) is not remembered: asking again reports
     * it again, as the search itself would; nor one that may have hit a limit silently */
    if (rc < 0 || doc->n_diagnostics != diags || (diags && limit_reported(doc))) return rc;
    /* (a match of the set's .also set is not remembered: entries name a rule of the set) */
    if (rc == 1 && (m->start < from || m->end < m->start || m->end > to ||
                    m->rule < set->rules || m->rule >= set->rules + set->n_rules ||
                    m->rule - set->rules > UINT16_MAX))
        return rc;
    /* the entry to fill: the text's own (asked again with groups), an empty one, else the one
     * of the bucket not used last */
    if (slot == (bucket + 1) * MEMO_WAYS) {
        slot = bucket * MEMO_WAYS;
        while (slot < (bucket + 1) * MEMO_WAYS && c->memo_tag[slot]) slot++;
        if (slot == (bucket + 1) * MEMO_WAYS)
            slot = bucket * MEMO_WAYS + (c->memo_recent[bucket] + 1u) % MEMO_WAYS;
    }
    memo_entry *e = &c->memo[slot];
    uint32_t pairs = 0;
    if (rc == 1 && groups) {
        /* the rule's own groups: no group number of the rule is beyond them */
        pairs = m->rule->n_captures + 1;
        if (pairs > MEMO_PAIRS || !m->ovector || pairs > m->n_pairs) return rc;
        uint8_t ov[2 * MEMO_PAIRS];
        for (uint32_t k = 0; k < 2 * pairs; k++) {
            PCRE2_SIZE v = m->ovector[k];
            if (v != PCRE2_UNSET && (v < from || v > to)) return rc;
            ov[k] = v == PCRE2_UNSET ? MEMO_UNSET : (uint8_t)(v - from);
        }
        memcpy(c->memo_ov[slot], ov, 2 * pairs);
    }
    c->memo_tag[slot] = htag;
    c->memo_recent[bucket] = (uint8_t)(slot - bucket * MEMO_WAYS);
    e->set = set;
    e->key_len = (uint8_t)len;
    e->lead = (uint8_t)lead;
    e->how = (uint8_t)tag;
    e->found = rc == 1;
    e->rule = rc == 1 ? (uint16_t)(m->rule - set->rules) : 0;
    e->start = rc == 1 ? (uint8_t)(m->start - from) : 0;
    e->end = rc == 1 ? (uint8_t)(m->end - from) : 0;
    e->n_pairs = (uint8_t)pairs;
    memcpy(e->key, s + ks, len < MEMO_INLINE ? len : MEMO_INLINE);
    if (len > MEMO_INLINE) memcpy(c->memo_tail[slot], s + ks + MEMO_INLINE, len - MEMO_INLINE);
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
