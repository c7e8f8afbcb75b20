/*
 * HTML tables of the main content: the grid with rowspans/colspans expanded (zg_table) and the
 * rows rendered as text lines, cells separated by "\t". A covered cell (filled by a span from
 * above or the left) carries the span of the cell that covers it, so text[span] is its value.
 * Tables nested inside a cell are flattened into that cell's text.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

enum { MAX_ROWSPAN = 1000, MAX_COLSPAN = 64, MAX_GRID = 1 << 20 };

static bool is_named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && n->name[0] == (unsigned char)name[0] &&
           !strcmp((const char *)n->name, name);
}

static long span_attr(xmlNode *cell, const char *name, long max)
{
    xmlChar *v = xmlGetProp(cell, (const xmlChar *)name);
    long k = v ? strtol((const char *)v, NULL, 10) : 1;
    xmlFree(v);
    if (k < 1) k = 1;
    return k > max ? max : k;
}

/* The <tr> rows of a table (direct, or in thead/tbody/tfoot), in order. */
static size_t collect_rows(xmlNode *table, xmlNode **rows, size_t cap)
{
    size_t n = 0;
    for (xmlNode *ch = table->children; ch; ch = ch->next) {
        if (is_named(ch, "tr")) {
            if (rows && n < cap) rows[n] = ch;
            n++;
        } else if (is_named(ch, "thead") || is_named(ch, "tbody") || is_named(ch, "tfoot")) {
            for (xmlNode *tr = ch->children; tr; tr = tr->next)
                if (is_named(tr, "tr")) {
                    if (rows && n < cap) rows[n] = tr;
                    n++;
                }
        }
    }
    return n;
}

static bool is_cell(const xmlNode *n) { return is_named(n, "td") || is_named(n, "th"); }

/* Render one cell's content inline; returns its span (trimmed). */
static zg_span render_cell(html_ctx *c, xmlNode *cell, int depth)
{
    c->seg_start = c->out.len;
    c->pending_space = c->pending_soft = false;
    c->line_link = 0;
    c->cell_depth++;
    zg_html_walk(c, cell, depth + 1);
    c->cell_depth--;
    zg_html_trim_tail(c, c->seg_start);
    c->pending_space = c->pending_soft = false;
    return (zg_span){ c->seg_start, c->out.len };
}

void zg_html_table(html_ctx *c, xmlNode *table, int depth)
{
    zg_html_end_line(c);
    size_t n_rows = collect_rows(table, NULL, 0);
    if (!n_rows) return;
    xmlNode **rows = malloc(n_rows * sizeof *rows);
    size_t *row_sum = calloc(n_rows, sizeof *row_sum);
    if (!rows || !row_sum) { free(rows); free(row_sum); c->out.failed = true; return; }
    collect_rows(table, rows, n_rows);

    /* column bound: widest row plus everything rowspans can push to the right */
    size_t bound = 0, pushed = 0;
    for (size_t r = 0; r < n_rows; r++) {
        for (xmlNode *cell = rows[r]->children; cell; cell = cell->next) {
            if (!is_cell(cell)) continue;
            long cs = span_attr(cell, "colspan", MAX_COLSPAN);
            row_sum[r] += (size_t)cs;
            if (span_attr(cell, "rowspan", 2) > 1) pushed += (size_t)cs;
        }
        if (row_sum[r] > bound) bound = row_sum[r];
    }
    free(row_sum);
    bound += pushed;
    if (!bound || n_rows * bound > MAX_GRID) {      /* not a grid we can hold: plain text */
        free(rows);
        zg_html_walk(c, table, depth);
        zg_html_end_line(c);
        return;
    }
    /* origin[r * bound + col] = index of the covering cell's (row, col) + 1; 0 = empty */
    size_t *origin = calloc(n_rows * bound, sizeof *origin);
    xmlNode **cell_at = calloc(n_rows * bound, sizeof *cell_at);
    zg_span *spans = calloc(n_rows * bound, sizeof *spans);
    if (!origin || !cell_at || !spans) {
        free(rows); free(origin); free(cell_at); free(spans);
        c->out.failed = true;
        return;
    }
    size_t n_cols = 0;
    for (size_t r = 0; r < n_rows; r++) {
        size_t col = 0;
        for (xmlNode *cell = rows[r]->children; cell; cell = cell->next) {
            if (!is_cell(cell)) continue;
            while (col < bound && origin[r * bound + col]) col++;
            if (col >= bound) break;
            size_t rs = (size_t)span_attr(cell, "rowspan", MAX_ROWSPAN);
            size_t cs = (size_t)span_attr(cell, "colspan", MAX_COLSPAN);
            if (rs > n_rows - r) rs = n_rows - r;
            if (cs > bound - col) cs = bound - col;
            size_t id = r * bound + col + 1;
            cell_at[r * bound + col] = cell;
            for (size_t i = 0; i < rs; i++)
                for (size_t j = 0; j < cs; j++)
                    if (!origin[(r + i) * bound + col + j]) origin[(r + i) * bound + col + j] = id;
            col += cs;
            if (col > n_cols) n_cols = col;
        }
    }

    /* rows → lines; origin cells rendered in column order */
    size_t table_start = c->out.len, table_end = c->out.len;
    for (size_t r = 0; r < n_rows; r++) {
        size_t row_start = c->out.len;
        bool first = true, any_text = false;
        for (size_t col = 0; col < n_cols; col++) {
            size_t k = r * bound + col;
            if (!cell_at[k]) continue;
            if (!first) zg_buf_append(&c->out, "\t", 1);
            first = false;
            spans[k] = render_cell(c, cell_at[k], depth);
            if (spans[k].end > spans[k].start) any_text = true;
        }
        if (!any_text) {
            c->out.len = row_start;
            for (size_t col = 0; col < n_cols; col++)
                spans[r * bound + col] = (zg_span){ row_start, row_start };
        } else {
            table_end = c->out.len;
            zg_buf_append(&c->out, "\n", 1);
        }
        c->seg_start = c->out.len;
        c->line_link = 0;
    }

    if (!n_cols) goto done;
    zg_table *t = zg_arena_push(&c->doc->arena, (void **)&c->doc->tables, &c->doc->n_tables,
                                sizeof *t);
    zg_cell *cells = n_cols ? zg_arena_alloc(&c->doc->arena, n_rows * n_cols * sizeof *cells)
                            : NULL;
    if (t && (cells || !n_cols)) {
        t->n_rows = n_rows;
        t->n_cols = n_cols;
        t->cells = cells;
        t->span = (zg_span){ table_start, table_end };
        for (size_t r = 0; r < n_rows; r++)
            for (size_t col = 0; col < n_cols; col++) {
                size_t id = origin[r * bound + col];
                zg_cell *cell = &cells[r * n_cols + col];
                if (!id) {
                    cell->span = (zg_span){ table_end, table_end };
                    continue;
                }
                cell->span = spans[id - 1];
                cell->covered = id - 1 != r * bound + col;
            }
    } else {
        c->out.failed = true;
    }
done:
    free(rows);
    free(origin);
    free(cell_at);
    free(spans);
}
