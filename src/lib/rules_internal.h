/* Internals shared by rule loading (rules.c) and set planning (rules_plan.c). */
#ifndef ZG_RULES_INTERNAL_H
#define ZG_RULES_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "rules.h"

enum {
    MAX_RULE_FILE_BYTES = 4 * 1024 * 1024,
    MAX_PATTERN_BYTES = 8192,
    MAX_PAREN_NEST = 200,
    MAX_RULES = 100000,
    /* sets with fewer rules scan faster one rule at a time: each rule keeps its own JIT start
     * optimisation (measured with callgrind: 6-10 rule sets lost 2-30 %, the 22 date rules won 5x) */
    COMBINE_MIN_RULES = 16,
    RULES_FIRST_MAX_CHARS = 1024
};

/* Options of every pattern compiled from rule files. \C (one code unit) is refused: a match
 * could end inside a UTF-8 character, and the next search from there (with PCRE2_NO_UTF_CHECK,
 * as every search runs) would read the subject as invalid UTF-8 -- undefined behaviour in PCRE2,
 * a crash in its JIT code (found by fuzz_rules). */
#define ZG_RULE_COMPILE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C)

/* a `set NAME near TRIGGER within N` declaration while loading */
typedef struct pending_trigger {
    const char *set;
    const char *pattern;       /* source text (arena) */
    pcre2_code *code;
    size_t within;
    const char *file;
    int line;
    const uint8_t *first;      /* see first_chars, or NULL */
    pcre2_code *anchored;      /* the trigger compiled PCRE2_ANCHORED (with `first` only) */
} pending_trigger;

/* a rule while loading: sets are assembled at the end */
typedef struct pending_rule {
    zg_rule rule;
    pcre2_code *anchored;
    const char *pattern;       /* source text (arena), for the set's combined pattern */
} pending_rule;

struct zg_rules {
    zg_arena arena;
    zg_ruleset *sets;
    size_t n_sets;
    zg_rule *rules;            /* all rules, grouped by set */
    /* Anchored twins, compiled on first use by whichever thread needs one first (a lost race
     * frees its copy): the only part of a loaded rule set that changes, invisibly. */
    _Atomic(pcre2_code *) *anchored;          /* of rules[i].code */
    const char **patterns;                    /* source of rules[i] */
    /* JIT-compiled copies of rules[i].code, made on first use as the anchored twins are (most
     * rules are only searched through their set's combined pattern) */
    _Atomic(pcre2_code *) *jitted;
    _Atomic(pcre2_code *) *combined_anchored; /* of plans[i].combined (JIT only) */
    const char **combined_src;                /* its source, NULL if none is to be made */
    uint16_t *first_mask;      /* per code point U+0000-U+FFFF: the trigger_bit of every plan
                                  whose trigger can start with it (rules_plan.c; the scanner
                                  reads it through zg_rules_first_mask) */
    size_t n_rules;
    uint32_t max_pairs;        /* largest ovector needed by any rule */
    zg_set_plan *plans;        /* per set: combined pattern and trigger (see rules.h) */
    /* while loading */
    pending_rule *pending;
    size_t n_pending, cap_pending;
    pending_trigger *triggers;
    size_t n_triggers, cap_triggers;
};

/* 1-based column, in characters, of byte offset `off` within `line` (for file:line:col errors). */
int zg_rules_column(const char *line, size_t off);

/* Whether s[0, n) is a valid rule, set or define name: 1-64 letters, digits, '_', '-', '.'. */
bool zg_rules_valid_name(const char *s, size_t n);

/* One `define NAME PATTERN` of a rule file (rules_define.c); pattern already expanded. */
typedef struct zg_rule_define {
    const char *name;
    size_t name_len;
    const char *pattern;
    size_t len;
    int line;
} zg_rule_define;

/* The defines read so far in one file. */
typedef struct zg_rule_defines {
    zg_rule_define *items;
    size_t n, cap;
} zg_rule_defines;

/* Read `define NAME PATTERN` from `line` (`at`: just after the word define) into `d`; names and
 * patterns go to arena `a`. Errors (bad or repeated name, no pattern, unknown reference) are
 * ZG_ERR_RULES at file:line:col. */
zg_status zg_rules_define(zg_arena *a, zg_rule_defines *d, const char *file, int lineno,
                          const char *line, size_t llen, size_t at, zg_error *err);

/* Expand each {{NAME}} of pat[0, len) (a part of `line`) into (?:PATTERN) of its define. *out is
 * pat itself when there is no reference, else a NUL-terminated copy in arena `a`. */
zg_status zg_rules_expand(zg_arena *a, const zg_rule_defines *d, const char *file, int lineno,
                          const char *line, const char *pat, size_t len, const char **out,
                          size_t *out_len, zg_error *err);

/* Free the list (not the arena strings). Safe on a zeroed or freed list. */
void zg_rule_defines_free(zg_rule_defines *d);

/* Fill `err` as a rule-file error at file:line:col; returns ZG_ERR_RULES. */
zg_status zg_rules_fail(zg_error *err, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* JIT compilation off on purpose (ZHENGGAI_NO_JIT set and not "0"; see zg_rules_compile). */
bool zg_rules_jit_disabled(void);

/* pcre2_compile of pat[0, len) with the rule-file options and limits (pattern length, nesting)
 * and `extra` options; JIT-compiled too when `jit` (and JIT is on). */
pcre2_code *zg_rules_compile(const char *pat, size_t len, uint32_t extra, bool jit, int *errcode,
                             PCRE2_SIZE *erroff);

/* Whether pcre2_jit_match may run `code` (JIT-compiled for complete matches). */
bool zg_rules_code_is_jit(const pcre2_code *code);

/* Group the pending rules by set into the final arrays and make each set's plan. */
zg_status zg_rules_finish(zg_rules *r, zg_error *err);

#endif
