/*
 * CSV tables (RFC 4180): one row per document, issue, measure or fact; CRLF line ends; a field is
 * quoted when it holds a comma, a double quote, CR or LF, and quotes inside are doubled. Absent
 * values are empty fields; booleans are true/false; bytes that are not UTF-8 (a file name in
 * another encoding) are U+FFFD, as in JSON and XML. Rows carry no header: zg_csv_header gives it,
 * so a batch writes the header once and then the rows of every document.
 * document_id is the first 16 hex digits of the input's SHA-256 (same bytes → same id).
 */
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "stages.h"
#include "util.h"

static const char header_documents[] =
    "document_id,source_path,source_bytes,encoding,format,script,title,issuer,date,kind,"
    "inspection_body,inspection_start,inspection_end,feedback_date,declared_categories,"
    "declared_issues,declared_completed,declared_basically_completed,declared_in_progress,"
    "declared_not_completed,declared_rate,n_headings,n_issues,n_measures,n_completed,n_facts,"
    "n_failed_checks,n_diagnostics,diagnostics\r\n";
static const char header_issues[] =
    "document_id,source_path,issuer,date,kind,issue_index,number,marker,category,title,status,"
    "status_phrase,long_term,deadline,n_measures,responsible,time_limit,progress_text,start,end\r\n";
static const char header_measures[] =
    "document_id,source_path,issue_index,issue_title,measure_index,marker,text,start,end\r\n";
static const char header_facts[] =
    "document_id,source_path,fact_index,kind,value,unit,approximate,text,start,end\r\n";

const char *zg_csv_header(zg_format format)
{
    switch (format) {
    case ZG_FORMAT_CSV_DOCUMENTS: return header_documents;
    case ZG_FORMAT_CSV_ISSUES: return header_issues;
    case ZG_FORMAT_CSV_MEASURES: return header_measures;
    case ZG_FORMAT_CSV_FACTS: return header_facts;
    default: return NULL;
    }
}

typedef struct row {
    zg_buf *b;
    bool first;            /* no field written yet on this line */
} row;

/* s[0..n) with each byte that starts no valid UTF-8 sequence as U+FFFD, as the JSON and XML
 * printers do (a file name in another encoding): the table stays UTF-8 */
static void put_utf8(zg_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t done = 0;
    for (size_t i = 0; i < n;) {
        size_t k = u[i] < 0x80 ? 1 : zg_utf8_valid_len(u + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        zg_buf_append(b, s + done, i - done);
        zg_buf_append(b, "\xEF\xBF\xBD", 3);
        done = ++i;
    }
    zg_buf_append(b, s + done, n - done);
}

static void field(row *r, const char *s)
{
    if (!r->first) zg_buf_append(r->b, ",", 1);
    r->first = false;
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) {
        put_utf8(r->b, s, strlen(s));
        return;
    }
    zg_buf_append(r->b, "\"", 1);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        put_utf8(r->b, s, (size_t)(q - s));
        zg_buf_append(r->b, "\"\"", 2);
    }
    put_utf8(r->b, s, strlen(s));
    zg_buf_append(r->b, "\"", 1);
}

static void field_int(row *r, long long v)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", v);
    field(r, num);
}

static void field_bool(row *r, bool v) { field(r, v ? "true" : "false"); }

static void field_date(row *r, const zg_date *d)
{
    char iso[11];
    if (d->precision == ZG_PREC_NONE) {
        field(r, NULL);
        return;
    }
    zg_date_iso(d, iso);
    field(r, iso);
}

static void field_count(row *r, const zg_count *c)
{
    if (c->present)
        field_int(r, c->value);
    else
        field(r, NULL);
}

static void field_span(row *r, zg_span sp)
{
    if (sp.start == 0 && sp.end == 0) {
        field(r, NULL);
        field(r, NULL);
        return;
    }
    field_int(r, (long long)sp.start);
    field_int(r, (long long)sp.end);
}

/* The document's diagnostic codes, each once, in the order they first occur, separated by
 * spaces: a table of documents can be filtered by code (not-a-notice, no-issues …). */
static void diagnostic_codes(row *r, const zg_document *doc)
{
    zg_buf codes = { NULL, 0, 0, false };
    for (size_t i = 0; i < doc->n_diagnostics; i++) {
        const char *code = doc->diagnostics[i].code;
        bool seen = !code;
        for (size_t j = 0; j < i && !seen; j++)
            seen = doc->diagnostics[j].code && strcmp(doc->diagnostics[j].code, code) == 0;
        if (seen) continue;
        if (codes.len) zg_buf_append(&codes, " ", 1);
        zg_buf_puts(&codes, code);
    }
    if (codes.failed) r->b->failed = true;
    field(r, codes.len ? codes.data : NULL);
    zg_buf_free(&codes);
}

static void end_row(row *r)
{
    zg_buf_append(r->b, "\r\n", 2);
    r->first = true;
}

