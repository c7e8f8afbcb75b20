/*
 * The plan of each rule set, made once when rules are loaded: the pending rules grouped by set,
 * each set's combined pattern (one scan for the leftmost match of any rule), its trigger and the
 * first characters its rules and trigger can start with (rules.h, zg_set_plan; scanner.c uses
 * them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_internal.h"

static const char NOMEM_WHY[] = "out of memory";

/* Trigger bits of the first-character table: one per list of the scanner's document index
 * (scanner_index.h, MARK_LISTS) */
enum { TRIGGER_BITS = 16 };
/* a trigger read by literal_trigger_first with more first characters than this keeps its search */
enum { LITERAL_FIRST_MAX_CHARS = 64 };

const uint16_t *zg_rules_first_mask(const zg_rules *r) { return r->first_mask; }

/*
 * One pattern for a whole set, (P1)|(P2)|…, used to find where the leftmost match of any rule
 * starts (one scan instead of one per rule; at one start the earlier alternative wins, as the
 * earlier rule does) and which rule matches there: alternative i is capture group alt_group[i].
 * NULL when not worth it or not possible (then rules run one by one); `*why` says why not.
 */
static pcre2_code *compile_combined(zg_rules *r, const pending_rule *rules, size_t n,
                                    bool required, uint32_t **alt_group, const char **anchored,
                                    const char **why)
{
    *alt_group = NULL;
    *anchored = NULL;
    *why = "JIT compilation failed";
    if (n == 0) return NULL;
    /* a small set is searched rule by rule, but still matched at one position (anchored) by one
     * combined pattern: its text is kept for the lazily compiled anchored twin */
    bool for_search = required || n >= COMBINE_MIN_RULES;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (!zg_pattern_combinable(rules[i].pattern, why)) return NULL;
        len += strlen(rules[i].pattern) + 8;
    }
    uint32_t *groups = zg_arena_alloc(&r->arena, n * sizeof *groups);
    char *pat = malloc(len + 1);
    if (!pat || !groups) {
        free(pat);
        *why = NOMEM_WHY;
        return NULL;
    }
    size_t at = 0;
    uint32_t group = 1;
    for (size_t i = 0; i < n;) {
        /* consecutive rules starting with the same guard test it once: G(?:(A)|(B)…) */
        size_t g = zg_pattern_shared_guard(rules[i].pattern), j = i + 1;
        while (g && j < n && zg_pattern_shared_guard(rules[j].pattern) == g &&
               strncmp(rules[j].pattern, rules[i].pattern, g) == 0)
            j++;
        if (j - i < 2) g = 0;
        at += (size_t)sprintf(pat + at, "%s%.*s%s", i ? "|" : "", (int)g, rules[i].pattern,
                              g ? "(?:" : "");
        for (size_t k = i; k < (g ? j : i + 1); k++) {
            at += (size_t)sprintf(pat + at, "%s(%s)", k > i ? "|" : "", rules[k].pattern + g);
            uint32_t caps = 0;
            pcre2_pattern_info(rules[k].rule.code, PCRE2_INFO_CAPTURECOUNT, &caps);
            groups[k] = group;
            group += 1 + caps;
        }
        if (g) at += (size_t)sprintf(pat + at, ")");
        i = g ? j : i + 1;
    }
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (!cc) {
        free(pat);
        *why = NOMEM_WHY;
        return NULL;
    }
    pcre2_set_parens_nest_limit(cc, MAX_PAREN_NEST + 1);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, at,
                                     ZG_RULE_COMPILE_OPTIONS | PCRE2_DUPNAMES | PCRE2_USE_OFFSET_LIMIT,
                                     &ec, &eo, cc);
    uint32_t caps = 0;
    if (code) pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &caps);
    if (code && caps != group - 1) {
        pcre2_code_free(code); /* the groups did not number as counted: do not guess */
        code = NULL;
        *why = "its groups do not number as expected";
    } else if (!code) {
        *why = ec == PCRE2_ERROR_NOMEMORY ? NOMEM_WHY : "the combined pattern does not compile";
    }
    /* without JIT one scan per rule is no slower; a set with a trigger still gains (windows) */
    bool jit_ok = code && !zg_rules_jit_disabled() && (!for_search || pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0);
    if (code && !jit_ok && !required) {
        pcre2_code_free(code);
        code = NULL;
    }
    /* the anchored twin (zg_match_first_rule at one position), compiled on first use:
     * PCRE2_ANCHORED given at match time would leave JIT for the interpreter; without JIT the
     * rules' own anchored codes win */
    if (code && jit_ok) {
        *anchored = zg_arena_strndup(&r->arena, pat, at);
        if (!*anchored) *why = NOMEM_WHY;
    }
    pcre2_compile_context_free(cc);
    free(pat);
    if (!code) return NULL;
    if (caps + 1 > r->max_pairs) r->max_pairs = caps + 1;
    *alt_group = groups;
    if (for_search) return code;
    pcre2_code_free(code); /* compiled only to check how its groups number */
    return NULL;
}

