/* Internal to the issues stage (extract_issues.c, extract_fields.c): its context and the
 * labelled fields of a problem's text. */
#ifndef ZG_ISSUES_H
#define ZG_ISSUES_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "rules.h"

/* A field's kind: its label's yield (rules/labels.rules), read once when the label is found. */
typedef enum field_kind {
    FIELD_MEASURES, FIELD_PROGRESS, FIELD_OUTCOME, FIELD_TIME_LIMIT, FIELD_RESPONSIBLE,
    FIELD_OTHER
} field_kind;

typedef struct zg_field {
    field_kind kind;           /* label yield: measures, progress, outcome, time_limit, … */
    size_t label_start, label_end;  /* the label word (without colon), norm */
    size_t start, end;         /* the field's content, norm */
} zg_field;

enum { MAX_FIELDS = 64, FIELDS_MEMO = 16 };

/* find_fields' answer for one range (a heading's text is asked about several times). */
typedef struct fields_memo {
    size_t from, to, n;
    zg_field *f;               /* arena copy of n fields */
} fields_memo;

typedef struct issue_ctx {
    zg_document *doc;
    zg_scanner *sc;
    const zg_ruleset *section, *not_section, *category_class, *labels, *problem_title, *summary;
    const zg_ruleset *generic; /* slogan sections, never a category */
    size_t n_sections;         /* sections worded as an issues section */
    const zg_ruleset *closing; /* the notice's closing part: contact, supervision, 特此通报 */
    fields_memo memo[FIELDS_MEMO];
    size_t n_memo;             /* entries filled so far (then reused round-robin) */
    const zg_node *title_node; /* the heading whose title's norm range is title_ns/ne (a title
                                  is matched against several sets in a row) */
    size_t title_ns, title_ne;
    bool cat_asked;            /* category_of's last answer, for cat_parent under cat_section */
    const zg_node *cat_parent, *cat_section, *cat_answer;
} issue_ctx;

/* First norm offset whose text offset is >= text_off (norm_map is non-decreasing), else
 * norm_len. Without branches on the comparisons (a conditional move per halving): their outcome
 * is a coin toss, and mispredicted jumps made this search a visible part of the stage. */
static inline size_t norm_of_text(const zg_document *doc, size_t text_off)
{
    if (!doc->norm_map) return text_off < doc->norm_len ? text_off : doc->norm_len;
    const size_t *base = doc->norm_map;
    size_t n = doc->norm_len;
    if (n == 0) return 0;
    while (n > 1) {
        size_t half = n / 2;
        base = base[half] < text_off ? base + half : base;
        n -= half;
    }
    return (size_t)(base - doc->norm_map) + (*base < text_off);
}

static inline bool is_space_at(const char *s, size_t i, size_t to, size_t *len)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { *len = 1; return true; }
    if (c == 0xE3 && i + 2 < to && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80) { *len = 3; return true; }
    return false;
}

static inline size_t skip_space(const char *s, size_t i, size_t to)
{
    size_t n;
    while (i < to && is_space_at(s, i, to, &n)) i += n;
    return i;
}

/* Trim trailing white space and, if `punct`, trailing 。 ; , . and an opening parenthesis (left
 * over before a parenthesised label) too. */
static inline size_t trim_back(const char *s, size_t from, size_t to, bool punct)
{
    for (;;) {
        if (to <= from) return from;
        unsigned char c = (unsigned char)s[to - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { to--; continue; }
        if (to - from >= 3 && (unsigned char)s[to - 3] == 0xE3 && (unsigned char)s[to - 2] == 0x80 &&
            (c == 0x80 || (punct && c == 0x82))) { to -= 3; continue; }   /* 　 or 。 */
        if (punct && (c == ';' || c == ',' || c == '.' || c == '(')) { to--; continue; }
        return to;
    }
}

/** The labelled fields of norm[from, to) into f (at most MAX_FIELDS), in order; remembered
 *  per range in cx. */
size_t zg_issue_fields(issue_ctx *cx, size_t from, size_t to, zg_field *f);

/** The nth (0-based) field of kind `kind` among f[0, n), else NULL. */
const zg_field *zg_issue_field_of(const zg_field *f, size_t n, field_kind kind, size_t nth);

/** The progress statement's field: the first progress label, else a 整改成效 (outcome) field. */
const zg_field *zg_issue_progress_field(const zg_field *f, size_t n);

/** A field's content as printed, without surrounding space, closing punctuation or the closing
 *  parenthesis of a parenthesised field. */
zg_sref zg_issue_field_text(zg_document *doc, const zg_field *f);

#endif
