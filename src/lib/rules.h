/*
 * The rule engine (internal): rule files compiled once into an immutable zg_rules set,
 * applied through a per-thread zg_scanner. Format: rules/README.md.
 *
 * A rule set is divided into named sets ("set status", "set heading_marker" …); a stage asks for a
 * set by name and matches its rules against doc->norm. Every match runs with the scanner's PCRE2
 * limits and with PCRE2_NO_UTF_CHECK (the subject is validated once per document).
 */
#ifndef ZG_RULES_H
#define ZG_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "zhenggai.h"

struct zg_document;

typedef struct zg_rule {
    const char *set;           /* set name */
    const char *name;          /* rule name, unique within its set */
    const char *yield;         /* the value the rule yields ("-" if none) */
    const char *file;          /* rule file path */
    int line;                  /* 1-based line in that file */
    int index;                 /* position within its set (0 = first) */
    pcre2_code *code;          /* compiled (not JIT: the scanner runs a JIT copy made on first use) */
    bool start_sensitive;      /* uses \G: a match depends on where the search starts, so the
                                  scanner never reuses an earlier search's result for it */
    bool resets_start;         /* may use \K: its match can start after the start of its group
                                  in a combined pattern */
    uint32_t n_captures;       /* capture groups of the pattern (its ovector: 1 + n_captures pairs) */
} zg_rule;

typedef struct zg_ruleset {
    const char *name;
    const zg_rule *rules;      /* in file order */
    size_t n_rules;
    const char *near;          /* declared trigger pattern (`set NAME near P within N`), or NULL */
    size_t within;             /* its N: non-white-space bytes from a match's start to a trigger */
    /* the set NAME.also when this set is NAME (searched with it as one set: rules/README.md,
     * "Sets searched as one"), or NULL */
    const struct zg_ruleset *also;
} zg_ruleset;

/** Compile rules from memory; `name` stands for the file name in errors (fuzzing, tests). */
zg_status zg_rules_load_text(const char *name, const char *text, size_t len, zg_rules **out,
                             zg_error *err);

/** The set named `name`, or NULL if no rule file defines it. */
const zg_ruleset *zg_rules_set(const zg_rules *rules, const char *name);

/** Per code point U+0000-U+FFFF, the trigger bits (zg_set_plan.trigger_bit) of the sets whose
 *  trigger can start with it, or NULL if no set has a bit (the scanner's document index). */
const uint16_t *zg_rules_first_mask(const zg_rules *rules);

/** Number of sets, and the set at position `i` (name order), for tools and tests. */
size_t zg_rules_n_sets(const zg_rules *rules);
const zg_ruleset *zg_rules_set_at(const zg_rules *rules, size_t i);

/** The first rule of `set` whose name is `name`, or NULL. */
const zg_rule *zg_ruleset_rule(const zg_ruleset *set, const char *name);

/** Rules of the set that yield `yield`, the first one (for lookups by value), or NULL. */
const zg_rule *zg_ruleset_by_yield(const zg_ruleset *set, const char *yield);

/** A successful match. The offsets are into the subject passed to the match call. */
typedef struct zg_match {
    const zg_rule *rule;
    size_t start, end;         /* whole match */
    const PCRE2_SIZE *ovector; /* owned by the scanner; valid until its next match call */
    uint32_t n_pairs;
} zg_match;

/** Match flags. */
enum zg_match_flags {
    ZG_MATCH_ANCHORED = 1u << 0,  /* the match must start exactly at `from` */
    /* zg_match_leftmost without its shortcuts (trigger prefilter, combined pattern, cache): every
     * rule searched on its own. Same results, slower; the reference the shortcuts are tested by. */
    ZG_MATCH_PLAIN = 1u << 1
};

/** Result of a match call: 1 found, 0 none, -1 a limit or error (a diagnostic was recorded). */

/**
 * Leftmost match of any rule of `set` in subject[from, to) (subject[0, from) stays visible to
 * look-behind). Ties at the same start go to the earlier rule. `set` may be NULL (→ 0). A set
 * with an .also set (zg_ruleset.also) is searched with it as one set, its own rules first.
 */
int zg_match_leftmost(zg_scanner *sc, const zg_ruleset *set, const char *subject, size_t from,
                      size_t to, unsigned flags, zg_match *m);

/** The first rule of `set`, in rule order, that matches anywhere in subject[from, to); the rules
 *  of its .also set come after its own. */
int zg_match_first_rule(zg_scanner *sc, const zg_ruleset *set, const char *subject, size_t from,
                        size_t to, unsigned flags, zg_match *m);

