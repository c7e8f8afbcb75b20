/*
 * Bytes → UTF-8 with ICU: forced name, BOM, the document's own declaration (verified), detection.
 *
 * Declarations lie (pages that say gb2312 and are UTF-8, and the reverse), and ICU's detector
 * confuses GB18030/Big5/EUC on short Chinese texts, so every candidate is verified by converting
 * it: the one with the fewest invalid sequences wins, ties go to the one whose text holds more
 * common Chinese characters.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include "load.h"

/* Bytes examined when choosing between candidate encodings. */
enum { TRIAL_BYTES = 64 * 1024, SNIFF_BYTES = 8192, MAX_CANDIDATES = 8 };

/* Frequent Chinese characters, Simplified and Traditional forms, sorted: scores a decoding. */
static const uint16_t common_chars[] = {
    0x4E00, 0x4E03, 0x4E07, 0x4E09, 0x4E0A, 0x4E0B, 0x4E0D, 0x4E0E, 0x4E13, 0x4E14,
    0x4E16, 0x4E1A, 0x4E1C, 0x4E24, 0x4E25, 0x4E26, 0x4E2A, 0x4E2D, 0x4E3A, 0x4E3B,
    0x4E48, 0x4E49, 0x4E4B, 0x4E5D, 0x4E5F, 0x4E60, 0x4E66, 0x4E7E, 0x4E86, 0x4E89,
    0x4E8B, 0x4E8C, 0x4E8E, 0x4E94, 0x4E9B, 0x4EA4, 0x4EA7, 0x4EAC, 0x4EB2, 0x4EBA,
    0x4EC0, 0x4ECA, 0x4ECE, 0x4ED6, 0x4EE3, 0x4EE5, 0x4EEC, 0x4EF6, 0x4EF7, 0x4EFB,
    0x4F17, 0x4F1A, 0x4F20, 0x4F46, 0x4F4D, 0x4F4E, 0x4F4F, 0x4F53, 0x4F55, 0x4F5C,
    0x4F60, 0x4F7F, 0x4F86, 0x4F8B, 0x4FBF, 0x4FDD, 0x4FE1, 0x500B, 0x5011, 0x5019,
    0x503C, 0x505A, 0x5099, 0x50B3, 0x50F9, 0x513F, 0x5143, 0x5148, 0x5149, 0x514B,
    0x5152, 0x515A, 0x5165, 0x5167, 0x5168, 0x5169, 0x516B, 0x516C, 0x516D, 0x5171,
    0x5173, 0x5176, 0x5177, 0x517B, 0x5185, 0x518D, 0x5199, 0x519B, 0x519C, 0x51B3,
    0x51B5, 0x51C6, 0x51E0, 0x51FA, 0x5206, 0x5207, 0x5212, 0x5217, 0x5219, 0x5225,
    0x5229, 0x522B, 0x5230, 0x5236, 0x5247, 0x524D, 0x529B, 0x529E, 0x52A0, 0x52A1,
    0x52A8, 0x52B3, 0x52D5, 0x52D9, 0x52DE, 0x5305, 0x5316, 0x5317, 0x533A, 0x5340,
    0x5341, 0x5343, 0x534A, 0x534E, 0x5355, 0x5357, 0x5373, 0x5374, 0x537B, 0x5382,
    0x5386, 0x538B, 0x539F, 0x53BB, 0x53BF, 0x53C2, 0x53C3, 0x53C8, 0x53CA, 0x53CD,
    0x53D1, 0x53D6, 0x53D7, 0x53D8, 0x53E3, 0x53EA, 0x53EB, 0x53EF, 0x53F2, 0x53F7,
    0x5404, 0x5408, 0x540C, 0x540D, 0x540E, 0x5411, 0x542C, 0x5458, 0x5468, 0x547D,
    0x548C, 0x54C1, 0x54CD, 0x54E1, 0x5546, 0x554F, 0x55AE, 0x5668, 0x56B4, 0x56DB,
    0x56DE, 0x56E0, 0x56E2, 0x56F4, 0x56FD, 0x56FE, 0x5706, 0x570B, 0x570D, 0x5713,
    0x5716, 0x5718, 0x571F, 0x5728, 0x5730, 0x573A, 0x578B, 0x57FA, 0x5831, 0x5834,
    0x589E, 0x58D3, 0x58F0, 0x5904, 0x5907, 0x590D, 0x5916, 0x591A, 0x5927, 0x5929,
    0x592A, 0x5934, 0x5979, 0x597D, 0x5982, 0x59CB, 0x59D4, 0x5B50, 0x5B58, 0x5B66,
    0x5B78, 0x5B83, 0x5B89, 0x5B8C, 0x5B9A, 0x5B9E, 0x5BB6, 0x5BB9, 0x5BDF, 0x5BE6,
    0x5BEB, 0x5BF9, 0x5BFC, 0x5C06, 0x5C07, 0x5C08, 0x5C0D, 0x5C0E, 0x5C0F, 0x5C11,
    0x5C31, 0x5C40, 0x5C42, 0x5C55, 0x5C5E, 0x5C64, 0x5C6C, 0x5C71, 0x5DE1, 0x5DE5,
    0x5DF2, 0x5E02, 0x5E03, 0x5E26, 0x5E36, 0x5E38, 0x5E72, 0x5E73, 0x5E74, 0x5E76,
    0x5E79, 0x5E7E, 0x5E7F, 0x5E94, 0x5E9C, 0x5EA6, 0x5EE0, 0x5EE3, 0x5EFA, 0x5F00,
    0x5F0F, 0x5F15, 0x5F20, 0x5F35, 0x5F37, 0x5F3A, 0x5F53, 0x5F62, 0x5F71, 0x5F7B,
    0x5F80, 0x5F88, 0x5F8B, 0x5F8C, 0x5F97, 0x5F9E, 0x5FA9, 0x5FB9, 0x5FC3, 0x5FC5,
    0x5FD7, 0x5FEB, 0x601D, 0x6027, 0x603B, 0x60C5, 0x60F3, 0x610F, 0x611F, 0x61C9,
    0x6210, 0x6211, 0x6216, 0x6218, 0x6230, 0x6240, 0x624B, 0x624D, 0x6253, 0x6280,
    0x628A, 0x62A5, 0x62C9, 0x6301, 0x6307, 0x6309, 0x636E, 0x63A1, 0x63A5, 0x63A8,
    0x63AA, 0x63D0, 0x64DA, 0x652F, 0x6536, 0x6539, 0x653E, 0x653F, 0x6548, 0x6559,
    0x6570, 0x6574, 0x6578, 0x6587, 0x6597, 0x6599, 0x65AD, 0x65AF, 0x65B0, 0x65B7,
    0x65B9, 0x65BC, 0x65BD, 0x65CF, 0x65E0, 0x65E5, 0x65F6, 0x660E, 0x6613, 0x662F,
    0x6642, 0x66F4, 0x66F8, 0x6700, 0x6703, 0x6708, 0x6709, 0x671F, 0x672C, 0x672F,
    0x673A, 0x6743, 0x6761, 0x6765, 0x6771, 0x6781, 0x6784, 0x6797, 0x679C, 0x67E5,
    0x6807, 0x6837, 0x6839, 0x683C, 0x689D, 0x68C0, 0x696D, 0x6975, 0x69CB, 0x6A19,
    0x6A23, 0x6A5F, 0x6AA2, 0x6B0A, 0x6B21, 0x6B63, 0x6B64, 0x6B65, 0x6B77, 0x6BB5,
    0x6BCF, 0x6BD4, 0x6BDB, 0x6C11, 0x6C14, 0x6C23, 0x6C34, 0x6C42, 0x6C5F, 0x6C7A,
    0x6C92, 0x6CA1, 0x6CB9, 0x6CBB, 0x6CC1, 0x6CD5, 0x6D3B, 0x6D3E, 0x6D41, 0x6D4E,
    0x6D77, 0x6D88, 0x6DF1, 0x6E05, 0x6E29, 0x6EAB, 0x6EE1, 0x6EFF, 0x6FDF, 0x706B,
    0x70B9, 0x70BA, 0x70ED, 0x7121, 0x7136, 0x7167, 0x71B1, 0x722D, 0x7247, 0x7269,
    0x7279, 0x72B6, 0x72C0, 0x7387, 0x738B, 0x73B0, 0x73ED, 0x73FE, 0x7406, 0x751F,
    0x7522, 0x7528, 0x7531, 0x7535, 0x754C, 0x7576, 0x767C, 0x767D, 0x767E, 0x7684,
    0x76D1, 0x76E3, 0x76EE, 0x76F4, 0x76F8, 0x7701, 0x770B, 0x771F, 0x773C, 0x773E,
    0x7740, 0x7763, 0x77E5, 0x77F3, 0x77FF, 0x7814, 0x786E, 0x78BA, 0x7926, 0x793A,
    0x793E, 0x79BB, 0x79CD, 0x79D1, 0x79EF, 0x79F0, 0x7A0B, 0x7A2E, 0x7A31, 0x7A4D,
    0x7A76, 0x7A7A, 0x7ACB, 0x7B2C, 0x7B49, 0x7B97, 0x7BA1, 0x7BC0, 0x7BC4, 0x7C73,
    0x7C7B, 0x7CBE, 0x7CFB, 0x7D00, 0x7D04, 0x7D05, 0x7D1A, 0x7D20, 0x7D30, 0x7D44,
    0x7D50, 0x7D66, 0x7D71, 0x7D93, 0x7DAD, 0x7DDA, 0x7E23, 0x7E3D, 0x7E54, 0x7EA2,
    0x7EA6, 0x7EA7, 0x7EAA, 0x7EBF, 0x7EC4, 0x7EC6, 0x7EC7, 0x7ECF, 0x7ED3, 0x7ED9,
    0x7EDF, 0x7EF4, 0x7F6E, 0x7F72, 0x7F8E, 0x7FA4, 0x7FA9, 0x7FD2, 0x8001, 0x8005,
    0x800C, 0x8054, 0x806F, 0x8072, 0x807D, 0x80B2, 0x80FD, 0x81EA, 0x81F3, 0x8207,
    0x822C, 0x8272, 0x8282, 0x82B1, 0x8303, 0x83EF, 0x842C, 0x843D, 0x8457, 0x8655,
    0x865F, 0x884C, 0x8853, 0x8868, 0x88AB, 0x88C5, 0x88DD, 0x897F, 0x8981, 0x898B,
    0x898F, 0x89AA, 0x89C0, 0x89C1, 0x89C2, 0x89C4, 0x89D2, 0x89E3, 0x8A08, 0x8A18,
    0x8A2D, 0x8A31, 0x8A71, 0x8A72, 0x8A8D, 0x8AAA, 0x8ABF, 0x8AD6, 0x8B49, 0x8B58,
    0x8B70, 0x8B8A, 0x8BA1, 0x8BA4, 0x8BAE, 0x8BB0, 0x8BB8, 0x8BBA, 0x8BBE, 0x8BC1,
    0x8BC6, 0x8BDD, 0x8BE5, 0x8BF4, 0x8C03, 0x8C61, 0x8CAB, 0x8CAC, 0x8CC7, 0x8CEA,
    0x8D23, 0x8D28, 0x8D2F, 0x8D44, 0x8D70, 0x8D77, 0x8D8A, 0x8DEF, 0x8EAB, 0x8ECA,
    0x8ECD, 0x8F03, 0x8F49, 0x8F66, 0x8F6C, 0x8F83, 0x8FA6, 0x8FB2, 0x8FB9, 0x8FBE,
    0x8FC7, 0x8FD0, 0x8FD1, 0x8FD8, 0x8FD9, 0x8FDB, 0x8FDE, 0x9002, 0x9009, 0x9019,
    0x901A, 0x901F, 0x9020, 0x9023, 0x9032, 0x904B, 0x904E, 0x9053, 0x9054, 0x9069,
    0x9078, 0x9084, 0x908A, 0x90A3, 0x90E8, 0x90FD, 0x9178, 0x91C7, 0x91CC, 0x91CD,
    0x91CF, 0x91D1, 0x9435, 0x94C1, 0x9577, 0x957F, 0x9580, 0x958B, 0x9593, 0x95DC,
    0x95E8, 0x95EE, 0x95F4, 0x961F, 0x9636, 0x9645, 0x9662, 0x9664, 0x968A, 0x968E,
    0x969B, 0x96BE, 0x96C6, 0x96E2, 0x96E3, 0x96FB, 0x9700, 0x9752, 0x975E, 0x9762,
    0x9769, 0x97F3, 0x97FF, 0x9808, 0x9818, 0x982D, 0x984C, 0x985E, 0x987B, 0x9886,
    0x9898, 0x98A8, 0x98CE, 0x990A, 0x99AC, 0x9A57, 0x9A6C, 0x9A8C, 0x9AD4, 0x9AD8,
    0x9B25, 0x9EBC, 0x9EDE, 0x9EE8,
};

