/*
 * The one description of the record (docs/record.md key order; absent values are null, empty lists
 * []): the document walked value by value into a zg_record_sink or, for JSONL, straight into the
 * inline writer of render_jsonl.h (the same calls, no function pointers). The cJSON tree back end
 * (render_tree.c) serves pretty JSON and XML. Strings the document owns are passed by reference
 * (str); slices of the text and formatted values are passed with their length (str_n) and copied
 * only by the tree.
 */
#include <string.h>

#include "render_jsonl.h"
#include "stages.h"

/* nesting of outline nodes: levels are 1..3, so a deeper tree is a segmenter bug */
enum { MAX_NODE_DEPTH = 16 };

/* a member name, its length and the name quoted with its colon (for the JSONL writer) */
#define K(lit) lit, sizeof(lit) - 1, "\"" lit "\":"
/* an array element: no name */
#define ITEM NULL, 0, NULL
/* the parameters K and ITEM fill */
#define KEY const char *key, size_t key_len, const char *qkey
/* the quoted name and its length, for the JSONL writer */
#define QKEY qkey, key_len + 3

/* the primitives below compile into each member's write (GCC would otherwise call them) */
#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* exactly one of `s` (the sink of a back end) and `jw` (the JSONL writer, called directly so its
 * writes compile inline with the member names) is set */
typedef struct describer {
    const zg_document *doc;
    zg_record_sink *s;
    zg_jsonl *jw;
    bool too_deep;
} describer;

ALWAYS_INLINE bool failed(const describer *d) { return d->jw ? d->jw->failed : d->s->failed; }

ALWAYS_INLINE void open_obj(describer *d, KEY)
{
    if (d->jw) zg_jsonl_open(d->jw, QKEY, false);
    else d->s->open(d->s, key, key_len, false);
}
ALWAYS_INLINE void close_obj(describer *d)
{
    if (d->jw) zg_jsonl_close(d->jw, false);
    else d->s->close(d->s, false);
}
ALWAYS_INLINE void open_arr(describer *d, KEY)
{
    if (d->jw) zg_jsonl_open(d->jw, QKEY, true);
    else d->s->open(d->s, key, key_len, true);
}
ALWAYS_INLINE void close_arr(describer *d)
{
    if (d->jw) zg_jsonl_close(d->jw, true);
    else d->s->close(d->s, true);
}

ALWAYS_INLINE void null(describer *d, KEY)
{
    if (d->jw) zg_jsonl_null(d->jw, QKEY);
    else d->s->null(d->s, key, key_len);
}

ALWAYS_INLINE void str(describer *d, KEY, const char *v)
{
    if (d->jw) zg_jsonl_str(d->jw, QKEY, v);
    else d->s->str(d->s, key, key_len, v);
}

ALWAYS_INLINE void str_n(describer *d, KEY, const char *v, size_t n)
{
    if (d->jw) zg_jsonl_str_n(d->jw, QKEY, v, n);
    else d->s->str_n(d->s, key, key_len, v, n);
}

ALWAYS_INLINE void str_or_null(describer *d, KEY, const char *v)
{
    if (v) str(d, key, key_len, qkey, v);
    else null(d, key, key_len, qkey);
}

ALWAYS_INLINE void integer(describer *d, KEY, long long v)
{
    if (d->jw) zg_jsonl_integer(d->jw, QKEY, v);
    else d->s->integer(d->s, key, key_len, v);
}

ALWAYS_INLINE void number(describer *d, KEY, double v)
{
    if (d->jw) zg_jsonl_number(d->jw, QKEY, v);
    else d->s->number(d->s, key, key_len, v);
}

ALWAYS_INLINE void boolean(describer *d, KEY, bool v)
{
    if (d->jw) zg_jsonl_boolean(d->jw, QKEY, v);
    else d->s->boolean(d->s, key, key_len, v);
}

