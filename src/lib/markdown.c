/*
 * Crawled Markdown → plain text lines: YAML front matter (title/date → page fallbacks), `#`
 * headings, **bold**, links, escapes, hard breaks, HTML comments and trailing source-link lines
 * (rule set "markdown_drop" in html.rules) removed. One output line per source line; blank lines
 * and horizontal rules are dropped. A pipe table (a row, then a |---|:--:| delimiter row) becomes
 * a zg_table as an HTML table does: its rows are lines with the cells separated by "\t", and an
 * empty cell under a filled one is covered by it (converters write a rowspan's lower cells empty).
 * A bullet item (- * + and a blank) keeps a bullet: • for a top-level item, ◦ for one indented
 * deeper than the items before it (nested), so the segmenter counts a bullet list of measures as
 * it counts (1)(2)…; a line that is no item and not indented deeper than them ends the list.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

static bool is_blank_char(unsigned char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Value of a front-matter line "key: value" with quotes stripped; NULL if key differs. */
static const char *front_value(const char *line, size_t n, const char *key, size_t *vlen)
{
    size_t k = strlen(key);
    if (n <= k || strncmp(line, key, k) != 0 || line[k] != ':') return NULL;
    const char *v = line + k + 1, *end = line + n;
    while (v < end && is_blank_char((unsigned char)*v)) v++;
    while (end > v && is_blank_char((unsigned char)end[-1])) end--;
    if (end - v >= 2 && (*v == '"' || *v == '\'') && end[-1] == *v) { v++; end--; }
    *vlen = (size_t)(end - v);
    return v;
}

/* Skip YAML front matter; returns the offset after it (0 if none). */
static size_t front_matter(zg_document *doc, const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
    if (n - i < 4 || strncmp(s + i, "---", 3) != 0 || (s[i + 3] != '\n' && s[i + 3] != '\r'))
        return 0;
    const char *first_nl = memchr(s + i, '\n', n - i);
    if (!first_nl) return 0;
    i = (size_t)(first_nl - s) + 1;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n, len = end - i;
        while (len && s[i + len - 1] == '\r') len--;
        if ((len == 3 && (!strncmp(s + i, "---", 3) || !strncmp(s + i, "...", 3))))
            return nl ? end + 1 : n;
        size_t vlen;
        const char *v;
        if ((v = front_value(s + i, len, "title", &vlen)) && vlen && !doc->page_title)
            doc->page_title = zg_arena_strndup(&doc->arena, v, vlen);
        else if (((v = front_value(s + i, len, "date", &vlen)) ||
                  (v = front_value(s + i, len, "published", &vlen)) ||
                  (v = front_value(s + i, len, "pubdate", &vlen))) && !doc->page_date)
            doc->page_date = zg_load_parse_date(&doc->arena, v, vlen);
        i = nl ? end + 1 : n;
    }
    return 0;   /* unterminated: not front matter after all */
}

static bool is_rule_line(const char *s, size_t n)
{
    char mark = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t') continue;
        if (s[i] != '-' && s[i] != '*' && s[i] != '_' && s[i] != '=') return false;
        if (mark && s[i] != mark) return false;
        mark = s[i];
        count++;
    }
    return count >= 3;
}

