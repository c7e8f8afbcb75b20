/*
 * Rule sets and named groups as the extraction stages ask for them, resolved once per scanner
 * (internal; extract_lookup.c). A scanner applies one immutable rule set, so the set a name
 * stands for and the number a group name has in a rule never change: remembering them saves a
 * binary search over the set names (zg_rules_set) or a scan of a pattern's name table
 * (pcre2_substring_number_from_name) on every call of the stages' hot loops.
 */
#ifndef ZG_LOOKUP_H
#define ZG_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

/** zg_rules_set(zg_scanner_rules(sc), name), remembered per scanner. */
const zg_ruleset *zg_lookup_set(zg_scanner *sc, const char *name);

/** The set inspection_body.<n> (n >= 1), or NULL (also for every n past the first missing). */
const zg_ruleset *zg_lookup_body_set(zg_scanner *sc, int n);

/** zg_match_group(m, group, start, end) with the group's number remembered per rule. */
bool zg_lookup_group(zg_scanner *sc, const zg_match *m, const char *group, size_t *start,
                     size_t *end);

/**
 * The same for a `name` / `group` with static storage that never changes (a string literal, or a
 * pointer to one): answered by the address alone, without comparing the name.
 */
const zg_ruleset *zg_lookup_set_static(zg_scanner *sc, const char *name);
bool zg_lookup_group_static(zg_scanner *sc, const zg_match *m, const char *group, size_t *start,
                            size_t *end);

/** Literal-only forms (a non-literal argument does not compile). */
#define ZG_SET(sc, literal) zg_lookup_set_static((sc), "" literal "")
#define ZG_GROUP(sc, m, literal, start, end) \
    zg_lookup_group_static((sc), (m), "" literal "", (start), (end))

#endif /* ZG_LOOKUP_H */