static bool is_common(UChar c)
{
    size_t lo = 0, hi = sizeof common_chars / sizeof common_chars[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (common_chars[mid] == c) return true;
        if (common_chars[mid] < c) lo = mid + 1; else hi = mid;
    }
    return false;
}

zg_status zg_load_fail(zg_error *err, zg_status st, const char *fmt, ...)
{
    if (!err) return st;
    err->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return st;
}

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

/* ICU converter name for a canonical name. */
static const char *icu_name(const char *canonical)
{
    if (strcmp(canonical, "BIG5") == 0) return "Big5";
    return canonical;
}

/* ------------------------------------------------------------------ conversion */

typedef struct count_ctx {
    const char *base;          /* start of the converted input */
    size_t invalid, first;
} count_ctx;

/* ICU to-Unicode callback: count the sequence, write U+FFFD, go on. */
static void count_invalid(const void *context, UConverterToUnicodeArgs *args,
                          const char *code_units, int32_t length,
                          UConverterCallbackReason reason, UErrorCode *err)
{
    (void)code_units;
    if (reason > UCNV_IRREGULAR) return;   /* reset / close / clone */
    count_ctx *ctx = (count_ctx *)(uintptr_t)context;
    if (ctx->invalid++ == 0) {
        size_t at = (size_t)(args->source - ctx->base);
        ctx->first = at >= (size_t)length ? at - (size_t)length : 0;
    }
    static const UChar fffd = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

typedef struct utext {
    UChar *u;
    size_t len;
    size_t invalid, first_invalid;
    bool single_byte;          /* the charset maps one byte to one character (Latin …) */
} utext;

/* Convert b[0..n) with ICU converter `name` into UTF-16; flush=false ignores a cut tail. */
static zg_status to_utf16(const char *name, const unsigned char *b, size_t n, bool flush,
                          utext *out)
{
    memset(out, 0, sizeof *out);
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(name, &e);
    if (U_FAILURE(e) || !cv) return ZG_ERR_ENCODING;
    count_ctx ctx = { (const char *)b, 0, 0 };
    ucnv_setToUCallBack(cv, count_invalid, &ctx, NULL, NULL, &e);
    out->single_byte = ucnv_getMaxCharSize(cv) == 1;
    size_t cap = n + 16;
    UChar *buf = malloc(cap * sizeof *buf);
    if (!buf || U_FAILURE(e)) {
        free(buf);
        ucnv_close(cv);
        return buf ? ZG_ERR_INTERNAL : ZG_ERR_NOMEM;
    }
    const char *src = (const char *)b, *src_end = (const char *)b + n;
    UChar *tgt = buf;
    for (;;) {
        e = U_ZERO_ERROR;
        ucnv_toUnicode(cv, &tgt, buf + cap, &src, src_end, NULL, flush, &e);
        if (e != U_BUFFER_OVERFLOW_ERROR) break;
        size_t used = (size_t)(tgt - buf);
        UChar *grown = realloc(buf, cap * 2 * sizeof *buf);
        if (!grown) { free(buf); ucnv_close(cv); return ZG_ERR_NOMEM; }
        buf = grown;
        cap *= 2;
        tgt = buf + used;
    }
    ucnv_close(cv);
    if (U_FAILURE(e)) { free(buf); return ZG_ERR_ENCODING; }
    out->u = buf;
    out->len = (size_t)(tgt - buf);
    out->invalid = ctx.invalid;
    out->first_invalid = ctx.first;
    return ZG_OK;
}

/* How Chinese the text looks: common characters, minus private-use ones (garbage decodings). */
static long score_text(const utext *t)
{
    long score = 0;
    size_t n = t->len < TRIAL_BYTES ? t->len : TRIAL_BYTES;
    for (size_t i = 0; i < n; i++) {
        UChar c = t->u[i];
        if (c >= 0x3400 && is_common(c)) score++;
        else if (c >= 0xE000 && c <= 0xF8FF) score -= 4;
    }
    return score;
}

/* Strict UTF-8 validity (no overlongs, surrogates or code points past U+10FFFF). */
static bool valid_utf8(const unsigned char *s, size_t n, bool *non_ascii)
{
    size_t i = 0;
    *non_ascii = false;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        *non_ascii = true;
        size_t k;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; }
        else return false;
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

/* ------------------------------------------------------------------ binary input */

/* Control bytes that never occur in text (NUL handled separately; ESC kept for ISO-2022). */
static bool is_binary_control(uint32_t c)
{
    return (c >= 0x01 && c <= 0x08) || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F) ||
           c == 0x7F;
}

