/* Normalization: folding, the norm → text map, CRLF, Traditional → Simplified. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "check.h"
#include "normalize.h"
#include "stages.h"
#include "util.h"

static zg_document *normalized(const char *text)
{
    zg_document *doc = calloc(1, sizeof *doc);
    if (!doc) return NULL;
    zg_arena_init(&doc->arena);
    doc->text_len = strlen(text);
    doc->text = zg_arena_strndup(&doc->arena, text, doc->text_len);
    zg_error err;
    if (zg_normalize(doc, &err) != ZG_OK) {
        zg_document_free(doc);
        return NULL;
    }
    return doc;
}

/* norm is valid UTF-8 and the map is monotonic, on character starts, norm_len + 1 long. */
static void check_invariants(const zg_document *doc)
{
    CHECK(doc->norm != NULL && doc->norm_map != NULL);
    CHECK_INT(doc->norm[doc->norm_len], 0);
    CHECK_INT(doc->norm_map[doc->norm_len], doc->text_len);
    size_t i = 0;
    while (i < doc->norm_len) {
        size_t before = i;
        uint32_t c = zg_utf8_next(doc->norm, doc->norm_len, &i);
        /* U+FFFD only where the text itself had something undecodable */
        if (c == 0xFFFD) CHECK(memcmp(doc->norm + before, "\xEF\xBF\xBD", 3) == 0);
    }
    for (size_t k = 0; k < doc->norm_len; k++) {
        CHECK(doc->norm_map[k] <= doc->norm_map[k + 1]);
        unsigned char t = (unsigned char)doc->text[doc->norm_map[k]];
        CHECK((t & 0xC0) != 0x80 || doc->norm_map[k] == doc->text_len);
    }
}

static void expect_norm(const char *text, const char *norm)
{
    zg_document *doc = normalized(text);
    CHECK(doc != NULL);
    if (!doc) return;
    CHECK_STR(doc->norm, norm);
    CHECK_INT(doc->norm_len, strlen(norm));
    check_invariants(doc);
    zg_document_free(doc);
}

static void test_folding(void)
{
    expect_norm("（一）１．：，；！？", "(一)1.:,;!?");
    expect_norm("ＡＢＣ　ａｂｃ", "ABC abc");
    expect_norm("整改\xC2\xA0措施\xE2\x80\x83完成", "整改 措施 完成"); /* nbsp, em space */
    expect_norm("⑴⑵⒇", "(1)(2)(20)");
    expect_norm("⒈⒉⒛", "1.2.20.");
    expect_norm("①②⑳、。“”《》", "①②⑳、。“”《》");   /* kept as printed */
    expect_norm("\xEF\xBD\xA1\xEF\xBF\xA5", "。¥");               /* half-width 。, full-width ￥ */
    expect_norm("a\r\nb\rc\n", "a\nb\nc\n");
    expect_norm("\xEF\xBB\xBF" "一、标题", "一、标题");           /* BOM dropped */
    expect_norm("", "");
    expect_norm("bad\xFF\xFEtext", "bad\xEF\xBF\xBD\xEF\xBF\xBDtext");
}

static void test_map(void)
{
    zg_document *doc = normalized("（一）标题\r\n正文");
    CHECK(doc != NULL);
    if (!doc) return;
    /* norm "(一)标题\n正文": the marker maps back to the full-width one */
    zg_sref marker = zg_sref_from_norm(doc, 0, 5);
    CHECK_STR(marker.s, "（一）");
    CHECK_INT(marker.span.start, 0);
    CHECK_INT(marker.span.end, strlen("（一）"));
    /* a title that ends at the line break does not take the '\r' */
    const char *nl = strchr(doc->norm, '\n');
    CHECK(nl != NULL);
    zg_sref title = zg_sref_from_norm(doc, 5, (size_t)(nl - doc->norm));
    CHECK_STR(title.s, "标题");
    zg_sref body = zg_sref_from_norm(doc, (size_t)(nl - doc->norm) + 1, doc->norm_len);
    CHECK_STR(body.s, "正文");
    check_invariants(doc);
    zg_document_free(doc);

    doc = normalized("⑴措施");
    CHECK(doc != NULL);
    if (!doc) return;
    CHECK_STR(doc->norm, "(1)措施");
    CHECK_STR(zg_sref_from_norm(doc, 0, 3).s, "⑴");
    CHECK_STR(zg_sref_from_norm(doc, 3, doc->norm_len).s, "措施");
    zg_document_free(doc);
}

