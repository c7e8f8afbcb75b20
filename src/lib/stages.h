/*
 * The pipeline stages, one per file (internal):
 *   load.c (+ html.c, markdown.c, encoding.c)  bytes → doc->text (UTF-8), source facts, tables
 *   normalize.c                                doc->text → doc->norm + doc->norm_map, script
 *   text_table.c                               plain text: tab-separated 整改清单 rows → tables
 *   reflow.c                                   glued text: line breaks inferred in doc->norm
 *   segment.c                                  doc->norm → heading tree (doc->root, doc->headings)
 *   extract_*.c                                tree + rules → the record
 *   render_*.c                                 record → JSON / XML / CSV / outline
 * and the value normalizers shared by the extractors (dates.c, numbers.c).
 */
#ifndef ZG_STAGES_H
#define ZG_STAGES_H

#include "model.h"
#include "rules.h"

/* ---- load: fills source fields (path, src_bytes, sha256, encoding, encoding_source, format,
 *      invalid_sequences), doc->text/text_len, page_title/page_date and tables. */
zg_status zg_load(zg_document *doc, const unsigned char *bytes, size_t len,
                  const zg_input_options *opts, const zg_limits *limits, zg_error *err);

/* ---- normalize: doc->norm, doc->norm_map, doc->script. Folds full-width ASCII, ideographic and
 *      no-break spaces, parenthesized/period digits (⑴ ⒈) for matching; Traditional → Simplified. */
zg_status zg_normalize(zg_document *doc, zg_error *err);

/* ---- text tables (text_table.c): in a plain text, runs of tab-separated lines headed by a 整改清单
 *      header row become doc->tables over the text (unchanged), as HTML and Markdown tables do. */
zg_status zg_text_tables(zg_document *doc, zg_scanner *sc, zg_error *err);

/* ---- reflow: a text without line breaks or spaces (glued) gets a '\n' in doc->norm before each
 *      heading marker that continues a numbering, field label, the title's end and the signature
 *      (rules/reflow.rules); the text and its offsets are unchanged. Other texts: no change. */
zg_status zg_reflow(zg_document *doc, zg_scanner *sc, zg_error *err);

/* ---- segment: the heading tree of levels 1–3 (GB/T 9704) over doc->norm. */
zg_status zg_segment(zg_document *doc, zg_scanner *sc, zg_error *err);

/**
 * Top-level enumerated items (measures) in norm[from, to): （1）…, 1）…, ①…, 一是…, 第一，…,
 * and bullets (•, ·, ●, - … at a line start, numbered by position; a single one is a list of one).
 * The first marker found fixes the list type; items of that type must continue its numbering,
 * nested lists of other types (or bullets of another glyph or indented deeper) stay inside their
 * item. Returns the number of items (0 = no list), or -1 on allocation failure; *items is arena
 * memory.
 */
int zg_segment_list(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                    zg_list_item **items);

/**
 * The measures listed in a table cell, norm[from, to): zg_segment_list's list without bullets (a
 * cell is one line), else one numbered by heading markers (1．…2．…, 一、…), which in a cell are
 * never headings. Same returns.
 */
int zg_segment_cell_list(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                         zg_list_item **items);

/** Where a heading title ends in norm, given the offset just after its marker (GOLD.md rule). */
size_t zg_segment_title_end(const zg_document *doc, size_t title_start, size_t limit);

/* ---- extract: the record. Split by concern; zg_extract_record calls them in order. */
zg_status zg_extract_record(zg_document *doc, zg_scanner *sc, zg_error *err);
zg_status zg_extract_metadata(zg_document *doc, zg_scanner *sc);   /* title, issuer, date, kind, inspection, contact */
zg_status zg_extract_declared(zg_document *doc, zg_scanner *sc);   /* declared totals */
zg_status zg_extract_issues(zg_document *doc, zg_scanner *sc);     /* issues from headings */
zg_status zg_extract_table_issues(zg_document *doc, zg_scanner *sc); /* issues from 整改清单 tables */
/** True when row r of t is a 整改清单 header (rules/tables.rules): a problem column and another. */
bool zg_table_header_row(zg_document *doc, zg_scanner *sc, const zg_table *t, size_t r);
zg_status zg_extract_progress(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                              zg_progress *out);                  /* status / long_term / deadline */
/* The same, finding only the parts asked for (the others stay unknown / false / none): callers
 * that use only a statement's deadline or long-term flag skip the status search. */
enum { ZG_PROGRESS_STATUS = 1, ZG_PROGRESS_LONG_TERM = 2, ZG_PROGRESS_DEADLINE = 4,
       ZG_PROGRESS_ALL = 7 };
zg_status zg_extract_progress_parts(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                                    unsigned parts, zg_progress *out);
zg_status zg_extract_facts(zg_document *doc, zg_scanner *sc);      /* quantified outcomes */
zg_status zg_extract_checks(zg_document *doc);                     /* declared vs found */

/* ---- dates.c: date expressions (rules set "date"), with a reference date for missing years. */

/**
 * Find the first date expression in norm[from, to). `ref` (may be NULL) supplies a missing year;
 * `role` decides how 上旬/中旬/下旬/月底/年底 resolve. Returns 1 found (with *out, span in text
 * coordinates and *norm_end set to the norm offset after the expression), 0 none, -1 error.
 */
int zg_date_find(zg_document *doc, zg_scanner *sc, size_t from, size_t to, const zg_date *ref,
                 zg_date_role role, zg_date *out, size_t *norm_end);

/** Find a period "X至Y", "X—Y", "自X起": start and end dates. Same return convention. */
int zg_date_find_range(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                       const zg_date *ref, zg_date *start, zg_date *end, size_t *norm_end);

/** ISO form of a date into buf ("2023-01-12", "2023-01", "2023"); "" if absent. */
void zg_date_iso(const zg_date *d, char buf[11]);

/** Days in a month (leap years included). */
int zg_days_in_month(int year, int month);

/* ---- numbers.c: Chinese and mixed numerals. */

/**
 * Value of a numeral as printed: "8", "十二", "二〇二三" (digit by digit), "两", "3.5万", "1.2亿".
 * Exact: the result is a decimal string without exponent in *out (arena), e.g. "35000".
 * Returns false if s[0..n) is not a numeral.
 */
bool zg_number_parse(zg_arena *a, const char *s, size_t n, const char **out);

/** Small integer value of a numeral (一 → 1, 十二 → 12, 12 → 12, ① → 1); -1 if not one. */
long long zg_number_int(const char *s, size_t n);

/**
 * Range of an approximate numeral as exact decimal strings (arena); NULL marks an open end.
 * 3000余/3000多 → [3000, -), 近百 → (-, 100], 两三 → [2, 3], 约50/50左右 → [50, 50], 8 → [8, 8].
 * *approx is true for the approximate forms. zg_number_parse gives the nominal value (3000, 100,
 * 2, 50). Returns false if s[0..n) is not a numeral.
 */
bool zg_number_range(zg_arena *a, const char *s, size_t n, const char **lo, const char **hi,
                     bool *approx);

#endif /* ZG_STAGES_H */