static bool too_many_controls(size_t controls, size_t total)
{
    return controls > 4 && controls * 100 > total;
}

/* NUL bytes mostly on one parity, as ASCII gives in UTF-16: "UTF-16LE"/"UTF-16BE"/NULL. Only a
 * hint (Chinese text has few such NULs, and U+xx00 characters put some on the other parity). */
static const char *utf16_by_nuls(const unsigned char *b, size_t n)
{
    size_t even = 0, odd = 0, m = n < TRIAL_BYTES ? n : TRIAL_BYTES;
    for (size_t i = 0; i < m; i++)
        if (!b[i]) { if (i & 1) odd++; else even++; }
    if (odd + even < 2) return NULL;
    if (odd >= 2 && even * 4 <= odd) return "UTF-16LE";
    if (even >= 2 && odd * 4 <= even) return "UTF-16BE";
    return NULL;
}

/* A UTF-16 code unit that Chinese (or ASCII) text is made of. */
static bool text_unit(unsigned u)
{
    return u == '\t' || u == '\n' || u == '\r' || (u >= 0x20 && u <= 0x7E) ||
           (u >= 0xA0 && u <= 0x2FF) || (u >= 0x2000 && u <= 0x2BFF) ||
           (u >= 0x3000 && u <= 0x33FF) || (u >= 0x3400 && u <= 0x4DBF) ||
           (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF) ||
           (u >= 0xFE30 && u <= 0xFE4F) || (u >= 0xFF00 && u <= 0xFFEF);
}

