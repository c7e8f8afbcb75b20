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

/* ASCII bytes that a JSON string escapes: C0 controls (NUL too), '"', '\\' */
static const bool ascii_escaped[128] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
};

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* w as read from little-endian bytes (byte 0 in the low bits) */
static inline uint64_t le64(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(w);
#else
    return w;
#endif
}

/* ASCII without controls, '"' and '\\' in all eight bytes of w: the usual carry tricks for "a
 * byte below 0x20 / equal to '"' / to '\\'", exact when no byte has its high bit set */
static inline bool ascii_clean8(uint64_t w)
{
    /* (w | hits): a byte with its high bit set is not ASCII either */
    uint64_t q = w ^ (ONES * '"'), bs = w ^ (ONES * '\\');
    uint64_t hits = ((w - ONES * 0x20) & ~w) | ((q - ONES) & ~q) | ((bs - ONES) & ~bs);
    return ((w | hits) & HIGHS) == 0;
}

/* Two 3-byte sequences at the start of w (bytes 0 and 3 lead bytes E1–EF other than ED, whose
 * sequences need no overlong or surrogate test; bytes 1, 2, 4, 5 continuation bytes): the common
 * Chinese text. */
static inline bool han_pair8(uint64_t w)
{
    w = le64(w);
    if ((w & 0xC0C0F0C0C0F0ULL) != 0x8080E08080E0ULL) return false;
    unsigned l0 = (unsigned)w & 0xF, l3 = (unsigned)(w >> 24) & 0xF;
    /* bit k of 0xDFFE: lead byte 0xE0 + k needs no further test (not E0, not ED) */
    return (0xDFFEu >> l0) & (0xDFFEu >> l3) & 1u;
}

/*
 * Five 3-byte sequences in the 16 bytes w0, w1 (bytes 0–14; lead bytes at 0, 3, 6, 9, 12 as in
 * han_pair8). Lead nibbles are tested all at once: a nibble v gives v + 0xF >= 0x10 when v != 0
 * and (v ^ 0xD) + 0xF >= 0x10 when v != 0xD, with no carry out of its byte.
 */
static inline bool han_five16(uint64_t w0, uint64_t w1)
{
    w0 = le64(w0);
    w1 = le64(w1);
    if ((w0 & 0xC0F0C0C0F0C0C0F0ULL) != 0x80E08080E08080E0ULL ||
        (w1 & 0x00C0C0F0C0C0F0C0ULL) != 0x008080E08080E080ULL)
        return false;
    uint64_t x0 = w0 & 0x000F00000F00000FULL, x1 = w1 & 0x0000000F00000F00ULL;
    uint64_t t0 = (x0 + 0x000F00000F00000FULL) &
                  ((x0 ^ 0x000D00000D00000DULL) + 0x000F00000F00000FULL);
    uint64_t t1 = (x1 + 0x0000000F00000F00ULL) &
                  ((x1 ^ 0x0000000D00000D00ULL) + 0x0000000F00000F00ULL);
    return (t0 & 0x0010000010000010ULL) == 0x0010000010000010ULL &&
           (t1 & 0x0000001000001000ULL) == 0x0000001000001000ULL;
}

/*
 * Copy the run from u[i] of bytes that go out unchanged (ASCII other than controls, '"' and '\\';
 * valid UTF-8 sequences) to d, scanning and copying in one pass: eight bytes are loaded, stored
 * at d whatever they hold (the caller has room for every byte of u[i..n) and more) and kept when
 * they are clean. Returns the index of the first byte to escape or replace, or n; *dp advances
 * past the bytes kept.
 */
static inline size_t copy_clean(const unsigned char *u, size_t i, size_t n, char **dp)
{
    char *d = *dp;
    for (;;) {
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            memcpy(d, &w, 8);
            if (w & HIGHS) {
                if (n - i >= 16) {
                    uint64_t w1;
                    memcpy(&w1, u + i + 8, 8);
                    memcpy(d + 8, &w1, 8);
                    if (han_five16(w, w1)) {
                        i += 15;
                        d += 15;
                        continue;
                    }
                }
                if (han_pair8(w)) {
                    i += 6;
                    d += 6;
                    continue;
                }
            } else if (ascii_clean8(w)) {
                i += 8;
                d += 8;
                continue;
            }
        } else if (i >= n) {
            break;
        }
        /* one character */
        unsigned c = u[i];
        if (c < 0x80) {
            if (ascii_escaped[c]) break;
            *d++ = (char)c;
            i++;
            continue;
        }
        if ((c & 0xF0) == 0xE0 && ((0xDFFEu >> (c & 0xF)) & 1u) && n - i >= 3 &&
            (((u[i + 1] ^ 0x80) | (u[i + 2] ^ 0x80)) & 0xC0) == 0) {
            /* a 3-byte sequence that needs no overlong or surrogate test */
            d[0] = (char)c;
            d[1] = (char)u[i + 1];
            d[2] = (char)u[i + 2];
            i += 3;
            d += 3;
            continue;
        }
        size_t k = zg_utf8_valid_len(u + i, n - i);
        if (!k) break;
        for (size_t j = 0; j < k; j++) d[j] = (char)u[i + j];
        i += k;
        d += k;
    }
    *dp = d;
    return i;
}

void zg_json_put_string(zg_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    /* room for the quotes and every byte unchanged; each escape reserves its extra bytes */
    if (!zg_json_reserve(b, n + 2)) return;
    char *d = b->data + b->len;
    *d++ = '"';
    size_t i = 0;
    for (;;) {
        i = copy_clean(u, i, n, &d);
        b->len = (size_t)(d - b->data);
        if (i >= n) break;
        /* one escape (at most 6 bytes for 1) and the rest of the string unchanged */
        if (!zg_json_reserve(b, n - i + 8)) return;
        d = b->data + b->len;
        unsigned char c = u[i++];
        if (c >= 0x80) {
            memcpy(d, "\xEF\xBF\xBD", 3); /* an invalid byte */
            d += 3;
            continue;
        }
        d[0] = '\\';
        switch (c) {
        case '"': d[1] = '"'; break;
        case '\\': d[1] = '\\'; break;
        case '\b': d[1] = 'b'; break;
        case '\f': d[1] = 'f'; break;
        case '\n': d[1] = 'n'; break;
        case '\r': d[1] = 'r'; break;
        case '\t': d[1] = 't'; break;
        default:
            memcpy(d + 1, "u00", 3);
            d[4] = hex[c >> 4];
            d[5] = hex[c & 15];
            d += 6;
            continue;
        }
        d += 2;
    }
    b->data[b->len++] = '"';
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