static void test_script(void)
{
    const char *trad = "關於巡視反饋問題的整改進展情況。長期堅持，取得階段性成效，正在整改。"
                       "黨組織認真學習貫徹，對照問題清單逐項銷號。";
    zg_document *doc = normalized(trad);
    CHECK(doc != NULL);
    if (!doc) return;
    CHECK_STR(doc->script, "traditional");
    CHECK(strstr(doc->norm, "长期坚持") != NULL);
    CHECK(strstr(doc->norm, "阶段性") != NULL);
    CHECK(strstr(doc->norm, "正在整改") != NULL);
    CHECK(strstr(doc->norm, "關") == NULL);
    /* the map is exact: the Simplified 长期坚持 in norm is 長期堅持 in the text */
    const char *p = strstr(doc->norm, "长期坚持");
    if (p) {
        size_t ns = (size_t)(p - doc->norm);
        CHECK_STR(zg_sref_from_norm(doc, ns, ns + strlen("长期坚持")).s, "長期堅持");
    }
    check_invariants(doc);
    zg_document_free(doc);

    /* Simplified text stays as it is, also with a Traditional name or two in it */
    const char *simp = "关于巡视反馈问题的整改进展情况。显著成效，乾隆年间的著作，區。长期坚持。";
    doc = normalized(simp);
    CHECK(doc != NULL);
    if (!doc) return;
    CHECK_STR(doc->script, "simplified");
    CHECK_STR(doc->norm, "关于巡视反馈问题的整改进展情况。显著成效,乾隆年间的著作,區。长期坚持。");
    zg_document_free(doc);

    doc = normalized("no Han characters at all");
    CHECK(doc != NULL);
    if (doc) CHECK_STR(doc->script, "simplified");
    zg_document_free(doc);
}

/* Characters that fold longer than themselves (the one-pass fold falls back to two passes). */
static void test_growth(void)
{
    expect_norm("⒇ then a long ASCII tail after it", "(20) then a long ASCII tail after it");
    expect_norm("x\xFFyz", "x\xEF\xBF\xBDyz");          /* 1 byte → U+FFFD, 3 bytes */
    expect_norm("（1）⑽整改⑾\r\n完成", "(1)(10)整改(11)\n完成");
    expect_norm("a\r", "a\n");
    expect_norm("\r\n", "\n");
    zg_document *doc = normalized("标题⑽措施");
    CHECK(doc != NULL);
    if (!doc) return;
    CHECK_STR(zg_sref_from_norm(doc, 6, 10).s, "⑽");
    CHECK_STR(zg_sref_from_norm(doc, 10, doc->norm_len).s, "措施");
    check_invariants(doc);
    zg_document_free(doc);
}

/* Traditional from TRAD_MIN_CHANGED (3) changed Han characters and 1 in 20 of all Han. */
static void test_script_threshold(void)
{
    char text[512];
    for (int extra = 57; extra <= 58; extra++) {
        strcpy(text, "關問題");                 /* changed, and outside GB2312 */
        for (int i = 0; i < extra; i++) strcat(text, "的");
        zg_document *doc = normalized(text);
        CHECK(doc != NULL);
        if (!doc) return;
        /* 3 of 60 Han characters is 1 in 20; 3 of 61 is less */
        CHECK_STR(doc->script, extra == 57 ? "traditional" : "simplified");
        CHECK(strncmp(doc->norm, extra == 57 ? "关问题" : "關問題", strlen("关问题")) == 0);
        zg_document_free(doc);
    }
}

/* text (UTF-8) through tr as a whole; malloc'd UTF-16, NULL on error. */
static UChar *translit_text(UTransliterator *tr, const char *text, int32_t *out_len)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8WithSub(NULL, 0, &n, text, -1, 0xFFFD, NULL, &e);
    int32_t cap = n * 4 + 16;
    UChar *buf = malloc((size_t)cap * sizeof *buf);
    if (!buf) return NULL;
    e = U_ZERO_ERROR;
    u_strFromUTF8WithSub(buf, cap, &n, text, -1, 0xFFFD, NULL, &e);
    int32_t limit = n;
    utrans_transUChars(tr, buf, &n, cap, 0, &limit, &e);
    if (U_FAILURE(e)) {
        free(buf);
        return NULL;
    }
    *out_len = n;
    return buf;
}

static bool same_result(UTransliterator *a, UTransliterator *b, const char *text)
{
    int32_t na = 0, nb = 0;
    UChar *ra = translit_text(a, text, &na), *rb = translit_text(b, text, &nb);
    bool same = ra && rb && na == nb && memcmp(ra, rb, (size_t)na * sizeof *ra) == 0;
    free(ra);
    free(rb);
    return same;
}

