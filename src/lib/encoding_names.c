/*
 * Charset names (labels → canonical names) and the charset an HTML/XML page declares.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>

#include "load.h"

/* Bytes of a page searched for its charset declaration. */
enum { SNIFF_BYTES = 8192 };

/* ------------------------------------------------------------------ names */

static bool label_is(const char *label, const char *const *names)
{
    for (; *names; names++)
        if (strcasecmp(label, *names) == 0) return true;
    return false;
}

const char *zg_encoding_canonical(const char *label)
{
    static const char *const utf8[] = { "utf-8", "utf8", "unicode-1-1-utf-8", NULL };
    static const char *const gb[] = { "gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn",
                                      "x-euc-cn", "csgb2312", "gb_2312-80", "windows-936",
                                      "ms936", "chinese", "iso-ir-58", "csiso58gb231280", NULL };
    static const char *const big5[] = { "big5", "big-5", "big5-hkscs", "cp950", "x-big5",
                                        "csbig5", "windows-950", "cn-big5", NULL };
    static const char *const u16le[] = { "utf-16le", "utf16le", NULL };
    static const char *const u16be[] = { "utf-16be", "utf16be", NULL };
    if (!label || !*label) return NULL;
    if (label_is(label, utf8)) return "UTF-8";
    if (label_is(label, gb)) return "GB18030";
    if (label_is(label, big5)) return "BIG5";
    if (label_is(label, u16le)) return "UTF-16LE";
    if (label_is(label, u16be)) return "UTF-16BE";
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(label, &e);
    if (U_FAILURE(e) || !cv) return NULL;
    const char *name = ucnv_getName(cv, &e);
    const char *std = U_SUCCESS(e) ? ucnv_getStandardName(name, "MIME", &e) : NULL;
    if (!std || U_FAILURE(e)) {
        e = U_ZERO_ERROR;
        std = ucnv_getStandardName(name, "IANA", &e);
    }
    if (!std || U_FAILURE(e)) std = name;   /* ICU's alias table: lives as long as the process */
    ucnv_close(cv);
    return std;
}

/* ------------------------------------------------------------------ HTML declarations */

static const unsigned char *find_ci(const unsigned char *s, const unsigned char *end,
                                    const char *needle)
{
    size_t k = strlen(needle);
    for (; s + k <= end; s++)
        if (strncasecmp((const char *)s, needle, k) == 0) return s;
    return NULL;
}

/* Value after `key` ("charset" / "encoding") inside [s, end): skip blanks, '=', quotes. */
static bool attr_value(const unsigned char *s, const unsigned char *end, const char *key,
                       char *buf, size_t buf_len)
{
    const unsigned char *p = find_ci(s, end, key);
    if (!p) return false;
    p += strlen(key);
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    if (p >= end || *p != '=') return false;
    p++;
    while (p < end && (*p == ' ' || *p == '"' || *p == '\'')) p++;
    size_t k = 0;
    while (p < end && k + 1 < buf_len &&
           ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == ':'))
        buf[k++] = (char)*p++;
    buf[k] = '\0';
    return k > 0;
}

bool zg_html_sniff_charset(const unsigned char *b, size_t n, char *buf, size_t buf_len)
{
    const unsigned char *end = b + (n < SNIFF_BYTES ? n : SNIFF_BYTES);
    const unsigned char *p = b;
    if (n >= 5 && strncmp((const char *)b, "<?xml", 5) == 0) {
        const unsigned char *close = find_ci(b, end, "?>");
        if (close && attr_value(b, close, "encoding", buf, buf_len)) return true;
    }
    while ((p = find_ci(p, end, "<meta")) != NULL) {
        const unsigned char *close = memchr(p, '>', (size_t)(end - p));
        if (!close) break;
        if (attr_value(p, close, "charset", buf, buf_len)) return true;
        p = close;
    }
    return false;
}
