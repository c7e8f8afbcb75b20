/*
 * Segmentation: the heading tree of GB/T 9704 over doc->norm.
 *
 * The level of a heading comes from its marker type (rules/markers.rules, set heading_marker:
 * 一、/第一部分 = 1, (一) = 2, 1. 1、 = 3), never from the order in which levels appear; a part
 * (第一部分) is level 1 but holds the 一、 sections after it (its rank, 0, is above theirs). A marker
 * is a heading only where it starts a clause (line start, after 。！？；: or after a blank gap)
 * and continues the numbering of its type under its parent (the first is 1, then n+1). That
 * keeps 3.5万元, (2022)12号, 一、二季度 and list items of a body out of the outline, also in
 * run-together notices that put the whole text on one line.
 */
#include <stdint.h>
#include <string.h>

#include "lookup.h"
#include "segment_util.h"
#include "stages.h"
#include "util.h"

/* How many rejected-but-plausible markers get an "ambiguous-heading" diagnostic. */
enum { MAX_AMBIGUITY_DIAGS = 20 };
/* A heading title is at most this long (bytes of norm, ~400 Han characters). */
enum { MAX_TITLE_BYTES = 1200 };
/* How far ahead a skipped number is looked for before a gap is taken as a missing heading. */
enum { LOOKAHEAD_BYTES = 65536 };

/* A heading_marker match: its rule (the marker type), where it is, and its number (-1: none). */
typedef struct marker {
    const zg_rule *rule;
    size_t start, end;
    int number;
} marker;

typedef struct seg {
    zg_document *doc;
    zg_scanner *sc;
    const zg_ruleset *markers;
    zg_node *open[ZG_LEVEL_MAX + 1];   /* open[0] = root; open[L] = the open heading of level L */
    zg_node *part;                     /* the open part (第一部分), NULL if none */
    size_t max_nodes;
    zg_node *last[ZG_LEVEL_MAX + 1];   /* the latest heading of each level */
    int ambiguity_diags;
    int nested_rank, nested_last;      /* a numbered run inside a heading's body (0 = none) */
    const char *nested_type;
    size_t clear_from, clear_to;       /* norm[clear_from, clear_to) holds no title end */
    size_t attach_end;                 /* markers before this norm offset number attachments */
    const zg_rule *look_rule;          /* the last comes_later() search and its answer */
    int look_number;
    size_t look_from, look_to, look_found;
    bool limit_hit;
    /* the main loop's next search, made early by title_may_hold_marker and kept for the loop */
    bool next_known;
    int next_rc;
    marker next;
} seg;

/* Where the search after marker m starts. */
static size_t after(const marker *m) { return m->end > m->start ? m->end : m->start + 1; }

/*
 * The leftmost marker in norm[from, norm_len): 1 (*out), 0 none, -1 a limit. What consider()
 * needs of the match is copied out: the engine's groups last only until its next search.
 */
static int next_marker(seg *s, size_t from, marker *out)
{
    const zg_document *doc = s->doc;
    if (from >= doc->norm_len) return 0;
    zg_match m;
    int rc = zg_match_leftmost(s->sc, s->markers, doc->norm, from, doc->norm_len, 0, &m);
    if (rc != 1) return rc;
    size_t ns, ne;
    out->rule = m.rule;
    out->start = m.start;
    out->end = m.end;
    out->number = ZG_GROUP(s->sc, &m, "num", &ns, &ne) ? zg_seg_number(doc->norm + ns, ne - ns)
                                                        : -1;
    return 1;
}

/* The heading a new heading of `rank` would hang under: the deepest open one above it. */
static zg_node *parent_for(const seg *s, int rank)
{
    for (int l = rank - 1; l > 0; l--)
        if (s->open[l]) return s->open[l];
    return rank > 0 && s->part ? s->part : s->open[0];
}

/*
 * The number a heading of `rank` and `type` must carry under `parent`: last + 1 if the parent's
 * last child is of that rank and type; 0 if it is of that rank but another type (a different
 * numbering: no heading expected). For the parent's first child of that rank: 1, or the
 * continuation of a numbering that runs on across sibling sections (4. under (一), then 5. under
 * (二)), returned in *alt.
 */
static int expected_number(const seg *s, const zg_node *parent, int rank, const char *type,
                           int *alt)
{
    *alt = 0;
    const zg_node *last = parent->last_child;
    if (last && last->rank == rank)
        return strcmp(last->type, type) == 0 ? last->number + 1 : 0;
    const zg_node *prev = rank > 0 ? s->last[rank] : NULL;
    if (prev && prev->parent != parent && prev->parent && parent->parent &&
        prev->parent->parent == parent->parent && prev->parent->rank == parent->rank &&
        strcmp(prev->type, type) == 0)
        *alt = prev->number + 1;
    return 1;
}