/* The transliterator built from ICU's data (and filtered) answers as ICU's own by ID. */
static void test_translit_data(void)
{
    UTransliterator *data = zg_translit_open_data("Traditional-Simplified", NULL);
    CHECK(data != NULL);
    UChar id[32];
    u_uastrcpy(id, "Traditional-Simplified");
    UErrorCode e = U_ZERO_ERROR;
    UTransliterator *ref = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    CHECK(ref != NULL);
    if (!data || !ref) return;
    CHECK(zg_translit_open_data("No-Such-Transliterator", NULL) == NULL);
    int differ = 0;
    char one[8];
    for (uint32_t c = 0x3000; c <= 0xFFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        one[zg_utf8_put(c, one)] = '\0';
        differ += !same_result(data, ref, one);
    }
    CHECK_INT(differ, 0);
    /* phrases, context of neighbouring characters, 「」, mixed scripts */
    const char *passages[] = {
        ("關於巡視反饋問題的整改進展情況。長期堅持，取得階段性成效，正在整改。餘額、關係、聯繫，"
         "「著力」解決，乾隆年間的著作，於是甚麼都複雜；2024年12月31日前完成（第一批）。"),
        "茶餘飯後談關係，瞭解複數與複製，繫於一線；百裡挑一、稀裡糊塗、窩裡鬥。",
        "mixed ASCII and 漢字 with 「引號」 and numbers 123 萬億兩",
    };
    for (size_t i = 0; i < sizeof passages / sizeof passages[0]; i++)
        CHECK(same_result(data, ref, passages[i]));
    const char *shared = getenv("ZG_SHARED_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus-dev/d013.txt", shared ? shared : "../shared");
    FILE *f = fopen(path, "rb");
    if (f) {
        static char text[1 << 20];
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[n] = '\0';
        CHECK(same_result(data, ref, text));
    }
    utrans_close(data);
    utrans_close(ref);
}

/* The UTF-8 text of the code points [lo, hi] (no surrogates), NUL-terminated, in buf. */
static void block_text(uint32_t lo, uint32_t hi, char *buf)
{
    size_t n = 0;
    for (uint32_t c = lo; c <= hi; c++)
        if (c < 0xD800 || c > 0xDFFF) n += zg_utf8_put(c, buf + n);
    buf[n] = '\0';
}

/*
 * The transliterator built from the rules a text needs converts that text (and the texts asked
 * about before) as ICU's own by ID: every character U+3000-FFFF, in blocks of 256 each with
 * its own subset; passages and a whole Traditional notice one after another on one instance
 * (the subset grows); its source set is the full transliterator's; a run that asks about ever
 * more characters ends with the full rule set, parsing at most twice its rules.
 */
