/*
 * The HTML parse with the tree in an arena: libxml2's HTML parser (tokenizer, implied and
 * auto-closed elements, all its recovery) with SAX callbacks that build the same xmlNode tree
 * xmlSAX2 builds, but from arena memory: no malloc per node, attribute and text, no hash of
 * ids, no xmlFreeDoc walk. About a quarter of the instructions of htmlReadMemory + xmlFreeDoc.
 *
 * The callbacks mirror libxml2 2.9's xmlSAX2StartElement, xmlSAX2EndElement, xmlSAX2Text,
 * xmlSAX2Comment and xmlSAX2ProcessingInstruction for an HTML context (dictNames off):
 *   - an element joins ctxt->node; with no current node, the first top-level node when that is
 *     an element, else the top level; tag names with a prefix ("o:p") keep the local part
 *     (xmlSplitQName); nodePush/nodePop as the parser expects (its depth limit included);
 *   - attributes in order, each with one text child holding its value (a valueless boolean
 *     attribute gets its own name, another valueless attribute no child);
 *   - text and CDATA join the current node's last child when that is of the same kind, else
 *     become a new child; without a current node they are dropped;
 *   - comments and processing instructions join the current node, or the top level.
 * ctxt->node is always one of these nodes, so the parser's own look at the tree (areBlanks:
 * the last child, skipping comments) sees what it would see in xmlSAX2's tree.
 * test_html_tree compares the two trees node by node over every HTML page of the corpora.
 *
 * Valid UTF-8 pages (the loader's output) take a cheaper road to the same tree: libxml2 reads
 * them in place (a static input buffer: no copy, no UTF-8 → UTF-8 pass, no buffer growing near
 * the end), and each run of non-ASCII characters libxml2 would copy one character at a time is
 * handed to it as one placeholder character that the callbacks expand again (see fold_input).
 */
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "encoding.h"
#include "html.h"
#include "util.h"

enum { NAME_SLOT_BITS = 6, NAME_SLOTS = 1 << NAME_SLOT_BITS }; /* distinct tag and attribute names a page uses: a few dozen */

typedef struct builder {
    zg_arena *arena;
    /* element and attribute names copied once per parse: the parser hands them out of its
     * dictionary (or static strings), so one pointer is one name; the copy is compared too */
    const xmlChar *name_key[NAME_SLOTS];
    xmlChar *name_copy[NAME_SLOTS];
    xmlDoc *root;              /* the arena document node the top-level nodes hang on */
    xmlNode *text;             /* the text/CDATA node appended to last, and its capacity */
    size_t text_cap;
    const struct folded *fold; /* placeholders to expand (fast path), or NULL */
    bool failed;               /* out of memory */
} builder;

/*
 * Placeholders. libxml2 treats every non-ASCII character alike (copied into text, attribute
 * values, comments and script) except where it reads a name (after "&", "<?", "<!DOCTYPE"):
 * there only the class of the character counts (IS_LETTER starts a name; letters, digits,
 * combining characters and extenders continue one). So a run of non-ASCII characters can stand
 * in libxml2's input as one character of the same behaviour:
 *   - a run of CJK ideographs U+4E00–U+9FA5 (all letters) as a Hangul syllable (a letter);
 *   - a run starting with a character that neither starts nor continues a name, followed by any
 *     non-ASCII characters, as a private-use character (neither): a name stops before both,
 *     and what follows is skipped or read as text alike.
 * The placeholder's code says which run it is. Pages that hold a Hangul syllable or a
 * private-use character of those ranges themselves, or a character reference to one, are read
 * unchanged. U+FFFE and U+FFFF (libxml2 drops them) never enter a run. Text nodes are built in
 * 1000-byte pieces, so placeholders move the piece boundaries: harmless, as pieces join, and
 * only the first piece holding a non-blank character may imply a <p> (it starts where it did:
 * blanks are never folded) -- but the "huge text node" stop would fall elsewhere, so pages
 * that long are read unchanged.
 */
