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
 */
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

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
    size_t text_len, text_cap;
    bool failed;               /* out of memory */
} builder;

static builder *builder_of(void *ctx) { return ((xmlParserCtxtPtr)ctx)->_private; }

static xmlChar *copy(builder *b, const xmlChar *s, size_t n)
{
    char *c = zg_arena_strndup(b->arena, (const char *)s, n);
    if (!c) b->failed = true;
    return (xmlChar *)c;
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
            if (!(t->content = copy(b, value, strlen((const char *)value)))) return;
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

/* xmlSAX2Text: append to the current element's last child when it is of the same kind. */
static void add_text(void *ctx, const xmlChar *ch, int len, xmlElementType type)
{
    xmlParserCtxtPtr ctxt = ctx;
    builder *b = builder_of(ctx);
    xmlNode *parent = ctxt->node;
    if (!parent || b->failed || len < 0) return;
    xmlNode *last = parent->last;
    size_t n = (size_t)len;
    if (last && last->type == type && (type != XML_TEXT_NODE || last->name == xmlStringText)) {
        size_t have = last == b->text ? b->text_len : strlen((const char *)last->content);
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
        memcpy(last->content + have, ch, n);
        last->content[have + n] = '\0';
        b->text_len = have + n;
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
    memcpy(t->content, ch, n);
    t->content[n] = '\0';
    if (type == XML_TEXT_NODE) t->name = xmlStringText;
    append(parent, t);
    b->text = t;
    b->text_len = n;
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
    if (!n || !(n->content = copy(b, value ? value : (const xmlChar *)"",
                                  value ? strlen((const char *)value) : 0)))
        return;
    n->name = xmlStringComment;
    add_other(ctx, n);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    builder *b = builder_of(ctx);
    if (b->failed || !target || !((xmlParserCtxtPtr)ctx)->myDoc) return;
    xmlNode *n = new_node(b, XML_PI_NODE);
    if (!n || !(n->name = copy(b, target, strlen((const char *)target)))) return;
    if (data && !(n->content = copy(b, data, strlen((const char *)data)))) return;
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

xmlDoc *zg_html_parse(zg_arena *arena, const char *html, int len, int options, bool *nomem)
{
    *nomem = false;
    builder b = { .arena = arena };
    b.root = zg_arena_alloc(arena, sizeof *b.root);
    if (!b.root) {
        *nomem = true;
        return NULL;
    }
    b.root->type = XML_HTML_DOCUMENT_NODE;

    /* htmlReadMemory(html, len, NULL, "UTF-8", options), with the tree callbacks replaced */
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(html, len);
    if (!ctxt) return NULL;
    htmlDefaultSAXHandlerInit();
    if (ctxt->sax) {
        memcpy(ctxt->sax, &htmlDefaultSAXHandler, sizeof(xmlSAXHandlerV1));
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
    xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8");
    if (utf8) {
        xmlSwitchToEncoding(ctxt, utf8);
        if (ctxt->input->encoding) xmlFree((xmlChar *)ctxt->input->encoding);
        ctxt->input->encoding = xmlStrdup((const xmlChar *)"UTF-8");
    }
    htmlParseDocument(ctxt);
    xmlDocPtr made = ctxt->myDoc;              /* holds the DTD only */
    ctxt->myDoc = NULL;
    if (ctxt->dictNames && made && made->dict == ctxt->dict) ctxt->dict = NULL;
    xmlFreeParserCtxt(ctxt);
    xmlFreeDoc(made);
    if (b.failed) {
        *nomem = true;
        return NULL;
    }
    return made ? b.root : NULL;
}
