/*
 * XML printer over the cJSON record tree (libxml2 xmlTextWriter, UTF-8, 2-space indent). The
 * layout mirrors the JSON record by fixed rules (docs/record.md, schema/record.rng):
 *   - the root object is <record>; an object member becomes a child element named by its key;
 *   - scalar members (strings, numbers, booleans) become attributes; null members are left out;
 *   - "span": [s, e] becomes the attributes start="s" end="e";
 *   - a string member "text" is the element's content when the element has no child elements
 *     ({"text": "一、", "span": [7, 13]} → <marker start="7" end="13">一、</marker>), otherwise a
 *     child element <text>;
 *   - arrays: outline/issues/measures/facts/checks/diagnostics are wrapper elements holding
 *     <node>/<issue>/<measure>/<fact>/<check>/<diagnostic>; the children of a node are <node>
 *     elements directly inside it; phone/email items are repeated <phone>/<email> elements.
 * Characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR, U+FFFE, U+FFFF) and
 * invalid UTF-8 bytes are replaced by U+FFFD, one per character or byte, so the output always
 * parses. Spans still index the document text (the JSON "text"), not the XML content.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "render.h"
#include "util.h"

/* libxml2 reports writer errors (e.g. out of memory) on stderr; the library never prints */
static void xml_silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

typedef struct xml_out {
    xmlTextWriterPtr w;
    zg_buf scratch;        /* escaped text of the current string */
    bool failed;
} xml_out;

static const struct {
    const char *key, *item;
    bool wrapped;
} array_items[] = {
    { "outline", "node", true },      { "children", "node", false },
    { "issues", "issue", true },      { "measures", "measure", true },
    { "facts", "fact", true },        { "checks", "check", true },
    { "diagnostics", "diagnostic", true },
    { "phone", "phone", false },      { "email", "email", false },
};

/* Length of the XML-safe character at s[0..n), or 0 when it must be replaced: an invalid UTF-8
 * byte, a C0 control other than tab/LF/CR (NUL included), U+FFFE or U+FFFF. */
static size_t xml_char_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x20) return c == '\t' || c == '\n' || c == '\r';
    if (c < 0x80) return 1;
    size_t k = zg_utf8_valid_len(s, n);
    if (k == 3 && c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF)) return 0;
    return k;
}

/*
 * Append s[0..n) escaped for XML to b: & < > " as entities, CR as &#13; (and in attributes also
 * LF and tab, which attribute normalisation would otherwise turn into spaces), characters XML
 * cannot carry as U+FFFD. The same escapes as libxml2's own, done here so that the text reaches
 * the writer through xmlTextWriterWriteRaw, whose failures are reported (xmlTextWriterWriteString
 * drops the text silently when its escaping runs out of memory).
 */
static void escape_into(zg_buf *b, const char *s, size_t n, bool attr)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0; /* s[run, i) is copied verbatim */
    while (i < n) {
        unsigned char c = u[i];
        const char *esc = NULL;
        size_t k = 1;
        if (c >= 0x80 || (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"')) {
            k = xml_char_len(u + i, n - i);
            if (k) {
                i += k;
                continue;
            }
            /* one U+FFFD per disallowed character (U+FFFE is 3 bytes) or invalid byte */
            esc = "\xEF\xBF\xBD";
            k = zg_utf8_valid_len(u + i, n - i);
            if (!k) k = 1;
        } else {
            switch (c) {
            case '&': esc = "&amp;"; break;
            case '<': esc = "&lt;"; break;
            case '>': esc = "&gt;"; break;
            case '"': esc = "&quot;"; break;
            case '\r': esc = "&#13;"; break;
            case '\n': esc = attr ? "&#10;" : NULL; break;
            case '\t': esc = attr ? "&#9;" : NULL; break;
            default: esc = "\xEF\xBF\xBD"; /* other C0 controls, NUL included */
            }
            if (!esc) {
                i++;
                continue;
            }
        }
        zg_buf_append(b, s + run, i - run);
        zg_buf_puts(b, esc);
        run = i = i + k;
    }
    zg_buf_append(b, s + run, n - run);
}

static void check(xml_out *x, int rc)
{
    if (rc < 0) x->failed = true;
}

/* the escaped text through the scratch buffer, written raw */
static void write_escaped(xml_out *x, const char *s, size_t n, bool attr)
{
    x->scratch.len = 0;
    escape_into(&x->scratch, s, n, attr);
    if (x->scratch.failed) {
        x->failed = true;
        return;
    }
    /* in pieces that fit libxml2's int lengths (at UTF-8 character boundaries) */
    for (size_t at = 0, piece; at < x->scratch.len && !x->failed; at += piece) {
        piece = x->scratch.len - at;
        if (piece > (1u << 30)) {
            piece = 1u << 30;
            while (piece > 1 && ((unsigned char)x->scratch.data[at + piece] & 0xC0) == 0x80) piece--;
        }
        check(x, xmlTextWriterWriteRawLen(x->w, BAD_CAST x->scratch.data + at, (int)piece));
    }
}

static void write_attr(xml_out *x, const char *name, const char *value)
{
    check(x, xmlTextWriterStartAttribute(x->w, BAD_CAST name));
    write_escaped(x, value, strlen(value), true);
    check(x, xmlTextWriterEndAttribute(x->w));
}

static void write_content(xml_out *x, const char *s, size_t n)
{
    write_escaped(x, s, n, false);
}