enum {
    HANGUL_FIRST = 0xAC00, HANGUL_COUNT = 0xD7A3 - 0xAC00 + 1,
    PUA_FIRST = 0xE000, PUA_COUNT = 0xF8FF - 0xE000 + 1,
    FOLD_MAX_INPUT = 2 * 1000 * 1000,   /* well below libxml2's text and dictionary limits */
    DICT_KEEP_BYTES = 1000 * 1000,      /* a kept context's names: + one page, still well below */
};

typedef struct run_ref { uint32_t at, len; } run_ref;

typedef struct folded {
    const char *orig;          /* the page */
    run_ref *letter, *other;   /* by placeholder: Hangul, private use */
    uint32_t letters, others;
} folded;

static bool in_placeholder_range(uint32_t c)
{
    return (c >= HANGUL_FIRST && c < HANGUL_FIRST + HANGUL_COUNT) ||
           (c >= PUA_FIRST && c < PUA_FIRST + PUA_COUNT);
}

/* The character at s (valid UTF-8, not ASCII) and its length. */
static uint32_t decode_at(const unsigned char *s, size_t *len)
{
    if (s[0] < 0xE0) {
        *len = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0) {
        *len = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

static bool is_ideograph(uint32_t c) { return c >= 0x4E00 && c <= 0x9FA5; }

/* Whether s (valid UTF-8, at a character) starts an ideograph U+4E00–U+9FA5 (3 bytes) -- by
 * its bytes: leads E5–E8 are U+5000–U+8FFF, all in; U+4E00 is E4 B8 80, U+9FA5 is E9 BE A5. */
static bool ideograph_at(const unsigned char *s)
{
    if ((unsigned)(s[0] - 0xE5) <= 0xE8 - 0xE5) return true;
    if (s[0] == 0xE4) return s[1] >= 0xB8;
    return s[0] == 0xE9 && (s[1] < 0xBE || (s[1] == 0xBE && s[2] <= 0xA5));
}

bool zg_html_name_char(uint32_t c)
{
    /* CJK and general punctuation, full-width forms: no class (the common case, no search) */
    if (c >= 0xFF00 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x3004) ||
        (c >= 0x3008 && c <= 0x3020))
        return false;
    if (is_ideograph(c)) return true;
    return IS_LETTER(c) || IS_DIGIT(c) || IS_COMBINING(c) || IS_EXTENDER(c);
}

static size_t put3(unsigned char *o, uint32_t c)
{
    o[0] = (unsigned char)(0xE0 | (c >> 12));
    o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
}

/* ASCII bytes at the start of s[0..n) copied to o + *k, *k advanced past them; their count. Blocks of
 * 16 (SSE2) or 8 bytes are copied whole and may write past the last ASCII byte (o has room). */
static size_t ascii_copy(const unsigned char *s, size_t n, unsigned char *o, size_t *k)
{
    size_t i = 0;
#if defined(__SSE2__)
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        _mm_storeu_si128((__m128i *)(o + *k + i), v);
        unsigned high = (unsigned)_mm_movemask_epi8(v);
        if (high) {
            i += (size_t)__builtin_ctz(high);
            *k += i;
            return i;
        }
        i += 16;
    }
#endif
    uint64_t w;
    while (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL))) {
        memcpy(o + *k + i, &w, 8);
        i += 8;
    }
    while (i < n && s[i] < 0x80) {
        o[*k + i] = s[i];
        i++;
    }
    *k += i;
    return i;
}

/* How many bytes at the start of s[0..n) are non-ASCII bytes outside 0xEA-0xEF (bytes a run
 * passes without a look), counted 16 at a time (SSE2); 0 without SSE2. */
