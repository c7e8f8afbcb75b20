/*
 * HTML page → the notice's main text (libxml2, no network, no external entities).
 *
 * 1. parse the UTF-8 page (the loader decoded it; the page's own charset hint is ignored);
 * 2. pick the main-content element: the first html_container rule (html.rules) that matches an
 *    element with text, else the element that collects the most paragraph text (text density);
 * 3. the article heading before that element (h1, *title*, or text that occurs in <title>)
 *    becomes the first line;
 * 4. flatten: blocks and <br> → line breaks, white space collapsed, furniture dropped (elements
 *    in html_drop, lines in html_furniture), tables through html_table.c.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "encoding.h"   /* <emmintrin.h> with SSE2 */
#include "html.h"
#include "util.h"

enum { DESC_MAX = 480, TITLE_MAX = 600 };

typedef struct nstat {
    size_t text;               /* non-blank bytes of text below */
    size_t link;               /* ... of it inside <a> */
    size_t own;                /* paragraph text held directly (text nodes and inline children) */
    double score;              /* density score: own text of children and grandchildren */
    unsigned kind;             /* K_* of the element's name */
} nstat;

/* What an element's name makes it (the tag lists below), worked out once per distinct name. */
enum { K_SKIP = 1, K_BLOCK = 2, K_LINK = 4, K_BR = 8, K_TABLE = 16, K_KNOWN = 32 };

static const char *const skip_tags[] = { "script", "style", "noscript", "template", "head",
                                         "title", "meta", "link", "select", "option", "textarea",
                                         "button", "iframe", "object", "embed", "svg", "canvas",
                                         NULL };
static const char *const block_tags[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr",
    "table", "tbody", "thead", "tfoot", "caption", "section", "article", "header", "footer",
    "blockquote", "pre", "center", "hr", "form", "address", "figure", "figcaption", "main",
    "nav", "aside", "td", "th", "body", "html", "fieldset", "legend", "details", "summary", NULL };

static bool in_list(const xmlNode *n, const char *const *list)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->name) return false;
    const char *name = (const char *)n->name;
    for (; *list; list++)
        if (name[0] == (*list)[0] && !strcmp(name, *list)) return true;
    return false;
}

bool zg_html_skip_tag(const xmlNode *n) { return in_list(n, skip_tags); }
bool zg_html_is_block(const xmlNode *n) { return in_list(n, block_tags); }

static bool is_named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && n->name[0] == (unsigned char)name[0] &&
           !strcmp((const char *)n->name, name);
}

/* Kinds by name for one document: a small table hashed on the name's bytes (names are short). */
typedef struct kind_cache {
    const xmlChar *name[64];
    unsigned kind[64];
} kind_cache;

static unsigned kind_of(kind_cache *kc, const xmlNode *n)
{
    const unsigned char *s = n->name;
    if (!s) return K_KNOWN;                        /* in no list */
    unsigned h = 0;
    for (const unsigned char *p = s; *p; p++) h = h * 31 + *p;
    h &= 63;
    if (kc->name[h] && !strcmp((const char *)kc->name[h], (const char *)s)) return kc->kind[h];
    unsigned k = K_KNOWN | (zg_html_skip_tag(n) ? K_SKIP : 0) | (zg_html_is_block(n) ? K_BLOCK : 0) |
                 (is_named(n, "a") ? K_LINK : 0) | (is_named(n, "br") ? K_BR : 0) |
                 (is_named(n, "table") ? K_TABLE : 0);
    kc->name[h] = s;                               /* lives as long as the parsed document */
    kc->kind[h] = k;
    return k;
}

/* Append at most `room` bytes of s, cut at a UTF-8 character boundary. */
static size_t put_cut(char *buf, size_t at, size_t cap, const char *s)
{
    size_t k = strlen(s);
    if (at + k >= cap) {
        k = cap - at - 1;
        while (k && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    }
    memcpy(buf + at, s, k);
    buf[at + k] = '\0';
    return at + k;
}

/* An attribute's value without copying (NULL if absent or not plain text). */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && !strcasecmp((const char *)a->name, name))
            return a->children && a->children->type == XML_TEXT_NODE && !a->children->next
                       ? (const char *)a->children->content
                       : NULL;
    return NULL;
}

