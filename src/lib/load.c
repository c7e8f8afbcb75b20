/*
 * The load stage: source facts (path, size, SHA-256), format (option, extension, content),
 * decoding (encoding.c), then the format's text builder (html_*.c, markdown.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load.h"

const char *zg_load_iso_date(zg_arena *a, long y, long m, long d)
{
    if (y < 1900 || y > 2200) return NULL;
    if (m < 1 || m > 12) return zg_arena_printf(a, "%04ld", y);
    if (d < 1 || d > zg_days_in_month((int)y, (int)m)) return zg_arena_printf(a, "%04ld-%02ld", y, m);
    return zg_arena_printf(a, "%04ld-%02ld-%02ld", y, m, d);
}

const char *zg_load_parse_date(zg_arena *a, const char *s, size_t n)
{
    long part[3] = { 0, 0, 0 };
    int got = 0;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '"' || s[i] == '\'')) i++;
    for (; got < 3; got++) {
        size_t start = i;
        while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 4)
            part[got] = part[got] * 10 + (s[i++] - '0');
        if (i == start) break;
        if (got == 2 || i >= n || (s[i] != '-' && s[i] != '/' && s[i] != '.')) { got++; break; }
        i++;
    }
    if (got == 0) return NULL;
    return zg_load_iso_date(a, part[0], got > 1 ? part[1] : 0, got > 2 ? part[2] : 0);
}

const zg_rule *zg_load_match(zg_document *doc, const char *set, const char *s, size_t n,
                             zg_match *m)
{
    if (!doc->scanner) return NULL;
    const zg_ruleset *rs = zg_rules_set(zg_scanner_rules(doc->scanner), set);
    if (!rs) return NULL;
    zg_match local;
    if (!m) m = &local;
    return zg_match_first_rule(doc->scanner, rs, s, 0, n, 0, m) == 1 ? m->rule : NULL;
}

static const char *format_from_name(const char *name)
{
    if (!strcasecmp(name, "text") || !strcasecmp(name, "txt") || !strcasecmp(name, "plain"))
        return "text";
    if (!strcasecmp(name, "html") || !strcasecmp(name, "htm")) return "html";
    if (!strcasecmp(name, "markdown") || !strcasecmp(name, "md")) return "markdown";
    return NULL;
}

static const char *format_from_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (!dot) return NULL;
    dot++;
    if (!strcasecmp(dot, "html") || !strcasecmp(dot, "htm") || !strcasecmp(dot, "shtml") ||
        !strcasecmp(dot, "xhtml"))
        return "html";
    if (!strcasecmp(dot, "md") || !strcasecmp(dot, "markdown")) return "markdown";
    if (!strcasecmp(dot, "txt") || !strcasecmp(dot, "text")) return "text";
    return NULL;
}

static bool starts_ci(const unsigned char *p, const unsigned char *end, const char *s)
{
    size_t k = strlen(s);
    return (size_t)(end - p) >= k && strncasecmp((const char *)p, s, k) == 0;
}

/* Content sniffing over ASCII-compatible bytes: HTML tags, Markdown front matter / markup. */
static const char *format_from_content(const unsigned char *b, size_t n)
{
    const unsigned char *end = b + (n < 4096 ? n : 4096), *p = b;
    if (starts_ci(p, end, "\xEF\xBB\xBF")) p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    static const char *const html_starts[] = { "<!doctype", "<html", "<?xml", "<head", "<body",
                                               "<meta", "<div", "<p>", "<p ", "<table", "<!--",
                                               NULL };
    for (const char *const *s = html_starts; *s; s++)
        if (starts_ci(p, end, *s)) return "html";
    if (starts_ci(p, end, "---\n") || starts_ci(p, end, "---\r\n") || starts_ci(p, end, "# ") ||
        starts_ci(p, end, "## ") || starts_ci(p, end, "**"))
        return "markdown";
    for (const unsigned char *q = p; q < end; q++)
        if (starts_ci(q, end, "<html") || starts_ci(q, end, "<body") || starts_ci(q, end, "<p>") ||
            starts_ci(q, end, "<br"))
            return "html";
    return "text";
}

/* A tag name at p followed by '>' or white space ("<html" but not "<htmlx"). */
static bool tag_at(const unsigned char *p, const unsigned char *end, const char *tag)
{
    size_t k = strlen(tag);
    if (!starts_ci(p, end, tag) || p + k >= end) return false;
    unsigned char c = p[k];
    return c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/';
}

/* Content that clearly is an HTML page, whatever its file name says: it starts (after a BOM
 * and white space) with <!DOCTYPE html or <html, or its first bytes hold a <head>, <body> or
 * <meta … charset> tag that opens a line or follows another tag. A notice that merely holds a
 * '<' (完成率<50%, <附件1>, a tag named inside a sentence) is not. */
