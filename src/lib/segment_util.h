/* Text helpers shared by the segmenter files (segment.c, segment_list.c; internal). */
#ifndef ZG_SEGMENT_UTIL_H
#define ZG_SEGMENT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules.h"

/** Where a marker sits relative to the clause structure of the norm text. */
typedef enum zg_seg_pos {
    ZG_SEG_INSIDE = 0,     /* inside a sentence: not a marker position */
    ZG_SEG_CLAUSE,         /* right after 。！？；: */
    ZG_SEG_GAP,            /* after a blank gap (run-together layouts) */
    ZG_SEG_LINE_START      /* at the start of the text or of a line (indent allowed) */
} zg_seg_pos;

/** Position class of norm offset `at` (sentence ends, colon, gaps and line starts count). */
zg_seg_pos zg_seg_clause_start(const char *norm, size_t at);

/** Like zg_seg_clause_start, but a comma also opens a clause (list items: …,二是…). */
zg_seg_pos zg_seg_item_start(const char *norm, size_t at);

/** Offset after the spaces and tabs at norm[at] (not line breaks), at most `limit`. */
size_t zg_seg_skip_blanks(const char *norm, size_t at, size_t limit);

/** Offset after a title's terminator (。！？ or colon) and the blanks after it. */
size_t zg_seg_skip_terminator(const char *norm, size_t at, size_t limit);

/** Title end (GOLD.md): first 。！？, colon, line break or blank gap in norm[start, limit). */
size_t zg_seg_title_end(const char *norm, size_t start, size_t limit);

/**
 * The characters a match of `set` can start with, as the rule engine read them off the patterns
 * (bitmap over U+0000-U+FFFF, bit c of byte c / 8), or NULL if unknown.
 */
const uint8_t *zg_seg_first_chars(zg_scanner *sc, const zg_ruleset *set);

/** Is the character at s[p] (p < len, a character boundary) in `first` (NULL: every one is)? */
bool zg_seg_first_at(const uint8_t *first, const char *s, size_t len, size_t p);

/** Flags of zg_seg_next_clause_match. */
enum {
    ZG_SEG_SCAN_ITEMS = 1,       /* clause starts of zg_seg_item_start (a comma opens one too) */
    ZG_SEG_SCAN_CHECK_GAPS = 2   /* a match found after white space is checked (see below) */
};

/**
 * The first match of `set` starting a clause (zg_seg_clause_start, or with ZG_SEG_SCAN_ITEMS
 * zg_seg_item_start, not ZG_SEG_INSIDE) at an offset in [pos, len): the set is matched anchored
 * at each such offset whose character is in `first` (NULL: at each). 1 found (*m), 0 none, -1 a
 * limit. This is the first clause-starting match of the set's leftmost search from `pos`,
 * resumed after each match, as long as no match of that search holds, after its first
 * character, a clause start where a match starts. For heading_marker that never happens
 * (rules/markers.rules); a list marker may hold a space ("措施( 1)": "1)" after it starts a
 * clause): with ZG_SEG_SCAN_CHECK_GAPS a match found right after white space is taken from the
 * leftmost search instead. test_segment_scan compares both over the corpora.
 */
int zg_seg_next_clause_match(zg_scanner *sc, const zg_ruleset *set, const uint8_t *first,
                             const char *norm, size_t len, size_t pos, unsigned flags,
                             zg_match *m);

/** Value of a marker number: 1–99 in ASCII digits or Han numerals (十二, 二十), ①–⑳; -1 if none. */
int zg_seg_number(const char *s, size_t n);

/** The heading level a heading_marker rule yields (1–3), 0 if its yield is not a level. */
int zg_seg_rule_level(const zg_rule *rule);

#endif /* ZG_SEGMENT_UTIL_H */