static size_t plain_non_ascii(const unsigned char *s, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i lo = _mm_set1_epi8((char)(0xEA - 1)), hi = _mm_set1_epi8((char)(0xEF + 1));
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        /* signed compare: 0xEA-0xEF are -22..-17, between 0xE9 (-23) and 0xF0 (-16) */
        __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi));
        unsigned stop = ~(unsigned)_mm_movemask_epi8(v) & 0xFFFF;   /* ASCII bytes */
        stop |= (unsigned)_mm_movemask_epi8(lead);
        if (stop) return i + (size_t)__builtin_ctz(stop);
        i += 16;
    }
#else
    (void)s;
    (void)n;
#endif
    return i;
}

/* Whether a character reference in s[0..n) could make a placeholder character (the value as
 * htmlParseCharRef reads it: digits up to the first other byte). */
static bool refs_placeholder(const unsigned char *s, size_t n)
{
    const unsigned char *end = s + n;
    for (const unsigned char *p = memchr(s, '&', n); p; p = memchr(p + 1, '&', (size_t)(end - p - 1))) {
        if (p + 1 >= end || p[1] != '#') continue;
        const unsigned char *q = p + 2;
        bool hex = q < end && (*q == 'x' || *q == 'X');
        q += hex;
        uint32_t v = 0;
        for (; q < end; q++) {
            unsigned d;
            if (*q >= '0' && *q <= '9') d = *q - '0';
            else if (hex && (*q | 0x20) >= 'a' && (*q | 0x20) <= 'f') d = (*q | 0x20) - 'a' + 10;
            else break;
            v = v * (hex ? 16 : 10) + d;
            if (v > 0x110000) v = 0x110000;
        }
        if (in_placeholder_range(v)) return true;
    }
    return false;
}

/* The page with runs folded into placeholders (NUL-terminated, in the arena; never longer than
 * the page), or NULL when the page must be read unchanged (or memory ran out). */
static char *fold_input(zg_arena *a, const unsigned char *in, size_t n, size_t *out_len, folded *f)
{
    if (refs_placeholder(in, n)) return NULL;
    unsigned char *o = zg_arena_alloc_raw(a, n + 16);  /* + 16: a block copy may overrun */
    size_t cap = n / 4 + 1;                             /* a folded run is at least 4 bytes */
    f->letter = zg_arena_alloc_raw(a, cap * sizeof *f->letter);
    f->other = zg_arena_alloc_raw(a, cap * sizeof *f->other);
    if (!o || !f->letter || !f->other) return NULL;
    f->orig = (const char *)in;
    f->letters = f->others = 0;
    size_t i = 0, k = 0;
    for (;;) {
        /* ASCII: copied as it is, a block at a time (k <= i: the copy stays inside o) */
        i += ascii_copy(in + i, n - i, o, &k);
        if (i >= n) break;
        size_t l, l2;
        uint32_t c = decode_at(in + i, &l);
        if (in_placeholder_range(c)) return NULL;
        size_t j = i + l;
        uint32_t *count = NULL;
        run_ref *refs = NULL;
        uint32_t first = 0, limit = 0;
        if (is_ideograph(c)) {
            while (j < n && ideograph_at(in + j)) j += 3;
            count = &f->letters, refs = f->letter, first = HANGUL_FIRST, limit = HANGUL_COUNT;
        } else if (c != 0xFFFE && c != 0xFFFF && !zg_html_name_char(c)) {
            /* to the next ASCII byte; only characters led by 0xEA–0xEF need a look (U+A000–
             * U+FFFF: the placeholder ranges, U+FFFE, U+FFFF), and a lead is never a
             * continuation byte */
            for (; j < n && in[j] >= 0x80; j++) {
                j += plain_non_ascii(in + j, n - j);
                if (j >= n || in[j] < 0x80) break;
                if (in[j] < 0xEA || in[j] > 0xEF) continue;
                uint32_t c2 = decode_at(in + j, &l2);
                if (c2 == 0xFFFE || c2 == 0xFFFF) break;
                if (in_placeholder_range(c2)) return NULL;
            }
            count = &f->others, refs = f->other, first = PUA_FIRST, limit = PUA_COUNT;
        }
        if (count && j - i > 3 && *count < limit) {
            refs[*count] = (run_ref){ (uint32_t)i, (uint32_t)(j - i) };
            k += put3(o + k, first + (*count)++);
        } else {
            memcpy(o + k, in + i, j - i);
            k += j - i;
        }
        i = j;
    }
    o[k] = '\0';
    *out_len = k;
    return (char *)o;
}