/* How many code units of b (as UTF-16, little or big endian) read as text; pairs count. */
static size_t utf16_text_units(const unsigned char *b, size_t units, bool le)
{
    size_t good = 0;
    for (size_t i = 0; i < units; i++) {
        unsigned u = le ? b[2 * i] | (unsigned)b[2 * i + 1] << 8 : (unsigned)b[2 * i] << 8 | b[2 * i + 1];
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
            unsigned v = le ? b[2 * i + 2] | (unsigned)b[2 * i + 3] << 8
                            : (unsigned)b[2 * i + 2] << 8 | b[2 * i + 3];
            if (v >= 0xDC00 && v <= 0xDFFF) { good += 2; i++; }
            continue;
        }
        if (text_unit(u)) good++;
    }
    return good;
}

/* UTF-16 without a BOM: bytes with NULs whose code units (in one byte order) are nearly all
 * ASCII, CJK or CJK punctuation. Returns "UTF-16LE"/"UTF-16BE"/NULL. */
static const char *utf16_by_content(const unsigned char *b, size_t n)
{
    size_t m = n < TRIAL_BYTES ? n : TRIAL_BYTES, units = m / 2;
    if (units < 4) return NULL;
    size_t le = utf16_text_units(b, units, true), be = utf16_text_units(b, units, false);
    size_t best = le >= be ? le : be;
    if (best * 100 < units * 97) return NULL;
    if (le == be) {                    /* the ASCII NULs tell the byte order */
        const char *by_nuls = utf16_by_nuls(b, n);
        if (by_nuls) return by_nuls;
    }
    return le >= be ? "UTF-16LE" : "UTF-16BE";
}