/* "tag#id.class1.class2" for the html_* element rule sets. */
static size_t describe(const xmlNode *n, char *buf, size_t cap)
{
    size_t at = put_cut(buf, 0, cap, (const char *)n->name);
    const char *id = attr(n, "id");
    if (id && *id && at + 2 < cap) {
        buf[at++] = '#';
        at = put_cut(buf, at, cap, id);
    }
    const char *cls = attr(n, "class");
    for (const char *p = cls; p && *p && at + 2 < cap;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r') e++;
        buf[at++] = '.';
        size_t k = (size_t)(e - p);
        if (at + k >= cap) {                          /* cut at a character boundary */
            k = cap - at - 1;
            while (k && ((unsigned char)p[k] & 0xC0) == 0x80) k--;
        }
        memcpy(buf + at, p, k);
        at += k;
        buf[at] = '\0';
        p = e;
    }
    return at;
}

/* The first rule of element set `set` (html_container, html_drop or html_title) matching n's
 * descriptor; for an element without attributes remembered for the page by name pointer (only
 * a definitive answer: one that hit a limit is asked, and reported, again). */
static const zg_rule *element_rule(html_ctx *c, const xmlNode *n, html_set set)
{
    char desc[DESC_MAX];
    if (n->properties || !n->name || set > HTML_TITLE) {
        size_t len = describe(n, desc, sizeof desc);
        return zg_html_desc_rule(c->doc, set, desc, len, NULL);
    }
    size_t h = zg_ptr_slot(n->name, 5);   /* bare[set] has 32 slots (html.h) */
    if (c->bare[set][h].name == n->name) return c->bare[set][h].rule;
    size_t len = describe(n, desc, sizeof desc);
    bool definitive;
    const zg_rule *rule = zg_html_desc_rule(c->doc, set, desc, len, &definitive);
    if (definitive) {
        c->bare[set][h].name = n->name;
        c->bare[set][h].rule = rule;
    }
    return rule;
}

/* ------------------------------------------------------------------ text building */

static bool is_wide(uint32_t cp) { return cp >= 0x2E80; }

static bool is_blank_cp(uint32_t cp) { return cp == ' ' || cp == 0xA0 || cp == 0x3000; }

void zg_html_trim_tail(html_ctx *c, size_t from)
{
    while (c->out.len > from) {
        size_t prev = zg_utf8_prev(c->out.data, c->out.len);
        size_t i = prev;
        uint32_t cp = zg_utf8_next(c->out.data, c->out.len, &i);
        if (!is_blank_cp(cp)) break;
        c->out.len = prev < from ? from : prev;
    }
}

/* The character ending at out[len] (the last one written). */
static uint32_t last_char(const zg_buf *out)
{
    size_t p = zg_utf8_prev(out->data, out->len);
    return zg_utf8_next(out->data, out->len, &p);
}

static bool is_space_byte(unsigned char b)
{
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f';
}

/* The end of the run of non-white-space bytes from s[i]: eight bytes at a time while no byte is
 * below 0x21 (the white space bytes all are; bytes >= 0x80 never test as below), then bytewise. */
static size_t run_end(const char *s, size_t i, size_t n)
{
    for (;;) {
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if ((x - 0x2121212121212121ULL) & ~x & 0x8080808080808080ULL) break;
            i += 8;
        }
        size_t stop = i + 8 < n ? i + 8 : n;   /* the word holding a byte below 0x21, or the tail */
        for (; i < stop; i++)
            if (is_space_byte((unsigned char)s[i])) return i;
        if (i >= n) return n;
    }
}

/* The bullet a list item prints (the segmenter counts a bullet list of measures as it counts
 * (1)(2)…): • at the top level, ◦ inside another item (a nested list, not counted with it). An
 * <ol>'s item too: its number is the browser's, not in the page, and printed as 1. it would be
 * taken for a heading. */