static zg_node *add_node(seg *s, zg_node *parent, int rank, const char *type, int number,
                         size_t ms, size_t me, size_t ts, size_t te)
{
    zg_document *doc = s->doc;
    zg_node *n = zg_arena_alloc(&doc->arena, sizeof *n);
    if (!n) return NULL;
    zg_node **slot = zg_arena_push(&doc->arena, (void **)&doc->headings, &doc->n_headings,
                                   sizeof *slot);
    if (!slot) return NULL;
    *slot = n;
    n->level = rank == 0 ? 1 : rank;
    n->rank = rank;
    n->type = type;
    n->number = number;
    n->marker = zg_sref_from_norm(doc, ms, me);
    n->title = zg_sref_from_norm(doc, ts, te);
    n->span.start = zg_norm_to_text(doc, ms);
    n->body.start = zg_norm_to_text(doc, zg_seg_skip_terminator(doc->norm, te, doc->norm_len));
    n->parent = parent;
    if (parent->last_child) parent->last_child->next = n;
    else parent->first_child = n;
    parent->last_child = n;
    if (rank == 0) s->part = n; /* parts keep out of open[] and last[]: their own numbering */
    else s->open[rank] = s->last[rank] = n;
    for (int l = rank + 1; l <= ZG_LEVEL_MAX; l++) s->open[l] = NULL;
    return n;
}

/*
 * A numbered run restarted inside the body of a heading of the same type (1. 2. 3. under the
 * heading "2."): its items are list items, not headings. True if m continues such a run.
 */
static bool continues_nested_run(seg *s, int rank, const char *type, int number)
{
    if (s->nested_last == 0 || rank != s->nested_rank || strcmp(type, s->nested_type) != 0 ||
        number != s->nested_last + 1)
        return false;
    s->nested_last = number;
    return true;
}

/* Title of a heading whose marker ends at norm[at]: [*ts, *te); false if there is none. */
static bool find_title(seg *s, size_t at, size_t *ts, size_t *te)
{
    const zg_document *doc = s->doc;
    *ts = zg_seg_skip_blanks(doc->norm, at, doc->norm_len);
    if (*ts < doc->norm_len && doc->norm[*ts] == ':') /* 第一部分：工作情况 */
        *ts = zg_seg_skip_blanks(doc->norm, *ts + 1, doc->norm_len);
    size_t limit = doc->norm_len;
    if (limit - *ts > MAX_TITLE_BYTES) {
        limit = *ts + MAX_TITLE_BYTES;
        while (limit > *ts && ((unsigned char)doc->norm[limit] & 0xC0) == 0x80) limit--;
    }
    /* resume after a stretch an earlier search found free of title ends (keeps marker-dense
     * text without punctuation linear) */
    size_t from = *ts;
    if (*ts >= s->clear_from && *ts < s->clear_to) from = s->clear_to < limit ? s->clear_to : limit;
    *te = zg_segment_title_end(doc, from, limit);
    s->clear_from = *ts;
    s->clear_to = *te;
    /* a "title" that runs on for hundreds of characters is a sentence, not a heading */
    return *te > *ts && (*te < limit || limit == doc->norm_len);
}

/*
 * Can the title norm[ts, te) of marker m, searched on its own (the subject ending at te), hold a
 * match of the marker set? Every match of inline_enumeration's rule is one of its set. The main
 * loop's next search (from the end of m over the whole text) is made here and kept for the loop:
 * a match of the title alone is a match of the whole text at the same start, because te is a
 * title end (。 \n \r : ! ? or a blank, zg_seg_title_end) and no marker rule tells such a
 * character from the end of the text (rules/markers.rules; test_segment checks it on every
 * corpus notice). So a next match at or after te, or none, leaves none in the title; one inside
 * it (an enumeration, or a marker the title alone does not hold) is checked on the title.
 */
static bool title_may_hold_marker(seg *s, const marker *m, size_t ts, size_t te)
{
    size_t from = after(m);
    if (!s->next_known) {
        s->next_rc = next_marker(s, from, &s->next);
        s->next_known = true;
    }
    if (from <= ts && (s->next_rc == 0 || (s->next_rc == 1 && s->next.start >= te))) return false;
    zg_match x;
    return zg_match_leftmost(s->sc, s->markers, s->doc->norm, ts, te, 0, &x) != 0;
}

/*
 * Does the title norm[ts, te) hold the next marker of the same rule (number + 1) at the start of
 * a clause? Then the marker opens an enumeration inside a sentence (：1.…；2.…；3.…).
 */
