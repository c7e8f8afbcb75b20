/*
 * The record as a cJSON tree, in the key order of docs/record.md (absent values are null, empty
 * lists []). Strings the document owns are added as references (no copy); the tree must not outlive
 * the document. Any allocation failure sets builder.failed; the caller then frees the partial tree.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "stages.h"

/* nesting of outline nodes: levels are 1..3, so a deeper tree is a segmenter bug */
enum { MAX_NODE_DEPTH = 16 };

typedef struct builder {
    const zg_document *doc;
    bool failed;
    bool too_deep;
} builder;

/* Add item under key (a static string, not copied); a NULL item means its creation failed. */
static void add(builder *b, cJSON *obj, const char *key, cJSON *item)
{
    if (!item) {
        b->failed = true;
        return;
    }
    if (!obj || !cJSON_AddItemToObjectCS(obj, key, item)) {
        cJSON_Delete(item);
        b->failed = true;
    }
}

static void push(builder *b, cJSON *arr, cJSON *item)
{
    if (!item) {
        b->failed = true;
        return;
    }
    if (!arr || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        b->failed = true;
    }
}

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateStringReference(s) : cJSON_CreateNull();
}

static cJSON *int_item(long long v) { return cJSON_CreateNumber((double)v); }

static bool span_valid(const zg_document *doc, zg_span sp)
{
    return doc->text && sp.start <= sp.end && sp.end <= doc->text_len;
}

/* {0,0} is the model's "no place" */
static cJSON *span_item(zg_span sp)
{
    if (sp.start == 0 && sp.end == 0) return cJSON_CreateNull();
    cJSON *arr = cJSON_CreateArray();
    if (!arr) return NULL;
    cJSON *s = int_item((long long)sp.start), *e = int_item((long long)sp.end);
    if (!s || !e || !cJSON_AddItemToArray(arr, s)) {
        cJSON_Delete(s);
        cJSON_Delete(e);
        cJSON_Delete(arr);
        return NULL;
    }
    if (!cJSON_AddItemToArray(arr, e)) {
        cJSON_Delete(e);
        cJSON_Delete(arr);
        return NULL;
    }
    return arr;
}

/* A copy of doc->text[span] ("" when the span does not lie inside the text). */
static cJSON *slice_item(const zg_document *doc, zg_span sp)
{
    if (!span_valid(doc, sp)) return cJSON_CreateString("");
    size_t n = sp.end - sp.start;
    char small[256];
    char *tmp = n < sizeof small ? small : malloc(n + 1);
    if (!tmp) return NULL;
    memcpy(tmp, doc->text + sp.start, n);
    tmp[n] = '\0';
    cJSON *item = cJSON_CreateString(tmp);
    if (tmp != small) free(tmp);
    return item;
}

/* string value: {"text", "span"} or null */
static cJSON *value_string(builder *b, zg_sref r)
{
    if (!r.s) return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(b, o, "text", cJSON_CreateStringReference(r.s));
    add(b, o, "span", span_item(r.span));
    return o;
}

static const char *precision_name(zg_precision p)
{
    switch (p) {
    case ZG_PREC_YEAR: return "year";
    case ZG_PREC_MONTH: return "month";
    case ZG_PREC_DAY: return "day";
    default: return NULL;
    }
}

/* date value: {"value", "precision", "inferred", "text", "span"} or null */
static cJSON *value_date(builder *b, const zg_date *d)
{
    const char *prec = precision_name(d->precision);
    if (!prec) return cJSON_CreateNull();
    char iso[11];
    zg_date_iso(d, iso);
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    bool placed = !(d->span.start == 0 && d->span.end == 0);
    add(b, o, "value", cJSON_CreateString(iso));
    add(b, o, "precision", cJSON_CreateStringReference(prec));
    add(b, o, "inferred", cJSON_CreateBool(d->inferred));
    add(b, o, "text", placed ? slice_item(b->doc, d->span) : cJSON_CreateNull());
    add(b, o, "span", span_item(d->span));
    return o;
}

/* count value: {"value", "text", "span"} or null */
static cJSON *value_count(builder *b, const zg_count *c)
{
    if (!c->present) return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    bool placed = !(c->span.start == 0 && c->span.end == 0);
    add(b, o, "value", int_item(c->value));
    add(b, o, "text", placed ? slice_item(b->doc, c->span) : cJSON_CreateNull());
    add(b, o, "span", span_item(c->span));
    return o;
}

static cJSON *build_source(builder *b)
{
    const zg_document *doc = b->doc;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(b, o, "path", str_or_null(doc->path));
    add(b, o, "bytes", int_item((long long)doc->src_bytes));
    add(b, o, "sha256", str_or_null(doc->sha256[0] ? doc->sha256 : NULL));
    add(b, o, "encoding", str_or_null(doc->encoding));
    add(b, o, "encoding_source", str_or_null(doc->encoding_source));
    add(b, o, "format", str_or_null(doc->format));
    add(b, o, "script", str_or_null(doc->script));
    add(b, o, "invalid_sequences", int_item((long long)doc->invalid_sequences));
    return o;
}

