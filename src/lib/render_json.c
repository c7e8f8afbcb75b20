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

/* zg_buf_append without the call and the NUL terminator while the reserved room lasts (the
 * final zg_buf_append of zg_json_print terminates the text) */
static inline void put(zg_buf *b, const char *s, size_t n)
{
    if (b->len + n < b->cap) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
    } else {
        zg_buf_append(b, s, n);
    }
}

static inline void put_char(zg_buf *b, char c)
{
    if (b->len + 1 < b->cap) b->data[b->len++] = c;
    else zg_buf_append(b, &c, 1);
}

#define PUT_LITERAL(b, lit) put((b), (lit), sizeof(lit) - 1)

static void put_string(zg_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    put_char(b, '"');
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
        put(b, s + run, i - run);
        put(b, esc, strlen(esc));
        run = i = next;
    }
    put(b, s + run, n - run);
    put_char(b, '"');
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
    put_char(b, '\n');
    for (int i = 0; i < depth; i++) PUT_LITERAL(b, "  ");
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
        put(b, num, strlen(num));
    } else if (cJSON_IsTrue(item)) {
        PUT_LITERAL(b, "true");
    } else if (cJSON_IsFalse(item)) {
        PUT_LITERAL(b, "false");
    } else {
        PUT_LITERAL(b, "null");
    }
}

static void print_container(printer *p, const cJSON *item, int depth, bool one_line)
{
    zg_buf *b = &p->buf;
    bool obj = cJSON_IsObject(item);
    bool root_text = obj && depth == 0 && p->text;
    if (!item->child && !root_text) {
        put(b, obj ? "{}" : "[]", 2);
        return;
    }
    bool multi = p->pretty && !one_line && !is_flat(item);
    const char *sep = p->pretty ? ": " : ":";
    size_t sep_len = p->pretty ? 2 : 1;
    const char *comma = (p->pretty && !multi) ? ", " : ",";
    size_t comma_len = (p->pretty && !multi) ? 2 : 1;
    put_char(b, obj ? '{' : '[');
    for (const cJSON *c = item->child; c; c = c->next) {
        if (multi) indent(b, depth + 1);
        if (obj) {
            put_string(b, c->string, strlen(c->string));
            put(b, sep, sep_len);
        }
        print_item(p, c, depth + 1, one_line || !multi);
        if (c->next || root_text) put(b, comma, comma_len);
    }
    if (root_text) {
        if (multi) indent(b, depth + 1);
        put_string(b, "text", 4);
        put(b, sep, sep_len);
        put_string(b, p->text, p->text_len);
    }
    if (multi) indent(b, depth);
    put_char(b, obj ? '}' : ']');
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
    /* one reservation for a typical record (a few KB, plus the text) instead of doublings from 256 */
    size_t room = 16384 + (text ? text_len + text_len / 8 : 0);
    p.buf.data = malloc(room);
    if (!p.buf.data) return ZG_ERR_NOMEM;
    p.buf.cap = room;
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
