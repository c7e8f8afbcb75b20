/*
 * zg_encoding_from_name accepts what --encoding accepts (labels and ICU aliases, canonical name
 * out) and refuses the rest; zg_file_sha256 gives for a file exactly the digest that
 * zg_document_sha256 gives after extracting it, and fails as zg_extract_file fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "zhenggai.h"

static void test_encoding_names(void)
{
    static const struct { const char *label, *canonical; } known[] = {
        { "utf-8", "UTF-8" }, { "UTF8", "UTF-8" }, { "gbk", "GB18030" }, { "GB2312", "GB18030" },
        { "cp936", "GB18030" }, { "Big5", "BIG5" }, { "utf-16le", "UTF-16LE" },
        { "UTF-16BE", "UTF-16BE" },
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        const char *c = NULL;
        CHECK_INT(zg_encoding_from_name(known[i].label, &c), ZG_OK);
        CHECK_STR(c, known[i].canonical);
    }
    const char *c = "unchanged";
    CHECK_INT(zg_encoding_from_name("ISO-8859-1", &c), ZG_OK); /* an ICU name not in our table */
    CHECK(c != NULL && strcmp(c, "unchanged") != 0);
    CHECK_INT(zg_encoding_from_name("latin1", NULL), ZG_OK);   /* canonical may be NULL */
    c = "unchanged";
    CHECK_INT(zg_encoding_from_name("NO-SUCH-CHARSET", &c), ZG_ERR_ENCODING);
    CHECK(c == NULL);
    CHECK_INT(zg_encoding_from_name("", NULL), ZG_ERR_ENCODING);
    CHECK_INT(zg_encoding_from_name(NULL, NULL), ZG_ERR_ENCODING);
}

static void test_file_digest(zg_scanner *sc, const char *dir)
{
    static const char text[] = "一、整改工作基本情况\n市委第二巡察组于2023年11月6日进驻。\n";
    char path[512];
    snprintf(path, sizeof path, "%s/n.txt", dir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    CHECK(fwrite(text, 1, sizeof text - 1, f) == sizeof text - 1);
    fclose(f);

    char digest[65];
    zg_error err;
    CHECK_INT(zg_file_sha256(sc, path, digest, &err), ZG_OK);
    CHECK_INT(strlen(digest), 64);
    zg_document *doc = NULL;
    CHECK_INT(zg_extract_file(sc, path, NULL, &doc, &err), ZG_OK);
    if (doc) CHECK_STR(digest, zg_document_sha256(doc));
    zg_document_free(doc);
    /* the SHA-256 of the empty input, a published constant */
    snprintf(path, sizeof path, "%s/empty.txt", dir);
    f = fopen(path, "wb");
    if (f) fclose(f);
    CHECK_INT(zg_file_sha256(sc, path, digest, &err), ZG_OK);
    CHECK_STR(digest, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /* failures: as zg_extract_file reports them, and no digest */
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    CHECK_INT(zg_file_sha256(sc, path, digest, &err), ZG_ERR_IO);
    CHECK_INT(err.status, ZG_ERR_IO);
    CHECK_STR(err.file, path);
    CHECK_STR(digest, "");
    CHECK_INT(zg_file_sha256(sc, dir, digest, &err), ZG_ERR_IO);
    CHECK_STR(err.message, "is a directory");
    CHECK_INT(zg_file_sha256(NULL, path, digest, &err), ZG_ERR_ARG);
    CHECK_INT(zg_file_sha256(sc, NULL, digest, NULL), ZG_ERR_ARG);
}

int main(void)
{
    test_encoding_names();

    if (!getenv("ZG_SOURCE_DIR")) SKIP("ZG_SOURCE_DIR not set");
    zg_rules *rules = NULL;
    zg_scanner *sc = NULL;
    CHECK_INT(fixture_open(&rules, &sc), 0);
    char tmpdir[] = "/tmp/zg_api_inputs_XXXXXX";
    if (sc && mkdtemp(tmpdir)) {
        test_file_digest(sc, tmpdir);
        fixture_remove_tree(tmpdir);
    }
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