/* ------------------------------------------------------------------ finishing */

/* UTF-16 → UTF-8 into out->text; NUL → binary; other C0 controls → space (offsets unchanged). */
static zg_status finish(const utext *t, zg_decoded *out, zg_error *err)
{
    size_t controls = 0;
    for (size_t i = 0; i < t->len; i++) {
        if (t->u[i] == 0)
            return zg_load_fail(err, ZG_ERR_BINARY,
                                "the input is not text: it contains NUL characters (%s)",
                                out->encoding);
        if (is_binary_control(t->u[i])) controls++;
    }
    if (too_many_controls(controls, t->len))
        return zg_load_fail(err, ZG_ERR_BINARY,
                            "the input is not text: %zu control characters in %zu", controls,
                            t->len);
    if (t->len > INT32_MAX / 3) return zg_load_fail(err, ZG_ERR_TOO_LARGE, "input too large");
    size_t cap = t->len * 3 + 1;
    char *s = malloc(cap);
    if (!s) return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory decoding the input");
    int32_t len = 0, subs = 0;
    UErrorCode e = U_ZERO_ERROR;
    u_strToUTF8WithSub(s, (int32_t)cap, &len, t->u, (int32_t)t->len, 0xFFFD, &subs, &e);
    if (U_FAILURE(e)) {
        free(s);
        return zg_load_fail(err, ZG_ERR_INTERNAL, "UTF-8 conversion failed: %s", u_errorName(e));
    }
    s[len] = '\0';
    for (int32_t i = 0; i < len; i++)
        if (is_binary_control((unsigned char)s[i]) || s[i] == 0x1B) s[i] = ' ';
    out->text = s;
    out->len = (size_t)len;
    out->invalid = t->invalid + (size_t)subs;
    out->first_invalid = t->first_invalid;
    return ZG_OK;
}

