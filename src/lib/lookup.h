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
#include "model.h"

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

/** How zg_lookup_search searches: zg_match_leftmost, or zg_match_first_rule (flags 0). */
enum { ZG_SEARCH_LEFTMOST = 0, ZG_SEARCH_FIRST_RULE = 1 };

/**
 * zg_match_leftmost / zg_match_first_rule of `set` in doc->norm[from, to), remembered per scanner
 * by the text the answer depends on: norm[from, to) and the characters before `from` that the
 * rules' look-behinds (PCRE2_INFO_MAXLOOKBEHIND, plus a margin) can see. A search runs on
 * subject[0, to) and its rules cannot look further back, so the same text gives the same answer
 * in any notice. The match carries rule, start and end only (no groups: ovector NULL). Searches
 * that hit a limit or record a diagnostic are not remembered; neither are long texts.
 * PCRE2 reports the longest single look-behind: a set searched this way must not nest one
 * look-behind inside another beyond the margin (test_search_memo compares the sets it serves).
 */
int zg_lookup_search(zg_scanner *sc, zg_document *doc, const zg_ruleset *set, unsigned how,
                     size_t from, size_t to, zg_match *m);

/**
 * zg_lookup_search with the match's groups: the ovector holds the rule's own groups (valid until
 * the next search, as the engine's). A remembered match of a rule with more than a few groups,
 * or one whose groups lie outside the range (\K, look-arounds), is searched again each time.
 */
int zg_lookup_search_groups(zg_scanner *sc, zg_document *doc, const zg_ruleset *set,
                            unsigned how, size_t from, size_t to, zg_match *m);

/** Literal-only forms (a non-literal argument does not compile). */
#define ZG_SET(sc, literal) zg_lookup_set_static((sc), "" literal "")
#define ZG_GROUP(sc, m, literal, start, end) \
    zg_lookup_group_static((sc), (m), "" literal "", (start), (end))

#endif /* ZG_LOOKUP_H */
