/* Small helpers over the document model: span mapping, diagnostics, arena arrays. */
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[ZG_ST_COUNT_] = {
    "unknown", "completed", "basically_completed", "partially_completed", "in_progress",
    "not_started",
};

const char *zg_progress_status_name(zg_progress_status st)
{
    return (unsigned)st < ZG_ST_COUNT_ ? status_names[st] : NULL;
}

bool zg_progress_status_parse(const char *name, zg_progress_status *out)
{
    for (int i = 0; i < ZG_ST_COUNT_; i++) {
        if (name && strcmp(name, status_names[i]) == 0) {
            *out = (zg_progress_status)i;
            return true;
        }
    }
    return false;
}

static inline size_t norm_to_text(const zg_document *doc, size_t norm_off)
{
    if (!doc->norm_map) return norm_off < doc->text_len ? norm_off : doc->text_len;
    if (norm_off > doc->norm_len) norm_off = doc->norm_len;
    return doc->norm_map[norm_off];
}

size_t zg_norm_to_text(const zg_document *doc, size_t norm_off) { return norm_to_text(doc, norm_off); }

zg_span zg_span_from_norm(const zg_document *doc, size_t ns, size_t ne)
{
    zg_span sp = { norm_to_text(doc, ns), norm_to_text(doc, ne) };
    if (sp.end < sp.start) sp.end = sp.start;
    return sp;
}

zg_sref zg_sref_from_span(zg_document *doc, zg_span span)
{
    zg_sref r = { NULL, span };
    if (span.end > doc->text_len || span.start >= span.end) return r;
    r.s = zg_arena_strndup(&doc->arena, doc->text + span.start, span.end - span.start);
    return r;
}

zg_sref zg_sref_from_norm(zg_document *doc, size_t ns, size_t ne)
{
    return zg_sref_from_span(doc, zg_span_from_norm(doc, ns, ne));
}

void *zg_arena_push(zg_arena *a, void **items, size_t *n, size_t elem_size)
{
    size_t count = *n;
    /* capacity is 4, 8, 16 …: grow when the count reaches it */
    if (count == 0 || (count >= 4 && (count & (count - 1)) == 0)) {
        size_t cap = count == 0 ? 4 : count * 2;
        /* not zeroed: the items are copied over and each new slot is zeroed when pushed */
        void *grown = zg_arena_alloc_raw(a, cap * elem_size);
        if (!grown) return NULL;
        if (count) memcpy(grown, *items, count * elem_size);
        *items = grown;
    }
    unsigned char *slot = (unsigned char *)*items + count * elem_size;
    memset(slot, 0, elem_size);
    *n = count + 1;
    return slot;
}

bool zg_doc_diag(zg_document *doc, zg_severity sev, const char *code, zg_span span,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    zg_diagnostic *d = zg_arena_push(&doc->arena, (void **)&doc->diagnostics,
                                     &doc->n_diagnostics, sizeof *d);
    if (!d) return false;
    d->severity = sev;
    d->code = code;
    d->span = span;
    d->message = zg_arena_strdup(&doc->arena, buf);
    return d->message != NULL;
}

bool zg_doc_check(zg_document *doc, const char *name, long long declared, long long found,
                  const char *message)
{
    zg_check *c = zg_arena_push(&doc->arena, (void **)&doc->checks, &doc->n_checks, sizeof *c);
    if (!c) return false;
    c->name = name;
    c->declared = declared;
    c->found = found;
    c->ok = declared == found;
    c->message = message;
    return true;
}
