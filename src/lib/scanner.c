/*
 * Per-thread application of a rule set: PCRE2 match data, JIT stack and limits on every match.
 *
 * zg_match_leftmost keeps, per rule (or per set), where the next match starts for the current
 * subject, so a find-all loop over a set does not rescan the text once per rule per call. A set
 * with a combined pattern is searched in one scan; a set with a declared trigger (`near`) only
 * around the trigger's matches (leftmost_near).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rules.h"
#include "scanner_index.h"

uint32_t zg_rules_max_pairs(const zg_rules *r);
pcre2_code *zg_rules_anchored_code(const zg_rules *r, const zg_rule *rule);
pcre2_code *zg_rules_jit_code(const zg_rules *r, const zg_rule *rule);
pcre2_code *zg_rules_combined_anchored(const zg_rules *r, size_t set_index);
size_t zg_rules_rule_index(const zg_rules *r, const zg_rule *rule);
const zg_set_plan *zg_rules_plan(const zg_rules *r, const zg_ruleset *set, size_t *set_index);
size_t zg_rules_set_count(const zg_rules *r);

enum { MAX_LIMIT_DIAGS = 20 };

typedef struct next_match {
    unsigned long gen;         /* the scanner's document generation; another one = empty entry */
    const char *subject;
    size_t to, from;           /* the search that produced it */
    size_t start;              /* SIZE_MAX: no match at or after `from` */
    size_t rule;               /* set entries: index in the set of the rule matching at start */
    unsigned long used;        /* scanner clock at the last use (least recently used goes) */
} next_match;

/*
 * Slots per rule: a find-all loop over [from, to) runs nested searches of the same set over
 * other ranges (a date inside a clause of the date's own search), which then push the loop's
 * entry out; more slots kept it, but looking through them cost more than the rescans they saved
 * (callgrind: 4 slots and 2 per trigger cost 2.2M instructions more than 1 and 1 on 400
 * bench notices, 1.0M more on 100 real-length ones).
 */
enum { CACHE_SLOTS = 1 };
/* Per set with a trigger: where its next trigger is (a found match's successor search usually
 * starts before the trigger that led to it); one slot, for the same reason. */
enum { TRIGGER_SLOTS = 1, SET_SLOTS = CACHE_SLOTS + TRIGGER_SLOTS };

struct zg_scanner {
    const zg_rules *rules;
    zg_limits limits;
    pcre2_match_data *md;      /* every match goes here … */
    pcre2_match_data *md_kept; /* … but leftmost_by_rule's best so far, kept here (swapped) */
    pcre2_match_context *mctx;
    pcre2_match_context *mctx_limited; /* the same limits plus an offset limit (leftmost_near) */
    pcre2_jit_stack *jit;
    zg_document *doc;
    int limit_diags;
    next_match *cache;         /* CACHE_SLOTS per rule */
    size_t n_cache;            /* rules */
    next_match *set_cache;     /* SET_SLOTS per set: CACHE_SLOTS leftmost, then TRIGGER_SLOTS */
    size_t n_set_cache;        /* sets */
    unsigned long clock;       /* never reset: entries of earlier documents are the oldest */
    unsigned long gen;         /* bumped by zg_scanner_bind: invalidates every cache entry */
    /* positions in the bound document's norm, made on first use (document_index) */
    doc_index index;
    void *slots[ZG_SLOT_COUNT];            /* per-scanner stage caches */
    void (*release[ZG_SLOT_COUNT])(void *);
};

static void fill_defaults(zg_limits *l)
{
    if (!l->max_input_bytes) l->max_input_bytes = (size_t)64 << 20;
    if (!l->match_limit) l->match_limit = 1000000;
    if (!l->depth_limit) l->depth_limit = 10000;
    if (!l->heap_limit_kib) l->heap_limit_kib = 20000;
    if (!l->max_nodes) l->max_nodes = 20000;
    if (!l->max_html_depth) l->max_html_depth = 256;
}

