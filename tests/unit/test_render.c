/*
 * Renderers on documents built by hand: exact JSON / JSONL / XML / CSV / outline strings (written
 * from the model below and docs/record.md, not copied from the program), escaping of controls,
 * quotes and invalid bytes, error records, format names, and allocation failures inside cJSON and
 * libxml2 (through their allocator hooks) → ZG_ERR_NOMEM with nothing leaked.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

#include "check.h"
#include "model.h"
#include "util.h"

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

static zg_sref sref(const char *s, size_t a, size_t b) { return (zg_sref){ s, { a, b } }; }

static void build(fixture *f)
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

static char *render(const zg_document *d, zg_format f, unsigned flags, zg_status *st)
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

static void test_json_xml(void)
{
    fixture f;
    build(&f);
    CHECK_INT(f.doc.text_len, 133);
    zg_status st;
    char *s = render(&f.doc, ZG_FORMAT_JSON, 0, &st);
    CHECK_INT(st, ZG_OK);
    CHECK_STR(s, expected_json);
    zg_string_free(s);

    s = render(&f.doc, ZG_FORMAT_XML, 0, &st);
    CHECK_INT(st, ZG_OK);
    CHECK_STR(s, expected_xml);
    zg_string_free(s);

    /* JSONL: the same content on one line, no spaces after separators */
    s = render(&f.doc, ZG_FORMAT_JSONL, 0, &st);
    CHECK_INT(st, ZG_OK);
    if (s) {
        CHECK(strchr(s, '\n') == s + strlen(s) - 1);
        static const char head[] = "{\"schema\":\"zhenggai/1\",\"source\":{\"path\":\"dir/a,b.txt\",\"bytes\":133,";
        CHECK(strncmp(s, head, sizeof head - 1) == 0);
        CHECK(strstr(s, "\"outline\":[{\"level\":1,\"marker\":{\"text\":\"一、\",\"span\":[22,28]},") != NULL);
        CHECK(strstr(s, "\"diagnostics\":[{\"severity\":\"warning\",\"code\":\"ambiguous-heading\","
                        "\"message\":\"tab\\there\",\"span\":null}]}\n") != NULL);
    }
    zg_string_free(s);

    /* with text: "text" is the last member */
    s = render(&f.doc, ZG_FORMAT_JSON, ZG_RENDER_WITH_TEXT, &st);
    CHECK_INT(st, ZG_OK);
    CHECK(s && strstr(s, "  ],\n  \"text\": \"关于整改的通报\\n一、基本情况\\n1.问题,\\\"甲\\\"\\n(1)措施一\\n"
                         "整改进度：已完成。\\n中共某局党组\\n2023年1月12日\\n\"\n}\n") != NULL);
    zg_string_free(s);
    s = render(&f.doc, ZG_FORMAT_XML, ZG_RENDER_WITH_TEXT, &st);
    CHECK(s && strstr(s, "  </diagnostics>\n  <text>关于整改的通报\n一、基本情况\n1.问题,&quot;甲&quot;\n") != NULL);
    CHECK(s && strstr(s, "2023年1月12日\n</text>\n</record>\n") != NULL);
    zg_string_free(s);
}

static const char expected_empty_json[] =
    "{\n"
    "  \"schema\": \"zhenggai/1\",\n"
    "  \"source\": {\"path\": null, \"bytes\": 0, \"sha256\": null, \"encoding\": null, "
    "\"encoding_source\": null, \"format\": null, \"script\": null, \"invalid_sequences\": 0},\n"
    "  \"title\": null,\n"
    "  \"title_source\": null,\n"
    "  \"issuer\": null,\n"
    "  \"date\": null,\n"
    "  \"date_source\": null,\n"
    "  \"kind\": \"other\",\n"
    "  \"inspection\": {\"body\": null, \"start\": null, \"end\": null, \"feedback_date\": null},\n"
    "  \"declared\": {\"categories\": null, \"issues\": null, \"completed\": null, "
    "\"basically_completed\": null, \"in_progress\": null, \"not_completed\": null, \"rate\": null},\n"
    "  \"outline\": [],\n"
    "  \"issues\": [],\n"
    "  \"contact\": {\"phone\": [], \"email\": [], \"address\": null},\n"
    "  \"facts\": [],\n"
    "  \"checks\": [],\n"
    "  \"diagnostics\": []\n"
    "}\n";