static cJSON *build_inspection(builder *b)
{
    const zg_document *doc = b->doc;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(b, o, "body", value_string(b, doc->inspection.body));
    add(b, o, "start", value_date(b, &doc->inspection.start));
    add(b, o, "end", value_date(b, &doc->inspection.end));
    add(b, o, "feedback_date", value_date(b, &doc->inspection.feedback));
    return o;
}

static cJSON *build_declared(builder *b)
{
    const zg_declared *d = &b->doc->declared;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(b, o, "categories", value_count(b, &d->categories));
    add(b, o, "issues", value_count(b, &d->issues));
    add(b, o, "completed", value_count(b, &d->completed));
    add(b, o, "basically_completed", value_count(b, &d->basically_completed));
    add(b, o, "in_progress", value_count(b, &d->in_progress));
    add(b, o, "not_completed", value_count(b, &d->not_completed));
    cJSON *rate;
    if (!d->rate_present) {
        rate = cJSON_CreateNull();
    } else if ((rate = cJSON_CreateObject()) != NULL) {
        bool placed = !(d->rate_span.start == 0 && d->rate_span.end == 0);
        add(b, rate, "value", cJSON_CreateNumber(d->rate_percent));
        add(b, rate, "text", placed ? slice_item(b->doc, d->rate_span) : cJSON_CreateNull());
        add(b, rate, "span", span_item(d->rate_span));
    }
    add(b, o, "rate", rate);
    return o;
}

static cJSON *build_node(builder *b, const zg_node *n, int depth)
{
    if (depth > MAX_NODE_DEPTH) {
        b->too_deep = true;
        return cJSON_CreateNull();
    }
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(b, o, "level", int_item(n->level));
    add(b, o, "marker", value_string(b, n->marker));
    add(b, o, "number", int_item(n->number));
    add(b, o, "title", value_string(b, n->title));
    add(b, o, "span", span_item(n->span));
    cJSON *children = cJSON_CreateArray();
    for (const zg_node *c = n->first_child; c && children && !b->failed; c = c->next)
        push(b, children, build_node(b, c, depth + 1));
    add(b, o, "children", children);
    return o;
}

static cJSON *build_outline(builder *b)
{
    cJSON *arr = cJSON_CreateArray();
    for (const zg_node *c = b->doc->root.first_child; c && arr && !b->failed; c = c->next)
        push(b, arr, build_node(b, c, 1));
    return arr;
}

static cJSON *build_measure(builder *b, const zg_list_item *m)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(b, o, "marker", value_string(b, m->marker));
    add(b, o, "text", value_string(b, m->text));
    add(b, o, "span", span_item(m->span));
    return o;
}

static cJSON *build_progress(builder *b, const zg_progress *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    const char *status = zg_progress_status_name(p->status);
    add(b, o, "label", value_string(b, p->label));
    add(b, o, "text", value_string(b, p->text));
    add(b, o, "status", cJSON_CreateStringReference(status ? status : "unknown"));
    add(b, o, "status_phrase", value_string(b, p->phrase));
    add(b, o, "long_term", cJSON_CreateBool(p->long_term));
    add(b, o, "deadline", value_date(b, &p->deadline));
    return o;
}

static cJSON *build_issue(builder *b, const zg_issue *it)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(b, o, "number", int_item(it->number));
    add(b, o, "marker", value_string(b, it->marker));
    add(b, o, "category", value_string(b, it->category));
    add(b, o, "title", value_string(b, it->title));
    add(b, o, "span", span_item(it->span));
    cJSON *measures = cJSON_CreateArray();
    for (size_t i = 0; i < it->n_measures && measures && !b->failed; i++)
        push(b, measures, build_measure(b, &it->measures[i]));
    add(b, o, "measures", measures);
    add(b, o, "n_measures", it->measures_listed ? int_item((long long)it->n_measures)
                                                : cJSON_CreateNull());
    add(b, o, "measures_text", value_string(b, it->measures_text));
    add(b, o, "progress", build_progress(b, &it->progress));
    add(b, o, "responsible", value_string(b, it->responsible));
    add(b, o, "time_limit", value_string(b, it->time_limit));
    return o;
}

static cJSON *build_contact(builder *b)
{
    const zg_contact *c = &b->doc->contact;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON *phones = cJSON_CreateArray();
    for (size_t i = 0; i < c->n_phones && phones && !b->failed; i++)
        push(b, phones, value_string(b, c->phones[i]));
    add(b, o, "phone", phones);
    cJSON *emails = cJSON_CreateArray();
    for (size_t i = 0; i < c->n_emails && emails && !b->failed; i++)
        push(b, emails, value_string(b, c->emails[i]));
    add(b, o, "email", emails);
    add(b, o, "address", value_string(b, c->address));
    return o;
}