zg_status zg_scanner_create(const zg_rules *rules, const zg_limits *limits, zg_scanner **out)
{
    if (!out) return ZG_ERR_ARG;
    *out = NULL;
    if (!rules) return ZG_ERR_ARG;
    zg_scanner *sc = calloc(1, sizeof *sc);
    if (!sc) return ZG_ERR_NOMEM;
    sc->rules = rules;
    if (limits) sc->limits = *limits;
    fill_defaults(&sc->limits);
    sc->md = pcre2_match_data_create(zg_rules_max_pairs(rules), NULL);
    sc->md_kept = pcre2_match_data_create(zg_rules_max_pairs(rules), NULL);
    sc->mctx = pcre2_match_context_create(NULL);
    sc->mctx_limited = pcre2_match_context_create(NULL);
    sc->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    sc->n_cache = zg_rules_count(rules);
    sc->cache = calloc((sc->n_cache ? sc->n_cache : 1) * CACHE_SLOTS, sizeof *sc->cache);
    sc->n_set_cache = zg_rules_set_count(rules);
    sc->set_cache = calloc((sc->n_set_cache ? sc->n_set_cache : 1) * SET_SLOTS,
                           sizeof *sc->set_cache);
    if (!sc->md || !sc->md_kept || !sc->mctx || !sc->mctx_limited || !sc->jit || !sc->cache || !sc->set_cache) {
        zg_scanner_free(sc);
        return ZG_ERR_NOMEM;
    }
    pcre2_set_match_limit(sc->mctx, sc->limits.match_limit);
    pcre2_set_depth_limit(sc->mctx, sc->limits.depth_limit);
    pcre2_set_heap_limit(sc->mctx, (uint32_t)sc->limits.heap_limit_kib);
    pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit);
    pcre2_set_match_limit(sc->mctx_limited, sc->limits.match_limit);
    pcre2_set_depth_limit(sc->mctx_limited, sc->limits.depth_limit);
    pcre2_set_heap_limit(sc->mctx_limited, (uint32_t)sc->limits.heap_limit_kib);
    pcre2_jit_stack_assign(sc->mctx_limited, NULL, sc->jit);
    sc->gen = 1;
    *out = sc;
    return ZG_OK;
}

void zg_scanner_free(zg_scanner *sc)
{
    if (!sc) return;
    pcre2_match_data_free(sc->md);
    pcre2_match_data_free(sc->md_kept);
    pcre2_match_context_free(sc->mctx);
    pcre2_match_context_free(sc->mctx_limited);
    pcre2_jit_stack_free(sc->jit);
    free(sc->cache);
    free(sc->set_cache);
    zg_doc_index_free(&sc->index);
    for (int i = 0; i < ZG_SLOT_COUNT; i++)
        if (sc->slots[i] && sc->release[i]) sc->release[i](sc->slots[i]);
    free(sc);
}

void *zg_scanner_slot(zg_scanner *sc, int slot, void *(*make)(const zg_scanner *sc),
                      void (*release)(void *))
{
    if (!sc || slot < 0 || slot >= ZG_SLOT_COUNT) return NULL;
    if (!sc->slots[slot] && (sc->slots[slot] = make(sc)) != NULL) sc->release[slot] = release;
    return sc->slots[slot];
}

const zg_rules *zg_scanner_rules(const zg_scanner *sc) { return sc->rules; }
const zg_limits *zg_scanner_limits(const zg_scanner *sc) { return &sc->limits; }

void zg_scanner_bind(zg_scanner *sc, zg_document *doc)
{
    sc->doc = doc;
    if (doc) doc->scanner = sc;
    sc->limit_diags = 0;
    sc->gen++; /* no memset of the caches: an entry of another generation counts as empty */
}

static void report(zg_scanner *sc, const zg_rule *rule, int rc, size_t from)
{
    if (!sc->doc || sc->limit_diags >= MAX_LIMIT_DIAGS) return;
    sc->limit_diags++;
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(rc, msg, sizeof msg);
    zg_span sp = { 0, 0 };
    if (sc->doc->norm && from <= sc->doc->norm_len) sp = zg_span_from_norm(sc->doc, from, from);
    zg_doc_diag(sc->doc, ZG_SEV_WARNING, "rule-limit", sp,
                "rule %s/%s (%s:%d) gave up: %s", rule->set, rule->name, rule->file, rule->line,
                (const char *)msg);
}

/*
 * pcre2_match, or for JIT-compiled code (`jit`) pcre2_jit_match, which is what pcre2_match calls
 * for it after checking its arguments (pcre2jit: the fast path "bypasses the sanity checks" and
 * is only for code JIT-compiled for the kind of match asked for, here complete matches). What
 * those checks would refuse never reaches here: the subject is valid UTF-8 (validated once per
 * document, hence PCRE2_NO_UTF_CHECK everywhere), from <= to (every caller), no option but
 * PCRE2_NO_UTF_CHECK (PCRE2_ANCHORED at match time goes to pcre2_match: pcre2_jit_match would
 * ignore it), and an offset limit only for codes compiled with PCRE2_USE_OFFSET_LIMIT.
 */
