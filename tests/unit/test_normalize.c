/* Normalization: folding, the norm → text map, CRLF, Traditional → Simplified. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
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

int main(void)
{
    test_folding();
    test_map();
    test_script();
    CHECK_DONE();
}
