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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "render.h"
#include "util.h"

/* libxml2 2.9 wants one xmlInitParser before any use from several threads */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

/* libxml2 reports writer errors (e.g. out of memory) on stderr; the library never prints */
static void xml_silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

typedef struct xml_out {
    xmlTextWriterPtr w;
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
 * s[0..n) as XML-safe UTF-8: s itself when it already is (and has no NUL), else a malloc'd copy
 * with replacements (*copy set, caller frees). NULL on allocation failure.
 */
static const char *xml_safe(const char *s, size_t n, char **copy)
{
    const unsigned char *u = (const unsigned char *)s;
    *copy = NULL;
    size_t i = 0, k;
    while (i < n && (k = xml_char_len(u + i, n - i)) != 0) i += k;
    if (i == n) return s;
    zg_buf b = { NULL, 0, 0, false };
    zg_buf_append(&b, s, i);
    while (i < n) {
        k = xml_char_len(u + i, n - i);
        if (k) {
            zg_buf_append(&b, s + i, k);
            i += k;
        } else {
            /* one U+FFFD per disallowed character (U+FFFE is 3 bytes) or invalid byte */
            zg_buf_append(&b, "\xEF\xBF\xBD", 3);
            k = zg_utf8_valid_len(u + i, n - i);
            i += k ? k : 1;
        }
    }
    *copy = zg_buf_take(&b, NULL);
    return *copy;
}

static void check(xml_out *x, int rc)
{
    if (rc < 0) x->failed = true;
}

static void write_attr(xml_out *x, const char *name, const char *value)
{
    char *copy;
    const char *safe = xml_safe(value, strlen(value), &copy);
    if (!safe) {
        x->failed = true;
        return;
    }
    check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST safe));
    free(copy);
}

static void write_content(xml_out *x, const char *s, size_t n)
{
    char *copy;
    const char *safe = xml_safe(s, n, &copy);
    if (!safe) {
        x->failed = true;
        return;
    }
    check(x, xmlTextWriterWriteString(x->w, BAD_CAST safe));
    free(copy);
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
    pthread_once(&xml_once, xml_init);
    /* the handler is per thread (threaded libxml2): set it for this call only */
    xmlGenericErrorFunc saved_handler = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, xml_silent);
    xmlBufferPtr buf = xmlBufferCreate();
    xml_out x = { buf ? xmlNewTextWriterMemory(buf, 0) : NULL, false };
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
    char *s = NULL;
    if (!x.failed) {
        size_t n = (size_t)xmlBufferLength(buf);
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
