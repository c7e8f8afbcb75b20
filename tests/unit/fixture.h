/* Set-up shared by the unit tests that run the project's own rules: rules/ of the source tree
 * ($ZG_SOURCE_DIR, else the current directory) and one scanner for them; temporary directories. */
#ifndef ZG_FIXTURE_H
#define ZG_FIXTURE_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhenggai.h"

/* 0: *rules holds the project's rule file rules/NAME alone (the caller frees it); 1: failed,
 * said on stderr with the rule file's file:line:column. */
static inline int fixture_rules_file(const char *name, zg_rules **rules)
{
    const char *src = getenv("ZG_SOURCE_DIR");
    char path[1100];
    snprintf(path, sizeof path, "%s/rules/%s", src ? src : ".", name);
    zg_error err;
    *rules = NULL;
    if (zg_rules_load_file(path, rules, &err) != ZG_OK) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        return 1;
    }
    return 0;
}

/* 0: *rules and *scanner are ready (the caller frees both); 1: failed, said on stderr with the
 * rule file's file:line:column. */
static inline int fixture_open(zg_rules **rules, zg_scanner **scanner)
{
    const char *src = getenv("ZG_SOURCE_DIR");
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/rules", src ? src : ".");
    zg_error err;
    *rules = NULL;
    *scanner = NULL;
    if (zg_rules_load_dir(dir, rules, &err) != ZG_OK) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        return 1;
    }
    if (zg_scanner_create(*rules, NULL, scanner) != ZG_OK) {
        fprintf(stderr, "cannot create a scanner\n");
        zg_rules_free(*rules);
        *rules = NULL;
        return 1;
    }
    return 0;
}

/* zg_extract of text[0, len) as `format` (NULL: plain text), or NULL after saying on stderr why
 * (`what` names the text). */
static inline zg_document *fixture_extract(zg_scanner *scanner, const char *what, const char *text,
                                           size_t len, const char *format)
{
    zg_input_options o;
    memset(&o, 0, sizeof o);
    o.format = format;
    o.path = "fixture.txt";
    zg_document *doc = NULL;
    zg_error err;
    if (zg_extract(scanner, (const unsigned char *)text, len, &o, &doc, &err) != ZG_OK) {
        fprintf(stderr, "%s: extraction failed: %s\n", what, err.message);
        return NULL;
    }
    return doc;
}

/* Remove a temporary directory tree a test made (mkdtemp under /tmp). */
static inline void fixture_remove_tree(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

static inline int fixture_strcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in `dir` ending in one of `suffixes` (NULL-terminated), sorted by byte value, at most
 * `max` (each malloc'd: the caller frees them); 0 when `dir` cannot be read. */
static inline size_t fixture_names(const char *dir, const char *const *suffixes, char **names,
                                   size_t max)
{
    DIR *dp = opendir(dir);
    if (!dp) return 0;
    size_t n = 0;
    struct dirent *e;
    while (n < max && (e = readdir(dp)) != NULL) {
        size_t len = strlen(e->d_name);
        bool wanted = false;
        for (size_t k = 0; suffixes[k] && !wanted; k++) {
            size_t sl = strlen(suffixes[k]);
            wanted = len > sl && strcmp(e->d_name + len - sl, suffixes[k]) == 0;
        }
        if (wanted && (names[n] = strdup(e->d_name)) != NULL) n++;
    }
    closedir(dp);
    if (n > 1) qsort(names, n, sizeof *names, fixture_strcmp);
    return n;
}

/* each(path, bytes, len, format) for every notice (*.txt, *.html, *.md) of `dir` in name order,
 * format "html", "markdown" or NULL (plain text), bytes read whole (at most 2 MiB); returns how
 * many notices `dir` has (0 when it cannot be read). */
static inline int fixture_each_notice(const char *dir,
                                      void (*each)(const char *path, const char *bytes, size_t len,
                                                   const char *format))
{
    static const char *const suffixes[] = { ".txt", ".html", ".md", NULL };
    char *names[512];
    size_t n = fixture_names(dir, suffixes, names, 512);
    char *buf = malloc(1 << 21);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = buf ? fopen(path, "rb") : NULL;
        if (f) {
            size_t len = fread(buf, 1, 1 << 21, f);
            fclose(f);
            const char *dot = strrchr(names[i], '.');
            each(path, buf, len,
                 !strcmp(dot, ".html") ? "html" : !strcmp(dot, ".md") ? "markdown" : NULL);
        }
        free(names[i]);
    }
    free(buf);
    return (int)n;
}

/* each_dir over the project's corpus/ ($ZG_SOURCE_DIR, else .) and then corpus-dev of the shared
 * data ($ZG_SHARED_DIR, else ../shared); the sum of what it returns (an absent folder is the
 * callee's to count as 0: the shared data may be missing). */
static inline int fixture_each_corpus(int (*each_dir)(const char *dir))
{
    const char *src = getenv("ZG_SOURCE_DIR"), *shared = getenv("ZG_SHARED_DIR");
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/corpus", src ? src : ".");
    int n = each_dir(dir);
    snprintf(dir, sizeof dir, "%s/corpus-dev", shared ? shared : "../shared");
    return n + each_dir(dir);
}

/* Notices by extension, and gold annotations, for fixture_names. */
static const char *const fixture_notice_suffixes[] = { ".txt", ".htm", ".html", ".md", NULL };
static const char *const fixture_gold_suffixes[] = { ".gold.json", NULL };

#endif
