/*
 * Named pieces of patterns in rule files: `define NAME PATTERN`, used as {{NAME}}.
 *
 * A rule file repeats the same pieces (a year, a month, a day, a range's dash) in many patterns;
 * a define writes such a piece once. References are expanded as text, each into (?:PATTERN), when
 * a line is read, so the engine only ever sees plain PCRE2 patterns: a pattern means exactly what
 * it meant with the piece written out. A define holds for the rest of its file (files stay
 * readable on their own) and may use the defines above it.
 */
#define _GNU_SOURCE /* memmem */
#include "rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

enum { MAX_DEFINES = 256 };

static const zg_rule_define *find_define(const zg_rule_defines *d, const char *name, size_t n)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].name_len == n && memcmp(d->items[i].name, name, n) == 0) return &d->items[i];
    return NULL;
}

/* The end of the reference opened at `open` ("{{"), or 0 when "}}" does not follow a name. */
static size_t reference_end(const char *p, size_t open, size_t len)
{
    size_t i = open + 2;
    while (i < len && i - open - 2 <= 64 && p[i] != '}') i++;
    return i + 1 < len && p[i] == '}' && p[i + 1] == '}' ? i + 2 : 0;
}

zg_status zg_rules_expand(zg_arena *a, const zg_rule_defines *d, const char *file, int lineno,
                          const char *line, const char *pat, size_t len, const char **out,
                          size_t *out_len, zg_error *err)
{
    *out = pat;
    *out_len = len;
    if (!memmem(pat, len, "{{", 2)) return ZG_OK;
    /* first pass: check every reference and measure; second pass: write */
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        char *w = NULL;
        if (pass == 1) {
            w = zg_arena_alloc(a, total + 1);
            if (!w) return ZG_ERR_NOMEM;
            *out = w;
            *out_len = total;
        }
        size_t i = 0;
        while (i < len) {
            const char *open = memmem(pat + i, len - i, "{{", 2);
            size_t upto = open ? (size_t)(open - pat) : len;
            if (pass == 0) total += upto - i;
            else w = (char *)memcpy(w, pat + i, upto - i) + (upto - i);
            if (!open) break;
            size_t end = reference_end(pat, upto, len);
            size_t name_len = end ? end - upto - 4 : 0;
            const zg_rule_define *def = end ? find_define(d, pat + upto + 2, name_len) : NULL;
            if (!def) {
                int col = zg_rules_column(line, (size_t)(pat - line) + upto);
                if (!end || !zg_rules_valid_name(pat + upto + 2, name_len))
                    return zg_rules_fail(err, file, lineno, col,
                                         "'{{' must start a reference {{NAME}} to a define (write \\{ "
                                         "for a literal brace)");
                return zg_rules_fail(err, file, lineno, col,
                                     "{{%.*s}} is not defined above (define %.*s PATTERN)",
                                     (int)name_len, pat + upto + 2, (int)name_len, pat + upto + 2);
            }
            if (pass == 0) {
                total += def->len + 4;
                if (total > MAX_PATTERN_BYTES)
                    return zg_rules_fail(err, file, lineno, zg_rules_column(line, (size_t)(pat - line)),
                                         "pattern longer than %d bytes once {{…}} are expanded",
                                         MAX_PATTERN_BYTES);
            } else {
                memcpy(w, "(?:", 3);
                memcpy(w + 3, def->pattern, def->len);
                w[3 + def->len] = ')';
                w += def->len + 4;
            }
            i = end;
        }
        if (pass == 1) *w = '\0';
    }
    return ZG_OK;
}

zg_status zg_rules_define(zg_arena *a, zg_rule_defines *d, const char *file, int lineno,
                          const char *line, size_t llen, size_t at, zg_error *err)
{
    size_t n0 = at;
    while (at < llen && line[at] != ' ' && line[at] != '\t') at++;
    size_t name_len = at - n0;
    if (!zg_rules_valid_name(line + n0, name_len))
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, n0),
                             "'define' needs a name of letters, digits, '_', '-' or '.'");
    while (at < llen && (line[at] == ' ' || line[at] == '\t')) at++;
    if (at == llen)
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, llen), "'define %.*s' needs a pattern",
                             (int)name_len, line + n0);
    const zg_rule_define *old = find_define(d, line + n0, name_len);
    if (old)
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, n0),
                             "'%.*s' is already defined (at line %d)", (int)name_len, line + n0, old->line);
    if (d->n >= MAX_DEFINES)
        return zg_rules_fail(err, file, lineno, 1, "too many defines in one file (limit %d)", MAX_DEFINES);
    const char *pattern;
    size_t len;
    zg_status st = zg_rules_expand(a, d, file, lineno, line, line + at, llen - at, &pattern, &len, err);
    if (st != ZG_OK) return st;
    if (pattern == line + at && !(pattern = zg_arena_strndup(a, line + at, len))) return ZG_ERR_NOMEM;
    const char *name = zg_arena_strndup(a, line + n0, name_len);
    if (!name) return ZG_ERR_NOMEM;
    if (d->n == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 16;
        zg_rule_define *ni = realloc(d->items, ncap * sizeof *ni);
        if (!ni) return ZG_ERR_NOMEM;
        d->items = ni;
        d->cap = ncap;
    }
    d->items[d->n++] = (zg_rule_define){ name, name_len, pattern, len, lineno };
    return ZG_OK;
}

void zg_rule_defines_free(zg_rule_defines *d)
{
    if (!d) return;
    free(d->items);
    *d = (zg_rule_defines){ 0 };
}
