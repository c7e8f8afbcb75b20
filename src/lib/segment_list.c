/*
 * Enumerated lists (measures): （1）…, 1）…, ①…, 一是…, 第一，… (rules/markers.rules, list_marker).
 *
 * The first item numbered 1 fixes the list type; later items must be of that type, continue its
 * numbering (n+1) and start a clause. Markers of other types (一是 nested inside （1）) stay in
 * the text of their item. In a table cell, which holds no headings, heading markers (1．…2．…)
 * number the items too.
 */
#include <string.h>

#include "segment_util.h"
#include "lookup.h"
#include "stages.h"

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The item's text is norm[from, to) without surrounding whitespace; its span ends there too. */
static void set_text(zg_document *doc, zg_list_item *it, size_t from, size_t to)
{
    while (from < to && is_space(doc->norm[from])) from++;
    while (to > from && is_space(doc->norm[to - 1])) to--;
    it->text = zg_sref_from_norm(doc, from, to);
    it->span.end = zg_norm_to_text(doc, to);
    if (it->span.end < it->span.start) it->span.end = it->span.start;
}

/* The list of `set`'s markers in norm[from, to) (zg_segment_list). */
static int list_of(zg_document *doc, zg_scanner *sc, const zg_ruleset *set, size_t from,
                   size_t to, zg_list_item **items)
{
    *items = NULL;
    if (!doc || !sc || !doc->norm) return 0;
    if (to > doc->norm_len) to = doc->norm_len;
    if (!set || from >= to) return 0;

    zg_list_item *list = NULL;
    size_t n = 0;
    const char *type = NULL;
    int last = 0;
    size_t text_start = 0;     /* norm offset where the current item's text begins */
    size_t pos = from;
    zg_match m;
    while (pos < to) {
        int rc = zg_match_leftmost(sc, set, doc->norm, pos, to, 0, &m);
        if (rc != 1) break;
        pos = m.end > m.start ? m.end : m.start + 1;
        if (type && strcmp(type, m.rule->name) != 0) continue;
        size_t ns, ne;
        if (!ZG_GROUP(sc, &m, "num", &ns, &ne)) continue;
        int number = zg_seg_number(doc->norm + ns, ne - ns);
        if (number != last + 1) continue;
        if (m.start > from && zg_seg_item_start(doc->norm, m.start) == ZG_SEG_INSIDE) continue;

        if (n > 0) set_text(doc, &list[n - 1], text_start, m.start);
        zg_list_item *it = zg_arena_push(&doc->arena, (void **)&list, &n, sizeof *it);
        if (!it) return -1;
        type = m.rule->name;
        last = number;
        it->type = type;
        it->number = number;
        it->marker = zg_sref_from_norm(doc, m.start, m.end);
        it->span.start = zg_norm_to_text(doc, m.start);
        text_start = m.end;
    }
    if (n > 0) set_text(doc, &list[n - 1], text_start, to);
    *items = list;
    return (int)n;
}

int zg_segment_list(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                    zg_list_item **items)
{
    *items = NULL;
    return sc ? list_of(doc, sc, ZG_SET(sc, "list_marker"), from, to, items) : 0;
}

int zg_segment_cell_list(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                         zg_list_item **items)
{
    int n = zg_segment_list(doc, sc, from, to, items);
    if (n != 0) return n;
    return list_of(doc, sc, ZG_SET(sc, "heading_marker"), from, to, items);
}