/* The characters marked in a bitmap over U+0000-U+FFFF, counted until past `max`. */
static unsigned count_chars(const uint8_t *first, unsigned max)
{
    unsigned chars = 0;
    for (size_t j = 0; j < 0x10000 / 8 && chars <= max; j++)
        for (unsigned b = first[j]; b; b &= b - 1) chars++;
    return chars;
}

/*
 * The bit for plan i, whose trigger starts with the characters of `first`: the bit of another
 * plan with the same characters, else a new one while there are (the class-led triggers ask
 * first: rules_finish), else 0. (Sharing a bit between triggers of different characters was
 * measured: a literal trigger of rare characters joining another's bit cost more in the other's
 * extra tries than it saved, 228.4M against 225.4M instructions on 400 bench notices.)
 */
static uint16_t choose_bit(const zg_rules *r, size_t i, const uint8_t *first, unsigned n_bits)
{
    for (size_t k = 0; k < r->n_sets; k++) /* triggers that start alike share a bit */
        if (k != i && r->plans[k].trigger_bit &&
            memcmp(r->plans[k].trigger_first, first, 0x10000 / 8) == 0)
            return r->plans[k].trigger_bit;
    return n_bits < TRIGGER_BITS ? (uint16_t)(1u << n_bits) : 0;
}

/* Mark the characters of `first` with `bit` (from choose_bit); false when out of memory.
 * *n_bits: the bits handed out so far, 1 << 0 … 1 << (*n_bits - 1). */
static bool take_bit(zg_rules *r, const uint8_t *first, uint16_t bit, unsigned *n_bits)
{
    if (!r->first_mask) {
        r->first_mask = zg_arena_alloc(&r->arena, 0x10000 * sizeof *r->first_mask);
        if (!r->first_mask) return false;
        memset(r->first_mask, 0, 0x10000 * sizeof *r->first_mask);
    }
    if ((unsigned)__builtin_ctz(bit) == *n_bits) (*n_bits)++; /* a new bit */
    for (uint32_t j = 0; j < 0x10000 / 8; j++)
        for (uint32_t b = 0; first[j] >> b; b++)
            if (first[j] >> b & 1) r->first_mask[j * 8 + b] |= bit;
    return true;
}

/*
 * A trigger whose first characters rules.c could not read (it reads a leading class only) but
 * whose branches all start with literals, classes or groups of them (zg_pattern_start_chars:
 * 电话|联系方式, :|【 ...): given a bit of the first-character table left after the class-led
 * triggers (or one it shares), it gets its first characters and an anchored JIT twin,
 * so it too is tried only where the document index lists one of them (scanner.c, find_trigger)
 * instead of searched through the text. Left as it is when its characters are unknown or too
 * many to mark, no bit is left, or without JIT. ZG_OK unless out of memory.
 */
