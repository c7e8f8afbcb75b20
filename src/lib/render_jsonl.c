/*
 * The JSONL back end of the record description (render_record.c): compact JSON written straight
 * into the output buffer, without the cJSON tree. It must print exactly what zg_json_print prints
 * in compact mode for the tree of the same description (test_render_jsonl compares the two on
 * every notice of corpus/): no spaces, members in description order, strings escaped by
 * zg_json_put_string, numbers by zg_render_number (integers below 2^53 directly), "text" last.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"

typedef struct jsonl_writer {
    zg_record_sink sink;   /* first: the sink callbacks get a jsonl_writer * */
    zg_buf buf;
    bool fresh;            /* just after '{' or '[' (or at the start): no comma before a value */
    int depth;             /* open containers */
    const char *text;      /* appended to the root object as "text" */
    size_t text_len;
} jsonl_writer;

/* room for the widest prefix ,"key": plus `extra` bytes */
#define PREFIX_ROOM(key_len) ((key_len) + 4)

/*
 * Write the separator and the member name before a value, making room for `extra` more bytes;
 * the write position, or NULL when out of memory.
 */
static inline char *lead(jsonl_writer *w, const char *key, size_t key_len, size_t extra)
{
    zg_buf *b = &w->buf;
    if (!zg_json_reserve(b, PREFIX_ROOM(key_len) + extra)) {
        w->sink.failed = true;
        return NULL;
    }
    char *d = b->data + b->len;
    if (!w->fresh) *d++ = ',';
    w->fresh = false;
    if (key) {
        *d++ = '"';
        memcpy(d, key, key_len);
        d += key_len;
        *d++ = '"';
        *d++ = ':';
    }
    return d;
}

static inline void done(jsonl_writer *w, char *d) { w->buf.len = (size_t)(d - w->buf.data); }

static void w_open(zg_record_sink *s, const char *key, size_t key_len, bool array)
{
    jsonl_writer *w = (jsonl_writer *)s;
    char *d = lead(w, key, key_len, 1);
    if (!d) return;
    *d++ = array ? '[' : '{';
    done(w, d);
    w->fresh = true;
    w->depth++;
}

static void w_close(zg_record_sink *s, bool array)
{
    jsonl_writer *w = (jsonl_writer *)s;
    zg_buf *b = &w->buf;
    if (--w->depth == 0 && !array && w->text) {
        /* the document text: the last member of the root object */
        char *d = lead(w, "text", 4, 0);
        if (!d) return;
        done(w, d);
        zg_json_put_string(b, w->text, w->text_len);
    }
    if (!zg_json_reserve(b, 1)) {
        s->failed = true;
        return;
    }
    b->data[b->len++] = array ? ']' : '}';
    w->fresh = false;
}

static void w_str_n(zg_record_sink *s, const char *key, size_t key_len, const char *v, size_t n)
{
    jsonl_writer *w = (jsonl_writer *)s;
    char *d = lead(w, key, key_len, 0);
    if (!d) return;
    done(w, d);
    zg_json_put_string(&w->buf, v, n);
    if (w->buf.failed) s->failed = true;
}

static void w_null(zg_record_sink *s, const char *key, size_t key_len)
{
    jsonl_writer *w = (jsonl_writer *)s;
    char *d = lead(w, key, key_len, 4);
    if (!d) return;
    memcpy(d, "null", 4);
    done(w, d + 4);
}

static void w_str(zg_record_sink *s, const char *key, size_t key_len, const char *v)
{
    /* a string node without a value prints as null */
    if (!v) w_null(s, key, key_len);
    else w_str_n(s, key, key_len, v, strlen(v));
}