/* Append the inline content of one line with markup removed. */
static void inline_text(zg_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1])) {
            zg_buf_append(b, s + i + 1, 1);
            i += 2;
        } else if ((c == '*' || c == '~' || c == '_') && i + 1 < n && s[i + 1] == c) {
            i += 2;                                     /* **bold**, ~~strike~~, __bold__ */
        } else if (c == '*' && i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '*') {
            /* *emphasis*: drop the pair, keep the text */
            size_t j = i + 1;
            while (j < n && !(s[j] == '*' && s[j - 1] != ' ' && s[j - 1] != '\\')) j++;
            if (j < n) {
                inline_text(b, s + i + 1, j - i - 1);
                i = j + 1;
            } else {
                zg_buf_append(b, s + i, 1);
                i++;
            }
        } else if (c == '`') {
            i++;
        } else if (c == '<' && i + 4 <= n && !strncmp(s + i, "<!--", 4)) {
            const char *e = NULL;
            for (size_t j = i + 4; j + 3 <= n; j++)
                if (!strncmp(s + j, "-->", 3)) { e = s + j + 3; break; }
            i = e ? (size_t)(e - s) : n;
        } else if (c == '<' && i + 1 < n && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/')) {
            const char *gt = memchr(s + i, '>', n - i);   /* inline HTML tag; an autolink keeps its text */
            if (!gt) { zg_buf_append(b, s + i, 1); i++; continue; }
            size_t tag_len = (size_t)(gt - (s + i)) - 1;
            if (memchr(s + i + 1, ':', tag_len) || memchr(s + i + 1, '@', tag_len))
                zg_buf_append(b, s + i + 1, tag_len);     /* <http://…>, <name@host> */
            else if (tag_len >= 2 && (s[i + 1] == 'b' || s[i + 1] == 'B') &&
                     (s[i + 2] == 'r' || s[i + 2] == 'R') &&
                     (tag_len == 2 || s[i + 3] == ' ' || s[i + 3] == '/'))
                zg_buf_append(b, "\n", 1);             /* <br> */
            i = (size_t)(gt - s) + 1;
        } else if ((c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '['))) {
            /* [text](url) → text; ![alt](url) → nothing */
            size_t open = c == '!' ? i + 1 : i, j = open + 1;
            int depth = 1;
            while (j < n && depth) {
                if (s[j] == '[') depth++;
                else if (s[j] == ']') depth--;
                if (depth) j++;
            }
            if (j < n && j + 1 < n && s[j + 1] == '(') {
                const char *close = memchr(s + j + 1, ')', n - j - 1);
                if (close) {
                    if (c != '!') inline_text(b, s + open + 1, j - open - 1);
                    i = (size_t)(close - s) + 1;
                    continue;
                }
            }
            zg_buf_append(b, s + i, 1);
            i++;
        } else {
            zg_buf_append(b, s + i, 1);
            i++;
        }
    }
}

/* Trim ASCII blanks, U+00A0 and U+3000 at both ends of buf[from..]. */
static void trim_tail(zg_buf *b, size_t from)
{
    for (;;) {
        if (b->len > from && is_blank_char((unsigned char)b->data[b->len - 1])) b->len--;
        else if (b->len >= from + 2 && !memcmp(b->data + b->len - 2, "\xC2\xA0", 2)) b->len -= 2;
        else if (b->len >= from + 3 && !memcmp(b->data + b->len - 3, "\xE3\x80\x80", 3)) b->len -= 3;
        else break;
    }
}

static size_t skip_lead(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        if (i < n && is_blank_char((unsigned char)s[i])) i++;
        else if (i + 2 <= n && !memcmp(s + i, "\xC2\xA0", 2)) i += 2;
        else if (i + 3 <= n && !memcmp(s + i, "\xE3\x80\x80", 3)) i += 3;
        else return i;
    }
}

enum { TABLE_MAX_COLS = 64, TABLE_MAX_CELLS = 1 << 20 };

/* The line at s[*i] (without its \n and trailing \r), and *i moved past it. */
static size_t next_line(const char *s, size_t n, size_t *i, const char **line)
{
    const char *nl = memchr(s + *i, '\n', n - *i);
    size_t end = nl ? (size_t)(nl - s) : n, len = end - *i;
    *line = s + *i;
    *i = nl ? end + 1 : n;
    while (len && (*line)[len - 1] == '\r') len--;
    return len;
}

/* The cells of a table row: the text between unescaped pipes, the outer pipes dropped. Up to
 * `max` cells are stored in cell/cell_len; returns how many the row has. */