static void test_empty_and_values(void)
{
    zg_document *d = calloc(1, sizeof *d);
    zg_status st;
    char *s = render(d, ZG_FORMAT_JSON, 0, &st);
    CHECK_STR(s, expected_empty_json);
    zg_string_free(s);
    s = render(d, ZG_FORMAT_CSV_ISSUES, 0, &st);
    CHECK_STR(s, "");
    zg_string_free(s);

    /* dates of every precision, an inferred one, a page fallback; a rate with a fraction */
    static const char t[] = "2022年6月下旬至8月";
    d->text = (char *)t;
    d->text_len = sizeof t - 1;
    d->inspection.start = (zg_date){ 2022, 6, 21, ZG_PREC_DAY, true, { 0, 17 } };
    d->inspection.end = (zg_date){ 2022, 8, 0, ZG_PREC_MONTH, false, { 20, 24 } };
    d->date = (zg_date){ 2023, 0, 0, ZG_PREC_YEAR, false, { 0, 0 } };
    d->date_from_page = true;
    d->declared.rate_present = true;
    d->declared.rate_percent = 85.5;
    s = render(d, ZG_FORMAT_JSON, 0, &st);
    CHECK(s && strstr(s, "  \"date\": {\"value\": \"2023\", \"precision\": \"year\", \"inferred\": false, "
                         "\"text\": null, \"span\": null},\n  \"date_source\": \"page\",\n") != NULL);
    CHECK(s && strstr(s, "\"start\": {\"value\": \"2022-06-21\", \"precision\": \"day\", \"inferred\": true, "
                         "\"text\": \"2022年6月下旬\", \"span\": [0, 17]}") != NULL);
    CHECK(s && strstr(s, "\"end\": {\"value\": \"2022-08\", \"precision\": \"month\", \"inferred\": false, "
                         "\"text\": \"8月\", \"span\": [20, 24]}") != NULL);
    CHECK(s && strstr(s, "\"rate\": {\"value\": 85.5, \"text\": null, \"span\": null}") != NULL);
    zg_string_free(s);
    s = render(d, ZG_FORMAT_XML, 0, &st);
    CHECK(s && strstr(s, "  <date value=\"2023\" precision=\"year\" inferred=\"false\"/>\n") != NULL);
    CHECK(s && strstr(s, "<end value=\"2022-08\" precision=\"month\" inferred=\"false\" start=\"20\" "
                         "end=\"24\">8月</end>") != NULL);
    zg_string_free(s);
    free(d);
}