static bool clearly_html(const unsigned char *b, size_t n)
{
    const unsigned char *end = b + (n < 2048 ? n : 2048), *p = b;
    if (starts_ci(p, end, "\xEF\xBB\xBF")) p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (tag_at(p, end, "<!doctype html") || tag_at(p, end, "<html")) return true;
    for (const unsigned char *q = p; q < end; q++) {
        q = memchr(q, '<', (size_t)(end - q));   /* most notices hold no '<' at all */
        if (!q) break;
        const unsigned char *before = q;
        while (before > p && (before[-1] == ' ' || before[-1] == '\t')) before--;
        if (before > p && before[-1] != '\n' && before[-1] != '\r' && before[-1] != '>')
            continue;
        if (tag_at(q, end, "<head") || tag_at(q, end, "<body")) return true;
        if (tag_at(q, end, "<meta")) {
            const unsigned char *close = memchr(q, '>', (size_t)(end - q));
            for (const unsigned char *r = q; close && r + 7 <= close; r++)
                if (!strncasecmp((const char *)r, "charset", 7)) return true;
        }
    }
    return false;
}

static bool only_blank(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t c = zg_utf8_next(s, n, &i);
        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
              c == 0xA0 || c == 0x3000 || c == 0xFEFF))
            return false;
    }
    return true;
}

zg_status zg_load(zg_document *doc, const unsigned char *bytes, size_t len,
                  const zg_input_options *opts, const zg_limits *limits, zg_error *err)
{
    doc->path = opts->path ? zg_arena_strdup(&doc->arena, opts->path) : NULL;
    doc->src_bytes = len;
    zg_sha256_hex(bytes ? bytes : (const unsigned char *)"", len, doc->sha256);
    if (limits && limits->max_input_bytes && len > limits->max_input_bytes)
        return zg_load_fail(err, ZG_ERR_TOO_LARGE, "the input has %zu bytes, more than the limit %zu",
                            len, limits->max_input_bytes);
    if (len > (size_t)INT32_MAX / 4)
        return zg_load_fail(err, ZG_ERR_TOO_LARGE, "the input has %zu bytes, too many", len);
    if (len == 0) return zg_load_fail(err, ZG_ERR_EMPTY, "the input is empty");

    const char *format = NULL;
    if (opts->format) {
        format = format_from_name(opts->format);
        if (!format)
            return zg_load_fail(err, ZG_ERR_ARG, "unknown input format '%s' (text, html, markdown)",
                                opts->format);
    }
    if (!format && opts->path) format = format_from_path(opts->path);
    /* a text file name over an HTML page: the content wins (checked again after decoding) */
    bool text_by_name = !opts->format && format && !strcmp(format, "text");
    bool html_by_content = text_by_name && clearly_html(bytes, len);
    if (html_by_content) format = "html";
    bool utf16_bom = len >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) ||
                                  (bytes[0] == 0xFE && bytes[1] == 0xFF));
    if (!format && !utf16_bom) format = format_from_content(bytes, len);

    char declared[64];
    bool has_decl = (!format || !strcmp(format, "html")) &&
                    zg_html_sniff_charset(bytes, len, declared, sizeof declared);
    zg_decoded dec;
    zg_status st = zg_decode_borrow(doc, bytes, len, opts->encoding, has_decl ? declared : NULL,
                                    &dec, err);
    if (st != ZG_OK) return st;
    if (!format) format = format_from_content((const unsigned char *)dec.text, dec.len);
    if (text_by_name && !html_by_content &&
        clearly_html((const unsigned char *)dec.text, dec.len)) {
        html_by_content = true;
        format = "html";
    }
    if (html_by_content)
        zg_doc_diag(doc, ZG_SEV_INFO, "html-content", (zg_span){ 0, 0 },
                    "the file name says plain text but the content is an HTML page: read as HTML "
                    "(--input-format text keeps the markup)");

    doc->format = format;
    doc->encoding = dec.encoding;
    doc->encoding_source = dec.source;
    doc->invalid_sequences = dec.invalid;
    if (dec.invalid)
        zg_doc_diag(doc, ZG_SEV_WARNING, "invalid-bytes", (zg_span){ 0, 0 },
                    "%zu invalid byte sequence(s) in %s replaced by U+FFFD; the first at byte %zu",
                    dec.invalid, dec.encoding, dec.first_invalid);
    if (dec.repaired_lines)
        zg_doc_diag(doc, ZG_SEV_WARNING, "invalid-bytes", (zg_span){ 0, 0 },
                    "%zu byte sequence(s) are not %s: %zu line(s) decoded as GB18030 instead "
                    "(mixed encodings)", dec.repaired_bytes, dec.encoding, dec.repaired_lines);

    if (only_blank(dec.text, dec.len)) {
        if (!dec.borrowed) free(dec.text);
        return zg_load_fail(err, ZG_ERR_EMPTY, "the input holds no text");
    }
    if (!strcmp(format, "html")) {
        st = zg_html_load(doc, dec.text, dec.len, limits, err);
    } else if (!strcmp(format, "markdown")) {
        st = zg_markdown_load(doc, dec.text, dec.len, err);
    } else {
        doc->text = zg_arena_strndup(&doc->arena, dec.text, dec.len);
        doc->text_len = dec.len;
        if (!doc->text) st = zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
    }
    if (!dec.borrowed) free(dec.text);
    if (st != ZG_OK) return st;
    if (!doc->text || only_blank(doc->text, doc->text_len))
        return zg_load_fail(err, ZG_ERR_EMPTY, "the input holds no text%s",
                            strcmp(format, "text") ? " after markup was removed" : "");
    return ZG_OK;
}
