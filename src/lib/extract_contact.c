/*
 * The notice's own feedback channel: phones (as printed, one entry per number), emails and the
 * postal address (邮编 left out). Looked for before the signature only, so that site footers
 * after it do not count; lines of site furniture (rules set site_footer) are skipped anywhere.
 */
#include <string.h>

#include "meta.h"

/* The last line asked about (the channels often sit on one line, which each scan asks about). */
typedef struct footer_memo {
    bool known;
    size_t ls, le;
    bool in_footer;
} footer_memo;

static bool in_footer_line(zg_document *doc, zg_scanner *sc, size_t at, footer_memo *memo)
{
    /* the remembered line holds no line break in [ls, le): `at` in [ls, le] is on that line */
    if (memo->known && memo->ls <= at && at <= memo->le) return memo->in_footer;
    size_t ls = at;
    while (ls > 0 && doc->norm[ls - 1] != '\n') ls--;
    const char *nl = memchr(doc->norm + at, '\n', doc->norm_len - at);
    size_t le = nl ? (size_t)(nl - doc->norm) : doc->norm_len;
    zg_match m;
    int rc = zg_match_leftmost(sc, ZG_SET(sc, "site_footer"), doc->norm, ls, le, 0, &m);
    /* a search that gave up is asked again next time (and reports its diagnostic again) */
    if (rc >= 0) *memo = (footer_memo){ true, ls, le, rc == 1 };
    return rc == 1;
}

static bool seen(const zg_sref *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].s && strcmp(list[i].s, s) == 0) return true;
    return false;
}

/* Append text[norm s..e) to the list unless it is already there; false on OOM. */
static bool push_unique(zg_document *doc, zg_sref **list, size_t *n, size_t s, size_t e)
{
    zg_sref r = zg_sref_from_norm(doc, s, e);
    if (!r.s) return r.span.start < r.span.end ? false : true;
    if (seen(*list, *n, r.s)) return true;
    zg_sref *slot = zg_arena_push(&doc->arena, (void **)list, n, sizeof *slot);
    if (!slot) return false;
    *slot = r;
    return true;
}

/* Each match of `set` in norm[0, end) outside footer lines: call back with its group. A callback
 * returns false on OOM; it sets *done when later matches can change nothing (the scan stops). */
typedef bool (*found_fn)(zg_document *doc, zg_scanner *sc, size_t s, size_t e, bool *done);

static bool scan(zg_document *doc, zg_scanner *sc, const char *set_name, const char *group,
                 size_t end, found_fn found, footer_memo *memo)
{
    const zg_ruleset *set = zg_meta_set(sc, set_name);
    zg_match m;
    size_t pos = 0;
    bool done = false;
    while (!done && pos < end && zg_match_leftmost(sc, set, doc->norm, pos, end, 0, &m) == 1) {
        size_t s, e, next = zg_meta_next(doc, &m);
        if (zg_lookup_group(sc, &m, group, &s, &e) && s < e &&
            !in_footer_line(doc, sc, m.start, memo)) {
            if (!found(doc, sc, s, e, &done)) return false;
        }
        pos = next;
    }
    return true;
}

static bool found_phones(zg_document *doc, zg_scanner *sc, size_t s, size_t e, bool *done)
{
    (void)done;
    const zg_ruleset *num = ZG_SET(sc, "phone_number");
    zg_match m;
    size_t pos = s;
    while (pos < e && zg_match_leftmost(sc, num, doc->norm, pos, e, 0, &m) == 1 && m.end > m.start) {
        if (!push_unique(doc, &doc->contact.phones, &doc->contact.n_phones, m.start, m.end))
            return false;
        pos = m.end;
    }
    return true;
}

static bool found_email(zg_document *doc, zg_scanner *sc, size_t s, size_t e, bool *done)
{
    (void)sc;
    (void)done;
    return push_unique(doc, &doc->contact.emails, &doc->contact.n_emails, s, e);
}

static bool found_address(zg_document *doc, zg_scanner *sc, size_t s, size_t e, bool *done)
{
    (void)sc;
    *done = true;   /* the first one is the notice's */
    doc->contact.address = zg_sref_from_norm(doc, s, e);
    return doc->contact.address.s != NULL;
}

zg_status zg_extract_contact(zg_document *doc, zg_scanner *sc, size_t end)
{
    if (end > doc->norm_len) end = doc->norm_len;
    footer_memo memo = { false, 0, 0, false };
    if (!scan(doc, sc, "contact_phone", "list", end, found_phones, &memo) ||
        !scan(doc, sc, "contact_email", "email", end, found_email, &memo) ||
        !scan(doc, sc, "contact_address", "address", end, found_address, &memo))
        return ZG_ERR_NOMEM;
    return ZG_OK;
}
