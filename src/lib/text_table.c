/*
 * Tab-separated 整改清单 tables of a plain text: a 整改台账 pasted from a spreadsheet or a Word
 * table, a header row (序号\t问题\t整改措施\t整改进展) and one line per row. Such a run of lines
 * becomes a zg_table over doc->text, as the HTML and Markdown loaders make one; the text itself
 * is unchanged (its rows already are lines of "\t"-separated cells).
 *
 * Strict, so that prose with a stray tab or a signature aligned with tabs stays text: the first
 * line is a header the table rules recognise (zg_table_header_row), and every row after it has
 * the header's number of cells (empty cells after the last filled one aside). Blank lines between
 * rows are skipped; a short line without tabs followed by a row is a group row (a merged cell
 * across the row: 一、党的建设方面, the category of the rows below); any other line ends the
 * table. As in Markdown, an empty cell under a filled one is covered by it (a merged cell pasted
 * as text keeps its value in its first row only).
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "stages.h"

enum { MAX_COLS = 64, MAX_CELLS = 1 << 20, HEADER_CELL_MAX = 48 };

/* Blank bytes at text[i]: ASCII space, \r, U+00A0, U+3000; 0 if none. */
static size_t blank_at(const char *s, size_t i, size_t end)
{
    if (i < end && (s[i] == ' ' || s[i] == '\r')) return 1;
    if (i + 2 <= end && !memcmp(s + i, "\xC2\xA0", 2)) return 2;
    if (i + 3 <= end && !memcmp(s + i, "\xE3\x80\x80", 3)) return 3;
    return 0;
}

static bool blank_before(const char *s, size_t start, size_t *end)
{
    size_t e = *end;
    if (e > start && (s[e - 1] == ' ' || s[e - 1] == '\r')) { *end = e - 1; return true; }
    if (e >= start + 2 && !memcmp(s + e - 2, "\xC2\xA0", 2)) { *end = e - 2; return true; }
    if (e >= start + 3 && !memcmp(s + e - 3, "\xE3\x80\x80", 3)) { *end = e - 3; return true; }
    return false;
}

/*
 * The cells of the line text[start, end) split at tabs, each trimmed of blanks, into cell[0..max).
 * Returns the number of cells up to the last filled one (0 for a blank line); *raw is the number
 * of cells the tabs make.
 */
static size_t split_row(const char *s, size_t start, size_t end, zg_span *cell, size_t max,
                        size_t *raw)
{
    size_t count = 0, filled = 0, i = start;
    for (;;) {
        const char *tab = memchr(s + i, '\t', end - i);
        size_t ce = tab ? (size_t)(tab - s) : end, cs = i, k;
        while ((k = blank_at(s, cs, ce))) cs += k;
        while (ce > cs && blank_before(s, cs, &ce)) {}
        if (count < max) cell[count] = (zg_span){ cs, ce };
        count++;
        if (ce > cs) filled = count;
        if (!tab) break;
        i = (size_t)(tab - s) + 1;
    }
    *raw = count;
    return filled;
}

/* A line that may head a table: two cells at least, all short (header words, not prose). */
static bool header_shape(const zg_span *cell, size_t n)
{
    if (n < 2 || n > MAX_COLS) return false;
    size_t filled = 0;
    for (size_t c = 0; c < n; c++) {
        size_t len = cell[c].end - cell[c].start;
        if (len > HEADER_CELL_MAX) return false;
        if (len) filled++;
    }
    return filled >= 2;
}

/* The line at text[*i]: its end without the line break (CR LF too); *i moves past the break. */
static size_t line_end(const char *s, size_t n, size_t *i)
{
    const char *nl = memchr(s + *i, '\n', n - *i);
    size_t end = nl ? (size_t)(nl - s) : n, start = *i;
    *i = nl ? end + 1 : n;
    while (end > start && s[end - 1] == '\r') end--;
    return end;
}

/* A line without tabs between rows: a merged cell across the row (一、党的建设方面), pasted as
 * its text alone. Short and no sentence; it is a row only when a row follows it. */
static bool group_line(const char *s, const zg_span *cell, size_t k, size_t raw)
{
    size_t len = cell[0].end - cell[0].start;
    return k == 1 && raw == 1 && len <= 120 && !memmem(s + cell[0].start, len, "\xE3\x80\x82", 3);
}

