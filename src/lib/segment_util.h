/* Text helpers shared by the segmenter files (segment.c, segment_list.c; internal). */
#ifndef ZG_SEGMENT_UTIL_H
#define ZG_SEGMENT_UTIL_H

#include <stdbool.h>
#include <stddef.h>

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

/** Value of a marker number: 1–99 in ASCII digits or Han numerals (十二, 二十), ①–⑳; -1 if none. */
int zg_seg_number(const char *s, size_t n);

/** The heading level a heading_marker rule yields (1–3; a part is 1), 0 if its yield is not a
 * level. */
int zg_seg_rule_level(const zg_rule *rule);

/** Where a heading_marker rule's headings nest: 0 for a part (第一部分, yield 0: it holds the
 * level-1 sections after it), else its level; -1 if its yield is not a level. */
int zg_seg_rule_rank(const zg_rule *rule);

#endif /* ZG_SEGMENT_UTIL_H */