/** Match one rule in subject[from, to). */
int zg_match_rule(zg_scanner *sc, const zg_rule *rule, const char *subject, size_t from,
                  size_t to, unsigned flags, zg_match *m);

/** Offsets of named group `group` in the last match; false if the group did not take part. */
bool zg_match_group(const zg_match *m, const char *group, size_t *start, size_t *end);

/** Offsets of numbered group `n` in the last match; false if it did not take part. */
bool zg_match_group_n(const zg_match *m, uint32_t n, size_t *start, size_t *end);

/* ------------------------------------------------------------- scanner internals */

/*
 * How zg_match_leftmost searches a set (built by rules.c, read by scanner.c).
 * combined: (P1)|(P2)|… of the set's rules, each alternative one capture group (alt_group[i] is
 * the group number wrapping rule i), compiled with PCRE2_USE_OFFSET_LIMIT; NULL when the set is
 * searched rule by rule. trigger: the set's declared `near` pattern (then combined is set), or NULL.
 * The anchored twin (JIT only) is made on first use: zg_rules_combined_anchored (scanner.c); it
 * exists for every set whose rules combine (alt_group set), small sets searched rule by rule too.
 */
typedef struct zg_set_plan {
    pcre2_code *combined;
    const uint32_t *alt_group;
    pcre2_code *trigger;
    size_t within;
    /* the characters a trigger match can start with (bitmap over U+0000-U+FFFF, bit c of byte
     * c / 8), with the trigger compiled PCRE2_ANCHORED (JIT) to try at them; NULL if unknown */
    const uint8_t *trigger_first;
    pcre2_code *trigger_anchored;
    /* this plan's bit in the rule set's first-character table (scanner.c marks every character
     * of a document with it once), 0 if it has none (then trigger_first is scanned per search) */
    uint16_t trigger_bit;
    /* the characters a match of any rule of the set can start with (bitmap as trigger_first),
     * NULL if unknown: leftmost_near starts its search at the first of them in the window */
    const uint8_t *rules_first;
    bool combined_jit;         /* combined is JIT-compiled (pcre2_jit_match may run it) */
    bool trigger_jit;          /* trigger is JIT-compiled */
} zg_set_plan;

/* Pattern text analysis (rules_pattern.c), for rules.c. */
/** \G (outside an escape): the pattern's matches depend on the search's start offset. */
bool zg_pattern_uses_start_offset(const char *p);
/** \K (outside an escape): a match may start after the point where the pattern began. */
bool zg_pattern_resets_start(const char *p);
/** Whether p may be one alternative of a combined pattern; false with *why if not. */
bool zg_pattern_combinable(const char *p, const char **why);
/** Length of p's leading look-ahead guard "(?=…)" that alternatives may share, 0 if none. */
size_t zg_pattern_shared_guard(const char *p);
/** The characters a match of p can start with (bitmap over U+0000-U+FFFF), false if unknown. */
bool zg_pattern_first_chars(const char *p, uint8_t bm[0x10000 / 8]);
/** The same for any pattern whose branches start with literals, classes or groups of them, added
 *  to bm; false if unknown (then bm holds part of the answer). */
bool zg_pattern_start_chars(const char *p, uint8_t bm[0x10000 / 8]);

/** The rule set a scanner applies. */
const zg_rules *zg_scanner_rules(const zg_scanner *sc);
/** The scanner's limits (defaults filled in). */
const zg_limits *zg_scanner_limits(const zg_scanner *sc);
/** Attach the document being processed: match failures are recorded as its diagnostics. */
void zg_scanner_bind(zg_scanner *sc, struct zg_document *doc);

/** Per-scanner caches of stages (objects too costly to open per document, owned by one thread). */
enum zg_scanner_slot {
    ZG_SLOT_NORMALIZE = 0,     /* normalize.c: GB2312 set, transliterator */
    ZG_SLOT_ENCODING = 1,      /* encoding.c: ICU converters, charset bound tables */
    ZG_SLOT_EXTRACT = 2,       /* extract_lookup.c: set and group lookups of the stages */
    ZG_SLOT_HTML = 3,          /* html_rules.c: html.rules sets, element descriptor answers */
    ZG_SLOT_COUNT = 4
};
/**
 * The object in `slot`, made by `make(sc)` on first use and freed by `release` with the scanner.
 * NULL when `sc` is NULL, the slot is out of range or `make` fails: the caller does without.
 */
void *zg_scanner_slot(zg_scanner *sc, int slot, void *(*make)(const zg_scanner *sc),
                      void (*release)(void *));

#endif /* ZG_RULES_H */
