/*
 * The JSONL writer (internal to render_record.c and render_jsonl.c): compact JSON written straight
 * into a growing buffer while the record is described, no tree. Inline so that the description
 * (render_record.c) compiles its member names into the writes: each member name arrives already
 * quoted with its colon (`"key":`), a literal whose length the compiler knows.
 *
 * It must print exactly what zg_json_print prints in compact mode for the tree of the same
 * description (test_render_jsonl compares the two on every notice of the corpora): no spaces,
 * members in description order, strings escaped by zg_json_put_string, numbers as
 * zg_render_number prints them (integers below 2^53 directly), "text" the last member of the root.
 */
#ifndef ZG_RENDER_JSONL_H
#define ZG_RENDER_JSONL_H

#include <string.h>

#include "render.h"

/* the writes compile into the description's members (GCC would otherwise call some of them) */
#define ZG_JSONL_INLINE static inline __attribute__((always_inline))

typedef struct zg_jsonl {
    zg_buf buf;
    bool fresh;            /* just after '{' or '[' (or at the start): no comma before a value */
    bool failed;           /* out of memory: the description stops */
    int depth;             /* open containers */
    const char *text;      /* appended to the root object as "text" (NULL: none) */
    size_t text_len;
} zg_jsonl;

/* Copy a quoted member name q[0..n) (4 <= n, e.g. `"ok":`) with at most two overlapping loads
 * and stores a side when n is not known at compile time (a call to memcpy costs more). */
ZG_JSONL_INLINE char *zg_jsonl_put_key(char *d, const char *q, size_t n)
{
    if (__builtin_constant_p(n) || n > 32) {
        memcpy(d, q, n);
    } else if (n > 16) {
        memcpy(d, q, 16);
        memcpy(d + n - 16, q + n - 16, 16);
    } else if (n >= 8) {
        memcpy(d, q, 8);
        memcpy(d + n - 8, q + n - 8, 8);
    } else {
        memcpy(d, q, 4);
        memcpy(d + n - 4, q + n - 4, 4);
    }
    return d + n;
}

/*
 * The separator and the quoted member name `qkey` (NULL inside an array and for the root), with
 * room for `extra` more bytes; the write position, or NULL when out of memory.
 */
ZG_JSONL_INLINE char *zg_jsonl_lead(zg_jsonl *w, const char *qkey, size_t qkey_len, size_t extra)
{
    if (!zg_json_reserve(&w->buf, qkey_len + 1 + extra)) {
        w->failed = true;
        return NULL;
    }
    char *d = w->buf.data + w->buf.len;
    *d = ',';
    d += !w->fresh;
    w->fresh = false;
    if (qkey) d = zg_jsonl_put_key(d, qkey, qkey_len);
    return d;
}

ZG_JSONL_INLINE void zg_jsonl_done(zg_jsonl *w, char *d) { w->buf.len = (size_t)(d - w->buf.data); }

ZG_JSONL_INLINE void zg_jsonl_open(zg_jsonl *w, const char *qkey, size_t qkey_len, bool array)
{
    char *d = zg_jsonl_lead(w, qkey, qkey_len, 1);
    if (!d) return;
    *d++ = array ? '[' : '{';
    zg_jsonl_done(w, d);
    w->fresh = true;
    w->depth++;
}

/** The "text" member and the final '}' of the root object (render_jsonl.c). */
void zg_jsonl_close_root(zg_jsonl *w);

ZG_JSONL_INLINE void zg_jsonl_close(zg_jsonl *w, bool array)
{
    if (--w->depth == 0 && !array) {
        zg_jsonl_close_root(w);
        return;
    }
    if (!zg_json_reserve(&w->buf, 1)) {
        w->failed = true;
        return;
    }
    w->buf.data[w->buf.len++] = array ? ']' : '}';
    w->fresh = false;
}

ZG_JSONL_INLINE void zg_jsonl_null(zg_jsonl *w, const char *qkey, size_t qkey_len)
{
    char *d = zg_jsonl_lead(w, qkey, qkey_len, 4);
    if (!d) return;
    memcpy(d, "null", 4);
    zg_jsonl_done(w, d + 4);
}

ZG_JSONL_INLINE void zg_jsonl_str_n(zg_jsonl *w, const char *qkey, size_t qkey_len, const char *v,
                                  size_t n)
{
    if (n <= ZG_JSON_RAW_MAX) {
        /* one reservation for the worst case, the string escaped straight into it */
        char *d = zg_jsonl_lead(w, qkey, qkey_len, ZG_JSON_RAW_ROOM(n));
        if (d) zg_jsonl_done(w, zg_json_escape_raw(d, v, n));
        return;
    }
    char *d = zg_jsonl_lead(w, qkey, qkey_len, 0);
    if (!d) return;
    zg_jsonl_done(w, d);
    zg_json_put_string(&w->buf, v, n);
    if (w->buf.failed) w->failed = true;
}

/* a string node without a value prints as null */
ZG_JSONL_INLINE void zg_jsonl_str(zg_jsonl *w, const char *qkey, size_t qkey_len, const char *v)
{
    if (!v) zg_jsonl_null(w, qkey, qkey_len);
    else zg_jsonl_str_n(w, qkey, qkey_len, v, strlen(v));
}