/* {0,0} is the model's "no place" */
ALWAYS_INLINE void span(describer *d, KEY, zg_span sp)
{
    if (sp.start == 0 && sp.end == 0) null(d, key, key_len, qkey);
    else if (d->jw) zg_jsonl_span(d->jw, QKEY, sp.start, sp.end);
    else d->s->span(d->s, key, key_len, sp.start, sp.end);
}

static bool span_valid(const zg_document *doc, zg_span sp)
{
    return doc->text && sp.start <= sp.end && sp.end <= doc->text_len;
}

/* doc->text[span] ("" when the span does not lie inside the text), up to a NUL byte as the
 * C string copy of the first renderer had it */
static const char *slice_text(const zg_document *doc, zg_span sp, size_t *n)
{
    if (!span_valid(doc, sp)) {
        *n = 0;
        return "";
    }
    const char *s = doc->text + sp.start;
    const char *nul = memchr(s, '\0', sp.end - sp.start);
    *n = nul ? (size_t)(nul - s) : sp.end - sp.start;
    return s;
}

/* the slice_text of a span as a string member */
static void slice(describer *d, KEY, zg_span sp)
{
    if (!span_valid(d->doc, sp)) {
        str(d, key, key_len, qkey, "");
        return;
    }
    size_t n;
    const char *s = slice_text(d->doc, sp, &n);
    str_n(d, key, key_len, qkey, s, n);
}

/* string value for a sink: {"text", "span"} or null */
static void value_string_sink(describer *d, const char *key, size_t key_len, zg_sref r)
{
    if (!r.s) {
        d->s->null(d->s, key, key_len);
        return;
    }
    d->s->open(d->s, key, key_len, false);
    d->s->str(d->s, "text", 4, r.s);
    if (r.span.start == 0 && r.span.end == 0) d->s->null(d->s, "span", 4);
    else d->s->span(d->s, "span", 4, r.span.start, r.span.end);
    d->s->close(d->s, false);
}

/* string value: {"text", "span"} or null; for JSONL one write with the member name known here
 * (the most frequent value of a record) */
