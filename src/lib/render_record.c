/*
 * The record as a cJSON tree, in the key order of docs/record.md (absent values are null, empty
 * lists []). The nodes are cJSON structs allocated from an arena the caller owns, linked the way
 * cJSON links them (child->prev is the last item), so cJSON's readers (cJSON_IsObject,
 * cJSON_GetArrayItem …) and our printers walk the tree as usual; a record of ~750 nodes costs a
 * few arena chunks instead of ~750 mallocs and frees. The tree must never go to cJSON_Delete: it is
 * released with the arena. Strings the document owns are referenced, not copied; the tree must not
 * outlive the document. Any allocation failure sets builder.failed.
 */
#include <limits.h>
#include <string.h>

#include "render.h"
#include "stages.h"

/* nesting of outline nodes: levels are 1..3, so a deeper tree is a segmenter bug */
enum { MAX_NODE_DEPTH = 16 };

/* nodes are taken from the arena this many at a time (a record has hundreds) */
enum { NODE_BLOCK = 128 };

typedef struct builder {
    const zg_document *doc;
    zg_arena *arena;
    cJSON *pool;          /* zeroed nodes not handed out yet */
    size_t pool_left;
    bool failed;
    bool too_deep;
} builder;

/* A zeroed node of `type`, or NULL (and failed) when the arena is out of memory. */
static cJSON *new_node(builder *b, int type)
{
    if (b->pool_left == 0) {
        b->pool = zg_arena_alloc(b->arena, NODE_BLOCK * sizeof *b->pool);
        if (!b->pool) {
            b->failed = true;
            return NULL;
        }
        b->pool_left = NODE_BLOCK;
    }
    cJSON *n = b->pool++;
    b->pool_left--;
    n->type = type;
    return n;
}

/* Append item to a container's chain as cJSON_AddItemToArray does. */
static void link_item(builder *b, cJSON *container, cJSON *item)
{
    if (!container || !item) {
        b->failed = true;
        return;
    }
    cJSON *first = container->child;
    if (!first) {
        container->child = item;
        item->prev = item;
    } else {
        cJSON *last = first->prev;
        last->next = item;
        item->prev = last;
        first->prev = item;
    }
}

/* Add item under key (a static string, not copied, as cJSON_AddItemToObjectCS). */
static void add(builder *b, cJSON *obj, const char *key, cJSON *item)
{
    if (item) {
        item->string = (char *)key;
        item->type |= cJSON_StringIsConst;
    }
    link_item(b, obj, item);
}

static void push(builder *b, cJSON *arr, cJSON *item) { link_item(b, arr, item); }

static cJSON *new_object(builder *b) { return new_node(b, cJSON_Object); }
static cJSON *new_array(builder *b) { return new_node(b, cJSON_Array); }
static cJSON *new_null(builder *b) { return new_node(b, cJSON_NULL); }
static cJSON *new_bool(builder *b, bool v) { return new_node(b, v ? cJSON_True : cJSON_False); }

/* A string the tree only points to (s outlives the tree). */
static cJSON *new_string_ref(builder *b, const char *s)
{
    cJSON *n = new_node(b, cJSON_String | cJSON_IsReference);
    if (n) n->valuestring = (char *)s;
    return n;
}

/* A copy of s[0..n) in the arena. */
static cJSON *new_string_copy(builder *b, const char *s, size_t len)
{
    char *copy = zg_arena_strndup(b->arena, s, len);
    if (!copy) {
        b->failed = true;
        return NULL;
    }
    return new_string_ref(b, copy);
}

/* valueint saturated as cJSON_CreateNumber sets it */
static cJSON *new_number(builder *b, double v)
{
    cJSON *n = new_node(b, cJSON_Number);
    if (!n) return NULL;
    n->valuedouble = v;
    if (v >= INT_MAX) n->valueint = INT_MAX;
    else if (v <= (double)INT_MIN) n->valueint = INT_MIN;
    else n->valueint = (int)v;
    return n;
}

static cJSON *str_or_null(builder *b, const char *s)
{
    return s ? new_string_ref(b, s) : new_null(b);
}

static cJSON *int_item(builder *b, long long v) { return new_number(b, (double)v); }

static bool span_valid(const zg_document *doc, zg_span sp)
{
    return doc->text && sp.start <= sp.end && sp.end <= doc->text_len;
}

