/*
 * JSON printer over the cJSON record tree. cJSON_Print indents with tabs and puts every span
 * number on its own line; this printer gives stable, readable output instead:
 *   - 2-space indent; objects whose members are all scalars (or arrays of scalars) on one line,
 *     e.g. {"text": "…", "span": [120, 141]}; arrays of scalars on one line;
 *   - integers without a fraction; other numbers in the shortest form that reads back the same;
 *   - strings escaped as cJSON does (\" \\ \b \f \n \r \t, other C0 controls as \u00XX, the rest
 *     as UTF-8), except that invalid UTF-8 bytes (e.g. in a file name) become U+FFFD so the output
 *     is always valid JSON.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "util.h"

void zg_render_number(double v, char buf[32])
{
    if (!isfinite(v)) {
        snprintf(buf, 32, "null");
    } else if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        /* integers (offsets, counts: most numbers of a record) without printf */
        long long k = (long long)v;
        unsigned long long m = k < 0 ? 0ULL - (unsigned long long)k : (unsigned long long)k;
        char digits[24];
        size_t n = 0;
        do {
            digits[n++] = (char)('0' + m % 10);
            m /= 10;
        } while (m);
        size_t o = 0;
        if (k < 0) buf[o++] = '-';
        while (n) buf[o++] = digits[--n];
        buf[o] = '\0';
    } else {
        snprintf(buf, 32, "%.15g", v);
        if (strtod(buf, NULL) != v) snprintf(buf, 32, "%.17g", v);
    }
}

static void put_string(zg_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    zg_buf_append(b, "\"", 1);
    size_t run = 0, i = 0; /* s[run, i) is copied verbatim */
    while (i < n) {
        unsigned char c = u[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        const char *esc = NULL;
        char ubuf[7];
        size_t next = i + 1;
        if (c >= 0x80) {
            size_t k = zg_utf8_valid_len(u + i, n - i);
            if (k) {
                i += k;
                continue;
            }
            esc = "\xEF\xBF\xBD"; /* an invalid byte */
        } else if (c == '"') {
            esc = "\\\"";
        } else if (c == '\\') {
            esc = "\\\\";
        } else {
            switch (c) {
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            default:
                memcpy(ubuf, "\\u00", 4);
                ubuf[4] = hex[c >> 4];
                ubuf[5] = hex[c & 15];
                ubuf[6] = '\0';
                esc = ubuf;
            }
        }
        zg_buf_append(b, s + run, i - run);
        zg_buf_puts(b, esc);
        run = i = next;
    }
    zg_buf_append(b, s + run, n - run);
    zg_buf_append(b, "\"", 1);
}

static bool is_scalar(const cJSON *item)
{
    return !cJSON_IsObject(item) && !cJSON_IsArray(item);
}

static bool all_scalar(const cJSON *container)
{
    for (const cJSON *c = container->child; c; c = c->next)
        if (!is_scalar(c)) return false;
    return true;
}

/* printed on one line: an object or array holding scalars and arrays of scalars */
static bool is_flat(const cJSON *item)
{
    if (is_scalar(item)) return true;
    for (const cJSON *c = item->child; c; c = c->next) {
        if (cJSON_IsObject(c)) return false;
        if (cJSON_IsArray(c) && (cJSON_IsArray(item) || !all_scalar(c))) return false;
    }
    return true;
}

static void indent(zg_buf *b, int depth)
{
    zg_buf_append(b, "\n", 1);
    for (int i = 0; i < depth; i++) zg_buf_append(b, "  ", 2);
}

typedef struct printer {
    zg_buf buf;
    bool pretty;
    const char *text;      /* appended to the root object as "text" */
    size_t text_len;
} printer;

static void print_item(printer *p, const cJSON *item, int depth, bool one_line);

static void print_scalar(printer *p, const cJSON *item)
{
    zg_buf *b = &p->buf;
    if (cJSON_IsString(item)) {
        put_string(b, item->valuestring, strlen(item->valuestring));
    } else if (cJSON_IsNumber(item)) {
        char num[32];
        zg_render_number(item->valuedouble, num);
        zg_buf_puts(b, num);
    } else if (cJSON_IsTrue(item)) {
        zg_buf_puts(b, "true");
    } else if (cJSON_IsFalse(item)) {
        zg_buf_puts(b, "false");
    } else {
        zg_buf_puts(b, "null");
    }
}

static void print_container(printer *p, const cJSON *item, int depth, bool one_line)
{
    zg_buf *b = &p->buf;
    bool obj = cJSON_IsObject(item);
    bool root_text = obj && depth == 0 && p->text;
    if (!item->child && !root_text) {
        zg_buf_puts(b, obj ? "{}" : "[]");
        return;
    }
    bool multi = p->pretty && !one_line && !is_flat(item);
    const char *sep = p->pretty ? ": " : ":";
    const char *comma = (p->pretty && !multi) ? ", " : ",";
    zg_buf_append(b, obj ? "{" : "[", 1);
    for (const cJSON *c = item->child; c; c = c->next) {
        if (multi) indent(b, depth + 1);
        if (obj) {
            put_string(b, c->string, strlen(c->string));
            zg_buf_puts(b, sep);
        }
        print_item(p, c, depth + 1, one_line || !multi);
        if (c->next || root_text) zg_buf_puts(b, comma);
    }
    if (root_text) {
        if (multi) indent(b, depth + 1);
        put_string(b, "text", 4);
        zg_buf_puts(b, sep);
        put_string(b, p->text, p->text_len);
    }
    if (multi) indent(b, depth);
    zg_buf_append(b, obj ? "}" : "]", 1);
}

static void print_item(printer *p, const cJSON *item, int depth, bool one_line)
{
    if (p->buf.failed) return;
    if (is_scalar(item))
        print_scalar(p, item);
    else
        print_container(p, item, depth, one_line);
}

zg_status zg_json_print(const cJSON *root, bool pretty, const char *text, size_t text_len,
                        char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!root) return ZG_ERR_ARG;
    printer p = { { NULL, 0, 0, false }, pretty, text, text_len };
    print_item(&p, root, 0, false);
    zg_buf_append(&p.buf, "\n", 1);
    char *s = zg_buf_take(&p.buf, len);
    if (!s) {
        *len = 0;
        return ZG_ERR_NOMEM;
    }
    *out = s;
    return ZG_OK;
}