static void scalar_text(const cJSON *c, char num[32], const char **out)
{
    if (cJSON_IsString(c)) {
        *out = c->valuestring;
    } else if (cJSON_IsNumber(c)) {
        zg_render_number(c->valuedouble, num);
        *out = num;
    } else if (cJSON_IsBool(c)) {
        *out = cJSON_IsTrue(c) ? "true" : "false";
    } else {
        *out = NULL;
    }
}

static bool is_span(const cJSON *c) { return c->string && strcmp(c->string, "span") == 0; }
static bool is_text(const cJSON *c) { return c->string && strcmp(c->string, "text") == 0; }

static void write_object(xml_out *x, const char *name, const cJSON *obj, const char *text,
                         size_t text_len);

static void write_scalar_element(xml_out *x, const char *name, const cJSON *c)
{
    char num[32];
    const char *s;
    scalar_text(c, num, &s);
    if (!s) return;
    check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
    write_content(x, s, strlen(s));
    check(x, xmlTextWriterEndElement(x->w));
}

static void write_array(xml_out *x, const char *key, const cJSON *arr)
{
    const char *item = "item";
    bool wrapped = true;
    for (size_t i = 0; i < sizeof array_items / sizeof array_items[0]; i++) {
        if (strcmp(array_items[i].key, key) == 0) {
            item = array_items[i].item;
            wrapped = array_items[i].wrapped;
            break;
        }
    }
    if (wrapped) check(x, xmlTextWriterStartElement(x->w, BAD_CAST key));
    for (const cJSON *c = arr->child; c && !x->failed; c = c->next) {
        if (cJSON_IsObject(c))
            write_object(x, item, c, NULL, 0);
        else if (!cJSON_IsArray(c))
            write_scalar_element(x, item, c);
    }
    if (wrapped) check(x, xmlTextWriterEndElement(x->w));
}

/* `text` (may be NULL) is the document text appended to the root as element <text> */
static void write_object(xml_out *x, const char *name, const cJSON *obj, const char *text,
                         size_t text_len)
{
    if (x->failed) return;
    check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
    bool has_children = text != NULL;
    const cJSON *content = NULL;
    for (const cJSON *c = obj->child; c && !x->failed; c = c->next) {
        if (is_span(c)) {
            if (cJSON_IsArray(c) && cJSON_GetArraySize(c) == 2) {
                char num[32];
                zg_render_number(cJSON_GetArrayItem(c, 0)->valuedouble, num);
                write_attr(x, "start", num);
                zg_render_number(cJSON_GetArrayItem(c, 1)->valuedouble, num);
                write_attr(x, "end", num);
            }
        } else if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
            has_children = true;
        } else if (is_text(c) && cJSON_IsString(c)) {
            content = c;
        } else {
            char num[32];
            const char *s;
            scalar_text(c, num, &s);
            if (s) write_attr(x, c->string, s);
        }
    }
    if (content && !has_children) write_content(x, content->valuestring, strlen(content->valuestring));
    for (const cJSON *c = obj->child; c && has_children && !x->failed; c = c->next) {
        if (is_span(c)) continue;
        if (cJSON_IsObject(c))
            write_object(x, c->string, c, NULL, 0);
        else if (cJSON_IsArray(c))
            write_array(x, c->string, c);
        else if (c == content)
            write_scalar_element(x, "text", c);
    }
    if (text && !x->failed) {
        check(x, xmlTextWriterStartElement(x->w, BAD_CAST "text"));
        write_content(x, text, text_len);
        check(x, xmlTextWriterEndElement(x->w));
    }
    check(x, xmlTextWriterEndElement(x->w));
}

zg_status zg_xml_print(const cJSON *root, const char *text, size_t text_len, char **out,
                       size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!root || !cJSON_IsObject(root)) return ZG_ERR_ARG;
    zg_xml_init();
    /* the handler is per thread (threaded libxml2): set it for this call only */
    xmlGenericErrorFunc saved_handler = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, xml_silent);
    xmlBufferPtr buf = xmlBufferCreate();
    xml_out x = { buf ? xmlNewTextWriterMemory(buf, 0) : NULL, { NULL, 0, 0, false }, false };
    if (!x.w) {
        xmlBufferFree(buf);
        xmlResetLastError();
        xmlSetGenericErrorFunc(saved_ctx, saved_handler);
        return ZG_ERR_NOMEM;
    }
    check(&x, xmlTextWriterSetIndent(x.w, 1));
    check(&x, xmlTextWriterSetIndentString(x.w, BAD_CAST "  "));
    check(&x, xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL));
    write_object(&x, "record", root, text, text_len);
    check(&x, xmlTextWriterEndDocument(x.w));
    xmlFreeTextWriter(x.w); /* flushes into buf */
    zg_buf_free(&x.scratch);
    char *s = NULL;
    static const char tail[] = "</record>\n";
    size_t have = buf ? (size_t)xmlBufferLength(buf) : 0;
    /* a write that failed inside libxml2 without an error return shows as a missing end */
    if (have < sizeof tail - 1 ||
        memcmp(xmlBufferContent(buf) + have - (sizeof tail - 1), tail, sizeof tail - 1) != 0)
        x.failed = true;
    if (!x.failed) {
        size_t n = have;
        s = malloc(n + 1);
        if (s) {
            memcpy(s, xmlBufferContent(buf), n);
            s[n] = '\0';
            *len = n;
        }
    }
    xmlBufferFree(buf);
    /* libxml2 keeps a per-thread copy of its last error (e.g. out of memory): leave none behind */
    if (xmlGetLastError()) xmlResetLastError();
    xmlSetGenericErrorFunc(saved_ctx, saved_handler);
    if (!s) return ZG_ERR_NOMEM;
    *out = s;
    return ZG_OK;
}