/* Decode everything with `canonical` and finish. */
static zg_status decode_with(const char *canonical, const char *source, const unsigned char *b,
                             size_t n, zg_decoded *out, zg_error *err)
{
    out->encoding = canonical;
    out->source = source;
    utext t;
    zg_status st = to_utf16(icu_name(canonical), b, n, true, &t);
    if (st == ZG_ERR_ENCODING)
        return zg_load_fail(err, st, "cannot decode the input as %s", canonical);
    if (st != ZG_OK) return zg_load_fail(err, st, "decoding as %s failed", canonical);
    st = finish(&t, out, err);
    free(t.u);
    return st;
}

/* Valid UTF-8 needs no conversion: copy, controls → space. */
static zg_status take_utf8(const unsigned char *b, size_t n, const char *source, zg_decoded *out,
                           zg_error *err)
{
    size_t controls = 0;
    for (size_t i = 0; i < n; i++) {
        if (!b[i])
            return zg_load_fail(err, ZG_ERR_BINARY,
                                "the input is not text: NUL byte at offset %zu", i);
        if (is_binary_control(b[i])) controls++;
    }
    if (too_many_controls(controls, n))
        return zg_load_fail(err, ZG_ERR_BINARY,
                            "the input is not text: %zu control bytes in %zu", controls, n);
    char *s = malloc(n + 1);
    if (!s) return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        s[i] = (is_binary_control(b[i]) || b[i] == 0x1B) ? ' ' : (char)b[i];
    s[n] = '\0';
    out->text = s;
    out->len = n;
    out->encoding = "UTF-8";
    out->source = source;
    return ZG_OK;
}

/*
 * UTF-8 text with some lines in GB18030 (a paragraph pasted from an old page): each line that
 * is not UTF-8 but decodes cleanly as GB18030 is taken as GB18030; other bad lines get U+FFFD.
 */
static zg_status decode_mixed_utf8(const unsigned char *b, size_t n, const char *source,
                                   zg_decoded *out, zg_error *err)
{
    zg_buf buf = { 0 };
    zg_decoded part;
    size_t invalid = 0, first = SIZE_MAX;
    out->repaired_lines = out->repaired_bytes = 0;
    for (size_t i = 0; i < n;) {
        const unsigned char *nl = memchr(b + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - b) + 1 : n;
        bool non_ascii;
        if (valid_utf8(b + i, end - i, &non_ascii)) {
            zg_buf_append(&buf, b + i, end - i);
            i = end;
            continue;
        }
        utext u8, gb;
        if (to_utf16("UTF-8", b + i, end - i, true, &u8) != ZG_OK) {
            zg_buf_free(&buf);
            return zg_load_fail(err, ZG_ERR_INTERNAL, "UTF-8 conversion failed");
        }
        /* GB18030 only where it reads better: a UTF-8 line with a cut character often pairs
         * up into clean but meaningless GB18030 */
        bool use_gb = to_utf16("GB18030", b + i, end - i, true, &gb) == ZG_OK && gb.invalid == 0 &&
                      score_text(&gb) > score_text(&u8) - 4 * (long)u8.invalid;
        utext *t = use_gb ? &gb : &u8;
        if (use_gb) {
            out->repaired_lines++;
            out->repaired_bytes += u8.invalid;
        } else {
            invalid += u8.invalid;
        }
        if (first == SIZE_MAX) first = i + u8.first_invalid;
        memset(&part, 0, sizeof part);
        part.encoding = use_gb ? "GB18030" : "UTF-8";
        zg_status st = finish(t, &part, err);
        free(u8.u);
        free(gb.u);
        if (st != ZG_OK) { zg_buf_free(&buf); return st; }
        zg_buf_append(&buf, part.text, part.len);
        free(part.text);
        i = end;
    }
    if (buf.failed) {
        zg_buf_free(&buf);
        return zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
    }
    out->len = buf.len;
    out->text = zg_buf_take(&buf, &out->len);
    if (!out->text) out->text = calloc(1, 1);
    out->encoding = "UTF-8";
    out->source = source;
    out->invalid = invalid;
    out->first_invalid = first == SIZE_MAX ? 0 : first;
    return out->text ? ZG_OK : zg_load_fail(err, ZG_ERR_NOMEM, "out of memory");
}