static bool inline_enumeration(seg *s, const zg_rule *rule, int number, size_t ts, size_t te)
{
    zg_match m;
    size_t pos = ts;
    while (pos < te && zg_match_rule(s->sc, rule, s->doc->norm, pos, te, 0, &m) == 1) {
        size_t ns, ne;
        if (ZG_GROUP(s->sc, &m, "num", &ns, &ne) &&
            zg_seg_number(s->doc->norm + ns, ne - ns) == number + 1 &&
            zg_seg_item_start(s->doc->norm, m.start) != ZG_SEG_INSIDE)
            return true;
        pos = m.end > m.start ? m.end : m.start + 1;
    }
    return false;
}

/*
 * Does a marker of `rule` numbered `number` follow at a line start or after a gap, within
 * LOOKAHEAD_BYTES after `from`? Then a marker that skips that number is out of order, not a
 * sign of a missing heading. The last answer is kept so runs of such markers stay linear.
 */
static bool comes_later(seg *s, const zg_rule *rule, int number, size_t from)
{
    const char *norm = s->doc->norm;
    size_t to = s->doc->norm_len - from > LOOKAHEAD_BYTES ? from + LOOKAHEAD_BYTES
                                                          : s->doc->norm_len;
    size_t scan = from;
    if (s->look_rule == rule && s->look_number == number && from >= s->look_from) {
        if (s->look_found != SIZE_MAX) {
            if (s->look_found >= from) return s->look_found < to;
        } else if (from <= s->look_to) {
            scan = s->look_to;
        }
    }
    s->look_rule = rule;
    s->look_number = number;
    s->look_from = from;
    s->look_found = SIZE_MAX;
    zg_match m;
    while (scan < to && zg_match_rule(s->sc, rule, norm, scan, to, 0, &m) == 1) {
        size_t ns, ne;
        if (ZG_GROUP(s->sc, &m, "num", &ns, &ne) && zg_seg_number(norm + ns, ne - ns) == number &&
            zg_seg_clause_start(norm, m.start) >= ZG_SEG_GAP) {
            s->look_found = m.start;
            break;
        }
        scan = m.end > m.start ? m.end : m.start + 1;
    }
    s->look_to = to;
    return s->look_found != SIZE_MAX;
}

/*
 * Does marker m number an attachment list (附件：1．…明细表 / 　　　2．…目录, GB/T 9704's 附件说明)?
 * Its line opens with the attachment_label rule right before it; the list runs on over the
 * indented lines after it, whose markers are skipped too (s->attach_end).
 */
static bool numbers_attachments(seg *s, const marker *m)
{
    const zg_document *doc = s->doc;
    if (m->start < s->attach_end) return true;
    const zg_ruleset *label = ZG_SET(s->sc, "attachment_label");
    size_t ls = m->start;
    while (ls > 0 && doc->norm[ls - 1] != '\n') ls--;
    zg_match x;
    if (!label || m->start - ls > 64 ||
        zg_match_first_rule(s->sc, label, doc->norm, ls, m->start, ZG_MATCH_ANCHORED, &x) != 1)
        return false;
    size_t end = m->start;
    for (;;) {                         /* this line, and the indented lines after it */
        const char *nl = memchr(doc->norm + end, '\n', doc->norm_len - end);
        end = nl ? (size_t)(nl - doc->norm) + 1 : doc->norm_len;
        if (end >= doc->norm_len || (doc->norm[end] != ' ' && doc->norm[end] != '\t')) break;
    }
    s->attach_end = end;
    return true;
}

