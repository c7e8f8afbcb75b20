/*
 * The document model shared by every pipeline stage (internal).
 *
 * Text coordinates: a zg_span is a half-open byte range [start, end) into doc->text, the decoded
 * UTF-8 main text of the notice. Stages that work on doc->norm (the folded copy used for matching)
 * convert norm offsets to text offsets with zg_norm_to_text() before storing a span, so every span
 * in the record points into doc->text and every string taken from the text is text[span].
 *
 * All memory hangs off doc->arena and is released with the document.
 */
#ifndef ZG_MODEL_H
#define ZG_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhenggai.h"
#include "arena.h"

/** Byte range [start, end) into doc->text. An absent span is {0, 0}. */
typedef struct zg_span {
    size_t start;
    size_t end;
} zg_span;

/** A string taken from the text: s is an arena copy (NUL-terminated) or NULL when absent. */
typedef struct zg_sref {
    const char *s;
    zg_span span;
} zg_sref;

typedef enum zg_precision {
    ZG_PREC_NONE = 0,      /* no date */
    ZG_PREC_YEAR,
    ZG_PREC_MONTH,
    ZG_PREC_DAY
} zg_precision;

/** A normalized calendar date. precision NONE means "absent". */
typedef struct zg_date {
    int year, month, day;      /* 0 where below the precision */
    zg_precision precision;
    bool inferred;             /* a part (e.g. the year, or the day of 下旬) was not printed */
    zg_span span;              /* the date expression in the text */
} zg_date;

/** Which end of a period a partial date stands for (下旬 → 21 as start, last day as end). */
typedef enum zg_date_role {
    ZG_DATE_POINT = 0,         /* a single date: partial dates keep their precision */
    ZG_DATE_START,
    ZG_DATE_END
} zg_date_role;

/* ------------------------------------------------------------- outline */

/** Level of a marker type (GB/T 9704): 1 一、/第一部分, 2 （一）, 3 1．/1、; 0 = not a heading. */
enum { ZG_LEVEL_MAX = 3 };

typedef struct zg_node {
    int level;                 /* 1..3; 0 for the root */
    int rank;                  /* where it nests: 0 for a part (第一部分, level 1, holding the
                                  一、 sections after it), else the level; -1 for the root */
    const char *type;          /* marker type = name of the rule that matched (e.g. "cn_dun") */
    zg_sref marker;            /* as printed, e.g. "（一）" */
    int number;                /* the marker's numeric value (一 → 1) */
    zg_sref title;             /* heading title as printed (GOLD.md: up to 。！？, colon, line break or gap) */
    zg_span body;              /* from the end of the title to the end of the node */
    zg_span span;              /* marker start to end of the node (next heading of same or higher level) */
    struct zg_node *parent, *first_child, *last_child, *next;
} zg_node;

/** One item of an enumerated list (measures: （1）…, ①…, 一是…, 第一，…). */
typedef struct zg_list_item {
    const char *type;          /* marker type (rule name) */
    zg_sref marker;            /* as printed */
    int number;
    zg_span span;              /* marker start to the end of the item's text */
    zg_sref text;              /* the item's text after the marker, trimmed */
} zg_list_item;

/* ------------------------------------------------------------- tables (HTML) */

typedef struct zg_cell {
    zg_span span;              /* the cell's text in doc->text (after block flattening) */
    bool covered;              /* filled from a rowspan/colspan of the cell above/left */
} zg_cell;

typedef struct zg_table {
    size_t n_rows, n_cols;
    zg_cell *cells;            /* n_rows * n_cols, row-major, rowspans/colspans expanded */
    zg_span span;              /* the whole table in doc->text */
} zg_table;

/* ------------------------------------------------------------- record */

typedef enum zg_progress_status {
    ZG_ST_UNKNOWN = 0,
    ZG_ST_COMPLETED,
    ZG_ST_BASICALLY_COMPLETED,
    ZG_ST_PARTIALLY_COMPLETED,
    ZG_ST_IN_PROGRESS,
    ZG_ST_NOT_STARTED,
    ZG_ST_COUNT_
} zg_progress_status;

/** "completed", "basically_completed", … ; NULL for out-of-range values. */
const char *zg_progress_status_name(zg_progress_status st);
/** Parse a status name; returns false if unknown. */
bool zg_progress_status_parse(const char *name, zg_progress_status *out);

typedef struct zg_progress {
    zg_sref text;              /* the progress statement (label excluded); s NULL if none */
    zg_sref label;             /* 整改进度 / 整改情况 / … if labelled */
    zg_progress_status status;
    zg_sref phrase;            /* the phrase that decided the status */
    bool long_term;
    zg_date deadline;          /* precision NONE if no deadline */
} zg_progress;

typedef struct zg_issue {
    int number;                /* the item's own number (1. → 1) */
    zg_sref marker;
    zg_sref category;          /* title of the enclosing category heading; s NULL if none */
    zg_sref title;
    zg_span span;              /* the whole item */
    zg_list_item *measures;
    size_t n_measures;
    bool measures_listed;      /* false: measures are not an enumerated list (n_measures → null) */
    zg_sref measures_text;     /* the measures block (label excluded), if any */
    zg_progress progress;
    zg_sref responsible;       /* 责任单位 (tables, environmental notices) */
    zg_sref time_limit;        /* 整改时限 field as printed */
    const zg_node *node;       /* heading the issue comes from; NULL for table rows */
} zg_issue;

