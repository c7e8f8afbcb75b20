/*
 * Issues from 整改清单 tables (doc->tables: HTML and Markdown tables from the loader, tab-separated
 * ones of plain text from text_table.c).
 *
 * Columns are recognised by their header cell through rules/tables.rules ("table_column"). Each
 * data row is a problem, except rows whose problem cell is covered by a rowspan from above: those
 * continue the problem (k rows of one problem = k measures), and grouping rows (one cell spanning
 * the problem column to the row's end: 一、党的建设方面), which give the category of the rows
 * below. A table is skipped when the heading extractor already found issues in its region (the
 * heading that encloses it).
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "lookup.h"
#include "stages.h"

enum col_field { F_NUMBER, F_CATEGORY, F_PROBLEM, F_TARGET, F_MEASURES, F_DEADLINE,
                 F_RESPONSIBLE, F_PROGRESS, F_COUNT };
static const char *const field_names[F_COUNT] = { "number", "category", "problem", "target",
                                                  "measures", "deadline", "responsible",
                                                  "progress" };

/* First norm offset whose text offset is >= t (norm_map is non-decreasing). */
static size_t text_to_norm(const zg_document *doc, size_t t)
{
    size_t lo = 0, hi = doc->norm_len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (doc->norm_map[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
}

static const zg_cell *cell_at(const zg_table *t, size_t r, size_t c)
{
    return &t->cells[r * t->n_cols + c];
}

static bool cell_empty(const zg_cell *c) { return c->span.end <= c->span.start; }

/* Field of a header cell (anchored on the trimmed cell), or -1. */
static int header_field(zg_document *doc, zg_scanner *sc, const zg_ruleset *set, const zg_cell *c)
{
    if (!set || cell_empty(c)) return -1;
    size_t from = text_to_norm(doc, c->span.start), to = text_to_norm(doc, c->span.end);
    while (from < to && (doc->norm[from] == ' ' || doc->norm[from] == '\t')) from++;
    while (to > from && (doc->norm[to - 1] == ' ' || doc->norm[to - 1] == '\t')) to--;
    if (from >= to) return -1;
    /* the rules anchor with ^ and $: match on a NUL-terminated copy of the cell */
    char *copy = zg_arena_strndup(&doc->arena, doc->norm + from, to - from);
    zg_match m;
    if (!copy || zg_match_first_rule(sc, set, copy, 0, to - from, 0, &m) != 1) return -1;
    for (int f = 0; f < F_COUNT; f++)
        if (!strcmp(m.rule->yield, field_names[f])) return f;
    return -1;
}

/* Column map of row r; true when it is a 整改清单 header: a problem column and another known one. */
static bool header_columns(zg_document *doc, zg_scanner *sc, const zg_table *t, size_t r,
                           int col_of[F_COUNT])
{
    const zg_ruleset *set = zg_lookup_set(sc, "table_column");
    int known = 0;
    for (int f = 0; f < F_COUNT; f++) col_of[f] = -1;
    for (size_t c = 0; c < t->n_cols; c++) {
        const zg_cell *cell = cell_at(t, r, c);
        if (cell->covered) continue;
        int f = header_field(doc, sc, set, cell);
        if (f >= 0 && col_of[f] < 0) {
            col_of[f] = (int)c;
            known++;
        }
    }
    return col_of[F_PROBLEM] >= 0 && known >= 2;
}

bool zg_table_header_row(zg_document *doc, zg_scanner *sc, const zg_table *t, size_t r)
{
    int col_of[F_COUNT];
    return doc && sc && t && r < t->n_rows && doc->norm_map && header_columns(doc, sc, t, r, col_of);
}

/* Header row and column map; false if the table is not a 整改清单. */
static bool find_header(zg_document *doc, zg_scanner *sc, const zg_table *t, size_t *header_row,
                        int col_of[F_COUNT])
{
    for (size_t r = 0; r < t->n_rows && r < 3; r++)
        if (header_columns(doc, sc, t, r, col_of)) {
            *header_row = r;
            return true;
        }
    return false;
}

/* Deepest heading whose span holds text offset `at`. */
static const zg_node *enclosing_heading(const zg_document *doc, size_t at)
{
    const zg_node *best = NULL;
    for (size_t i = 0; i < doc->n_headings; i++) {
        const zg_node *h = doc->headings[i];
        if (h->span.start <= at && at < h->span.end && (!best || h->level >= best->level))
            best = h;
    }
    return best;
}

static bool title_matches(zg_scanner *sc, const char *set_name, const zg_node *h)
{
    const zg_ruleset *set = zg_lookup_set(sc, set_name);
    zg_match m;
    return set && h->title.s &&
           zg_match_first_rule(sc, set, h->title.s, 0, strlen(h->title.s), 0, &m) == 1;
}

/* The enclosing heading as a category: not an issues/overview/outlook section, unless it
 * names a class of problems. */
static const zg_node *heading_category(zg_scanner *sc, const zg_node *h)
{
    if (!h || !h->title.s) return NULL;
    if (title_matches(sc, "category_class", h)) return h;
    if (title_matches(sc, "issues_section", h) || title_matches(sc, "not_issues_section", h))
        return NULL;
    return h->level >= 2 ? h : NULL;
}

/* Heading-extracted issues overlapping [from, to). */
static bool region_has_issues(const zg_document *doc, size_t from, size_t to)
{
    for (size_t i = 0; i < doc->n_issues; i++) {
        const zg_issue *is = &doc->issues[i];
        if (is->node && is->span.start < to && is->span.end > from) return true;
    }
    return false;
}

/* Problem cell up to its first sentence end (。；;), without trailing blanks. */
static zg_span problem_title(const zg_document *doc, zg_span cell)
{
    size_t end = cell.end;
    for (size_t i = cell.start; i < cell.end; i++) {
        const char *p = doc->text + i;
        if (!strncmp(p, "\xE3\x80\x82", 3) || !strncmp(p, "\xEF\xBC\x9B", 3) || *p == ';') {
            end = i;
            break;
        }
    }
    while (end > cell.start && (doc->text[end - 1] == ' ' || doc->text[end - 1] == '\t')) end--;
    return (zg_span){ cell.start, end };
}

static zg_sref cell_sref(zg_document *doc, const zg_table *t, size_t r, int col)
{
    zg_sref none = { NULL, { 0, 0 } };
    if (col < 0) return none;
    const zg_cell *c = cell_at(t, r, (size_t)col);
    return cell_empty(c) ? none : zg_sref_from_span(doc, c->span);
}

static void norm_range(const zg_document *doc, zg_span sp, size_t *from, size_t *to)
{
    *from = text_to_norm(doc, sp.start);
    *to = text_to_norm(doc, sp.end);
}

static zg_status add_problem(zg_document *doc, zg_scanner *sc, const zg_table *t, size_t r0,
                             size_t r1, const int col_of[F_COUNT], const zg_sref *category)
{
    const zg_cell *pc = cell_at(t, r0, (size_t)col_of[F_PROBLEM]);
    zg_issue *is = zg_arena_push(&doc->arena, (void **)&doc->issues, &doc->n_issues, sizeof *is);
    if (!is) return ZG_ERR_NOMEM;
    is->title = zg_sref_from_span(doc, problem_title(doc, pc->span));
    is->marker = cell_sref(doc, t, r0, col_of[F_NUMBER]);
    is->number = is->marker.s ? (int)zg_number_int(is->marker.s, strlen(is->marker.s)) : 0;
    if (is->number < 0) is->number = 0;
    is->category = cell_sref(doc, t, r0, col_of[F_CATEGORY]);
    if (!is->category.s && category) is->category = *category;
    is->responsible = cell_sref(doc, t, r0, col_of[F_RESPONSIBLE]);
    is->time_limit = cell_sref(doc, t, r0, col_of[F_DEADLINE]);

    /* the span: the cells of its rows, not those spanning down into them from a row above
     * (a category's rowspan), which belong to the first problem they cover */
    size_t start = SIZE_MAX, end = 0;
    for (size_t r = r0; r <= r1; r++)
        for (size_t c = 0; c < t->n_cols; c++) {
            const zg_cell *cell = cell_at(t, r, c);
            if (cell_empty(cell) || cell->covered) continue;
            if (cell->span.start < start) start = cell->span.start;
            if (cell->span.end > end) end = cell->span.end;
        }
    is->span = start < end ? (zg_span){ start, end } : pc->span;

    /* measures: one per row when the problem spans rows, else the markers inside its cell */
    if (col_of[F_MEASURES] >= 0) {
        size_t mc = (size_t)col_of[F_MEASURES];
        const zg_cell *first = cell_at(t, r0, mc), *last = cell_at(t, r1, mc);
        if (!cell_empty(first) || !cell_empty(last))
            is->measures_text = zg_sref_from_span(doc, (zg_span){ first->span.start,
                                                                  last->span.end });
        if (r1 > r0) {
            for (size_t r = r0; r <= r1; r++) {
                const zg_cell *cell = cell_at(t, r, mc);
                if (cell_empty(cell) || (r > r0 && cell->covered)) continue;
                zg_list_item *it = zg_arena_push(&doc->arena, (void **)&is->measures,
                                                 &is->n_measures, sizeof *it);
                if (!it) return ZG_ERR_NOMEM;
                it->type = "table_row";
                it->number = (int)(r - r0 + 1);
                it->span = cell->span;
                it->text = zg_sref_from_span(doc, cell->span);
            }
            is->measures_listed = is->n_measures > 0;
        } else if (!cell_empty(first)) {
            size_t from, to;
            norm_range(doc, first->span, &from, &to);
            zg_list_item *items = NULL;
            int k = zg_segment_cell_list(doc, sc, from, to, &items);
            if (k < 0) return ZG_ERR_NOMEM;
            is->measures = items;
            is->n_measures = (size_t)k;
            is->measures_listed = k > 0;
        }
    }

    /* progress from the status cell; deadline and long-term also from 整改时限 */
    if (col_of[F_PROGRESS] >= 0) {
        const zg_cell *cell = cell_at(t, r0, (size_t)col_of[F_PROGRESS]);
        size_t from, to;
        norm_range(doc, cell->span, &from, &to);
        zg_status st = zg_extract_progress(doc, sc, from, to, &is->progress);
        if (st != ZG_OK) return st;
    }
    if (col_of[F_DEADLINE] >= 0) {
        const zg_cell *cell = cell_at(t, r0, (size_t)col_of[F_DEADLINE]);
        size_t from, to, nend;
        norm_range(doc, cell->span, &from, &to);
        zg_progress limit;
        memset(&limit, 0, sizeof limit);
        if (from < to && zg_extract_progress(doc, sc, from, to, &limit) == ZG_OK &&
            limit.long_term)
            is->progress.long_term = true;
        zg_date d;
        const zg_date *ref = doc->ref_date.precision != ZG_PREC_NONE ? &doc->ref_date : NULL;
        if (from < to && zg_date_find(doc, sc, from, to, ref, ZG_DATE_END, &d, &nend) == 1)
            is->progress.deadline = d;
    }
    return ZG_OK;
}

/* Stable insertion sort by start: heading issues keep their order among themselves. */
static void sort_by_start(zg_issue *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        zg_issue x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].span.start > x.span.start) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/*
 * A grouping row (<td colspan="5">一、党的建设方面</td>, or 一 | 党的建设方面 spanning the rest): one
 * cell that starts in this row covers the problem column and every column after it, two columns
 * at least. Its text without a heading marker is the category of the rows below; a cell with a
 * sentence in it is no such label.
 */
static bool category_row(zg_document *doc, zg_scanner *sc, const zg_table *t, size_t r,
                         size_t pcol, zg_sref *out)
{
    const zg_cell *pc = cell_at(t, r, pcol);
    if (cell_empty(pc)) return false;
    size_t first = pcol;
    while (first > 0 && cell_at(t, r, first - 1)->span.start == pc->span.start &&
           cell_at(t, r, first - 1)->span.end == pc->span.end)
        first--;
    if (cell_at(t, r, first)->covered || t->n_cols - first < 2) return false;
    for (size_t c = pcol + 1; c < t->n_cols; c++)
        if (cell_at(t, r, c)->span.start != pc->span.start || !cell_at(t, r, c)->covered)
            return false;
    size_t from, to;
    norm_range(doc, pc->span, &from, &to);
    if (to - from > 120 || memmem(doc->norm + from, to - from, "\xE3\x80\x82", 3) ||
        memchr(doc->norm + from, ';', to - from))
        return false;
    const zg_ruleset *markers = zg_lookup_set(sc, "heading_marker");
    zg_match m;
    if (markers && zg_match_first_rule(sc, markers, doc->norm, from, to, ZG_MATCH_ANCHORED, &m) == 1)
        from = m.end;
    while (from < to && (doc->norm[from] == ' ' || doc->norm[from] == '\t')) from++;
    while (to > from && strchr(" \t:", doc->norm[to - 1])) to--;
    if (from >= to) return false;
    *out = zg_sref_from_norm(doc, from, to);
    return out->s != NULL;
}

static zg_status table_issues(zg_document *doc, zg_scanner *sc, const zg_table *t)
{
    if (!t->n_rows || !t->n_cols || t->span.end <= t->span.start) return ZG_OK;
    size_t header;
    int col_of[F_COUNT];
    if (!find_header(doc, sc, t, &header, col_of)) return ZG_OK;

    const zg_node *h = enclosing_heading(doc, t->span.start);
    zg_span region = h ? h->span : t->span;
    if (region_has_issues(doc, region.start, region.end)) return ZG_OK;
    const zg_node *hc = heading_category(sc, h);
    zg_sref category = hc ? hc->title : (zg_sref){ NULL, { 0, 0 } };
    const zg_ruleset *cols = zg_lookup_set(sc, "table_column");

    size_t pcol = (size_t)col_of[F_PROBLEM];
    size_t r = header + 1;
    while (r < t->n_rows) {
        const zg_cell *pc = cell_at(t, r, pcol);
        if (category_row(doc, sc, t, r, pcol, &category)) {
            r++;
            continue;
        }
        if (cell_empty(pc) || pc->covered || header_field(doc, sc, cols, pc) == F_PROBLEM) {
            r++;                                  /* blank, orphan or repeated header row */
            continue;
        }
        size_t last = r;
        while (last + 1 < t->n_rows && cell_at(t, last + 1, pcol)->covered &&
               cell_at(t, last + 1, pcol)->span.start == pc->span.start)
            last++;
        zg_status st = add_problem(doc, sc, t, r, last, col_of, category.s ? &category : NULL);
        if (st != ZG_OK) return st;
        r = last + 1;
    }
    return ZG_OK;
}

zg_status zg_extract_table_issues(zg_document *doc, zg_scanner *sc)
{
    if (!doc || !sc || !doc->n_tables || !doc->norm_map) return ZG_OK;
    size_t before = doc->n_issues;
    for (size_t i = 0; i < doc->n_tables; i++) {
        zg_status st = table_issues(doc, sc, &doc->tables[i]);
        if (st != ZG_OK) return st;
    }
    /* keep document order when heading issues and table issues are mixed */
    if (doc->n_issues > before && before > 0)
        sort_by_start(doc->issues, doc->n_issues);
    return ZG_OK;
}