/* The run a placeholder stands for, if s (a character of 3 bytes or more) is one. */
static const run_ref *placeholder_at(const folded *f, const xmlChar *s)
{
    uint32_t c = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if (c - HANGUL_FIRST < f->letters) return &f->letter[c - HANGUL_FIRST];
    if (c - PUA_FIRST < f->others) return &f->other[c - PUA_FIRST];
    return NULL;
}

/* Where the next placeholder in s[0..n) starts, from i on (n if none), and its run. Placeholders
 * are 3-byte characters led by 0xEA–0xEF (a lead byte is never a continuation byte), looked for
 * 16 bytes at a time with SSE2. */
static size_t next_placeholder(const folded *f, const xmlChar *s, size_t i, size_t n,
                               const run_ref **run)
{
    for (; i + 2 < n; i++) {
#if defined(__SSE2__)
        const __m128i lo = _mm_set1_epi8((char)(0xEA - 1)), hi = _mm_set1_epi8((char)(0xEF + 1));
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            /* signed compare: 0xEA-0xEF are -22..-17, between 0xE9 (-23) and 0xF0 (-16) */
            unsigned lead = (unsigned)_mm_movemask_epi8(
                _mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi)));
            if (lead) {
                i += (size_t)__builtin_ctz(lead);
                break;
            }
            i += 16;
        }
        if (i + 2 >= n) break;
#endif
        if (s[i] < 0xEA || s[i] > 0xEF) continue;
        const run_ref *r = placeholder_at(f, s + i);
        if (r) {
            *run = r;
            return i;
        }
    }
    return n;
}

/* The placeholders of a string, found in one scan: the first MARK_MAX noted for the expansion. */
enum { MARK_MAX = 32 };
typedef struct marks {
    size_t count;              /* all of them (also past MARK_MAX) */
    size_t at[MARK_MAX];
    const run_ref *run[MARK_MAX];
} marks;

/* Length of s[0..n) with placeholders expanded; the placeholders in m. */
static size_t mark_placeholders(const folded *f, const xmlChar *s, size_t n, marks *m)
{
    size_t out = n;
    const run_ref *r = NULL;
    m->count = 0;
    for (size_t i = next_placeholder(f, s, 0, n, &r); i < n; i = next_placeholder(f, s, i + 3, n, &r)) {
        if (m->count < MARK_MAX) {
            m->at[m->count] = i;
            m->run[m->count] = r;
        }
        m->count++;
        out += r->len - 3;
    }
    return out;
}

/* s[0..n) with the placeholders of m expanded into out (mark_placeholders' length, no NUL);
 * placeholders past the first MARK_MAX are found again. */
static void expand_marked(const folded *f, const xmlChar *s, size_t n, const marks *m,
                          xmlChar *out)
{
    size_t from = 0, noted = m->count < MARK_MAX ? m->count : MARK_MAX;
    for (size_t k = 0; k < noted; k++) {
        memcpy(out, s + from, m->at[k] - from);
        out += m->at[k] - from;
        memcpy(out, f->orig + m->run[k]->at, m->run[k]->len);
        out += m->run[k]->len;
        from = m->at[k] + 3;
    }
    if (m->count > MARK_MAX) {
        const run_ref *r = NULL;
        for (size_t i = next_placeholder(f, s, from, n, &r); i < n;
             i = next_placeholder(f, s, i + 3, n, &r)) {
            memcpy(out, s + from, i - from);
            out += i - from;
            memcpy(out, f->orig + r->at, r->len);
            out += r->len;
            from = i + 3;
        }
    }
    memcpy(out, s + from, n - from);
}