/* "00" "01" … "99": two digits per division */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Decimal digits of m (< 2^53) at d, no terminator; the end. */
static char *put_uint(char *d, unsigned long long m)
{
    if (m < 10) {
        *d = (char)('0' + m);
        return d + 1;
    }
    if (m < 10000) {
        /* most offsets: two or four digits from two pairs */
        unsigned hi = (unsigned)m / 100, lo = (unsigned)m % 100;
        if (hi == 0) {
            memcpy(d, digit_pairs + 2 * lo, 2);
            return d + 2;
        }
        if (hi < 10) {
            *d++ = (char)('0' + hi);
        } else {
            memcpy(d, digit_pairs + 2 * hi, 2);
            d += 2;
        }
        memcpy(d, digit_pairs + 2 * lo, 2);
        return d + 2;
    }
    size_t n = 2;
    for (unsigned long long p10 = 100; m >= p10; p10 *= 10) n++;
    char *end = d + n, *p = end;
    if (m <= 0xFFFFFFFFu) {
        /* offsets and counts: 32-bit divisions */
        unsigned v = (unsigned)m;
        while (v >= 100) {
            unsigned r = v % 100;
            v /= 100;
            p -= 2;
            memcpy(p, digit_pairs + 2 * r, 2);
        }
        m = v;
    } else {
        while (m >= 100) {
            unsigned r = (unsigned)(m % 100);
            m /= 100;
            p -= 2;
            memcpy(p, digit_pairs + 2 * r, 2);
        }
    }
    if (m >= 10) memcpy(p - 2, digit_pairs + 2 * m, 2);
    else p[-1] = (char)('0' + m);
    return end;
}

/* zg_render_number((double)v): the digits themselves below 2^53 in magnitude, where the double
 * is exact */
static char *put_integer(char *d, long long v)
{
    if (v >= 0 && v < 9007199254740992LL) return put_uint(d, (unsigned long long)v);
    if (v < 0 && v > -9007199254740992LL) {
        *d = '-';
        return put_uint(d + 1, 0ULL - (unsigned long long)v);
    }
    char num[32];
    size_t n = zg_render_number((double)v, num);
    memcpy(d, num, n);
    return d + n;
}

static void w_integer(zg_record_sink *s, const char *key, size_t key_len, long long v)
{
    jsonl_writer *w = (jsonl_writer *)s;
    char *d = lead(w, key, key_len, 32);
    if (d) done(w, put_integer(d, v));
}

static void w_number(zg_record_sink *s, const char *key, size_t key_len, double v)
{
    jsonl_writer *w = (jsonl_writer *)s;
    char *d = lead(w, key, key_len, 32);
    if (!d) return;
    char num[32];
    size_t n = zg_render_number(v, num);
    memcpy(d, num, n);
    done(w, d + n);
}

static void w_boolean(zg_record_sink *s, const char *key, size_t key_len, bool v)
{
    jsonl_writer *w = (jsonl_writer *)s;
    char *d = lead(w, key, key_len, 5);
    if (!d) return;
    if (v) memcpy(d, "true", 4);
    else memcpy(d, "false", 5);
    done(w, d + (v ? 4 : 5));
}

static void w_span(zg_record_sink *s, const char *key, size_t key_len, size_t start, size_t end)
{
    jsonl_writer *w = (jsonl_writer *)s;
    char *d = lead(w, key, key_len, 3 + 2 * 32);
    if (!d) return;
    *d++ = '[';
    d = put_integer(d, (long long)start);
    *d++ = ',';
    d = put_integer(d, (long long)end);
    *d++ = ']';
    done(w, d);
}

zg_status zg_record_jsonl(const zg_document *doc, const char *text, size_t text_len, char **out,
                          size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!doc) return ZG_ERR_ARG;
    jsonl_writer w = {
        .sink = { w_open, w_close, w_str, w_str_n, w_integer, w_number, w_boolean, w_null, w_span,
                  false },
        .fresh = true,
        .text = text,
        .text_len = text_len,
    };
    /* one reservation for a typical record (a few KB, plus the text) */
    if (!zg_json_reserve(&w.buf, 16384 + (text ? text_len + text_len / 8 : 0)))
        return ZG_ERR_NOMEM;
    zg_status st = zg_record_describe(doc, &w.sink);
    if (!w.sink.failed && zg_json_reserve(&w.buf, 1)) {
        w.buf.data[w.buf.len++] = '\n';
        w.buf.data[w.buf.len] = '\0';
    }
    if (w.sink.failed || w.buf.failed) {
        zg_buf_free(&w.buf);
        return ZG_ERR_NOMEM;
    }
    if (st != ZG_OK) {
        zg_buf_free(&w.buf);
        return st;
    }
    *out = zg_buf_take(&w.buf, len);
    return ZG_OK;
}