/* Decide whether marker m is a heading, and add it. Returns false on OOM. */
static bool consider(seg *s, const marker *m)
{
    zg_document *doc = s->doc;
    int rank = zg_seg_rule_rank(m->rule), level = zg_seg_rule_level(m->rule);
    if (rank < 0 || rank > ZG_LEVEL_MAX) return true;
    int number = m->number;
    if (number < 1) return true;
    zg_seg_pos pos = zg_seg_clause_start(doc->norm, m->start);
    if (pos == ZG_SEG_INSIDE) return true;
    if ((pos == ZG_SEG_CLAUSE || m->start < s->attach_end) && numbers_attachments(s, m)) return true;
    const char *type = m->rule->name;
    if (continues_nested_run(s, rank, type, number)) return true;

    zg_node *parent = parent_for(s, rank);
    int alt;
    int expected = expected_number(s, parent, rank, type, &alt);
    bool in_sequence = number == expected || number == alt;
    /* a marker on a line or after a gap, one step ahead of its numbering: most likely an entry
     * is missing (not after mere punctuation, where inline numbers are more common) */
    bool gap = !in_sequence && pos >= ZG_SEG_GAP && expected > 0 && number == expected + 1 &&
               !comes_later(s, m->rule, expected, m->end);
    const zg_node *current = rank > 0 ? s->open[rank] : s->part;
    bool restart = !in_sequence && number == 1 && current && strcmp(current->type, type) == 0;
    if (!in_sequence && !gap && !restart && pos != ZG_SEG_LINE_START) return true;

    zg_span where = zg_span_from_norm(doc, m->start, m->end);
    if (restart) {
        s->nested_rank = rank;
        s->nested_type = type;
        s->nested_last = 1;
        if (pos == ZG_SEG_LINE_START && s->ambiguity_diags < MAX_AMBIGUITY_DIAGS) {
            s->ambiguity_diags++;
            zg_doc_diag(doc, ZG_SEV_INFO, "ambiguous-heading", where,
                        "numbering restarts at 1 inside heading %s: read as a list, not headings",
                        current->marker.s ? current->marker.s : "");
        }
        return true;
    }
    size_t ts, te;
    if (!find_title(s, m->end, &ts, &te)) return true;
    if (title_may_hold_marker(s, m, ts, te) && inline_enumeration(s, m->rule, number, ts, te))
        return true;
    if (!in_sequence && !gap) {
        if (s->ambiguity_diags < MAX_AMBIGUITY_DIAGS) {
            s->ambiguity_diags++;
            zg_doc_diag(doc, ZG_SEV_INFO, "ambiguous-heading", where,
                        "line-initial marker numbered %d (level %d) is not taken as a heading: "
                        "it does not continue the numbering of its level here", number, level);
        }
        return true;
    }
    if (doc->n_headings >= s->max_nodes) {
        if (!s->limit_hit)
            zg_doc_diag(doc, ZG_SEV_ERROR, "node-limit", where,
                        "more than %zu headings: the outline stops here", s->max_nodes);
        s->limit_hit = true;
        return true;
    }
    if (gap)
        zg_doc_diag(doc, ZG_SEV_WARNING, "numbering-gap", where,
                    "level-%d heading numbered %d where %d was expected: a heading is missing "
                    "or misnumbered", level, number, expected);
    s->nested_last = 0;
    return add_node(s, parent, rank, type, number, m->start, m->end, ts, te) != NULL;
}

/* Each node ends where the next heading of the same or a higher rank starts (a part at the
 * next part, a 一、 section at the next section or part). */
static void close_spans(zg_document *doc)
{
    for (size_t i = 0; i < doc->n_headings; i++) {
        zg_node *n = doc->headings[i];
        size_t end = doc->text_len;
        for (size_t j = i + 1; j < doc->n_headings; j++) {
            if (doc->headings[j]->rank <= n->rank) {
                end = doc->headings[j]->span.start;
                break;
            }
        }
        n->span.end = end;
        n->body.end = end;
        if (n->body.start > end) n->body.start = end;
    }
}

/* Is text offset `at` inside a table? Table cells are never outline entries. *next_table walks
 * forward with the scan (tables come in text order). */
static bool in_table(const zg_document *doc, size_t at, size_t *next_table)
{
    while (*next_table < doc->n_tables && doc->tables[*next_table].span.end <= at) (*next_table)++;
    for (size_t t = *next_table; t < doc->n_tables; t++) {
        if (doc->tables[t].span.start > at) break;
        if (at < doc->tables[t].span.end) return true;
    }
    return false;
}

zg_status zg_segment(zg_document *doc, zg_scanner *sc, zg_error *err)
{
    (void)err;
    memset(&doc->root, 0, sizeof doc->root);
    doc->root.rank = -1;
    doc->root.span.end = doc->text_len;
    doc->root.body.end = doc->text_len;
    doc->headings = NULL;
    doc->n_headings = 0;

    seg s = { .doc = doc, .sc = sc };
    s.markers = ZG_SET(sc, "heading_marker");
    s.max_nodes = zg_scanner_limits(sc)->max_nodes;
    s.open[0] = &doc->root;
    if (!s.markers) {
        zg_doc_diag(doc, ZG_SEV_WARNING, "rules-missing", (zg_span){ 0, 0 },
                    "no 'heading_marker' rules loaded: the outline is empty");
        return ZG_OK;
    }
    size_t next_table = 0;
    marker m;
    int rc = next_marker(&s, 0, &m);
    while (rc == 1 && !s.limit_hit) {
        s.next_known = false;
        if (!in_table(doc, zg_norm_to_text(doc, m.start), &next_table) && !consider(&s, &m))
            return ZG_ERR_NOMEM;
        if (s.limit_hit) break;
        if (s.next_known) { /* consider() searched on from m already */
            rc = s.next_rc;
            m = s.next;
        } else {
            rc = next_marker(&s, after(&m), &m);
        }
    }
    close_spans(doc);
    return ZG_OK;
}

size_t zg_segment_title_end(const zg_document *doc, size_t title_start, size_t limit)
{
    return zg_seg_title_end(doc->norm, title_start, limit < doc->norm_len ? limit : doc->norm_len);
}