static size_t row_cells(const char *s, size_t n, const char **cell, size_t *cell_len, size_t max)
{
    while (n && is_blank_char((unsigned char)*s)) { s++; n--; }
    while (n && is_blank_char((unsigned char)s[n - 1])) n--;
    if (n && *s == '|') { s++; n--; }
    if (n && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\')) n--;
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && (s[i] != '|' || (i > 0 && s[i - 1] == '\\'))) continue;
        if (count < max) {
            cell[count] = s + start;
            cell_len[count] = i - start;
        }
        count++;
        start = i + 1;
    }
    return count;
}

/* A row of a table: it holds a pipe. */
static bool is_table_row(const char *s, size_t n) { return memchr(s, '|', n) != NULL; }

/* A delimiter row: cells of :?-+:? only (|---|:---:|), with a pipe. */
static bool is_delimiter_row(const char *s, size_t n)
{
    if (!is_table_row(s, n)) return false;
    const char *cell[TABLE_MAX_COLS];
    size_t len[TABLE_MAX_COLS];
    size_t k = row_cells(s, n, cell, len, TABLE_MAX_COLS);
    if (k == 0 || k > TABLE_MAX_COLS) return false;
    for (size_t c = 0; c < k; c++) {
        size_t dashes = 0;
        for (size_t j = 0; j < len[c]; j++) {
            char ch = cell[c][j];
            if (ch == '-') dashes++;
            else if (ch != ':' && !is_blank_char((unsigned char)ch)) return false;
        }
        if (!dashes) return false;
    }
    return true;
}

/*
 * The pipe table whose header row starts at s[at] (the delimiter row follows it): its rows as
 * lines of out and a zg_table in doc->tables. Returns the offset after the table, or 0 on
 * allocation failure.
 */
static size_t pipe_table(zg_document *doc, zg_buf *out, const char *s, size_t n, size_t at)
{
    const char *line;
    size_t i = at, len = next_line(s, n, &i, &line);
    const char *cell[TABLE_MAX_COLS];
    size_t cell_len[TABLE_MAX_COLS];
    size_t n_cols = row_cells(line, len, cell, cell_len, TABLE_MAX_COLS);
    if (n_cols > TABLE_MAX_COLS) n_cols = TABLE_MAX_COLS;
    /* the rows: the header, then every row with a pipe up to a line without one */
    size_t n_rows = 1, end = i;
    (void)next_line(s, n, &end, &line);                   /* the delimiter row */
    size_t body = end;
    for (size_t j = body; j < n;) {
        size_t k = j, l = next_line(s, n, &k, &line);
        if (!is_table_row(line, l) || (n_rows + 1) * n_cols > TABLE_MAX_CELLS) break;
        n_rows++;
        end = j = k;
    }
    zg_cell *cells = zg_arena_alloc(&doc->arena, n_rows * n_cols * sizeof *cells);
    zg_table *t = cells ? zg_arena_push(&doc->arena, (void **)&doc->tables, &doc->n_tables,
                                        sizeof *t)
                        : NULL;
    if (!t) return 0;
    size_t table_start = out->len, table_end = out->len, row = 0;
    for (size_t j = at; row < n_rows; row++) {
        len = next_line(s, n, &j, &line);
        const char *delimiter;
        if (row == 0) (void)next_line(s, n, &j, &delimiter);
        size_t k = row_cells(line, len, cell, cell_len, TABLE_MAX_COLS);
        size_t row_start = out->len;
        bool any_text = false;
        for (size_t c = 0; c < n_cols; c++) {
            if (c) zg_buf_append(out, "\t", 1);
            size_t from = out->len;
            if (c < k) {
                size_t lead = skip_lead(cell[c], cell_len[c]);
                inline_text(out, cell[c] + lead, cell_len[c] - lead);
                for (size_t x = from; x < out->len; x++)   /* <br> in a cell: a space */
                    if (out->data[x] == '\n') out->data[x] = ' ';
                trim_tail(out, from);
            }
            zg_cell *z = &cells[row * n_cols + c];
            z->span = (zg_span){ from, out->len };
            z->covered = false;
            if (out->len > from) any_text = true;
            const zg_cell *above = row > 1 ? &cells[(row - 1) * n_cols + c] : NULL;
            if (out->len == from && above && above->span.end > above->span.start) {
                z->span = above->span;
                z->covered = true;
            }
        }
        if (!any_text) {                                  /* an empty row: no line */
            out->len = row_start;
            for (size_t c = 0; c < n_cols; c++)
                cells[row * n_cols + c] = (zg_cell){ { row_start, row_start }, false };
            continue;
        }
        table_end = out->len;
        zg_buf_append(out, "\n", 1);
    }
    *t = (zg_table){ n_rows, n_cols, cells, { table_start, table_end } };
    return end;
}