/* controls, quotes, backslashes, NUL, invalid bytes, non-characters in the document text */
static void test_escaping(void)
{
    static const char t[] = "a\x01" "b\x7f\"\\\xff\xef\xbf\xbe\xef\xbf\xbd\t\r\0z";
    zg_document *d = calloc(1, sizeof *d);
    d->text = (char *)t;
    d->text_len = sizeof t - 1;
    zg_status st;
    char *s = render(d, ZG_FORMAT_JSONL, ZG_RENDER_WITH_TEXT, &st);
    CHECK(s && strstr(s, ",\"text\":\"a\\u0001b\x7f\\\"\\\\\xef\xbf\xbd\xef\xbf\xbe\xef\xbf\xbd\\t\\r\\u0000z\"}\n") != NULL);
    zg_string_free(s);

    s = render(d, ZG_FORMAT_XML, ZG_RENDER_WITH_TEXT, &st);
    CHECK(s && strstr(s, "<text>a\xef\xbf\xbd" "b\x7f&quot;\\\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\t&#13;\xef\xbf\xbdz</text>") != NULL);
    if (s) {
        xmlDocPtr x = xmlReadMemory(s, (int)strlen(s), "t.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
        CHECK(x != NULL);
        xmlFreeDoc(x);
    }
    zg_string_free(s);

    /* invalid bytes and controls in attribute values (a file name) */
    d->path = "bad\xff\x02name.txt";
    s = render(d, ZG_FORMAT_XML, 0, &st);
    CHECK(s && strstr(s, "<source path=\"bad\xef\xbf\xbd\xef\xbf\xbdname.txt\"") != NULL);
    zg_string_free(s);
    s = render(d, ZG_FORMAT_JSON, 0, &st);
    CHECK(s && strstr(s, "\"path\": \"bad\xef\xbf\xbd\\u0002name.txt\"") != NULL);
    zg_string_free(s);
    free(d);
}

static const char expected_documents_row[] =
    "0123456789abcdef,\"dir/a,b.txt\",133,UTF-8,text,simplified,关于整改的通报,中共某局党组,"
    "2023-01-12,xuncha,,,,,,1,,,,,,2,1,1,1,1,0,1\r\n";
static const char expected_issues_row[] =
    "0123456789abcdef,\"dir/a,b.txt\",中共某局党组,2023-01-12,xuncha,1,1,1.,,\"问题,\"\"甲\"\"\","
    "completed,已完成,false,,1,,,已完成。,41,97\r\n";
static const char expected_measures_row[] =
    "0123456789abcdef,\"dir/a,b.txt\",1,\"问题,\"\"甲\"\"\",1,(1),措施一,56,68\r\n";
static const char expected_facts_row[] =
    "0123456789abcdef,\"dir/a,b.txt\",1,count,1,个,false,1,123,124\r\n";

/* fields in one CSV line (quotes respected) */
static int csv_fields(const char *line)
{
    int n = 1;
    bool quoted = false;
    for (const char *p = line; *p && !(!quoted && *p == '\r'); p++) {
        if (*p == '"') quoted = !quoted;
        else if (*p == ',' && !quoted) n++;
    }
    return n;
}

static void test_csv(void)
{
    fixture f;
    build(&f);
    static const struct {
        zg_format format;
        const char *row;
    } cases[] = {
        { ZG_FORMAT_CSV_DOCUMENTS, expected_documents_row },
        { ZG_FORMAT_CSV_ISSUES, expected_issues_row },
        { ZG_FORMAT_CSV_MEASURES, expected_measures_row },
        { ZG_FORMAT_CSV_FACTS, expected_facts_row },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zg_status st;
        char *s = render(&f.doc, cases[i].format, 0, &st);
        CHECK_INT(st, ZG_OK);
        CHECK_STR(s, cases[i].row);
        const char *h = zg_csv_header(cases[i].format);
        CHECK(h && strncmp(h, "document_id,source_path,", 24) == 0);
        CHECK(h && strlen(h) > 2 && strcmp(h + strlen(h) - 2, "\r\n") == 0);
        CHECK_INT(csv_fields(h), csv_fields(cases[i].row));
        zg_string_free(s);
    }
    CHECK(zg_csv_header(ZG_FORMAT_JSON) == NULL);
    CHECK(zg_csv_header(ZG_FORMAT_OUTLINE) == NULL);

    /* a newline and a quote inside a field; n_measures null when measures are not a list */
    f.issue.title = sref("第一行\n第二\"行\"", 0, 0);
    f.issue.measures_listed = false;
    f.issue.progress.long_term = true;
    f.issue.progress.deadline = (zg_date){ 2024, 2, 29, ZG_PREC_DAY, false, { 0, 0 } };
    zg_status st;
    char *s = render(&f.doc, ZG_FORMAT_CSV_ISSUES, 0, &st);
    CHECK_STR(s, "0123456789abcdef,\"dir/a,b.txt\",中共某局党组,2023-01-12,xuncha,1,1,1.,,"
                 "\"第一行\n第二\"\"行\"\"\",completed,已完成,true,2024-02-29,,,,已完成。,41,97\r\n");
    zg_string_free(s);
}

static void test_outline(void)
{
    fixture f;
    build(&f);
    zg_status st;
    char *s = render(&f.doc, ZG_FORMAT_OUTLINE, 0, &st);
    CHECK_STR(s, "title:    关于整改的通报\n"
                 "issuer:   中共某局党组\n"
                 "date:     2023-01-12\n"
                 "kind:     xuncha\n"
                 "source:   dir/a,b.txt\n"
                 "counts:   2 headings, 1 issues (declared 1), 1 measures\n"
                 "\n"
                 "一、基本情况\n"
                 "  1.问题,\"甲\"  [completed]\n");
    zg_string_free(s);
    f.issue.progress.status = ZG_ST_IN_PROGRESS;
    f.issue.progress.long_term = true;
    f.issue.progress.deadline = (zg_date){ 2023, 12, 31, ZG_PREC_DAY, false, { 0, 0 } };
    f.doc.issuer.s = NULL;
    s = render(&f.doc, ZG_FORMAT_OUTLINE, 0, &st);
    CHECK(s && strstr(s, "issuer:   -\n") != NULL);
    CHECK(s && strstr(s, "  1.问题,\"甲\"  [in_progress, long_term, deadline 2023-12-31]\n") != NULL);
    zg_string_free(s);
}

static void test_errors_and_names(void)
{
    zg_error e;
    memset(&e, 0, sizeof e);
    e.status = ZG_ERR_PARSE;
    e.line = 3;
    e.column = 7;
    strcpy(e.message, "bad <tag>");
    char *s = NULL;
    size_t len = 0;
    CHECK_INT(zg_render_error("x.html", &e, ZG_FORMAT_JSON, &s, &len), ZG_OK);
    CHECK_STR(s, "{\n  \"schema\": \"zhenggai/1\",\n  \"source\": {\"path\": \"x.html\"},\n"
                 "  \"error\": {\"code\": \"parse\", \"message\": \"bad <tag>\", \"line\": 3, \"column\": 7}\n}\n");
    zg_string_free(s);
    CHECK_INT(zg_render_error("x.html", &e, ZG_FORMAT_JSONL, &s, &len), ZG_OK);
    CHECK_STR(s, "{\"schema\":\"zhenggai/1\",\"source\":{\"path\":\"x.html\"},"
                 "\"error\":{\"code\":\"parse\",\"message\":\"bad <tag>\",\"line\":3,\"column\":7}}\n");
    CHECK_INT(len, strlen(s));
    zg_string_free(s);
    CHECK_INT(zg_render_error("x.html", &e, ZG_FORMAT_XML, &s, &len), ZG_OK);
    CHECK_STR(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<record schema=\"zhenggai/1\">\n"
                 "  <source path=\"x.html\"/>\n"
                 "  <error code=\"parse\" message=\"bad &lt;tag&gt;\" line=\"3\" column=\"7\"/>\n</record>\n");
    zg_string_free(s);

    /* no message: the status text; no path: the error's file; no line/column: left out */
    memset(&e, 0, sizeof e);
    e.status = ZG_ERR_BINARY;
    strcpy(e.file, "bin.dat");
    CHECK_INT(zg_render_error(NULL, &e, ZG_FORMAT_JSONL, &s, &len), ZG_OK);
    CHECK_STR(s, "{\"schema\":\"zhenggai/1\",\"source\":{\"path\":\"bin.dat\"},"
                 "\"error\":{\"code\":\"binary\",\"message\":\"not a text file\"}}\n");
    zg_string_free(s);
    e.file[0] = '\0';
    CHECK_INT(zg_render_error(NULL, &e, ZG_FORMAT_JSONL, &s, &len), ZG_OK);
    CHECK(s && strstr(s, "\"source\":{\"path\":null}") != NULL);
    zg_string_free(s);

    s = (char *)"x";
    CHECK_INT(zg_render_error("a", &e, ZG_FORMAT_CSV_ISSUES, &s, &len), ZG_ERR_ARG);
    CHECK(s == NULL);
    CHECK_INT(zg_render_error("a", &e, ZG_FORMAT_OUTLINE, &s, &len), ZG_ERR_ARG);
    CHECK_INT(zg_render_error("a", NULL, ZG_FORMAT_JSON, &s, &len), ZG_ERR_ARG);
    CHECK_INT(zg_render(NULL, ZG_FORMAT_JSON, 0, &s, &len), ZG_ERR_ARG);
    CHECK(s == NULL);
    zg_document d0;
    memset(&d0, 0, sizeof d0);
    CHECK_INT(zg_render(&d0, (zg_format)99, 0, &s, &len), ZG_ERR_ARG);
    CHECK_INT(zg_render(&d0, ZG_FORMAT_JSON, 0, NULL, &len), ZG_ERR_ARG);

    static const struct {
        const char *name;
        zg_format f;
    } names[] = {
        { "json", ZG_FORMAT_JSON }, { "jsonl", ZG_FORMAT_JSONL }, { "xml", ZG_FORMAT_XML },
        { "outline", ZG_FORMAT_OUTLINE }, { "csv", ZG_FORMAT_CSV_ISSUES },
        { "csv-documents", ZG_FORMAT_CSV_DOCUMENTS }, { "csv-issues", ZG_FORMAT_CSV_ISSUES },
        { "csv-measures", ZG_FORMAT_CSV_MEASURES }, { "csv-facts", ZG_FORMAT_CSV_FACTS },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        zg_format f = ZG_FORMAT_COUNT_;
        CHECK_INT(zg_format_from_name(names[i].name, &f), ZG_OK);
        CHECK_INT(f, names[i].f);
    }
    zg_format f;
    CHECK_INT(zg_format_from_name("JSON", &f), ZG_ERR_ARG);
    CHECK_INT(zg_format_from_name("csv-", &f), ZG_ERR_ARG);
    CHECK_INT(zg_format_from_name(NULL, &f), ZG_ERR_ARG);
}

/* ---- random strings full of controls, quotes, markup and broken UTF-8 always give JSON and XML
 * that parse, and carry clean strings unchanged */

static const char *const pieces[] = {
    "a", "Z", " ", "\x01", "\x1f", "\"", "\\", "<", ">", "&", "'", "\r", "\n", "\t", "\x7f",
    "\xff", "\xc3\xa9", "\xe4\xb8\xad", "\xef\xbf\xbe", "\xed\xa0\x80", "\xf0\x9f\x98\x80",
    "\xe4\xb8", "\xc0\xaf", "]]>", "&amp;", "\xef\xbf\xbd",
};

/* clean = valid UTF-8 without characters XML 1.0 forbids */
static bool is_clean(const char *s)
{
    for (size_t i = 0; s[i];) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
        if (c == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
            ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF))
            return false;
        size_t k = i;
        if (zg_utf8_next(s, strlen(s), &k) == 0xFFFD && strncmp(s + i, "\xef\xbf\xbd", 3) != 0)
            return false;
        i = k;
    }
    return true;
}