ALWAYS_INLINE void value_string(describer *d, KEY, zg_sref r)
{
    if (!d->jw) value_string_sink(d, key, key_len, r);
    else if (!r.s) zg_jsonl_null(d->jw, QKEY);
    else zg_jsonl_text_span(d->jw, QKEY, r.s, strlen(r.s), r.span);
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

void zg_render_date_iso(const zg_date *d, char buf[11])
{
    /* the arithmetic of zg_date_iso (dates.c), whose snprintf cost ~1,600 instructions a date */
    unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u,
             dd = (unsigned)d->day % 100u;
    size_t n = 0;
    if (d->precision == ZG_PREC_DAY || d->precision == ZG_PREC_MONTH ||
        d->precision == ZG_PREC_YEAR) {
        buf[0] = (char)('0' + y / 1000);
        buf[1] = (char)('0' + y / 100 % 10);
        buf[2] = (char)('0' + y / 10 % 10);
        buf[3] = (char)('0' + y % 10);
        n = 4;
    }
    if (d->precision == ZG_PREC_DAY || d->precision == ZG_PREC_MONTH) {
        buf[4] = '-';
        buf[5] = (char)('0' + m / 10);
        buf[6] = (char)('0' + m % 10);
        n = 7;
    }
    if (d->precision == ZG_PREC_DAY) {
        buf[7] = '-';
        buf[8] = (char)('0' + dd / 10);
        buf[9] = (char)('0' + dd % 10);
        n = 10;
    }
    buf[n] = '\0';
}

/* value_date for JSONL as one write: the ISO value and the precision are ASCII digits, '-' and
 * letters that JSON leaves as they are. False (nothing written) for a slice too long to escape
 * in place (a bad span), which takes the general path. */
static bool jsonl_date(describer *d, const char *qkey, size_t qkey_len, const zg_date *dt,
                       const char *prec, const char *iso)
{
    bool placed = !(dt->span.start == 0 && dt->span.end == 0);
    size_t tn = 0;
    const char *t = placed ? slice_text(d->doc, dt->span, &tn) : NULL;
    if (tn > ZG_JSON_RAW_MAX) return false;
    char *p = zg_jsonl_lead(d->jw, qkey, qkey_len, 64 + ZG_JSONL_TEXT_SPAN_ROOM(tn));
    if (!p) return true;
    memcpy(p, "{\"value\":\"", 10);
    p += 10;
    size_t iso_len = strlen(iso);
    memcpy(p, iso, iso_len);
    p += iso_len;
    memcpy(p, "\",\"precision\":\"", 15);
    p += 15;
    size_t prec_len = strlen(prec);
    memcpy(p, prec, prec_len);
    p += prec_len;
    if (dt->inferred) {
        memcpy(p, "\",\"inferred\":true,", 18);
        p += 18;
    } else {
        memcpy(p, "\",\"inferred\":false,", 19);
        p += 19;
    }
    if (placed) {
        p = zg_jsonl_put_text_span(p, t, tn, dt->span);
    } else {
        memcpy(p, "\"text\":null,\"span\":null}", 24);
        p += 24;
    }
    zg_jsonl_done(d->jw, p);
    return true;
}

/* date value: {"value", "precision", "inferred", "text", "span"} or null */
static void value_date(describer *d, KEY, const zg_date *dt)
{
    const char *prec = precision_name(dt->precision);
    if (!prec) {
        null(d, key, key_len, qkey);
        return;
    }
    char iso[11];
    zg_render_date_iso(dt, iso);
    if (d->jw && jsonl_date(d, QKEY, dt, prec, iso)) return;
    bool placed = !(dt->span.start == 0 && dt->span.end == 0);
    open_obj(d, key, key_len, qkey);
    str_n(d, K("value"), iso, strlen(iso));
    str(d, K("precision"), prec);
    boolean(d, K("inferred"), dt->inferred);
    if (placed) slice(d, K("text"), dt->span);
    else null(d, K("text"));
    span(d, K("span"), dt->span);
    close_obj(d);
}

/* count value: {"value", "text", "span"} or null */
static void value_count(describer *d, KEY, const zg_count *c)
{
    if (!c->present) {
        null(d, key, key_len, qkey);
        return;
    }
    bool placed = !(c->span.start == 0 && c->span.end == 0);
    open_obj(d, key, key_len, qkey);
    integer(d, K("value"), c->value);
    if (placed) slice(d, K("text"), c->span);
    else null(d, K("text"));
    span(d, K("span"), c->span);
    close_obj(d);
}

static void describe_source(describer *d)
{
    const zg_document *doc = d->doc;
    open_obj(d, K("source"));
    str_or_null(d, K("path"), doc->path);
    integer(d, K("bytes"), (long long)doc->src_bytes);
    str_or_null(d, K("sha256"), doc->sha256[0] ? doc->sha256 : NULL);
    str_or_null(d, K("encoding"), doc->encoding);
    str_or_null(d, K("encoding_source"), doc->encoding_source);
    str_or_null(d, K("format"), doc->format);
    str_or_null(d, K("script"), doc->script);
    integer(d, K("invalid_sequences"), (long long)doc->invalid_sequences);
    close_obj(d);
}

static void describe_inspection(describer *d)
{
    const zg_document *doc = d->doc;
    open_obj(d, K("inspection"));
    value_string(d, K("body"), doc->inspection.body);
    value_date(d, K("start"), &doc->inspection.start);
    value_date(d, K("end"), &doc->inspection.end);
    value_date(d, K("feedback_date"), &doc->inspection.feedback);
    close_obj(d);
}

static void describe_declared(describer *d)
{
    const zg_declared *dc = &d->doc->declared;
    open_obj(d, K("declared"));
    value_count(d, K("categories"), &dc->categories);
    value_count(d, K("issues"), &dc->issues);
    value_count(d, K("completed"), &dc->completed);
    value_count(d, K("basically_completed"), &dc->basically_completed);
    value_count(d, K("in_progress"), &dc->in_progress);
    value_count(d, K("not_completed"), &dc->not_completed);
    if (!dc->rate_present) {
        null(d, K("rate"));
    } else {
        bool placed = !(dc->rate_span.start == 0 && dc->rate_span.end == 0);
        open_obj(d, K("rate"));
        number(d, K("value"), dc->rate_percent);
        if (placed) slice(d, K("text"), dc->rate_span);
        else null(d, K("text"));
        span(d, K("span"), dc->rate_span);
        close_obj(d);
    }
    close_obj(d);
}

/* an outline node (an array element) */
static void describe_node(describer *d, const zg_node *n, int depth)
{
    if (depth > MAX_NODE_DEPTH) {
        d->too_deep = true;
        null(d, ITEM);
        return;
    }
    open_obj(d, ITEM);
    integer(d, K("level"), n->level);
    value_string(d, K("marker"), n->marker);
    integer(d, K("number"), n->number);
    value_string(d, K("title"), n->title);
    span(d, K("span"), n->span);
    open_arr(d, K("children"));
    for (const zg_node *c = n->first_child; c && !failed(d); c = c->next)
        describe_node(d, c, depth + 1);
    close_arr(d);
    close_obj(d);
}

static void describe_measure(describer *d, const zg_list_item *m)
{
    open_obj(d, ITEM);
    value_string(d, K("marker"), m->marker);
    value_string(d, K("text"), m->text);
    span(d, K("span"), m->span);
    close_obj(d);
}

static void describe_progress(describer *d, const zg_progress *p)
{
    const char *status = zg_progress_status_name(p->status);
    open_obj(d, K("progress"));
    value_string(d, K("label"), p->label);
    value_string(d, K("text"), p->text);
    str(d, K("status"), status ? status : "unknown");
    value_string(d, K("status_phrase"), p->phrase);
    boolean(d, K("long_term"), p->long_term);
    value_date(d, K("deadline"), &p->deadline);
    close_obj(d);
}

static void describe_issue(describer *d, const zg_issue *it)
{
    open_obj(d, ITEM);
    integer(d, K("number"), it->number);
    value_string(d, K("marker"), it->marker);
    value_string(d, K("category"), it->category);
    value_string(d, K("title"), it->title);
    span(d, K("span"), it->span);
    open_arr(d, K("measures"));
    for (size_t i = 0; i < it->n_measures && !failed(d); i++)
        describe_measure(d, &it->measures[i]);
    close_arr(d);
    if (it->measures_listed) integer(d, K("n_measures"), (long long)it->n_measures);
    else null(d, K("n_measures"));
    value_string(d, K("measures_text"), it->measures_text);
    describe_progress(d, &it->progress);
    value_string(d, K("responsible"), it->responsible);
    value_string(d, K("time_limit"), it->time_limit);
    close_obj(d);
}

static void describe_contact(describer *d)
{
    const zg_contact *c = &d->doc->contact;
    open_obj(d, K("contact"));
    open_arr(d, K("phone"));
    for (size_t i = 0; i < c->n_phones && !failed(d); i++)
        value_string(d, ITEM, c->phones[i]);
    close_arr(d);
    open_arr(d, K("email"));
    for (size_t i = 0; i < c->n_emails && !failed(d); i++)
        value_string(d, ITEM, c->emails[i]);
    close_arr(d);
    value_string(d, K("address"), c->address);
    close_obj(d);
}

static void describe_fact(describer *d, const zg_fact *f)
{
    zg_span sp = (f->span.start || f->span.end) ? f->span : f->text.span;
    open_obj(d, ITEM);
    str_or_null(d, K("kind"), f->kind);
    str_or_null(d, K("value"), f->value);
    str_or_null(d, K("unit"), f->unit);
    boolean(d, K("approximate"), f->approximate);
    if (f->text.s) str(d, K("text"), f->text.s);
    else slice(d, K("text"), sp);
    span(d, K("span"), sp);
    close_obj(d);
}

static void describe_check(describer *d, const zg_check *c)
{
    open_obj(d, ITEM);
    str_or_null(d, K("name"), c->name);
    boolean(d, K("ok"), c->ok);
    integer(d, K("declared"), c->declared);
    integer(d, K("found"), c->found);
    str_or_null(d, K("message"), c->message);
    close_obj(d);
}

static const char *severity_name(zg_severity s)
{
    switch (s) {
    case ZG_SEV_INFO: return "info";
    case ZG_SEV_ERROR: return "error";
    default: return "warning";
    }
}

static void describe_diagnostic(describer *d, const zg_diagnostic *g)
{
    open_obj(d, ITEM);
    str(d, K("severity"), severity_name(g->severity));
    str_or_null(d, K("code"), g->code);
    str_or_null(d, K("message"), g->message);
    span(d, K("span"), g->span);
    close_obj(d);
}

static zg_status describe(describer *d)
{
    const zg_document *doc = d->doc;
    open_obj(d, ITEM);
    str(d, K("schema"), ZG_SCHEMA_VERSION);
    describe_source(d);
    value_string(d, K("title"), doc->title);
    if (doc->title.s) str(d, K("title_source"), doc->title_from_page ? "page" : "text");
    else null(d, K("title_source"));
    value_string(d, K("issuer"), doc->issuer);
    value_date(d, K("date"), &doc->date);
    if (doc->date.precision != ZG_PREC_NONE)
        str(d, K("date_source"), doc->date_from_page ? "page" : "text");
    else
        null(d, K("date_source"));
    str(d, K("kind"), doc->kind ? doc->kind : "other");
    describe_inspection(d);
    describe_declared(d);

    open_arr(d, K("outline"));
    for (const zg_node *c = doc->root.first_child; c && !failed(d); c = c->next)
        describe_node(d, c, 1);
    close_arr(d);
    open_arr(d, K("issues"));
    for (size_t i = 0; i < doc->n_issues && !failed(d); i++)
        describe_issue(d, &doc->issues[i]);
    close_arr(d);
    describe_contact(d);
    open_arr(d, K("facts"));
    for (size_t i = 0; i < doc->n_facts && !failed(d); i++)
        describe_fact(d, &doc->facts[i]);
    close_arr(d);
    open_arr(d, K("checks"));
    for (size_t i = 0; i < doc->n_checks && !failed(d); i++)
        describe_check(d, &doc->checks[i]);
    close_arr(d);
    open_arr(d, K("diagnostics"));
    for (size_t i = 0; i < doc->n_diagnostics && !failed(d); i++)
        describe_diagnostic(d, &doc->diagnostics[i]);
    close_arr(d);
    close_obj(d);
    return d->too_deep ? ZG_ERR_LIMIT : ZG_OK;
}

zg_status zg_record_describe(const zg_document *doc, zg_record_sink *sink)
{
    describer d = { doc, sink, NULL, false };
    return describe(&d);
}

zg_status zg_record_describe_jsonl(const zg_document *doc, zg_jsonl *w)
{
    describer d = { doc, NULL, w, false };
    return describe(&d);
}

void zg_record_describe_error(const char *path, const zg_error *error, zg_record_sink *sink)
{
    describer dd = { NULL, sink, NULL, false }, *d = &dd;
    if (!path && error->file[0]) path = error->file;
    open_obj(d, ITEM);
    str(d, K("schema"), ZG_SCHEMA_VERSION);
    open_obj(d, K("source"));
    str_or_null(d, K("path"), path);
    close_obj(d);
    open_obj(d, K("error"));
    str(d, K("code"), zg_status_name(error->status));
    str(d, K("message"), error->message[0] ? error->message : zg_status_message(error->status));
    if (error->line > 0) integer(d, K("line"), error->line);
    if (error->column > 0) integer(d, K("column"), error->column);
    close_obj(d);
    close_obj(d);
}
