/* Set-up shared by the unit tests that run the project's own rules: rules/ of the source tree
 * ($ZG_SOURCE_DIR, else the current directory) and one scanner for them; temporary directories. */
#ifndef ZG_FIXTURE_H
#define ZG_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "zhenggai.h"

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

/* Remove a temporary directory tree a test made (mkdtemp under /tmp). */
static inline void fixture_remove_tree(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

#endif