/* the columns every row starts with */
static void doc_key(row *r, const zg_document *doc)
{
    char id[17];
    snprintf(id, sizeof id, "%.16s", doc->sha256);
    field(r, id);
    field(r, doc->path);
}

static void documents_row(row *r, const zg_document *doc)
{
    const zg_declared *d = &doc->declared;
    size_t n_measures = 0, n_completed = 0, n_failed = 0;
    for (size_t i = 0; i < doc->n_issues; i++) {
        n_measures += doc->issues[i].n_measures;
        if (doc->issues[i].progress.status == ZG_ST_COMPLETED) n_completed++;
    }
    for (size_t i = 0; i < doc->n_checks; i++)
        if (!doc->checks[i].ok) n_failed++;
    doc_key(r, doc);
    field_int(r, (long long)doc->src_bytes);
    field(r, doc->encoding);
    field(r, doc->format);
    field(r, doc->script);
    field(r, doc->title.s);
    field(r, doc->issuer.s);
    field_date(r, &doc->date);
    field(r, doc->kind ? doc->kind : "other");
    field(r, doc->inspection.body.s);
    field_date(r, &doc->inspection.start);
    field_date(r, &doc->inspection.end);
    field_date(r, &doc->inspection.feedback);
    field_count(r, &d->categories);
    field_count(r, &d->issues);
    field_count(r, &d->completed);
    field_count(r, &d->basically_completed);
    field_count(r, &d->in_progress);
    field_count(r, &d->not_completed);
    if (d->rate_present) {
        char num[32];
        zg_render_number(d->rate_percent, num);
        field(r, num);
    } else {
        field(r, NULL);
    }
    field_int(r, (long long)doc->n_headings);
    field_int(r, (long long)doc->n_issues);
    field_int(r, (long long)n_measures);
    field_int(r, (long long)n_completed);
    field_int(r, (long long)doc->n_facts);
    field_int(r, (long long)n_failed);
    field_int(r, (long long)doc->n_diagnostics);
    diagnostic_codes(r, doc);
    end_row(r);
}

static void issue_rows(row *r, const zg_document *doc)
{
    for (size_t i = 0; i < doc->n_issues; i++) {
        const zg_issue *it = &doc->issues[i];
        const char *status = zg_progress_status_name(it->progress.status);
        doc_key(r, doc);
        field(r, doc->issuer.s);
        field_date(r, &doc->date);
        field(r, doc->kind ? doc->kind : "other");
        field_int(r, (long long)i + 1);
        field_int(r, it->number);
        field(r, it->marker.s);
        field(r, it->category.s);
        field(r, it->title.s);
        field(r, status ? status : "unknown");
        field(r, it->progress.phrase.s);
        field_bool(r, it->progress.long_term);
        field_date(r, &it->progress.deadline);
        if (it->measures_listed)
            field_int(r, (long long)it->n_measures);
        else
            field(r, NULL);
        field(r, it->responsible.s);
        field(r, it->time_limit.s);
        field(r, it->progress.text.s);
        field_span(r, it->span);
        end_row(r);
    }
}

static void measure_rows(row *r, const zg_document *doc)
{
    for (size_t i = 0; i < doc->n_issues; i++) {
        const zg_issue *it = &doc->issues[i];
        for (size_t k = 0; k < it->n_measures; k++) {
            const zg_list_item *m = &it->measures[k];
            doc_key(r, doc);
            field_int(r, (long long)i + 1);
            field(r, it->title.s);
            field_int(r, (long long)k + 1);
            field(r, m->marker.s);
            field(r, m->text.s);
            field_span(r, m->span);
            end_row(r);
        }
    }
}

static void fact_rows(row *r, const zg_document *doc)
{
    for (size_t i = 0; i < doc->n_facts; i++) {
        const zg_fact *f = &doc->facts[i];
        zg_span sp = (f->span.start || f->span.end) ? f->span : f->text.span;
        doc_key(r, doc);
        field_int(r, (long long)i + 1);
        field(r, f->kind);
        field(r, f->value);
        field(r, f->unit);
        field_bool(r, f->approximate);
        field(r, f->text.s);
        field_span(r, sp);
        end_row(r);
    }
}

zg_status zg_render_csv(const zg_document *doc, zg_format format, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    zg_buf b = { NULL, 0, 0, false };
    row r = { &b, true };
    switch (format) {
    case ZG_FORMAT_CSV_DOCUMENTS: documents_row(&r, doc); break;
    case ZG_FORMAT_CSV_ISSUES: issue_rows(&r, doc); break;
    case ZG_FORMAT_CSV_MEASURES: measure_rows(&r, doc); break;
    case ZG_FORMAT_CSV_FACTS: fact_rows(&r, doc); break;
    default: return ZG_ERR_ARG;
    }
    char *s = zg_buf_take(&b, len);
    if (!s) {
        *len = 0;
        return ZG_ERR_NOMEM;
    }
    *out = s;
    return ZG_OK;
}