static builder *builder_of(void *ctx) { return ((xmlParserCtxtPtr)ctx)->_private; }

static xmlChar *copy(builder *b, const xmlChar *s, size_t n)
{
    char *c = zg_arena_strndup(b->arena, (const char *)s, n);
    if (!c) b->failed = true;
    return (xmlChar *)c;
}

/* copy of a string libxml2 read from the page: placeholders expanded (its length in *copied). */
static xmlChar *copy_text(builder *b, const xmlChar *s, size_t n, size_t *copied)
{
    marks m;
    m.count = 0;
    size_t len = b->fold ? mark_placeholders(b->fold, s, n, &m) : n;
    *copied = len;
    if (!m.count) return copy(b, s, n);
    xmlChar *c = zg_arena_alloc_raw(b->arena, len + 1);
    if (!c) {
        b->failed = true;
        return NULL;
    }
    expand_marked(b->fold, s, n, &m, c);
    c[len] = '\0';
    return c;
}

/* The arena copy of a name (same bytes as `name`), shared by every node that uses it. */
static xmlChar *name_of(builder *b, const xmlChar *name)
{
    size_t h = zg_ptr_slot(name, NAME_SLOT_BITS);
    xmlChar *c = b->name_copy[h];
    if (b->name_key[h] == name && !strcmp((const char *)c, (const char *)name)) return c;
    c = copy(b, name, strlen((const char *)name));
    if (c) {
        b->name_key[h] = name;
        b->name_copy[h] = c;
    }
    return c;
}

static xmlNode *new_node(builder *b, xmlElementType type)
{
    xmlNode *n = zg_arena_alloc(b->arena, sizeof *n);
    if (!n) {
        b->failed = true;
        return NULL;
    }
    n->type = type;
    return n;
}

/* xmlAddChild for a node that is not merged: append to parent's children. */
static void append(xmlNode *parent, xmlNode *n)
{
    n->parent = parent;
    n->prev = parent->last;
    if (parent->last) parent->last->next = n;
    else parent->children = n;
    parent->last = n;
}

/* Where a node goes when the parser has no current element, as xmlSAX2StartElement does it:
 * into the first top-level node if that is an element, else at the top level (xmlAddSibling). */
static xmlNode *top_parent(builder *b)
{
    xmlNode *first = b->root->children;
    return first && first->type == XML_ELEMENT_NODE ? first : (xmlNode *)b->root;
}

static void on_start_element(void *ctx, const xmlChar *fullname, const xmlChar **atts)
{
    xmlParserCtxtPtr ctxt = ctx;
    builder *b = builder_of(ctx);
    if (!fullname || !ctxt->myDoc || b->failed) return;
    xmlNode *parent = ctxt->node;
    xmlNode *n = new_node(b, XML_ELEMENT_NODE);
    if (!n) return;
    if (strchr((const char *)fullname, ':')) {
        xmlChar *prefix = NULL;
        xmlChar *local = xmlSplitQName(ctxt, fullname, &prefix);
        n->name = local ? copy(b, local, strlen((const char *)local)) : NULL;
        xmlFree(local);
        xmlFree(prefix);
    } else {
        n->name = name_of(b, fullname);
    }
    if (!n->name) {
        b->failed = true;
        return;
    }
    bool at_top = b->root->children == NULL;
    ctxt->nodemem = -1;
    if (nodePush(ctxt, n) < 0) return;   /* too deep: the parser halts, the node is dropped */
    if (at_top) append((xmlNode *)b->root, n);
    else append(parent ? parent : top_parent(b), n);
    xmlAttr *last = NULL;
    for (size_t i = 0; atts && atts[i]; i += 2) {
        const xmlChar *value = atts[i + 1];
        if (!value && htmlIsBooleanAttr(atts[i])) value = atts[i];
        /* the attribute and its text child in one block */
        xmlAttr *a = zg_arena_alloc(b->arena, sizeof *a + (value ? sizeof(xmlNode) : 0));
        if (!a || !(a->name = name_of(b, atts[i]))) {
            b->failed = true;
            return;
        }
        a->type = XML_ATTRIBUTE_NODE;
        a->parent = n;
        if (value) {
            xmlNode *t = (xmlNode *)(a + 1);
            t->type = XML_TEXT_NODE;
            size_t copied;
            if (!(t->content = copy_text(b, value, strlen((const char *)value), &copied))) return;
            t->psvi = (void *)(uintptr_t)copied;   /* zg_html_text_len */
            t->name = xmlStringText;
            t->parent = (xmlNode *)a;
            a->children = a->last = t;
        }
        a->prev = last;
        if (last) last->next = a;
        else n->properties = a;
        last = a;
    }
}