static void test_random_strings(void)
{
    unsigned seed = 12345;
    for (int round = 0; round < 300; round++) {
        char path[256] = "", title[256] = "";
        for (int which = 0; which < 2; which++) {
            char *dst = which ? title : path;
            seed = seed * 1103515245u + 12345u;
            int n = (int)((seed >> 16) % 12);
            for (int i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                strcat(dst, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
            }
        }
        zg_document *d = calloc(1, sizeof *d);
        d->text = title;
        d->text_len = strlen(title);
        d->path = path;
        d->title = sref(title, 0, strlen(title));
        zg_status st;
        char *js = render(d, ZG_FORMAT_JSONL, ZG_RENDER_WITH_TEXT, &st);
        cJSON *j = js ? cJSON_Parse(js) : NULL;
        CHECK(j != NULL);
        if (j && is_clean(path)) {
            const cJSON *p = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "source"), "path");
            CHECK(cJSON_IsString(p) && strcmp(p->valuestring, path) == 0);
        }
        if (j && is_clean(title)) {
            const cJSON *t = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "title"), "text");
            CHECK(cJSON_IsString(t) && strcmp(t->valuestring, title) == 0);
        }
        cJSON_Delete(j);
        zg_string_free(js);

        char *xs = render(d, ZG_FORMAT_XML, ZG_RENDER_WITH_TEXT, &st);
        xmlDocPtr x = xs ? xmlReadMemory(xs, (int)strlen(xs), "r.xml", NULL,
                                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
                         : NULL;
        CHECK(x != NULL);
        if (x) {
            xmlNodePtr root = xmlDocGetRootElement(x), src = NULL, tt = NULL;
            for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE) continue;
                if (strcmp((const char *)c->name, "source") == 0) src = c;
                if (strcmp((const char *)c->name, "title") == 0) tt = c;
            }
            if (is_clean(path)) {
                xmlChar *v = src ? xmlGetProp(src, BAD_CAST "path") : NULL;
                CHECK(v && strcmp((const char *)v, path) == 0);
                xmlFree(v);
            }
            if (is_clean(title) && *title) {
                xmlChar *v = tt ? xmlNodeGetContent(tt) : NULL;
                CHECK(v && strcmp((const char *)v, title) == 0);
                xmlFree(v);
            }
            xmlFreeDoc(x);
        }
        zg_string_free(xs);
        free(d);
    }
}