/* {0,0} is the model's "no place" */
static cJSON *span_item(builder *b, zg_span sp)
{
    if (sp.start == 0 && sp.end == 0) return new_null(b);
    cJSON *arr = new_array(b);
    push(b, arr, int_item(b, (long long)sp.start));
    push(b, arr, int_item(b, (long long)sp.end));
    return arr;
}

/* A copy of doc->text[span] ("" when the span does not lie inside the text). */
static cJSON *slice_item(builder *b, zg_span sp)
{
    const zg_document *doc = b->doc;
    if (!span_valid(doc, sp)) return new_string_ref(b, "");
    /* cJSON_CreateString stopped at a NUL byte: so does the copy */
    const char *s = doc->text + sp.start;
    size_t n = sp.end - sp.start;
    const char *nul = memchr(s, '\0', n);
    return new_string_copy(b, s, nul ? (size_t)(nul - s) : n);
}

/* string value: {"text", "span"} or null */
static cJSON *value_string(builder *b, zg_sref r)
{
    if (!r.s) return new_null(b);
    cJSON *o = new_object(b);
    if (!o) return NULL;
    add(b, o, "text", new_string_ref(b, r.s));
    add(b, o, "span", span_item(b, r.span));
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
    if (!prec) return new_null(b);
    char iso[11];
    zg_date_iso(d, iso);
    cJSON *o = new_object(b);
    if (!o) return NULL;
    bool placed = !(d->span.start == 0 && d->span.end == 0);
    add(b, o, "value", new_string_copy(b, iso, strlen(iso)));
    add(b, o, "precision", new_string_ref(b, prec));
    add(b, o, "inferred", new_bool(b, d->inferred));
    add(b, o, "text", placed ? slice_item(b, d->span) : new_null(b));
    add(b, o, "span", span_item(b, d->span));
    return o;
}

/* count value: {"value", "text", "span"} or null */
static cJSON *value_count(builder *b, const zg_count *c)
{
    if (!c->present) return new_null(b);
    cJSON *o = new_object(b);
    if (!o) return NULL;
    bool placed = !(c->span.start == 0 && c->span.end == 0);
    add(b, o, "value", int_item(b, c->value));
    add(b, o, "text", placed ? slice_item(b, c->span) : new_null(b));
    add(b, o, "span", span_item(b, c->span));
    return o;
}

static cJSON *build_source(builder *b)
{
    const zg_document *doc = b->doc;
    cJSON *o = new_object(b);
    if (!o) return NULL;
    add(b, o, "path", str_or_null(b, doc->path));
    add(b, o, "bytes", int_item(b, (long long)doc->src_bytes));
    add(b, o, "sha256", str_or_null(b, doc->sha256[0] ? doc->sha256 : NULL));
    add(b, o, "encoding", str_or_null(b, doc->encoding));
    add(b, o, "encoding_source", str_or_null(b, doc->encoding_source));
    add(b, o, "format", str_or_null(b, doc->format));
    add(b, o, "script", str_or_null(b, doc->script));
    add(b, o, "invalid_sequences", int_item(b, (long long)doc->invalid_sequences));
    return o;
}

static cJSON *build_inspection(builder *b)
{
    const zg_document *doc = b->doc;
    cJSON *o = new_object(b);
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
    cJSON *o = new_object(b);
    if (!o) return NULL;
    add(b, o, "categories", value_count(b, &d->categories));
    add(b, o, "issues", value_count(b, &d->issues));
    add(b, o, "completed", value_count(b, &d->completed));
    add(b, o, "basically_completed", value_count(b, &d->basically_completed));
    add(b, o, "in_progress", value_count(b, &d->in_progress));
    add(b, o, "not_completed", value_count(b, &d->not_completed));
    cJSON *rate;
    if (!d->rate_present) {
        rate = new_null(b);
    } else if ((rate = new_object(b)) != NULL) {
        bool placed = !(d->rate_span.start == 0 && d->rate_span.end == 0);
        add(b, rate, "value", new_number(b, d->rate_percent));
        add(b, rate, "text", placed ? slice_item(b, d->rate_span) : new_null(b));
        add(b, rate, "span", span_item(b, d->rate_span));
    }
    add(b, o, "rate", rate);
    return o;
}

