/* Internals shared by html_main.c (page → text) and html_table.c (tables → grid + rows). */
#ifndef ZG_HTML_H
#define ZG_HTML_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "load.h"

/** State of the text builder. */
typedef struct html_ctx {
    zg_document *doc;
    zg_buf out;                /* the text being built */
    size_t seg_start;          /* start of the current line, or of the current table cell */
    bool pending_space;        /* collapsed white space not yet written */
    bool pending_soft;         /* ... that held a line break (dropped between CJK characters) */
    int cell_depth;            /* > 0 inside a table cell: block breaks become spaces */
    int in_link;               /* > 0 inside <a> */
    size_t line_link;          /* bytes of the current line written inside <a> */
    const char *bullet;        /* a <ul> item's bullet (• or ◦), written before its first text */
    size_t line_bullet;        /* bytes of the current line that are a bullet (not its content) */
    int max_depth;             /* zg_limits.max_html_depth */
    /* element-set answers (html_container, html_drop, html_title) for elements without
     * attributes, whose descriptor is their name: by name pointer (html_tree shares one copy) */
    struct { const xmlChar *name; const zg_rule *rule; } bare[3][32];
} html_ctx;

/** The html.rules sets the HTML loader asks (html_rules.c). */
typedef enum html_set {
    HTML_CONTAINER, HTML_DROP, HTML_TITLE, HTML_FURNITURE, HTML_TITLE_SUFFIX, HTML_DATE_META,
    HTML_PAGE_DATE, HTML_SET_COUNT
} html_set;

/** First rule of `set` (rule order) matching s[0..n) with `flags` (zg_match_first_rule); NULL if
 *  none or no scanner. The set is looked up once per scanner. */
const zg_rule *zg_html_match(zg_document *doc, html_set set, const char *s, size_t n,
                             unsigned flags, zg_match *m);
/** First rule of an element set matching anywhere in the element descriptor desc[0..len);
 *  answers are remembered per scanner (same answer as a fresh search). *definitive (may be
 *  NULL) is set false when some rule gave up on a PCRE2 limit (asked again, it reports again). */
const zg_rule *zg_html_desc_rule(zg_document *doc, html_set set, const char *desc, size_t len,
                                 bool *definitive);

/** Whether the line s[0..n) is page furniture: a rule of html_furniture matches at its start
 *  (zg_match_first_rule, ZG_MATCH_ANCHORED). "No" for a short line is remembered per scanner
 *  (same answer as a fresh search). */
bool zg_html_furniture_line(zg_document *doc, const char *s, size_t n);

/** Parse a UTF-8 page as htmlReadMemory(html, len, NULL, "UTF-8", options) does, the tree built
 *  in `arena` (html_tree.c): the document node, or NULL when libxml2 made no document or (with
 *  *nomem set) memory ran out. Nothing to free but the arena. valid_utf8: the caller vouches
 *  that html is valid UTF-8 without NUL (the loader's zg_decoded text), so it is not checked
 *  again; false: checked here (pages that are not take libxml2's own road). kept (may be NULL):
 *  a parser context kept between pages of one thread (*kept NULL at first; free it with
 *  xmlFreeParserCtxt): pages read in place use it and leave it reset, so nothing of one page
 *  (state, errors) reaches the next; other pages use a context of their own. */
xmlDoc *zg_html_parse(zg_arena *arena, const char *html, int len, int options, bool valid_utf8,
                      xmlParserCtxtPtr *kept, bool *nomem);

/** The length of a text or CDATA node's content in a zg_html_parse tree, kept in the node's psvi
 *  (which neither libxml2's HTML parser nor the loader uses otherwise): no strlen. */
static inline size_t zg_html_text_len(const xmlNode *t) { return (size_t)(uintptr_t)t->psvi; }

/** The scanner's kept parser context for zg_html_parse (html_rules.c); NULL without a scanner
 *  or when its cache could not be made. */
xmlParserCtxtPtr *zg_html_kept_parser(zg_document *doc);

/** Whether libxml2's HTML name reader (htmlParseNameComplex) continues a name with the
 *  non-ASCII character c: IS_LETTER, IS_DIGIT, IS_COMBINING or IS_EXTENDER, with the common
 *  CJK punctuation answered without a table search (test_html_tree: every code point). */
bool zg_html_name_char(uint32_t c);

/** Element name is one whose content is never text (script, style, head …). */
bool zg_html_skip_tag(const xmlNode *n);
/** Element starts a new line (p, div, li, tr, h1 …). */
bool zg_html_is_block(const xmlNode *n);
/** Append the text of n's children (blocks → line breaks; tables → zg_html_table). */
void zg_html_walk(html_ctx *c, xmlNode *n, int depth);
/** End the current line (inside a cell: a space); drops furniture lines. */
void zg_html_end_line(html_ctx *c);
/** Trim trailing blanks (space, U+00A0, U+3000) back to `from`. */
void zg_html_trim_tail(html_ctx *c, size_t from);
/** Render a table: one line per row, cells separated by "\t"; records a zg_table. */
void zg_html_table(html_ctx *c, xmlNode *table, int depth);

#endif /* ZG_HTML_H */