static void test_translit_subsets(void)
{
    UChar id[32];
    u_uastrcpy(id, "Traditional-Simplified");
    UErrorCode e = U_ZERO_ERROR;
    UTransliterator *ref = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    USet *full_source = NULL;
    UTransliterator *full = zg_translit_open_data("Traditional-Simplified", &full_source);
    zg_translit *t = zg_translit_new("Traditional-Simplified");
    CHECK(ref != NULL && full != NULL && t != NULL);
    if (!ref || !full || !t) return;
    CHECK(!t->complete && t->tr == NULL);   /* nothing parsed before a text asks */
    CHECK(full_source && zg_translit_source(t) && uset_equals(full_source, zg_translit_source(t)));

    static char block[256 * 3 + 1];
    int differ = 0, subsets = 0;
    char one[8];
    for (uint32_t lo = 0x3000; lo <= 0xFFFF; lo += 256) {
        if (lo >= 0xD800 && lo <= 0xDFFF) continue;
        zg_translit *b = zg_translit_new("Traditional-Simplified");
        block_text(lo, lo + 255, block);
        UTransliterator *tr = b ? zg_translit_for(b, block, strlen(block)) : NULL;
        CHECK(tr != NULL);
        if (!tr) {
            zg_translit_free(b);
            continue;
        }
        subsets += !b->complete;
        for (uint32_t c = lo; c <= lo + 255; c++) {
            if (c >= 0xD800 && c <= 0xDFFF) continue;
            one[zg_utf8_put(c, one)] = '\0';
            differ += !same_result(tr, ref, one);
        }
        differ += !same_result(tr, ref, block);
        zg_translit_free(b);
    }
    CHECK_INT(differ, 0);
    CHECK(subsets > 150);   /* the blocks took subsets, not the whole set */

    const char *shared = getenv("ZG_SHARED_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus-dev/d013.txt", shared ? shared : "../shared");
    static char notice[1 << 20];
    FILE *f = fopen(path, "rb");
    size_t nlen = f ? fread(notice, 1, sizeof notice - 1, f) : 0;
    if (f) fclose(f);
    notice[nlen] = '\0';
    const char *texts[] = {
        "關於巡視反饋問題的整改進展情況。長期堅持，取得階段性成效，正在整改。",
        "茶餘飯後談關係，瞭解複數與複製，繫於一線；百裡挑一、稀裡糊塗、窩裡鬥。",
        "「著力」解決，乾隆年間的著作，於是甚麼都複雜；餘額、關係、聯繫。",
        notice,
    };
    size_t n_texts = sizeof texts / sizeof texts[0] - (nlen == 0);
    /* a text without a key: a transliterator of no rules, which changes nothing */
    const char *plain = "ASCII 123 and 简体字";
    CHECK(zg_translit_for(t, plain, strlen(plain)) != NULL && t->rules_parsed == 0);
    CHECK(same_result(zg_translit_for(t, plain, strlen(plain)), ref, plain));
    size_t parsed = 0;
    for (size_t i = 0; i < n_texts; i++) {
        UTransliterator *tr = zg_translit_for(t, texts[i], strlen(texts[i]));
        CHECK(tr != NULL);
        CHECK(t->rules_parsed > parsed);   /* each text brought rules of its own */
        parsed = t->rules_parsed;
        for (size_t j = 0; tr && j <= i; j++) CHECK(same_result(tr, ref, texts[j]));
        CHECK(zg_translit_for(t, texts[0], strlen(texts[0])) == tr); /* nothing new: as is */
    }
    CHECK(!t->complete && t->rules_parsed < t->n_rules);

    /* ever more characters: the full set once the subsets would have parsed more */
    for (uint32_t lo = 0x4E00; lo <= 0x9FFF && !t->complete; lo += 256) {
        block_text(lo, lo + 255, block);
        CHECK(zg_translit_for(t, block, strlen(block)) != NULL);
    }
    CHECK(t->complete && t->rules_parsed <= 2 * t->n_rules);
    for (size_t j = 0; j < n_texts; j++)
        CHECK(same_result(zg_translit_for(t, texts[j], strlen(texts[j])), ref, texts[j]));
    zg_translit_free(t);
    zg_translit_free(NULL);
    uset_close(full_source);
    utrans_close(full);
    utrans_close(ref);
}

/*
 * Traditional text is converted run by run (runs remembered): norm equals ICU's whole-text
 * conversion by ID. The passages hold only Han characters and 。、, which folding keeps.
 */
static void test_script_runs(void)
{
    UChar id[32];
    u_uastrcpy(id, "Traditional-Simplified");
    UErrorCode e = U_ZERO_ERROR;
    UTransliterator *ref = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    CHECK(ref != NULL);
    if (!ref) return;
    const char *passages[] = {
        "關於巡視反饋問題的整改進展情況。關於巡視反饋問題的整改進展情況。長期堅持。長期堅持。",
        "茶餘飯後談關係、瞭解複數與複製、繫於一線。百裡挑一、稀裡糊塗、窩裡鬥。茶餘飯後談關係。",
        "黨組織認真學習貫徹對照問題清單逐項銷號並舉一反三建立長效機制鞏固整改成果。黨。組。織。",
    };
    for (size_t i = 0; i < sizeof passages / sizeof passages[0]; i++) {
        zg_document *doc = normalized(passages[i]);
        CHECK(doc != NULL);
        if (!doc) continue;
        CHECK_STR(doc->script, "traditional");
        int32_t n = 0;
        UChar *conv = translit_text(ref, passages[i], &n);
        char expect[2048];
        int32_t elen = 0;
        e = U_ZERO_ERROR;
        if (conv) u_strToUTF8(expect, sizeof expect, &elen, conv, n, &e);
        CHECK(conv && U_SUCCESS(e));
        if (conv && U_SUCCESS(e)) CHECK_STR(doc->norm, expect);
        free(conv);
        check_invariants(doc);
        zg_document_free(doc);
    }
    utrans_close(ref);
}

int main(void)
{
    test_folding();
    test_map();
    test_script();
    test_growth();
    test_script_threshold();
    test_translit_data();
    test_translit_subsets();
    test_script_runs();
    CHECK_DONE();
}
