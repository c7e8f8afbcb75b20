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

enum {
    SET_SLOTS = 256,           /* powers of two; filled to 3/4 at most */
    GROUP_SLOTS = 2048,
    NAME_MAX_LEN = 47,         /* longer names are not remembered (looked up every time) */
    BODY_SETS_MAX = 99         /* inspection_body.1 … .99 */
};

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