/** A count the notice declares about itself, e.g. the 8 of 3大类8个问题. */
typedef struct zg_count {
    bool present;
    long long value;
    zg_span span;
} zg_count;

typedef struct zg_declared {
    zg_count categories, issues, completed, basically_completed, in_progress, not_completed;
    bool rate_present;         /* a completion rate (整改完成率76%) */
    double rate_percent;
    zg_span rate_span;
} zg_declared;

/** A quantified outcome (问责12人, 追回资金35.6万元 …). */
typedef struct zg_fact {
    const char *kind;          /* rule yield, e.g. "accountability" */
    const char *value;         /* exact decimal string, e.g. "356000" */
    const char *unit;          /* 人, 元, 件 … */
    bool approximate;          /* 余/近/约 */
    zg_span span;
    zg_sref text;
} zg_fact;

typedef struct zg_check {
    const char *name;          /* e.g. "declared.issues" */
    bool ok;
    long long declared, found;
    const char *message;
} zg_check;

typedef enum zg_severity { ZG_SEV_INFO = 0, ZG_SEV_WARNING, ZG_SEV_ERROR } zg_severity;

typedef struct zg_diagnostic {
    zg_severity severity;
    const char *code;          /* stable id, e.g. "ambiguous-heading", "invalid-bytes" */
    const char *message;
    zg_span span;              /* {0,0} if not about a place */
} zg_diagnostic;

typedef struct zg_contact {
    zg_sref *phones; size_t n_phones;
    zg_sref *emails; size_t n_emails;
    zg_sref address;
} zg_contact;

struct zg_document {
    zg_arena arena;
    zg_scanner *scanner;       /* scanner bound by zg_scanner_bind (stages without an sc parameter, e.g. load) */

    /* source */
    const char *path;          /* as given, or NULL */
    size_t src_bytes;
    char sha256[65];
    const char *encoding;      /* canonical: "UTF-8", "GB18030", "BIG5", "UTF-16LE", "UTF-16BE" … */
    const char *encoding_source; /* "bom", "declared", "detected", "forced", "default" */
    const char *format;        /* "text", "html", "markdown" */
    const char *script;        /* "simplified", "traditional" */
    size_t invalid_sequences;  /* replaced while decoding */

    /* text */
    char *text;                /* decoded main text, UTF-8, NUL-terminated */
    size_t text_len;
    char *norm;                /* folded (and Simplified) copy for matching, NUL-terminated */
    size_t norm_len;
    size_t *norm_map;          /* norm offset → text offset; norm_len + 1 entries */

    /* page metadata (HTML <title>, markdown front matter): fallbacks only */
    const char *page_title;
    const char *page_date;     /* ISO if known */

    zg_table *tables; size_t n_tables;

    /* segmentation */
    zg_node root;              /* level 0; its children are the top headings */
    zg_node **headings; size_t n_headings;   /* all headings in document order */

    /* record */
    zg_sref title;
    bool title_from_page;      /* title is the fallback from page metadata */
    zg_sref issuer;
    zg_date date;
    bool date_from_page;
    const char *kind;          /* xunshi | xuncha | audit | environmental | other */
    struct {
        zg_sref body;
        zg_date start, end, feedback;
    } inspection;
    zg_declared declared;
    zg_issue *issues; size_t n_issues;
    zg_contact contact;
    zg_fact *facts; size_t n_facts;
    zg_check *checks; size_t n_checks;
    zg_diagnostic *diagnostics; size_t n_diagnostics;
    const zg_node *issues_section;   /* heading whose subtree holds the issues, if any */
    /* Reference for dates printed without a year (12月底前), set by zg_extract_metadata: the
     * signature date (or its page fallback); without one the latest date printed in full
     * (year, month and day) in the text, else the inspection's feedback date or end, else the
     * latest date printed with its year. Precision NONE if the text prints no year at all. */
    zg_date ref_date;
};

/* ------------------------------------------------------------- helpers (model.c) */

/** Text offset of a norm offset (clamped). */
size_t zg_norm_to_text(const zg_document *doc, size_t norm_off);
/** Span in doc->text of the norm range [ns, ne). */
zg_span zg_span_from_norm(const zg_document *doc, size_t ns, size_t ne);
/** zg_sref for text[span] (arena copy); s NULL on allocation failure or empty span. */
zg_sref zg_sref_from_span(zg_document *doc, zg_span span);
/** zg_sref for the norm range [ns, ne): the span is mapped, the string is the *text* (as printed). */
zg_sref zg_sref_from_norm(zg_document *doc, size_t ns, size_t ne);

/** Append a diagnostic (message is printf-formatted into the arena). Returns false on OOM. */
bool zg_doc_diag(zg_document *doc, zg_severity sev, const char *code, zg_span span,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/** Append a check. */
bool zg_doc_check(zg_document *doc, const char *name, long long declared, long long found,
                  const char *message);

/**
 * Grow an arena array by one element and return the new zeroed slot (NULL on OOM; the array is
 * then unchanged). Capacity is implicit (doubling at 4, 8, 16 …), so only a count is kept:
 *   zg_issue *it = zg_arena_push(&doc->arena, (void **)&doc->issues, &doc->n_issues, sizeof *it);
 */
void *zg_arena_push(zg_arena *a, void **items, size_t *n, size_t elem_size);

#endif /* ZG_MODEL_H */
