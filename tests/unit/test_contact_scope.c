/*
 * The contact channel's shortcut (extract_contact.c): an email search starts where the first @
 * allows (zg_meta_email_from), not where the last search ended. Compared with the plain search
 * — every rule on its own (ZG_MATCH_PLAIN) from every position near each @, and the whole
 * channel searched without the shortcut — on hand-made texts and on every notice of corpus/ and
 * $ZG_SHARED_DIR/corpus-dev, with the contact read up to the text's end and up to cut points.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "meta.h"

static zg_rules *rules;
static zg_scanner *scanner;
static int n_texts, n_starts, n_matches, n_channels;

/* Every start in [a - 240, a] of each @ (and every clause start): the plain leftmost match from
 * there starts no earlier than zg_meta_email_from says, and one exists only if it is < end. */
static void compare_email_from(const char *what, zg_document *doc, size_t end)
{
    const zg_ruleset *set = zg_rules_set(rules, "contact_email");
    for (size_t a = 0; a < end; a++) {
        bool at = doc->norm[a] == '@';
        bool clause = a == 0 || doc->norm[a] == '\n' || doc->norm[a] == ',';
        if (!at && !clause) continue;
        size_t lo = at ? (a > 240 ? a - 240 : 0) : a;
        for (size_t pos = lo; pos <= a; pos++) {
            if (((unsigned char)doc->norm[pos] & 0xC0) == 0x80) continue;
            zg_match m;
            n_starts++;
            size_t from = zg_meta_email_from(doc, pos, end);
            int rc = zg_match_leftmost(scanner, set, doc->norm, pos, end, ZG_MATCH_PLAIN, &m);
            if (rc == 1) n_matches++;
            if (rc == 1 && from > m.start) {
                fprintf(stderr, "%s: email from %zu: match at %zu, shortcut starts at %zu\n", what,
                        pos, m.start, from);
                check_failures++;
            }
        }
    }
}

static bool same_sref(const zg_sref *a, const zg_sref *b)
{
    if (!a->s || !b->s) return !a->s && !b->s;
    return a->span.start == b->span.start && a->span.end == b->span.end && !strcmp(a->s, b->s);
}

static bool same_list(const zg_sref *a, size_t na, const zg_sref *b, size_t nb)
{
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++)
        if (!same_sref(&a[i], &b[i])) return false;
    return true;
}

/* The channel read up to `end` with and without the shortcut. */
static void compare_channel(const char *what, zg_document *doc, size_t end)
{
    zg_contact c[2];
    for (int k = 0; k < 2; k++) {
        memset(&doc->contact, 0, sizeof doc->contact);
        if (zg_meta_contact(doc, scanner, end, k == 1) != ZG_OK) {
            fprintf(stderr, "%s: contact failed\n", what);
            check_failures++;
            return;
        }
        c[k] = doc->contact;
    }
    n_channels++;
    if (!same_list(c[0].phones, c[0].n_phones, c[1].phones, c[1].n_phones) ||
        !same_list(c[0].emails, c[0].n_emails, c[1].emails, c[1].n_emails) ||
        !same_sref(&c[0].address, &c[1].address)) {
        fprintf(stderr, "%s: contact up to %zu differs from the plain search (%zu/%zu phones, "
                "%zu/%zu emails)\n", what, end, c[0].n_phones, c[1].n_phones, c[0].n_emails,
                c[1].n_emails);
        check_failures++;
    }
}

static void compare(const char *what, const char *text, size_t len, const char *format)
{
    zg_document *doc = fixture_extract(scanner, what, text, len, format);
    if (!doc) {
        check_failures++;
        return;
    }
    n_texts++;
    zg_scanner_bind(scanner, doc);
    compare_email_from(what, doc, doc->norm_len);
    compare_channel(what, doc, doc->norm_len);
    /* cut just before and after each @ (an email cut short, or the one before it last) */
    for (size_t a = 0; a < doc->norm_len; a++)
        if (doc->norm[a] == '@') {
            compare_channel(what, doc, a);
            compare_channel(what, doc, a + 1);
            compare_channel(what, doc, zg_meta_char_start(doc, a + 8 < doc->norm_len ? a + 8 : a));
        }
    zg_document_free(doc);
}

static void test_snippets(void)
{
    static const char *const texts[] = {
        "联系电话：0931-6123456；电子邮箱：abc@163.com。\n",
        "电子邮箱（纪委监委）  ：   a.b-c_d@mail.x.cn\n",
        "举报电子信箱\t:\t  x@y.com ，邮箱 z@w.org",
        "Emailfoo@bar.com E-mail: q@r.cn email q@r.cn",
        "来信电子邮件 纪检监察室：ab@cd.ef，联系人 ab@cd.ef",
        "邮箱　：　full@width.com。邮箱：@bad.com 邮箱：a@b.c",
        "电子邮箱一二三四五六七八九十：toolong@x.com；电子邮箱一二三四五六七八九：ok@x.com",
        "说明@某某。监督邮箱：first@a.com；第二@；投诉邮箱：second@b.com\n",
        "邮箱：x@y.com\n中共某县纪委\n2023年1月2日\n",
        "@@@邮箱：a@@b.com 邮箱 ：aa@bb.cc",
        "电子邮箱：a@x.com、b@y.com，c@z.cn或 d@w.org/e@v.net、@f.com、g@",
        "邮箱：a@x.com、x 邮箱：b@y.com、邮箱：c@z.com",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char name[32];
        snprintf(name, sizeof name, "snippet %zu", i);
        compare(name, texts[i], strlen(texts[i]), "text");
    }
}

/* Every notice of `dir`; returns how many. */
static void test_notice(const char *path, const char *bytes, size_t len, const char *format)
{
    compare(path, bytes, len, format);
}

static int test_dir(const char *dir)
{
    return fixture_each_notice(dir, test_notice);
}

int main(void)
{
    if (fixture_open(&rules, &scanner) != 0) return 1;
    test_snippets();
    int n = fixture_each_corpus(test_dir);
    printf("%d notices, %d texts, %d email starts (%d with a match), %d channels compared\n", n,
           n_texts, n_starts, n_matches, n_channels);
    CHECK(n_matches > 0);
    CHECK(n_channels > n_texts);

    zg_scanner_free(scanner);
    zg_rules_free(rules);
    CHECK_DONE();
}