static const char *li_bullet(const xmlNode *li)
{
    if (!is_named(li, "li") || !(is_named(li->parent, "ul") || is_named(li->parent, "ol")))
        return NULL;
    for (const xmlNode *a = li->parent->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (is_named(a, "li")) return "\xE2\x97\xA6";
    return "\xE2\x80\xA2";
}

/* A line's pending bullet and a space, unless its text begins with a bullet glyph of its own. */
static void write_bullet(html_ctx *c, uint32_t first)
{
    bool own = first == 0x2022 || first == 0xB7 || first == 0x25CF || first == 0x25E6 ||
               first == 0x25CB || first == 0x25A0 || first == 0x25AA || first == 0x25C6;
    if (!own) {
        size_t before = c->out.len;
        zg_buf_append(&c->out, c->bullet, strlen(c->bullet));
        zg_buf_append(&c->out, " ", 1);
        c->line_bullet = c->out.len - before;
    }
    c->bullet = NULL;
}

/* Text node → output: white space runs collapse to one pending space (dropped at a line start,
 * after a blank, and across a line break between two wide characters); blanks that indent a line
 * are dropped. Runs between white space bytes are copied whole (an ASCII byte is never part of a
 * longer UTF-8 sequence, valid or not). */
static void emit_text(html_ctx *c, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (is_space_byte(b)) {
            c->pending_space = true;
            if (b == '\n' || b == '\r') c->pending_soft = true;
            i++;
            continue;
        }
        size_t start = i;
        uint32_t cp = zg_utf8_next(s, n, &i);
        bool at_start = c->out.len == c->seg_start;
        if (at_start && is_blank_cp(cp)) continue;     /* indentation */
        if (c->bullet && at_start && c->cell_depth == 0) write_bullet(c, cp);
        if (c->pending_space && !at_start) {
            uint32_t prev = last_char(&c->out);
            bool drop = (c->pending_soft && is_wide(prev) && is_wide(cp)) || is_blank_cp(prev) ||
                        prev == '\t';
            if (!drop) {
                zg_buf_append(&c->out, " ", 1);
                if (c->in_link) c->line_link++;
            }
        }
        c->pending_space = c->pending_soft = false;
        i = run_end(s, i, n);                                        /* the rest of the run */
        size_t before = c->out.len;
        zg_buf_append(&c->out, s + start, i - start);
        if (c->in_link) c->line_link += c->out.len - before;
    }
}

/* A text node's content, without Word's downlevel-revealed conditionals (<![if !supportLists]>,
 * <![endif]>), which libxml2's HTML parser keeps as text: they hold a list number's markup
 * (<![if !supportLists]>1.<![endif]>河湖长制…), not content. */
static void emit_content(html_ctx *c, const char *s, size_t n)
{
    enum { CONDITIONAL_MAX = 64 };
    const char *end = s + n, *lt;
    while (s < end && (lt = memchr(s, '<', (size_t)(end - s))) != NULL) {
        const char *close = NULL;
        if (end - lt >= 5 && lt[1] == '!' && lt[2] == '[') {
            for (const char *p = lt + 3; p + 1 < end && p < lt + CONDITIONAL_MAX; p++)
                if (p[0] == ']' && p[1] == '>') { close = p + 2; break; }
        }
        if (!close) {
            emit_text(c, s, (size_t)(lt + 1 - s));
            s = lt + 1;
            continue;
        }
        emit_text(c, s, (size_t)(lt - s));
        s = close;
    }
    if (s < end) emit_text(c, s, (size_t)(end - s));
}

void zg_html_end_line(html_ctx *c)
{
    if (c->cell_depth > 0) {
        c->pending_space = true;
        return;
    }
    c->pending_space = c->pending_soft = false;
    zg_html_trim_tail(c, c->seg_start);
    size_t n = c->out.len - c->seg_start, link = c->line_link, bullet = c->line_bullet;
    c->line_link = c->line_bullet = 0;
    if (!n) return;
    /* a line that is all link text (related items, menus) or furniture, after its bullet */
    if (link >= n - bullet ||
        (!c->out.failed &&
         zg_html_furniture_line(c->doc, c->out.data + c->seg_start + bullet, n - bullet))) {
        c->out.len = c->seg_start;
        return;
    }
    zg_buf_append(&c->out, "\n", 1);
    c->seg_start = c->out.len;
}

