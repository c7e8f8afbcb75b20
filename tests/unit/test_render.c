/*
 * Renderers on documents built by hand: exact JSON / JSONL / XML / CSV / outline strings (written
 * from the model and docs/record.md, not copied from the program), escaping of controls, quotes and
 * invalid bytes, error records, format names. Robustness (random strings, allocation failures,
 * threads) is in test_render_robust.c.
 */
#include <stdbool.h>

#include <libxml/parser.h>

#include "render_fixture.h"

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
    "2023-01-12,xuncha,,,,,,1,,,,,,2,1,1,1,1,0,1,ambiguous-heading\r\n";
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

    /* an issue from a table (no heading): listed under the section holding its span */
    f.issue.node = NULL;
    f.issue.category = sref("类别", 0, 0);
    f.issue.progress.long_term = false;
    f.issue.progress.deadline.precision = ZG_PREC_NONE;
    s = render(&f.doc, ZG_FORMAT_OUTLINE, 0, &st);
    CHECK(s && strstr(s, "\n\n一、基本情况\n  1.问题,\"甲\"\n    - 类别 / 问题,\"甲\"  [in_progress]\n") != NULL);
    CHECK(s && strcmp(s + strlen(s) - 2, "]\n") == 0);
    zg_string_free(s);
    /* without a span: after the tree */
    f.issue.span = (zg_span){ 0, 0 };
    s = render(&f.doc, ZG_FORMAT_OUTLINE, 0, &st);
    CHECK(s && strstr(s, "  1.问题,\"甲\"\n- 类别 / 问题,\"甲\"  [in_progress]\n") != NULL);
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

int main(void)
{
    test_json_xml();
    test_empty_and_values();
    test_escaping();
    test_csv();
    test_outline();
    test_errors_and_names();
    CHECK_DONE();
}