static zg_status literal_trigger_first(zg_rules *r, size_t i, const char *pattern,
                                       unsigned *n_bits)
{
    zg_set_plan *plan = &r->plans[i];
    if (!pattern || zg_rules_jit_disabled()) return ZG_OK;
    uint8_t *bm = zg_arena_alloc(&r->arena, 0x10000 / 8);
    if (!bm) return ZG_ERR_NOMEM;
    memset(bm, 0, 0x10000 / 8);
    if (!zg_pattern_start_chars(pattern, bm)) return ZG_OK;
    unsigned chars = count_chars(bm, LITERAL_FIRST_MAX_CHARS);
    if (chars == 0 || chars > LITERAL_FIRST_MAX_CHARS) return ZG_OK;
    uint16_t bit = choose_bit(r, i, bm, *n_bits);
    if (!bit) return ZG_OK;
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_code *anchored = zg_rules_compile(pattern, strlen(pattern), PCRE2_ANCHORED, true, &ec, &eo);
    if (!anchored) return ec == PCRE2_ERROR_NOMEMORY ? ZG_ERR_NOMEM : ZG_OK;
    if (!zg_rules_code_is_jit(anchored)) {
        pcre2_code_free(anchored);
        return ZG_OK;
    }
    if (!take_bit(r, bm, bit, n_bits)) {
        pcre2_code_free(anchored);
        return ZG_ERR_NOMEM;
    }
    plan->trigger_first = bm;
    plan->trigger_anchored = anchored;
    plan->trigger_bit = bit;
    return ZG_OK;
}

static int cmp_pending(const void *a, const void *b)
{
    const pending_rule *x = a, *y = b;
    int c = strcmp(x->rule.set, y->rule.set);
    if (c) return c;
    return (x->rule.index > y->rule.index) - (x->rule.index < y->rule.index); /* load order */
}

/* The characters a match of any of the n rules can start with (zg_pattern_start_chars), in the
 * arena, or NULL if some rule's are unknown or they are too many to skip much (digits of every
 * script: the window's first characters would all be candidates). */
static const uint8_t *rules_first(zg_rules *r, const pending_rule *rules, size_t n)
{
    uint8_t *bm = zg_arena_alloc(&r->arena, 0x10000 / 8);
    if (!bm) return NULL;
    memset(bm, 0, 0x10000 / 8);
    for (size_t i = 0; i < n; i++)
        if (!zg_pattern_start_chars(rules[i].pattern, bm)) return NULL;
    return count_chars(bm, RULES_FIRST_MAX_CHARS) <= RULES_FIRST_MAX_CHARS ? bm : NULL;
}