static void on_end_element(void *ctx, const xmlChar *name)
{
    (void)name;
    xmlParserCtxtPtr ctxt = ctx;
    ctxt->nodemem = -1;
    nodePop(ctxt);
}

/* ch[0..n) into out, the placeholders of m expanded. */
static void put_text(const builder *b, const xmlChar *ch, size_t n, const marks *m, xmlChar *out)
{
    if (!m->count) memcpy(out, ch, n);
    else expand_marked(b->fold, ch, n, m, out);
}

/* xmlSAX2Text: append to the current element's last child when it is of the same kind. */
static void add_text(void *ctx, const xmlChar *ch, int len, xmlElementType type)
{
    xmlParserCtxtPtr ctxt = ctx;
    builder *b = builder_of(ctx);
    xmlNode *parent = ctxt->node;
    if (!parent || b->failed || len < 0) return;
    size_t in = (size_t)len;
    marks m;
    m.count = 0;
    size_t n = b->fold ? mark_placeholders(b->fold, ch, in, &m) : in;   /* bytes to add */
    xmlNode *last = parent->last;
    if (last && last->type == type && (type != XML_TEXT_NODE || last->name == xmlStringText)) {
        size_t have = zg_html_text_len(last);
        if (have + n > XML_MAX_TEXT_LENGTH && !(ctxt->options & XML_PARSE_HUGE)) {
            /* xmlSAX2Text's "huge text node": the parse stops there */
            ctxt->errNo = XML_ERR_NO_MEMORY;
            ctxt->instate = XML_PARSER_EOF;
            ctxt->disableSAX = 1;
            return;
        }
        if (last != b->text || have + n + 1 > b->text_cap) {
            size_t cap = (have + n + 1) * 2;
            xmlChar *grown = zg_arena_alloc_raw(b->arena, cap);
            if (!grown) {
                b->failed = true;
                return;
            }
            memcpy(grown, last->content, have);
            last->content = grown;
            b->text = last;
            b->text_cap = cap;
        }
        put_text(b, ch, in, &m, last->content + have);
        last->content[have + n] = '\0';
        last->psvi = (void *)(uintptr_t)(have + n);
        return;
    }
    /* the node and its content in one block (the node zeroed below, the content copied over) */
    xmlNode *t = zg_arena_alloc_raw(b->arena, sizeof *t + n + 1);
    if (!t) {
        b->failed = true;
        return;
    }
    memset(t, 0, sizeof *t);
    t->type = type;
    t->content = (xmlChar *)(t + 1);
    put_text(b, ch, in, &m, t->content);
    t->content[n] = '\0';
    t->psvi = (void *)(uintptr_t)n;            /* zg_html_text_len */
    if (type == XML_TEXT_NODE) t->name = xmlStringText;
    append(parent, t);
    b->text = t;
    b->text_cap = n + 1;
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    add_text(ctx, ch, len, XML_TEXT_NODE);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
    add_text(ctx, ch, len, XML_CDATA_SECTION_NODE);
}

