/* The load stage: encodings, binary/empty input, format choice, Markdown cleanup, dev notices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uenum.h>

#include "check.h"
#include "fixture.h"
#include "load.h"
#include "util.h"

static zg_scanner *scanner;

/* Load bytes through zg_load with the loader's rule file bound; caller frees the doc. */
static zg_status load(const void *bytes, size_t len, const char *path, const char *encoding,
                      const char *format, zg_document **out, zg_error *err)
{
    zg_document *doc = calloc(1, sizeof *doc);
    zg_scanner_bind(scanner, doc);
    zg_input_options o = { path, encoding, format };
    memset(err, 0, sizeof *err);
    zg_status st = zg_load(doc, bytes, len, &o, zg_scanner_limits(scanner), err);
    zg_scanner_bind(scanner, NULL);
    *out = doc;
    return st;
}

static bool has_diag(const zg_document *doc, const char *code)
{
    for (size_t i = 0; i < doc->n_diagnostics; i++)
        if (!strcmp(doc->diagnostics[i].code, code)) return true;
    return false;
}

/* UTF-8 → another charset with ICU; returns malloc'd bytes. */
static char *convert(const char *charset, const char *utf8, size_t *len)
{
    UErrorCode e = U_ZERO_ERROR;
    size_t cap = strlen(utf8) * 4 + 16;
    char *out = malloc(cap);
    int32_t n = ucnv_convert(charset, "UTF-8", out, (int32_t)cap, utf8, -1, &e);
    if (U_FAILURE(e)) { free(out); return NULL; }
    *len = (size_t)n;
    return out;
}

/* UTF-8 → UTF-16 (LE or BE) with a BOM if asked. */
static char *utf16(const char *utf8, bool le, bool bom, size_t *len)
{
    size_t n = strlen(utf8), i = 0, k = 0;
    char *out = malloc(n * 4 + 4);
    if (bom) { out[k++] = le ? '\xFF' : '\xFE'; out[k++] = le ? '\xFE' : '\xFF'; }
    while (i < n) {
        uint32_t cp = zg_utf8_next(utf8, n, &i);
        unsigned hi = (cp >> 8) & 0xFF, lo = cp & 0xFF;
        out[k++] = (char)(le ? lo : hi);
        out[k++] = (char)(le ? hi : lo);
    }
    *len = k;
    return out;
}

static const char *sample =
    "中共某县教育局党组关于县委巡察整改进展情况的通报\n"
    "一、整改工作开展情况\n局党组高度重视巡察反馈意见整改工作，召开会议专题研究部署。\n"
    "二、巡察反馈问题整改情况\n（一）落实上级决策部署不够到位\n1．学习贯彻不深入的问题。\n"
    "整改进度：已完成整改，长期坚持。\n";

