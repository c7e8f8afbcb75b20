/*
 * The JSONL record: the record description (render_record.c) written straight into the output
 * by the inline writer of render_jsonl.h, without the cJSON tree; here the parts that are not
 * inline (digits, the root's last member) and the driver.
 */
#include <stdlib.h>
#include <string.h>

#include "render_jsonl.h"

/* "00" "01" … "99": two digits per division */
const char zg_jsonl_digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Decimal digits of m (< 2^53) at d, no terminator; the end. */
static char *put_uint(char *d, unsigned long long m)
{
    if (m < 10000) return zg_jsonl_put_int(d, (long long)m);   /* most offsets, inline */
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
            memcpy(p, zg_jsonl_digit_pairs + 2 * r, 2);
        }
        m = v;
    } else {
        while (m >= 100) {
            unsigned r = (unsigned)(m % 100);
            m /= 100;
            p -= 2;
            memcpy(p, zg_jsonl_digit_pairs + 2 * r, 2);
        }
    }
    if (m >= 10) memcpy(p - 2, zg_jsonl_digit_pairs + 2 * m, 2);
    else p[-1] = (char)('0' + m);
    return end;
}

/* zg_render_number((double)v): the digits themselves below 2^53 in magnitude, where the double
 * is exact */
char *zg_jsonl_put_integer(char *d, long long v)
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

void zg_jsonl_close_root(zg_jsonl *w)
{
    zg_buf *b = &w->buf;
    if (w->text) {
        /* the document text: the last member of the root object */
        char *d = zg_jsonl_lead(w, "\"text\":", 7, 0);
        if (!d) return;
        zg_jsonl_done(w, d);
        zg_json_put_string(b, w->text, w->text_len);
    }
    if (!zg_json_reserve(b, 1)) {
        w->failed = true;
        return;
    }
    b->data[b->len++] = '}';
    w->fresh = false;
}

zg_status zg_record_jsonl(const zg_document *doc, const char *text, size_t text_len, char **out,
                          size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!doc) return ZG_ERR_ARG;
    zg_jsonl w = { .fresh = true, .text = text, .text_len = text_len };
    /* one reservation for a typical record (a few KB, plus the text) */
    if (!zg_json_reserve(&w.buf, 16384 + (text ? text_len + text_len / 8 : 0)))
        return ZG_ERR_NOMEM;
    zg_status st = zg_record_describe_jsonl(doc, &w);
    if (!w.failed && zg_json_reserve(&w.buf, 1)) {
        w.buf.data[w.buf.len++] = '\n';
        w.buf.data[w.buf.len] = '\0';
    }
    if (w.failed || w.buf.failed) {
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