ZG_JSONL_INLINE void zg_jsonl_boolean(zg_jsonl *w, const char *qkey, size_t qkey_len, bool v)
{
    char *d = zg_jsonl_lead(w, qkey, qkey_len, 5);
    if (!d) return;
    if (v) memcpy(d, "true", 4);
    else memcpy(d, "false", 5);
    zg_jsonl_done(w, d + (v ? 4 : 5));
}

/** Digits of v at d (room for 32 bytes) as zg_render_number((double)v) prints them; the end. */
char *zg_jsonl_put_integer(char *d, long long v);

/** "00" "01" … "99" (render_jsonl.c) */
extern const char zg_jsonl_digit_pairs[201];

/* zg_jsonl_put_integer with the offsets and counts below 10,000 (most of a record's numbers)
 * written inline */
ZG_JSONL_INLINE char *zg_jsonl_put_int(char *d, long long v)
{
    if ((unsigned long long)v >= 10000) return zg_jsonl_put_integer(d, v);
    unsigned m = (unsigned)v;
    if (m < 100) {
        if (m < 10) {
            *d = (char)('0' + m);
            return d + 1;
        }
        memcpy(d, zg_jsonl_digit_pairs + 2 * m, 2);
        return d + 2;
    }
    unsigned hi = m / 100, lo = m % 100;
    if (hi < 10) {
        *d++ = (char)('0' + hi);
    } else {
        memcpy(d, zg_jsonl_digit_pairs + 2 * hi, 2);
        d += 2;
    }
    memcpy(d, zg_jsonl_digit_pairs + 2 * lo, 2);
    return d + 2;
}

ZG_JSONL_INLINE void zg_jsonl_integer(zg_jsonl *w, const char *qkey, size_t qkey_len, long long v)
{
    char *d = zg_jsonl_lead(w, qkey, qkey_len, 32);
    if (d) zg_jsonl_done(w, zg_jsonl_put_int(d, v));
}

ZG_JSONL_INLINE void zg_jsonl_number(zg_jsonl *w, const char *qkey, size_t qkey_len, double v)
{
    char *d = zg_jsonl_lead(w, qkey, qkey_len, 32);
    if (!d) return;
    char num[32];
    size_t n = zg_render_number(v, num);
    memcpy(d, num, n);
    zg_jsonl_done(w, d + n);
}

/* the array [start,end] */
ZG_JSONL_INLINE void zg_jsonl_span(zg_jsonl *w, const char *qkey, size_t qkey_len, size_t start,
                                 size_t end)
{
    char *d = zg_jsonl_lead(w, qkey, qkey_len, 3 + 2 * 32);
    if (!d) return;
    *d++ = '[';
    d = zg_jsonl_put_int(d, (long long)start);
    *d++ = ',';
    d = zg_jsonl_put_int(d, (long long)end);
    *d++ = ']';
    zg_jsonl_done(w, d);
}

/* The room zg_jsonl_put_text_span needs for a text of n bytes. */
#define ZG_JSONL_TEXT_SPAN_ROOM(n) (7 + ZG_JSON_RAW_ROOM(n) + 9 + 2 * 32 + 2)

/*
 * `"text":v,"span":[start,end]}` ("span":null for {0,0}) at d, which has
 * ZG_JSONL_TEXT_SPAN_ROOM(n) bytes of room (n <= ZG_JSON_RAW_MAX); the end. The tail of a string
 * value and of a date value.
 */
ZG_JSONL_INLINE char *zg_jsonl_put_text_span(char *d, const char *v, size_t n, zg_span sp)
{
    memcpy(d, "\"text\":", 7);
    d = zg_json_escape_raw(d + 7, v, n);
    if (sp.start == 0 && sp.end == 0) {
        memcpy(d, ",\"span\":null}", 13);
        return d + 13;
    }
    memcpy(d, ",\"span\":[", 9);
    d = zg_jsonl_put_int(d + 9, (long long)sp.start);
    *d++ = ',';
    d = zg_jsonl_put_int(d, (long long)sp.end);
    d[0] = ']';
    d[1] = '}';
    return d + 2;
}

/*
 * The string value {"text":v,"span":[start,end]} ("span":null for {0,0}) as one write: one
 * reservation, one escape into it, the rest through the same pointer (most values of a record).
 */
ZG_JSONL_INLINE void zg_jsonl_text_span(zg_jsonl *w, const char *qkey, size_t qkey_len,
                                      const char *v, size_t n, zg_span sp)
{
    if (n > ZG_JSON_RAW_MAX) {
        zg_jsonl_open(w, qkey, qkey_len, false);
        zg_jsonl_str_n(w, "\"text\":", 7, v, n);
        if (sp.start == 0 && sp.end == 0) zg_jsonl_null(w, "\"span\":", 7);
        else zg_jsonl_span(w, "\"span\":", 7, sp.start, sp.end);
        zg_jsonl_close(w, false);
        return;
    }
    char *d = zg_jsonl_lead(w, qkey, qkey_len, 1 + ZG_JSONL_TEXT_SPAN_ROOM(n));
    if (!d) return;
    *d = '{';
    zg_jsonl_done(w, zg_jsonl_put_text_span(d + 1, v, n, sp));
}

/**
 * Describe the record of `doc` straight into `w` (render_record.c, the same description as
 * zg_record_describe). ZG_ERR_LIMIT when the outline nests too deep, else ZG_OK; w->failed
 * reports running out of memory.
 */
zg_status zg_record_describe_jsonl(const zg_document *doc, zg_jsonl *w);

#endif /* ZG_RENDER_JSONL_H */