static cJSON *build_node(builder *b, const zg_node *n, int depth)
{
    if (depth > MAX_NODE_DEPTH) {
        b->too_deep = true;
        return new_null(b);
    }
    cJSON *o = new_object(b);
    if (!o) return NULL;
    add(b, o, "level", int_item(b, n->level));
    add(b, o, "marker", value_string(b, n->marker));
    add(b, o, "number", int_item(b, n->number));
    add(b, o, "title", value_string(b, n->title));
    add(b, o, "span", span_item(b, n->span));
    cJSON *children = new_array(b);
    for (const zg_node *c = n->first_child; c && children && !b->failed; c = c->next)
        push(b, children, build_node(b, c, depth + 1));
    add(b, o, "children", children);
    return o;
}

static cJSON *build_outline(builder *b)
{
    cJSON *arr = new_array(b);
    for (const zg_node *c = b->doc->root.first_child; c && arr && !b->failed; c = c->next)
        push(b, arr, build_node(b, c, 1));
    return arr;
}

static cJSON *build_measure(builder *b, const zg_list_item *m)
{
    cJSON *o = new_object(b);
    if (!o) return NULL;
    add(b, o, "marker", value_string(b, m->marker));
    add(b, o, "text", value_string(b, m->text));
    add(b, o, "span", span_item(b, m->span));
    return o;
}

static cJSON *build_progress(builder *b, const zg_progress *p)
{
    cJSON *o = new_object(b);
    if (!o) return NULL;
    const char *status = zg_progress_status_name(p->status);
    add(b, o, "label", value_string(b, p->label));
    add(b, o, "text", value_string(b, p->text));
    add(b, o, "status", new_string_ref(b, status ? status : "unknown"));
    add(b, o, "status_phrase", value_string(b, p->phrase));
    add(b, o, "long_term", new_bool(b, p->long_term));
    add(b, o, "deadline", value_date(b, &p->deadline));
    return o;
}

static cJSON *build_issue(builder *b, const zg_issue *it)
{
    cJSON *o = new_object(b);
    if (!o) return NULL;
    add(b, o, "number", int_item(b, it->number));
    add(b, o, "marker", value_string(b, it->marker));
    add(b, o, "category", value_string(b, it->category));
    add(b, o, "title", value_string(b, it->title));
    add(b, o, "span", span_item(b, it->span));
    cJSON *measures = new_array(b);
    for (size_t i = 0; i < it->n_measures && measures && !b->failed; i++)
        push(b, measures, build_measure(b, &it->measures[i]));
    add(b, o, "measures", measures);
    add(b, o, "n_measures", it->measures_listed ? int_item(b, (long long)it->n_measures)
                                                : new_null(b));
    add(b, o, "measures_text", value_string(b, it->measures_text));
    add(b, o, "progress", build_progress(b, &it->progress));
    add(b, o, "responsible", value_string(b, it->responsible));
    add(b, o, "time_limit", value_string(b, it->time_limit));
    return o;
}

static cJSON *build_contact(builder *b)
{
    const zg_contact *c = &b->doc->contact;
    cJSON *o = new_object(b);
    if (!o) return NULL;
    cJSON *phones = new_array(b);
    for (size_t i = 0; i < c->n_phones && phones && !b->failed; i++)
        push(b, phones, value_string(b, c->phones[i]));
    add(b, o, "phone", phones);
    cJSON *emails = new_array(b);
    for (size_t i = 0; i < c->n_emails && emails && !b->failed; i++)
        push(b, emails, value_string(b, c->emails[i]));
    add(b, o, "email", emails);
    add(b, o, "address", value_string(b, c->address));
    return o;
}

static cJSON *build_fact(builder *b, const zg_fact *f)
{
    cJSON *o = new_object(b);
    if (!o) return NULL;
    zg_span sp = (f->span.start || f->span.end) ? f->span : f->text.span;
    add(b, o, "kind", str_or_null(b, f->kind));
    add(b, o, "value", str_or_null(b, f->value));
    add(b, o, "unit", str_or_null(b, f->unit));
    add(b, o, "approximate", new_bool(b, f->approximate));
    add(b, o, "text", f->text.s ? new_string_ref(b, f->text.s) : slice_item(b, sp));
    add(b, o, "span", span_item(b, sp));
    return o;
}

