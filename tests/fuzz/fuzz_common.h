/* Shared set-up for the fuzz harnesses: the project rules, loaded once per process. */
#ifndef ZG_FUZZ_COMMON_H
#define ZG_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "zhenggai.h"

/* The harness process (not the library) keeps one rule set and one scanner for its lifetime. */
static zg_rules *fuzz_rules;
static zg_scanner *fuzz_scanner;

static void fuzz_setup(void)
{
    if (fuzz_scanner) return;
    zg_error err;
    const char *dir = getenv("ZHENGGAI_RULES") ? getenv("ZHENGGAI_RULES") : zg_rules_default_dir();
    if (zg_rules_load_dir(dir, &fuzz_rules, &err) != ZG_OK ||
        zg_scanner_create(fuzz_rules, NULL, &fuzz_scanner) != ZG_OK) {
        fprintf(stderr, "fuzz: cannot load rules from %s: %s:%d:%d: %s\n", dir, err.file, err.line,
                err.column, err.message);
        abort();
    }
}

#endif