/* Group the pending rules by set into the final arrays. */
zg_status zg_rules_finish(zg_rules *r, zg_error *err)
{
    size_t n = r->n_pending;
    /* qsort is not stable: the load order breaks ties */
    for (size_t i = 0; i < n; i++) r->pending[i].rule.index = (int)i;
    if (n) qsort(r->pending, n, sizeof *r->pending, cmp_pending);
    r->rules = zg_arena_alloc(&r->arena, (n ? n : 1) * sizeof *r->rules);
    r->anchored = zg_arena_alloc(&r->arena, (n ? n : 1) * sizeof *r->anchored);
    r->patterns = zg_arena_alloc(&r->arena, (n ? n : 1) * sizeof *r->patterns);
    r->jitted = zg_arena_alloc(&r->arena, (n ? n : 1) * sizeof *r->jitted);
    r->sets = zg_arena_alloc(&r->arena, (n ? n : 1) * sizeof *r->sets);
    if (!r->rules || !r->anchored || !r->patterns || !r->jitted || !r->sets) return ZG_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        r->rules[i] = r->pending[i].rule;
        atomic_init(&r->anchored[i], NULL);
        atomic_init(&r->jitted[i], NULL);
        r->patterns[i] = r->pending[i].pattern;
        if (r->n_sets == 0 || strcmp(r->sets[r->n_sets - 1].name, r->rules[i].set) != 0) {
            zg_ruleset *s = &r->sets[r->n_sets++];
            s->name = r->rules[i].set;
            s->rules = &r->rules[i];
            s->n_rules = 0;
        }
        zg_ruleset *s = &r->sets[r->n_sets - 1];
        r->rules[i].index = (int)s->n_rules;
        s->n_rules++;
    }
    r->n_rules = n;
    r->n_pending = 0; /* the codes belong to r->rules now; the array still holds the patterns */
    size_t ns = r->n_sets ? r->n_sets : 1;
    r->plans = zg_arena_alloc(&r->arena, ns * sizeof *r->plans);
    if (!r->plans) return ZG_ERR_NOMEM;
    memset(r->plans, 0, ns * sizeof *r->plans); /* zg_rules_free reads them from here on */
    r->combined_anchored = zg_arena_alloc(&r->arena, ns * sizeof *r->combined_anchored);
    if (!r->combined_anchored) return ZG_ERR_NOMEM;
    for (size_t i = 0; i < r->n_sets; i++) atomic_init(&r->combined_anchored[i], NULL);
    r->combined_src = zg_arena_alloc(&r->arena, ns * sizeof *r->combined_src);
    if (!r->combined_src) return ZG_ERR_NOMEM;
    memset(r->combined_src, 0, ns * sizeof *r->combined_src);
    unsigned n_bits = 0;
    for (size_t i = 0, first = 0; i < r->n_sets; first += r->sets[i].n_rules, i++) {
        zg_ruleset *set = &r->sets[i];
        zg_set_plan *plan = &r->plans[i];
        pending_trigger *t = NULL;
        for (size_t k = 0; k < r->n_triggers && !t; k++)
            if (strcmp(r->triggers[k].set, set->name) == 0) t = &r->triggers[k];
        uint32_t *groups = NULL;
        const char *why = NULL;
        plan->combined = compile_combined(r, &r->pending[first], set->n_rules, t != NULL, &groups,
                                          &r->combined_src[i], &why);
        plan->alt_group = groups;
        plan->combined_jit = zg_rules_code_is_jit(plan->combined);
        if (why == NOMEM_WHY) return ZG_ERR_NOMEM;
        if (t && !plan->combined) {
            return zg_rules_fail(err, t->file, t->line, 1,
                        "set '%s' declares a trigger but its rules cannot be searched as one "
                        "pattern: %s", set->name, why ? why : "unknown reason");
        }
        if (t) {
            plan->trigger = t->code;
            plan->within = t->within;
            plan->trigger_first = t->first;
            plan->trigger_anchored = t->anchored;
            t->code = NULL; /* owned by the plan now */
            t->anchored = NULL;
            set->near = t->pattern;
            set->within = t->within;
            plan->rules_first = rules_first(r, &r->pending[first], set->n_rules);
            if (plan->trigger_first && plan->trigger_anchored) {
                uint16_t bit = choose_bit(r, i, plan->trigger_first, n_bits);
                if (bit && !take_bit(r, plan->trigger_first, bit, &n_bits))
                    return ZG_ERR_NOMEM;
                plan->trigger_bit = bit;
            }
        }
    }
    /* then the triggers of literals, with the bits left */
    for (size_t i = 0; i < r->n_sets; i++) {
        zg_set_plan *plan = &r->plans[i];
        if (plan->trigger && !plan->trigger_first) {
            zg_status st = literal_trigger_first(r, i, r->sets[i].near, &n_bits);
            if (st != ZG_OK) return st;
        }
    }
    /* a trigger tried anchored at its first characters is never searched for: JIT-compile the
     * search only where it runs */
    bool jit_off = zg_rules_jit_disabled();
    for (size_t i = 0; i < r->n_sets; i++) {
        zg_set_plan *plan = &r->plans[i];
        if (!plan->trigger || (plan->trigger_first && plan->trigger_anchored)) continue;
        if (!jit_off) (void)pcre2_jit_compile(plan->trigger, PCRE2_JIT_COMPLETE);
        plan->trigger_jit = zg_rules_code_is_jit(plan->trigger);
    }
    for (size_t k = 0; k < r->n_triggers; k++)
        if (r->triggers[k].code) /* not taken by any set */
            return zg_rules_fail(err, r->triggers[k].file, r->triggers[k].line, 1,
                        "set '%s' declares a trigger but has no rules", r->triggers[k].set);
    free(r->pending);
    r->pending = NULL;
    r->cap_pending = 0;
    if (r->max_pairs == 0) r->max_pairs = 1;
    return ZG_OK;
}