static cJSON *build_check(builder *b, const zg_check *c)
{
    cJSON *o = new_object(b);
    if (!o) return NULL;
    add(b, o, "name", str_or_null(b, c->name));
    add(b, o, "ok", new_bool(b, c->ok));
    add(b, o, "declared", int_item(b, c->declared));
    add(b, o, "found", int_item(b, c->found));
    add(b, o, "message", str_or_null(b, c->message));
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
    cJSON *o = new_object(b);
    if (!o) return NULL;
    add(b, o, "severity", new_string_ref(b, severity_name(d->severity)));
    add(b, o, "code", str_or_null(b, d->code));
    add(b, o, "message", str_or_null(b, d->message));
    add(b, o, "span", span_item(b, d->span));
    return o;
}

zg_status zg_record_build(const zg_document *doc, zg_arena *arena, cJSON **out)
{
    *out = NULL;
    if (!doc || !arena) return ZG_ERR_ARG;
    builder bb = { doc, arena, NULL, 0, false, false }, *b = &bb;
    cJSON *r = new_object(b);
    if (!r) return ZG_ERR_NOMEM;
    add(b, r, "schema", new_string_ref(b, ZG_SCHEMA_VERSION));
    add(b, r, "source", build_source(b));
    add(b, r, "title", value_string(b, doc->title));
    add(b, r, "title_source", doc->title.s ? new_string_ref(b, doc->title_from_page ? "page" : "text")
                                           : new_null(b));
    add(b, r, "issuer", value_string(b, doc->issuer));
    add(b, r, "date", value_date(b, &doc->date));
    add(b, r, "date_source", doc->date.precision != ZG_PREC_NONE
                                 ? new_string_ref(b, doc->date_from_page ? "page" : "text")
                                 : new_null(b));
    add(b, r, "kind", new_string_ref(b, doc->kind ? doc->kind : "other"));
    add(b, r, "inspection", build_inspection(b));
    add(b, r, "declared", build_declared(b));
    add(b, r, "outline", build_outline(b));

    cJSON *issues = new_array(b);
    for (size_t i = 0; i < doc->n_issues && issues && !b->failed; i++)
        push(b, issues, build_issue(b, &doc->issues[i]));
    add(b, r, "issues", issues);
    add(b, r, "contact", build_contact(b));
    cJSON *facts = new_array(b);
    for (size_t i = 0; i < doc->n_facts && facts && !b->failed; i++)
        push(b, facts, build_fact(b, &doc->facts[i]));
    add(b, r, "facts", facts);
    cJSON *checks = new_array(b);
    for (size_t i = 0; i < doc->n_checks && checks && !b->failed; i++)
        push(b, checks, build_check(b, &doc->checks[i]));
    add(b, r, "checks", checks);
    cJSON *diags = new_array(b);
    for (size_t i = 0; i < doc->n_diagnostics && diags && !b->failed; i++)
        push(b, diags, build_diagnostic(b, &doc->diagnostics[i]));
    add(b, r, "diagnostics", diags);

    if (b->failed || b->too_deep)
        return b->failed ? ZG_ERR_NOMEM : ZG_ERR_LIMIT;
    *out = r;
    return ZG_OK;
}

zg_status zg_record_build_error(const char *path, const zg_error *error, zg_arena *arena,
                                cJSON **out)
{
    *out = NULL;
    if (!error || !arena) return ZG_ERR_ARG;
    if (!path && error->file[0]) path = error->file;
    builder bb = { NULL, arena, NULL, 0, false, false }, *b = &bb;
    cJSON *r = new_object(b);
    if (!r) return ZG_ERR_NOMEM;
    add(b, r, "schema", new_string_ref(b, ZG_SCHEMA_VERSION));
    cJSON *src = new_object(b);
    add(b, src, "path", str_or_null(b, path));
    add(b, r, "source", src);
    cJSON *e = new_object(b);
    add(b, e, "code", new_string_ref(b, zg_status_name(error->status)));
    add(b, e, "message", new_string_ref(b, error->message[0] ? error->message
                                                     : zg_status_message(error->status)));
    if (error->line > 0) add(b, e, "line", int_item(b, error->line));
    if (error->column > 0) add(b, e, "column", int_item(b, error->column));
    add(b, r, "error", e);
    if (b->failed) return ZG_ERR_NOMEM;
    *out = r;
    return ZG_OK;
}