void zg_html_walk(html_ctx *c, xmlNode *n, int depth)
{
    if (depth > c->max_depth) return;
    for (xmlNode *ch = n->children; ch; ch = ch->next) {
        if (ch->type == XML_TEXT_NODE || ch->type == XML_CDATA_SECTION_NODE) {
            if (ch->content) emit_content(c, (const char *)ch->content, zg_html_text_len(ch));
            continue;
        }
        if (ch->type != XML_ELEMENT_NODE) continue;
        const nstat *st = ch->_private;            /* gather's, for every element not skipped */
        unsigned kind = st ? st->kind
                           : (zg_html_skip_tag(ch) ? K_SKIP : 0) |
                                 (zg_html_is_block(ch) ? K_BLOCK : 0) | (is_named(ch, "a") ? K_LINK : 0) |
                                 (is_named(ch, "br") ? K_BR : 0) | (is_named(ch, "table") ? K_TABLE : 0);
        if (kind & K_SKIP) continue;
        if (kind & K_BR) {
            zg_html_end_line(c);
            continue;
        }
        if (element_rule(c, ch, HTML_DROP)) continue;
        bool block = kind & K_BLOCK, link = kind & K_LINK;
        if (block && c->cell_depth == 0 && st && st->link * 2 > st->text &&
            st->text - st->link < 300)
            continue;                                  /* link lists: related items, menus */
        if ((kind & K_TABLE) && c->cell_depth == 0) {
            zg_html_table(c, ch, depth + 1);
            continue;
        }
        if (block) zg_html_end_line(c);
        const char *bullet = block && c->cell_depth == 0 ? li_bullet(ch) : NULL;
        if (bullet) c->bullet = bullet;
        c->in_link += link;
        zg_html_walk(c, ch, depth + 1);
        c->in_link -= link;
        if (bullet) c->bullet = NULL;           /* an item without text: no bullet */
        if (block) zg_html_end_line(c);
    }
}

/* ------------------------------------------------------------------ statistics */

/* Text size as the density heuristic counts it: 1 per visible ASCII character (0x21-0x7F), 3 per
 * other character except U+00A0. Text nodes are valid UTF-8 (the loader's text, folded and
 * expanded again, or libxml2's own UTF-8), so that is byte by byte: +1 per visible ASCII byte, +3
 * per lead byte (0xC0 and up), -3 per C2 A0 -- 16 bytes at a time with SSE2. */
static size_t count_text(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k = 0;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(' '), lead = _mm_set1_epi8((char)0xBF);
    const __m128i one = _mm_set1_epi8(1), three = _mm_set1_epi8(3), c2 = _mm_set1_epi8((char)0xC2);
    __m128i sum = _mm_setzero_si128();
    size_t nbsp = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(u + i));
        /* signed compares: visible ASCII is above ' ' (0x20); lead bytes 0xC0-0xFF (-64..-1) are
         * above 0xBF (-65) and negative */
        __m128i visible = _mm_and_si128(_mm_cmpgt_epi8(v, space), one);
        __m128i leads = _mm_and_si128(_mm_and_si128(_mm_cmpgt_epi8(v, lead),
                                                    _mm_cmplt_epi8(v, _mm_setzero_si128())),
                                      three);
        sum = _mm_add_epi64(sum, _mm_sad_epu8(_mm_add_epi8(visible, leads), _mm_setzero_si128()));
        unsigned at_c2 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c2));
        for (; at_c2; at_c2 &= at_c2 - 1)      /* U+00A0 counts 0: take its lead's 3 back */
            nbsp += u[i + (size_t)__builtin_ctz(at_c2) + 1] == 0xA0;   /* the NUL at the end */
    }
    uint64_t half[2];
    _mm_storeu_si128((__m128i *)half, sum);
    k = (size_t)(half[0] + half[1]) - 3 * nbsp;
#endif
    for (; i < n; i++) {
        unsigned char b = u[i];
        if (b < 0x80) k += b > ' ';
        else if (b >= 0xC0) k += b == 0xC2 && u[i + 1] == 0xA0 ? 0 : 3;
    }
    return k;
}

/* Post-order: text, link and own text of every element (in _private); false if too deep. */
static bool gather(zg_arena *a, kind_cache *kc, xmlNode *n, int depth, int max_depth, nstat *st)
{
    if (depth > max_depth) return false;
    bool ok = true;
    for (xmlNode *ch = n->children; ch; ch = ch->next) {
        if (ch->type == XML_TEXT_NODE || ch->type == XML_CDATA_SECTION_NODE) {
            size_t k = ch->content ? count_text((const char *)ch->content, zg_html_text_len(ch))
                                   : 0;
            st->text += k;
            st->own += k;
            continue;
        }
        if (ch->type != XML_ELEMENT_NODE) continue;
        unsigned kind = kind_of(kc, ch);
        if (kind & K_SKIP) continue;
        nstat *cs = zg_arena_alloc(a, sizeof *cs);
        if (!cs) return false;
        cs->kind = kind;
        ch->_private = cs;
        if (!gather(a, kc, ch, depth + 1, max_depth, cs)) ok = false;
        if (kind & K_LINK) cs->link = cs->text;
        st->text += cs->text;
        st->link += cs->link;
        if (!(kind & (K_BLOCK | K_BR))) st->own += cs->text - cs->link;
    }
    return ok;
}

