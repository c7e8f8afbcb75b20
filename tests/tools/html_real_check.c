/*
 * Checks the HTML loader on real crawled pages: for every pNNN.html in DIR (../shared/html-real)
 * the extracted main text (zg_load) must contain each phrase of pNNN.expect.txt and none of its
 * "NOT:" phrases. White space (ASCII, U+00A0, U+3000) is ignored on both sides.
 * Usage: html_real_check RULES_FILE DIR. Exit 77 when DIR is absent.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stages.h"
#include "util.h"

/* Copy of s without white space. */
static char *squeeze(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t k = 0, i = 0;
    if (!out) return NULL;
    while (i < n) {
        size_t start = i;
        uint32_t cp = zg_utf8_next(s, n, &i);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000)
            continue;
        memcpy(out + k, s + start, i - start);
        k += i - start;
    }
    out[k] = '\0';
    return out;
}

static int check_page(zg_scanner *sc, const char *dir, const char *name, int *pages)
{
    char path[1024], expect[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(expect, sizeof expect, "%s/%.*s.expect.txt", dir, (int)(strlen(name) - 5), name);
    unsigned char *html = NULL, *exp = NULL;
    size_t hlen, elen;
    char why[256];
    if (zg_read_file(path, 1 << 26, &html, &hlen, why, sizeof why) != ZG_OK ||
        zg_read_file(expect, 1 << 20, &exp, &elen, why, sizeof why) != ZG_OK) {
        free(html);
        return 0;                       /* no expectations: not a test page */
    }
    (*pages)++;
    int failures = 0;
    zg_document *doc = calloc(1, sizeof *doc);
    zg_scanner_bind(sc, doc);
    zg_input_options opts = { path, NULL, NULL };
    zg_error err;
    memset(&err, 0, sizeof err);
    zg_status st = zg_load(doc, html, hlen, &opts, zg_scanner_limits(sc), &err);
    zg_scanner_bind(sc, NULL);
    if (st != ZG_OK) {
        printf("FAIL %s: load failed: %s\n", name, err.message);
        failures++;
    } else {
        char *text = squeeze(doc->text, doc->text_len);
        char *line = strtok((char *)exp, "\n");
        for (; line; line = strtok(NULL, "\n")) {
            bool negative = strncmp(line, "NOT:", 4) == 0;
            const char *phrase = negative ? line + 4 : line;
            char *p = squeeze(phrase, strlen(phrase));
            if (p && *p && (strstr(text, p) != NULL) == negative) {
                printf("FAIL %s: %s '%s' (encoding %s/%s)\n", name,
                       negative ? "furniture kept:" : "missing:", phrase, doc->encoding,
                       doc->encoding_source);
                failures++;
            }
            free(p);
        }
        free(text);
    }
    zg_document_free(doc);
    free(html);
    free(exp);
    return failures;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: %s RULES_FILE DIR\n", argv[0]); return 2; }
    DIR *d = opendir(argv[2]);
    if (!d) { printf("SKIP: %s not present\n", argv[2]); return 77; }
    zg_rules *rules = NULL;
    zg_error err;
    if (zg_rules_load_file(argv[1], &rules, &err) != ZG_OK) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        closedir(d);
        return 1;
    }
    zg_scanner *sc = NULL;
    zg_scanner_create(rules, NULL, &sc);
    char *names[4096];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 4096) {
        size_t k = strlen(e->d_name);
        if (k > 5 && !strcmp(e->d_name + k - 5, ".html")) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int failures = 0, pages = 0;
    for (size_t i = 0; i < n; i++) {
        failures += check_page(sc, argv[2], names[i], &pages);
        free(names[i]);
    }
    zg_scanner_free(sc);
    zg_rules_free(rules);
    if (!pages) { printf("SKIP: no pages with expectations in %s\n", argv[2]); return 77; }
    printf("%d page(s), %d failure(s)\n", pages, failures);
    return failures ? 1 : 0;
}