static cJSON *build_fact(builder *b, const zg_fact *f)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    zg_span sp = (f->span.start || f->span.end) ? f->span : f->text.span;
    add(b, o, "kind", str_or_null(f->kind));
    add(b, o, "value", str_or_null(f->value));
    add(b, o, "unit", str_or_null(f->unit));
    add(b, o, "approximate", cJSON_CreateBool(f->approximate));
    add(b, o, "text", f->text.s ? cJSON_CreateStringReference(f->text.s) : slice_item(b->doc, sp));
    add(b, o, "span", span_item(sp));
    return o;
}

static cJSON *build_check(builder *b, const zg_check *c)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(b, o, "name", str_or_null(c->name));
    add(b, o, "ok", cJSON_CreateBool(c->ok));
    add(b, o, "declared", int_item(c->declared));
    add(b, o, "found", int_item(c->found));
    add(b, o, "message", str_or_null(c->message));
    return o;
}

static const char *severity_name(zg_severity s)
{
    switch (s) {
    case ZG_SEV_INFO: return "info";
    case ZG_SEV_ERROR: return "error";
    default: return "warning";
    }
}

static cJSON *build_diagnostic(builder *b, const zg_diagnostic *d)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    add(b, o, "severity", cJSON_CreateStringReference(severity_name(d->severity)));
    add(b, o, "code", str_or_null(d->code));
    add(b, o, "message", str_or_null(d->message));
    add(b, o, "span", span_item(d->span));
    return o;
}

zg_status zg_record_build(const zg_document *doc, cJSON **out)
{
    *out = NULL;
    if (!doc) return ZG_ERR_ARG;
    builder bb = { doc, false, false }, *b = &bb;
    cJSON *r = cJSON_CreateObject();
    if (!r) return ZG_ERR_NOMEM;
    add(b, r, "schema", cJSON_CreateStringReference(ZG_SCHEMA_VERSION));
    add(b, r, "source", build_source(b));
    add(b, r, "title", value_string(b, doc->title));
    add(b, r, "title_source", doc->title.s ? cJSON_CreateStringReference(doc->title_from_page ? "page" : "text")
                                           : cJSON_CreateNull());
    add(b, r, "issuer", value_string(b, doc->issuer));
    add(b, r, "date", value_date(b, &doc->date));
    add(b, r, "date_source", doc->date.precision != ZG_PREC_NONE
                                 ? cJSON_CreateStringReference(doc->date_from_page ? "page" : "text")
                                 : cJSON_CreateNull());
    add(b, r, "kind", cJSON_CreateStringReference(doc->kind ? doc->kind : "other"));
    add(b, r, "inspection", build_inspection(b));
    add(b, r, "declared", build_declared(b));
    add(b, r, "outline", build_outline(b));

    cJSON *issues = cJSON_CreateArray();
    for (size_t i = 0; i < doc->n_issues && issues && !b->failed; i++)
        push(b, issues, build_issue(b, &doc->issues[i]));
    add(b, r, "issues", issues);
    add(b, r, "contact", build_contact(b));
    cJSON *facts = cJSON_CreateArray();
    for (size_t i = 0; i < doc->n_facts && facts && !b->failed; i++)
        push(b, facts, build_fact(b, &doc->facts[i]));
    add(b, r, "facts", facts);
    cJSON *checks = cJSON_CreateArray();
    for (size_t i = 0; i < doc->n_checks && checks && !b->failed; i++)
        push(b, checks, build_check(b, &doc->checks[i]));
    add(b, r, "checks", checks);
    cJSON *diags = cJSON_CreateArray();
    for (size_t i = 0; i < doc->n_diagnostics && diags && !b->failed; i++)
        push(b, diags, build_diagnostic(b, &doc->diagnostics[i]));
    add(b, r, "diagnostics", diags);

    if (b->failed || b->too_deep) {
        cJSON_Delete(r);
        return b->failed ? ZG_ERR_NOMEM : ZG_ERR_LIMIT;
    }
    *out = r;
    return ZG_OK;
}

zg_status zg_record_build_error(const char *path, const zg_error *error, cJSON **out)
{
    *out = NULL;
    if (!error) return ZG_ERR_ARG;
    if (!path && error->file[0]) path = error->file;
    builder bb = { NULL, false, false }, *b = &bb;
    cJSON *r = cJSON_CreateObject();
    if (!r) return ZG_ERR_NOMEM;
    add(b, r, "schema", cJSON_CreateStringReference(ZG_SCHEMA_VERSION));
    cJSON *src = cJSON_CreateObject();
    add(b, src, "path", str_or_null(path));
    add(b, r, "source", src);
    cJSON *e = cJSON_CreateObject();
    add(b, e, "code", cJSON_CreateStringReference(zg_status_name(error->status)));
    add(b, e, "message", cJSON_CreateStringReference(error->message[0] ? error->message
                                                     : zg_status_message(error->status)));
    if (error->line > 0) add(b, e, "line", int_item(error->line));
    if (error->column > 0) add(b, e, "column", int_item(error->column));
    add(b, r, "error", e);
    if (b->failed) {
        cJSON_Delete(r);
        return ZG_ERR_NOMEM;
    }
    *out = r;
    return ZG_OK;
}