static inline int match_code(const pcre2_code *code, bool jit, const char *subject, size_t to,
                             size_t from, uint32_t options, pcre2_match_data *md,
                             pcre2_match_context *mctx)
{
    if (jit && options == PCRE2_NO_UTF_CHECK)
        return pcre2_jit_match(code, (PCRE2_SPTR)subject, to, from, options, md, mctx);
    return pcre2_match(code, (PCRE2_SPTR)subject, to, from, options, md, mctx);
}

/* One pcre2_match; 1 found, 0 none, -1 error (reported). */
static int run(zg_scanner *sc, const zg_rule *rule, const char *subject, size_t from, size_t to,
               unsigned flags, zg_match *m)
{
    if (from > to) return 0;
    pcre2_code *code = rule->code;
    bool jit = false; /* rule->code is never JIT-compiled itself (rules.c) */
    uint32_t options = PCRE2_NO_UTF_CHECK;
    if (flags & ZG_MATCH_ANCHORED) {
        pcre2_code *twin = zg_rules_anchored_code(sc->rules, rule); /* always JIT (rules.c) */
        if (twin) code = twin, jit = true;
        else options |= PCRE2_ANCHORED; /* no JIT twin: the same match, slower */
    } else {
        pcre2_code *j = zg_rules_jit_code(sc->rules, rule); /* JIT copy, made on first use */
        if (j) code = j, jit = true;
    }
    int rc = match_code(code, jit, subject, to, from, options, sc->md, sc->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) {
        report(sc, rule, rc, from);
        return -1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    m->rule = rule;
    m->start = ov[0];
    m->end = ov[1];
    m->ovector = ov;
    m->n_pairs = pcre2_get_ovector_count(sc->md);
    return 1;
}

int zg_match_rule(zg_scanner *sc, const zg_rule *rule, const char *subject, size_t from,
                  size_t to, unsigned flags, zg_match *m)
{
    if (!sc || !rule || !subject || !m) return 0;
    return run(sc, rule, subject, from, to, flags, m);
}

static size_t matched_alternative(const zg_scanner *sc, const zg_set_plan *plan, size_t n_rules);

/*
 * The match of rule i of `set` read off the last match of the set's combined pattern (or its
 * anchored twin), in which rule i's alternative matched: false if it cannot be (the caller then
 * runs the rule itself). Why it is the rule's own match at that start, groups included:
 * alternative i is "(Pi)", group alt_group[i], Pi's own groups numbered right after it in the
 * same order (rules.c checks the count); nothing follows it in the pattern (a shared guard
 * "G(?:(A)|(B))" only precedes it, tests nothing after and captures nothing), so the combined
 * match ends at Pi's first success at that start, found by the same backtracking through Pi as
 * the rule's own match there (the earlier alternatives all failed there first and left no
 * groups set). Pi holds no \G, numbered reference or verb (zg_pattern_combinable), and no \K
 * (resets_start), so the group starts where the match does; that is checked anyway, with its end.
 */
static bool alternative_match(const zg_scanner *sc, const zg_ruleset *set,
                              const zg_set_plan *plan, size_t i, zg_match *m)
{
    const zg_rule *rule = &set->rules[i];
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    uint32_t base = plan->alt_group[i];
    if (rule->resets_start || base + rule->n_captures >= pcre2_get_ovector_count(sc->md) ||
        ov[2 * base] != ov[0] || ov[2 * base + 1] != ov[1])
        return false;
    m->rule = rule;
    m->start = ov[0];
    m->end = ov[1];
    m->ovector = ov + 2 * base;
    m->n_pairs = rule->n_captures + 1;
    return true;
}

/* zg_match_first_rule within one set (its .also set aside) */
static int first_rule_of_set(zg_scanner *sc, const zg_ruleset *set, const char *subject,
                             size_t from, size_t to, unsigned flags, zg_match *m)
{
    size_t si;
    const zg_set_plan *plan = zg_rules_plan(sc->rules, set, &si);
    pcre2_code *anchored = (flags & ZG_MATCH_ANCHORED) && !(flags & ZG_MATCH_PLAIN) && plan &&
                                   plan->alt_group && from <= to
                               ? zg_rules_combined_anchored(sc->rules, si)
                               : NULL;
    if (anchored) {
        /* at one position the combined pattern's first matching alternative is the first
         * matching rule: one anchored match, with that rule's groups in it */
        int rc = pcre2_jit_match(anchored, (PCRE2_SPTR)subject, to, from, PCRE2_NO_UTF_CHECK,
                                 sc->md, sc->mctx); /* JIT-compiled (rules.c): match_code */
        if (rc == PCRE2_ERROR_NOMATCH) return 0;
        size_t i = rc >= 0 ? matched_alternative(sc, plan, set->n_rules) : SIZE_MAX;
        if (i != SIZE_MAX && alternative_match(sc, set, plan, i, m)) return 1;
        if (i != SIZE_MAX && run(sc, &set->rules[i], subject, from, to, flags, m) == 1) return 1;
        /* a limit, or disagreement: ask the rules one by one */
    }
    int status = 0;
    for (size_t i = 0; i < set->n_rules; i++) {
        int rc = run(sc, &set->rules[i], subject, from, to, flags, m);
        if (rc == 1) return 1;
        if (rc < 0) status = -1;
    }
    return status;
}

int zg_match_first_rule(zg_scanner *sc, const zg_ruleset *set, const char *subject, size_t from,
                        size_t to, unsigned flags, zg_match *m)
{
    if (!sc || !set || !subject || !m) return 0;
    int rc = first_rule_of_set(sc, set, subject, from, to, flags, m);
    if (rc == 1 || !set->also) return rc;
    /* the .also set's rules come after the set's own, in their order */
    int also = first_rule_of_set(sc, set->also, subject, from, to, flags, m);
    return also == 1 ? 1 : (rc < 0 || also < 0) ? -1 : 0;
}

/* The cache slot for (subject, to) valid at `from` among slots[0, n), or NULL with *victim the
 * least recently used one. */
static next_match *cache_find(next_match *slots, int n, unsigned long gen, const char *subject,
                              size_t from, size_t to, next_match **victim)
{
    *victim = &slots[0];
    for (int k = 0; k < n; k++) {
        next_match *e = &slots[k];
        if (e->gen == gen && e->subject == subject && e->to == to && e->from <= from &&
            (e->start == SIZE_MAX || e->start >= from))
            return e;
        if (e->used < (*victim)->used) *victim = e;
    }
    return NULL;
}

/*
 * The lowest start (>= lo, on a character boundary) a match can have if its trigger is at t:
 * walk back from t over at most `within` bytes of characters that are not white space.
 */
static size_t window_start(const char *subject, size_t lo, size_t t, size_t within)
{
    size_t w = t, counted = 0;
    while (w > lo) {
        size_t p = w - 1;
        while (p > lo && ((unsigned char)subject[p] & 0xC0) == 0x80) p--;
        size_t n = w - p;
        const unsigned char *u = (const unsigned char *)subject + p;
        uint32_t c = u[0] < 0x80 ? u[0]
                     : n == 2    ? (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F)
                     : n == 3    ? (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 |
                                       (u[2] & 0x3F)
                                 : 0xFFFF; /* 4 bytes or malformed: not white space */
        if (!zg_is_pcre_white(c)) {
            if (counted + n > within) break;
            counted += n;
        }
        w = p;
    }
    return w;
}

/*
 * The first position in [p, to) where a character of bitmap `first` starts (a character beyond
 * U+FFFF, or one cut by `to`, counts as one), else `to`. p is on a character boundary.
 */
static size_t next_candidate(const uint8_t *first, const char *subject, size_t p, size_t to)
{
    const unsigned char *s = (const unsigned char *)subject;
    /* the common case first: 3-byte characters (CJK) and ASCII, whole before `to` */
    while (p + 2 < to) {
        uint32_t b = s[p];
        if (b - 0xE0 < 0x10) { /* the code point without masking, as scanner_index.c has it */
            uint32_t c = (b << 12) + ((uint32_t)s[p + 1] << 6) + s[p + 2] - 0xE2080;
            if (first[c >> 3] >> (c & 7) & 1) return p;
            p += 3;
        } else if (b < 0x80) {
            if (first[b >> 3] >> (b & 7) & 1) return p;
            p++;
        } else if (b - 0xC0 < 0x20) {
            uint32_t c = (b & 0x1F) << 6 | (s[p + 1] & 0x3F);
            if (first[c >> 3] >> (c & 7) & 1) return p;
            p += 2;
        } else {
            return p; /* beyond U+FFFF (or not a lead byte): PCRE2 decides */
        }
    }
    while (p < to) { /* the last two bytes */
        uint32_t b = s[p];
        if (b >= 0x80 && !(b - 0xC0 < 0x20 && p + 1 < to)) return p;
        uint32_t c = b < 0x80 ? b : (b & 0x1F) << 6 | (s[p + 1] & 0x3F);
        if (first[c >> 3] >> (c & 7) & 1) return p;
        p += b < 0x80 ? 1 : 2;
    }
    return to;
}

/*
 * The index of the bound document's norm (see doc_index), or NULL (out of memory, a norm too
 * long for 32-bit positions, or no first-character table `mask`): the caller then scans the
 * text itself.
 */
static inline doc_index *document_index(zg_scanner *sc, const uint16_t *mask)
{
    doc_index *ix = &sc->index;
    if (ix->gen == sc->gen && ix->norm == sc->doc->norm && ix->len == sc->doc->norm_len)
        return ix->failed ? NULL : ix;
    return zg_doc_index_build(ix, sc->doc->norm, sc->doc->norm_len, sc->gen, mask) ? ix : NULL;
}

/* next_candidate from the index: the first position in [p, to) listed for trigger bit `bit`,
 * else `to`. A character cut by `to` counts as a candidate, as next_candidate has it. */
static size_t next_marked(doc_index *ix, const char *subject, uint16_t bit, size_t p, size_t to)
{
    size_t end = to; /* `to` inside a character: that character starts at end, a candidate */
    while (end > p && ((unsigned char)subject[end] & 0xC0) == 0x80) end--;
    int k = __builtin_ctz(bit);
    uint32_t i = zg_doc_index_seek(ix, k, p);
    return i < ix->n[k] && ix->pos[k][i] < end ? ix->pos[k][i] : end;
}

/* For tests (test_scanner_index.c): window_start both ways, the walk (*walked) and the
 * document index (*indexed, when the bound document's norm is `subject` and lo a character
 * boundary: false if not). */
bool zg_scanner_window_starts(zg_scanner *sc, const char *subject, size_t lo, size_t t,
                              size_t within, size_t *walked, size_t *indexed);
bool zg_scanner_window_starts(zg_scanner *sc, const char *subject, size_t lo, size_t t,
                              size_t within, size_t *walked, size_t *indexed)
{
    *walked = window_start(subject, lo, t, within);
    if (!sc->doc || subject != sc->doc->norm || t > sc->doc->norm_len || lo > t ||
        (lo < t && ((unsigned char)subject[lo] & 0xC0) == 0x80))
        return false;
    doc_index *ix = document_index(sc, zg_rules_first_mask(sc->rules));
    if (!ix) return false;
    *indexed = zg_doc_index_window_start(ix, subject, lo, t, within);
    return true;
}

/* For tests (test_scanner_index.c): the index of the bound document's norm, made if needed;
 * NULL without one (no first-character table, out of memory). */
const doc_index *zg_scanner_doc_index(zg_scanner *sc);
const doc_index *zg_scanner_doc_index(zg_scanner *sc)
{
    if (!sc->doc || !sc->doc->norm) return NULL;
    return document_index(sc, zg_rules_first_mask(sc->rules));
}

/*
 * Leftmost start of a trigger match in subject[pos, to) (subject[0, to) is the subject):
 * 1 (*at), 0 none, -1 a limit or error. With known first characters (rules.c, first_chars) the
 * trigger is tried anchored at each position where one of them starts, in order: every match
 * starts at such a position, and the unanchored search tries the same positions in the same
 * order, so the first success is its result.
 */
static int find_trigger(zg_scanner *sc, const zg_set_plan *plan, const char *subject, size_t pos,
                        size_t to, size_t *at)
{
    if (plan->trigger_first && plan->trigger_anchored) {
        doc_index *ix = NULL;
        const uint16_t *mask = zg_rules_first_mask(sc->rules);
        if (plan->trigger_bit && mask && sc->doc && subject == sc->doc->norm &&
            to <= sc->doc->norm_len && document_index(sc, mask))
            ix = &sc->index;
        for (size_t p = pos; (p = ix ? next_marked(ix, subject, plan->trigger_bit, p, to)
                                        : next_candidate(plan->trigger_first, subject, p, to)) < to;) {
            int rc = pcre2_jit_match(plan->trigger_anchored, (PCRE2_SPTR)subject, to, p,
                                     PCRE2_NO_UTF_CHECK, sc->md, sc->mctx); /* JIT (rules.c) */
            if (rc >= 0) {
                *at = pcre2_get_ovector_pointer(sc->md)[0];
                return *at == p ? 1 : -1; /* \K or the like: no reasoning */
            }
            if (rc != PCRE2_ERROR_NOMATCH) return -1;
            p++;
            while (p < to && ((unsigned char)subject[p] & 0xC0) == 0x80) p++;
        }
        return 0;
    }
    int rc = match_code(plan->trigger, plan->trigger_jit, subject, to, pos, PCRE2_NO_UTF_CHECK,
                        sc->md, sc->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) return -1;
    *at = pcre2_get_ovector_pointer(sc->md)[0];
    return 1;
}

/* Start of the leftmost trigger match in subject[pos, to): 1 (*t), 0 none, -1 a limit or error. */
static int next_trigger(zg_scanner *sc, const zg_set_plan *plan, next_match *slots,
                        const char *subject, size_t pos, size_t to, size_t *t)
{
    next_match *victim, *c = cache_find(slots, TRIGGER_SLOTS, sc->gen, subject, pos, to, &victim);
    if (!c) {
        size_t at = SIZE_MAX;
        int rc = find_trigger(sc, plan, subject, pos, to, &at);
        if (rc < 0) return -1;
        if (rc == 0) at = SIZE_MAX;
        if (at != SIZE_MAX && (at < pos || at >= to)) return -1; /* \K or the like: no reasoning */
        c = victim;
        *c = (next_match){ sc->gen, subject, to, pos, at, 0, 0 };
    }
    c->used = ++sc->clock;
    *t = c->start;
    return c->start != SIZE_MAX;
}

/*
 * Leftmost start of the combined pattern in subject[from, to), searched only near the set's
 * triggers. 1 found (*start, *alt), 0 none, -1 a limit or error.
 *
 * Why the result is exactly the combined pattern's own leftmost match, given the declaration
 * "every match [s, e) of the set contains a trigger match [t', e') with s <= t' and at most
 * `within` non-white-space bytes in [s, t')":
 * Invariant: no match starts in [from, pos). Let t be the leftmost trigger start >= pos (the
 * trigger search over subject[0, to), which also bounds e' <= e <= to). A match starting at
 * s in [pos, t] has its trigger t' >= s >= pos, so t' >= t, and [s, t) is within [s, t'), so s >=
 * window_start(pos, t); a match starting in [pos, t) would need a trigger in [pos, t): none. So
 * the leftmost match starting at or before t is the leftmost of all if there is one, and the
 * search from window_start with offset limit t (the match must start at or before t) finds it:
 * a search from a later offset finds the same matches at the same starts (lookbehind still sees
 * the text before it; \G and verbs that act across starts are refused by rules.c). If there is
 * none, no match starts in [pos, t]: the invariant holds for pos = the character after t.
 * No trigger at or after pos: no match starts there either.
 * With rules_first (every match of every rule starts with one of those characters, rules.c) the
 * search starts at the first of them in [w, t] instead: no match starts before it, and a search
 * from a later offset finds the same matches at the same starts; with none up to t, no match
 * starts in [w, t], as when the search finds nothing.
 */
static int leftmost_near(zg_scanner *sc, const zg_set_plan *plan, next_match *trigger_slots,
                         const char *subject, size_t from, size_t to, size_t *start)
{
    doc_index *ix = NULL;
    bool ix_tried = false;
    size_t pos = from;
    while (pos < to) {
        size_t t;
        int rc = next_trigger(sc, plan, trigger_slots, subject, pos, to, &t);
        if (rc <= 0) return rc;
        if (!ix_tried) { /* made on first use: a search without a trigger hit needs none */
            ix_tried = true;
            if (sc->doc && subject == sc->doc->norm && to <= sc->doc->norm_len)
                ix = document_index(sc, zg_rules_first_mask(sc->rules));
        }
        size_t w = ix && (pos == t || ((unsigned char)subject[pos] & 0xC0) != 0x80)
                       ? zg_doc_index_window_start(ix, subject, pos, t, plan->within)
                       : window_start(subject, pos, t, plan->within);
        if (plan->rules_first) {
            /* no match starts before the first character one of them can start with */
            size_t t_end = t + 1;
            while (t_end < to && ((unsigned char)subject[t_end] & 0xC0) == 0x80) t_end++;
            w = next_candidate(plan->rules_first, subject, w, t_end);
            if (w >= t_end) { /* none up to t: as a search finding nothing */
                pos = t_end;
                continue;
            }
        }
        pcre2_set_offset_limit(sc->mctx_limited, t);
        rc = match_code(plan->combined, plan->combined_jit, subject, to, w, PCRE2_NO_UTF_CHECK,
                        sc->md, sc->mctx_limited);
        if (rc >= 0) {
            *start = pcre2_get_ovector_pointer(sc->md)[0];
            return 1;
        }
        if (rc != PCRE2_ERROR_NOMATCH) return -1;
        pos = t + 1;
        while (pos < to && ((unsigned char)subject[pos] & 0xC0) == 0x80) pos++;
    }
    return 0;
}

/* The rule whose alternative of the combined pattern took part in the last match. */
static size_t matched_alternative(const zg_scanner *sc, const zg_set_plan *plan, size_t n_rules)
{
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    uint32_t pairs = pcre2_get_ovector_count(sc->md);
    for (size_t i = 0; i < n_rules && plan->alt_group[i] < pairs; i++)
        if (ov[2 * plan->alt_group[i]] != PCRE2_UNSET) return i;
    return SIZE_MAX;
}

/*
 * zg_match_leftmost through the set's combined pattern: one scan (or the trigger windows) finds
 * the leftmost start and the rule matching there, with that rule's groups (alternative_match);
 * a start remembered from an earlier search is run anchored there for them. 1/0 as zg_match_leftmost; 2 = cannot tell (no combined pattern, a limit was hit): the
 * caller runs the rules one by one.
 */
static int leftmost_combined(zg_scanner *sc, const zg_ruleset *set, const char *subject,
                             size_t from, size_t to, zg_match *m)
{
    size_t si;
    const zg_set_plan *plan = zg_rules_plan(sc->rules, set, &si);
    if (!plan || !plan->combined || si >= sc->n_set_cache) return 2;
    next_match *victim,
        *c = cache_find(&sc->set_cache[si * SET_SLOTS], CACHE_SLOTS, sc->gen, subject, from, to,
                        &victim);
    size_t start, rule = 0;
    if (c) {
        start = c->start;
        rule = c->rule;
    } else {
        int rc;
        if (plan->trigger) {
            rc = leftmost_near(sc, plan, &sc->set_cache[si * SET_SLOTS + CACHE_SLOTS], subject,
                               from, to, &start);
        } else {
            rc = match_code(plan->combined, plan->combined_jit, subject, to, from,
                            PCRE2_NO_UTF_CHECK, sc->md, sc->mctx);
            rc = rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
            if (rc == 1) start = pcre2_get_ovector_pointer(sc->md)[0];
        }
        if (rc < 0) return 2;
        if (rc == 0) start = SIZE_MAX;
        else if ((rule = matched_alternative(sc, plan, set->n_rules)) == SIZE_MAX) return 2;
        else if (alternative_match(sc, set, plan, rule, m) && m->start == start) {
            if (!c) c = victim;
            *c = (next_match){ sc->gen, subject, to, from, start, rule, ++sc->clock };
            return 1;
        }
    }
    if (start == SIZE_MAX) {
        if (!c) {
            c = victim;
            *c = (next_match){ sc->gen, subject, to, from, SIZE_MAX, 0, 0 };
        }
        c->used = ++sc->clock;
        return 0;
    }
    int rc = run(sc, &set->rules[rule], subject, start, to, ZG_MATCH_ANCHORED, m);
    if (rc != 1) return 2; /* the combined pattern and the rule disagree: trust the rules */
    if (!c) c = victim;
    *c = (next_match){ sc->gen, subject, to, from, start, rule, ++sc->clock };
    return 1;
}

/* The reference search: every rule on its own (with its cache unless `plain`). */
static int leftmost_by_rule(zg_scanner *sc, const zg_ruleset *set, const char *subject,
                            size_t from, size_t to, bool plain, zg_match *m)
{
    const zg_rule *best = NULL;
    size_t best_start = SIZE_MAX;
    int status = 0;
    /* the best match so far when it was found by a run here (its ovector kept in md_kept) */
    zg_match best_match;
    bool best_kept = false;
    for (size_t i = 0; i < set->n_rules; i++) {
        const zg_rule *rule = &set->rules[i];
        next_match *c = NULL, *victim = NULL;
        if (!plain && !rule->start_sensitive)
            c = cache_find(&sc->cache[zg_rules_rule_index(sc->rules, rule) * CACHE_SLOTS],
                           CACHE_SLOTS, sc->gen, subject, from, to, &victim);
        size_t start;
        bool ran = false;
        if (c) {
            start = c->start; /* the same search from an earlier point found nothing before it */
        } else {
            int rc = run(sc, rule, subject, from, to, 0, m);
            if (rc < 0) status = -1;
            start = rc == 1 ? m->start : SIZE_MAX;
            ran = rc == 1;
            if (victim) {
                c = victim;
                *c = (next_match){ sc->gen, subject, to, from, start, 0, 0 };
            }
        }
        if (c) c->used = ++sc->clock;
        if (start < best_start) {
            best_start = start;
            best = rule;
            best_kept = ran && !plain;
            if (best_kept) { /* keep its ovector from the runs of the next rules */
                best_match = *m;
                pcre2_match_data *t = sc->md;
                sc->md = sc->md_kept;
                sc->md_kept = t;
            }
        }
    }
    if (!best) return status;
    /* the winner's own search from `from` found its match at best_start, as a search from there
     * finds it (the same match at the same start; a rule with \G could find another there: it
     * is run again, as the reference search does) */
    if (best_kept && !best->start_sensitive) {
        *m = best_match;
        return 1;
    }
    /* re-run the winner at its start so the ovector is its own */
    int rc = run(sc, best, subject, best_start, to, 0, m);
    if (rc == 1 && m->start == best_start) return 1;
    return rc < 0 ? -1 : 0;
}

/* zg_match_leftmost of one set, without its .also set */
static int leftmost_of_set(zg_scanner *sc, const zg_ruleset *set, const char *subject, size_t from,
                           size_t to, bool plain, zg_match *m)
{
    if (!plain) {
        int crc = leftmost_combined(sc, set, subject, from, to, m);
        if (crc != 2) return crc;
    }
    return leftmost_by_rule(sc, set, subject, from, to, plain, m);
}

int zg_match_leftmost(zg_scanner *sc, const zg_ruleset *set, const char *subject, size_t from,
                      size_t to, unsigned flags, zg_match *m)
{
    if (!sc || !set || !subject || !m || from > to) return 0;
    if (flags & ZG_MATCH_ANCHORED) return zg_match_first_rule(sc, set, subject, from, to, flags, m);
    bool plain = (flags & ZG_MATCH_PLAIN) != 0;
    if (!set->also) return leftmost_of_set(sc, set, subject, from, to, plain, m);
    /* NAME and NAME.also as one set (rules/README.md): the earlier start wins, at the same start
     * the main set */
    zg_match ma;
    int rca = leftmost_of_set(sc, set->also, subject, from, to, plain, &ma);
    int rc = leftmost_of_set(sc, set, subject, from, to, plain, m);
    if (rc == 1 && (rca != 1 || m->start <= ma.start)) return 1;
    if (rca == 1) /* again, for its groups (the search above reused the match data) */
        return leftmost_of_set(sc, set->also, subject, from, to, plain, m);
    return rc < 0 || rca < 0 ? -1 : 0;
}

bool zg_match_group_n(const zg_match *m, uint32_t n, size_t *start, size_t *end)
{
    if (!m || !m->ovector || n >= m->n_pairs) return false;
    PCRE2_SIZE s = m->ovector[2 * n], e = m->ovector[2 * n + 1];
    if (s == PCRE2_UNSET || e == PCRE2_UNSET) return false;
    if (start) *start = s;
    if (end) *end = e;
    return true;
}

bool zg_match_group(const zg_match *m, const char *group, size_t *start, size_t *end)
{
    if (!m || !m->rule || !group) return false;
    int n = pcre2_substring_number_from_name(m->rule->code, (PCRE2_SPTR)group);
    if (n < 0) return false;
    return zg_match_group_n(m, (uint32_t)n, start, end);
}
