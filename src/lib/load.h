/*
 * Internals of the load stage (load.c, encoding.c, html_main.c, html_table.c, markdown.c).
 *
 * Text produced by the loader: for plain text the decoded input as is (CRLF kept, spans index it);
 * for HTML and Markdown one line per block, lines separated by "\n" (no CR), leading and trailing
 * blanks of a line trimmed. Table rows are lines whose cells are separated by "\t"; each table's
 * span in doc->text is recorded in doc->tables so later stages can skip it (cells are never
 * headings).
 */
#ifndef ZG_LOAD_H
#define ZG_LOAD_H

#include "stages.h"
#include "util.h"

/** Result of decoding bytes to UTF-8 (heap memory, caller frees text). */
typedef struct zg_decoded {
    char *text;                /* valid UTF-8, NUL-terminated, NUL-free */
    size_t len;
    const char *encoding;      /* canonical name (static string or arena) */
    const char *source;        /* "bom", "declared", "detected", "forced", "default" */
    size_t invalid;            /* sequences replaced by U+FFFD */
    size_t first_invalid;      /* byte offset in the input of the first one */
    size_t repaired_lines;     /* non-UTF-8 lines of UTF-8 text decoded as GB18030 instead */
    size_t repaired_bytes;     /* ... the invalid UTF-8 sequences in those lines */
    bool borrowed;             /* zg_decode_borrow only: text is the input itself (not
                                * NUL-terminated, not to be freed) */
} zg_decoded;

/**
 * Decode `bytes` to UTF-8. `forced` (opts->encoding) wins; then a BOM; then `declared` (a charset
 * named by the document itself, may be NULL) if it decodes cleanly; then detection. Adds
 * diagnostics to doc (wrong declaration). Errors: ZG_ERR_ENCODING (unknown forced name),
 * ZG_ERR_BINARY, ZG_ERR_NOMEM, with err->message filled.
 */
zg_status zg_decode(zg_document *doc, const unsigned char *bytes, size_t len, const char *forced,
                    const char *declared, zg_decoded *out, zg_error *err);

/**
 * zg_decode, except that valid UTF-8 input needing no change (no control byte to blank) is
 * handed back as is: out->text then points into `bytes` (out->borrowed), saving a copy.
 */
zg_status zg_decode_borrow(zg_document *doc, const unsigned char *bytes, size_t len,
                           const char *forced, const char *declared, zg_decoded *out,
                           zg_error *err);

/** Canonical name for a charset label ("gb2312" → "GB18030"); NULL if ICU does not know it. */
const char *zg_encoding_canonical(const char *label);

/**
 * The charset an HTML/XML document declares in its first bytes (<meta charset>, http-equiv
 * content, <?xml encoding>), written into buf; false if none.
 */
bool zg_html_sniff_charset(const unsigned char *bytes, size_t len, char *buf, size_t buf_len);

/** HTML (UTF-8 input) → doc->text, page_title, page_date, tables. */
zg_status zg_html_load(zg_document *doc, const char *html, size_t len, const zg_limits *limits,
                       zg_error *err);

/** Markdown (UTF-8 input) → doc->text (markup removed), page_title, page_date. */
zg_status zg_markdown_load(zg_document *doc, const char *md, size_t len, zg_error *err);

/* Frequent Chinese characters (encoding_score.c) as a bitmap over U+4E00–U+9FFF, which holds
 * them all: scores candidate decodings in encoding.c. */
enum { ZG_ENC_COMMON_FIRST = 0x4E00, ZG_ENC_COMMON_LAST = 0x9FFF };
typedef struct zg_enc_common_map {
    unsigned char bits[(ZG_ENC_COMMON_LAST - ZG_ENC_COMMON_FIRST + 1 + 7) / 8];
} zg_enc_common_map;

/** Fill map with the frequent characters. */
void zg_enc_common_map_init(zg_enc_common_map *map);

/** How Chinese UTF-16 text u[0..len) looks: +1 per frequent character, -4 per private-use one. */
long zg_enc_score(const zg_enc_common_map *map, const uint16_t *u, size_t len);

/** Set err (may be NULL) to status + printf message. Returns st. */
zg_status zg_load_fail(zg_error *err, zg_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** ISO date "YYYY-MM-DD" (or YYYY-MM) from numeric y/m/d strings into the arena; NULL if invalid. */
const char *zg_load_iso_date(zg_arena *a, long y, long m, long d);

/** ISO date from a numeric date at the start of s ("2023-11-08 10:20", "2024/2/7"); NULL if none. */
const char *zg_load_parse_date(zg_arena *a, const char *s, size_t n);

/**
 * First rule of rule set `set` (in rule order) matching anywhere in s[0..n) (valid UTF-8), using
 * the scanner bound to doc; NULL if none, or if there is no scanner or no such set.
 */
const zg_rule *zg_load_match(zg_document *doc, const char *set, const char *s, size_t n,
                             zg_match *m);

#endif /* ZG_LOAD_H */
