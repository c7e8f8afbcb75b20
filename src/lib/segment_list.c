/*
 * Enumerated lists (measures): （1）…, 1）…, ①…, 一是…, 第一，… (rules/markers.rules, list_marker).
 *
 * The first item numbered 1 fixes the list type; later items must be of that type, continue its
 * numbering (n+1) and start a clause. Markers of other types (一是 nested inside （1）) stay in
 * the text of their item. In a table cell, which holds no headings, heading markers (1．…2．…)
 * number the items too.
 *
 * A rule without a `num` group is an unnumbered type (bullets: •, ●, - …): its items are numbered
 * by position, and only a marker at a line start (or first in the block) is one, since a bullet
 * glyph inside a sentence (中·美) is punctuation. An item printed with another bullet than the
 * list's first, or indented deeper, is nested and stays in the text of its item, as a marker of
 * another type does.
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

enum { NOT_AN_ITEM = -1, NO_INDENT = -2 };

/* Blanks before norm[at] on its line when it starts the line; NO_INDENT when it is first in the
 * block but not at a line start (整改措施：• …: nothing to compare the next lines' indentation
 * with); else NOT_AN_ITEM. */
static long line_indent(const char *norm, size_t from, size_t at)
{
    size_t k = at;
    while (k > from && (norm[k - 1] == ' ' || norm[k - 1] == '\t')) k--;
    if (k == 0 || norm[k - 1] == '\n') return (long)(at - k);
    return k == from ? NO_INDENT : NOT_AN_ITEM;
}

/* norm[from, at) is a short subject before a block's first item (整改情况：县财政局一是…；二是…):
 * at most SUBJECT_BYTES, no clause or line break in it. */
enum { SUBJECT_BYTES = 30 };
static bool subject_only(const char *norm, size_t from, size_t at)
{
    if (at - from > SUBJECT_BYTES) return false;
    for (size_t i = from; i < at; i++) {
        unsigned char c = (unsigned char)norm[i];
        if (c == ',' || c == ';' || c == ':' || c == '\n' || c == '!' || c == '?' ||
            (c == 0xE3 && i + 2 < at && (unsigned char)norm[i + 1] == 0x80 &&
             (unsigned char)norm[i + 2] == 0x82))
            return false;
    }
    return true;
}

/* Whether the rule numbers its items (has a `num` group); asked only when a match has no `num`. */
static bool numbered(const zg_rule *rule)
{
    return pcre2_substring_number_from_name(rule->code, (PCRE2_SPTR) "num") >= 0;
}

/* The list of `set`'s markers in norm[from, to) (zg_segment_list); unnumbered types only with
 * `bullets`. */
static int list_of(zg_document *doc, zg_scanner *sc, const zg_ruleset *set, size_t from,
                   size_t to, bool bullets, zg_list_item **items)
{
    *items = NULL;
    if (!doc || !sc || !doc->norm) return 0;
    if (to > doc->norm_len) to = doc->norm_len;
    if (!set || from >= to) return 0;

    zg_list_item *list = NULL;
    size_t n = 0;
    const char *type = NULL;
    int last = 0;
    long indent = NO_INDENT;   /* an unnumbered list's indentation: its first line-start item's */
    size_t glyph = 0, glyph_len = 0;   /* ... and its first item's bullet in norm */
    size_t text_start = 0;     /* norm offset where the current item's text begins */
    size_t pos = from;
    zg_match m;
    while (pos < to) {
        int rc = zg_match_leftmost(sc, set, doc->norm, pos, to, 0, &m);
        if (rc != 1) break;
        pos = m.end > m.start ? m.end : m.start + 1;
        if (type && strcmp(type, m.rule->name) != 0) continue;
        size_t ns, ne;
        int number;
        if (ZG_GROUP(sc, &m, "num", &ns, &ne)) {
            number = zg_seg_number(doc->norm + ns, ne - ns);
            if (number != last + 1) continue;
            if (m.start > from && zg_seg_item_start(doc->norm, m.start) == ZG_SEG_INSIDE &&
                !(n == 0 && subject_only(doc->norm, from, m.start)))
                continue;
        } else {
            if (!bullets || numbered(m.rule)) continue;
            long in = line_indent(doc->norm, from, m.start);
            if (in == NOT_AN_ITEM || (in >= 0 && indent >= 0 && in > indent)) continue;
            if (type && (m.end - m.start != glyph_len ||
                         memcmp(doc->norm + m.start, doc->norm + glyph, glyph_len) != 0))
                continue;
            if (!type) { glyph = m.start; glyph_len = m.end - m.start; }
            if (in >= 0 && indent < 0) indent = in;
            number = last + 1;
        }

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
    return sc ? list_of(doc, sc, ZG_SET(sc, "list_marker"), from, to, true, items) : 0;
}

int zg_segment_cell_list(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                         zg_list_item **items)
{
    /* a cell is one line: a bullet glyph in it cannot be told from punctuation */
    *items = NULL;
    if (!sc) return 0;
    int n = list_of(doc, sc, ZG_SET(sc, "list_marker"), from, to, false, items);
    if (n != 0) return n;
    return list_of(doc, sc, ZG_SET(sc, "heading_marker"), from, to, false, items);
}