/* Comments and processing instructions: into the current element, or at the top level. */
static void add_other(void *ctx, xmlNode *n)
{
    xmlParserCtxtPtr ctxt = ctx;
    builder *b = builder_of(ctx);
    if (!n) return;
    append(ctxt->node && b->root->children ? ctxt->node : (xmlNode *)b->root, n);
}

static void on_comment(void *ctx, const xmlChar *value)
{
    builder *b = builder_of(ctx);
    if (b->failed || !((xmlParserCtxtPtr)ctx)->myDoc) return;
    xmlNode *n = new_node(b, XML_COMMENT_NODE);
    size_t copied;
    if (!n || !(n->content = copy_text(b, value ? value : (const xmlChar *)"",
                                       value ? strlen((const char *)value) : 0, &copied)))
        return;
    n->name = xmlStringComment;
    add_other(ctx, n);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    builder *b = builder_of(ctx);
    if (b->failed || !target || !((xmlParserCtxtPtr)ctx)->myDoc) return;
    xmlNode *n = new_node(b, XML_PI_NODE);
    size_t copied;
    if (!n || !(n->name = copy_text(b, target, strlen((const char *)target), &copied))) return;
    if (data && !(n->content = copy_text(b, data, strlen((const char *)data), &copied))) return;
    add_other(ctx, n);
}

/* The DOCTYPE: libxml2's own handler gives the parser its document's DTD (areBlanks reads its
 * public id); the tree gets a DTD node first among the top-level nodes, as xmlCreateIntSubset
 * puts it. */
static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                               const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = ctx;
    builder *b = builder_of(ctx);
    bool had = ctxt->myDoc && ctxt->myDoc->intSubset;
    xmlSAX2InternalSubset(ctx, name, external_id, system_id);
    if (had || !ctxt->myDoc || !ctxt->myDoc->intSubset || b->failed) return;
    xmlNode *dtd = new_node(b, XML_DTD_NODE);
    if (!dtd) return;
    xmlNode *root = (xmlNode *)b->root;
    dtd->parent = root;
    dtd->next = root->children;
    if (root->children) root->children->prev = dtd;
    else root->last = dtd;
    root->children = dtd;
}

/* The kept context with the page as its input (htmlCtxtReadMemory's reset and input, as
 * htmlCreateMemoryParserCtxt makes it); NULL when memory ran out (the context is then freed). */
static xmlParserCtxtPtr reuse_context(xmlParserCtxtPtr *kept, const char *text, int len)
{
    xmlParserCtxtPtr ctxt = *kept;
    *kept = NULL;
    xmlParserInputBufferPtr buf = xmlParserInputBufferCreateMem(text, len, XML_CHAR_ENCODING_NONE);
    xmlParserInputPtr input = buf ? xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE) : NULL;
    if (!input || inputPush(ctxt, input) < 0) {
        if (input) xmlFreeInputStream(input);
        else if (buf) xmlFreeParserInputBuffer(buf);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    return ctxt;
}

/* After a parse: the context made ready for the next page (kept), or freed. Its dictionary keeps
 * the names of every page read: once it holds more than DICT_KEEP_BYTES it starts afresh, so a
 * page (at most FOLD_MAX_INPUT bytes, each adding fewer name bytes than that) never comes near
 * libxml2's dictionary limit, as with a fresh context. */
static void keep_context(xmlParserCtxtPtr ctxt, xmlParserCtxtPtr *kept)
{
    if (!kept || !ctxt->dict || xmlDictGetUsage(ctxt->dict) > DICT_KEEP_BYTES) {
        xmlFreeParserCtxt(ctxt);
        return;
    }
    /* the input (the folded page, arena memory) dropped, the parse state cleared, and the
     * page's last error (held for xmlCtxtGetLastError) forgotten */
    htmlCtxtReset(ctxt);
    xmlCtxtResetLastError(ctxt);
    ctxt->_private = NULL;
    *kept = ctxt;
}