/* ------------------------------------------------------------------ choosing */

typedef struct trial {
    const char *canonical;
    size_t invalid;
    long score;
    bool ok;
} trial;

static void add_candidate(const char **list, size_t *n, const char *canonical)
{
    if (!canonical || *n >= MAX_CANDIDATES) return;
    if (strncmp(canonical, "UTF-16", 6) == 0 || strncmp(canonical, "UTF-32", 6) == 0) return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i], canonical) == 0) return;
    list[(*n)++] = canonical;
}

/* ICU's detector, as canonical names in its order of confidence. */
static void detector_candidates(const unsigned char *b, size_t n, const char **list, size_t *k)
{
    UErrorCode e = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&e);
    if (U_FAILURE(e) || !det) return;
    ucsdet_setText(det, (const char *)b, (int32_t)(n < TRIAL_BYTES ? n : TRIAL_BYTES), &e);
    int32_t found = 0;
    const UCharsetMatch **m = U_SUCCESS(e) ? ucsdet_detectAll(det, &found, &e) : NULL;
    for (int32_t i = 0; m && U_SUCCESS(e) && i < found && i < 4; i++) {
        UErrorCode e2 = U_ZERO_ERROR;
        const char *name = ucsdet_getName(m[i], &e2);
        if (U_SUCCESS(e2) && name) add_candidate(list, k, zg_encoding_canonical(name));
    }
    ucsdet_close(det);
}

/* Try each candidate on a prefix; the best is the most Chinese-looking text. An invalid
 * sequence costs as much as 4 common characters; a single-byte charset (which decodes anything
 * without errors but never scores) pays for every byte above ASCII, so it wins only for text
 * with few of them (Western text). Ties go to the earlier candidate. */
static const char *choose(const unsigned char *b, size_t n, const char **list, size_t k,
                          size_t *invalid_out, long *quality_out)
{
    size_t m = n < TRIAL_BYTES ? n : TRIAL_BYTES;
    const char *best = NULL;
    size_t best_invalid = SIZE_MAX;
    long best_quality = 0;
    for (size_t i = 0; i < k; i++) {
        utext t;
        if (to_utf16(icu_name(list[i]), b, m, m == n, &t) != ZG_OK) continue;
        long quality = score_text(&t) - 4 * (long)(t.invalid > 1000000 ? 1000000 : t.invalid);
        if (t.single_byte) {
            size_t high = 0;
            for (size_t j = 0; j < m; j++) high += b[j] >= 0x80;
            quality -= (long)(high / 2);
        }
        if (!best || quality > best_quality) {
            best = list[i];
            best_invalid = t.invalid;
            best_quality = quality;
        }
        free(t.u);
    }
    if (invalid_out) *invalid_out = best_invalid;
    if (quality_out) *quality_out = best_quality;
    return best;
}