/* ---- allocation failures inside cJSON and libxml2, through their allocator hooks */

static long live, fail_at = -1, counter;

/* blocks allocated through the hooks and not yet freed, while a render runs */
enum { MAX_TRACKED = 8192 };
static void *tracked[MAX_TRACKED];
static size_t n_tracked;
static bool tracking;

static void track(void *p)
{
    if (tracking && p && n_tracked < MAX_TRACKED) tracked[n_tracked++] = p;
}
static void untrack(void *p)
{
    for (size_t i = 0; i < n_tracked; i++)
        if (tracked[i] == p) tracked[i] = NULL;
}

static bool fail_now(void) { return fail_at >= 0 && ++counter == fail_at; }
static void *t_malloc(size_t n)
{
    if (fail_now()) return NULL;
    void *p = malloc(n);
    if (p) live++;
    track(p);
    return p;
}
static void t_free(void *p)
{
    if (p) live--;
    untrack(p);
    free(p);
}
static void *t_realloc(void *p, size_t n)
{
    if (fail_now()) return NULL;
    size_t slot = MAX_TRACKED; /* where p is tracked, looked up before realloc frees it */
    for (size_t i = 0; p && i < n_tracked; i++)
        if (tracked[i] == p) slot = i;
    void *q = realloc(p, n);
    if (q && !p) live++;
    if (q && slot < MAX_TRACKED)
        tracked[slot] = q;
    else if (q && !p)
        track(q);
    return q;
}
static char *t_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = t_malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

