/*
 * The notice's own feedback channel: phones (as printed, one entry per number with its
 * extension), emails (one entry per address, also several after one label) and the
 * postal address (邮编 left out). Looked for before the signature only, so that site footers
 * after it do not count; lines of site furniture (rules set site_footer) are skipped anywhere.
 */
#define _GNU_SOURCE /* memrchr */
#include <string.h>

#include "meta.h"
#include "util.h"

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
    const char *pnl = at ? memrchr(doc->norm, '\n', at) : NULL;
    size_t ls = pnl ? (size_t)(pnl - doc->norm) + 1 : 0;
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

/* PCRE2's \h (horizontal white space, with UCP). */
static bool is_h(uint32_t c)
{
    return c == 0x09 || c == 0x20 || c == 0xA0 || c == 0x1680 || c == 0x180E ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* The byte an email's local part may hold (rules/metadata.rules: [A-Za-z0-9._%+-]). */
static bool is_local(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c != 0 && c < 0x80 && strchr("._%+-", (int)c));
}

/* Back from norm offset p (not below lo) over the characters `keep` accepts. */
static size_t back_over(const zg_document *doc, size_t lo, size_t p, bool (*keep)(uint32_t))
{
    while (p > lo) {
        size_t q = zg_utf8_prev(doc->norm, p), i = q;
        if (q < lo || !keep(zg_utf8_next(doc->norm, doc->norm_len, &i)) || i != p) break;
        p = q;
    }
    return p;
}

/*
 * Where a search for contact_email in norm[pos, end) may start instead of pos (end: no match).
 * A match (rules/metadata.rules) is [prefix] label [X{0,10} \h* colon] \h* local @ domain
 * [sep address]…: every match holds an @ and no part before its first @ admits one, so a match
 * starting at or after pos either has the first @ at or after pos, a, as its first @, or starts
 * after a. One holding a starts no earlier than this walk back from a: the local part lies in
 * the run of local-part bytes before a (where it starts later, that byte before it ends the
 * label: no colon, no \h); its \h* is the end of the \h run before that; a colon, if any, is
 * right before that run (a \h before the colon would belong to the run); then the \h run
 * before the colon, at most 10 characters X, and at most 18 bytes of prefix and label (举报 +
 * 电子邮箱).
 */
size_t zg_meta_email_from(const zg_document *doc, size_t pos, size_t end)
{
    if (pos >= end) return end;
    const char *at = memchr(doc->norm + pos, '@', end - pos);
    if (!at) return end;
    size_t p = back_over(doc, pos, (size_t)(at - doc->norm), is_local);
    p = back_over(doc, pos, p, is_h);
    if (p > pos && doc->norm[p - 1] == ':') p--;
    else if (p >= pos + 3 && memcmp(doc->norm + p - 3, "：", 3) == 0) p -= 3;
    p = back_over(doc, pos, p, is_h);
    for (int n = 0; n < 10 && p > pos; n++) p = zg_utf8_prev(doc->norm, p);
    p = p >= pos + 18 ? zg_meta_char_start(doc, p - 18) : pos;
    return p > pos ? p : pos;
}

/* Each match of `set` in norm[0, end) outside footer lines: call back with its group. A callback
 * returns false on OOM; it sets *done when later matches can change nothing (the scan stops).
 * `from`, if not NULL, moves a search's start to where a match can start (zg_meta_email_from). */
typedef bool (*found_fn)(zg_document *doc, zg_scanner *sc, size_t s, size_t e, bool *done);
typedef size_t (*from_fn)(const zg_document *doc, size_t pos, size_t end);

static bool scan(zg_document *doc, zg_scanner *sc, const char *set_name, const char *group,
                 size_t end, found_fn found, from_fn from, footer_memo *memo)
{
    const zg_ruleset *set = zg_meta_set(sc, set_name);
    zg_match m;
    size_t pos = 0;
    bool done = false;
    while (!done && pos < end && (!from || (pos = from(doc, pos, end)) < end) &&
           zg_match_leftmost(sc, set, doc->norm, pos, end, 0, &m) == 1) {
        size_t s, e, next = zg_meta_next(doc, &m);
        if (zg_lookup_group(sc, &m, group, &s, &e) && s < e &&
            !in_footer_line(doc, sc, m.start, memo)) {
            if (!found(doc, sc, s, e, &done)) return false;
        }
        pos = next;
    }
    return true;
}

/* Each match of `set` in the list norm[s, e), appended to the list unless already there. */
static bool push_items(zg_document *doc, zg_scanner *sc, const zg_ruleset *set, size_t s,
                       size_t e, zg_sref **list, size_t *n)
{
    zg_match m;
    size_t pos = s;
    while (pos < e && zg_match_leftmost(sc, set, doc->norm, pos, e, 0, &m) == 1 && m.end > m.start) {
        if (!push_unique(doc, list, n, m.start, m.end)) return false;
        pos = m.end;
    }
    return true;
}

static bool found_phones(zg_document *doc, zg_scanner *sc, size_t s, size_t e, bool *done)
{
    (void)done;
    return push_items(doc, sc, ZG_SET(sc, "phone_number"), s, e, &doc->contact.phones,
                      &doc->contact.n_phones);
}

static bool found_emails(zg_document *doc, zg_scanner *sc, size_t s, size_t e, bool *done)
{
    (void)done;
    return push_items(doc, sc, ZG_SET(sc, "email_address"), s, e, &doc->contact.emails,
                      &doc->contact.n_emails);
}

static bool found_address(zg_document *doc, zg_scanner *sc, size_t s, size_t e, bool *done)
{
    (void)sc;
    *done = true;   /* the first one is the notice's */
    doc->contact.address = zg_sref_from_norm(doc, s, e);
    return doc->contact.address.s != NULL;
}

zg_status zg_meta_contact(zg_document *doc, zg_scanner *sc, size_t end, bool plain)
{
    if (end > doc->norm_len) end = doc->norm_len;
    footer_memo memo = { false, 0, 0, false };
    if (!scan(doc, sc, "contact_phone", "list", end, found_phones, NULL, &memo) ||
        !scan(doc, sc, "contact_email", "list", end, found_emails,
              plain ? NULL : zg_meta_email_from, &memo) ||
        !scan(doc, sc, "contact_address", "address", end, found_address, NULL, &memo))
        return ZG_ERR_NOMEM;
    return ZG_OK;
}

zg_status zg_extract_contact(zg_document *doc, zg_scanner *sc, size_t end)
{
    return zg_meta_contact(doc, sc, end, false);
}
