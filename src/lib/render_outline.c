/*
 * The outline for a person: a short summary header, a blank line, then the heading tree with
 * 2 spaces per level below the first ("一、整改工作基本情况", "  （一）…", "    1．…"). Headings
 * that are issues get their status in brackets, e.g. "  [completed, long_term, deadline 2023-09-10]".
 * Issues from tables (no heading of their own) are listed as "- category / title  [status]" one
 * level below the section they are printed in; those without a span come last.
 * Control characters (line breaks inside a title) print as spaces so every heading stays one line.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "stages.h"
#include "util.h"

enum { MAX_DEPTH = 16 };

/* s with C0 controls shown as spaces */
static void put_line_text(zg_buf *b, const char *s)
{
    if (!s) return;
    size_t run = 0, i = 0;
    for (; s[i]; i++) {
        if ((unsigned char)s[i] < 0x20) {
            zg_buf_append(b, s + run, i - run);
            zg_buf_append(b, " ", 1);
            run = i + 1;
        }
    }
    zg_buf_append(b, s + run, i - run);
}

static void put_field(zg_buf *b, const char *label, const char *value)
{
    zg_buf_puts(b, label);
    if (value && *value)
        put_line_text(b, value);
    else
        zg_buf_puts(b, "-");
    zg_buf_puts(b, "\n");
}

static void put_date(zg_buf *b, const char *label, const zg_date *d)
{
    char iso[11] = "";
    if (d->precision != ZG_PREC_NONE) zg_date_iso(d, iso);
    put_field(b, label, iso);
}

static const zg_issue *issue_of(const zg_document *doc, const zg_node *n)
{
    for (size_t i = 0; i < doc->n_issues; i++)
        if (doc->issues[i].node == n) return &doc->issues[i];
    return NULL;
}

static void put_issue_state(zg_buf *b, const zg_issue *it)
{
    const char *status = zg_progress_status_name(it->progress.status);
    zg_buf_printf(b, "  [%s", status ? status : "unknown");
    if (it->progress.long_term) zg_buf_puts(b, ", long_term");
    if (it->progress.deadline.precision != ZG_PREC_NONE) {
        char iso[11];
        zg_date_iso(&it->progress.deadline, iso);
        zg_buf_printf(b, ", deadline %s", iso);
    }
    zg_buf_puts(b, "]");
}

/*
 * Issues that are not headings (table rows) as "- category / title": those starting in
 * [from, to), or with `unplaced` those without a span.
 */
static void put_table_issues(zg_buf *b, const zg_document *doc, size_t from, size_t to, int depth,
                             bool unplaced)
{
    for (size_t i = 0; i < doc->n_issues; i++) {
        const zg_issue *it = &doc->issues[i];
        size_t at = it->span.start;
        bool placed = it->span.end > 0;
        if (it->node || placed == unplaced || (placed && !(at >= from && at < to))) continue;
        for (int k = 1; k < depth; k++) zg_buf_append(b, "  ", 2);
        zg_buf_puts(b, "- ");
        if (it->category.s) {
            put_line_text(b, it->category.s);
            zg_buf_puts(b, " / ");
        }
        put_line_text(b, it->title.s);
        put_issue_state(b, it);
        zg_buf_append(b, "\n", 1);
    }
}

static bool put_nodes(zg_buf *b, const zg_document *doc, const zg_node *first, int depth)
{
    if (depth > MAX_DEPTH) return false;
    for (const zg_node *n = first; n; n = n->next) {
        for (int i = 1; i < depth; i++) zg_buf_append(b, "  ", 2);
        put_line_text(b, n->marker.s);
        put_line_text(b, n->title.s);
        const zg_issue *it = issue_of(doc, n);
        if (it) put_issue_state(b, it);
        zg_buf_append(b, "\n", 1);
        /* table rows in this section before its first subsection (later ones lie in a child) */
        size_t own_end = n->first_child ? n->first_child->span.start : n->span.end;
        put_table_issues(b, doc, n->span.start, own_end, depth + 1, false);
        if (!put_nodes(b, doc, n->first_child, depth + 1)) return false;
    }
    return true;
}

zg_status zg_render_outline(const zg_document *doc, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    zg_buf b = { NULL, 0, 0, false };
    const zg_declared *d = &doc->declared;
    put_field(&b, "title:    ", doc->title.s);
    put_field(&b, "issuer:   ", doc->issuer.s);
    put_date(&b, "date:     ", &doc->date);
    put_field(&b, "kind:     ", doc->kind ? doc->kind : "other");
    put_field(&b, "source:   ", doc->path);
    size_t n_measures = 0;
    for (size_t i = 0; i < doc->n_issues; i++) n_measures += doc->issues[i].n_measures;
    zg_buf_printf(&b, "counts:   %zu headings, %zu issues", doc->n_headings, doc->n_issues);
    if (d->issues.present) zg_buf_printf(&b, " (declared %lld)", d->issues.value);
    zg_buf_printf(&b, ", %zu measures\n\n", n_measures);
    if (!doc->root.first_child) zg_buf_puts(&b, "(no headings)\n");
    /* table rows before the first heading (or in a notice without headings), and unplaced ones */
    size_t first = doc->root.first_child ? doc->root.first_child->span.start : SIZE_MAX;
    put_table_issues(&b, doc, 0, first, 1, false);
    if (!put_nodes(&b, doc, doc->root.first_child, 1)) {
        zg_buf_free(&b);
        return ZG_ERR_LIMIT;
    }
    put_table_issues(&b, doc, 0, 0, 1, true);
    char *s = zg_buf_take(&b, len);
    if (!s) {
        *len = 0;
        return ZG_ERR_NOMEM;
    }
    *out = s;
    return ZG_OK;
}