static void test_alloc_failures(void)
{
    fixture f;
    build(&f);
    xmlFreeFunc old_free;
    xmlMallocFunc old_malloc;
    xmlReallocFunc old_realloc;
    xmlStrdupFunc old_strdup;
    xmlMemGet(&old_free, &old_malloc, &old_realloc, &old_strdup);
    cJSON_Hooks hooks = { t_malloc, t_free };
    cJSON_InitHooks(&hooks);
    xmlMemSetup(t_free, t_malloc, t_realloc, t_strdup);

    static const zg_format formats[] = { ZG_FORMAT_JSON, ZG_FORMAT_JSONL, ZG_FORMAT_XML };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        zg_status st;
        char *good = render(&f.doc, formats[i], ZG_RENDER_WITH_TEXT, &st); /* warm-up */
        CHECK_INT(st, ZG_OK);
        char *s;
        int nomem = 0, ok_after = 0;
        for (long n = 1; n < 5000; n++) {
            long before = live;
            counter = 0;
            fail_at = n;
            n_tracked = 0;
            tracking = true;
            s = render(&f.doc, formats[i], ZG_RENDER_WITH_TEXT, &st);
            tracking = false;
            bool reached = counter >= n;
            fail_at = -1;
            if (st == ZG_OK && good && (!s || strcmp(s, good) != 0)) {
                fprintf(stderr, "format %d: failing allocation %ld gave wrong output\n",
                        (int)formats[i], n);
                CHECK(false);
            }
            zg_string_free(s);
            CHECK(st == ZG_OK || st == ZG_ERR_NOMEM);
            /*
             * libxml2 2.9 ignores a failed list push in xmlTextWriterStartElement and leaks the
             * element's stack entry and name (2 blocks); the render still fails cleanly (the
             * unbalanced stack makes a later EndElement fail). Fixed in later libxml2 releases.
             */
            long known = formats[i] == ZG_FORMAT_XML && st == ZG_ERR_NOMEM ? 2 : 0;
            if (known && live - before == known) {
                /* release libxml2's two unreachable blocks so leak checkers stay quiet */
                for (size_t k = 0; k < n_tracked; k++)
                    if (tracked[k]) t_free(tracked[k]);
            }
            if (live != before) {
                fprintf(stderr, "format %d: failing allocation %ld leaked %ld blocks\n",
                        (int)formats[i], n, live - before);
                CHECK(live == before);
            }
            if (st == ZG_ERR_NOMEM) nomem++;
            if (!reached) {
                ok_after = st == ZG_OK;
                break;
            }
        }
        zg_string_free(good);
        CHECK(nomem > 10);       /* the hooks were used */
        CHECK(ok_after);         /* and past the last allocation the render succeeds */
    }
    cJSON_InitHooks(NULL);
    xmlMemSetup(old_free, old_malloc, old_realloc, old_strdup);
}

/* several threads render the same document at once (the first XML render initialises libxml2) */
static void *render_many(void *arg)
{
    const fixture *f = arg;
    long wrong = 0;
    for (int i = 0; i < 40; i++) {
        zg_format fmt = i % 2 ? ZG_FORMAT_JSON : ZG_FORMAT_XML;
        char *out = NULL;
        size_t len = 0;
        if (zg_render(&f->doc, fmt, 0, &out, &len) != ZG_OK ||
            strcmp(out, fmt == ZG_FORMAT_JSON ? expected_json : expected_xml) != 0)
            wrong++;
        zg_string_free(out);
    }
    return (void *)wrong;
}

static void test_threads(void)
{
    fixture f;
    build(&f);
    pthread_t th[4];
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&th[i], NULL, render_many, &f) == 0);
    for (int i = 0; i < 4; i++) {
        void *wrong = (void *)1;
        pthread_join(th[i], &wrong);
        CHECK(wrong == NULL);
    }
}

int main(void)
{
    test_threads();
    test_json_xml();
    test_empty_and_values();
    test_escaping();
    test_csv();
    test_outline();
    test_errors_and_names();
    test_random_strings();
    test_alloc_failures();
    CHECK_DONE();
}
