/*
 * The hand-built document shared by the renderer tests (test_render.c, test_render_robust.c) and
 * its expected JSON and XML, written from the model below and docs/record.md.
 */
#ifndef ZG_RENDER_FIXTURE_H
#define ZG_RENDER_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model.h"

/*
 * Byte offsets of the hand-built notice (CJK characters and full-width punctuation are 3 bytes):
 *   0  关于整改的通报 (21)            21 \n
 *   22 一、 (6)  28 基本情况 (12)     40 \n
 *   41 1.  43 问题 (6)  49 ,  50 "  51 甲  54 "  55 \n
 *   56 (1)  59 措施一 (9)             68 \n
 *   69 整改进度 (12)  81 ：  84 已完成 (9)  93 。  96 \n
 *   97 中共某局党组 (18)              115 \n
 *   116 2023 120 年 123 1 124 月 127 12 129 日 132 \n   (133 bytes)
 */
static const char notice[] =
    "关于整改的通报\n一、基本情况\n1.问题,\"甲\"\n(1)措施一\n整改进度：已完成。\n中共某局党组\n"
    "2023年1月12日\n";

static const char sha[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

typedef struct fixture {
    zg_document doc;
    zg_node n1, n2;
    zg_node *headings[2];
    zg_issue issue;
    zg_list_item measure;
    zg_fact fact;
    zg_check check;
    zg_diagnostic diag;
} fixture;

static inline zg_sref sref(const char *s, size_t a, size_t b) { return (zg_sref){ s, { a, b } }; }

static inline void build(fixture *f)
{
    memset(f, 0, sizeof *f);
    zg_document *d = &f->doc;
    d->text = (char *)notice;
    d->text_len = sizeof notice - 1;
    d->path = "dir/a,b.txt";
    d->src_bytes = 133;
    memcpy(d->sha256, sha, 65);
    d->encoding = "UTF-8";
    d->encoding_source = "detected";
    d->format = "text";
    d->script = "simplified";
    d->title = sref("关于整改的通报", 0, 21);
    d->issuer = sref("中共某局党组", 97, 115);
    d->date = (zg_date){ 2023, 1, 12, ZG_PREC_DAY, false, { 116, 132 } };
    d->kind = "xuncha";
    d->declared.issues = (zg_count){ true, 1, { 43, 49 } };

    f->n1 = (zg_node){ .level = 1, .type = "cn_dun", .marker = sref("一、", 22, 28), .number = 1,
                       .title = sref("基本情况", 28, 40), .span = { 22, 115 } };
    f->n2 = (zg_node){ .level = 3, .type = "arabic_dot", .marker = sref("1.", 41, 43), .number = 1,
                       .title = sref("问题,\"甲\"", 43, 55), .span = { 41, 97 } };
    f->n1.parent = &d->root;
    f->n1.first_child = f->n1.last_child = &f->n2;
    f->n2.parent = &f->n1;
    d->root.first_child = d->root.last_child = &f->n1;
    f->headings[0] = &f->n1;
    f->headings[1] = &f->n2;
    d->headings = f->headings;
    d->n_headings = 2;

    f->measure = (zg_list_item){ "paren_arabic", sref("(1)", 56, 59), 1, { 56, 68 },
                                 sref("措施一", 59, 68) };
    zg_issue *it = &f->issue;
    it->number = 1;
    it->marker = sref("1.", 41, 43);
    it->title = sref("问题,\"甲\"", 43, 55);
    it->span = (zg_span){ 41, 97 };
    it->measures = &f->measure;
    it->n_measures = 1;
    it->measures_listed = true;
    it->progress.label = sref("整改进度", 69, 81);
    it->progress.text = sref("已完成。", 84, 96);
    it->progress.status = ZG_ST_COMPLETED;
    it->progress.phrase = sref("已完成", 84, 93);
    it->node = &f->n2;
    d->issues = it;
    d->n_issues = 1;

    f->fact = (zg_fact){ "count", "1", "个", false, { 123, 124 }, sref("1", 123, 124) };
    d->facts = &f->fact;
    d->n_facts = 1;
    f->check = (zg_check){ "declared.issues", true, 1, 1, NULL };
    d->checks = &f->check;
    d->n_checks = 1;
    f->diag = (zg_diagnostic){ ZG_SEV_WARNING, "ambiguous-heading", "tab\there", { 0, 0 } };
    d->diagnostics = &f->diag;
    d->n_diagnostics = 1;
}

static const char expected_json[] =
    "{\n"
    "  \"schema\": \"zhenggai/1\",\n"
    "  \"source\": {\"path\": \"dir/a,b.txt\", \"bytes\": 133, \"sha256\": "
    "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\", \"encoding\": \"UTF-8\", "
    "\"encoding_source\": \"detected\", \"format\": \"text\", \"script\": \"simplified\", "
    "\"invalid_sequences\": 0},\n"
    "  \"title\": {\"text\": \"关于整改的通报\", \"span\": [0, 21]},\n"
    "  \"title_source\": \"text\",\n"
    "  \"issuer\": {\"text\": \"中共某局党组\", \"span\": [97, 115]},\n"
    "  \"date\": {\"value\": \"2023-01-12\", \"precision\": \"day\", \"inferred\": false, "
    "\"text\": \"2023年1月12日\", \"span\": [116, 132]},\n"
    "  \"date_source\": \"text\",\n"
    "  \"kind\": \"xuncha\",\n"
    "  \"inspection\": {\"body\": null, \"start\": null, \"end\": null, \"feedback_date\": null},\n"
    "  \"declared\": {\n"
    "    \"categories\": null,\n"
    "    \"issues\": {\"value\": 1, \"text\": \"问题\", \"span\": [43, 49]},\n"
    "    \"completed\": null,\n"
    "    \"basically_completed\": null,\n"
    "    \"in_progress\": null,\n"
    "    \"not_completed\": null,\n"
    "    \"rate\": null\n"
    "  },\n"
    "  \"outline\": [\n"
    "    {\n"
    "      \"level\": 1,\n"
    "      \"marker\": {\"text\": \"一、\", \"span\": [22, 28]},\n"
    "      \"number\": 1,\n"
    "      \"title\": {\"text\": \"基本情况\", \"span\": [28, 40]},\n"
    "      \"span\": [22, 115],\n"
    "      \"children\": [\n"
    "        {\n"
    "          \"level\": 3,\n"
    "          \"marker\": {\"text\": \"1.\", \"span\": [41, 43]},\n"
    "          \"number\": 1,\n"
    "          \"title\": {\"text\": \"问题,\\\"甲\\\"\", \"span\": [43, 55]},\n"
    "          \"span\": [41, 97],\n"
    "          \"children\": []\n"
    "        }\n"
    "      ]\n"
    "    }\n"
    "  ],\n"
    "  \"issues\": [\n"
    "    {\n"
    "      \"number\": 1,\n"
    "      \"marker\": {\"text\": \"1.\", \"span\": [41, 43]},\n"
    "      \"category\": null,\n"
    "      \"title\": {\"text\": \"问题,\\\"甲\\\"\", \"span\": [43, 55]},\n"
    "      \"span\": [41, 97],\n"
    "      \"measures\": [\n"
    "        {\n"
    "          \"marker\": {\"text\": \"(1)\", \"span\": [56, 59]},\n"
    "          \"text\": {\"text\": \"措施一\", \"span\": [59, 68]},\n"
    "          \"span\": [56, 68]\n"
    "        }\n"
    "      ],\n"
    "      \"n_measures\": 1,\n"
    "      \"measures_text\": null,\n"
    "      \"progress\": {\n"
    "        \"label\": {\"text\": \"整改进度\", \"span\": [69, 81]},\n"
    "        \"text\": {\"text\": \"已完成。\", \"span\": [84, 96]},\n"
    "        \"status\": \"completed\",\n"
    "        \"status_phrase\": {\"text\": \"已完成\", \"span\": [84, 93]},\n"
    "        \"long_term\": false,\n"
    "        \"deadline\": null\n"
    "      },\n"
    "      \"responsible\": null,\n"
    "      \"time_limit\": null\n"
    "    }\n"
    "  ],\n"
    "  \"contact\": {\"phone\": [], \"email\": [], \"address\": null},\n"
    "  \"facts\": [\n"
    "    {\"kind\": \"count\", \"value\": \"1\", \"unit\": \"个\", \"approximate\": false, "
    "\"text\": \"1\", \"span\": [123, 124]}\n"
    "  ],\n"
    "  \"checks\": [\n"
    "    {\"name\": \"declared.issues\", \"ok\": true, \"declared\": 1, \"found\": 1, "
    "\"message\": null}\n"
    "  ],\n"
    "  \"diagnostics\": [\n"
    "    {\"severity\": \"warning\", \"code\": \"ambiguous-heading\", \"message\": \"tab\\there\", "
    "\"span\": null}\n"
    "  ]\n"
    "}\n";

static const char expected_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<record schema=\"zhenggai/1\" title_source=\"text\" date_source=\"text\" kind=\"xuncha\">\n"
    "  <source path=\"dir/a,b.txt\" bytes=\"133\" "
    "sha256=\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\" encoding=\"UTF-8\" "
    "encoding_source=\"detected\" format=\"text\" script=\"simplified\" invalid_sequences=\"0\"/>\n"
    "  <title start=\"0\" end=\"21\">关于整改的通报</title>\n"
    "  <issuer start=\"97\" end=\"115\">中共某局党组</issuer>\n"
    "  <date value=\"2023-01-12\" precision=\"day\" inferred=\"false\" start=\"116\" end=\"132\">"
    "2023年1月12日</date>\n"
    "  <inspection/>\n"
    "  <declared>\n"
    "    <issues value=\"1\" start=\"43\" end=\"49\">问题</issues>\n"
    "  </declared>\n"
    "  <outline>\n"
    "    <node level=\"1\" number=\"1\" start=\"22\" end=\"115\">\n"
    "      <marker start=\"22\" end=\"28\">一、</marker>\n"
    "      <title start=\"28\" end=\"40\">基本情况</title>\n"
    "      <node level=\"3\" number=\"1\" start=\"41\" end=\"97\">\n"
    "        <marker start=\"41\" end=\"43\">1.</marker>\n"
    "        <title start=\"43\" end=\"55\">问题,&quot;甲&quot;</title>\n"
    "      </node>\n"
    "    </node>\n"
    "  </outline>\n"
    "  <issues>\n"
    "    <issue number=\"1\" start=\"41\" end=\"97\" n_measures=\"1\">\n"
    "      <marker start=\"41\" end=\"43\">1.</marker>\n"
    "      <title start=\"43\" end=\"55\">问题,&quot;甲&quot;</title>\n"
    "      <measures>\n"
    "        <measure start=\"56\" end=\"68\">\n"
    "          <marker start=\"56\" end=\"59\">(1)</marker>\n"
    "          <text start=\"59\" end=\"68\">措施一</text>\n"
    "        </measure>\n"
    "      </measures>\n"
    "      <progress status=\"completed\" long_term=\"false\">\n"
    "        <label start=\"69\" end=\"81\">整改进度</label>\n"
    "        <text start=\"84\" end=\"96\">已完成。</text>\n"
    "        <status_phrase start=\"84\" end=\"93\">已完成</status_phrase>\n"
    "      </progress>\n"
    "    </issue>\n"
    "  </issues>\n"
    "  <contact/>\n"
    "  <facts>\n"
    "    <fact kind=\"count\" value=\"1\" unit=\"个\" approximate=\"false\" start=\"123\" end=\"124\">1</fact>\n"
    "  </facts>\n"
    "  <checks>\n"
    "    <check name=\"declared.issues\" ok=\"true\" declared=\"1\" found=\"1\"/>\n"
    "  </checks>\n"
    "  <diagnostics>\n"
    "    <diagnostic severity=\"warning\" code=\"ambiguous-heading\" message=\"tab&#9;here\"/>\n"
    "  </diagnostics>\n"
    "</record>\n";

static inline char *render(const zg_document *d, zg_format f, unsigned flags, zg_status *st)
{
    char *out = (char *)"not reset";
    size_t len = 12345;
    *st = zg_render(d, f, flags, &out, &len);
    if (*st != ZG_OK) {
        CHECK(out == NULL);
        CHECK(len == 0);
        return NULL;
    }
    CHECK(out != NULL && strlen(out) == len);
    return out;
}

#endif