zg_status zg_markdown_load(zg_document *doc, const char *s, size_t n, zg_error *err)
{
    zg_buf out = { 0 };
    size_t i = front_matter(doc, s, n);
    bool in_comment = false;
    size_t list_indent = SIZE_MAX;             /* indentation of the open list's top-level items */
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        const char *line = s + i;
        size_t len = end - i;
        i = nl ? end + 1 : n;

        if (in_comment) {                          /* a multi-line HTML comment */
            const char *close = NULL;
            for (size_t j = 0; j + 3 <= len; j++)
                if (!strncmp(line + j, "-->", 3)) { close = line + j + 3; break; }
            if (!close) continue;
            len -= (size_t)(close - line);
            line = close;
            in_comment = false;
        }
        size_t lead = skip_lead(line, len);
        line += lead;
        len -= lead;
        if (len >= 4 && !strncmp(line, "<!--", 4)) {
            bool closed = false;
            for (size_t j = 4; j + 3 <= len; j++)
                if (!strncmp(line + j, "-->", 3)) { closed = true; break; }
            if (!closed) { in_comment = true; continue; }
        }
        if (is_rule_line(line, len)) continue;
        if (is_table_row(line, len)) {
            size_t k = i;
            const char *next;
            size_t next_len = k < n ? next_line(s, n, &k, &next) : 0;
            if (k > i && is_delimiter_row(next, next_len)) {
                size_t after = pipe_table(doc, &out, s, n, (size_t)(line - s));
                if (!after) out.failed = true;
                else i = after;
                if (out.failed) break;
                continue;
            }
        }
        if (zg_load_match(doc, "markdown_drop", line, len, NULL)) continue;

        while (len && *line == '>') {              /* block quote */
            line++; len--;
            size_t k = skip_lead(line, len);
            line += k; len -= k;
        }
        if (len && *line == '#') {                 /* ATX heading */
            size_t h = 0;
            while (h < len && line[h] == '#') h++;
            if (h <= 6 && (h == len || line[h] == ' ' || line[h] == '\t')) {
                line += h; len -= h;
                while (len && (line[len - 1] == '#' || is_blank_char((unsigned char)line[len - 1])))
                    len--;
                size_t k = skip_lead(line, len);
                line += k; len -= k;
            }
        }
        size_t start = out.len;
        if (len >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') &&
            (line[1] == ' ' || line[1] == '\t')) {  /* bullet */
            line += 2; len -= 2;
            if (lead < list_indent) list_indent = lead;
            zg_buf_append(&out, lead > list_indent ? "\xE2\x97\xA6 " : "\xE2\x80\xA2 ", 4);
        } else if (len && lead <= list_indent) {
            list_indent = SIZE_MAX;
        }
        size_t content = out.len;
        inline_text(&out, line, len);
        trim_tail(&out, content);
        size_t k = skip_lead(out.data ? out.data + content : "", out.len - content);
        if (k) {
            memmove(out.data + content, out.data + content + k, out.len - content - k);
            out.len -= k;
        }
        if (out.len == content) out.len = start;   /* no text: no line, nor its bullet */
        if (out.len > start) zg_buf_append(&out, "\n", 1);
    }
    if (out.failed) {
        zg_buf_free(&out);
        return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
    }
    doc->text_len = out.len;
    doc->text = zg_arena_strndup(&doc->arena, out.data ? out.data : "", out.len);
    zg_buf_free(&out);
    if (!doc->text) return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
    return ZG_OK;
}