zg_status zg_decode(zg_document *doc, const unsigned char *b, size_t n, const char *forced,
                    const char *declared, zg_decoded *out, zg_error *err)
{
    memset(out, 0, sizeof *out);
    if (forced && *forced) {
        const char *canonical = zg_encoding_canonical(forced);
        if (!canonical)
            return zg_load_fail(err, ZG_ERR_ENCODING, "unknown encoding '%s'", forced);
        size_t skip = 0;
        if (strcmp(canonical, "UTF-8") == 0 && n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) skip = 3;
        if (strncmp(canonical, "UTF-16", 6) == 0 && n >= 2 &&
            ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
            skip = 2;
        bool non_ascii;
        if (strcmp(canonical, "UTF-8") == 0 && valid_utf8(b + skip, n - skip, &non_ascii))
            return take_utf8(b + skip, n - skip, "forced", out, err);
        return decode_with(canonical, "forced", b + skip, n - skip, out, err);
    }

    /* byte order marks */
    if (n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
        bool non_ascii;
        if (valid_utf8(b + 3, n - 3, &non_ascii)) return take_utf8(b + 3, n - 3, "bom", out, err);
        return decode_with("UTF-8", "bom", b + 3, n - 3, out, err);
    }
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        return decode_with("UTF-16LE", "bom", b + 2, n - 2, out, err);
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        return decode_with("UTF-16BE", "bom", b + 2, n - 2, out, err);

    /* NUL bytes: UTF-16 without a BOM, or not text at all */
    if (memchr(b, 0, n)) {
        const char *u16 = utf16_by_content(b, n);
        if (u16) return decode_with(u16, "detected", b, n, out, err);
        const unsigned char *z = memchr(b, 0, n);
        const char *like = utf16_by_nuls(b, n);
        if (like)
            return zg_load_fail(err, ZG_ERR_BINARY,
                                "the input is not text: NUL byte at offset %zu (the NUL bytes "
                                "sit where %s text has them; if it is text, try --encoding %s)",
                                (size_t)(z - b), like, like);
        return zg_load_fail(err, ZG_ERR_BINARY, "the input is not text: NUL byte at offset %zu",
                            (size_t)(z - b));
    }
    size_t controls = 0;
    for (size_t i = 0; i < n; i++)
        if (is_binary_control(b[i])) controls++;
    if (too_many_controls(controls, n))
        return zg_load_fail(err, ZG_ERR_BINARY,
                            "the input is not text: %zu control bytes in %zu", controls, n);

    bool non_ascii = false;
    bool utf8_ok = valid_utf8(b, n, &non_ascii);
    const char *decl = declared ? zg_encoding_canonical(declared) : NULL;
    if (decl && strncmp(decl, "UTF-16", 6) == 0) decl = NULL;   /* we just read it as ASCII */

    if (decl) {
        if (strcmp(decl, "UTF-8") == 0 && utf8_ok) return take_utf8(b, n, "declared", out, err);
        if (strcmp(decl, "UTF-8") != 0 && utf8_ok && non_ascii) {
            /* legacy text is practically never valid UTF-8 */
            zg_doc_diag(doc, ZG_SEV_WARNING, "wrong-declared-charset", (zg_span){ 0, 0 },
                        "the page declares charset %s but its bytes are UTF-8", declared);
            return take_utf8(b, n, "detected", out, err);
        }
        /* the declaration holds if it decodes cleanly and no Chinese charset reads the bytes
         * as clearly better text (pages that declare iso-8859-1 over GBK bytes) */
        const char *list[MAX_CANDIDATES];
        size_t k = 0, invalid = 0, alt_invalid = 0;
        long quality = 0, alt_quality = 0;
        add_candidate(list, &k, decl);
        bool decl_clean = choose(b, n, list, k, &invalid, &quality) && invalid == 0;
        k = 0;
        add_candidate(list, &k, "GB18030");
        add_candidate(list, &k, "BIG5");
        const char *alt = choose(b, n, list, k, &alt_invalid, &alt_quality);
        bool alt_better = alt && alt_invalid == 0 && strcmp(alt, decl) != 0 &&
                          (!decl_clean || alt_quality > quality + 16);
        if (alt_better) {
            zg_doc_diag(doc, ZG_SEV_WARNING, "wrong-declared-charset", (zg_span){ 0, 0 },
                        "the page declares charset %s but its bytes are %s", declared, alt);
            return decode_with(alt, "detected", b, n, out, err);
        }
        if (strcmp(decl, "UTF-8") == 0) return decode_mixed_utf8(b, n, "declared", out, err);
        return decode_with(decl, "declared", b, n, out, err);
    }

    if (utf8_ok) return take_utf8(b, n, non_ascii ? "detected" : "default", out, err);

    const char *list[MAX_CANDIDATES];
    size_t k = 0;
    add_candidate(list, &k, "UTF-8");
    add_candidate(list, &k, "GB18030");
    add_candidate(list, &k, "BIG5");
    detector_candidates(b, n, list, &k);
    const char *best = choose(b, n, list, k, NULL, NULL);
    if (!best || !strcmp(best, "UTF-8")) return decode_mixed_utf8(b, n, "detected", out, err);
    return decode_with(best, "detected", b, n, out, err);
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