/* Each element's own paragraph text scores for it, its parent and (half) its grandparent. */
static void spread(xmlNode *n)
{
    for (xmlNode *ch = n->children; ch; ch = ch->next) {
        if (ch->type != XML_ELEMENT_NODE || !ch->_private) continue;
        spread(ch);
        nstat *cs = ch->_private;
        if (cs->own < 20) continue;
        double s = (double)cs->own;
        cs->score += s;
        nstat *p = n->_private;
        if (p) {
            p->score += s;
            if (n->parent && n->parent->type == XML_ELEMENT_NODE && n->parent->_private)
                ((nstat *)n->parent->_private)->score += s / 2;
        }
    }
}

typedef struct pick {
    xmlNode *node;
    int rule_index;            /* INT_MAX: none */
    size_t text;
    double score;
    xmlNode *dense;            /* best density element */
} pick;

static void find_container(html_ctx *c, xmlNode *n, pick *best)
{
    for (xmlNode *ch = n->children; ch; ch = ch->next) {
        if (ch->type != XML_ELEMENT_NODE || !ch->_private) continue;
        nstat *st = ch->_private;
        if (st->text < 40) continue;
        const zg_rule *r = element_rule(c, ch, HTML_CONTAINER);
        if (r && (r->index < best->rule_index ||
                  (r->index == best->rule_index && st->text > best->text))) {
            best->node = ch;
            best->rule_index = r->index;
            best->text = st->text;
        }
        if (st->score > best->score) {
            best->score = st->score;
            best->dense = ch;
        }
        find_container(c, ch, best);
    }
}

/* A density pick that is part of a table (a row, a row group) is really the table: a page that
 * is only a table would otherwise lose its header row, whose short cells score nothing. A single
 * cell stays (layout tables hold whole articles in one cell). */
static xmlNode *lift_out_of_table(xmlNode *n)
{
    static const char *const parts[] = { "tr", "tbody", "thead", "tfoot", NULL };
    if (!in_list(n, parts)) return n;
    for (xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (is_named(p, "table")) return p;
    return n;
}

/* ------------------------------------------------------------------ title and metadata */

/* Append the text below `top` (text and CDATA nodes in document order: xmlNodeGetContent's walk
 * for an element) to b until it holds `limit` bytes or more. False on an entity reference node,
 * which the HTML parser does not make (the caller then asks libxml2). */
static bool subtree_text(zg_buf *b, const xmlNode *top, size_t limit)
{
    const xmlNode *t = top;
    while (t) {
        if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) {
            if (t->content) {
                zg_buf_append(b, t->content, zg_html_text_len(t));
                if (b->len >= limit) return true;
            }
        } else if (t->type == XML_ENTITY_REF_NODE) {
            return false;
        }
        if (t->children && t->children->type != XML_ENTITY_DECL) {
            t = t->children;
            continue;
        }
        if (t == top) break;
        if (t->next) {
            t = t->next;
            continue;
        }
        do {
            t = t->parent;
            if (!t || t == top) { t = NULL; break; }
            if (t->next) { t = t->next; break; }
        } while (t);
    }
    return true;
}

/* The text content of an element or of the document (its element, text and CDATA children), as
 * xmlNodeGetContent gives it, cut once `limit` bytes or more are collected (SIZE_MAX: all);
 * malloc'd, NULL when out of memory. */
static char *node_text(const xmlNode *n, size_t limit)
{
    /* room for a whole page's text up front (the page-date search reads all of it): no
     * growing copies on the way */
    size_t cap = limit < 16384 ? limit + 64 : 16384;
    zg_buf b = { .data = malloc(cap), .cap = cap };
    bool ok = true;
    if (!b.data) return NULL;
    b.data[0] = '\0';
    if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE) {
        for (const xmlNode *ch = n->children; ch && ok && b.len < limit; ch = ch->next)
            if (ch->type == XML_ELEMENT_NODE || ch->type == XML_TEXT_NODE ||
                ch->type == XML_CDATA_SECTION_NODE)
                ok = subtree_text(&b, ch, limit);
    } else if (n->type == XML_ELEMENT_NODE) {
        ok = subtree_text(&b, n, limit);
    } else {
        ok = false;
    }
    if (ok && !b.failed) return b.data;
    bool failed = b.failed;
    zg_buf_free(&b);
    if (failed) return NULL;
    xmlChar *t = xmlNodeGetContent(n);           /* not a node kind handled above */
    char *copy = t ? strdup((const char *)t) : NULL;
    xmlFree(t);
    return copy;
}