xmlDoc *zg_html_parse(zg_arena *arena, const char *html, int len, int options, bool valid_utf8,
                      xmlParserCtxtPtr *kept, bool *nomem)
{
    *nomem = false;
    builder b = { .arena = arena };
    b.root = zg_arena_alloc(arena, sizeof *b.root);
    if (!b.root) {
        *nomem = true;
        return NULL;
    }
    b.root->type = XML_HTML_DOCUMENT_NODE;

    /* valid UTF-8 without NUL (the loader's text): read in place, runs folded */
    folded fold;
    size_t folded_len = 0;
    char *folded_text = NULL;
    if (len > 0 && len <= FOLD_MAX_INPUT &&
        (valid_utf8 || (!memchr(html, 0, (size_t)len) &&
                        zg_enc_valid_utf8((const unsigned char *)html, (size_t)len, &(bool){ false }))))
        folded_text = fold_input(arena, (const unsigned char *)html, (size_t)len, &folded_len, &fold);
    xmlParserCtxtPtr ctxt;
    if (folded_text) {
        /* htmlReadMemory's context without the encoder (the text is valid UTF-8: libxml2 never
         * falls back to Latin-1, and its first-bytes sniff, no NUL and no UTF-16 BOM, can only
         * say UTF-8) and without a read callback (a memory buffer has nothing more to read: no
         * buffer growing near the end); the caller's kept one when it has one */
        b.fold = &fold;
        ctxt = kept && *kept ? reuse_context(kept, folded_text, (int)folded_len)
                             : htmlCreateMemoryParserCtxt(folded_text, (int)folded_len);
        if (!ctxt) return NULL;
        if (ctxt->input && ctxt->input->buf) ctxt->input->buf->readcallback = NULL;
    } else {
        /* htmlReadMemory(html, len, NULL, "UTF-8", options) */
        kept = NULL;                           /* a context of its own, freed after */
        ctxt = xmlCreateMemoryParserCtxt(html, len);
        if (!ctxt) return NULL;
        htmlDefaultSAXHandlerInit();
        if (ctxt->sax) memcpy(ctxt->sax, &htmlDefaultSAXHandler, sizeof(xmlSAXHandlerV1));
    }
    /* the tree callbacks replaced */
    if (ctxt->sax) {
        ctxt->sax->startElement = on_start_element;
        ctxt->sax->endElement = on_end_element;
        ctxt->sax->characters = on_characters;
        ctxt->sax->cdataBlock = on_cdata;
        ctxt->sax->comment = on_comment;
        ctxt->sax->processingInstruction = on_pi;
        ctxt->sax->internalSubset = on_internal_subset;
        /* the HTML parser turns entity references into characters; should it ever report one,
         * xmlSAX2Reference would hang a malloc'd node on an arena node */
        ctxt->sax->reference = NULL;
    }
    ctxt->_private = &b;
    htmlCtxtUseOptions(ctxt, options);
    ctxt->html = 1;
    xmlCharEncodingHandlerPtr utf8 = folded_text ? NULL : xmlFindCharEncodingHandler("UTF-8");
    if (utf8) xmlSwitchToEncoding(ctxt, utf8);
    if (folded_text) ctxt->charset = XML_CHAR_ENCODING_UTF8;  /* what the switch sets but the encoder */
    if (utf8 || folded_text) {
        if (ctxt->input->encoding) xmlFree((xmlChar *)ctxt->input->encoding);
        ctxt->input->encoding = xmlStrdup((const xmlChar *)"UTF-8");
    }
    htmlParseDocument(ctxt);
    xmlDocPtr made = ctxt->myDoc;              /* holds the DTD only */
    ctxt->myDoc = NULL;
    if (ctxt->dictNames && made && made->dict == ctxt->dict) ctxt->dict = NULL;
    keep_context(ctxt, kept);
    xmlFreeDoc(made);
    if (b.failed) {
        *nomem = true;
        return NULL;
    }
    return made ? b.root : NULL;
}
