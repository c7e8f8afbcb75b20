/*
 * The notice's title: its own heading in the body (GOLD.md), else the page title as a flagged
 * fallback. Phrases live in rules/metadata.rules (sets title, title_stop, title_head,
 * title_open, title_tail); this file decides which lines they are tried on.
 *
 * A long title is often printed over two lines (GB/T 9704 wraps it; a page breaks it with <br>):
 * 中共某县委员会关于十四届县委第三轮巡察 / 整改进展情况的通报. The title rule sees one line, so it
 * finds only the part that ends in a document word; the line above that opens the title
 * (title_head) or the line below that ends it (title_tail, after a title that may go on:
 * title_open) is joined to it. The joined title's text has no line break; its span runs from the
 * first part to the last, so the text is the span's text without the break and the blanks around it.
 * A page's short <h1> right above the notice's own, longer heading gives way to that heading.
 */
#include <string.h>

#include "meta.h"
#include "util.h"

enum { TITLE_MAX_LINES = 60 };   /* the title is among the first lines, before the body starts */

/* A line of norm: [start, end) without its \n and a trailing \r; next = the next line's start. */
typedef struct line {
    size_t start, end, next;
} line;

static line line_at(const zg_document *doc, size_t pos)
{
    const char *nl = memchr(doc->norm + pos, '\n', doc->norm_len - pos);
    line l = { pos, nl ? (size_t)(nl - doc->norm) : doc->norm_len, 0 };
    l.next = l.end < doc->norm_len ? l.end + 1 : l.end;
    if (l.end > l.start && doc->norm[l.end - 1] == '\r') l.end--;
    return l;
}

/* The group `title` of the title rule matched at line l's start: true and [*s, *e). */
static bool title_on(zg_document *doc, zg_scanner *sc, line l, zg_match *m, size_t *s, size_t *e)
{
    const zg_ruleset *title = ZG_SET(sc, "title");
    return l.end > l.start &&
           zg_match_first_rule(sc, title, doc->norm, l.start, l.end, ZG_MATCH_ANCHORED, m) == 1 &&
           ZG_GROUP(sc, m, "title", s, e) && *s < *e;
}

/* The sref of norm[a, b) and norm[c, d) printed as one: text joined, span over both. */
static zg_sref joined(zg_document *doc, size_t a, size_t b, size_t c, size_t d)
{
    zg_sref first = zg_sref_from_norm(doc, a, b), second = zg_sref_from_norm(doc, c, d);
    if (!first.s || !second.s) return first.s ? first : second;
    size_t n1 = strlen(first.s), n2 = strlen(second.s);
    char *text = zg_arena_alloc_raw(&doc->arena, n1 + n2 + 1);
    if (!text) return first;
    memcpy(text, first.s, n1);
    memcpy(text + n1, second.s, n2 + 1);
    return (zg_sref){ text, { first.span.start, second.span.end } };
}

/* The group `group` of `set` matched anchored at norm[from, to), or false. */
static bool part_of(zg_document *doc, zg_scanner *sc, const char *set_name, const char *group,
                    size_t from, size_t to, size_t *s, size_t *e)
{
    const zg_ruleset *set = zg_lookup_set_static(sc, set_name);
    zg_match m;
    return set && from < to &&
           zg_match_first_rule(sc, set, doc->norm, from, to, ZG_MATCH_ANCHORED, &m) == 1 &&
           zg_lookup_group_static(sc, &m, group, s, e) && *s < *e;
}

/* Do norm[s, e) and norm[bs, be) end in the same two characters (the same document word)? */
static bool same_ending(const zg_document *doc, size_t s, size_t e, size_t bs, size_t be)
{
    size_t a = e, b = be;
    for (int k = 0; k < 2; k++) {
        if (a == s || b == bs) return false;
        a = zg_meta_char_start(doc, a - 1);
        b = zg_meta_char_start(doc, b - 1);
    }
    return e - a == be - b && memcmp(doc->norm + a, doc->norm + b, e - a) == 0;
}

void zg_meta_find_title(zg_document *doc, zg_scanner *sc, size_t *title_end)
{
    const zg_ruleset *stop = ZG_SET(sc, "title_stop");
    zg_match m;
    size_t pos = 0, prev = SIZE_MAX;   /* prev: the line directly above, if not blank */
    *title_end = 0;
    for (int lines = 0; pos < doc->norm_len && lines < TITLE_MAX_LINES; lines++) {
        line l = line_at(doc, pos);
        size_t s, e;
        if (title_on(doc, sc, l, &m, &s, &e)) {
            doc->title = zg_sref_from_norm(doc, s, e);
            /* a run-in title: the opening follows on the same line */
            *title_end = m.end < l.end ? m.end : l.next;
            if (m.end < l.end) return;
            line below = line_at(doc, l.next);
            size_t hs, he, ts, te, bs, be;
            if (prev != SIZE_MAX && part_of(doc, sc, "title_head", "head", prev, l.end, &hs, &he)) {
                doc->title = joined(doc, hs, he, s, e);
            } else if (part_of(doc, sc, "title_open", "open", s, e, &ts, &te) &&
                       part_of(doc, sc, "title_tail", "tail", below.start, below.end, &ts, &te)) {
                doc->title = joined(doc, s, e, ts, te);
                *title_end = below.next;
            } else if (below.end - below.start > e - s && below.end - below.start < 3 * (e - s) &&
                       zg_match_first_rule(sc, stop, doc->norm, below.start, below.end, 0, &m) != 1 &&
                       title_on(doc, sc, below, &m, &bs, &be) && m.end >= below.end &&
                       be - bs > e - s && same_ending(doc, s, e, bs, be)) {
                /* a page's short heading, then the notice's own, ending in the same word (a
                 * body line, with its comma, is not tried: the title rule's search is long) */
                doc->title = zg_sref_from_norm(doc, bs, be);
                *title_end = below.next;
            }
            return;
        }
        if (l.end > l.start && zg_match_first_rule(sc, stop, doc->norm, l.start, l.end, 0, &m) == 1)
            break;
        prev = l.end > l.start ? l.start : SIZE_MAX;
        pos = l.next;
    }
    if (doc->page_title && *doc->page_title) {
        doc->title.s = doc->page_title;
        doc->title_from_page = true;
    }
}