static char *trimmed_content(const xmlNode *n)
{
    char *t = node_text(n, SIZE_MAX);
    if (!t) return NULL;
    char *s = (char *)t, *e = s + strlen(s);
    size_t i = 0;
    for (;;) {                                   /* leading blanks */
        size_t j = i;
        uint32_t cp = zg_utf8_next(s, (size_t)(e - s), &j);
        if (i < (size_t)(e - s) && (cp <= ' ' || is_blank_cp(cp))) i = j; else break;
    }
    while (e > s + i) {
        size_t p = zg_utf8_prev(s, (size_t)(e - s)), q = p;
        uint32_t cp = zg_utf8_next(s, (size_t)(e - s), &q);
        if (cp <= ' ' || is_blank_cp(cp)) e = s + p; else break;
    }
    *e = '\0';
    memmove(s, s + i, (size_t)(e - s) - i + 1);
    return s;
}

static bool is_ancestor(const xmlNode *a, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (n == a) return true;
    return false;
}

typedef struct title_search {
    xmlNode *container, *found;
    const char *page_title;
    bool done;
} title_search;

/* Pre-order up to the container: the last heading-like element before it. */
static void find_title(html_ctx *c, xmlNode *n, title_search *ts)
{
    for (xmlNode *ch = n->children; ch && !ts->done; ch = ch->next) {
        if (ch == ts->container) { ts->done = true; return; }
        if (ch->type != XML_ELEMENT_NODE || !ch->_private || is_named(ch, "a")) continue;
        nstat *st = ch->_private;
        if (!st->text || element_rule(c, ch, HTML_DROP)) continue;
        if (st->text <= TITLE_MAX && st->link == 0 && !is_ancestor(ch, ts->container)) {
            bool heading = element_rule(c, ch, HTML_TITLE) != NULL;
            if (!heading && ts->page_title && st->text >= 18) {
                char *t = trimmed_content(ch);
                heading = t && strlen(t) >= 18 && strstr(ts->page_title, t);
                free(t);
            }
            if (heading) ts->found = ch;
        }
        find_title(c, ch, ts);
    }
}

/* The <title> text as a title: white space runs → one space, then trailing site names
 * (html_title_suffix) cut while what stays is at least as long as what goes. Modifies t. */
static const char *clean_page_title(zg_document *doc, char *t)
{
    size_t n = strlen(t), i = 0, k = 0;
    bool space = false;
    while (i < n) {
        size_t start = i;
        uint32_t cp = zg_utf8_next(t, n, &i);
        if (cp <= ' ' || is_blank_cp(cp)) {
            space = k > 0;
            continue;
        }
        if (space) t[k++] = ' ';
        space = false;
        memmove(t + k, t + start, i - start);
        k += i - start;
    }
    t[k] = '\0';
    zg_match m;
    while (k && zg_html_match(doc, HTML_TITLE_SUFFIX, t, k, 0, &m) && m.start > 0 &&
           m.start >= k - m.start) {
        k = m.start;
        while (k && t[k - 1] == ' ') k--;
        t[k] = '\0';
    }
    return zg_arena_strdup(&doc->arena, t);
}

static void page_metadata(zg_document *doc, xmlNode *root)
{
    for (xmlNode *n = root; n; ) {
        if (n->type == XML_ELEMENT_NODE) {
            if (is_named(n, "title") && !doc->page_title) {
                char *t = trimmed_content(n);
                if (t && *t) doc->page_title = clean_page_title(doc, t);
                free(t);
            } else if (is_named(n, "meta")) {
                xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
                if (!name) name = xmlGetProp(n, (const xmlChar *)"property");
                xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
                if (name && content && !doc->page_date &&
                    zg_html_match(doc, HTML_DATE_META, (const char *)name,
                                  strlen((const char *)name), 0, NULL))
                    doc->page_date = zg_load_parse_date(&doc->arena, (const char *)content,
                                                        strlen((const char *)content));
                xmlFree(name);
                xmlFree(content);
            }
        }
        /* pre-order without recursion */
        if (n->children && !is_named(n, "script") && !is_named(n, "style")) { n = n->children; continue; }
        while (n && !n->next) n = n->parent;
        if (n) n = n->next;
    }
}

