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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "render_jsonl.h"
#include "util.h"

size_t zg_render_number(double v, char buf[32])
{
    if (!isfinite(v)) {
        memcpy(buf, "null", 5);
        return 4;
    }
    /* integers (offsets, counts: most numbers of a record) without printf; below 2^53 the cast
     * is exact, so "casts back to itself" is "v == floor(v)" without the libm call */
    if (fabs(v) < 9007199254740992.0 && (double)(long long)v == v) {
        char *end = zg_jsonl_put_integer(buf, (long long)v); /* the JSONL writer's digits */
        *end = '\0';
        return (size_t)(end - buf);
    }
    snprintf(buf, 32, "%.15g", v);
    if (strtod(buf, NULL) != v) snprintf(buf, 32, "%.17g", v);
    return strlen(buf);
}

/* zg_buf_append without the call and the NUL terminator while the reserved room lasts (the
 * final zg_buf_append of zg_json_print terminates the text) */
static inline void put(zg_buf *b, const char *s, size_t n)
{
    if (b->len + n < b->cap) {
        char *d = b->data + b->len;
        if (n <= 8) {
            /* keys, punctuation, short numbers: cheaper than a call to memcpy */
            for (size_t i = 0; i < n; i++) d[i] = s[i];
        } else {
            memcpy(d, s, n);
        }
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

bool zg_json_grow(zg_buf *b, size_t n)
{
    if (b->failed) return false;
    size_t need = b->len + n + 1;
    if (need <= b->cap) return true;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < need) ncap *= 2;
    char *nd = realloc(b->data, ncap);
    if (!nd) {
        b->failed = true;
        return false;
    }
    b->data = nd;
    b->cap = ncap;
    return true;
}

static void put_string(zg_buf *b, const char *s, size_t n) { zg_json_put_string(b, s, n); }
static void put_c_string(zg_buf *b, const char *s) { zg_json_put_string(b, s, strlen(s)); }

/* cJSON_IsObject and friends, without a call into the shared library per node */
#define NODE_TYPE(item) ((item)->type & 0xFF)

static bool is_scalar(const cJSON *item)
{
    return NODE_TYPE(item) != cJSON_Object && NODE_TYPE(item) != cJSON_Array;
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
        if (NODE_TYPE(c) == cJSON_Object) return false;
        if (NODE_TYPE(c) == cJSON_Array && (NODE_TYPE(item) == cJSON_Array || !all_scalar(c)))
            return false;
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
    int type = NODE_TYPE(item);
    if (type == cJSON_String && item->valuestring) {
        put_c_string(b, item->valuestring);
    } else if (type == cJSON_Number) {
        char num[32];
        put(b, num, zg_render_number(item->valuedouble, num));
    } else if (type == cJSON_True) {
        PUT_LITERAL(b, "true");
    } else if (type == cJSON_False) {
        PUT_LITERAL(b, "false");
    } else {
        PUT_LITERAL(b, "null");
    }
}

static void print_container(printer *p, const cJSON *item, int depth, bool one_line)
{
    zg_buf *b = &p->buf;
    bool obj = NODE_TYPE(item) == cJSON_Object;
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
            put_c_string(b, c->string);
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