static void test_utf8(void)
{
    zg_document *doc;
    zg_error err;
    char buf[1024];
    snprintf(buf, sizeof buf, "\xEF\xBB\xBF%s", sample);
    CHECK_INT(load(buf, strlen(buf), "a.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "UTF-8");
    CHECK_STR(doc->encoding_source, "bom");
    CHECK_STR(doc->format, "text");
    CHECK_STR(doc->text, sample);                /* BOM gone, text as is */
    CHECK_INT(doc->src_bytes, strlen(buf));
    CHECK_INT(strlen(doc->sha256), 64);
    zg_document_free(doc);

    CHECK_INT(load(sample, strlen(sample), NULL, NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "UTF-8");
    CHECK_STR(doc->encoding_source, "detected");
    CHECK_INT(doc->invalid_sequences, 0);
    zg_document_free(doc);

    CHECK_INT(load("plain ascii\r\nline two\r\n", 23, NULL, NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding_source, "default");
    CHECK_STR(doc->text, "plain ascii\r\nline two\r\n");    /* plain text keeps CRLF */
    zg_document_free(doc);
}

static void test_utf16(void)
{
    zg_document *doc;
    zg_error err;
    size_t n;
    for (int le = 0; le <= 1; le++) {
        char *b = utf16(sample, le, true, &n);
        CHECK_INT(load(b, n, "u.txt", NULL, NULL, &doc, &err), ZG_OK);
        CHECK_STR(doc->encoding, le ? "UTF-16LE" : "UTF-16BE");
        CHECK_STR(doc->encoding_source, "bom");
        CHECK_STR(doc->text, sample);
        zg_document_free(doc);
        free(b);
    }
    /* without a BOM: ASCII-heavy UTF-16LE is recognised by its NUL bytes */
    char *b = utf16("Report line one\nline two 整改\nline three\n", true, false, &n);
    CHECK_INT(load(b, n, "u.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "UTF-16LE");
    CHECK_STR(doc->encoding_source, "detected");
    CHECK_STR(doc->text, "Report line one\nline two 整改\nline three\n");
    zg_document_free(doc);
    free(b);

    /* without a BOM, Chinese text: few NULs, and 一 (U+4E00) puts some on the other parity */
    const char *zh = "一、整改工作开展情况\n局党组对反馈的12个问题逐项制定整改措施，"
                     "一是加强学习，二是完善制度。\n二、下一步打算\n";
    for (int le = 0; le <= 1; le++) {
        b = utf16(zh, le, false, &n);
        CHECK_INT(load(b, n, "u.txt", NULL, NULL, &doc, &err), ZG_OK);
        CHECK_STR(doc->encoding, le ? "UTF-16LE" : "UTF-16BE");
        CHECK_STR(doc->encoding_source, "detected");
        CHECK_STR(doc->text, zh);
        zg_document_free(doc);
        free(b);
    }

    /* binary with NULs on one parity (UTF-16-like, but control characters): rejected, and
     * the message suggests --encoding */
    unsigned char bin[64];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (i & 1) ? 0 : (unsigned char)(1 + i % 7);
    CHECK_INT(load(bin, sizeof bin, "b.txt", NULL, NULL, &doc, &err), ZG_ERR_BINARY);
    CHECK(strstr(err.message, "--encoding UTF-16LE") != NULL);
    zg_document_free(doc);
    /* random-looking bytes with NULs on one parity: not text either */
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (i & 1) ? 0 : (unsigned char)(0x80 + (i * 37) % 0x7F);
    CHECK_INT(load(bin, sizeof bin, "b.txt", NULL, NULL, &doc, &err), ZG_ERR_BINARY);
    zg_document_free(doc);
}

static void test_legacy(void)
{
    zg_document *doc;
    zg_error err;
    size_t n;
    char *gb = convert("GB18030", sample, &n);
    CHECK(gb != NULL);
    CHECK_INT(load(gb, n, "g.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "GB18030");
    CHECK_STR(doc->encoding_source, "detected");
    CHECK_STR(doc->text, sample);
    zg_document_free(doc);

    /* forced */
    CHECK_INT(load(gb, n, "g.txt", "gbk", NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "GB18030");
    CHECK_STR(doc->encoding_source, "forced");
    CHECK_STR(doc->text, sample);
    zg_document_free(doc);
    free(gb);

    /* a short Traditional text in Big5 must not come out as GB18030 mojibake */
    const char *trad = "中共梧桐縣文化和旅遊局黨組關於縣委巡察整改情況的通報\n"
                       "一、整改工作開展情況\n（一）關於落實上級決策部署不到位的問題\n";
    char *b5 = convert("Big5", trad, &n);
    CHECK(b5 != NULL);
    CHECK_INT(load(b5, n, "b.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "BIG5");
    CHECK_STR(doc->text, trad);
    zg_document_free(doc);
    free(b5);

    CHECK_INT(load(sample, strlen(sample), "x.txt", "no-such-charset", NULL, &doc, &err),
              ZG_ERR_ENCODING);
    CHECK(strstr(err.message, "no-such-charset") != NULL);
    zg_document_free(doc);
}

/* encoding.c skips ICU's charset detector when no charset it can name could win; that rests on
 * what the detector names: besides UTF-8/16/32, GB18030, Big5, Shift_JIS, EUC-JP, EUC-KR and
 * ISO-2022-*, only single-byte charsets (which cannot decode to Han). Checked against this ICU. */
static void test_detector_names(void)
{
    static const char *const known[] = { "UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE",
                                         "GB18030", "Big5", "Shift_JIS", "EUC-JP", "EUC-KR",
                                         "ISO-2022-JP", "ISO-2022-KR", "ISO-2022-CN", NULL };
    /* names the Latin recognizers report besides their own */
    static const char *const extra[] = { "windows-1250", "windows-1252", "windows-1253",
                                         "windows-1254", "windows-1255", NULL };
    UErrorCode e = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&e);
    UEnumeration *names = U_SUCCESS(e) ? ucsdet_getAllDetectableCharsets(det, &e) : NULL;
    CHECK(names != NULL);
    int seen = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0;; k++) {
            const char *name;
            if (pass == 0) {
                int32_t len;
                name = names ? uenum_next(names, &len, &e) : NULL;
            } else {
                name = extra[k];
            }
            if (!name) break;
            seen++;
            bool is_known = false;
            for (const char *const *kn = known; *kn; kn++) is_known |= !strcmp(*kn, name);
            if (is_known || !zg_encoding_canonical(name)) continue;   /* unknown: never tried */
            UErrorCode e2 = U_ZERO_ERROR;
            UConverter *cv = ucnv_open(name, &e2);
            if (!cv) continue;
            if (ucnv_getMaxCharSize(cv) != 1) fprintf(stderr, "multi-byte: %s\n", name);
            CHECK(ucnv_getMaxCharSize(cv) == 1);
            ucnv_close(cv);
        }
    }
    CHECK(seen > 20);
    uenum_close(names);
    ucsdet_close(det);

    /* ISO-2022 converters give no Han without an ESC or SO byte */
    unsigned char bytes[512];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (unsigned char)(i % 3 == 2 ? 0x21 + i % 90 : 0x80 + (i * 7) % 0x7F);
    static const char *const iso[] = { "ISO-2022-JP", "ISO-2022-KR", "ISO-2022-CN" };
    for (size_t k = 0; k < 3; k++) {
        UChar u[1024];
        UErrorCode e3 = U_ZERO_ERROR;
        UConverter *cv = ucnv_open(iso[k], &e3);
        if (!cv) continue;
        int32_t n = ucnv_toUChars(cv, u, 1024, (const char *)bytes, sizeof bytes, &e3);
        for (int32_t i = 0; U_SUCCESS(e3) && i < n; i++) CHECK(u[i] < 0x3400 || u[i] >= 0xE000);
        ucnv_close(cv);
    }
}

/* Japanese and Korean bytes still reach the detector; an ESC byte sends GB18030 text there too. */
static void test_detector_fallback(void)
{
    zg_document *doc;
    zg_error err;
    size_t n;
    const char *ja = "東京都の行政改革について、次のとおり報告します。改善の状況は以下のとおりです。\n";
    static const char *const charsets[] = { "Shift_JIS", "EUC-JP" };
    for (size_t k = 0; k < 2; k++) {
        char *b = convert(charsets[k], ja, &n);
        CHECK(b != NULL);
        CHECK_INT(load(b, n, "j.txt", NULL, NULL, &doc, &err), ZG_OK);
        CHECK_STR(doc->encoding, charsets[k]);
        CHECK_STR(doc->encoding_source, "detected");
        CHECK_STR(doc->text, ja);
        zg_document_free(doc);
        free(b);
    }
    char *gb = convert("GB18030", sample, &n);
    CHECK(gb != NULL);
    char *esc = malloc(n + 2);
    memcpy(esc, gb, n);
    memcpy(esc + n, "\x1B\n", 2);
    CHECK_INT(load(esc, n + 2, "g.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "GB18030");
    CHECK_STR(doc->encoding_source, "detected");
    CHECK(!strncmp(doc->text, sample, strlen(sample)));
    zg_document_free(doc);
    free(esc);
    free(gb);
}

static void test_declared(void)
{
    zg_document *doc;
    zg_error err;
    char page[2048];
    const char *body = "<p>中共某县教育局党组关于县委巡察整改进展情况的通报</p><p>一、整改工作开展情况</p>"
                       "<p>局党组高度重视巡察反馈意见整改工作，召开会议专题研究部署。</p>";

    /* declares gb2312, bytes are UTF-8 */
    snprintf(page, sizeof page, "<html><head><meta charset=\"gb2312\"></head><body>%s</body></html>", body);
    CHECK_INT(load(page, strlen(page), "p.html", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "UTF-8");
    CHECK_STR(doc->encoding_source, "detected");
    CHECK(has_diag(doc, "wrong-declared-charset"));
    CHECK(strstr(doc->text, "整改工作开展情况") != NULL);
    zg_document_free(doc);

    /* declares utf-8, bytes are GB18030 */
    snprintf(page, sizeof page,
             "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
             "</head><body>%s</body></html>", body);
    size_t n;
    char *gb = convert("GB18030", page, &n);
    CHECK_INT(load(gb, n, "p.html", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "GB18030");
    CHECK_STR(doc->encoding_source, "detected");
    CHECK(has_diag(doc, "wrong-declared-charset"));
    CHECK(strstr(doc->text, "整改工作开展情况") != NULL);
    zg_document_free(doc);
    free(gb);

    /* an honest declaration */
    snprintf(page, sizeof page, "<html><head><meta charset=\"gbk\"></head><body>%s</body></html>", body);
    gb = convert("GB18030", page, &n);
    CHECK_INT(load(gb, n, "p.html", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "GB18030");
    CHECK_STR(doc->encoding_source, "declared");
    CHECK(!has_diag(doc, "wrong-declared-charset"));
    zg_document_free(doc);
    free(gb);

    /* declares a Latin charset (decodes "cleanly" byte by byte), bytes are GB18030 */
    snprintf(page, sizeof page, "<html><head><meta charset=\"iso-8859-1\"></head><body>%s</body></html>", body);
    gb = convert("GB18030", page, &n);
    CHECK_INT(load(gb, n, "p.html", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "GB18030");
    CHECK_STR(doc->encoding_source, "detected");
    CHECK(has_diag(doc, "wrong-declared-charset"));
    CHECK(strstr(doc->text, "整改工作开展情况") != NULL);
    zg_document_free(doc);
    free(gb);

    /* a charset attribute of a <script> before the real <meta> is not a declaration */
    snprintf(page, sizeof page, "<html><head><script src=\"x.js\" charset=\"utf-8\"></script>"
             "<meta charset=\"gb2312\"></head><body>%s</body></html>", body);
    char decl[32];
    CHECK(zg_html_sniff_charset((const unsigned char *)page, strlen(page), decl, sizeof decl));
    CHECK_STR(decl, "gb2312");
}

static void test_invalid_binary_empty(void)
{
    zg_document *doc;
    zg_error err;
    char buf[1024];
    /* one stray byte in UTF-8 text */
    snprintf(buf, sizeof buf, "整改工作开展情况\xFF局党组高度重视巡察反馈意见整改工作。");
    CHECK_INT(load(buf, strlen(buf), "i.txt", "UTF-8", NULL, &doc, &err), ZG_OK);
    CHECK_INT(doc->invalid_sequences, 1);
    CHECK(strstr(doc->text, "\xEF\xBF\xBD") != NULL);
    CHECK(has_diag(doc, "invalid-bytes"));
    CHECK(strstr(doc->diagnostics[0].message, "byte 24") != NULL);
    zg_document_free(doc);

    CHECK_INT(load(buf, strlen(buf), "i.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "UTF-8");
    CHECK_INT(doc->invalid_sequences, 1);
    zg_document_free(doc);

    /* a UTF-8 notice with one line pasted in GBK stays UTF-8 (not a Latin charset); the line
     * is read as GB18030 and the repair reported */
    size_t gn;
    char *gbline = convert("GB18030", "二、下一步打算\n", &gn);
    snprintf(buf, sizeof buf, "%s%.*s三、联系方式\n", sample, (int)gn, gbline);
    free(gbline);
    CHECK_INT(load(buf, strlen(buf), "m.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "UTF-8");
    CHECK_INT(doc->invalid_sequences, 0);
    CHECK(strstr(doc->text, "二、下一步打算\n三、联系方式") != NULL);
    CHECK(has_diag(doc, "invalid-bytes"));
    zg_document_free(doc);

    /* a UTF-8 line cut inside a character is not taken for GB18030 */
    snprintf(buf, sizeof buf, "整改工作开展情况局党组高度重视\xE5\xB7\n第二行文字\n");
    CHECK_INT(load(buf, strlen(buf), "c.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->encoding, "UTF-8");
    CHECK_INT(doc->invalid_sequences, 1);
    CHECK(strstr(doc->text, "整改工作开展情况局党组高度重视\xEF\xBF\xBD\n第二行文字") != NULL);
    zg_document_free(doc);

    static const unsigned char zip[] = { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0x21, 0, 0x9c, 1, 2 };
    CHECK_INT(load(zip, sizeof zip, "z.txt", NULL, NULL, &doc, &err), ZG_ERR_BINARY);
    CHECK(strstr(err.message, "not text") != NULL);
    zg_document_free(doc);

    static const unsigned char ctl[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 abc";
    CHECK_INT(load(ctl, sizeof ctl - 1, "c.txt", NULL, NULL, &doc, &err), ZG_ERR_BINARY);
    zg_document_free(doc);

    CHECK_INT(load("", 0, "e.txt", NULL, NULL, &doc, &err), ZG_ERR_EMPTY);
    zg_document_free(doc);
    CHECK_INT(load(" \n\t\xE3\x80\x80\r\n", 8, "e.txt", NULL, NULL, &doc, &err), ZG_ERR_EMPTY);
    zg_document_free(doc);
    const char *nothing = "<html><head><script>var x = 1;</script></head><body> </body></html>";
    CHECK_INT(load(nothing, strlen(nothing), "e.html", NULL, NULL, &doc, &err), ZG_ERR_EMPTY);
    zg_document_free(doc);
}

static void test_format(void)
{
    zg_document *doc;
    zg_error err;
    const char *html = "<!DOCTYPE html><html><body><p>整改工作开展情况</p></body></html>";
    CHECK_INT(load(html, strlen(html), NULL, NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->format, "html");
    CHECK_STR(doc->text, "整改工作开展情况\n");
    zg_document_free(doc);

    /* HTML saved as .txt: the content wins over the extension, with a diagnostic */
    CHECK_INT(load(html, strlen(html), "x.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->format, "html");
    CHECK_STR(doc->text, "整改工作开展情况\n");
    CHECK(has_diag(doc, "html-content"));
    zg_document_free(doc);
    static const char *const html_txt[] = {
        "\xEF\xBB\xBF\n  <HTML lang=\"zh\"><p>整改工作开展情况</p></HTML>",
        "<!-- saved page -->\n<head><meta charset=\"utf-8\"></head><p>整改工作开展情况</p>",
        ("\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">"
         "<div>整改工作开展情况</div>"),
        "<title>通报</title>\n<body><p>整改工作开展情况</p></body>",
    };
    for (size_t i = 0; i < sizeof html_txt / sizeof *html_txt; i++) {
        CHECK_INT(load(html_txt[i], strlen(html_txt[i]), "x.txt", NULL, NULL, &doc, &err), ZG_OK);
        CHECK_STR(doc->format, "html");
        CHECK(doc->text && strstr(doc->text, "整改工作开展情况\n") != NULL);
        zg_document_free(doc);
    }
    /* ... also in UTF-16 */
    size_t un;
    char *u = utf16(html, true, true, &un);
    CHECK_INT(load(u, un, "x.txt", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->format, "html");
    zg_document_free(doc);
    free(u);
    /* plain notices that merely contain '<' (or mention a tag) stay text */
    static const char *const plain[] = {
        "关于整改情况的通报\n完成率<50%的单位要说明原因。\n",
        "<附件1>整改清单\n一、问题<p>不是标签\n",
        "关于网站整改的通报\n一是删除页面中的<html>和<body>残留代码。\n",
    };
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        CHECK_INT(load(plain[i], strlen(plain[i]), "x.txt", NULL, NULL, &doc, &err), ZG_OK);
        CHECK_STR(doc->format, "text");
        CHECK_STR(doc->text, plain[i]);
        CHECK(!has_diag(doc, "html-content"));
        zg_document_free(doc);
    }

    CHECK_INT(load(html, strlen(html), "x.txt", NULL, "html", &doc, &err), ZG_OK);
    CHECK_STR(doc->format, "html");                 /* the option decides */
    zg_document_free(doc);

    CHECK_INT(load(html, strlen(html), "x.txt", NULL, "pdf", &doc, &err), ZG_ERR_ARG);
    zg_document_free(doc);

    const char *md = "---\ntitle: 标题\n---\n正文\n";
    CHECK_INT(load(md, strlen(md), NULL, NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->format, "markdown");
    zg_document_free(doc);

    zg_document *big = calloc(1, sizeof *big);
    zg_limits lim = { 0 };
    lim.max_input_bytes = 8;
    zg_input_options o = { NULL, NULL, NULL };
    CHECK_INT(zg_load(big, (const unsigned char *)sample, strlen(sample), &o, &lim, &err),
              ZG_ERR_TOO_LARGE);
    zg_document_free(big);
}

static void test_markdown(void)
{
    zg_document *doc;
    zg_error err;
    const char *md =
        "---\n"
        "title: \"中共某街道工作委员会关于巡察整改进展情况的通报\"\n"
        "date: 2023-12-06 10:20:00 +0800\n"
        "tags: [巡察]\n"
        "---\n"
        "\n"
        "# 中共某街道工作委员会关于巡察整改进展情况的通报\n"
        "\n"
        "**一、整改工作开展情况**\n"
        "\n"
        "街道党工委高度重视<!--more-->巡察整改工作。\n"
        "\n"
        "1\\. 关于网格化管理作用发挥不充分的问题  \n"
        "整改时限：2023年6月底前  \n"
        "详见[整改清单](http://example.gov.cn/a.html)。\n"
        "\n"
        "***\n"
        "\n"
        "原文链接：[http://example.gov.cn/a.html](http://example.gov.cn/a.html)\n";
    CHECK_INT(load(md, strlen(md), "n.md", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->format, "markdown");
    CHECK_STR(doc->page_title, "中共某街道工作委员会关于巡察整改进展情况的通报");
    CHECK_STR(doc->page_date, "2023-12-06");
    CHECK_STR(doc->text,
              "中共某街道工作委员会关于巡察整改进展情况的通报\n"
              "一、整改工作开展情况\n"
              "街道党工委高度重视巡察整改工作。\n"
              "1. 关于网格化管理作用发挥不充分的问题\n"
              "整改时限：2023年6月底前\n"
              "详见整改清单。\n");
    zg_document_free(doc);

    const char *em = "*（一）落实上级决策部署不到位*\n第一行<br>第二行\n2 * 3 = 6\n"
                     "邮箱：<ab@163.com>，<span>网址</span>：<http://a.cn>\n";
    CHECK_INT(load(em, strlen(em), "e.md", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "（一）落实上级决策部署不到位\n第一行\n第二行\n2 * 3 = 6\n"
                         "邮箱：ab@163.com，网址：http://a.cn\n");
    zg_document_free(doc);

    /* a pipe table: rows become lines of "\t"-separated cells and a zg_table; an empty cell
     * under a filled one is covered by it; <br> in a cell is a space; \| is a pipe in a cell;
     * a line with a pipe but no delimiter row after it is text */
    const char *tb = "甲|乙\n"
                     "| 序号 | 类别 | 问题 |\n"
                     "|:---:|:---|---|\n"
                     "| 1 | 预算 | 执行率低。<br>**资金**滞留。 |\n"
                     "| 2 |  | a\\|b |\n"
                     "|  |  |  |\n"
                     "| 3 | 财务 |\n"
                     "表后。\n";
    CHECK_INT(load(tb, strlen(tb), "t.md", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "甲|乙\n序号\t类别\t问题\n1\t预算\t执行率低。 资金滞留。\n2\t\ta|b\n"
                         "3\t财务\t\n表后。\n");
    CHECK_INT(doc->n_tables, 1);
    if (doc->n_tables == 1) {
        const zg_table *t = &doc->tables[0];
        CHECK_INT(t->n_rows, 5);
        CHECK_INT(t->n_cols, 3);
        zg_sref whole = zg_sref_from_span(doc, t->span);
        CHECK(whole.s && strncmp(whole.s, "序号", strlen("序号")) == 0);
        const zg_cell *c = t->cells;
        zg_sref cat = zg_sref_from_span(doc, c[2 * 3 + 1].span); /* row 2: carried from row 1 */
        CHECK(c[2 * 3 + 1].covered);
        CHECK_STR(cat.s, "预算");
        CHECK(!c[1 * 3 + 1].covered);
        CHECK_STR(zg_sref_from_span(doc, c[2 * 3 + 2].span).s, "a|b");
        CHECK(!c[3 * 3 + 0].covered);                           /* the empty row */
        CHECK(!c[4 * 3 + 2].covered);        /* a short row is padded; the empty row ends a carry */
    }
    zg_document_free(doc);

    /* bullet items keep a bullet: • at the top level, ◦ nested (indented deeper); a line that
     * is no item and not indented deeper ends the list; **bold** is no bullet, nor - without a
     * blank, an empty item or a rule line */
    const char *ls = "1. **关于河长制落实不到位的问题**\n\n"
                     "   整改措施：\n\n"
                     "   - 制定《方案》；\n"
                     "     * 子项；\n"
                     "   + 开展巡河。\n\n"
                     "   整改进展：已完成。\n"
                     "-  \n"
                     "- - -\n"
                     "-2024年\n"
                     "**加粗**\n"
                     "    - 新列表\n";
    CHECK_INT(load(ls, strlen(ls), "l.md", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "1. 关于河长制落实不到位的问题\n"
                         "整改措施：\n"
                         "• 制定《方案》；\n"
                         "◦ 子项；\n"
                         "• 开展巡河。\n"
                         "整改进展：已完成。\n"
                         "-2024年\n"
                         "加粗\n"
                         "• 新列表\n");
    zg_document_free(doc);

    /* a file that only looks like front matter keeps its lines */
    const char *plain = "---\n不是前置元数据\n";
    CHECK_INT(load(plain, strlen(plain), "p.md", NULL, NULL, &doc, &err), ZG_OK);
    CHECK_STR(doc->text, "不是前置元数据\n");
    zg_document_free(doc);
}

/* --------------------------------------------------------------- dev corpus */

static char *read_all(const char *path, size_t *len)
{
    unsigned char *d = NULL;
    char why[256];
    if (zg_read_file(path, 1 << 26, &d, len, why, sizeof why) != ZG_OK) return NULL;
    return (char *)d;
}

/* Every gold outline title and issue title occurs in doc->text, outline titles in order. */
static void check_dev_notice(const char *dir, const char *name)
{
    char path[2048], gold_path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(gold_path, sizeof gold_path, "%s/%.*s.gold.json", dir, (int)(strchr(name, '.') - name), name);
    size_t len, glen;
    char *bytes = read_all(path, &len), *gtext = read_all(gold_path, &glen);
    cJSON *gold = gtext ? cJSON_Parse(gtext) : NULL;
    CHECK(bytes && gold);
    if (!bytes || !gold) { free(bytes); free(gtext); cJSON_Delete(gold); return; }
    zg_document *doc;
    zg_error err;
    CHECK_INT(load(bytes, len, path, NULL, NULL, &doc, &err), ZG_OK);
    if (doc->text) {
        CHECK_STR(doc->encoding, cJSON_GetObjectItem(gold, "encoding")->valuestring);
        CHECK_STR(doc->format, cJSON_GetObjectItem(gold, "format")->valuestring);
        const cJSON *title = cJSON_GetObjectItem(gold, "title");
        if (cJSON_IsString(title) && !strstr(doc->text, title->valuestring)) {
            fprintf(stderr, "%s: title missing: %s\n", name, title->valuestring);
            check_failures++;
        }
        const char *pos = doc->text;
        const cJSON *entry;
        cJSON_ArrayForEach(entry, cJSON_GetObjectItem(gold, "outline")) {
            const char *t = cJSON_GetArrayItem(entry, 2)->valuestring;
            const char *at = strstr(pos, t);
            if (!at) {
                fprintf(stderr, "%s: outline title missing or out of order: %s\n", name, t);
                check_failures++;
            } else {
                pos = at + strlen(t);
            }
        }
        cJSON_ArrayForEach(entry, cJSON_GetObjectItem(gold, "issues")) {
            const char *t = cJSON_GetObjectItem(entry, "title")->valuestring;
            if (!strstr(doc->text, t)) {
                fprintf(stderr, "%s: issue title missing: %s\n", name, t);
                check_failures++;
            }
        }
        CHECK(!strstr(doc->text, "打印本页") && !strstr(doc->text, "关闭窗口") &&
              !strstr(doc->text, "分享到") && !strstr(doc->text, "ICP备"));
    }
    zg_document_free(doc);
    cJSON_Delete(gold);
    free(bytes);
    free(gtext);
}

static int test_dev_corpus(void)
{
    const char *shared = getenv("ZG_SHARED_DIR");
    if (!shared) return 0;
    char dir[1024], probe[1200];
    snprintf(dir, sizeof dir, "%s/corpus-dev", shared);
    snprintf(probe, sizeof probe, "%s/d004.html", dir);
    FILE *f = fopen(probe, "rb");
    if (!f) return 0;
    fclose(f);
    static const char *const notices[] = { "d004.html", "d005.html", "d011.md", "d012.md",
                                           "d014.txt", "d015.txt", "d017.html", "d018.html",
                                           "d019.html", "d020.html", "d021.html", "d022.html",
                                           NULL };
    for (const char *const *n = notices; *n; n++) check_dev_notice(dir, *n);
    return 1;
}

int main(void)
{
    zg_rules *rules = NULL;
    if (fixture_rules_file("html.rules", &rules)) return 1;
    CHECK_INT(zg_scanner_create(rules, NULL, &scanner), ZG_OK);
    test_utf8();
    test_utf16();
    test_legacy();
    test_detector_names();
    test_detector_fallback();
    test_declared();
    test_invalid_binary_empty();
    test_format();
    test_markdown();
    if (!test_dev_corpus()) printf("note: ../shared/corpus-dev absent, dev notices not checked\n");
    zg_scanner_free(scanner);
    zg_rules_free(rules);
    CHECK_DONE();
}