static void page_date_from_text(zg_document *doc, xmlNode *body)
{
    if (doc->page_date || !body) return;
    char *all = node_text(body, SIZE_MAX);
    if (!all) return;
    zg_match m;
    size_t n = strlen((const char *)all), ys, ye, ms, me, ds, de;
    if (zg_html_match(doc, HTML_PAGE_DATE, (const char *)all, n, 0, &m) &&
        zg_match_group(&m, "y", &ys, &ye) && zg_match_group(&m, "m", &ms, &me) &&
        zg_match_group(&m, "d", &ds, &de))
        doc->page_date = zg_load_iso_date(&doc->arena, strtol((const char *)all + ys, NULL, 10),
                                          strtol((const char *)all + ms, NULL, 10),
                                          strtol((const char *)all + ds, NULL, 10));
    free(all);
}

zg_status zg_html_load(zg_document *doc, const char *html, size_t len, const zg_limits *limits,
                       zg_error *err)
{
    zg_xml_init();
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC;
    zg_arena tree;                               /* the parsed page, released at the end */
    zg_arena_init(&tree);
    bool nomem = false;
    /* the loader's text (zg_decoded) is valid UTF-8 without NUL */
    xmlDoc *hd = zg_html_parse(&tree, html, (int)len, opts, true, zg_html_kept_parser(doc),
                               &nomem);
    if (!hd) {
        zg_arena_release(&tree);
        return nomem ? zg_load_fail(err, ZG_ERR_NOMEM, "out of memory parsing the HTML")
                     : zg_load_fail(err, ZG_ERR_PARSE, "the HTML could not be parsed");
    }
    int max_depth = limits && limits->max_html_depth > 0 ? limits->max_html_depth : 256;
    /* the document node, not <body>: broken pages can hold several <html> trees */
    xmlNode *root = xmlDocGetRootElement(hd), *body = (xmlNode *)hd;
    zg_status st = ZG_OK;
    if (!root) {
        zg_arena_release(&tree);
        return zg_load_fail(err, ZG_ERR_EMPTY, "the HTML has no content");
    }
    page_metadata(doc, root);

    kind_cache kinds;
    memset(&kinds, 0, sizeof kinds);
    nstat *bs = zg_arena_alloc(&doc->arena, sizeof *bs);
    if (!bs) { zg_arena_release(&tree); return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory"); }
    body->_private = bs;
    if (!gather(&doc->arena, &kinds, body, 1, max_depth, bs)) {
        zg_arena_release(&tree);
        return zg_load_fail(err, ZG_ERR_LIMIT, "HTML elements nested deeper than %d", max_depth);
    }
    spread(body);
    page_date_from_text(doc, body);

    html_ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.max_depth = max_depth;

    pick best = { NULL, 1 << 30, 0, 0, NULL };
    find_container(&c, body, &best);
    xmlNode *container = best.node ? best.node : best.dense ? lift_out_of_table(best.dense) : body;

    /* the article heading, when it sits before the container and is not repeated inside */
    title_search ts = { container, NULL, doc->page_title, false };
    find_title(&c, body, &ts);
    if (ts.found) {
        char *t = trimmed_content(ts.found);
        /* only an occurrence starting in the first 1024 bytes counts: that much text plus t */
        char *inner = t ? node_text(container, 1024 + strlen(t)) : NULL;
        bool repeated = t && inner && strstr((const char *)inner, t) &&
                        (size_t)(strstr((const char *)inner, t) - (const char *)inner) < 1024;
        if (t && *t && !repeated) {
            zg_html_walk(&c, ts.found, 1);
            zg_html_end_line(&c);
        }
        free(t);
        free(inner);
    }
    if (is_named(container, "table"))
        zg_html_table(&c, container, 1);
    else
        zg_html_walk(&c, container, 1);
    zg_html_end_line(&c);
    zg_arena_release(&tree);
    if (c.out.failed) {
        zg_buf_free(&c.out);
        return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory building the HTML text");
    }
    doc->text_len = c.out.len;
    doc->text = zg_arena_strndup(&doc->arena, c.out.data ? c.out.data : "", c.out.len);
    zg_buf_free(&c.out);
    if (!doc->text) st = zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
    return st;
}