/*
 * The table headed by the line text[start, end) with n_cols cells (hdr): its rows are the lines
 * after it with that many cells, and group lines among them. Returns the offset after the
 * table's last row, or `start` when no row follows; -1 (as SIZE_MAX) on allocation failure.
 */
static size_t make_table(zg_document *doc, size_t next, const zg_span *hdr, size_t n_cols,
                         size_t start)
{
    const char *s = doc->text;
    size_t n = doc->text_len, n_rows = 1, groups = 0, after = start, last_end = start;
    zg_span cell[MAX_COLS];
    for (size_t i = next; i < n && (n_rows + groups + 1) * n_cols <= MAX_CELLS;) {
        size_t ls = i, le = line_end(s, n, &i), raw;
        size_t k = split_row(s, ls, le, cell, MAX_COLS, &raw);
        if (!k && raw == 1) continue;                   /* a blank line */
        if (group_line(s, cell, k, raw)) {
            groups++;
            continue;
        }
        if (k > n_cols || raw < n_cols) break;
        n_rows += groups + 1;
        groups = 0;
        after = i;
        last_end = le;
    }
    if (n_rows < 2) return start;
    zg_cell *cells = zg_arena_alloc(&doc->arena, n_rows * n_cols * sizeof *cells);
    zg_table *t = cells ? zg_arena_push(&doc->arena, (void **)&doc->tables, &doc->n_tables,
                                        sizeof *t)
                        : NULL;
    if (!t) return SIZE_MAX;
    for (size_t c = 0; c < n_cols; c++) cells[c] = (zg_cell){ hdr[c], false };
    size_t row = 1;
    bool after_group = true;                            /* nothing to carry down: header, group */
    for (size_t i = next; row < n_rows;) {
        size_t ls = i, le = line_end(s, n, &i), raw;
        size_t k = split_row(s, ls, le, cell, MAX_COLS, &raw);
        if (!k && raw == 1) continue;
        bool group = group_line(s, cell, k, raw);
        for (size_t c = 0; c < n_cols; c++) {
            zg_cell *z = &cells[row * n_cols + c];
            if (group) {                                /* one cell spanning the row */
                *z = (zg_cell){ cell[0], c > 0 };
                continue;
            }
            *z = (zg_cell){ c < k ? cell[c] : (zg_span){ le, le }, false };
            const zg_cell *above = !after_group ? &cells[(row - 1) * n_cols + c] : NULL;
            if (z->span.end <= z->span.start && above && above->span.end > above->span.start)
                *z = (zg_cell){ above->span, true };
        }
        after_group = group;
        row++;
    }
    *t = (zg_table){ n_rows, n_cols, cells, { start, last_end } };
    return after;
}

zg_status zg_text_tables(zg_document *doc, zg_scanner *sc, zg_error *err)
{
    (void)err;
    if (!doc || !sc || !doc->text || !doc->norm_map || !doc->format ||
        strcmp(doc->format, "text"))
        return ZG_OK;
    const char *s = doc->text;
    size_t n = doc->text_len;
    const char *tab = memchr(s, '\t', n);             /* most notices hold none */
    zg_span hdr[MAX_COLS];
    zg_cell probe_cells[MAX_COLS];
    while (tab) {
        size_t start = (size_t)(tab - s);
        while (start > 0 && s[start - 1] != '\n') start--;
        size_t i = start, end = line_end(s, n, &i), raw;
        size_t k = split_row(s, start, end, hdr, MAX_COLS, &raw);
        if (header_shape(hdr, k)) {
            for (size_t c = 0; c < k; c++) probe_cells[c] = (zg_cell){ hdr[c], false };
            zg_table probe = { 1, k, probe_cells, { start, end } };
            if (zg_table_header_row(doc, sc, &probe, 0)) {
                size_t after = make_table(doc, i, hdr, k, start);
                if (after == SIZE_MAX) return ZG_ERR_NOMEM;
                if (after > start) i = after;
            }
        }
        tab = i < n ? memchr(s + i, '\t', n - i) : NULL;
    }
    return ZG_OK;
}
